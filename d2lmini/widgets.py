"""Interactive figures with sliders for η and γ that also work on a static web page.

The figures compute and draw in the browser (``widgets.js``, an anywidget); the ipywidgets
sliders and check boxes are tied to them with ``jslink``, which runs in the browser too. So the same output
responds to its sliders in Jupyter, VS Code and Colab, and on the built website with no kernel.
"""

from __future__ import annotations

import sys
from pathlib import Path

from . import checks
from .dependencies import require
from .language import FIGURE_LABELS, RUN_THE_CELL, get_language

anywidget = require("anywidget")
ipywidgets = require("ipywidgets")
traitlets = require("traitlets")

ESM = Path(__file__).with_name("widgets.js")

ETA_RANGE, GAMMA_RANGE = (0.01, 2.0), (0.0, 1.0)
# A span of 200 steps: front ends that place the slider at (value - min) / span * 100 percent
# and read it back (ipywidgets 7 in Colab's widget manager rounds down) get every integer back
# exactly; with 1-200 the start value 20 came back as 19.
STEPS_RANGE = (1, 201)
# The β of the momentum overlay (d2l's momentum section uses 0.5 too); widgets.js draws with its
# own copy, which a test keeps equal.
MOMENTUM_BETA = 0.5
# The explorer's switches: the rotated problem and the overlaid methods, all at the same η.
SWITCHES = ("rotated", "gd", "momentum", "adagrad")


class Figure(anywidget.AnyWidget):
    """One of the figures drawn by widgets.js; ``kind`` says which."""

    _esm = ESM
    # Ask Jupyter front ends for exactly the installed anywidget's front end.
    _model_module_version = traitlets.Unicode(anywidget.__version__).tag(sync=True)
    _view_module_version = traitlets.Unicode(anywidget.__version__).tag(sync=True)
    kind = traitlets.Unicode().tag(sync=True)
    labels = traitlets.Dict().tag(sync=True)
    eta = traitlets.Float(0.4).tag(sync=True)
    gamma = traitlets.Float(0.9).tag(sync=True)
    steps = traitlets.Int(20).tag(sync=True)
    rotated = traitlets.Bool(False).tag(sync=True)
    gd = traitlets.Bool(False).tag(sync=True)
    momentum = traitlets.Bool(False).tag(sync=True)
    adagrad = traitlets.Bool(False).tag(sync=True)


class Explorer(ipywidgets.VBox):
    """An explorer's sliders and figure; its text form asks the reader to run the cell."""

    def __init__(self, children: list, message: str) -> None:
        super().__init__(children)
        self._message = message

    def __repr__(self) -> str:
        return self._message


def _use_colab_widget_manager() -> None:
    """Google Colab shows third-party widgets only with its custom widget manager."""
    if "google.colab" in sys.modules:
        from google.colab import output

        output.enable_custom_widget_manager()


def _slider(kind: type, value: float, bounds: tuple, step: float, description: str,
            readout_format: str) -> ipywidgets.Widget:
    return kind(value=value, min=bounds[0], max=bounds[1], step=step, description=description,
                readout_format=readout_format, continuous_update=True,
                style={"description_width": "initial"})


def _switch(value: bool, description: str) -> ipywidgets.Widget:
    """A check box (ipywidgets 7 and 8 both have it, with the same model and traits)."""
    return ipywidgets.Checkbox(value=value, description=description, indent=False,
                               layout={"width": "auto", "margin": "0 16px 0 0"})


def rmsprop_explorer(eta: float = 0.4, gamma: float = 0.9, steps: int = 20, rotated: bool = False,
                     gd: bool = False, momentum: bool = False, adagrad: bool = False) -> Explorer:
    """Sliders for η, γ and the number of steps, and RMSProp's path, step sizes and loss.

    Check boxes switch to the rotated problem f(x) = 0.1 (x1 + x2)² + 2 (x1 − x2)² and overlay
    gradient descent, momentum (β = MOMENTUM_BETA) and Adagrad at the same η; the arguments of
    the same names set them at the start.
    """
    eta = checks.number_in_range("eta", eta, *ETA_RANGE)
    gamma = checks.number_in_range("gamma", gamma, *GAMMA_RANGE)
    steps = checks.positive_int("steps", steps, maximum=STEPS_RANGE[1])
    switched = {name: checks.flag(name, value) for name, value in
                zip(SWITCHES, [rotated, gd, momentum, adagrad])}
    _use_colab_widget_manager()
    labels = FIGURE_LABELS[get_language()]
    figure = Figure(kind="rmsprop", labels=labels, eta=eta, gamma=gamma, steps=steps, **switched)
    switches = [_switch(value, labels[name].format(beta=MOMENTUM_BETA))
                for name, value in switched.items()]
    for switch, name in zip(switches, SWITCHES):
        ipywidgets.jslink((switch, "value"), (figure, name))
    sliders = [
        _slider(ipywidgets.FloatSlider, eta, ETA_RANGE, 0.01, labels["eta"], ".2f"),
        _slider(ipywidgets.FloatSlider, gamma, GAMMA_RANGE, 0.01, labels["gamma"], ".2f"),
        _slider(ipywidgets.IntSlider, steps, STEPS_RANGE, 1, labels["steps"], "d"),
    ]
    for slider, name in zip(sliders, ["eta", "gamma", "steps"]):
        ipywidgets.jslink((slider, "value"), (figure, name))
    return Explorer([ipywidgets.HBox(sliders, layout={"flex_flow": "row wrap"}),
                     ipywidgets.HBox(switches, layout={"flex_flow": "row wrap"}), figure],
                    RUN_THE_CELL[get_language()])


def leaky_average_explorer(gamma: float = 0.9) -> Explorer:
    """A slider for γ and the weights of the leaky average over the last 40 steps."""
    gamma = checks.number_in_range("gamma", gamma, *GAMMA_RANGE)
    _use_colab_widget_manager()
    labels = dict(FIGURE_LABELS[get_language()])
    labels["aria"] = labels["aria_leaky"]
    figure = Figure(kind="leaky", labels=labels, gamma=gamma)
    slider = _slider(ipywidgets.FloatSlider, gamma, GAMMA_RANGE, 0.01, labels["gamma"], ".2f")
    ipywidgets.jslink((slider, "value"), (figure, "gamma"))
    return Explorer([slider, figure], RUN_THE_CELL[get_language()])
