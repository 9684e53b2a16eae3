"""TensorFlow helpers for the RMSProp chapter: ``from d2lmini import tensorflow as d2l``."""

from __future__ import annotations

import contextlib
import io
import os
import sys
from collections.abc import Callable, Iterator
from typing import Any

from . import checks
from .data import Minibatches, airfoil, download
from .plotting import (plt, prepare_loss_figure, set_figsize, show_trace_2d, use_svg_display,
                       when_the_reader_pauses)
from .python_state import WatchedState
from .training import (check_framework, check_optimizer_class, check_states, check_trainer_fn,
                       checked_data, checked_trainer, fit, make_optimizer, train_2d)
from .widgets import leaky_average_explorer, rmsprop_airfoil_explorer, rmsprop_explorer


@contextlib.contextmanager
def _native_stderr_silenced() -> Iterator[None]:
    """Discard what native code writes straight to file descriptor 2 (not Python errors)."""
    sys.stderr.flush()
    saved = os.dup(2)
    with open(os.devnull, "w") as devnull:
        os.dup2(devnull.fileno(), 2)
    try:
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)


# TensorFlow's C++ code prints start-up notes (oneDNN, CUDA) to stderr while it is
# imported, before any log-level setting applies; keep them out of the notebook.
with _native_stderr_silenced():
    import tensorflow as tf  # noqa: E402


READING_PAUSE = 0.5  # seconds without a cell running after which the first loss figure is prepared
when_the_reader_pauses(prepare_loss_figure, READING_PAUSE)  # its fonts, while the reader reads

# d2l's aliases of framework functions, which its chapters call as d2l.zeros(...), d2l.numpy(x).
zeros, ones, tensor, arange, linspace, meshgrid = (tf.zeros, tf.ones, tf.constant, tf.range, tf.linspace,
                                                   tf.meshgrid)
normal, exp, sin, cos, tanh = tf.random.normal, tf.exp, tf.sin, tf.cos, tf.tanh


def numpy(x: tf.Tensor) -> Any:
    """``x`` as a NumPy array."""
    return x.numpy()


ALIASES = ["zeros", "ones", "tensor", "arange", "linspace", "meshgrid", "normal", "exp", "sin", "cos",
           "tanh", "numpy"]
__all__ = [
    "download", "plt", "set_figsize", "show_trace_2d", "use_svg_display", "train_2d",
    "rmsprop_explorer", "leaky_average_explorer", "rmsprop_airfoil_explorer",
    "linreg", "squared_loss", "evaluate_loss", "get_data_ch11", "train_ch11", "train_concise_ch11",
    *ALIASES,
]


def linreg(X: tf.Tensor, w: tf.Variable, b: tf.Variable) -> tf.Tensor:
    """The linear regression model X w + b."""
    return tf.matmul(X, w) + b


def squared_loss(y_hat: tf.Tensor, y: tf.Tensor) -> tf.Tensor:
    """Half the squared error of each example."""
    return (y_hat - tf.reshape(y, tf.shape(y_hat))) ** 2 / 2


def evaluate_loss(net: Callable, data_iter: Minibatches, loss: Callable) -> float:
    """The mean of ``loss(net(X), y)`` over all examples of ``data_iter``, in one pass over all of them."""
    return float(tf.reduce_mean(loss(net(data_iter.features), data_iter.labels)))


def _initial_weights(feature_dim: int) -> tf.Tensor:
    """Weights drawn from N(0, 0.01²) with TensorFlow's global random generator (seeded by tf.random.set_seed)."""
    return tf.random.normal((feature_dim, 1), mean=0.0, stddev=0.01)


def get_data_ch11(batch_size: int = 10, n: int = 1500) -> tuple[Minibatches, int]:
    """Shuffled minibatches of the first ``n`` standardized airfoil examples, and the feature count."""
    features, labels = airfoil(n)
    data_iter = Minibatches(features, labels, batch_size, to_tensor=tf.constant,
                            permutation=lambda count: tf.random.shuffle(tf.range(count)).numpy())
    return data_iter, features.shape[1]


StepFunction = Callable[[tf.Tensor, tf.Tensor], None]
_ABSENT = object()  # a key missing from a dict, told apart from a key holding None


def _traced(step: StepFunction, feature_dim: int) -> Callable | None:
    """``step`` traced into one graph, or None if tracing it printed something or failed
    (for example on ``.numpy()``, which a graph cannot hold)."""
    signature = (tf.TensorSpec((None, feature_dim), tf.float32), tf.TensorSpec((None,), tf.float32))
    printed = io.StringIO()
    try:
        with contextlib.redirect_stdout(printed):
            # Calling the concrete graph itself skips tf.function's dispatch on every step.
            graph = tf.function(step, autograph=False, input_signature=signature).get_concrete_function()
    except Exception:  # whatever tracing rejects runs eagerly and, if it is an error, fails there
        return None
    return None if printed.getvalue() else graph


def _graph_unless_python_effects(step_with: Callable[[dict], StepFunction], trainer_fn: Callable,
                                 states: Any, feature_dim: int,
                                 hyperparams: dict) -> tuple[StepFunction, Callable[[], None]]:
    """The training step ``step_with(hyperparams)`` compiled into one graph where that computes
    the same, and a function to call after training.

    ``tf.function`` runs a step's Python code once, while tracing it, and from then on only the
    TensorFlow operations it recorded. So what that one run did decides:

    - it printed, or tracing failed: the step stays eager (Python on every step);
    - it changed numbers in ``hyperparams`` (a step counter, as d2l's Adam and Yogi keep): the
      step is traced again with those numbers as variables of the graph, which it updates on
      every step; the function returned copies them back into ``hyperparams`` at the end;
    - it changed a global or closure variable the trainer reads (a counter, a list it appends
      to): a ``ValueError`` says to pass ``run_eagerly=True``, after undoing the change.
    """
    before = dict(hyperparams)
    watched = WatchedState(trainer_fn, ignore=(hyperparams, states))
    graph = _traced(step_with(hyperparams), feature_dim)
    effects = watched.changed()
    changed = [key for key in hyperparams.keys() | before.keys()
               if hyperparams.get(key, _ABSENT) is not before.get(key, _ABSENT)]
    hyperparams.clear()  # undo the tracing run's changes: an eager step makes them every time
    hyperparams.update(before)
    watched.restore()
    if graph is None:
        return step_with(hyperparams), lambda: None
    if effects:
        name = getattr(trainer_fn, "__name__", "trainer_fn")
        raise ValueError(
            f"{name} changes {' and '.join(effects)} when it runs, but d2lmini's TensorFlow train_ch11 "
            "compiles each training step into a graph, which runs the trainer's Python code only once, "
            "while tracing it: the change would happen once, not at every step. Pass run_eagerly=True "
            "to run the trainer's Python code at every step (slower); the tracing run's change was undone. "
            "A step count kept in hyperparams, or in a tf.Variable in states, stays compiled"
        )
    if not changed:
        return graph, lambda: None
    if not all(key in before and checks.is_number(before[key]) for key in changed):
        return step_with(hyperparams), lambda: None
    counters = {key: tf.Variable(float(before[key])) for key in changed}

    def counting_step(X: tf.Tensor, y: tf.Tensor) -> None:
        seen = {**hyperparams, **{key: counter.read_value() for key, counter in counters.items()}}
        step_with(seen)(X, y)
        for key, counter in counters.items():
            counter.assign(tf.cast(seen[key], tf.float32))

    def copy_back() -> None:
        for key, counter in counters.items():
            hyperparams[key] = type(before[key])(counter.numpy())

    graph = _traced(counting_step, feature_dim)
    if graph is None or watched.changed():
        watched.restore()
        return step_with(hyperparams), lambda: None
    return graph, copy_back


def train_ch11(trainer_fn: Callable, states: Any, hyperparams: dict, data_iter: Minibatches,
               feature_dim: int, num_epochs: int = 2, run_eagerly: bool = False,
               show: bool = True) -> tuple[list[float], list[float]]:
    """Train linear regression with the from-scratch optimizer ``trainer_fn``.

    ``trainer_fn([w, b], [dw, db], states, hyperparams)`` updates the variables
    in place. Like Keras's ``fit``, each training step (gradients and
    ``trainer_fn``) runs as one compiled graph, much faster than op by op.
    A trainer that changes numbers in ``hyperparams`` (a step counter) stays
    compiled, with those numbers kept in the graph; one that prints or cannot
    be compiled stays eager; one that changes a global or closure variable is
    stopped with the advice to pass ``run_eagerly=True``, which runs the
    trainer's Python code on every step (needed for any other Python effect).
    ``show=False`` draws and prints nothing, to compare many runs by the returned losses.
    """
    feature_dim = checks.positive_int("feature_dim", feature_dim)
    checked_data(data_iter, "TensorFlow", feature_dim)
    check_trainer_fn(trainer_fn, "params, grads, states, hyperparams", "TensorFlow")
    check_framework("states", states, "TensorFlow",
                    "re-run the TensorFlow cell that defines init_rmsprop_states (and rmsprop)")
    check_states(states, feature_dim)
    run_eagerly = checks.flag("run_eagerly", run_eagerly)
    trainer = checked_trainer(trainer_fn, hyperparams, states)
    w = tf.Variable(_initial_weights(feature_dim))
    b = tf.Variable(tf.zeros(1))

    def step_with(seen: dict) -> StepFunction:
        """The training step, with the trainer seeing ``seen`` as its hyperparams."""
        def step(X: tf.Tensor, y: tf.Tensor) -> None:
            with tf.GradientTape() as tape:
                loss = tf.reduce_mean(squared_loss(linreg(X, w, b), y))
            trainer([w, b], tape.gradient(loss, [w, b]), states, seen)
        return step

    def evaluate() -> float:
        return evaluate_loss(lambda X: linreg(X, w, b), data_iter, squared_loss)

    if run_eagerly:
        step, after_training = step_with(hyperparams), lambda: None
    else:
        step, after_training = _graph_unless_python_effects(step_with, trainer_fn, states, feature_dim,
                                                            hyperparams)
    try:
        return fit(step, evaluate, data_iter, num_epochs, hyperparams, show)
    finally:
        after_training()


def train_concise_ch11(trainer_fn: Callable, hyperparams: dict, data_iter: Minibatches,
                       num_epochs: int = 2) -> None:
    """Train linear regression with a Keras optimizer class such as ``tf.keras.optimizers.RMSprop``.

    As in d2l, the model (a ``Dense(1)`` layer, weights from N(0, 0.01²), zero bias)
    minimizes the mean squared error, and the loss drawn and printed is half of it: the loss
    that ``train_ch11`` minimizes and reports. Each training step (forward, gradients and the
    optimizer's update) runs as one compiled graph, as Keras's own ``fit`` does. Like d2l's,
    it returns nothing.
    """
    checked_data(data_iter, "TensorFlow")
    check_optimizer_class(trainer_fn, tf.keras.optimizers.Optimizer, "TensorFlow",
                          "tf.keras.optimizers.RMSprop")
    hyperparams = dict(checks.hyperparams_mapping(hyperparams))
    if checks.is_number(hyperparams.get("learning_rate")):  # Keras rejects an int such as 1
        hyperparams["learning_rate"] = float(hyperparams["learning_rate"])
    checks.positive_int("num_epochs", num_epochs)
    net = tf.keras.layers.Dense(1)
    net.build((None, data_iter.features.shape[1]))
    net.kernel.assign(_initial_weights(data_iter.features.shape[1]))  # the same draw as train_ch11
    optimizer = make_optimizer(trainer_fn, hyperparams)
    optimizer.build(net.trainable_variables)

    @tf.function(reduce_retracing=True)
    def step(X: tf.Tensor, y: tf.Tensor) -> None:
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(net(X) - tf.reshape(y, (-1, 1))))
        grads = tape.gradient(loss, net.trainable_variables)
        optimizer.apply_gradients(zip(grads, net.trainable_variables))

    fit(step, lambda: evaluate_loss(net, data_iter, squared_loss), data_iter, num_epochs, hyperparams)
