"""d2lmini under a reader's experiments and mistakes, in both frameworks.

Each call ends in one of two ways: a clear ``ValueError``/``TypeError`` raised by d2lmini
(naming the argument, what it got, what is allowed) with no figure shown, or exactly one
figure that shows every finite point and says what happened. The tables below list the
calls, the outcome and the key words of the message; Hypothesis tries many more numbers.
"""

import math
import os
import re
import traceback

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from matplotlib import pyplot as plt

from chapter_code import concise, f_2d, from_scratch, rmsprop_2d_with
from d2lmini import checks, data, plotting, set_language, training
from d2lmini.plotting import LossPlot, set_figsize, show_trace_2d

FRAMEWORKS = ["torch", "tensorflow"]
OTHER = {"torch": "tensorflow", "tensorflow": "torch"}
NAMES = {"torch": "PyTorch", "tensorflow": "TensorFlow"}
RATE = {"torch": "lr", "tensorflow": "learning_rate"}
DECAY = {"torch": "alpha", "tensorflow": "rho"}


class Notebook:
    """Stands in for a Jupyter kernel: records the loss figures that d2lmini displays."""

    def __init__(self, monkeypatch):
        import IPython.display
        from matplotlib.figure import Figure

        self.shown = []
        saving = []
        original_savefig = Figure.savefig

        def savefig(figure, *args, **kwargs):
            saving[:] = [figure]
            return original_savefig(figure, *args, **kwargs)

        class Handle:
            def update(self, image, raw=False):
                pass

        def display(image, raw=False, display_id=False):
            self.shown.append(saving[0])
            return Handle()

        monkeypatch.setattr(Figure, "savefig", savefig)
        monkeypatch.setattr(IPython.display, "display", display)
        monkeypatch.setattr(plotting, "_kernel", lambda: self)
        monkeypatch.setattr(plotting, "use_svg_display", lambda: None)

    def figures(self):
        """What the reader sees: each displayed figure, then pyplot's open ones (the inline backend's)."""
        return self.shown + [plt.figure(n) for n in plt.get_fignums()]


@pytest.fixture
def notebook(monkeypatch):
    return Notebook(monkeypatch)


def module(fw):
    import importlib
    return importlib.import_module(f"d2lmini.{fw}")


def scratch(fw, hyperparams=None, trainer=None, states=None, data_iter=None, n=1500,
            batch_size=10, **kwargs):
    d2l = module(fw)
    init_states, rmsprop = from_scratch(fw)
    if data_iter is None:
        data_iter, _ = d2l.get_data_ch11(batch_size=batch_size, n=n)
    kwargs.setdefault("feature_dim", 5)
    return d2l.train_ch11(rmsprop if trainer is None else trainer,
                          init_states(5) if states is None else states,
                          {"lr": 0.01, "gamma": 0.9} if hyperparams is None else hyperparams,
                          data_iter, **kwargs)


def concise_run(fw, hyperparams=None, trainer=None, data_iter=None, n=1500, batch_size=10, **kwargs):
    d2l = module(fw)
    optimizer, book = concise(fw)
    if data_iter is None:
        data_iter, _ = d2l.get_data_ch11(batch_size=batch_size, n=n)
    return d2l.train_concise_ch11(optimizer if trainer is None else trainer,
                                  book if hyperparams is None else hyperparams, data_iter, **kwargs)


def assert_clear_error(call, error, *words, notebook=None):
    """``call()`` raises ``error`` from d2lmini's own code, with ``words`` in its message, and no figure."""
    with pytest.raises(error) as raised:
        call()
    assert "/d2lmini/" in traceback.extract_tb(raised.tb)[-1].filename.replace(os.sep, "/")
    message = str(raised.value)
    for word in words:
        assert word.lower() in message.lower(), f"{word!r} not in {message!r}"
    if notebook is not None:
        assert notebook.figures() == [], "a figure under the traceback"
    return message


def points_inside(figure):
    """(finite points drawn inside the axes, outside them), a lone point counting only with a marker."""
    inside = outside = 0
    for axes in figure.axes:
        (x0, x1), (y0, y1) = sorted(axes.get_xlim()), sorted(axes.get_ylim())
        for line in axes.lines:
            xy = np.asarray(line.get_xydata(), dtype=float).reshape(-1, 2)
            xy = xy[np.isfinite(xy).all(axis=1)]
            if len(xy) == 1 and line.get_marker() in (None, "None", ""):
                outside += 1
                continue
            within = (xy[:, 0] >= x0) & (xy[:, 0] <= x1) & (xy[:, 1] >= y0) & (xy[:, 1] <= y1)
            if len(within) > 1 and within[1] and xy[0, 1] > y1:
                within[0] = True  # the book's first loss may lie above: the curve enters from the top
            inside, outside = inside + int(within.sum()), outside + int((~within).sum())
    return inside, outside


def notes(figure):
    """The figure's notes, on one line."""
    texts = list(figure.texts) + [t for axes in figure.axes for t in axes.texts]
    return " ".join(t.get_text() for t in texts).replace("\n", " ")


def one_labelled_figure(notebook, *words):
    """The one figure shown: every finite point inside its axes, with ``words`` in its notes."""
    figures = notebook.figures()
    assert len(figures) == 1, f"{len(figures)} figures shown"
    inside, outside = points_inside(figures[0])
    assert inside > 0 and outside == 0, (inside, outside)
    for word in words:
        assert word in notes(figures[0]), (word, notes(figures[0]))
    return figures[0]


LOSS_LINE = re.compile(r"^loss: (\d\.\d{3}), \d+\.\d{3} sec/epoch$")


# ------------------------------------------------------------------ the loss figure

@pytest.mark.parametrize("fw", FRAMEWORKS)
def test_the_books_settings_keep_the_books_look(fw, notebook, capsys):
    scratch(fw)
    line = capsys.readouterr().out.strip()
    assert LOSS_LINE.match(line) and 0.238 <= float(LOSS_LINE.match(line).group(1)) <= 0.255
    figure = one_labelled_figure(notebook)
    assert figure.axes[0].get_ylim() == (0.22, 0.35) and figure.axes[0].get_yscale() == "linear"
    assert notes(figure) == ""


# (framework, how the reader changed the chapter's call, words on the figure, words printed)
FIGURE_CASES = [
    ("lr=1", lambda fw: scratch(fw, {"lr": 1, "gamma": 0.9}, n=400), (), ("loss:",)),
    ("lr=1e6", lambda fw: scratch(fw, {"lr": 1e6, "gamma": 0.9}, n=400), ("diverged",),
     ("diverged", "smaller learning rate")),
    ("lr=1e35, gamma=1", lambda fw: scratch(fw, {"lr": 1e35, "gamma": 1.0}, n=400), ("diverged",),
     ("diverged", "gamma = 1.0 is outside [0, 1)")),
    ("gamma=1.5", lambda fw: scratch(fw, {"lr": 0.01, "gamma": 1.5}, n=400), ("diverged",),
     ("gamma = 1.5 is outside",)),
    ("n=150", lambda fw: scratch(fw, n=150), (), ("loss:",)),
    ("batch_size=1500", lambda fw: scratch(fw, batch_size=1500), (), ("loss:",)),
    ("n=100, one epoch: a single point", lambda fw: scratch(fw, n=100, num_epochs=1), (), ("loss:",)),
    ("no-op trainer", lambda fw: scratch(fw, trainer=lambda *args: None, n=400), ("stays at",),
     ("did not change",)),
    ("lr=0", lambda fw: scratch(fw, {"lr": 0.0, "gamma": 0.9}, n=400), ("stays at",), ("did not change",)),
    ("lr=np.float32(0.01)", lambda fw: scratch(fw, {"lr": np.float32(0.01), "gamma": 0.9}, n=400), (),
     ("loss:",)),
    ("concise, hyperparams={}", lambda fw: concise_run(fw, {}, n=400), (), ("loss:",)),
    ("concise, lr=1", lambda fw: concise_run(fw, {RATE[fw]: 1, DECAY[fw]: 0.9}, n=400), (), ("loss:",)),
    ("concise, lr=1e6", lambda fw: concise_run(fw, {RATE[fw]: 1e6, DECAY[fw]: 0.9}, n=400), ("diverged",),
     ("diverged",)),
    ("concise, batch_size=1500", lambda fw: concise_run(fw, batch_size=1500), (), ("loss:",)),
]


@pytest.mark.parametrize("fw", FRAMEWORKS)
@pytest.mark.parametrize("name, call, on_figure, printed", FIGURE_CASES, ids=[c[0] for c in FIGURE_CASES])
def test_every_experiment_draws_its_points_and_says_what_happened(fw, name, call, on_figure, printed,
                                                                  notebook, capsys):
    call(fw)
    out = capsys.readouterr().out
    for word in printed:
        assert word in out, (word, out)
    if any("is outside" in word for word in printed):  # a bad decay rate, not a large learning rate
        assert "smaller learning rate" not in out
    one_labelled_figure(notebook, *on_figure)


def test_a_finite_divergence_is_called_so(notebook, capsys):
    scratch("torch", {"lr": 1e6, "gamma": 0.9}, n=400)
    one_labelled_figure(notebook, "diverged")
    assert "training diverged: the loss grew from" in capsys.readouterr().out


@settings(max_examples=60, deadline=None)
@given(st.lists(st.floats(min_value=1e-6, max_value=1e15), min_size=1, max_size=40))
def test_the_loss_axes_hold_every_finite_loss(losses):
    plot = LossPlot(num_epochs=2)
    for i, loss in enumerate(losses):
        plot.add(2 * (i + 1) / len(losses), loss)
    plot.finish()
    inside, outside = points_inside(plot.fig)
    assert outside == 0 and inside == len(losses)
    after_first = losses[1:] or losses  # the first loss may lie above the book's range, as in the book
    if all(0.22 <= v <= 0.35 for v in after_first) and losses[0] >= 0.22:
        assert plot.axes.get_ylim() == (0.22, 0.35) and plot.axes.get_yscale() == "linear"
    else:
        assert (plot.axes.get_yscale() == "log") == (max(losses) / min(losses) > LossPlot.LOG_SCALE_SPAN)


def test_the_figure_notes_are_translated(notebook, capsys):
    try:
        set_language("ko")
        scratch("torch", {"lr": 1e35, "gamma": 0.9}, n=400)
        assert "훈련이 발산했습니다" in notes(one_labelled_figure(notebook))
    finally:
        set_language("en")
    from d2lmini.language import MESSAGES
    assert MESSAGES["ko"]["training_diverged"] == "에포크 {epoch}에서 손실 = {loss}: 훈련이 발산했습니다"
    assert all(MESSAGES[lang].keys() == MESSAGES["en"].keys() for lang in MESSAGES)


# ------------------------------------------------------------------ mixing the frameworks' cells

def other_optimizer(fw):
    return concise(OTHER[fw])[0]


def optimizer_object(fw):
    if fw == "torch":
        import torch
        return torch.optim.RMSprop([torch.zeros(1, requires_grad=True)])
    import tensorflow as tf
    return tf.keras.optimizers.RMSprop()


# (what the reader mixed up, the call, the error, key words of the message)
MIXED_CASES = [
    ("the other framework's rmsprop and states",
     lambda fw: scratch(fw, trainer=from_scratch(OTHER[fw])[1], states=from_scratch(OTHER[fw])[0](5)),
     TypeError, ("trainer_fn", "re-run the {fw} cell")),
    ("the other framework's states",
     lambda fw: scratch(fw, states=from_scratch(OTHER[fw])[0](5)), TypeError,
     ("states", "{other} objects", "re-run the {fw} cell")),
    ("the other framework's data_iter",
     lambda fw: scratch(fw, data_iter=module(OTHER[fw]).get_data_ch11(n=100)[0]), TypeError,
     ("data_iter holds {other} tensors", "re-run the {fw} cell")),
    ("concise on the other framework's data_iter",
     lambda fw: concise_run(fw, data_iter=module(OTHER[fw]).get_data_ch11(n=100)[0]), TypeError,
     ("data_iter holds {other} tensors",)),
    ("the other framework's optimizer class", lambda fw: concise_run(fw, trainer=other_optimizer(fw)),
     TypeError, ("trainer_fn must be a {fw} optimizer class", "the {other} optimizer", "re-run the {fw} cell")),
    ("the other framework's class and hyperparams",
     lambda fw: concise_run(fw, concise(OTHER[fw])[1], trainer=other_optimizer(fw)), TypeError,
     ("trainer_fn", "the {other} optimizer")),
    ("the from-scratch rmsprop to the concise trainer",
     lambda fw: concise_run(fw, trainer=from_scratch(fw)[1]), TypeError,
     ("trainer_fn", "the function 'rmsprop'", "train_ch11")),
    ("an optimizer object", lambda fw: concise_run(fw, trainer=optimizer_object(fw)), TypeError,
     ("trainer_fn", "an optimizer object", "pass the class")),
    ("a string", lambda fw: concise_run(fw, trainer="rmsprop"), TypeError,
     ("trainer_fn", "the string 'rmsprop'")),
    ("an optimizer class to train_ch11", lambda fw: scratch(fw, trainer=concise(fw)[0]), TypeError,
     ("trainer_fn", "train_concise_ch11")),
]


@pytest.mark.parametrize("fw", FRAMEWORKS)
@pytest.mark.parametrize("name, call, error, words", MIXED_CASES, ids=[c[0] for c in MIXED_CASES])
def test_mixed_framework_cells_say_which_cell_to_rerun(fw, name, call, error, words, notebook):
    words = [w.format(fw=NAMES[fw], other=NAMES[OTHER[fw]]) for w in words]
    assert_clear_error(lambda: call(fw), error, *words, notebook=notebook)


# ------------------------------------------------------------------ messages

BAD_INPUT_CASES = [
    ("feature_dim='5'", lambda fw: scratch(fw, feature_dim="5", n=100), ValueError, ("feature_dim", "'5'")),
    ("feature_dim=None", lambda fw: scratch(fw, feature_dim=None, n=100), ValueError, ("feature_dim", "None")),
    ("feature_dim=5.0", lambda fw: scratch(fw, feature_dim=5.0, n=100), ValueError, ("feature_dim", "integer")),
    ("string lr", lambda fw: scratch(fw, {"lr": "0.01", "gamma": 0.9}, n=100), TypeError,
     ("hyperparams['lr']", "string '0.01'")),
    ("concise string lr", lambda fw: concise_run(fw, {RATE[fw]: "0.01"}, n=100), TypeError,
     ("hyperparams[", "string '0.01'")),
    ("hyperparams without gamma", lambda fw: scratch(fw, {"lr": 0.01}, n=100), ValueError,
     ("hyperparams has no key 'gamma'",)),
    ("num_epochs='2'", lambda fw: concise_run(fw, num_epochs="2", n=100), ValueError, ("num_epochs",)),
]


@pytest.mark.parametrize("fw", FRAMEWORKS)
@pytest.mark.parametrize("name, call, error, words", BAD_INPUT_CASES, ids=[c[0] for c in BAD_INPUT_CASES])
def test_bad_input_is_a_clear_error_before_any_figure(fw, name, call, error, words, notebook):
    assert_clear_error(lambda: call(fw), error, *words, notebook=notebook)


@pytest.mark.parametrize("fw", FRAMEWORKS)
def test_a_keyerror_of_the_trainers_own_passes_through(fw, notebook):
    def trainer(params, *rest):
        cache = {}
        return cache["s"]  # the reader's bug, not a missing hyperparameter

    with pytest.raises(KeyError, match="'s'"):
        scratch(fw, trainer=trainer, n=100, **({"run_eagerly": True} if fw == "tensorflow" else {}))
    assert notebook.figures() == []


def test_run_eagerly_must_be_a_bool():
    assert_clear_error(lambda: scratch("tensorflow", run_eagerly="yes", n=100), TypeError,
                       "run_eagerly must be True or False", "'yes'")


@settings(max_examples=80, deadline=None)
@given(st.one_of(st.integers(-5, 10**6), st.floats(allow_nan=True), st.text(max_size=4), st.none(),
                 st.booleans(), st.integers(1, 50).map(np.int64), st.tuples(st.integers())))
def test_positive_int_accepts_integers_only(value):
    try:
        result = checks.positive_int("steps", value, maximum=1000)
    except ValueError as err:
        assert str(err).startswith("steps must be an integer from 1 to 1000, got")
        assert isinstance(value, (bool, float, str, tuple, type(None))) or not 1 <= value <= 1000
    else:
        assert type(result) is int and result == value and 1 <= result <= 1000


@settings(max_examples=50, deadline=None)
@given(st.dictionaries(st.sampled_from(["lr", "gamma", "t"]),
                       st.one_of(st.floats(), st.text(min_size=1, max_size=5)), min_size=1))
def test_string_hyperparameters_are_named(hyperparams):
    strings = [k for k, v in hyperparams.items() if isinstance(v, str)]
    if strings:
        with pytest.raises(TypeError, match=r"hyperparams\[.*\] must be a number, got the string"):
            checks.hyperparams_mapping(hyperparams)
    else:
        assert checks.hyperparams_mapping(hyperparams) is hyperparams


def test_numpy_scalars_are_numbers():
    assert checks.number_in_range("eta", np.float32(0.5), 0.01, 2) == 0.5
    assert type(checks.number_in_range("eta", np.float32(0.5), 0.01, 2)) is float
    assert checks.positive_int("steps", np.int64(7)) == 7


@pytest.mark.parametrize("call, words", [
    (lambda: set_figsize(None), ("figsize", "None")),
    (lambda: set_figsize(("a", "b")), ("figsize", "('a', 'b')")),
    (lambda: set_language(["en"]), ("language must be one of", "['en']")),
    (lambda: data.download(["airfoil"]), ("unknown data set ['airfoil']", "airfoil")),
])
def test_bad_arguments_of_the_small_helpers(call, words):
    assert_clear_error(call, ValueError, *words)


# ------------------------------------------------------------------ the 2-D toy problem

def test_exercise_1_overflow_stops_the_path_and_says_so(capsys):
    results = training.train_2d(rmsprop_2d_with(0.4, 1.0), steps=50)  # OverflowError in the reader's code
    out = capsys.readouterr().out
    assert "overflowed (OverflowError" in out and "the path diverged" in out
    assert all(map(math.isfinite, results[-2])) and not any(map(math.isfinite, results[-1]))
    show_trace_2d(f_2d, results)
    text = notes(plt.gcf())
    assert "the path leaves the view at step 1" in text
    assert f"the path became non-finite at step {len(results) - 1}" in text


def test_a_nan_path_stops_and_says_so(capsys):
    results = training.train_2d(lambda x1, x2, s1, s2: (math.nan, x2, s1, s2))
    assert len(results) == 2 and "stopped: the path is not finite from step 1" in capsys.readouterr().out


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(eta=st.floats(0.01, 5), gamma=st.floats(-1, 2), steps=st.integers(1, 200))
def test_any_eta_gamma_and_steps_give_a_path_that_can_be_drawn(eta, gamma, steps, capsys):
    results = training.train_2d(rmsprop_2d_with(eta, gamma), steps=steps)
    out = capsys.readouterr().out
    assert len(results) <= steps + 1
    assert all(math.isfinite(x1) and math.isfinite(x2) for x1, x2 in results[:-1])
    assert ("diverged" in out) == (not all(map(math.isfinite, results[-1])))
    show_trace_2d(f_2d, results)
    assert plt.gca().lines[0].get_xydata().shape[0] >= 1
    plt.close("all")


def test_steps_are_capped():
    assert_clear_error(lambda: training.train_2d(rmsprop_2d_with(0.4, 0.9), steps=10**20), ValueError,
                       "steps must be an integer from 1 to 100000")


@pytest.mark.parametrize("results, words", [
    ([[-5, -2], [-4]], ("results must be a non-empty list of (x1, x2) pairs",)),
    ([["a", "b"]], ("results must be", "could not convert string")),
])
def test_show_trace_2d_rejects_points_it_cannot_draw(results, words):
    assert_clear_error(lambda: show_trace_2d(f_2d, results), ValueError, *words)
    assert plt.get_fignums() == []


def test_show_trace_2d_explains_an_f_it_cannot_draw():
    path = [(-5, -2), (-4, -1)]
    assert_clear_error(lambda: show_trace_2d(lambda x1, x2: 1.0, path), ValueError,
                       "f(x1, x2) must return one number per grid point", "a single value")
    assert_clear_error(lambda: show_trace_2d(lambda x1, x2: math.sqrt(x1), path), TypeError,
                       "NumPy arrays", "np.sqrt")
    show_trace_2d(lambda x1, x2: x1 * np.nan, path)
    assert "no finite value" in notes(plt.gcf()) and len(plt.gca().lines) == 1


# ------------------------------------------------------------------ interrupted and failed runs; scripts

@pytest.mark.parametrize("fw", FRAMEWORKS)
def test_ctrl_c_leaves_one_figure_saying_so(fw, notebook, monkeypatch):
    monkeypatch.setattr(LossPlot, "__init__", _redraw_always(LossPlot.__init__))
    calls = []

    def interrupted(*args):
        calls.append(1)
        if len(calls) == 50:
            raise KeyboardInterrupt
        if fw == "torch":
            for p in args[0]:
                p.grad.zero_()

    with pytest.raises(KeyboardInterrupt):
        scratch(fw, trainer=interrupted, n=600, **({"run_eagerly": True} if fw == "tensorflow" else {}))
    figure = one_labelled_figure(notebook, "interrupted at epoch")
    assert notebook.shown.count(figure) == 1


def _redraw_always(init):
    def redraw_always(self, num_epochs, **kwargs):
        init(self, num_epochs, redraw_every=0.0)  # a slow run: the figure is live before Ctrl-C
    return redraw_always


@pytest.mark.parametrize("fw", FRAMEWORKS)
def test_an_error_at_the_first_step_shows_no_figure(fw, notebook):
    def broken(*args):
        raise RuntimeError("the reader's bug")

    with pytest.raises(RuntimeError, match="the reader's bug") as raised:
        scratch(fw, trainer=broken, n=100, **({"run_eagerly": True} if fw == "tensorflow" else {}))
    assert notebook.figures() == []
    if hasattr(raised.value, "__notes__"):
        assert "d2lmini: raised in training step 1" in raised.value.__notes__[0]


def test_a_script_keeps_no_figure_open_and_draws_the_trace_apart(capsys):
    for _ in range(3):
        scratch("torch", n=200, batch_size=100)
    assert plt.get_fignums() == []
    set_figsize((6, 4))
    try:
        show_trace_2d(f_2d, training.train_2d(rmsprop_2d_with(0.4, 0.9)))
        assert tuple(plt.gcf().get_size_inches()) == (6, 4)
        assert len(plt.gca().lines) == 1 and plt.gca().get_xlabel() == "x1"
    finally:
        set_figsize()


# ------------------------------------------------------------------ a bad local copy of the data

@pytest.mark.parametrize("damage, words", [
    (lambda good: good.replace(b"\r\n", b"\n"), ("failed the SHA-1 check", "only in its line ends")),
    (lambda good: good.replace(b"\n", b"\r\n"), ("failed the SHA-1 check", "only in its line ends")),
    (lambda good: good[:20000], ("failed the SHA-1 check", "20000 bytes")),
])
def test_a_bad_copy_in_the_data_dir_is_named(damage, words, tmp_path, monkeypatch):
    good = open(data.download("airfoil"), "rb").read()
    (tmp_path / "airfoil_self_noise.dat").write_bytes(damage(good))
    found = __import__("hashlib").sha1(damage(good)).hexdigest()
    monkeypatch.setenv(data.DATA_DIR_VARIABLE, str(tmp_path))
    url, sha1 = data.DATA_HUB["airfoil"]
    monkeypatch.setitem(data.DATA_HUB, "airfoil", ("http://127.0.0.1:9/airfoil_self_noise.dat", sha1))
    message = assert_clear_error(lambda: data.download("airfoil"), data.DownloadError, *words)
    assert message.startswith(f"The copy {tmp_path / 'airfoil_self_noise.dat'} failed the SHA-1 check")
    assert f"expected {sha1}, found {found}" in message
    assert "To work offline" not in message


def test_a_copy_with_the_wrong_name_is_named(tmp_path, monkeypatch):
    (tmp_path / "airfoil_self_noise.dat.txt").write_bytes(open(data.download("airfoil"), "rb").read())
    monkeypatch.setenv(data.DATA_DIR_VARIABLE, str(tmp_path))
    url, sha1 = data.DATA_HUB["airfoil"]
    monkeypatch.setitem(data.DATA_HUB, "airfoil", ("http://127.0.0.1:9/airfoil_self_noise.dat", sha1))
    assert_clear_error(lambda: data.download("airfoil"), data.DownloadError,
                       "holds airfoil_self_noise.dat.txt but no file named exactly airfoil_self_noise.dat",
                       "rename")
