"""d2lmini's training helpers: the values the d2l package gives, and clear errors on bad input."""

import importlib
import math
import re
import string
import subprocess
import sys
import time

import matplotlib
import nbformat
import numpy as np
import pytest
from matplotlib import pyplot as plt
from nbclient import NotebookClient

from chapter_code import concise, f_2d, from_scratch, rmsprop_2d_with
from d2lmini import plotting, set_language, training
from d2lmini.data import Minibatches
from d2lmini.language import MESSAGES
from d2lmini.plotting import show_trace_2d

LOSS_LINE = re.compile(r"^loss: (\d\.\d{3}), \d+\.\d{3} sec/epoch$")


def test_train_2d_prints_and_returns_the_books_values(capsys):
    results = training.train_2d(rmsprop_2d_with(0.4, 0.9))
    assert capsys.readouterr().out == "epoch 20, x1: -0.010599, x2: 0.000000\n"
    assert len(results) == 21
    assert results[0] == (-5, -2)
    assert results[-1][0] == pytest.approx(-0.010599, abs=1e-6)


def test_train_2d_passes_f_grad(capsys):
    def gd(x1, x2, s1, s2, f_grad):
        g1, g2 = f_grad(x1, x2)
        return x1 - 0.1 * g1, x2 - 0.1 * g2, s1, s2
    results = training.train_2d(gd, steps=3, f_grad=lambda x1, x2: (2 * x1, 4 * x2))
    assert results[1] == pytest.approx((-4.0, -1.2))
    assert capsys.readouterr().out.startswith("epoch 3, x1: -2.560000")


def one_element(kind):
    """Makes x -> x as ``kind``: what d2l's trainers return (its TensorFlow SGD, tensors of shape (1,))."""
    if kind == "torch":
        import torch
        return lambda x: torch.tensor([x], requires_grad=True)
    if kind == "tensorflow":
        import tensorflow as tf
        return lambda x: tf.constant([x])
    return {"numpy scalar": np.float32, "numpy array": lambda x: np.array([x])}[kind]


@pytest.mark.parametrize("kind", ["torch", "tensorflow", "numpy scalar", "numpy array"])
def test_train_2d_accepts_numbers_in_tensors_as_d2l_does(kind, capsys):
    wrap = one_element(kind)

    def gd(x1, x2, s1, s2):
        return wrap(x1 - 0.1 * 2 * x1), wrap(x2 - 0.1 * 4 * x2), 0, 0

    results = training.train_2d(gd, steps=3)
    assert results[1] == pytest.approx((-4.0, -1.2)) and all(type(v) is float for v in results[-1])
    assert capsys.readouterr().out == "epoch 3, x1: -2.560000, x2: -0.432000\n"


@pytest.mark.parametrize("x1", [np.array([1.0, 2.0]), "1.0", [1.0], np.array([True]), 1 + 2j])
def test_train_2d_rejects_what_is_not_one_number(x1):
    with pytest.raises(TypeError, match="must return numbers for x1 and x2"):
        training.train_2d(lambda *args: (x1, 0.0, 0, 0))


@pytest.mark.parametrize("steps", [0, -1, 2.0, "20", 10**20])
def test_train_2d_rejects_bad_steps(steps):
    with pytest.raises(ValueError, match="steps must be an integer from 1 to 100000"):
        training.train_2d(rmsprop_2d_with(0.4, 0.9), steps=steps)


def test_train_2d_rejects_a_non_function():
    with pytest.raises(ValueError, match="trainer must be a function"):
        training.train_2d(0.4)


def drawn_path():
    axes = plt.gca()
    return axes.lines[0].get_xydata(), [t.get_text() for t in axes.texts]


def test_show_trace_2d_draws_the_path_over_contours():
    results = training.train_2d(rmsprop_2d_with(0.4, 0.9))
    show_trace_2d(f_2d, results)
    path, notes = drawn_path()
    np.testing.assert_allclose(path, np.array(results, dtype=float))
    assert notes == []
    axes = plt.gca()
    assert axes.get_xlabel() == "x1" and axes.get_ylabel() == "x2"
    assert axes.lines[0].get_color() == "#ff7f0e" and axes.lines[0].get_marker() == "o"
    assert axes.get_xlim() == pytest.approx((-5.5, 0.9)) and axes.get_ylim() == pytest.approx((-3, 0.9))


def test_show_trace_2d_uses_the_books_size_unless_the_reader_chose_one(monkeypatch):
    monkeypatch.setitem(plt.rcParams, "figure.figsize", matplotlib.rcParamsDefault["figure.figsize"])
    show_trace_2d(f_2d, [(-5, -2), (-4, -1)])
    assert tuple(plt.gcf().get_size_inches()) == (3.5, 2.5)
    plt.close("all")
    plt.rcParams["figure.figsize"] = (5.0, 3.0)  # chosen without set_figsize
    show_trace_2d(f_2d, [(-5, -2), (-4, -1)])
    assert tuple(plt.gcf().get_size_inches()) == (5.0, 3.0)


def test_show_trace_2d_cuts_a_path_that_leaves_the_view():
    results = training.train_2d(rmsprop_2d_with(0.4, 1.0), steps=10)  # gamma = 1: steps of eta/sqrt(eps)
    show_trace_2d(f_2d, results)
    path, notes = drawn_path()
    assert notes == ["the path leaves the view at step 1"]
    assert len(path) == 2 and np.isfinite(path).all()
    x_min, x_max = plt.gca().get_xlim()
    y_min, y_max = plt.gca().get_ylim()
    assert x_min <= path[-1, 0] <= x_max and y_min <= path[-1, 1] <= y_max
    assert path[-1, 0] == pytest.approx(x_max) or path[-1, 1] == pytest.approx(y_max)
    assert plt.gca().get_xlim() == pytest.approx((-5.5, 0.9))


def test_show_trace_2d_cuts_a_non_finite_path():
    show_trace_2d(f_2d, [(-5, -2), (-4, -1), (float("nan"), 0.0), (0.0, 0.0)])
    path, notes = drawn_path()
    assert notes == ["the path became non-finite at step 2"]
    np.testing.assert_array_equal(path, [[-5, -2], [-4, -1]])


@pytest.mark.parametrize("results", [[], [1, 2, 3], [(1, 2, 3)]])
def test_show_trace_2d_rejects_bad_results(results):
    with pytest.raises(ValueError, match="results must be a non-empty list of"):
        show_trace_2d(f_2d, results)


def test_import_loads_only_its_own_framework():
    for module, other in [("torch", "tensorflow"), ("tensorflow", "torch")]:
        code = f"import sys, d2lmini.{module}; print('{other}' in sys.modules)"
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
        assert out.stdout.strip() == "False", f"importing d2lmini.{module} imported {other}"


def test_importing_the_torch_helpers_prepares_the_first_training_while_the_reader_reads():
    """torch.optim's first optimizer imports torch._dynamo, and the first loss figure loads the SVG
    backend and its fonts: a kernel does both once no cell has run for a moment, never while a
    cell runs nor between cells that follow each other at once (Run All); a script does neither."""
    prepared = "print('torch._dynamo' in sys.modules, 'matplotlib.backends.backend_svg' in sys.modules)"
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(code) for code in [
        "import sys, time, d2lmini.torch\ntime.sleep(2 * d2lmini.torch.READING_PAUSE)\n" + prepared,
        "time.sleep(2 * d2lmini.torch.READING_PAUSE)\n" + prepared,  # right after it, as in Run All
        prepared,  # after the reader's pause
    ]])
    client = NotebookClient(notebook, timeout=120, kernel_name="python3")
    with client.setup_kernel():
        client.execute_cell(notebook.cells[0], 0)
        client.execute_cell(notebook.cells[1], 1)
        time.sleep(2)  # the reader reads
        client.execute_cell(notebook.cells[2], 2)
    assert [cell.outputs[0]["text"].strip() for cell in notebook.cells] == ["False False"] * 2 + ["True True"]
    script = "import sys, time, d2lmini.torch; time.sleep(1.5); " + prepared
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


def test_d2ls_framework_aliases_as_its_optimization_chapters_call_them(d2l):
    framework = d2l.__name__.rsplit(".", 1)[1]
    assert d2l.numpy(d2l.arange(40)).tolist() == list(range(40))  # momentum, RMSProp
    assert tuple(d2l.zeros((5, 1)).shape) == (5, 1) and tuple(d2l.zeros(1).shape) == (1,)  # their states
    noise = d2l.normal(0.0, 1, (1,)) if framework == "torch" else d2l.normal([1], 0.0, 1)  # SGD
    assert tuple(noise.shape) == (1,)
    x1, x2 = d2l.meshgrid(d2l.arange(-5.5, 1.0, 0.1), d2l.arange(-3.0, 1.0, 0.1), indexing="ij")
    assert tuple(x1.shape) == (65, 40)
    assert d2l.numpy(d2l.exp(d2l.tensor([0.0])))[0] == 1.0
    assert set(d2l.ALIASES) <= set(d2l.__all__)


def test_get_data_ch11(d2l):
    data_iter, feature_dim = d2l.get_data_ch11(batch_size=10)
    assert feature_dim == 5 and len(data_iter) == 150
    X, y = next(iter(data_iter))
    assert tuple(X.shape) == (10, 5) and tuple(y.shape) == (10,)
    small, _ = d2l.get_data_ch11(batch_size=7, n=20)
    assert [int(y.shape[0]) for _, y in small] == [7, 7, 6]


@pytest.mark.parametrize("kwargs, message", [
    ({"batch_size": 0}, "batch_size must be an integer >= 1"),
    ({"n": 0}, "n must be an integer from 1 to 1503"),
    ({"n": 1504}, "n must be an integer from 1 to 1503"),
])
def test_get_data_ch11_rejects_bad_input(d2l, kwargs, message):
    with pytest.raises(ValueError, match=message):
        d2l.get_data_ch11(**kwargs)


def test_train_ch11_reaches_the_books_loss(d2l, capsys):
    framework = d2l.__name__.rsplit(".", 1)[1]
    init_states, rmsprop = from_scratch(framework)
    # The same weights and shuffles every run: unseeded, one run in many ended at 0.2551.
    if framework == "torch":
        importlib.import_module("torch").manual_seed(0)
    else:
        importlib.import_module("tensorflow").random.set_seed(0)
    data_iter, feature_dim = d2l.get_data_ch11(batch_size=10)
    times, losses = d2l.train_ch11(rmsprop, init_states(feature_dim),
                                   {"lr": 0.01, "gamma": 0.9}, data_iter, feature_dim)
    line = capsys.readouterr().out.strip()
    assert LOSS_LINE.match(line), line
    assert len(losses) == len(times) == 15  # every 200 of 2 x 1500 examples
    assert 0.238 <= losses[-1] <= 0.255
    # The figure's alt text: "it falls to about 0.25 within the first epoch and stays there" (from
    # 1400 examples on; the first point, after 200, lay between 0.31 and 0.38 over 40 seeds).
    assert max(losses[6:]) <= 0.26, losses
    assert float(LOSS_LINE.match(line).group(1)) == round(losses[-1], 3)
    assert all(a < b for a, b in zip(times, times[1:]))


def test_train_ch11_with_show_false_only_returns_the_losses(d2l, capsys, monkeypatch):
    framework = d2l.__name__.rsplit(".", 1)[1]
    init_states, rmsprop = from_scratch(framework)
    data_iter, feature_dim = d2l.get_data_ch11(batch_size=10, n=400)
    drawn = []
    monkeypatch.setattr(plotting.LossPlot, "_draw", lambda self: drawn.append(self))
    times, losses = d2l.train_ch11(rmsprop, init_states(feature_dim), {"lr": 0.01, "gamma": 0.9},
                                   data_iter, feature_dim, show=False)
    assert capsys.readouterr().out == "" and drawn == []
    assert len(losses) == len(times) == 4 and all(map(math.isfinite, losses))  # 200, ..., 800 examples
    d2l.train_ch11(rmsprop, init_states(feature_dim), {"lr": 0.01, "gamma": 0.9},
                   data_iter, feature_dim)
    assert LOSS_LINE.match(capsys.readouterr().out.strip()) and drawn
    with pytest.raises(TypeError, match="show must be True or False, got 'no'"):
        d2l.train_ch11(rmsprop, init_states(feature_dim), {"lr": 0.01, "gamma": 0.9},
                       data_iter, feature_dim, show="no")


def test_train_concise_ch11_reaches_the_books_loss(d2l, capsys, concise_losses):
    framework = d2l.__name__.rsplit(".", 1)[1]
    optimizer, hyperparams = concise(framework)
    data_iter, _ = d2l.get_data_ch11(batch_size=10)
    times, losses = concise_losses(d2l, optimizer, hyperparams, data_iter)
    assert LOSS_LINE.match(capsys.readouterr().out.strip())
    assert len(losses) == {"torch": 30, "tensorflow": 15}[framework]  # 4 and 2 epochs, as in d2l
    assert 0.238 <= losses[-1] <= 0.255


def test_training_with_a_partial_last_batch(d2l, capsys, concise_losses):
    framework = d2l.__name__.rsplit(".", 1)[1]
    init_states, rmsprop = from_scratch(framework)
    data_iter, feature_dim = d2l.get_data_ch11(batch_size=7, n=250)  # batches of 7, the last of 5
    times, losses = d2l.train_ch11(rmsprop, init_states(feature_dim), {"lr": 0.01, "gamma": 0.9},
                                   data_iter, feature_dim, num_epochs=2)
    assert len(losses) == 3  # after 203 and 406 examples, and at the end (500)
    optimizer, hyperparams = concise(framework)
    times, losses = concise_losses(d2l, optimizer, hyperparams, data_iter, num_epochs=2)
    assert len(losses) == 3 and all(map(math.isfinite, losses))


def test_training_that_diverges_stops_and_says_so(d2l, capsys):
    framework = d2l.__name__.rsplit(".", 1)[1]
    init_states, rmsprop = from_scratch(framework)
    data_iter, feature_dim = d2l.get_data_ch11(batch_size=10)
    # gamma = 1 with a huge learning rate: s stays 0 and every step is lr * g / sqrt(eps).
    times, losses = d2l.train_ch11(rmsprop, init_states(feature_dim),
                                   {"lr": 1e35, "gamma": 1.0}, data_iter, feature_dim)
    out = capsys.readouterr().out
    assert out.startswith("stopped: the loss became") and "diverged" in out
    assert not math.isfinite(losses[-1]) and all(map(math.isfinite, losses[:-1]))
    assert len(times) == len(losses) < 15


@pytest.mark.parametrize("change, message", [
    ({"num_epochs": 0}, "num_epochs must be an integer >= 1"),
    ({"hyperparams": [0.01, 0.9]}, "hyperparams must be a dict"),
    ({"hyperparams": {"lr": 0.01}}, r"hyperparams has no key 'gamma', which rmsprop reads; it has \['lr'\]"),
    ({"feature_dim": 4}, "feature_dim is 4 but the data have 5 features"),
    ({"data_iter": [(1, 2)]}, "data_iter must be the iterator returned by get_data_ch11"),
])
def test_train_ch11_rejects_bad_input(d2l, change, message):
    framework = d2l.__name__.rsplit(".", 1)[1]
    init_states, rmsprop = from_scratch(framework)
    data_iter, feature_dim = d2l.get_data_ch11(batch_size=10, n=100)
    args = {"trainer_fn": rmsprop, "states": init_states(5), "data_iter": data_iter,
            "hyperparams": {"lr": 0.01, "gamma": 0.9}, "feature_dim": feature_dim, **change}
    with pytest.raises(ValueError, match=message):
        d2l.train_ch11(**args)


@pytest.mark.parametrize("change, message", [
    ({"num_epochs": -1}, "num_epochs must be an integer >= 1"),
    ({"hyperparams": {"lr": 0.01, "gamma": 0.9}}, "RMSprop rejected hyperparams"),
    ({"data_iter": None}, "data_iter must be the iterator returned by get_data_ch11"),
])
def test_train_concise_ch11_rejects_bad_input(d2l, change, message):
    framework = d2l.__name__.rsplit(".", 1)[1]
    optimizer, hyperparams = concise(framework)
    data_iter, _ = d2l.get_data_ch11(batch_size=10, n=100)
    args = {"trainer_fn": optimizer, "hyperparams": hyperparams, "data_iter": data_iter, **change}
    with pytest.raises(ValueError, match=message):
        d2l.train_concise_ch11(**args)


@pytest.mark.parametrize("figsize", [(0, 2), (3,), (float("nan"), 2)])
def test_set_figsize_rejects_bad_sizes(figsize):
    from d2lmini.plotting import set_figsize
    with pytest.raises(ValueError, match="figsize must be two numbers"):
        set_figsize(figsize)


# ------------------------------------------------------------------ printed lines in each language

@pytest.fixture
def in_language():
    """Switches d2lmini's language for one test, and back to English afterwards."""
    yield set_language
    set_language("en")


OVERFLOW = "(OverflowError)"  # the same on every system: not the C library's words for errno 34
TRAIN_2D_LINES = {  # the chapter's rmsprop_2d: η = 0.4, γ = 0.9; η = 0.1, γ = 1 (the first exercise)
    "en": ["epoch 20, x1: -0.010599, x2: 0.000000",
           f"step 59, x1: 1.39776e+76, x2: 5.73365e+153; stopped: step 60 overflowed {OVERFLOW}, "
           "the path diverged",
           "step 1, x1: nan, x2: -2; stopped: the path is not finite from step 1 on, it diverged",
           "step 0, x1: -5, x2: -2; stopped: step 1 failed (ValueError: math domain error), "
           "the path diverged"],
    "ko": ["스텝 20, x1: -0.010599, x2: 0.000000",
           f"스텝 59, x1: 1.39776e+76, x2: 5.73365e+153; 멈춤: 스텝 60에서 오버플로{OVERFLOW}가 일어나 "
           "경로가 발산했습니다",
           "스텝 1, x1: nan, x2: -2; 멈춤: 경로가 스텝 1에서 무한대나 NaN이 되어 발산했습니다",
           "스텝 0, x1: -5, x2: -2; 멈춤: 스텝 1의 계산이 실패해(ValueError: math domain error) "
           "경로가 발산했습니다"],
    "vi": ["bước 20, x1: -0.010599, x2: 0.000000",
           f"bước 59, x1: 1.39776e+76, x2: 5.73365e+153; dừng: bước 60 bị tràn số {OVERFLOW}, "
           "quỹ đạo phân kỳ",
           "bước 1, x1: nan, x2: -2; dừng: quỹ đạo trở thành vô hạn hoặc NaN từ bước 1, tức là phân kỳ",
           "bước 0, x1: -5, x2: -2; dừng: không tính được bước 1 (ValueError: math domain error), "
           "quỹ đạo phân kỳ"],
}


@pytest.mark.parametrize("language", TRAIN_2D_LINES)
def test_train_2d_says_how_the_path_ended_in_the_chosen_language(language, in_language, capsys):
    """The last point of a path that ends normally, overflows, becomes NaN or fails, in steps."""
    in_language(language)
    training.train_2d(rmsprop_2d_with(0.4, 0.9))
    assert training.train_2d(rmsprop_2d_with(0.1, 1.0), steps=100)[-2][1] == pytest.approx(2 * 399 ** 59)
    training.train_2d(lambda x1, x2, s1, s2: (math.nan, x2, s1, s2))
    training.train_2d(lambda x1, x2, s1, s2: (math.sqrt(-1), x2, s1, s2))
    assert capsys.readouterr().out.splitlines() == TRAIN_2D_LINES[language]


def fake_training(losses, hyperparams):
    """d2lmini's training loop over 400 examples in 4 minibatches, the loss evaluated before
    training and after 200 and 400 examples giving ``losses`` in turn; returns what it printed."""
    data_iter = Minibatches(np.zeros((400, 1)), np.zeros(400), 100, to_tensor=lambda a: a,
                            permutation=np.arange)
    evaluations = iter(losses)
    training.fit(lambda X, y: None, lambda: next(evaluations), data_iter, 1, hyperparams)
    plt.close("all")


SECONDS = r"\d+\.\d{3}"
REPORT_LINES = {  # a loss that falls, grows 200-fold, becomes infinite, stays the same
    "en": [rf"loss: 0\.250, {SECONDS} sec/epoch",
           rf"loss: 100\.000, {SECONDS} sec/epoch; training diverged: the loss grew from 0\.5 before "
           r"training to 100 at epoch 1\.00; gamma = 1\.5 is outside \[0, 1\): the average of squared "
           r"gradients then does not forget old ones properly; use 0 <= gamma < 1",
           r"stopped: the loss became inf at epoch 0\.50; training diverged, try a smaller learning rate",
           rf"loss: 0\.500, {SECONDS} sec/epoch; the loss did not change from 0\.5: is the trainer "
           r"updating the parameters \(and is the learning rate > 0\)\?"],
    "ko": [rf"손실: 0\.250, 에포크당 {SECONDS}초",
           rf"손실: 100\.000, 에포크당 {SECONDS}초; 훈련이 발산했습니다\. 손실이 훈련 전 0\.5에서 에포크 "
           r"1\.00의 100까지 커졌습니다\. gamma = 1\.5: \[0, 1\) 밖의 값이라 제곱 그래디언트의 평균이 "
           r"오래된 값을 제대로 잊지 못합니다\. 0 <= gamma < 1로 하십시오",
           r"멈춤: 에포크 0\.50에서 손실이 유한하지 않은 값\(inf\)이 되어 훈련이 발산했습니다\. "
           r"더 작은 학습률을 써 보십시오",
           rf"손실: 0\.500, 에포크당 {SECONDS}초; 손실이 0\.5에서 변하지 않았습니다\. 옵티마이저가 "
           r"매개변수를 갱신하는지, 학습률이 0보다 큰지 확인하십시오"],
    "vi": [rf"mất mát: 0\.250, {SECONDS} giây/epoch",
           rf"mất mát: 100\.000, {SECONDS} giây/epoch; quá trình huấn luyện phân kỳ: mất mát tăng từ "
           r"0\.5 trước khi huấn luyện lên 100 ở epoch 1\.00; gamma = 1\.5 nằm ngoài \[0, 1\): khi đó "
           r"trung bình của bình phương gradient không quên các giá trị cũ như mong muốn; hãy dùng "
           r"0 <= gamma < 1",
           r"dừng: mất mát trở thành inf ở epoch 0\.50; quá trình huấn luyện phân kỳ, hãy thử một tốc "
           r"độ học nhỏ hơn",
           rf"mất mát: 0\.500, {SECONDS} giây/epoch; mất mát không thay đổi so với 0\.5: bộ tối ưu có "
           r"cập nhật các tham số không \(và tốc độ học có lớn hơn 0 không\)\?"],
}


@pytest.mark.parametrize("language", REPORT_LINES)
def test_training_reports_its_end_in_the_chosen_language(language, in_language, capsys):
    """The final line of train_ch11 and train_concise_ch11, with the advice after a divergence."""
    in_language(language)
    fake_training([0.5, 0.3, 0.25], {"lr": 0.01, "gamma": 0.9})
    fake_training([0.5, 20.0, 100.0], {"lr": 0.01, "gamma": 1.5})
    fake_training([0.5, math.inf], {"lr": 10.0, "gamma": 0.9})
    fake_training([0.5, 0.5, 0.5], {"lr": 0.0, "gamma": 0.9})
    printed = capsys.readouterr().out.splitlines()
    assert len(printed) == 4
    for line, expected in zip(printed, REPORT_LINES[language]):
        assert re.fullmatch(expected, line), line


def test_every_printed_message_has_the_same_fields_in_every_language():
    def fields(message):
        return sorted((name, spec) for _, name, spec, _ in string.Formatter().parse(message) if name)
    for language, messages in MESSAGES.items():
        assert messages.keys() == MESSAGES["en"].keys(), language
        for key, english in MESSAGES["en"].items():
            assert fields(messages[key]) == fields(english), (language, key)
