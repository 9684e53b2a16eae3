"""d2lmini under a reader's experiments and mistakes, in both frameworks.

Each call of the table in ``support/reader_mistakes.py`` ends in one of two ways: a clear
``ValueError``/``TypeError`` raised by d2lmini (naming what was wrong and what is allowed) with
no figure shown, or the figures it should show, with every finite point inside the axes and a
note saying what happened. The tests below check what the table cannot say in key words, and
Hypothesis tries many more numbers.
"""

import hashlib
import math
import re

import nbformat
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from matplotlib import pyplot as plt
from nbclient import NotebookClient

from chapter_code import chapter_cell, f_2d, rmsprop_2d_with
from d2lmini import checks, data, set_language, training
from d2lmini.plotting import LossPlot, show_trace_2d
from support.fake_kernel import FakeKernel, clear_error_problem, notes_of, visible_points
from support.reader_mistakes import GOOD, cases, run, scratch_call

CASES = cases()


@pytest.fixture
def kernel():
    with FakeKernel() as fake:
        yield fake


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_every_mistake_ends_in_a_clear_error_or_a_labelled_figure(case, kernel):
    outcome, why = run(case, kernel)
    assert outcome in GOOD, f"{outcome}: {why}"


def assert_clear_error(call, error, *words):
    """``call()`` raises ``error`` from d2lmini's own code, with ``words`` in its message."""
    with pytest.raises(error) as raised:
        call()
    problem = clear_error_problem(raised.value, words)
    assert problem is None, problem
    return str(raised.value)


def errors_in_a_kernel(cells):
    """Run ``cells`` in a real Jupyter kernel; per cell, its error as "Name: message" (or None)
    and whether it displayed anything."""
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(cell) for cell in cells])
    NotebookClient(notebook, timeout=300, kernel_name="python3", allow_errors=True).execute()
    return [(next((f"{o.ename}: {o.evalue}" for o in cell.outputs if o.output_type == "error"), None),
             any(o.output_type == "display_data" for o in cell.outputs)) for cell in notebook.cells]


def test_a_missing_hyperparameter_is_named_for_a_trainer_from_a_kernel_cell():
    """IPython keeps each cell's source, so d2lmini reads the line of the cell that failed."""
    train = ("data_iter, feature_dim = d2l.get_data_ch11(batch_size=10, n=100)\n"
             "d2l.train_ch11(rmsprop, init_rmsprop_states(feature_dim), {hyperparams}, data_iter, feature_dim)")
    cells = []
    for module, tag, imports in (("torch", "pytorch", "import torch"), ("tensorflow", "tensorflow", "import tensorflow as tf")):
        cells += [f"%matplotlib inline\nfrom d2lmini import {module} as d2l\n{imports}", chapter_cell("rmsprop", tag),
                  train.format(hyperparams="{'lr': 0.01}"), train.format(hyperparams="{}")]
    results = errors_in_a_kernel(cells)
    for offset in (0, 4):
        assert results[offset:offset + 2] == [(None, False)] * 2
        assert results[offset + 2] == ("ValueError: hyperparams has no key 'gamma', which rmsprop reads; "
                                       "it has ['lr']", False)
        assert results[offset + 3] == ("ValueError: hyperparams has no key 'gamma', which rmsprop reads; "
                                       "it has []", False)


LOSS_LINE = re.compile(r"^loss: (\d\.\d{3}), \d+\.\d{3} sec/epoch$")


@pytest.mark.parametrize("fw", ["torch", "tensorflow"])
def test_the_books_settings_keep_the_books_look(fw, kernel, capsys):
    scratch_call(fw)()
    line = capsys.readouterr().out.strip()
    assert LOSS_LINE.match(line) and 0.238 <= float(LOSS_LINE.match(line).group(1)) <= 0.255
    (figure,) = kernel.figures()
    assert figure.axes[0].get_ylim() == (0.22, 0.35) and figure.axes[0].get_yscale() == "linear"
    assert notes_of(figure) == ""


@settings(max_examples=60, deadline=None)
@given(st.lists(st.floats(min_value=1e-6, max_value=1e15), min_size=1, max_size=40))
def test_the_loss_axes_hold_every_finite_loss(losses):
    plot = LossPlot(num_epochs=2)
    for i, loss in enumerate(losses):
        plot.add(2 * (i + 1) / len(losses), loss)
    plot.finish()
    inside, outside = visible_points(plot.fig)
    assert outside == 0 and inside == len(losses)
    after_first = losses[1:] or losses  # the first loss may lie above the book's range, as in the book
    if all(0.22 <= v <= 0.35 for v in after_first) and losses[0] >= 0.22:
        assert plot.axes.get_ylim() == (0.22, 0.35) and plot.axes.get_yscale() == "linear"
    else:
        assert (plot.axes.get_yscale() == "log") == (max(losses) / min(losses) > LossPlot.LOG_SCALE_SPAN)


def test_the_figure_notes_are_translated(kernel, capsys):
    try:
        set_language("ko")
        scratch_call("torch", {"lr": 1e35, "gamma": 0.9}, n=400)()
        assert "훈련이 발산했습니다" in notes_of(kernel.figures())
    finally:
        set_language("en")
    from d2lmini.language import MESSAGES
    assert MESSAGES["ko"]["training_diverged"] == "에포크 {epoch}에서 손실 = {loss}: 훈련이 발산했습니다"
    assert all(MESSAGES[lang].keys() == MESSAGES["en"].keys() for lang in MESSAGES)


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


def test_exercise_1_overflow_stops_the_path_where_it_broke(capsys):
    results = training.train_2d(rmsprop_2d_with(0.4, 1.0), steps=50)  # OverflowError in the reader's code
    assert "overflowed (OverflowError" in capsys.readouterr().out
    assert all(map(math.isfinite, results[-2])) and not any(map(math.isfinite, results[-1]))
    show_trace_2d(f_2d, results)
    assert f"the path became non-finite at step {len(results) - 1}" in notes_of(plt.gcf())


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


@pytest.mark.parametrize("damage", [
    lambda good: good.replace(b"\r\n", b"\n"),
    lambda good: good[:20000],
])
def test_a_bad_copy_in_the_data_dir_is_named_with_both_checksums(damage, tmp_path, monkeypatch):
    good = open(data.download("airfoil"), "rb").read()
    (tmp_path / "airfoil_self_noise.dat").write_bytes(damage(good))
    monkeypatch.setenv(data.DATA_DIR_VARIABLE, str(tmp_path))
    url, sha1 = data.DATA_HUB["airfoil"]
    monkeypatch.setitem(data.DATA_HUB, "airfoil", ("http://127.0.0.1:9/airfoil_self_noise.dat", sha1))
    message = assert_clear_error(lambda: data.download("airfoil"), data.DownloadError, "failed the SHA-1 check")
    assert message.startswith(f"The copy {tmp_path / 'airfoil_self_noise.dat'} failed the SHA-1 check")
    assert f"expected {sha1}, found {hashlib.sha1(damage(good)).hexdigest()}" in message
