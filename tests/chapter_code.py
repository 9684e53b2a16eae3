"""The chapter's code, as the tests run it (the same in all three editions)."""

import contextlib
import io
import math

from d2lmini.training import train_2d


def rmsprop_2d_with(eta, gamma):
    def rmsprop_2d(x1, x2, s1, s2):
        g1, g2, eps = 0.2 * x1, 4 * x2, 1e-6
        s1 = gamma * s1 + (1 - gamma) * g1 ** 2
        s2 = gamma * s2 + (1 - gamma) * g2 ** 2
        x1 -= eta / math.sqrt(s1 + eps) * g1
        x2 -= eta / math.sqrt(s2 + eps) * g2
        return x1, x2, s1, s2
    return rmsprop_2d


def f_2d(x1, x2):
    return 0.1 * x1 ** 2 + 2 * x2 ** 2


def from_scratch(framework):
    """The chapter's init_rmsprop_states and rmsprop for ``framework``."""
    if framework == "torch":
        import torch

        def init_states(feature_dim):
            return torch.zeros((feature_dim, 1)), torch.zeros(1)

        def rmsprop(params, states, hyperparams):
            gamma, eps = hyperparams["gamma"], 1e-6
            for p, s in zip(params, states):
                with torch.no_grad():
                    s[:] = gamma * s + (1 - gamma) * torch.square(p.grad)
                    p[:] -= hyperparams["lr"] * p.grad / torch.sqrt(s + eps)
                p.grad.zero_()
        return init_states, rmsprop
    import tensorflow as tf

    def init_states(feature_dim):
        return tf.Variable(tf.zeros((feature_dim, 1))), tf.Variable(tf.zeros(1))

    def rmsprop(params, grads, states, hyperparams):
        gamma, eps = hyperparams["gamma"], 1e-6
        for p, s, g in zip(params, states, grads):
            s.assign(gamma * s + (1 - gamma) * tf.math.square(g))
            p.assign_sub(hyperparams["lr"] * g / tf.math.sqrt(s + eps))
    return init_states, rmsprop


def concise(framework):
    """The chapter's optimizer class and hyperparameters for ``framework``."""
    if framework == "torch":
        import torch
        return torch.optim.RMSprop, {"lr": 0.01, "alpha": 0.9}
    import tensorflow as tf
    return tf.keras.optimizers.RMSprop, {"learning_rate": 0.01, "rho": 0.9}


def reference_path(eta, gamma, steps):
    """The chapter's rmsprop_2d run by d2lmini's train_2d, without its printed line."""
    with contextlib.redirect_stdout(io.StringIO()):
        return train_2d(rmsprop_2d_with(eta, gamma), steps)


def assert_same_path(drawn, expected):
    """A path computed in the browser equals the reference to 1e-9 (non-finite where it is)."""
    assert len(drawn) == len(expected)
    for (a1, a2), (b1, b2) in zip(drawn, expected):
        for a, b in ((a1, b1), (a2, b2)):
            a = float("nan") if a is None else a  # JSON has no NaN: JavaScript writes null
            if math.isfinite(b):
                assert math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9), (a, b)
            else:
                assert not math.isfinite(a)
