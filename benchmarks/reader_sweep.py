"""Use d2lmini as a reader who experiments and makes mistakes: a grid of calls, each classified.

    python benchmarks/reader_sweep.py [--verbose]

Runs every call in one process, each under a time limit, with a stand-in for a Jupyter
kernel's display so that the figures a notebook would show are captured (the loss figure's
SVG displays, and pyplot figures left open, which the inline backend shows after a cell).
Prints how many calls ended in each outcome class:

  clear error      d2lmini raised a ValueError/TypeError/DownloadError whose message has the
                   case's key words, and showed no figure; or the reader's own exception
                   (KeyError, Ctrl-C, ...) passed through unchanged with at most one non-empty figure
  labelled figure  one figure, every finite point inside its axes, with the case's key words
                   in its notes and printed line (divergence, overflow, flat loss)
  deep/unclear     an exception from inside a library or the reader's code, a d2lmini message
                   without the key words, or a wrong diagnosis
  wrong/empty      no error where one was due, a valid call rejected, an empty or duplicate
                   figure, points off the axes, a missing note, figures left open in a script
  hang             no answer within the time limit

Which d2lmini is tried is whatever ``import d2lmini`` finds (set PYTHONPATH to a checkout);
the chapter's own code is read from this checkout's English chapter.
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import io
import math
import os
import shutil
import signal
import sys
import tempfile
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
from matplotlib import pyplot as plt  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from chapter_code import concise, f_2d, from_scratch, rmsprop_2d_with  # noqa: E402

CLASSES = ["clear error", "labelled figure", "deep/unclear", "wrong/empty", "hang"]


class TimeLimit(BaseException):
    """Raised by the alarm when a call takes longer than its case allows."""


@dataclass
class Case:
    name: str
    call: Callable[[], object]
    expect: str  # "error", "figure", "passthrough" (the reader's exception) or "value"
    words: tuple[str, ...] = ()  # in the error message, or in the figure's notes
    printed: tuple[str, ...] = ()  # in what the call printed
    absent: tuple[str, ...] = ()  # in neither
    raises: type = BaseException  # for "passthrough": the reader's exception
    check: Callable[[list[Figure]], str | None] | None = None  # more wrongness, for "figure"
    script: bool = False  # run as a script (no kernel) rather than in a notebook
    timeout: int = 120
    figures: int = 1  # how many figures a "figure" case shows (0: a script that must leave none open)


@dataclass
class Display:
    """Stands in for IPython's display: records which figure each SVG display came from."""

    shown: list[Figure] = field(default_factory=list)
    last_saved: Figure | None = None

    def display(self, image, raw=False, display_id=False):
        self.shown.append(self.last_saved)
        return self

    def update(self, image, raw=False):
        pass


DISPLAY = Display()


def install_fake_kernel() -> None:
    import IPython.display

    from d2lmini import plotting

    original_savefig = Figure.savefig

    def savefig(self, *args, **kwargs):
        DISPLAY.last_saved = self
        return original_savefig(self, *args, **kwargs)

    Figure.savefig = savefig
    IPython.display.display = DISPLAY.display
    plotting.use_svg_display = lambda: None  # matplotlib_inline needs a real shell
    plotting._kernel = lambda: DISPLAY


def visible_points(fig: Figure) -> tuple[int, int]:
    """(points drawn inside the axes, finite points drawn outside them) over all lines of ``fig``.

    A first point above the top of the axes counts as shown when the next one is inside: the
    line then enters from the top edge, as in the book's own loss figures.
    """
    inside = outside = 0
    for axes in fig.axes:
        (x0, x1), (y0, y1) = sorted(axes.get_xlim()), sorted(axes.get_ylim())
        for line in axes.lines:
            xy = np.asarray(line.get_xydata(), dtype=float).reshape(-1, 2)
            xy = xy[np.isfinite(xy).all(axis=1)]
            if len(xy) < 2 and line.get_marker() in (None, "None", "", " "):
                outside += len(xy)  # a lone point of a line without markers is not drawn
                continue
            within = ((xy[:, 0] >= x0 - 1e-9) & (xy[:, 0] <= x1 + 1e-9)
                      & (xy[:, 1] >= y0 * (1 - 1e-9) - 1e-12) & (xy[:, 1] <= y1 * (1 + 1e-9) + 1e-12))
            if len(within) > 1 and not within[0] and within[1] and xy[0, 1] > y1:
                within[0] = True
            inside += int(within.sum())
            outside += int((~within).sum())
    return inside, outside


def notes_of(figures: list[Figure]) -> str:
    """The texts written on the figures (on the figure or in its axes), on one line."""
    texts = [t for fig in figures for t in [*fig.texts, *(t for axes in fig.axes for t in axes.texts)]]
    return " ".join(t.get_text() for t in texts).replace("\n", " ")


def has(text: str, words: tuple[str, ...]) -> bool:
    return all(word.lower() in text.lower() for word in words)


def raised_by_d2lmini(err: BaseException) -> bool:
    frames = traceback.extract_tb(err.__traceback__)
    return bool(frames) and f"{os.sep}d2lmini{os.sep}" in frames[-1].filename


def classify(case: Case, outcome: BaseException | None, figures: list[Figure],
             printed: str) -> tuple[str, str]:
    """The outcome class of one call, and why."""
    if isinstance(outcome, TimeLimit):
        return "hang", f"no answer in {case.timeout} s"
    message = "" if outcome is None else f"{type(outcome).__name__}: {outcome}"
    if any(word.lower() in (message + printed + notes_of(figures)).lower() for word in case.absent):
        return "deep/unclear", f"says {case.absent}: {message or printed}"
    if case.expect == "passthrough":
        if not isinstance(outcome, case.raises):
            return "deep/unclear", f"expected the reader's {case.raises.__name__}, got {message or 'none'}"
        if len(figures) > 1 or any(visible_points(f)[0] == 0 for f in figures):
            return "wrong/empty", f"{len(figures)} figure(s) under the {type(outcome).__name__}"
        return "clear error", message
    if outcome is not None and case.expect == "value":
        return "wrong/empty", f"rejected a valid call: {message[:140]}"
    if outcome is not None:
        clear = (isinstance(outcome, (ValueError, TypeError, OSError))
                 and raised_by_d2lmini(outcome) and has(str(outcome), case.words))
        if not clear:
            return "deep/unclear", message[:160]
        if figures:
            return "wrong/empty", f"{len(figures)} figure(s) under: {message[:120]}"
        return "clear error", message[:160]
    if case.expect == "error":
        return "wrong/empty", "no error: " + printed.strip()[:120]
    if case.expect == "value":
        return "labelled figure", "returned"
    if len(figures) != case.figures:
        return "wrong/empty", f"{len(figures)} figures shown, {case.figures} expected"
    for fig in figures:
        inside, outside = visible_points(fig)
        if inside == 0:
            return "wrong/empty", "empty axes: " + printed.strip()[:120]
        if outside:
            return "wrong/empty", f"{outside} of {inside + outside} points off the axes: {printed.strip()[:100]}"
    if case.check and (problem := case.check(figures)):
        return "wrong/empty", problem
    if not has(notes_of(figures), case.words) or not has(printed, case.printed):
        return "wrong/empty", f"no note {case.words}/{case.printed}: {notes_of(figures)!r} {printed.strip()[:100]}"
    return "labelled figure", (notes_of(figures) + " | " + printed.strip())[:160]


def run(case: Case) -> tuple[str, str]:
    from d2lmini import plotting

    plt.close("all")
    DISPLAY.shown.clear()
    kernel = plotting._kernel
    if case.script:
        plotting._kernel = lambda: None
    out = io.StringIO()
    outcome = None

    def alarm(signum, frame):
        raise TimeLimit()

    signal.signal(signal.SIGALRM, alarm)
    signal.alarm(case.timeout)
    try:
        with contextlib.redirect_stdout(out):
            case.call()
    except BaseException as err:  # noqa: BLE001 - every outcome is classified, Ctrl-C included
        outcome = err
    finally:
        signal.alarm(0)
        plotting._kernel = kernel
    # What a notebook shows: each SVG display, then every pyplot figure still open.
    figures = list(DISPLAY.shown) + [plt.figure(n) for n in plt.get_fignums()]
    result = classify(case, outcome, figures, out.getvalue())
    plt.close("all")
    return result


# ---------------------------------------------------------------------------- the calls

def chapter(fw: str):
    """The chapter's (d2l module, init_rmsprop_states, rmsprop, optimizer class, its hyperparams)."""
    import importlib

    d2l = importlib.import_module(f"d2lmini.{fw}")
    init_states, rmsprop = from_scratch(fw)
    optimizer, hyperparams = concise(fw)
    return d2l, init_states, rmsprop, optimizer, hyperparams


def scratch_call(fw: str, hyperparams=None, trainer=None, states=None, data=None,
                 batch_size=10, n=1500, **kwargs) -> Callable[[], object]:
    def call():
        d2l, init_states, rmsprop, _, _ = chapter(fw)
        data_iter, feature_dim = data() if data else d2l.get_data_ch11(batch_size=batch_size, n=n)
        kwargs.setdefault("feature_dim", feature_dim)
        return d2l.train_ch11(trainer or rmsprop, init_states(5) if states is None else states(),
                              {"lr": 0.01, "gamma": 0.9} if hyperparams is None else hyperparams,
                              data_iter, **kwargs)
    return call


def concise_call(fw: str, hyperparams=None, trainer=None, data=None, batch_size=10, n=1500,
                 **kwargs) -> Callable[[], object]:
    def call():
        d2l, _, _, optimizer, book_hyperparams = chapter(fw)
        data_iter, _ = data() if data else d2l.get_data_ch11(batch_size=batch_size, n=n)
        return d2l.train_concise_ch11(optimizer if trainer is None else trainer(),
                                      book_hyperparams if hyperparams is None else hyperparams,
                                      data_iter, **kwargs)
    return call


def other(fw: str) -> str:
    return {"torch": "tensorflow", "tensorflow": "torch"}[fw]


def noop_trainer(*args):
    """A trainer that forgets to update anything."""


def states_key_error_trainer(params, *rest):
    """A trainer with a bug of its own: it reads a key its states dict lacks."""
    states = {}
    return states["s"]


def failing_after(steps: int, error: BaseException, sleep_at: int | None = None):
    """A trainer (either framework) that runs the chapter's rmsprop, then raises ``error``."""
    import time

    count = [0]

    def trainer(*args):
        count[0] += 1
        if count[0] == sleep_at:
            time.sleep(0.6)  # long enough for the live figure to be drawn once
        if count[0] >= steps:
            raise error
        for p in args[0]:
            fw = type(p).__module__.split(".")[0]
            if fw == "torch":
                p.grad.zero_()
    return trainer


def nan_trainer_2d(x1, x2, s1, s2):
    return float("nan"), x2, s1, s2


def three_values_2d(x1, x2, s1, s2):
    return x1, x2, s1


def path_then_trace(eta, gamma, steps, f=None):
    def call():
        from d2lmini import torch as d2l
        results = d2l.train_2d(rmsprop_2d_with(eta, gamma), steps=steps)
        d2l.show_trace_2d(f or f_2d, results)
    return call


def book_path():
    from d2lmini.training import train_2d
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
    d2l.plt.figure()
    d2l.plt.close("all")  # a new cell: the inline backend closed the last figure
    d2l.show_trace_2d(f_2d, book_path())


def sized_six_by_four(figures: list[Figure]) -> str | None:
    sizes = [tuple(fig.get_size_inches()) for fig in figures]
    return None if sizes == [(6.0, 4.0)] else f"figure size {sizes}, the reader set (6, 4)"


@contextlib.contextmanager
def data_folder(make: Callable[[Path, Path], None]):
    """D2LMINI_DATA_DIR pointing at a new folder that ``make(folder, good_copy)`` fills."""
    from d2lmini import data

    good = Path(data.download("airfoil"))
    saved = os.environ.get(data.DATA_DIR_VARIABLE)
    with tempfile.TemporaryDirectory() as folder:
        make(Path(folder), good)
        os.environ[data.DATA_DIR_VARIABLE] = folder
        try:
            yield
        finally:
            os.environ[data.DATA_DIR_VARIABLE] = saved or ""


def bad_copy(fw: str, make: Callable[[Path, Path], None]) -> Callable[[], object]:
    def call():
        import importlib
        d2l = importlib.import_module(f"d2lmini.{fw}")
        with data_folder(make):
            d2l.get_data_ch11(batch_size=10)
    return call


def crlf(folder: Path, good: Path) -> None:
    (folder / good.name).write_bytes(good.read_bytes().replace(b"\n", b"\r\n"))


def truncated(folder: Path, good: Path) -> None:
    (folder / good.name).write_bytes(good.read_bytes()[:20000])


def txt_name(folder: Path, good: Path) -> None:
    shutil.copy(good, folder / (good.name + ".txt"))


def keras(name: str):
    import tensorflow as tf
    return getattr(tf.keras.optimizers, name)


def torch_optim(name: str):
    import torch
    return getattr(torch.optim, name)


def torch_instance():
    import torch
    return torch.optim.RMSprop([torch.zeros(1, requires_grad=True)], lr=0.01)


def keras_instance():
    return keras("RMSprop")(learning_rate=0.01)


def explorer(**kwargs):
    def call():
        from d2lmini import torch as d2l
        return d2l.rmsprop_explorer(**kwargs)
    return call


def call_of(module: str, function: str, *args, **kwargs):
    def call():
        import importlib
        return getattr(importlib.import_module(module), function)(*args, **kwargs)
    return call


def cases() -> list[Case]:
    result = []
    decay = {"torch": "alpha", "tensorflow": "rho"}
    rate = {"torch": "lr", "tensorflow": "learning_rate"}
    for fw in ("torch", "tensorflow"):
        add = lambda name, *args, **kwargs: result.append(Case(f"{fw}: {name}", *args, **kwargs))  # noqa: E731
        # The loss figure for the chapter's numbers and for the exercises' changes.
        add("book train_ch11", scratch_call(fw), "figure")
        for lr in (0.03, 0.1, 1, 10):
            add(f"train_ch11 lr={lr}", scratch_call(fw, {"lr": lr, "gamma": 0.9}), "figure",
                absent=("gamma = 0.9 is outside",))
        for lr in (1e6, 1e35):
            add(f"train_ch11 lr={lr}", scratch_call(fw, {"lr": lr, "gamma": 0.9}), "figure",
                words=("diverged",), printed=("diverged",))
        add("train_ch11 lr=1e35 gamma=1", scratch_call(fw, {"lr": 1e35, "gamma": 1.0}), "figure",
            words=("diverged",), printed=("diverged", "gamma"), absent=("smaller learning rate",))
        for gamma in (0.0, 0.5, 0.99):
            add(f"train_ch11 gamma={gamma}", scratch_call(fw, {"lr": 0.01, "gamma": gamma}), "figure")
        for gamma in (1.0, 1.5, -0.5):
            add(f"train_ch11 gamma={gamma}", scratch_call(fw, {"lr": 0.01, "gamma": gamma}), "figure",
                absent=("smaller learning rate",))
        add("train_ch11 lr=0", scratch_call(fw, {"lr": 0.0, "gamma": 0.9}), "figure",
            words=("change",), printed=("change",))
        add("train_ch11 no-op trainer", scratch_call(fw, trainer=noop_trainer), "figure",
            words=("change",), printed=("change",))
        add("train_ch11 lr=np.float32(0.01)", scratch_call(fw, {"lr": np.float32(0.01), "gamma": 0.9}), "figure")
        for n in (150, 300, 1000):
            add(f"train_ch11 n={n}", scratch_call(fw, n=n), "figure")
        add("train_ch11 n=100 num_epochs=1", scratch_call(fw, n=100, num_epochs=1), "figure")
        for batch_size in (1, 100, 1500):
            add(f"train_ch11 batch_size={batch_size}", scratch_call(fw, batch_size=batch_size), "figure")
        for num_epochs in (1, 5):
            add(f"train_ch11 num_epochs={num_epochs}", scratch_call(fw, num_epochs=num_epochs), "figure")
        add("book train_concise_ch11", concise_call(fw), "figure")
        add("train_concise_ch11 hyperparams={}", concise_call(fw, {}), "figure")
        for lr in (0.1, 1):
            add(f"train_concise_ch11 lr={lr}", concise_call(fw, {rate[fw]: lr, decay[fw]: 0.9}), "figure")
        add("train_concise_ch11 lr=1e6", concise_call(fw, {rate[fw]: 1e6, decay[fw]: 0.9}), "figure",
            words=("diverged",), printed=("diverged",))
        add(f"train_concise_ch11 lr=0", concise_call(fw, {rate[fw]: 0.0, decay[fw]: 0.9}), "figure",
            words=("change",), printed=("change",))
        add(f"train_concise_ch11 {decay[fw]}=1.5", concise_call(fw, {rate[fw]: 0.01, decay[fw]: 1.5}),
            "figure", absent=("smaller learning rate",))
        for kwargs in ({"n": 150}, {"batch_size": 1500}, {"batch_size": 1}):
            add(f"train_concise_ch11 {kwargs}", concise_call(fw, **kwargs), "figure")
        # The other framework's cells run before this framework's training cell.
        add("train_ch11 with the other framework's rmsprop and states", _mixed_scratch(fw, both=True),
            "error", words=("trainer_fn", "re-run"))
        add("train_ch11 with the other framework's states", _mixed_scratch(fw, both=False), "error",
            words=("states", "re-run"))
        add("train_ch11 with the other framework's rmsprop", _mixed_scratch(fw, both=False, states_too=False),
            "error", words=("trainer_fn", "re-run"))
        add("train_ch11 on the other framework's data_iter",
            scratch_call(fw, data=lambda fw=fw: chapter(other(fw))[0].get_data_ch11(batch_size=10)), "error",
            words=("data_iter", "get_data_ch11"))
        add("train_concise_ch11 on the other framework's data_iter",
            concise_call(fw, data=lambda fw=fw: chapter(other(fw))[0].get_data_ch11(batch_size=10)), "error",
            words=("data_iter", "get_data_ch11"))
        other_class = (lambda: keras("RMSprop")) if fw == "torch" else (lambda: torch_optim("RMSprop"))
        add("train_concise_ch11 with the other framework's optimizer class",
            concise_call(fw, trainer=other_class), "error", words=("trainer_fn", "re-run"))
        add("train_concise_ch11 with the other framework's class and hyperparams",
            concise_call(fw, _other_hyperparams(fw), trainer=other_class),
            "error", words=("trainer_fn",))
        add("train_concise_ch11 with the other framework's hyperparams names",
            concise_call(fw, _other_hyperparams(fw)), "error", words=("hyperparams", rate[fw]))
        add("train_concise_ch11 with the from-scratch rmsprop",
            concise_call(fw, trainer=lambda fw=fw: chapter(fw)[2]), "error", words=("trainer_fn", "train_ch11"))
        add("train_concise_ch11 with an optimizer object",
            concise_call(fw, trainer=torch_instance if fw == "torch" else keras_instance), "error",
            words=("trainer_fn", "class"))
        for text in ("rmsprop", "RMSprop"):
            add(f"train_concise_ch11 with the string {text!r}", concise_call(fw, trainer=lambda t=text: t),
                "error", words=("trainer_fn", "string"))
        add("train_ch11 with the optimizer class", scratch_call(fw, trainer=concise(fw)[0]), "error",
            words=("trainer_fn", "train_concise_ch11"))
        # Messages.
        add("train_ch11 trainer with a KeyError of its own", scratch_call(fw, trainer=states_key_error_trainer),
            "passthrough", raises=KeyError, absent=("hyperparams has no key",))
        add("train_ch11 hyperparams without gamma", scratch_call(fw, {"lr": 0.01}), "error",
            words=("hyperparams", "gamma"))
        add("train_ch11 hyperparams as a list", scratch_call(fw, [0.01, 0.9]), "error", words=("hyperparams",))
        add("train_ch11 string lr", scratch_call(fw, {"lr": "0.01", "gamma": 0.9}), "error",
            words=("hyperparams", "lr"))
        add("train_concise_ch11 string lr", concise_call(fw, {rate[fw]: "0.01", decay[fw]: 0.9}), "error",
            words=("hyperparams", rate[fw]))
        for feature_dim in ("5", None, 5.0, 4, True, 0):
            add(f"train_ch11 feature_dim={feature_dim!r}", scratch_call(fw, feature_dim=feature_dim), "error",
                words=("feature_dim",), absent=("feature_dim is 5 but",))
        for num_epochs in (0, 2.5, "2", None):
            add(f"train_ch11 num_epochs={num_epochs!r}", scratch_call(fw, num_epochs=num_epochs), "error",
                words=("num_epochs",))
            add(f"train_concise_ch11 num_epochs={num_epochs!r}", concise_call(fw, num_epochs=num_epochs),
                "error", words=("num_epochs",))
        for kwargs in ({"batch_size": 0}, {"batch_size": "10"}, {"n": 0}, {"n": 2000}, {"n": 150.5}):
            add(f"get_data_ch11 {kwargs}", call_of(f"d2lmini.{fw}", "get_data_ch11", **kwargs), "error",
                words=tuple(kwargs))
        add("train_ch11 data_iter=list", scratch_call(fw, data=lambda: ([(1, 2)], 5)), "error", words=("data_iter",))
        if fw == "tensorflow":
            add("train_ch11 run_eagerly='yes'", scratch_call(fw, run_eagerly="yes"), "error", words=("run_eagerly",))
            add("train_ch11 run_eagerly=True", scratch_call(fw, run_eagerly=True, n=300), "figure")
        # Interrupted and failed runs, in a notebook.
        eager = {"run_eagerly": True} if fw == "tensorflow" else {}  # the trainer's Python runs every step
        add("Ctrl-C during train_ch11", scratch_call(fw, trainer=failing_after(60, KeyboardInterrupt(), 30),
                                                     **eager),
            "passthrough", raises=KeyboardInterrupt)
        add("error in the trainer during train_ch11",
            scratch_call(fw, trainer=failing_after(60, RuntimeError("the reader's bug")), **eager),
            "passthrough", raises=RuntimeError)
        add("error at the first step",
            scratch_call(fw, trainer=failing_after(1, RuntimeError("the reader's bug")), **eager),
            "passthrough", raises=RuntimeError)
        # A bad local copy of the data.
        for name, make in (("CRLF", crlf), ("truncated", truncated)):
            add(f"D2LMINI_DATA_DIR with a {name} copy", bad_copy(fw, make), "error",
                words=("SHA-1", "expected", "found"))
        add("D2LMINI_DATA_DIR with airfoil_self_noise.dat.txt", bad_copy(fw, txt_name), "error",
            words=("airfoil_self_noise.dat.txt", "rename"))
    # The 2-D toy problem (framework-free code).
    add = lambda name, *args, **kwargs: result.append(Case(f"2-D: {name}", *args, **kwargs))  # noqa: E731
    add("book path", path_then_trace(0.4, 0.9, 20), "figure")
    for eta, gamma, steps in ((0.4, 0.9, 100), (0.1, 0.9, 20), (0.4, 0.0, 20), (0.4, 0.5, 20), (1.0, 0.9, 20)):
        add(f"eta={eta} gamma={gamma} steps={steps}", path_then_trace(eta, gamma, steps), "figure")
    add("exercise 1: gamma=1, 10 steps", path_then_trace(0.4, 1.0, 10), "figure", words=("view",))
    for steps in (50, 100):
        add(f"exercise 1: gamma=1, {steps} steps", path_then_trace(0.4, 1.0, steps), "figure",
            words=("view",), printed=("diverged",))
    for gamma in (1.5, 2.0):
        add(f"gamma={gamma}, 50 steps", path_then_trace(0.4, gamma, 50), "figure", printed=("diverged",))
    add("gamma=-0.5, 50 steps", path_then_trace(0.4, -0.5, 50), "figure")
    add("eta=5", path_then_trace(5.0, 0.9, 20), "figure", words=("view",))
    add("trainer returning NaN", lambda: trace(f_2d, lambda: _train_2d(nan_trainer_2d))(), "figure",
        words=("finite",), printed=("finite",))
    add("steps=10**20", lambda: _train_2d(rmsprop_2d_with(0.4, 0.9), steps=10**20), "error",
        words=("steps",), timeout=3)
    for steps in (0, -5, 2.5, "20", None):
        add(f"steps={steps!r}", lambda s=steps: _train_2d(rmsprop_2d_with(0.4, 0.9), steps=s), "error",
            words=("steps",))
    add("trainer returning 3 values", lambda: _train_2d(three_values_2d), "error", words=("return",))
    add("trainer=0.4", lambda: _train_2d(0.4), "error", words=("trainer",))
    for name, results in (("ragged points", [[-5, -2], [-4]]), ("string points", [["a", "b"]]),
                          ("no points", []), ("3-D points", [(1, 2, 3)])):
        add(f"show_trace_2d with {name}", trace(f_2d, results), "error", words=("results",))
    add("show_trace_2d with a scalar-valued f", trace(lambda x1, x2: 1.0, book_path), "error", words=("f(x1, x2)",))
    add("show_trace_2d with f using math.sqrt", trace(lambda x1, x2: math.sqrt(x1 ** 2 + x2 ** 2), book_path),
        "error", words=("np.sqrt",))
    add("show_trace_2d with a NaN-valued f", trace(lambda x1, x2: x1 * np.nan, book_path), "figure",
        words=("contour",))
    add("show_trace_2d after train_ch11 in a script", trace_after_training, "figure",
        check=one_axes_with_only_the_path, script=True)
    add("25 train_ch11 runs in a script", many_runs_in_a_script, "figure", figures=0, script=True)
    add("show_trace_2d after set_figsize((6, 4))", trace_with_figsize, "figure", check=sized_six_by_four)
    for figsize in (None, ("a", "b"), (3,), (0, 2), "35"):
        add(f"set_figsize({figsize!r})", call_of("d2lmini.plotting", "set_figsize", figsize), "error",
            words=("figsize",))
    for language in (["en"], "fr", None):
        add(f"set_language({language!r})", call_of("d2lmini", "set_language", language), "error",
            words=("language",))
    for name in (["airfoil"], "mnist", None):
        add(f"download({name!r})", call_of("d2lmini.data", "download", name), "error", words=("airfoil",))
    add("rmsprop_explorer(eta=np.float32(0.4))", explorer(eta=np.float32(0.4)), "value")
    add("rmsprop_explorer(gamma=np.float64(0.9))", explorer(gamma=np.float64(0.9)), "value")
    add("rmsprop_explorer(eta=5)", explorer(eta=5), "error", words=("eta",))
    return result


def _train_2d(trainer, steps=20):
    from d2lmini import torch as d2l
    return d2l.train_2d(trainer, steps=steps)


def _other_hyperparams(fw: str) -> dict:
    return {"torch": {"learning_rate": 0.01, "rho": 0.9}, "tensorflow": {"lr": 0.01, "alpha": 0.9}}[fw]


def _mixed_scratch(fw: str, both: bool, states_too: bool = True) -> Callable[[], object]:
    """train_ch11 of ``fw`` with the other framework's rmsprop and/or init_rmsprop_states."""
    def call():
        d2l, init_states, rmsprop, _, _ = chapter(fw)
        other_init, other_rmsprop = from_scratch(other(fw))
        data_iter, feature_dim = d2l.get_data_ch11(batch_size=10)
        trainer = other_rmsprop if both or not states_too else rmsprop
        states = other_init(feature_dim) if both or states_too else init_states(feature_dim)
        return d2l.train_ch11(trainer, states, {"lr": 0.01, "gamma": 0.9}, data_iter, feature_dim)
    return call


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", action="store_true", help="print every call's outcome")
    args = parser.parse_args()
    import d2lmini
    print(f"d2lmini from {Path(d2lmini.__file__).parent}")
    install_fake_kernel()
    counts = collections.Counter()
    all_cases = cases()
    for case in all_cases:
        outcome, why = run(case)
        counts[outcome] += 1
        if args.verbose or outcome not in ("clear error", "labelled figure"):
            print(f"  {outcome:16} {case.name}: {why}", flush=True)
    print(f"\n{len(all_cases)} calls")
    for name in CLASSES:
        print(f"  {name:16} {counts[name]:4}")


if __name__ == "__main__":
    main()
