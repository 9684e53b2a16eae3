"""The interactive figures on the Python side: sliders and check boxes linked to the figure,
labels in the chapter's language, the exact front-end version, Colab's widget manager, and bad input."""

import json
import re
import sys
import types

import anywidget
import ipywidgets
import pytest

from d2lmini import airfoil_figure, language, widgets


def parts(box):
    """The sliders and the figure of rmsprop_explorer's output."""
    row, _, figure = box.children
    return list(row.children), figure


def switches(box):
    """The check boxes of rmsprop_explorer's output."""
    return list(box.children[1].children)


@pytest.fixture
def jslinks(monkeypatch):
    """Records each (source, target) that ipywidgets.jslink is asked to link."""
    made = []
    original = ipywidgets.jslink

    def record(source, target):
        made.append((source, target))
        return original(source, target)

    monkeypatch.setattr(widgets.ipywidgets, "jslink", record)
    return made


def test_rmsprop_explorer_links_three_sliders_to_the_figure(jslinks):
    box = widgets.rmsprop_explorer(eta=0.5, gamma=0.8, steps=30)
    sliders, figure = parts(box)
    assert (figure.kind, figure.eta, figure.gamma, figure.steps) == ("rmsprop", 0.5, 0.8, 30)
    assert [(s.min, s.max, s.value) for s in sliders] == [(0.01, 2.0, 0.5), (0.0, 1.0, 0.8), (1, 201, 30)]
    assert jslinks[:3] == [((slider, "value"), (figure, name))
                           for slider, name in zip(sliders, ["eta", "gamma", "steps"])]
    assert all(s.continuous_update for s in sliders)


def test_rmsprop_explorer_links_four_check_boxes_to_the_figure(jslinks):
    box = widgets.rmsprop_explorer(rotated=True, adagrad=True)
    checkboxes, (_, figure) = switches(box), parts(box)
    assert all(isinstance(c, ipywidgets.Checkbox) for c in checkboxes)
    assert [c.value for c in checkboxes] == [True, False, False, True]
    assert [getattr(figure, name) for name in widgets.SWITCHES] == [True, False, False, True]
    assert [c.description for c in checkboxes] == ["rotated problem", "gradient descent",
                                                   "momentum, β = 0.5", "Adagrad"]
    assert jslinks[3:] == [((c, "value"), (figure, name)) for c, name in zip(checkboxes, widgets.SWITCHES)]


def test_leaky_average_explorer_links_its_slider(jslinks):
    box = widgets.leaky_average_explorer(gamma=0.7)
    slider, figure = box.children
    assert (figure.kind, figure.gamma, slider.value) == ("leaky", 0.7, 0.7)
    assert jslinks == [((slider, "value"), (figure, "gamma"))]


@pytest.mark.parametrize("lang", ["en", "ko", "vi"])
def test_labels_follow_the_chapter_language(lang):
    original = language.get_language()
    language.set_language(lang)
    try:
        box = widgets.rmsprop_explorer()
    finally:
        language.set_language(original)
    (sliders, figure), checkboxes = parts(box), switches(box)
    assert figure.labels == language.FIGURE_LABELS[lang]
    assert sliders[2].description == language.FIGURE_LABELS[lang]["steps"]
    assert checkboxes[0].description == language.FIGURE_LABELS[lang]["rotated"]
    assert set(language.FIGURE_LABELS[lang]) == set(language.FIGURE_LABELS["en"])


def test_front_end_version_is_exactly_the_installed_one():
    figure = widgets.Figure(kind="leaky")
    assert figure._model_module_version == figure._view_module_version == anywidget.__version__
    assert "trajectory" in figure._esm and "export default" in figure._esm
    assert ".d2lmini-figure" in figure._css  # its style, which front ends put into the page


def test_each_figure_gets_the_controls_of_its_values():
    """The figure's values and the ranges it checks them against are CONTROLS', the one place
    that names them; the sliders and check boxes are made from the same entries."""
    (sliders, figure), checkboxes = parts(widgets.rmsprop_explorer()), switches(widgets.rmsprop_explorer())
    assert list(figure.controls) == ["eta", "gamma", "steps", *widgets.SWITCHES, "start"]
    assert figure.controls["steps"] == {"min": 1, "max": 201, "integer": True}
    assert figure.controls["start"] == {"point": True, "x1": [-5.5, 1.0], "x2": [-3.0, 1.0]}
    assert figure.controls["eta"] == {"min": 0.01, "max": 2.0, "integer": False}
    assert all(figure.controls[name] == {"switch": True} for name in widgets.SWITCHES)
    assert [s.step for s in sliders] == [0.01, 0.01, 1] and [s.readout_format for s in sliders] == [".2f", ".2f", "d"]
    assert len(checkboxes) == len(widgets.SWITCHES)
    leaky = widgets.leaky_average_explorer().children[1]
    assert leaky.controls == {"gamma": {"min": 0.0, "max": 1.0, "integer": False}}


def test_colab_gets_its_custom_widget_manager(monkeypatch):
    calls = []
    output = types.SimpleNamespace(enable_custom_widget_manager=lambda: calls.append(1))
    colab = types.ModuleType("google.colab")
    colab.output = output
    monkeypatch.setitem(sys.modules, "google.colab", colab)
    widgets.rmsprop_explorer()
    assert calls == [1]


def test_elsewhere_the_widget_manager_is_left_alone(monkeypatch):
    monkeypatch.delitem(sys.modules, "google.colab", raising=False)
    widgets.leaky_average_explorer()  # would fail importing google.colab if it tried


@pytest.mark.parametrize("kwargs, message", [
    ({"eta": 0}, "eta must be a number from 0.01 to 2.0, got 0"),
    ({"eta": 2.5}, "eta must be a number from 0.01 to 2.0"),
    ({"gamma": 1.1}, "gamma must be a number from 0.0 to 1.0"),
    ({"gamma": float("nan")}, "gamma must be a number from 0.0 to 1.0"),
    ({"steps": 0}, "steps must be an integer from 1 to 201, got 0"),
    ({"steps": 20.0}, "steps must be an integer from 1 to 201"),
    ({"eta": "0.4"}, "eta must be a number"),
])
def test_bad_slider_values_are_clear_errors(kwargs, message):
    with pytest.raises(ValueError, match=message):
        widgets.rmsprop_explorer(**kwargs)


@pytest.mark.parametrize("name", widgets.SWITCHES)
def test_a_switch_that_is_not_a_bool_is_a_clear_error(name):
    with pytest.raises(TypeError, match=f"{name} must be True or False, got 'yes'"):
        widgets.rmsprop_explorer(**{name: "yes"})


@pytest.mark.parametrize("lang", ["ko", "vi"])
def test_translated_labels_keep_every_placeholder(lang):
    """widgets.js fills {eta}, {step} and the like into these texts; a translation that lost or
    renamed one would show the braces instead of the number."""
    def placeholders(text):
        return sorted(re.findall(r"\{(\w+)\}", text))

    for key, english in language.FIGURE_LABELS["en"].items():
        assert placeholders(language.FIGURE_LABELS[lang][key]) == placeholders(english), key


def test_the_explorer_starts_where_train_2d_does_unless_told_otherwise():
    assert parts(widgets.rmsprop_explorer())[1].start == [-5.0, -2.0]
    assert parts(widgets.rmsprop_explorer(start=(0.5, -2.7)))[1].start == [0.5, -2.7]


@pytest.mark.parametrize("start", [(-6, -2), (0, 1.5), (1,), "(-5, -2)", (-5, "x"), (float("nan"), 0)])
def test_a_start_outside_the_view_is_a_clear_error(start):
    with pytest.raises(ValueError, match=r"start must be a point \(x1, x2\) with x1 from -5.5 to 1.0 and "
                                         r"x2 from -3.0 to 1.0, got"):
        widgets.rmsprop_explorer(start=start)


def airfoil_parts(box):
    """The sliders, check boxes and figure of rmsprop_airfoil_explorer's output."""
    sliders, checkboxes, figure = box.children
    return list(sliders.children), list(checkboxes.children), figure


def test_the_airfoil_explorer_links_its_sliders_and_check_boxes(jslinks):
    sliders, checkboxes, figure = airfoil_parts(widgets.rmsprop_airfoil_explorer(lr=0.1, gamma=0.5, epochs=3))
    lr, gamma, epochs = sliders
    assert isinstance(lr, ipywidgets.FloatLogSlider)
    assert (lr.base, lr.min, lr.max, lr.step, lr.value, lr.readout_format) == (10, -4, 2, 0.1, 0.1, ".3~g")
    assert (gamma.min, gamma.max, gamma.value) == (0.0, 1.0, 0.5)
    assert isinstance(epochs, ipywidgets.IntSlider) and (epochs.min, epochs.max, epochs.value) == (1, 12, 3)
    assert [c.description for c in checkboxes] == ["minibatch SGD", "momentum, β = 0.5", "Adagrad"]
    assert (figure.kind, figure.lr, figure.gamma, figure.epochs) == ("airfoil", 0.1, 0.5, 3)
    names = ["lr", "gamma", "epochs", "gd", "momentum", "adagrad"]
    assert list(figure.controls) == names
    assert figure.controls["lr"] == {"min": 1e-4, "max": 100.0, "integer": False}
    assert jslinks == [((control, "value"), (figure, name)) for control, name in zip(sliders + checkboxes, names)]


def test_the_airfoil_explorer_draws_the_chapters_run_as_its_reference():
    figure = airfoil_parts(widgets.rmsprop_airfoil_explorer(lr=1.0))[2]
    reference = figure.fixed["reference"]
    assert figure.fixed["seed"] == 0 and (reference["lr"], reference["gamma"]) == (0.01, 0.9)
    assert len(reference["epochs"]) == len(reference["losses"]) == 12 * 1500 // 200
    assert reference["epochs"][14] == 2 and f"{reference['losses'][14]:.3f}" == "0.243"


def test_the_airfoil_data_goes_to_the_figure_in_a_message_never_into_its_state():
    """The figure asks for its data; the answer's buffer is airfoil_figure's encoding of the data
    set and the seeded draws. The synced state, which a notebook saves, holds none of it."""
    figure = airfoil_parts(widgets.rmsprop_airfoil_explorer())[2]
    sent = []
    figure.send = lambda content, buffers=None: sent.append((content, buffers))
    figure._handle_custom_msg({"kind": "something else"}, [])
    assert sent == []
    figure._handle_custom_msg({"request": "data"}, [])
    ((content, (payload,)),) = sent
    data = airfoil_figure.figure_data(0)
    assert content == {"data": "airfoil"} and payload == airfoil_figure.encode(data)
    state = json.dumps(figure.get_state(), default=str)
    assert f"{float(data.features[0, 0])!r}"[:8] not in state and len(state) < 150_000


@pytest.mark.parametrize("kwargs, message", [
    ({"lr": 0}, "lr must be a number from 0.0001 to 100.0, got 0"),
    ({"lr": 1000}, "lr must be a number from 0.0001 to 100.0, got 1000"),
    ({"epochs": 13}, "epochs must be an integer from 1 to 12, got 13"),
    ({"gamma": -0.1}, "gamma must be a number from 0.0 to 1.0"),
    ({"seed": -1}, r"seed must be an integer from 0 to 2\*\*63 - 1, got -1"),
    ({"seed": 1.5}, r"seed must be an integer from 0 to 2\*\*63 - 1, got 1.5"),
    ({"seed": True}, r"seed must be an integer from 0 to 2\*\*63 - 1, got True"),
])
def test_bad_airfoil_settings_are_clear_errors(kwargs, message):
    with pytest.raises(ValueError, match=message):
        widgets.rmsprop_airfoil_explorer(**kwargs)


@pytest.mark.parametrize("lang", ["en", "ko", "vi"])
def test_the_airfoil_explorer_speaks_the_chapters_language(lang):
    original = language.get_language()
    language.set_language(lang)
    try:
        sliders, checkboxes, figure = airfoil_parts(widgets.rmsprop_airfoil_explorer())
    finally:
        language.set_language(original)
    assert figure.labels["aria"] == language.FIGURE_LABELS[lang]["aria_airfoil"]
    assert figure.labels["training_diverged"] == language.MESSAGES[lang]["training_diverged"]
    assert sliders[2].description == language.FIGURE_LABELS[lang]["epochs"]
    assert checkboxes[0].description == language.FIGURE_LABELS[lang]["sgd"]
