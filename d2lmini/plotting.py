"""Figures: the book's figure size, 2-D optimization traces and a live loss curve."""

from __future__ import annotations

import importlib.util
import io
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import matplotlib
import numpy as np
from matplotlib import font_manager
from matplotlib import pyplot as plt

from .dependencies import missing
from .language import text

__all__ = ["plt", "use_svg_display", "set_figsize", "show_trace_2d", "LossPlot"]

PATH_COLOR = "#ff7f0e"
CONTOUR_COLOR = "#1f77b4"
# The part of the (x1, x2) plane that show_trace_2d draws, as in the d2l package.
TRACE_X1 = np.arange(-5.5, 1.0, 0.1)
TRACE_X2 = np.arange(-3.0, 1.0, 0.1)


def _use_fonts_for_all_languages() -> None:
    """Draw Latin and Vietnamese letters and the minus sign with DejaVu Sans, Hangul with NanumGothic.

    NanumGothic comes from the koreanize-matplotlib package; it is registered
    without importing that package, which would change the settings itself.
    """
    spec = importlib.util.find_spec("koreanize_matplotlib")
    if spec is None or spec.origin is None:
        raise missing("koreanize-matplotlib")
    nanum = Path(spec.origin).with_name("fonts")
    font_manager.fontManager.addfont(str(nanum / "NanumGothic.ttf"))
    matplotlib.rcParams["font.family"] = ["DejaVu Sans", "NanumGothic"]


_use_fonts_for_all_languages()


def _kernel():
    """The running IPython kernel's shell, or None outside a notebook."""
    try:
        from IPython import get_ipython
    except ImportError:
        return None
    shell = get_ipython()
    return shell if shell is not None and hasattr(shell, "kernel") else None


def use_svg_display() -> None:
    """Show notebook figures as SVG, byte-for-byte reproducible from run to run."""
    matplotlib.rcParams["svg.hashsalt"] = "d2lmini"
    if _kernel() is not None:
        from matplotlib_inline.backend_inline import set_matplotlib_formats

        set_matplotlib_formats("svg", metadata={"Date": None})


def set_figsize(figsize: tuple[float, float] = (3.5, 2.5)) -> None:
    """Use SVG figures of ``figsize`` inches (width, height) from now on."""
    if len(figsize) != 2 or not all(np.isfinite(v) and v > 0 for v in figsize):
        raise ValueError(f"figsize must be two positive numbers (width, height), got {figsize!r}")
    use_svg_display()
    plt.rcParams["figure.figsize"] = figsize


def _visible_part(points: np.ndarray, box: tuple[float, float, float, float]):
    """The points of a path up to where it leaves ``box`` or stops being finite.

    Returns the points to draw (ending on the box's edge if the path left it)
    and a note saying where the path was cut, or None if it was not cut.
    """
    x_min, x_max, y_min, y_max = box
    finite = np.isfinite(points).all(axis=1)
    with np.errstate(invalid="ignore"):
        inside = finite & (points[:, 0] >= x_min) & (points[:, 0] <= x_max)
        inside &= (points[:, 1] >= y_min) & (points[:, 1] <= y_max)
    if inside.all():
        return points, None
    step = int(np.argmin(inside))
    if step == 0:
        return points[:0], text("path_starts_outside")
    if not finite[step]:
        return points[:step], text("path_not_finite", step=step)
    start, end = points[step - 1], points[step]
    fractions = []  # of the segment start->end, where it crosses a side of the box
    for axis, (low, high) in enumerate(((x_min, x_max), (y_min, y_max))):
        if end[axis] > high:
            fractions.append((high - start[axis]) / (end[axis] - start[axis]))
        elif end[axis] < low:
            fractions.append((low - start[axis]) / (end[axis] - start[axis]))
    edge = start + min(fractions) * (end - start)
    return np.vstack([points[:step], edge]), text("path_leaves_view", step=step)


def show_trace_2d(f: Callable, results: Sequence[Sequence[float]]) -> None:
    """Draw the path ``results`` of (x1, x2) points over the contour lines of ``f``.

    A path that leaves the drawn area or stops being finite is cut there, and
    the figure says at which step.
    """
    points = np.asarray(results, dtype=float)
    if points.ndim != 2 or points.shape[1] != 2 or len(points) == 0:
        raise ValueError(
            "results must be a non-empty list of (x1, x2) points, as returned by train_2d; "
            f"got an array of shape {points.shape}"
        )
    set_figsize()
    x1, x2 = np.meshgrid(TRACE_X1, TRACE_X2, indexing="ij")
    box = (x1.min(), x1.max(), x2.min(), x2.max())
    shown, note = _visible_part(points, box)
    plt.plot(shown[:, 0], shown[:, 1], "-o", color=PATH_COLOR)
    plt.contour(x1, x2, f(x1, x2), colors=CONTOUR_COLOR)
    plt.xlim(box[0], box[1])
    plt.ylim(box[2], box[3])
    plt.xlabel("x1")
    plt.ylabel("x2")
    if note:
        plt.text(0.02, 0.96, note, transform=plt.gca().transAxes, va="top", fontsize=8,
                 bbox={"boxstyle": "round", "facecolor": "white", "alpha": 0.85})


class LossPlot:
    """A loss-against-epoch figure that grows while a model trains.

    In a notebook it is shown on the first redraw and then updated in place,
    at most once every ``redraw_every`` seconds, and once more by ``finish``:
    a fast run is drawn once, a slow one shows live progress. Each drawing is
    one SVG rendering with fixed margins (a "tight" bounding box would draw twice).
    """

    def __init__(self, num_epochs: int, ylim: tuple[float, float] = (0.22, 0.35),
                 redraw_every: float = 0.5) -> None:
        use_svg_display()
        self.fig, self.axes = plt.subplots(figsize=(3.5, 2.5))
        self.fig.subplots_adjust(left=0.2, right=0.96, bottom=0.19, top=0.96)
        self.axes.set(xlabel=text("epoch"), ylabel=text("loss"), xlim=(0, num_epochs), ylim=ylim)
        self.axes.grid()
        (self.line,) = self.axes.plot([], [], "-")
        self.epochs: list[float] = []
        self.losses: list[float] = []
        self.redraw_every = redraw_every
        self._last_draw = time.perf_counter()
        self._shell = _kernel()
        self._handle = None

    def add(self, epoch: float, loss: float) -> None:
        """Add one point; redraw if the last drawing is old enough."""
        self.epochs.append(epoch)
        self.losses.append(loss)
        if time.perf_counter() - self._last_draw >= self.redraw_every:
            self._draw()

    def finish(self, note: str | None = None) -> None:
        """Draw the final curve, with ``note`` written on the figure if given."""
        if note:
            self.axes.text(0.02, 0.96, note, transform=self.axes.transAxes, va="top",
                           fontsize=8, color="#b00000",
                           bbox={"boxstyle": "round", "facecolor": "white", "alpha": 0.85})
        self._draw()
        if self._shell is not None:
            plt.close(self.fig)  # already shown; keep the inline backend from showing it again

    def _draw(self) -> None:
        finite = np.isfinite(self.losses)
        self.line.set_data(np.asarray(self.epochs)[finite], np.asarray(self.losses)[finite])
        if self._shell is not None:
            from IPython.display import display

            svg = io.StringIO()
            self.fig.savefig(svg, format="svg", metadata={"Date": None})
            # Published as is, like the inline backend does (IPython's SVG() would parse it again).
            image = {"image/svg+xml": svg.getvalue()}
            if self._handle is None:
                self._handle = display(image, raw=True, display_id=True)
            else:
                self._handle.update(image, raw=True)
        self._last_draw = time.perf_counter()
