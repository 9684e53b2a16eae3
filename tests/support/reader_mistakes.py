"""The reader's experiments and mistakes: one table of calls, each with the outcome it must have.

A call must end in one of two ways. Either d2lmini raises a clear ``ValueError``/``TypeError``
(naming what was wrong and what is allowed, the case's key words) before any figure, or the
reader's own exception passes through unchanged; or the call shows its figures, every finite
point inside the axes, with the case's key words on the figure and in the printed line.
``tests/test_reader_mistakes.py`` asserts that every case does; ``benchmarks/reader_sweep.py``
counts the outcomes, so that a version of d2lmini where some do not can be measured.

Outcome classes, as ``classify`` names them:

  clear error      as above: d2lmini's clear error, or the reader's own exception passed through
  labelled figure  as above: the figures with every point shown and the notes the case asks for
  deep/unclear     an exception from inside a library or the reader's code, a d2lmini message
                   without the key words, or a wrong diagnosis
  wrong/empty      no error where one was due, a valid call rejected, an empty or duplicate
                   figure, points off the axes, a missing note, figures left open in a script
  hang             no answer within the case's time limit
"""

from __future__ import annotations

import contextlib
import importlib
import io
import math
import os
import shutil
import signal
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from matplotlib.figure import Figure

from chapter_code import concise, f_2d, from_scratch, from_scratch_in_a_file, plain_sgd, rmsprop_2d_with

from .fake_kernel import FakeKernel, as_script, clear_error_problem, notes_of, visible_points

CLASSES = ["clear error", "labelled figure", "deep/unclear", "wrong/empty", "hang"]
GOOD = ("clear error", "labelled figure")
FRAMEWORKS = ("torch", "tensorflow")
NAMES = {"torch": "PyTorch", "tensorflow": "TensorFlow"}
RATE = {"torch": "lr", "tensorflow": "learning_rate"}
DECAY = {"torch": "alpha", "tensorflow": "rho"}


class TimeLimit(BaseException):
    """Raised by the alarm when a call takes longer than its case allows."""


@dataclass
class Case:
    name: str
    call: Callable[[], object]
    expect: str  # "error", "figure", "passthrough" (the reader's own exception) or "value"
    words: tuple[str, ...] = ()  # in the error message, or in the figures' notes
    printed: tuple[str, ...] = ()  # in what the call printed
    absent: tuple[str, ...] = ()  # in none of them
    raises: type = BaseException  # for "passthrough": the reader's exception
    check: Callable[[list[Figure]], str | None] | None = None  # more wrongness of the figures
    script: bool = False  # run as a script (no kernel) rather than in a notebook
    timeout: int = 120
    figures: int = 1  # how many figures a "figure" or "passthrough" case shows


def has(text: str, words: tuple[str, ...]) -> bool:
    return all(word.lower() in text.lower() for word in words)


def classify(case: Case, outcome: BaseException | None, figures: list[Figure], printed: str) -> tuple[str, str]:
    """The outcome class of one call, and why."""
    if isinstance(outcome, TimeLimit):
        return "hang", f"no answer in {case.timeout} s"
    message = "" if outcome is None else f"{type(outcome).__name__}: {outcome}"
    if any(word.lower() in (message + printed + notes_of(figures)).lower() for word in case.absent):
        return "deep/unclear", f"says {case.absent}: {message or printed}"
    if case.expect == "passthrough":
        if not isinstance(outcome, case.raises):
            return "deep/unclear", f"expected the reader's {case.raises.__name__}, got {message or 'none'}"
        if len(figures) != case.figures or any(visible_points(f)[0] == 0 for f in figures):
            return "wrong/empty", f"{len(figures)} figure(s) under the {type(outcome).__name__}, {case.figures} expected"
        if not has(notes_of(figures) + " " + " ".join(getattr(outcome, "__notes__", [])), case.words):
            return "wrong/empty", f"no note {case.words}: {notes_of(figures)!r}"
        return "clear error", message[:160]
    if outcome is not None and case.expect in ("value", "figure"):
        return "wrong/empty", f"rejected a valid call: {message[:160]}"
    if outcome is not None:
        problem = clear_error_problem(outcome, case.words)
        if problem:
            return "deep/unclear", problem
        if figures:
            return "wrong/empty", f"{len(figures)} figure(s) under: {message[:140]}"
        return "clear error", message[:200]
    if case.expect == "error":
        return "wrong/empty", "no error: " + printed.strip()[:140]
    if case.expect == "value":
        return "labelled figure", "returned"
    if len(figures) != case.figures:
        return "wrong/empty", f"{len(figures)} figures shown, {case.figures} expected"
    for fig in figures:
        inside, outside = visible_points(fig)
        if inside == 0:
            return "wrong/empty", "empty axes: " + printed.strip()[:140]
        if outside:
            return "wrong/empty", f"{outside} of {inside + outside} points off the axes: {printed.strip()[:120]}"
    if case.check and (problem := case.check(figures)):
        return "wrong/empty", problem
    if not has(notes_of(figures), case.words) or not has(printed, case.printed):
        return "wrong/empty", f"no note {case.words}/{case.printed}: {notes_of(figures)!r} {printed.strip()[:120]}"
    return "labelled figure", (notes_of(figures) + " | " + printed.strip())[:200]


def run(case: Case, kernel: FakeKernel) -> tuple[str, str]:
    """Call ``case`` under ``kernel`` (or as a script), within its time limit, and classify the outcome."""
    kernel.clear()
    printed = io.StringIO()
    outcome = None
    timed = threading.current_thread() is threading.main_thread()  # signals reach the main thread only

    def alarm(signum, frame):
        raise TimeLimit()

    if timed:
        signal.signal(signal.SIGALRM, alarm)
        signal.alarm(case.timeout)
    try:
        with contextlib.redirect_stdout(printed), (as_script() if case.script else contextlib.nullcontext()):
            case.call()
    except BaseException as err:  # noqa: BLE001 - every outcome is classified, Ctrl-C included
        outcome = err
    finally:
        if timed:
            signal.alarm(0)
    result = classify(case, outcome, kernel.figures(), printed.getvalue())
    kernel.clear()
    return result


# ---------------------------------------------------------------------------- the calls

def module(fw: str):
    return importlib.import_module(f"d2lmini.{fw}")


def other(fw: str) -> str:
    return {"torch": "tensorflow", "tensorflow": "torch"}[fw]


def scratch_call(fw: str, hyperparams=None, trainer=None, states=None, data=None,
                 batch_size=10, n=1500, **kwargs) -> Callable[[], object]:
    """The chapter's train_ch11 call, with the reader's changes; ``trainer``, ``states`` and
    ``data`` are functions making them, called when the case runs."""
    def call():
        d2l = module(fw)
        init_states, rmsprop = from_scratch(fw)
        data_iter, feature_dim = data() if data else d2l.get_data_ch11(batch_size=batch_size, n=n)
        kwargs.setdefault("feature_dim", feature_dim)
        return d2l.train_ch11(trainer() if trainer else rmsprop,
                              init_states(5) if states is None else states(),
                              {"lr": 0.01, "gamma": 0.9} if hyperparams is None else hyperparams,
                              data_iter, **kwargs)
    return call


def concise_call(fw: str, hyperparams=None, trainer=None, data=None, batch_size=10, n=1500,
                 **kwargs) -> Callable[[], object]:
    """The chapter's train_concise_ch11 call, with the reader's changes (``trainer``, ``data``: makers)."""
    def call():
        d2l = module(fw)
        optimizer, book_hyperparams = concise(fw)
        data_iter, _ = data() if data else d2l.get_data_ch11(batch_size=batch_size, n=n)
        return d2l.train_concise_ch11(optimizer if trainer is None else trainer(),
                                      book_hyperparams if hyperparams is None else hyperparams,
                                      data_iter, **kwargs)
    return call


def noop_trainer(*args):
    """A trainer that forgets to update anything."""


def states_key_error_trainer(params, *rest):
    """A trainer with a bug of its own: it reads a key its states dict lacks."""
    states = {}
    return states["s"]


def failing_after(steps: int, error: BaseException, sleep_at: int | None = None):
    """Makes a trainer (either framework) that zeroes the gradients, then raises ``error`` at ``steps``."""
    def make():
        count = [0]

        def trainer(*args):
            count[0] += 1
            if count[0] == sleep_at:
                time.sleep(0.6)  # long enough for the live figure to be drawn once
            if count[0] >= steps:
                raise error
            for p in args[0]:
                if type(p).__module__.startswith("torch"):
                    p.grad.zero_()
        return trainer
    return make


def counting_rmsprop(fw: str):
    """The chapter's rmsprop with a step counter beside its states, as in the fourth answer."""
    rmsprop = from_scratch(fw)[1]
    if fw == "torch":
        def rmsprop_counting_steps(params, states, hyperparams):
            squares, step = states
            step += 1
            rmsprop(params, squares, hyperparams)
    else:
        def rmsprop_counting_steps(params, grads, states, hyperparams):
            squares, step = states
            step.assign_add(1.0)
            rmsprop(params, grads, squares, hyperparams)
    return rmsprop_counting_steps


def counting_states(fw: str):
    squares = from_scratch(fw)[0](5)
    if fw == "torch":
        import torch
        return squares, torch.zeros(1)
    import tensorflow as tf
    return squares, tf.Variable(0.0)


steps_counted = 0


def rmsprop_counting_in_a_global(params, grads, states, hyperparams):
    """The chapter's TensorFlow rmsprop that also counts its steps in a global."""
    global steps_counted
    steps_counted += 1
    from_scratch("tensorflow")[1](params, grads, states, hyperparams)


def rmsprop_logging_losses():
    """Makes the chapter's TensorFlow rmsprop that also appends each step's gradients to a list."""
    logged = []
    rmsprop = from_scratch("tensorflow")[1]

    def rmsprop_logging(params, grads, states, hyperparams):
        logged.append(grads)
        rmsprop(params, grads, states, hyperparams)
    return rmsprop_logging


def rmsprop_counting_in_hyperparams(params, grads, states, hyperparams):
    """The chapter's TensorFlow rmsprop, counting steps in hyperparams['t'] as d2l's Yogi does."""
    from_scratch("tensorflow")[1](params, grads, states, hyperparams)
    hyperparams["t"] += 1


def zeros(fw: str, *shape: int):
    if fw == "torch":
        import torch
        return torch.zeros(shape)
    import tensorflow as tf
    return tf.Variable(tf.zeros(shape))


def gd_2d_with_f_grad(x1, x2, s1, s2, f_grad):
    g1, g2 = f_grad(x1, x2)
    return x1 - 0.1 * g1, x2 - 0.1 * g2, s1, s2


def gd_2d_of_3(x1, x2, s1):
    return x1, x2, s1, s1


def f_2d_with_if(x1, x2):
    return x1 ** 2 if x1 > 0 else 2 * x2 ** 2


def nan_trainer_2d(x1, x2, s1, s2):
    return float("nan"), x2, s1, s2


def three_values_2d(x1, x2, s1, s2):
    return x1, x2, s1


def train_2d(trainer, steps=20, **kwargs):
    from d2lmini import torch as d2l
    return d2l.train_2d(trainer, steps=steps, **kwargs)


def path_then_trace(eta, gamma, steps, f=None):
    def call():
        from d2lmini import torch as d2l
        d2l.show_trace_2d(f or f_2d, d2l.train_2d(rmsprop_2d_with(eta, gamma), steps=steps))
    return call


def book_path():
    with contextlib.redirect_stdout(io.StringIO()):
        return train_2d(rmsprop_2d_with(0.4, 0.9))


def trace(f, results):
    def call():
        from d2lmini import torch as d2l
        d2l.show_trace_2d(f, results() if callable(results) else results)
    return call


def trace_after_training():
    from d2lmini import torch as d2l
    scratch_call("torch", n=300, batch_size=50)()
    d2l.show_trace_2d(f_2d, book_path())


def one_axes_with_only_the_path(figures: list[Figure]) -> str | None:
    for fig in figures:
        for axes in fig.axes:
            if axes.get_xlabel() == "x1" and len(axes.lines) != 1:
                return f"the path's axes hold {len(axes.lines)} lines (drawn into the loss figure)"
    return None


def many_runs_in_a_script():
    for _ in range(25):
        scratch_call("torch", n=200, batch_size=100)()


def trace_with_figsize():
    from d2lmini import torch as d2l
    d2l.set_figsize((6, 4))
    try:
        d2l.plt.figure()
        d2l.plt.close("all")  # a new cell: the inline backend closed the last figure
        d2l.show_trace_2d(f_2d, book_path())
    finally:
        d2l.set_figsize()


def sized(width: float, height: float) -> Callable[[list[Figure]], str | None]:
    def check(figures: list[Figure]) -> str | None:
        sizes = [tuple(fig.get_size_inches()) for fig in figures]
        return None if sizes == [(width, height)] else f"figure size {sizes}, not ({width}, {height})"
    return check


@contextlib.contextmanager
def data_folder(make: Callable[[Path, Path], None]):
    """D2LMINI_DATA_DIR pointing at a new folder that ``make(folder, good_copy)`` fills."""
    from d2lmini import data

    good = Path(data.download("airfoil"))
    saved = os.environ.get(data.DATA_DIR_VARIABLE)
    url, sha1 = data.DATA_HUB["airfoil"]
    with tempfile.TemporaryDirectory() as folder:
        make(Path(folder), good)
        os.environ[data.DATA_DIR_VARIABLE] = folder
        data.DATA_HUB["airfoil"] = ("http://127.0.0.1:9/airfoil_self_noise.dat", sha1)  # no download
        try:
            yield
        finally:
            data.DATA_HUB["airfoil"] = (url, sha1)
            if saved is None:
                del os.environ[data.DATA_DIR_VARIABLE]
            else:
                os.environ[data.DATA_DIR_VARIABLE] = saved


def bad_copy(fw: str, make: Callable[[Path, Path], None]) -> Callable[[], object]:
    def call():
        with data_folder(make):
            module(fw).get_data_ch11(batch_size=10)
    return call


def crlf(folder: Path, good: Path) -> None:
    """The original's CR LF line ends as CR CR LF, as a second conversion to CR LF makes them."""
    (folder / good.name).write_bytes(good.read_bytes().replace(b"\n", b"\r\n"))


def lf(folder: Path, good: Path) -> None:
    """The original's CR LF line ends as LF, as git or an editor may convert them."""
    (folder / good.name).write_bytes(good.read_bytes().replace(b"\r\n", b"\n"))


def truncated(folder: Path, good: Path) -> None:
    (folder / good.name).write_bytes(good.read_bytes()[:20000])


def txt_name(folder: Path, good: Path) -> None:
    shutil.copy(good, folder / (good.name + ".txt"))


def optimizer_object(fw: str):
    if fw == "torch":
        import torch
        return torch.optim.RMSprop([torch.zeros(1, requires_grad=True)], lr=0.01)
    import tensorflow as tf
    return tf.keras.optimizers.RMSprop(learning_rate=0.01)


def explorer(**kwargs):
    def call():
        from d2lmini import torch as d2l
        return d2l.rmsprop_explorer(**kwargs)
    return call


def call_of(module_name: str, function: str, *args, **kwargs):
    def call():
        return getattr(importlib.import_module(module_name), function)(*args, **kwargs)
    return call


def other_hyperparams(fw: str) -> dict:
    return {"torch": {"learning_rate": 0.01, "rho": 0.9}, "tensorflow": {"lr": 0.01, "alpha": 0.9}}[fw]


def mixed_scratch(fw: str, trainer_from: str, states_from: str) -> Callable[[], object]:
    """train_ch11 of ``fw`` with rmsprop and init_rmsprop_states from the cells of the given frameworks."""
    return scratch_call(fw, trainer=lambda: from_scratch(trainer_from)[1],
                        states=lambda: from_scratch(states_from)[0](5))


def framework_cases(fw: str) -> list[Case]:
    result: list[Case] = []
    names = {"fw": NAMES[fw], "other": NAMES[other(fw)]}

    def add(name, *args, words=(), **kwargs):
        words = tuple(word.format(**names) for word in words)
        result.append(Case(f"{fw}: {name}", *args, words=words, **kwargs))

    rate, decay = RATE[fw], DECAY[fw]
    eager = {"run_eagerly": True} if fw == "tensorflow" else {}  # the trainer's Python runs every step
    # The loss figure for the chapter's numbers and for the exercises' changes.
    add("book train_ch11", scratch_call(fw), "figure", printed=("loss:",))
    for lr in (0.03, 0.1, 1, 10):
        add(f"train_ch11 lr={lr}", scratch_call(fw, {"lr": lr, "gamma": 0.9}, n=400), "figure",
            printed=("loss:",), absent=("gamma = 0.9 is outside",))
    for lr in (1e6, 1e35):
        add(f"train_ch11 lr={lr}", scratch_call(fw, {"lr": lr, "gamma": 0.9}, n=400), "figure",
            words=("diverged",), printed=("diverged", "smaller learning rate"))
    add("train_ch11 lr=1e35 gamma=1", scratch_call(fw, {"lr": 1e35, "gamma": 1.0}, n=400), "figure",
        words=("diverged",), printed=("diverged", "gamma = 1.0 is outside [0, 1)"),
        absent=("smaller learning rate",))
    for gamma in (0.0, 0.5, 0.99):
        add(f"train_ch11 gamma={gamma}", scratch_call(fw, {"lr": 0.01, "gamma": gamma}, n=400), "figure")
    for gamma in (1.0, 1.5, -0.5):
        add(f"train_ch11 gamma={gamma}", scratch_call(fw, {"lr": 0.01, "gamma": gamma}, n=400), "figure",
            absent=("smaller learning rate",))
    add("train_ch11 gamma=1.5 diverges", scratch_call(fw, {"lr": 0.01, "gamma": 1.5}), "figure",
        words=("diverged",), printed=("gamma = 1.5 is outside",), absent=("smaller learning rate",))
    add("train_ch11 lr=0", scratch_call(fw, {"lr": 0.0, "gamma": 0.9}, n=400), "figure",
        words=("stays at",), printed=("did not change",))
    add("train_ch11 no-op trainer", scratch_call(fw, trainer=lambda: noop_trainer, n=400), "figure",
        words=("stays at",), printed=("did not change",))
    add("train_ch11 lr=np.float32(0.01)", scratch_call(fw, {"lr": np.float32(0.01), "gamma": 0.9}, n=400),
        "figure", printed=("loss:",))
    for n in (150, 300, 1000):
        add(f"train_ch11 n={n}", scratch_call(fw, n=n), "figure", printed=("loss:",))
    add("train_ch11 n=100 num_epochs=1: a single point", scratch_call(fw, n=100, num_epochs=1), "figure",
        words=("a single point", "every 200 examples"), printed=("loss:", "a single point: the loss is recorded every 200 examples"))
    for batch_size in (1, 100, 1500):
        add(f"train_ch11 batch_size={batch_size}", scratch_call(fw, batch_size=batch_size), "figure")
    for num_epochs in (1, 5):
        add(f"train_ch11 num_epochs={num_epochs}", scratch_call(fw, num_epochs=num_epochs, n=400), "figure")
    add("book train_concise_ch11", concise_call(fw), "figure", printed=("loss:",))
    add("train_concise_ch11 hyperparams={}", concise_call(fw, {}, n=400), "figure", printed=("loss:",))
    for lr in (0.1, 1):
        add(f"train_concise_ch11 lr={lr}", concise_call(fw, {rate: lr, decay: 0.9}, n=400), "figure",
            printed=("loss:",))
    add("train_concise_ch11 lr=1e6", concise_call(fw, {rate: 1e6, decay: 0.9}, n=400), "figure",
        words=("diverged",), printed=("diverged",))
    add("train_concise_ch11 lr=0", concise_call(fw, {rate: 0.0, decay: 0.9}, n=400), "figure",
        words=("stays at",), printed=("did not change",))
    add(f"train_concise_ch11 {decay}=1.5", concise_call(fw, {rate: 0.01, decay: 1.5}, n=400), "figure",
        absent=("smaller learning rate",))
    for kwargs in ({"n": 150}, {"batch_size": 1500}, {"batch_size": 1}):
        add(f"train_concise_ch11 {kwargs}", concise_call(fw, **kwargs), "figure")
    # The other framework's cells ran last, before this framework's training cell.
    add("train_ch11 with the other framework's rmsprop and states", mixed_scratch(fw, other(fw), other(fw)),
        "error", words=("trainer_fn", "re-run the {fw} cell"))
    add("train_ch11 with the other framework's states", mixed_scratch(fw, fw, other(fw)), "error",
        words=("states", "{other} objects", "re-run the {fw} cell"))
    add("train_ch11 with the other framework's rmsprop", mixed_scratch(fw, other(fw), fw), "error",
        words=("trainer_fn", "re-run the {fw} cell"))
    other_data = lambda: module(other(fw)).get_data_ch11(batch_size=10, n=100)  # noqa: E731
    add("train_ch11 on the other framework's data_iter", scratch_call(fw, data=other_data), "error",
        words=("data_iter holds {other} tensors", "re-run the {fw} cell"))
    add("train_concise_ch11 on the other framework's data_iter", concise_call(fw, data=other_data), "error",
        words=("data_iter holds {other} tensors", "get_data_ch11"))
    other_class = lambda: concise(other(fw))[0]  # noqa: E731
    add("train_concise_ch11 with the other framework's optimizer class", concise_call(fw, trainer=other_class),
        "error", words=("trainer_fn must be a {fw} optimizer class", "the {other} optimizer",
                        "re-run the {fw} cell"))
    add("train_concise_ch11 with the other framework's class and hyperparams",
        concise_call(fw, other_hyperparams(fw), trainer=other_class), "error",
        words=("trainer_fn", "the {other} optimizer"))
    add("train_concise_ch11 with the other framework's hyperparams names",
        concise_call(fw, other_hyperparams(fw), n=100), "error", words=("hyperparams", rate))
    add("train_concise_ch11 with the from-scratch rmsprop", concise_call(fw, trainer=lambda: from_scratch(fw)[1]),
        "error", words=("trainer_fn", "the function 'rmsprop'", "train_ch11"))
    add("train_concise_ch11 with an optimizer object", concise_call(fw, trainer=lambda: optimizer_object(fw)),
        "error", words=("trainer_fn", "an optimizer object", "pass the class"))
    for text in ("rmsprop", "RMSprop"):
        add(f"train_concise_ch11 with the string {text!r}", concise_call(fw, trainer=lambda t=text: t),
            "error", words=("trainer_fn", f"the string {text!r}"))
    add("train_ch11 with the optimizer class", scratch_call(fw, trainer=lambda: concise(fw)[0]), "error",
        words=("trainer_fn", "train_concise_ch11"))
    # Messages.
    add("train_ch11 trainer with a KeyError of its own",
        scratch_call(fw, trainer=lambda: states_key_error_trainer, n=100, **eager),
        "passthrough", raises=KeyError, absent=("hyperparams has no key",), figures=0)
    add("train_ch11 hyperparams without gamma", scratch_call(fw, {"lr": 0.01}, n=100), "error",
        words=("hyperparams has no key 'gamma'",))
    for hyperparams in ({"lr": 0.01}, {}):
        add(f"train_ch11 hyperparams={hyperparams}, rmsprop from a file",
            scratch_call(fw, hyperparams, trainer=lambda: from_scratch_in_a_file(fw)[1], n=100), "error",
            words=("hyperparams has no key 'gamma', which rmsprop reads", f"it has {sorted(hyperparams)}"))
    add("train_ch11 hyperparams as a list", scratch_call(fw, [0.01, 0.9], n=100), "error",
        words=("hyperparams must be a dict",))
    add("train_ch11 string lr", scratch_call(fw, {"lr": "0.01", "gamma": 0.9}, n=100), "error",
        words=("hyperparams['lr']", "string '0.01'"))
    add("train_concise_ch11 string lr", concise_call(fw, {rate: "0.01", decay: 0.9}, n=100), "error",
        words=(f"hyperparams[{rate!r}]", "string '0.01'"))
    for feature_dim, word in (("5", "'5'"), (None, "None"), (5.0, "integer"), (4, "feature_dim is 4"),
                              (True, "integer"), (0, "integer")):
        add(f"train_ch11 feature_dim={feature_dim!r}", scratch_call(fw, feature_dim=feature_dim, n=100),
            "error", words=("feature_dim", word), absent=("feature_dim is 5 but",))
    add("train_ch11 states=None", scratch_call(fw, states=lambda: None, n=100), "error",
        words=("states is None, but rmsprop uses its states", "init_rmsprop_states(feature_dim)",
               "(feature_dim, 1)"))
    add("train_ch11 states for feature_dim=4", scratch_call(fw, states=lambda: from_scratch(fw)[0](4), n=100),
        "error", words=("states must hold one state per parameter", "(5, 1) like w", "got 2 shaped (4, 1), (1,)",
                        "init_rmsprop_states(feature_dim)"))
    add("train_ch11 states with s_w only", scratch_call(fw, states=lambda: from_scratch(fw)[0](5)[:1], n=100),
        "error", words=("states must hold one state per parameter", "got 1 shaped (5, 1)"))
    add("train_ch11 states of two per parameter for feature_dim=4",
        scratch_call(fw, states=lambda: ((zeros(fw, 4, 1), zeros(fw, 4, 1)), (zeros(fw, 1), zeros(fw, 1))), n=100),
        "error", words=("states must hold one state per parameter", "got 2 shaped (4, 1), (1,)"))
    add("train_ch11 states=None with plain SGD", scratch_call(fw, {"lr": 0.01}, trainer=lambda: plain_sgd(fw),
                                                               states=lambda: None, n=400), "figure",
        printed=("loss:",))
    add("train_ch11 states with a step counter", scratch_call(fw, trainer=lambda: counting_rmsprop(fw),
                                                              states=lambda: counting_states(fw), n=400),
        "figure", printed=("loss:",))
    for num_epochs in (0, 2.5, "2", None):
        add(f"train_ch11 num_epochs={num_epochs!r}", scratch_call(fw, num_epochs=num_epochs, n=100), "error",
            words=("num_epochs",))
        add(f"train_concise_ch11 num_epochs={num_epochs!r}", concise_call(fw, num_epochs=num_epochs, n=100),
            "error", words=("num_epochs",))
    for kwargs in ({"batch_size": 0}, {"batch_size": "10"}, {"n": 0}, {"n": 2000}, {"n": 150.5}):
        add(f"get_data_ch11 {kwargs}", call_of(f"d2lmini.{fw}", "get_data_ch11", **kwargs), "error",
            words=tuple(kwargs))
    add("train_ch11 data_iter=list", scratch_call(fw, data=lambda: ([(1, 2)], 5)), "error",
        words=("data_iter must be the iterator returned by get_data_ch11",))
    if fw == "tensorflow":
        add("train_ch11 run_eagerly='yes'", scratch_call(fw, run_eagerly="yes", n=100), "error",
            words=("run_eagerly must be True or False", "'yes'"))
        add("train_ch11 run_eagerly=True", scratch_call(fw, run_eagerly=True, n=300), "figure")
        add("train_ch11 trainer counting in a global", scratch_call(fw, trainer=lambda: rmsprop_counting_in_a_global,
                                                                    n=100), "error",
            words=("the global steps_counted (assigned a new value)", "Pass run_eagerly=True", "was undone"))
        add("train_ch11 trainer appending to a list", scratch_call(fw, trainer=rmsprop_logging_losses, n=100),
            "error", words=("the variable logged", "a list changed in place", "Pass run_eagerly=True"))
        for name, trainer in (("counting in a global", lambda: rmsprop_counting_in_a_global),
                              ("appending to a list", rmsprop_logging_losses)):
            add(f"train_ch11 trainer {name}, run_eagerly=True",
                scratch_call(fw, trainer=trainer, run_eagerly=True, n=300), "figure", printed=("loss:",))
        add("train_ch11 trainer counting in hyperparams", scratch_call(fw, {"lr": 0.01, "gamma": 0.9, "t": 1},
                                                                       trainer=lambda: rmsprop_counting_in_hyperparams,
                                                                       n=300), "figure", printed=("loss:",))
    # Interrupted and failed runs, in a notebook.
    add("Ctrl-C during train_ch11", scratch_call(fw, trainer=failing_after(60, KeyboardInterrupt(), 30),
                                                 n=600, **eager),
        "passthrough", raises=KeyboardInterrupt, words=("interrupted at epoch",))
    add("error in the trainer during train_ch11",
        scratch_call(fw, trainer=failing_after(60, RuntimeError("the reader's bug")), n=600, **eager),
        "passthrough", raises=RuntimeError, words=("stopped by RuntimeError",))
    add("error at the first step",
        scratch_call(fw, trainer=failing_after(1, RuntimeError("the reader's bug")), n=100, **eager),
        "passthrough", raises=RuntimeError, words=("d2lmini: raised in training step 1",), figures=0)
    # A bad local copy of the data.
    for name, make in (("LF line ends", lf), ("CR CR LF line ends", crlf)):
        add(f"D2LMINI_DATA_DIR with a copy with {name}", bad_copy(fw, make), "error",
            words=("failed the SHA-1 check", "only in its line ends"), absent=("To work offline",))
    add("D2LMINI_DATA_DIR with a truncated copy", bad_copy(fw, truncated), "error",
        words=("failed the SHA-1 check", "20000 bytes", "expected", "found"))
    add("D2LMINI_DATA_DIR with airfoil_self_noise.dat.txt", bad_copy(fw, txt_name), "error",
        words=("holds airfoil_self_noise.dat.txt but no file named exactly airfoil_self_noise.dat", "rename"))
    return result


def framework_free_cases() -> list[Case]:
    """The 2-D toy problem, the figures' helpers and the data download: code without a framework."""
    result: list[Case] = []

    def add(name, *args, **kwargs):
        result.append(Case(f"2-D and helpers: {name}", *args, **kwargs))

    add("book path", path_then_trace(0.4, 0.9, 20), "figure", printed=("epoch 20, x1: -0.010599, x2: 0.000000",))
    for eta, gamma, steps in ((0.4, 0.9, 100), (0.1, 0.9, 20), (0.4, 0.0, 20), (0.4, 0.5, 20), (1.0, 0.9, 20)):
        add(f"eta={eta} gamma={gamma} steps={steps}", path_then_trace(eta, gamma, steps), "figure")
    add("exercise 1: gamma=1, 10 steps", path_then_trace(0.4, 1.0, 10), "figure",
        words=("the path leaves the view at step 1",))
    for steps in (50, 100):
        add(f"exercise 1: gamma=1, {steps} steps (overflow)", path_then_trace(0.4, 1.0, steps), "figure",
            words=("the path leaves the view at step 1", "the path became non-finite at step"),
            printed=("overflowed (OverflowError", "the path diverged"))
    for gamma in (1.5, 2.0):
        add(f"gamma={gamma}, 50 steps", path_then_trace(0.4, gamma, 50), "figure", printed=("diverged",))
    add("gamma=-0.5, 50 steps", path_then_trace(0.4, -0.5, 50), "figure")
    add("eta=5", path_then_trace(5.0, 0.9, 20), "figure", words=("view",))
    add("trainer returning NaN", trace(f_2d, lambda: train_2d(nan_trainer_2d)), "figure",
        words=("non-finite",), printed=("stopped: the path is not finite from step 1",))
    add("steps=10**20", lambda: train_2d(rmsprop_2d_with(0.4, 0.9), steps=10**20), "error",
        words=("steps must be an integer from 1 to 100000",), timeout=3)
    for steps in (0, -5, 2.5, "20", None):
        add(f"steps={steps!r}", lambda s=steps: train_2d(rmsprop_2d_with(0.4, 0.9), steps=s), "error",
            words=("steps must be an integer from 1 to 100000",))
    add("trainer taking f_grad, none given", lambda: train_2d(gd_2d_with_f_grad), "error",
        words=("train_2d calls trainer(x1, x2, s1, s2)", "gd_2d_with_f_grad takes 5", "pass it"))
    add("trainer without f_grad, f_grad given", lambda: train_2d(rmsprop_2d_with(0.4, 0.9), f_grad=f_2d), "error",
        words=("train_2d calls trainer(x1, x2, s1, s2, f_grad)", "rmsprop_2d takes 4", "leave out f_grad"))
    add("trainer taking 3 arguments", lambda: train_2d(gd_2d_of_3), "error",
        words=("train_2d calls trainer(x1, x2, s1, s2)", "4 arguments", "gd_2d_of_3 takes 3"))
    add("f_grad=0.1", lambda: train_2d(gd_2d_with_f_grad, f_grad=0.1), "error",
        words=("f_grad must be a function f_grad(x1, x2)", "0.1"))
    add("trainer returning 3 values", lambda: train_2d(three_values_2d), "error",
        words=("must return the four numbers x1, x2, s1, s2",))
    add("trainer=0.4", lambda: train_2d(0.4), "error", words=("trainer must be a function",))
    for name, results, words in (("ragged points", [[-5, -2], [-4]], ("results must be a non-empty list of (x1, x2) pairs",)),
                                 ("string points", [["a", "b"]], ("results must be", "could not convert string")),
                                 ("no points", [], ("results",)), ("3-D points", [(1, 2, 3)], ("results",))):
        add(f"show_trace_2d with {name}", trace(f_2d, results), "error", words=words)
    add("show_trace_2d with a scalar-valued f", trace(lambda x1, x2: 1.0, book_path), "error",
        words=("f(x1, x2) must return one number per grid point", "a single value"))
    add("show_trace_2d with f using math.sqrt", trace(lambda x1, x2: math.sqrt(x1 ** 2 + x2 ** 2), book_path),
        "error", words=("NumPy arrays", "np.sqrt", "np.vectorize(f)"))
    add("show_trace_2d with f using if", trace(f_2d_with_if, book_path), "error",
        words=("NumPy arrays", "truth value", "np.where", "np.vectorize(f)"))
    add("show_trace_2d with f=None", trace(None, book_path), "error",
        words=("f must be the function f(x1, x2)", "None"))
    add("show_trace_2d with a NaN-valued f", trace(lambda x1, x2: x1 * np.nan, book_path), "figure",
        words=("no finite value",))
    add("show_trace_2d after train_ch11 in a script", trace_after_training, "figure",
        check=one_axes_with_only_the_path, script=True)
    add("25 train_ch11 runs in a script", many_runs_in_a_script, "figure", figures=0, script=True)
    add("show_trace_2d after set_figsize((6, 4))", trace_with_figsize, "figure", check=sized(6.0, 4.0))
    for figsize, word in ((None, "None"), (("a", "b"), "('a', 'b')"), ((3,), "(3,)"), ((0, 2), "(0, 2)"),
                          ("35", "'35'"), ((float("nan"), 2), "nan"), ((1000, 1000), "from 0.5 to 50"),
                          ((1e6, 2), "1000000.0"), ((0.1, 0.1), "from 0.5 to 50")):
        add(f"set_figsize({figsize!r})", call_of("d2lmini.plotting", "set_figsize", figsize), "error",
            words=("figsize must be", word))
    for language in (["en"], "fr", None):
        add(f"set_language({language!r})", call_of("d2lmini", "set_language", language), "error",
            words=("language must be one of", repr(language)))
    for name in (["airfoil"], "mnist", None):
        add(f"download({name!r})", call_of("d2lmini.data", "download", name), "error",
            words=(f"unknown data set {name!r}", "airfoil"))
    add("rmsprop_explorer(eta=np.float32(0.4))", explorer(eta=np.float32(0.4)), "value")
    add("rmsprop_explorer(gamma=np.float64(0.9))", explorer(gamma=np.float64(0.9)), "value")
    add("rmsprop_explorer(eta=5)", explorer(eta=5), "error", words=("eta",))
    return result


def cases() -> list[Case]:
    """Every case of the table: both frameworks', then the framework-free ones."""
    return [case for fw in FRAMEWORKS for case in framework_cases(fw)] + framework_free_cases()
