"""Framework-free training loops: the 2-D toy problem (its own module, paths.py, which needs only
the standard library) and the chapter 11 regression loop."""

from __future__ import annotations

import inspect
import linecache
import math
import re
import time
from collections.abc import Callable, Mapping
from typing import Any

from . import checks
from .data import Minibatches, checked_minibatches
from .language import text
from .paths import train_2d  # re-exported: d2l.train_2d of each framework
from .plotting import LossPlot

EVALUATE_EVERY = 200  # examples between two evaluations of the loss on the whole data set
DIVERGENCE_GROWTH = 100  # a loss this many times the starting one counts as divergence
DECAY_NAMES = ("gamma", "alpha", "rho")  # gamma here, alpha in torch.optim.RMSprop, rho in Keras


def check_trainer_fn(trainer_fn: Any, arguments: str, framework: str) -> None:
    """A ``TypeError`` unless ``trainer_fn`` is a function taking ``arguments`` (as far as can be told).

    ``arguments`` is how train_ch11 of ``framework`` calls it, e.g. "params, states, hyperparams".
    """
    other = {"PyTorch": "TensorFlow", "TensorFlow": "PyTorch"}[framework]
    other_arguments = {"PyTorch": "params, grads, states, hyperparams",
                       "TensorFlow": "params, states, hyperparams"}[framework]
    if isinstance(trainer_fn, type) or not callable(trainer_fn):
        what = (f"the class {trainer_fn.__name__}" if isinstance(trainer_fn, type)
                else f"{type(trainer_fn).__name__} {trainer_fn!r}")
        raise TypeError(
            f"trainer_fn must be a function trainer_fn({arguments}) such as the chapter's rmsprop, "
            f"got {what}; an optimizer class such as RMSprop goes to train_concise_ch11"
        )
    needed = checks.positional_arity(trainer_fn)
    if needed is None or needed == arguments.count(",") + 1:
        return
    name = getattr(trainer_fn, "__name__", "trainer_fn")
    hint = (f"it looks like the {other} {name}({other_arguments}): re-run the {framework} cell "
            f"that defines {name} (and init_rmsprop_states) before this one"
            if needed == other_arguments.count(",") + 1 else "")
    raise TypeError(
        f"trainer_fn must take {arguments.count(',') + 1} arguments, ({arguments}), as "
        f"d2lmini's {framework} train_ch11 calls it, but {name} takes {needed}"
        + (f"; {hint}" if hint else "")
    )


def check_framework(name: str, value: Any, framework: str, remedy: str) -> None:
    """A ``TypeError`` if ``value`` holds tensors or variables of the other framework."""
    found = checks.frameworks_in(value) - {framework}
    if found:
        raise TypeError(
            f"{name} holds {' and '.join(sorted(found))} objects, but this is d2lmini's "
            f"{framework} train_ch11: {remedy}"
        )


STATES_NEEDED = ("init_rmsprop_states(feature_dim) (or your optimizer's init function), which "
                 "returns one tensor of zeros shaped like each parameter: (s_w, s_b), shaped "
                 "(feature_dim, 1) like w and (1,) like b")


def check_states(states: Any, feature_dim: int) -> None:
    """A ``ValueError`` if ``states`` holds one tensor (or one group of tensors) per parameter,
    as init_rmsprop_states returns them, but not for the parameters w (feature_dim, 1) and b (1,).

    States of any other form (None for plain SGD, a step counter beside them) are not checked.
    """
    groups = _per_parameter_groups(states)
    if groups is None:
        return
    expected = [(feature_dim, 1), (1,)]
    shapes = [_shape(group[0]) for group in groups]
    if shapes != expected:
        raise ValueError(
            f"states must hold one state per parameter, shaped like it: {expected[0]} like w and "
            f"(1,) like b for feature_dim={feature_dim}; got {len(groups)} shaped "
            f"{', '.join(map(str, shapes))}. Pass {STATES_NEEDED}, "
            "with the feature_dim of this call"
        )


def _shape(tensor: Any) -> tuple:
    return tuple(int(d) if d is not None else None for d in tensor.shape)


def _is_tensor(value: Any) -> bool:
    return checks.framework_of(value) is not None and hasattr(value, "shape")


def _per_parameter_groups(states: Any) -> list[list[Any]] | None:
    """``states`` as one group of same-shaped tensors per parameter, if it has that form: a flat
    tuple of tensors or a tuple of equally long tuples of them, the first shaped like w (k, 1)."""
    if not isinstance(states, (tuple, list)) or not states:
        return None
    if all(_is_tensor(state) for state in states):
        groups = [[state] for state in states]
    elif all(isinstance(group, (tuple, list)) and group and all(map(_is_tensor, group)) for group in states):
        groups = [list(group) for group in states]
        if len({len(group) for group in groups}) != 1:
            return None
    else:
        return None
    if any(len({_shape(state) for state in group}) != 1 for group in groups):
        return None
    first = _shape(groups[0][0])
    return groups if len(first) == 2 and first[1] == 1 else None


def checked_data(data_iter: Any, framework: str, feature_dim: Any = None) -> Minibatches:
    """``data_iter`` if it is ``framework``'s get_data_ch11 iterator (with ``feature_dim`` features)."""
    data_iter = checked_minibatches(data_iter, feature_dim)
    module = checks.D2LMINI_MODULES[framework]
    found = checks.framework_of(data_iter.features)
    if found != framework:
        raise TypeError(
            f"data_iter holds {found or type(data_iter.features).__name__} tensors, but this is "
            f"d2lmini's {framework} helper: re-run the {framework} cell that makes the data, "
            f"from d2lmini import {module} as d2l; data_iter, feature_dim = d2l.get_data_ch11(batch_size=10)"
        )
    return data_iter


def checked_trainer(trainer_fn: Callable, hyperparams: Any, states: Any) -> Callable:
    """Wrap ``trainer_fn`` so that a hyperparameter it looks up in vain, or states of None that
    it uses, is a clear error.

    Any other ``KeyError`` (a missing key of your own dict, say) or ``TypeError`` passes through
    unchanged.
    """
    hyperparams = checks.hyperparams_mapping(hyperparams)
    name = getattr(trainer_fn, "__name__", "trainer_fn")

    def call(*args: Any) -> Any:
        try:
            return trainer_fn(*args)
        except KeyError as err:
            key = err.args[0] if err.args else None
            if key in hyperparams or not _looked_up_in(err, hyperparams, key):
                raise
            raise ValueError(
                f"hyperparams has no key {key!r}, which {name} reads; it has {sorted(hyperparams)}"
            ) from err
        except TypeError as err:
            if states is not None or "NoneType" not in str(err):
                raise
            raise ValueError(
                f"states is None, but {name} uses its states ({type(err).__name__}: {err}). Pass "
                f"{STATES_NEEDED}. Only a trainer that ignores its states, such as plain SGD, "
                "works with None"
            ) from err

    return call


def _looked_up_in(err: KeyError, mapping: Any, key: Any) -> bool:
    """Whether the line that raised ``err`` subscripts ``mapping`` (under any local name) with ``key``.

    Without the line's source (code run by ``exec``), whether ``mapping`` is a local there.
    """
    traceback = err.__traceback__
    while traceback.tb_next is not None:
        traceback = traceback.tb_next
    frame = traceback.tb_frame
    names = [name for name, value in frame.f_locals.items() if value is mapping]
    line = linecache.getline(frame.f_code.co_filename, traceback.tb_lineno)
    if not line:
        return bool(names)
    literal = rf"\[\s*(?P<quote>['\"]){re.escape(str(key))}(?P=quote)\s*\]"
    variable = r"\[\s*[A-Za-z_]"
    return any(re.search(rf"\b{re.escape(name)}\s*(?:{literal}|{variable})", line) for name in names)


def divergence_advice(hyperparams: Any) -> str:
    """What to change after a run diverged: a decay rate outside [0, 1), else the learning rate."""
    for name in DECAY_NAMES:
        value = hyperparams.get(name) if isinstance(hyperparams, Mapping) else None
        if checks.is_number(value) and not 0 <= value < 1:
            return text("decay_outside", name=name, value=value)
    return text("smaller_learning_rate")


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


def check_optimizer_class(trainer_fn: Any, base: type, framework: str, example: str) -> None:
    """A ``TypeError`` unless ``trainer_fn`` is a subclass of ``base``, the framework's optimizer class."""
    if isinstance(trainer_fn, type) and issubclass(trainer_fn, base):
        return
    other = checks.framework_of(trainer_fn)
    allowed = f"trainer_fn must be a {framework} optimizer class such as {example}"
    if isinstance(trainer_fn, str):
        got = f"the string {trainer_fn!r}; pass the class itself, {example}"
    elif isinstance(trainer_fn, type) and other and other != framework:
        got = (f"the {other} optimizer {trainer_fn.__module__}.{trainer_fn.__name__}: re-run the "
               f"{framework} cell (from d2lmini import {checks.D2LMINI_MODULES[framework]} "
               f"as d2l; trainer = {example}) or use d2lmini's {other} helpers")
    elif isinstance(trainer_fn, base) or (other and not isinstance(trainer_fn, type)):
        got = (f"an optimizer object, {type(trainer_fn).__name__}(...); pass the class "
               f"({type(trainer_fn).__name__}) and its settings in hyperparams")
    elif callable(trainer_fn) and not isinstance(trainer_fn, type):
        got = (f"the function {getattr(trainer_fn, '__name__', trainer_fn)!r}; a from-scratch "
               "optimizer goes to train_ch11 with its states")
    else:
        got = repr(trainer_fn)
    raise TypeError(f"{allowed}, got {got}")


def fit(step: Callable[[Any, Any], None], evaluate: Callable[[], float],
        data_iter: Minibatches, num_epochs: int,
        hyperparams: Any = None, show: bool = True) -> tuple[list[float], list[float]]:
    """Train with ``step(X, y)`` on each minibatch for ``num_epochs`` epochs.

    Every 200 examples (and at the end) the loss on the whole data set,
    ``evaluate()``, is added to a live plot. Prints the final loss and the
    training time per epoch (evaluation not included), and returns the
    cumulative training times and the losses at the evaluations.

    A loss that stops being finite stops training; one that ends up
    ``DIVERGENCE_GROWTH`` times the loss before training, or never changes,
    is drawn to the end. The figure and the printed line say which, and what
    to change (``hyperparams`` tells a bad decay rate from a large learning
    rate). An error or interrupt ends the figure with a note (no figure if no
    loss was recorded yet) and passes on. With ``show=False`` nothing is drawn
    or printed: the run only returns its times and losses, for comparing many runs.
    """
    data_iter = checked_minibatches(data_iter)
    num_epochs = checks.positive_int("num_epochs", num_epochs)
    show = checks.flag("show", show)
    plot = LossPlot(num_epochs, show=show)
    total = num_epochs * data_iter.num_examples
    times: list[float] = []
    seen, train_time, steps = 0, 0.0, 0
    initial = plot.start = evaluate()
    batches = (batch for _ in range(num_epochs) for batch in data_iter)
    started = time.perf_counter()
    try:
        for X, y in batches:
            step(X, y)
            steps += 1
            before, seen = seen, seen + int(y.shape[0])
            if seen // EVALUATE_EVERY > before // EVALUATE_EVERY or seen == total:
                train_time += time.perf_counter() - started
                times.append(train_time)
                plot.add(seen / data_iter.num_examples, evaluate())
                if not math.isfinite(plot.losses[-1]):
                    break
                started = time.perf_counter()
    except BaseException as err:
        epoch = f"{seen / data_iter.num_examples:.2f}"
        if isinstance(err, KeyboardInterrupt):
            plot.abort(text("training_interrupted", epoch=epoch))
        else:
            plot.abort(text("training_failed", error=type(err).__name__, epoch=epoch))
            if hasattr(err, "add_note"):
                err.add_note(f"(d2lmini: raised in training step {steps + 1}, epoch {epoch}; "
                             f"{len(plot.losses)} losses were recorded before)")
        raise
    if show:
        _report(plot, initial, train_time / num_epochs, hyperparams)
    return times, plot.losses


def _report(plot: LossPlot, initial: float, seconds_per_epoch: float, hyperparams: Any) -> None:
    """Finish the figure and print the final line, saying if training diverged or did not move."""
    def diverged(loss: float) -> bool:
        return not math.isfinite(loss) or (initial > 0 and loss > DIVERGENCE_GROWTH * initial)

    last = plot.losses[-1]
    line = text("loss_line", loss=last, seconds=seconds_per_epoch)
    if diverged(last):
        first = next(i for i, loss in enumerate(plot.losses) if diverged(loss))
        loss, epoch = f"{plot.losses[first]:.3g}", f"{plot.epochs[first]:.2f}"
        plot.finish(text("training_diverged", loss=loss, epoch=epoch))
        if math.isfinite(last):
            print(text("loss_grew", line=line, initial=initial, loss=loss, epoch=epoch,
                       advice=divergence_advice(hyperparams)))
        else:
            print(text("loss_not_finite", loss=last, epoch=f"{plot.epochs[-1]:.2f}",
                       advice=divergence_advice(hyperparams)))
    elif all(math.isclose(loss, initial, rel_tol=1e-6) for loss in plot.losses):
        plot.finish(text("loss_flat", loss=f"{last:.3g}"))
        print(text("loss_unchanged", line=line, initial=initial))
    elif len(plot.losses) == 1:
        note = text("loss_single_point", examples=EVALUATE_EVERY)
        plot.finish(note)
        print(f"{line}; {note}")
    else:
        plot.finish()
        print(line)
