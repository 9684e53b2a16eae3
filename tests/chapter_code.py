"""The chapter's code, as the tests run it: taken from the English chapter's own cells (the
other editions have the same code, which tests/test_editions.py checks)."""

import contextlib
import functools
import importlib.util
import io
import math
import tempfile
from pathlib import Path

import jupytext

from d2lmini.training import train_2d


CHAPTER = Path(__file__).resolve().parents[1] / "chapters" / "en" / "rmsprop.md"
FRAMEWORK_TAGS = {"torch": "pytorch", "tensorflow": "tensorflow"}


@functools.cache  # the chapter is read once per process
def chapter_cell(defines, tag=None):
    """The source of the English chapter's code cell that defines ``defines`` (tagged ``tag``)."""
    for cell in jupytext.read(CHAPTER).cells:
        if (cell.cell_type == "code" and f"def {defines}(" in cell.source
                and (tag is None or tag in cell.metadata.get("tags", []))):
            return cell.source
    raise LookupError(f"no code cell of {CHAPTER} defines {defines}" + (f" with tag {tag}" if tag else ""))


def seeded_pytorch_run():
    """The chapter's from-scratch PyTorch training cell, run as it is (seeded): the line it prints,
    and the losses of the same run (train_ch11 with show=False returns them)."""
    import torch

    from d2lmini import torch as d2l
    init_rmsprop_states, rmsprop = from_scratch("torch")
    cell = next(c.source for c in jupytext.read(CHAPTER).cells if c.cell_type == "code"
                and "torch.manual_seed(0)" in c.source and "d2l.train_ch11(rmsprop" in c.source)
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(cell, {"torch": torch, "init_rmsprop_states": init_rmsprop_states, "rmsprop": rmsprop})
    torch.manual_seed(0)
    data_iter, feature_dim = d2l.get_data_ch11(batch_size=10)
    _, losses = d2l.train_ch11(rmsprop, init_rmsprop_states(feature_dim), {"lr": 0.01, "gamma": 0.9},
                               data_iter, feature_dim, show=False)
    return printed.getvalue(), losses


def rmsprop_2d_with(eta, gamma):
    """The chapter's rmsprop_2d, reading ``eta`` and ``gamma`` as it reads the notebook's globals."""
    namespace = {"math": math, "eta": eta, "gamma": gamma}
    exec(chapter_cell("rmsprop_2d"), namespace)
    return namespace["rmsprop_2d"]


def f_2d(x1, x2):
    namespace = {}
    exec(chapter_cell("f_2d"), {"math": math}, namespace)
    return namespace["f_2d"](x1, x2)


def from_scratch(framework):
    """The chapter's init_rmsprop_states and rmsprop for ``framework`` ('torch' or 'tensorflow')."""
    if framework == "torch":
        import torch
        namespace = {"torch": torch}
    else:
        import tensorflow as tf
        namespace = {"tf": tf}
    exec(chapter_cell("rmsprop", FRAMEWORK_TAGS[framework]), namespace)
    return namespace["init_rmsprop_states"], namespace["rmsprop"]


_FILES = tempfile.TemporaryDirectory(prefix="chapter_code_")  # removed when the process ends


def from_scratch_in_a_file(framework):
    """The chapter's init_rmsprop_states and rmsprop for ``framework``, imported from a real .py
    file, as a reader's notebook cell or script has them: their tracebacks show source lines."""
    path = Path(_FILES.name) / f"chapter_rmsprop_{framework}.py"
    imports = "import torch\n" if framework == "torch" else "import tensorflow as tf\n"
    path.write_text(imports + chapter_cell("rmsprop", FRAMEWORK_TAGS[framework]))
    spec = importlib.util.spec_from_file_location(path.stem, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.init_rmsprop_states, module.rmsprop


def concise(framework):
    """The chapter's optimizer class and hyperparameters for ``framework``."""
    if framework == "torch":
        import torch
        return torch.optim.RMSprop, {"lr": 0.01, "alpha": 0.9}
    import tensorflow as tf
    return tf.keras.optimizers.RMSprop, {"learning_rate": 0.01, "rho": 0.9}


def plain_sgd(framework):
    """Minibatch SGD from scratch, as train_ch11 of ``framework`` calls it; it ignores its states
    (d2l's minibatch SGD section passes None)."""
    if framework == "torch":
        import torch

        def sgd(params, states, hyperparams):
            for p in params:
                with torch.no_grad():
                    p -= hyperparams["lr"] * p.grad
                p.grad.zero_()
        return sgd

    def sgd(params, grads, states, hyperparams):
        for p, g in zip(params, grads):
            p.assign_sub(hyperparams["lr"] * g)
    return sgd


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


MOMENTUM_BETA = 0.5  # as d2lmini.widgets.MOMENTUM_BETA


def f_grad_2d(rotated):
    """The gradient of 0.1 x1² + 2 x2², or of its rotation 0.1 (x1 + x2)² + 2 (x1 − x2)²."""
    def axis_aligned(x1, x2):
        return 0.2 * x1, 4 * x2

    def turned(x1, x2):
        total, difference = 0.2 * (x1 + x2), 4 * (x1 - x2)
        return total + difference, total - difference
    return turned if rotated else axis_aligned


def method_2d(method, eta, gamma):
    """One step of d2l's gradient descent, momentum, Adagrad or RMSProp, as train_2d calls it
    with f_grad: written out here as the reference for the explorer's overlays."""
    eps = 1e-6

    def gd(x1, x2, s1, s2, f_grad):
        g1, g2 = f_grad(x1, x2)
        return x1 - eta * g1, x2 - eta * g2, 0, 0

    def momentum(x1, x2, v1, v2, f_grad):
        g1, g2 = f_grad(x1, x2)
        v1, v2 = MOMENTUM_BETA * v1 + g1, MOMENTUM_BETA * v2 + g2
        return x1 - eta * v1, x2 - eta * v2, v1, v2

    def adagrad(x1, x2, s1, s2, f_grad):
        g1, g2 = f_grad(x1, x2)
        s1, s2 = s1 + g1 ** 2, s2 + g2 ** 2
        return x1 - eta / math.sqrt(s1 + eps) * g1, x2 - eta / math.sqrt(s2 + eps) * g2, s1, s2

    def rmsprop(x1, x2, s1, s2, f_grad):
        g1, g2 = f_grad(x1, x2)
        s1 = gamma * s1 + (1 - gamma) * g1 ** 2
        s2 = gamma * s2 + (1 - gamma) * g2 ** 2
        return x1 - eta / math.sqrt(s1 + eps) * g1, x2 - eta / math.sqrt(s2 + eps) * g2, s1, s2

    return {"gd": gd, "momentum": momentum, "adagrad": adagrad, "rmsprop": rmsprop}[method]


def reference_method_path(method, eta, gamma, steps, rotated=False):
    """``method``'s path from (-5, -2) by d2lmini's train_2d, without its printed line."""
    with contextlib.redirect_stdout(io.StringIO()):
        return train_2d(method_2d(method, eta, gamma), steps, f_grad=f_grad_2d(rotated))
