"""Interactive figures with sliders for η and γ that also work on a static web page.

The figures compute and draw in the browser (``widgets.js``, an anywidget); the ipywidgets
sliders are tied to them with ``jslink``, which runs in the browser too. So the same output
responds to its sliders in Jupyter, VS Code and Colab, and on the built website with no kernel.
"""

from __future__ import annotations

import sys
from pathlib import Path

from . import checks
from .dependencies import require
from .language import get_language

anywidget = require("anywidget")
ipywidgets = require("ipywidgets")
traitlets = require("traitlets")

ESM = Path(__file__).with_name("widgets.js")

LABELS = {
    "en": {
        "eta": "η", "gamma": "γ", "steps": "steps",
        "aria": "RMSProp path, effective step sizes and loss",
        "step_size": "effective step size η/√(s + ε)", "loss": "loss f(x)", "step": "step",
        "diverged": "diverged at step {step}", "leaves_view": "leaves the view at step {step}",
        "status": "η = {eta}, γ = {gamma}, {steps} steps: x = ({x1}, {x2})",
        "past_steps": "steps into the past τ", "weight": "weight (1 − γ) γ^τ",
        "time_constant": "time constant", "half_life": "half-life",
        "summary": "γ = {gamma}: time constant 1/(1 − γ) = {time_constant} steps, "
                   "half-life ln 2 / ln(1/γ) = {half_life} steps.",
        "gamma_one": "With γ = 1 no new gradient enters s: it stays 0.",
        "aria_leaky": "weights of the leaky average over the last 40 steps",
        "aria_path": "RMSProp path over the contour lines of f(x) = 0.1 x1² + 2 x2²",
        "status_diverged": "η = {eta}, γ = {gamma}, {steps} steps: diverged at step {step}",
    },
    "ko": {
        "eta": "η", "gamma": "γ", "steps": "스텝 수",
        "aria": "RMSProp 경로, 유효 스텝 크기, 손실",
        "step_size": "유효 스텝 크기 η/√(s + ε)", "loss": "손실 f(x)", "step": "스텝",
        "diverged": "{step}번째 스텝에서 발산", "leaves_view": "{step}번째 스텝에서 그림 밖으로 나감",
        "status": "η = {eta}, γ = {gamma}, {steps}스텝: x = ({x1}, {x2})",
        "past_steps": "과거 스텝 수 τ", "weight": "가중치 (1 − γ) γ^τ",
        "time_constant": "시간 상수", "half_life": "반감기",
        "summary": "γ = {gamma}: 시간 상수 1/(1 − γ) = {time_constant}스텝, "
                   "반감기 ln 2 / ln(1/γ) = {half_life}스텝.",
        "gamma_one": "γ = 1이면 새 그래디언트가 s에 더해지지 않아 s는 계속 0입니다.",
        "aria_leaky": "최근 40스텝에 대한 누설 평균의 가중치",
        "aria_path": "f(x) = 0.1 x1² + 2 x2²의 등고선 위 RMSProp 경로",
        "status_diverged": "η = {eta}, γ = {gamma}, {steps}스텝: {step}번째 스텝에서 발산",
    },
    "vi": {
        "eta": "η", "gamma": "γ", "steps": "số bước",
        "aria": "quỹ đạo RMSProp, kích thước bước hiệu dụng và mất mát",
        "step_size": "kích thước bước hiệu dụng η/√(s + ε)", "loss": "mất mát f(x)", "step": "bước",
        "diverged": "phân kỳ ở bước {step}", "leaves_view": "ra khỏi khung hình ở bước {step}",
        "status": "η = {eta}, γ = {gamma}, {steps} bước: x = ({x1}, {x2})",
        "past_steps": "số bước về trước τ", "weight": "trọng số (1 − γ) γ^τ",
        "time_constant": "hằng số thời gian", "half_life": "chu kỳ bán rã",
        "summary": "γ = {gamma}: hằng số thời gian 1/(1 − γ) = {time_constant} bước, "
                   "chu kỳ bán rã ln 2 / ln(1/γ) = {half_life} bước.",
        "gamma_one": "Với γ = 1, không có gradient mới nào được cộng vào s: s luôn bằng 0.",
        "aria_leaky": "trọng số của trung bình rò rỉ trong 40 bước gần nhất",
        "aria_path": "quỹ đạo RMSProp trên các đường đồng mức của f(x) = 0.1 x1² + 2 x2²",
        "status_diverged": "η = {eta}, γ = {gamma}, {steps} bước: phân kỳ ở bước {step}",
    },
}

# What the saved output of an explorer's cell says where its figure cannot be shown (before the
# cell runs, or where widgets are not rendered): the text/plain of the output, at most 110
# characters (ipywidgets cuts it there).
RUN_THE_CELL = {
    "en": "Interactive figure: run this cell to show it with its sliders.",
    "ko": "대화형 그림: 이 셀을 실행하면 그림과 슬라이더가 나타납니다.",
    "vi": "Hình tương tác: hãy chạy ô này để hiện hình cùng các thanh trượt.",
}

ETA_RANGE, GAMMA_RANGE = (0.01, 2.0), (0.0, 1.0)
# A span of 200 steps: front ends that place the slider at (value - min) / span * 100 percent
# and read it back (ipywidgets 7 in Colab's widget manager rounds down) get every integer back
# exactly; with 1-200 the start value 20 came back as 19.
STEPS_RANGE = (1, 201)


class Figure(anywidget.AnyWidget):
    """One of the figures drawn by widgets.js; ``kind`` says which."""

    _esm = ESM
    # Load exactly the front end of the installed anywidget (also from a CDN on a static page).
    _model_module_version = traitlets.Unicode(anywidget.__version__).tag(sync=True)
    _view_module_version = traitlets.Unicode(anywidget.__version__).tag(sync=True)
    kind = traitlets.Unicode().tag(sync=True)
    labels = traitlets.Dict().tag(sync=True)
    eta = traitlets.Float(0.4).tag(sync=True)
    gamma = traitlets.Float(0.9).tag(sync=True)
    steps = traitlets.Int(20).tag(sync=True)


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


def rmsprop_explorer(eta: float = 0.4, gamma: float = 0.9, steps: int = 20) -> Explorer:
    """Sliders for η, γ and the number of steps, and RMSProp's path, step sizes and loss."""
    eta = checks.number_in_range("eta", eta, *ETA_RANGE)
    gamma = checks.number_in_range("gamma", gamma, *GAMMA_RANGE)
    steps = checks.positive_int("steps", steps, maximum=STEPS_RANGE[1])
    _use_colab_widget_manager()
    labels = LABELS[get_language()]
    figure = Figure(kind="rmsprop", labels=labels, eta=eta, gamma=gamma, steps=steps)
    sliders = [
        _slider(ipywidgets.FloatSlider, eta, ETA_RANGE, 0.01, labels["eta"], ".2f"),
        _slider(ipywidgets.FloatSlider, gamma, GAMMA_RANGE, 0.01, labels["gamma"], ".2f"),
        _slider(ipywidgets.IntSlider, steps, STEPS_RANGE, 1, labels["steps"], "d"),
    ]
    for slider, name in zip(sliders, ["eta", "gamma", "steps"]):
        ipywidgets.jslink((slider, "value"), (figure, name))
    return Explorer([ipywidgets.HBox(sliders, layout={"flex_flow": "row wrap"}), figure],
                    RUN_THE_CELL[get_language()])


def leaky_average_explorer(gamma: float = 0.9) -> Explorer:
    """A slider for γ and the weights of the leaky average over the last 40 steps."""
    gamma = checks.number_in_range("gamma", gamma, *GAMMA_RANGE)
    _use_colab_widget_manager()
    labels = dict(LABELS[get_language()])
    labels["aria"] = labels["aria_leaky"]
    figure = Figure(kind="leaky", labels=labels, gamma=gamma)
    slider = _slider(ipywidgets.FloatSlider, gamma, GAMMA_RANGE, 0.01, labels["gamma"], ".2f")
    ipywidgets.jslink((slider, "value"), (figure, "gamma"))
    return Explorer([slider, figure], RUN_THE_CELL[get_language()])
