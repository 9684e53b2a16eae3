"""What an explorer's cell shows where its figure cannot be drawn, and slider ranges that every
widget front end starts at the value asked for."""

import math

import ipywidgets
import pytest

from d2lmini import language, widgets


@pytest.fixture(params=["en", "ko", "vi"])
def lang(request):
    original = language.get_language()
    language.set_language(request.param)
    yield request.param
    language.set_language(original)


@pytest.mark.parametrize("explorer", [widgets.rmsprop_explorer, widgets.leaky_average_explorer,
                                      widgets.rmsprop_airfoil_explorer])
def test_text_form_asks_to_run_the_cell_in_the_chapters_language(explorer, lang):
    box = explorer()
    bundle = box._repr_mimebundle_()
    assert bundle["text/plain"] == language.RUN_THE_CELL[lang]  # not "VBox(children=(HBox(..."
    assert bundle["application/vnd.jupyter.widget-view+json"]["model_id"] == box.model_id


def test_run_the_cell_messages_fit_ipywidgets_text_limit():
    assert set(language.RUN_THE_CELL) == set(language.FIGURE_LABELS)
    assert all(len(message) <= 110 for message in language.RUN_THE_CELL.values())


def slider_round_trip(value: int, low: int, high: int) -> int:
    """Where a slider front end puts ``value`` (a percentage of the range) and the integer it
    reads back, rounding down as ipywidgets 7's IntSlider does (in double precision, as in JS)."""
    percent = (100 / (high - low)) * (value - low)
    return math.floor(low + percent * (high - low) / 100)


def test_the_round_trip_reproduces_the_reported_off_by_one():
    # Colab's widget manager with ipywidgets 7 moved 106 of the 200 start values of 1-200 down
    # by one (the end value is placed at 100 % exactly); 20 became 19.
    low, high = 1, 200
    assert slider_round_trip(20, low, high) == 19
    assert sum(slider_round_trip(v, low, high) != v for v in range(low, high)) == 106


def test_steps_slider_starts_where_it_is_asked_to_for_every_value():
    sliders = widgets.rmsprop_explorer().children[0].children
    steps = next(s for s in sliders if isinstance(s, ipywidgets.IntSlider))
    low, high = steps.min, steps.max
    assert (low, high) == (widgets.CONTROLS["steps"].low, widgets.CONTROLS["steps"].high)
    assert [slider_round_trip(v, low, high) for v in range(low, high + 1)] == list(range(low, high + 1))


def test_epochs_slider_starts_where_it_is_asked_to_for_every_value():
    epochs = widgets.rmsprop_airfoil_explorer().children[0].children[2]
    low, high = epochs.min, epochs.max
    assert (low, high) == (widgets.CONTROLS["epochs"].low, widgets.CONTROLS["epochs"].high)
    assert [slider_round_trip(v, low, high) for v in range(low, high + 1)] == list(range(low, high + 1))
