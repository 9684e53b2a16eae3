"""Interactive figures with sliders for η and γ that also work on a static web page.

The figures compute and draw in the browser (``widgets.js``, an anywidget, styled by
``widgets.css``); the ipywidgets sliders and check boxes are tied to them with ``jslink``, which
runs in the browser too. So the same output responds to its sliders in Jupyter, VS Code and
Colab, and on the built website with no kernel.

Every value a figure is drawn at is named once, in ``CONTROLS``, with the slider or check box that
sets it: the figure's traits, the ipywidgets controls and the figure's checks of its values (the
synced trait ``controls``, which widgets.js and the website's build read) all come from there.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from . import checks
from .dependencies import require
from .language import FIGURE_LABELS, RUN_THE_CELL, get_language

anywidget = require("anywidget")
ipywidgets = require("ipywidgets")
traitlets = require("traitlets")

ESM = Path(__file__).with_name("widgets.js")
CSS = ESM.with_name("widgets.css")


@dataclass(frozen=True)
class Slider:
    """A slider from ``low`` to ``high`` in steps of ``step``, its value shown as ``readout``
    (a Python format: ".2f"; "d" for an integer slider)."""

    low: float
    high: float
    step: float
    readout: str

    @property
    def integer(self) -> bool:
        return self.readout == "d"


@dataclass(frozen=True)
class Switch:
    """A check box."""


# Each value of the figures, and what sets it. The steps slider spans 200 steps: front ends that
# place a slider at (value - min) / span * 100 percent and read it back (ipywidgets 7 in Colab's
# widget manager rounds down) get every integer back exactly; with 1-200 the start value 20 came
# back as 19. The switches: the rotated problem and the overlaid methods, all at the same η.
CONTROLS: dict[str, Slider | Switch] = {
    "eta": Slider(0.01, 2.0, 0.01, ".2f"),
    "gamma": Slider(0.0, 1.0, 0.01, ".2f"),
    "steps": Slider(1, 201, 1, "d"),
    "rotated": Switch(),
    "gd": Switch(),
    "momentum": Switch(),
    "adagrad": Switch(),
}
SWITCHES = tuple(name for name, control in CONTROLS.items() if isinstance(control, Switch))
# The β of the momentum overlay (d2l's momentum section uses 0.5 too); widgets.js draws with its
# own copy, which a test keeps equal.
MOMENTUM_BETA = 0.5


def _trait(control: Slider | Switch) -> traitlets.TraitType:
    """The synced trait that holds a control's value."""
    if isinstance(control, Switch):
        return traitlets.Bool(False).tag(sync=True)
    kind = traitlets.Int if control.integer else traitlets.Float
    return kind(control.low).tag(sync=True)


def figure_controls(names: list[str]) -> dict[str, dict]:
    """The controls of ``names`` as a figure checks its values against them (its trait
    ``controls``): a slider's range, or that it is a switch."""
    return {name: {"switch": True} if isinstance(CONTROLS[name], Switch) else
            {"min": CONTROLS[name].low, "max": CONTROLS[name].high, "integer": CONTROLS[name].integer}
            for name in names}


# One of the figures drawn by widgets.js (``kind``), at the values of its ``controls``; built
# with type() so that each value of CONTROLS becomes a trait of its own.
Figure = type("Figure", (anywidget.AnyWidget,), {
    "__module__": __name__,
    "__doc__": "One of the figures drawn by widgets.js, ``kind``, at the values of its controls.",
    "_esm": ESM,
    "_css": CSS,
    # Ask Jupyter front ends for exactly the installed anywidget's front end.
    "_model_module_version": traitlets.Unicode(anywidget.__version__).tag(sync=True),
    "_view_module_version": traitlets.Unicode(anywidget.__version__).tag(sync=True),
    "kind": traitlets.Unicode().tag(sync=True),
    "labels": traitlets.Dict().tag(sync=True),
    "controls": traitlets.Dict().tag(sync=True),
    **{name: _trait(control) for name, control in CONTROLS.items()},
})


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


def _checked(name: str, value: object) -> float | int | bool:
    """``value`` if ``CONTROLS[name]`` can be set to it, else a ``ValueError``/``TypeError``."""
    control = CONTROLS[name]
    if isinstance(control, Switch):
        return checks.flag(name, value)
    if control.integer:
        return checks.positive_int(name, value, maximum=int(control.high))
    return checks.number_in_range(name, value, control.low, control.high)


def _control(name: str, value: float | int | bool, description: str) -> ipywidgets.Widget:
    """The ipywidgets slider or check box of ``CONTROLS[name]``, set to ``value``."""
    control = CONTROLS[name]
    if isinstance(control, Switch):  # ipywidgets 7 and 8 both have it, with the same model and traits
        return ipywidgets.Checkbox(value=value, description=description, indent=False,
                                   layout={"width": "auto", "margin": "0 16px 0 0"})
    kind = ipywidgets.IntSlider if control.integer else ipywidgets.FloatSlider
    return kind(value=value, min=control.low, max=control.high, step=control.step,
                description=description, readout_format=control.readout, continuous_update=True,
                style={"description_width": "initial"})


def _explorer(kind: str, values: dict[str, object], labels: dict[str, str],
              rows: list[list[str]]) -> Explorer:
    """A figure of ``kind`` at ``values``, with the controls of ``rows`` (a row of names each)
    above it, each linked to the figure's value of the same name."""
    values = {name: _checked(name, value) for name, value in values.items()}
    _use_colab_widget_manager()
    figure = Figure(kind=kind, labels=labels, controls=figure_controls(list(values)), **values)
    boxes = []
    for row in rows:
        controls = [_control(name, values[name], labels[name].format(beta=MOMENTUM_BETA)) for name in row]
        for control, name in zip(controls, row):
            ipywidgets.jslink((control, "value"), (figure, name))
        boxes.append(controls[0] if len(rows) == 1 and len(row) == 1
                     else ipywidgets.HBox(controls, layout={"flex_flow": "row wrap"}))
    return Explorer([*boxes, figure], RUN_THE_CELL[get_language()])


def rmsprop_explorer(eta: float = 0.4, gamma: float = 0.9, steps: int = 20, rotated: bool = False,
                     gd: bool = False, momentum: bool = False, adagrad: bool = False) -> Explorer:
    """Sliders for η, γ and the number of steps, and RMSProp's path, step sizes and loss.

    Check boxes switch to the rotated problem f(x) = 0.1 (x1 + x2)² + 2 (x1 − x2)² and overlay
    gradient descent, momentum (β = MOMENTUM_BETA) and Adagrad at the same η; the arguments of
    the same names set them at the start.
    """
    values = {"eta": eta, "gamma": gamma, "steps": steps, "rotated": rotated, "gd": gd,
              "momentum": momentum, "adagrad": adagrad}
    return _explorer("rmsprop", values, FIGURE_LABELS[get_language()],
                     [["eta", "gamma", "steps"], list(SWITCHES)])


def leaky_average_explorer(gamma: float = 0.9) -> Explorer:
    """A slider for γ and the weights of the leaky average over the last 40 steps."""
    labels = dict(FIGURE_LABELS[get_language()])
    labels["aria"] = labels["aria_leaky"]
    return _explorer("leaky", {"gamma": gamma}, labels, [["gamma"]])
