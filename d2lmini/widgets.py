"""Interactive figures with sliders for η and γ that also work on a static web page.

The figures compute and draw in the browser (``widgets.js``, an anywidget, styled by
``widgets.css``); the ipywidgets sliders and check boxes are tied to them with ``jslink``, which
runs in the browser too. So the same output responds to its sliders in Jupyter, VS Code and
Colab, and on the built website with no kernel.

Every value a figure is drawn at is named once, in ``CONTROLS``, with the slider or check box that
sets it (or, for the explorer's start point, the figure itself): the figure's traits, the
ipywidgets controls and the figure's checks of its values (the synced trait ``controls``, which
widgets.js and the website's build read) all come from there. What a figure draws but no control
changes (the airfoil figure's reference line) is its trait ``fixed``.

The airfoil figure trains on the airfoil data in the browser. The data never becomes a synced
trait, which a notebook would save: the figure asks the kernel for it in a message and gets it in
the answer; on the website, ``data_url`` says where the build wrote it.
"""

from __future__ import annotations

import numbers
import sys
from dataclasses import dataclass
from pathlib import Path

from . import airfoil_figure, checks
from .dependencies import require
from .language import FIGURE_LABELS, MESSAGES, RUN_THE_CELL, get_language

anywidget = require("anywidget")
ipywidgets = require("ipywidgets")
traitlets = require("traitlets")

ESM = Path(__file__).with_name("widgets.js")
CSS = ESM.with_name("widgets.css")


@dataclass(frozen=True)
class Slider:
    """A slider from ``low`` to ``high`` in steps of ``step``, its value shown as ``readout``
    (ipywidgets' readout_format, a d3-format spec: ".2f"; "d" for an integer slider)."""

    low: float
    high: float
    step: float
    readout: str

    @property
    def integer(self) -> bool:
        return self.readout == "d"


@dataclass(frozen=True)
class LogSlider:
    """A slider from 10^``low_exponent`` to 10^``high_exponent`` on a log scale, in steps of
    ``step`` in the exponent, its value shown as ``readout`` (d3-format: ".3~g", three significant
    digits without trailing zeros, as the figure writes η)."""

    low_exponent: int
    high_exponent: int
    step: float
    readout: str
    integer = False

    @property
    def low(self) -> float:
        return 10.0 ** self.low_exponent

    @property
    def high(self) -> float:
        return 10.0 ** self.high_exponent


@dataclass(frozen=True)
class Switch:
    """A check box."""


@dataclass(frozen=True)
class Point:
    """A point (x1, x2) in the ranges ``x1`` and ``x2`` that the reader drags in the figure itself,
    or moves with the arrow keys."""

    x1: tuple[float, float]
    x2: tuple[float, float]


Control = Slider | LogSlider | Switch | Point

# Each value of the figures, and what sets it. The steps and epochs sliders span 200 steps and
# 1-12: front ends that place a slider at (value - min) / span * 100 percent and read it back
# (ipywidgets 7 in Colab's widget manager rounds down) get every integer back exactly; with 1-200
# the start value 20 came back as 19 (and with 1-10 epochs, 4 and 7 as 3 and 6). The switches:
# the rotated problem and the overlaid methods, all at the same η. The explorer's start point
# stays in the part of the plane both of its views show. The airfoil figure's learning rate spans
# rates too small to get far in 12 epochs, good ones and (at γ = 0.9) diverging ones.
CONTROLS: dict[str, Control] = {
    "eta": Slider(0.01, 2.0, 0.01, ".2f"),
    "gamma": Slider(0.0, 1.0, 0.01, ".2f"),
    "steps": Slider(1, 201, 1, "d"),
    "rotated": Switch(),
    "gd": Switch(),
    "momentum": Switch(),
    "adagrad": Switch(),
    "start": Point((-5.5, 1.0), (-3.0, 1.0)),
    "lr": LogSlider(-4, 2, 0.1, ".3~g"),
    "epochs": Slider(1, airfoil_figure.MAX_EPOCHS, 1, "d"),
}
SWITCHES = tuple(name for name, control in CONTROLS.items() if isinstance(control, Switch))
OVERLAYS = tuple(name for name in SWITCHES if name != "rotated")  # the methods drawn next to RMSProp
# The β of the momentum overlay (d2l's momentum section uses 0.5 too); widgets.js draws with its
# own copy, which a test keeps equal.
MOMENTUM_BETA = 0.5


def _trait(control: Control) -> traitlets.TraitType:
    """The synced trait that holds a control's value."""
    if isinstance(control, Switch):
        return traitlets.Bool(False).tag(sync=True)
    if isinstance(control, Point):
        return traitlets.List(traitlets.Float(), [control.x1[0], control.x2[0]]).tag(sync=True)
    kind = traitlets.Int if control.integer else traitlets.Float
    return kind(control.low).tag(sync=True)


def _as_checked(control: Control) -> dict:
    """What a figure checks a value of ``control`` against."""
    if isinstance(control, Switch):
        return {"switch": True}
    if isinstance(control, Point):
        return {"point": True, "x1": list(control.x1), "x2": list(control.x2)}
    return {"min": control.low, "max": control.high, "integer": control.integer}


def figure_controls(names: list[str]) -> dict[str, dict]:
    """The controls of ``names`` as a figure checks its values against them (its trait
    ``controls``): a slider's range, a point's ranges, or that it is a switch."""
    return {name: _as_checked(CONTROLS[name]) for name in names}


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
    "fixed": traitlets.Dict().tag(sync=True),
    "data_url": traitlets.Unicode().tag(sync=True),
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


def _checked(name: str, value: object) -> float | int | bool | list[float]:
    """``value`` if ``CONTROLS[name]`` can be set to it, else a ``ValueError``/``TypeError``."""
    control = CONTROLS[name]
    if isinstance(control, Switch):
        return checks.flag(name, value)
    if isinstance(control, Point):
        if (not isinstance(value, (tuple, list)) or len(value) != 2
                or not all(checks.is_number(v) and low <= v <= high
                           for v, (low, high) in zip(value, (control.x1, control.x2)))):
            raise ValueError(f"{name} must be a point (x1, x2) with x1 from {control.x1[0]} to "
                             f"{control.x1[1]} and x2 from {control.x2[0]} to {control.x2[1]}, got {value!r}")
        return [float(v) for v in value]
    if control.integer:
        return checks.positive_int(name, value, maximum=int(control.high))
    return checks.number_in_range(name, value, control.low, control.high)


class _LogSlider(ipywidgets.FloatLogSlider):
    """ipywidgets' FloatLogSlider, its readout in any d3-format (the front ends of ipywidgets 7 and
    8 read ".3~g", without trailing zeros, which ipywidgets' Python check of the format rejects)."""

    readout_format = traitlets.Unicode().tag(sync=True)


def _control(name: str, value: float | int | bool, description: str) -> ipywidgets.Widget:
    """The ipywidgets slider or check box of ``CONTROLS[name]``, set to ``value``."""
    control = CONTROLS[name]
    if isinstance(control, Switch):  # ipywidgets 7 and 8 both have it, with the same model and traits
        return ipywidgets.Checkbox(value=value, description=description, indent=False,
                                   layout={"width": "auto", "margin": "0 16px 0 0"})
    common = {"value": value, "step": control.step, "description": description, "readout_format": control.readout,
              "continuous_update": True, "style": {"description_width": "initial"}}
    if isinstance(control, LogSlider):  # ipywidgets 7 has it too
        return _LogSlider(base=10, min=control.low_exponent, max=control.high_exponent, **common)
    kind = ipywidgets.IntSlider if control.integer else ipywidgets.FloatSlider
    return kind(min=control.low, max=control.high, **common)


def figure_labels(kind: str, language: str) -> dict[str, str]:
    """The texts a figure of ``kind`` shows in ``language``: FIGURE_LABELS, with its own group name
    (``aria``), and for the airfoil figure the words of d2lmini's loss figure for a divergence."""
    labels = dict(FIGURE_LABELS[language])
    if kind == "leaky":
        labels["aria"] = labels["aria_leaky"]
    if kind == "airfoil":
        labels.update(aria=labels["aria_airfoil"], gd=labels["sgd"],
                      **{key: MESSAGES[language][key]
                         for key in ("training_diverged", "decay_outside", "smaller_learning_rate")})
    return labels


def _explorer(kind: str, values: dict[str, object], labels: dict[str, str], rows: list[list[str]],
              fixed: dict | None = None) -> Explorer:
    """A figure of ``kind`` at ``values`` (and ``fixed``), with the controls of ``rows`` (a row of
    names each) above it, each linked to the figure's value of the same name."""
    values = {name: _checked(name, value) for name, value in values.items()}
    _use_colab_widget_manager()
    figure = Figure(kind=kind, labels=labels, controls=figure_controls(list(values)), fixed=fixed or {},
                    **values)
    boxes = []
    for row in rows:
        controls = [_control(name, values[name], labels[name].format(beta=MOMENTUM_BETA)) for name in row]
        for control, name in zip(controls, row):
            ipywidgets.jslink((control, "value"), (figure, name))
        boxes.append(controls[0] if len(rows) == 1 and len(row) == 1
                     else ipywidgets.HBox(controls, layout={"flex_flow": "row wrap"}))
    return Explorer([*boxes, figure], RUN_THE_CELL[get_language()])


def rmsprop_explorer(eta: float = 0.4, gamma: float = 0.9, steps: int = 20, rotated: bool = False,
                     gd: bool = False, momentum: bool = False, adagrad: bool = False,
                     start: tuple[float, float] = (-5, -2)) -> Explorer:
    """Sliders for η, γ and the number of steps, and RMSProp's path, step sizes and loss, and a
    map of the loss after those steps over η and γ, on which a click sets them.

    Check boxes switch to the rotated problem f(x) = 0.1 (x1 + x2)² + 2 (x1 − x2)² and overlay
    gradient descent, momentum (β = MOMENTUM_BETA) and Adagrad at the same η; the arguments of
    the same names set them at the beginning. The path starts at ``start`` (train_2d's (−5, −2)),
    which the reader can drag.
    """
    values = {"eta": eta, "gamma": gamma, "steps": steps, "rotated": rotated, "gd": gd,
              "momentum": momentum, "adagrad": adagrad, "start": start}
    return _explorer("rmsprop", values, figure_labels("rmsprop", get_language()),
                     [["eta", "gamma", "steps"], list(SWITCHES)])


def rmsprop_airfoil_explorer(lr: float = 0.01, gamma: float = 0.9, epochs: int = 2, gd: bool = False,
                             momentum: bool = False, adagrad: bool = False, seed: int = 0) -> Explorer:
    """Sliders for η (on a log scale), γ and the number of epochs, and the loss of the chapter's
    linear regression trained by its from-scratch RMSProp on the airfoil data, in the browser,
    with the chapter's setting (η = 0.01, γ = 0.9) as a reference line.

    It trains as train_ch11 does, with the initial weights and shuffles that PyTorch draws after
    ``torch.manual_seed(seed)`` (airfoil_figure.py), so at the chapter's setting its curve is that
    of the chapter's seeded PyTorch run. Check boxes overlay minibatch SGD, momentum
    (β = MOMENTUM_BETA) and Adagrad at the same η.
    """
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral) or not 0 <= seed < 2 ** 63:
        raise ValueError(f"seed must be an integer from 0 to 2**63 - 1, got {seed!r}")
    values = {"lr": lr, "gamma": gamma, "epochs": epochs, "gd": gd, "momentum": momentum, "adagrad": adagrad}
    values = {name: _checked(name, value) for name, value in values.items()}  # before loading the data
    data = airfoil_figure.figure_data(int(seed))
    explorer = _explorer("airfoil", values, figure_labels("airfoil", get_language()),
                         [["lr", "gamma", "epochs"], list(OVERLAYS)],
                         fixed={"seed": int(seed), "reference": airfoil_figure.reference(data)})
    payload = airfoil_figure.encode(data)

    def answer(figure: anywidget.AnyWidget, content: object, buffers: list) -> None:
        if content == {"request": "data"}:
            figure.send({"data": "airfoil"}, buffers=[payload])

    explorer.children[-1].on_msg(answer)
    return explorer


def leaky_average_explorer(gamma: float = 0.9) -> Explorer:
    """A slider for γ and the weights of the leaky average over the last 40 steps."""
    return _explorer("leaky", {"gamma": gamma}, figure_labels("leaky", get_language()), [["gamma"]])
