"""Framework-free training loops: the 2-D toy problem and the chapter 11 regression loop."""

from __future__ import annotations

import inspect
import math
import time
from collections.abc import Callable
from typing import Any

from . import checks
from .data import Minibatches, checked_minibatches
from .language import text
from .plotting import LossPlot

EVALUATE_EVERY = 200  # examples between two evaluations of the loss on the whole data set


def train_2d(trainer: Callable, steps: int = 20, f_grad: Callable | None = None) -> list:
    """Run ``trainer`` for ``steps`` steps from (x1, x2, s1, s2) = (-5, -2, 0, 0).

    ``trainer(x1, x2, s1, s2)`` (or ``trainer(x1, x2, s1, s2, f_grad)`` if
    ``f_grad`` is given) returns the next (x1, x2, s1, s2); ``s1`` and ``s2`` are
    the optimizer's state. Prints the last point and returns all steps + 1 points.
    """
    if not callable(trainer):
        raise ValueError(f"trainer must be a function of (x1, x2, s1, s2), got {trainer!r}")
    steps = checks.positive_int("steps", steps)
    x1, x2, s1, s2 = -5, -2, 0, 0
    results = [(x1, x2)]
    for _ in range(steps):
        if f_grad:
            x1, x2, s1, s2 = trainer(x1, x2, s1, s2, f_grad)
        else:
            x1, x2, s1, s2 = trainer(x1, x2, s1, s2)
        results.append((x1, x2))
    print(f"epoch {steps}, x1: {float(x1):f}, x2: {float(x2):f}")
    return results


def checked_trainer(trainer_fn: Callable, hyperparams: Any) -> Callable:
    """Wrap ``trainer_fn`` so that a hyperparameter it looks up in vain is a clear error."""
    hyperparams = checks.hyperparams_mapping(hyperparams)

    def call(*args: Any) -> Any:
        try:
            return trainer_fn(*args)
        except KeyError as err:
            key = err.args[0] if err.args else None
            if key in hyperparams:
                raise
            name = getattr(trainer_fn, "__name__", "trainer_fn")
            raise ValueError(
                f"hyperparams has no key {key!r}, which {name} reads; it has {sorted(hyperparams)}"
            ) from err

    return call


def make_optimizer(optimizer_class: Callable, hyperparams: Any, *args: Any) -> Any:
    """``optimizer_class(*args, **hyperparams)``, explaining which arguments it accepts if not."""
    hyperparams = checks.hyperparams_mapping(hyperparams)
    try:
        return optimizer_class(*args, **hyperparams)
    except (TypeError, ValueError) as err:
        name = getattr(optimizer_class, "__name__", repr(optimizer_class))
        try:
            accepted = [p for p in inspect.signature(optimizer_class).parameters
                        if p not in ("self", "params", "kwargs")]
        except (TypeError, ValueError):
            accepted = []
        raise ValueError(
            f"{name} rejected hyperparams {dict(hyperparams)}: {err}. "
            f"It accepts: {', '.join(accepted) or 'see its documentation'}"
        ) from err


def fit(step: Callable[[Any, Any], None], evaluate: Callable[[], float],
        data_iter: Minibatches, num_epochs: int) -> tuple[list[float], list[float]]:
    """Train with ``step(X, y)`` on each minibatch for ``num_epochs`` epochs.

    Every 200 examples (and at the end) the loss on the whole data set,
    ``evaluate()``, is added to a live plot. Prints the final loss and the
    training time per epoch (evaluation not included), and returns the
    cumulative training times and the losses at the evaluations. Stops early,
    saying so, if the loss stops being finite.
    """
    data_iter = checked_minibatches(data_iter)
    num_epochs = checks.positive_int("num_epochs", num_epochs)
    plot = LossPlot(num_epochs)
    total = num_epochs * data_iter.num_examples
    times: list[float] = []
    seen, train_time, diverged_at = 0, 0.0, None
    batches = (batch for _ in range(num_epochs) for batch in data_iter)
    started = time.perf_counter()
    for X, y in batches:
        step(X, y)
        before, seen = seen, seen + int(y.shape[0])
        if seen // EVALUATE_EVERY > before // EVALUATE_EVERY or seen == total:
            train_time += time.perf_counter() - started
            times.append(train_time)
            plot.add(seen / data_iter.num_examples, evaluate())
            if not math.isfinite(plot.losses[-1]):
                diverged_at = plot.epochs[-1]
                break
            started = time.perf_counter()
    if diverged_at is None:
        plot.finish()
        print(f"loss: {plot.losses[-1]:.3f}, {train_time / num_epochs:.3f} sec/epoch")
    else:
        plot.finish(text("training_diverged", loss=plot.losses[-1], epoch=diverged_at))
        print(f"stopped: the loss became {plot.losses[-1]} at epoch {diverged_at:.2f}; "
              "training diverged, try a smaller learning rate")
    return times, plot.losses
