"""Figures: the book's figure size, 2-D optimization traces and a live loss curve."""

from __future__ import annotations

import importlib.util
import io
import math
import textwrap
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import matplotlib
import numpy as np
from matplotlib import font_manager
from matplotlib import pyplot as plt
from matplotlib.figure import Figure

from . import checks
from .dependencies import missing
from .language import text
from .paths import TRACE_BOX, TRACE_GRID_STEP

__all__ = ["plt", "use_svg_display", "set_figsize", "show_trace_2d", "LossPlot"]

PATH_COLOR = "#ff7f0e"
CONTOUR_COLOR = "#1f77b4"
# The grid of the (x1, x2) plane on which show_trace_2d draws f's contour lines (the page's
# figure in the browser uses the same box, paths.TRACE_BOX).
TRACE_X1, TRACE_X2 = (np.arange(low, high, TRACE_GRID_STEP) for low, high in TRACE_BOX)
BOOK_FIGSIZE = (3.5, 2.5)
# Figure sides set_figsize accepts, in inches: larger ones exhaust memory when drawn (1000 in:
# MemoryError; 200 in: 20 s for one PNG), smaller ones show nothing.
FIGSIZE_RANGE = (0.5, 50.0)
NOTE_WIDTH = 52  # characters per line of a note in 8-point type, for the book's 3.5-inch figures


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


def when_the_reader_pauses(task: Callable[[], object], pause: float) -> None:
    """In a Jupyter kernel, run ``task`` once, as soon as no cell has run for ``pause`` seconds;
    elsewhere, never.

    The kernel's event loop runs it on the kernel's thread between cells, so it never competes
    with a cell, and every cell that starts first puts it off. While the reader reads, its
    one-time work is gone from the cell that would have done it; in "Run All", where each cell
    starts as the one before ends, it waits for the end, and the work stays where it was.
    """
    shell = _kernel()
    loop = getattr(getattr(shell, "kernel", None), "io_loop", None)
    if loop is None:
        return
    timer = None

    def put_off(*_: object) -> None:
        nonlocal timer
        if timer is not None:
            loop.remove_timeout(timer)
            timer = None

    def wait(*_: object) -> None:
        nonlocal timer
        put_off()
        timer = loop.call_later(pause, run)

    def run() -> None:
        shell.events.unregister("pre_run_cell", put_off)
        shell.events.unregister("post_run_cell", wait)
        task()

    shell.events.register("pre_run_cell", put_off)
    shell.events.register("post_run_cell", wait)


def prepare_loss_figure() -> None:
    """Do the first loss figure's one-time work: import the SVG backend, and find and load the
    fonts of its texts (labels and ticks, and the smaller type of notes) by drawing them small."""
    figure = Figure(figsize=(1, 1))
    figure.text(0, 0.5, "0.25")
    figure.text(0, 0, "0.25", fontsize=8)
    figure.savefig(io.StringIO(), format="svg")


def use_svg_display() -> None:
    """Show notebook figures as SVG, byte-for-byte reproducible from run to run."""
    matplotlib.rcParams["svg.hashsalt"] = "d2lmini"
    if _kernel() is not None:
        from matplotlib_inline.backend_inline import set_matplotlib_formats

        set_matplotlib_formats("svg", metadata={"Date": None})


def set_figsize(figsize: tuple[float, float] = BOOK_FIGSIZE) -> None:
    """Use SVG figures of ``figsize`` inches (width, height) from now on."""
    low, high = FIGSIZE_RANGE
    if (not isinstance(figsize, (tuple, list, np.ndarray)) or len(figsize) != 2
            or not all(checks.is_number(v) and low <= v <= high for v in figsize)):
        raise ValueError(f"figsize must be two numbers (width, height) in inches, each from {low:g} "
                         f"to {high:g}, such as the book's {BOOK_FIGSIZE}; got {figsize!r}")
    use_svg_display()
    plt.rcParams["figure.figsize"] = tuple(float(v) for v in figsize)


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


def _path_points(results: Sequence[Sequence[float]]) -> np.ndarray:
    """``results`` as an array of (x1, x2) rows, or a ``ValueError`` saying what it is instead."""
    allowed = "results must be a non-empty list of (x1, x2) pairs of numbers, as returned by train_2d"
    try:
        points = np.asarray(results, dtype=float)
    except (TypeError, ValueError) as err:
        raise ValueError(f"{allowed}; got {str(results)[:80]} ({err})") from None
    if points.ndim != 2 or points.shape[1] != 2 or len(points) == 0:
        raise ValueError(f"{allowed}; got an array of shape {points.shape}")
    return points


def _contour_values(f: Callable, x1: np.ndarray, x2: np.ndarray) -> np.ndarray:
    """``f`` on the grid (x1, x2), or a ``TypeError``/``ValueError`` if it cannot work on arrays."""
    if not callable(f):
        raise TypeError(f"f must be the function f(x1, x2) whose contour lines show_trace_2d draws, "
                        f"such as the chapter's f_2d; got {f!r}")
    advice = ("Write f with operators and NumPy functions (np.sqrt, not math.sqrt; np.where(x1 > 0, a, b), "
              "not if), or pass np.vectorize(f), which calls f once per grid point")
    try:
        values = f(x1, x2)
    except TypeError as err:
        raise TypeError(
            f"show_trace_2d calls f(x1, x2) with NumPy arrays of shape {x1.shape}, and f raised "
            f"TypeError: {err}. {advice}"
        ) from err
    except ValueError as err:
        if "truth value of an array" not in str(err):
            raise  # the reader's own ValueError
        raise ValueError(
            f"show_trace_2d calls f(x1, x2) with NumPy arrays of shape {x1.shape}, and f raised "
            f"ValueError: {err}. {advice}"
        ) from err
    try:
        array = np.asarray(values, dtype=float)
    except (TypeError, ValueError):
        array, returned = None, f"a {type(values).__name__}, not numbers"
    else:
        returned = "a single value" if array.ndim == 0 else f"an array of shape {array.shape}"
    if array is None or array.shape != x1.shape:
        raise ValueError(
            f"f(x1, x2) must return one number per grid point, an array of shape {x1.shape} "
            f"like x1; it returned {returned}"
        )
    return array


def show_trace_2d(f: Callable, results: Sequence[Sequence[float]]) -> None:
    """Draw the path ``results`` of (x1, x2) points over the contour lines of ``f``.

    Draws into the current figure, whose size ``set_figsize`` sets; as d2l's
    show_trace_2d, it sets the book's size unless the reader chose one (the
    figure size is not matplotlib's default). A path that leaves the drawn area
    or stops being finite is cut there, and the figure says at which step.
    """
    points = _path_points(results)
    if list(plt.rcParams["figure.figsize"]) == list(matplotlib.rcParamsDefault["figure.figsize"]):
        set_figsize()
    use_svg_display()
    x1, x2 = np.meshgrid(TRACE_X1, TRACE_X2, indexing="ij")
    values = _contour_values(f, x1, x2)
    box = (x1.min(), x1.max(), x2.min(), x2.max())
    shown, note = _visible_part(points, box)
    notes = [note] if note else []
    broken = ~np.isfinite(points).all(axis=1)
    if broken.any():
        not_finite = text("path_not_finite", step=int(np.argmax(broken)))
        if not_finite not in notes:
            notes.append(not_finite)
    axes = plt.gca()  # a new figure, if needed, has the size set_figsize put into rcParams
    axes.plot(shown[:, 0], shown[:, 1], "-o", color=PATH_COLOR)
    finite_values = values[np.isfinite(values)]
    if finite_values.size == 0:
        notes.append(text("contour_not_finite"))
    elif finite_values.min() == finite_values.max():
        notes.append(text("contour_constant"))
    else:
        axes.contour(x1, x2, values, colors=CONTOUR_COLOR)
    axes.set_xlim(box[0], box[1])
    axes.set_ylim(box[2], box[3])
    axes.set_xlabel("x1")
    axes.set_ylabel("x2")
    if notes:
        wrapped = [line for note in notes for line in textwrap.wrap(note, NOTE_WIDTH, break_on_hyphens=False)]
        axes.text(0.02, 0.96, "\n".join(wrapped), transform=axes.transAxes, va="top", fontsize=8,
                  bbox={"boxstyle": "round", "facecolor": "white", "alpha": 0.85})


class LossPlot:
    """A loss-against-epoch figure that grows while a model trains.

    In a notebook it is shown on the first redraw and then updated in place,
    at most once every ``redraw_every`` seconds, and once more by ``finish``:
    a fast run is drawn once, a slow one shows live progress. Each drawing is
    one SVG rendering with fixed margins (a "tight" bounding box would draw twice).

    The figure is not one of pyplot's: the inline backend never shows it a
    second time (after an error or an interrupt, say), a script does not pile
    up open figures, and ``plt.plot`` afterwards does not draw into it.
    The y-axis keeps ``ylim`` while every loss fits in it; otherwise it widens
    to show all finite losses, on a log scale when they span more than
    ``LOG_SCALE_SPAN`` times. With ``show=False`` it only records the points and has no figure.
    """

    LOG_SCALE_SPAN = 100

    def __init__(self, num_epochs: int, ylim: tuple[float, float] = (0.22, 0.35),
                 redraw_every: float = 0.5, show: bool = True) -> None:
        if show:  # runs that only record their losses skip the figure (~10 ms of CPU each)
            use_svg_display()
            self.fig = Figure(figsize=BOOK_FIGSIZE)
            self.axes = self.fig.add_subplot()
            self.fig.subplots_adjust(left=0.2, right=0.96, bottom=0.19, top=0.96)
            self.axes.set(xlabel=text("epoch"), ylabel=text("loss"), xlim=(0, num_epochs), ylim=ylim)
            self.axes.grid()
            (self.line,) = self.axes.plot([], [], "-")
        self.ylim = ylim
        self.epochs: list[float] = []
        self.losses: list[float] = []
        self.start: float | None = None  # the loss before training, drawn only if no other is finite
        self.redraw_every = redraw_every
        self._last_draw = time.perf_counter()
        self._shell = _kernel()
        self._handle = None
        self.show = show

    def add(self, epoch: float, loss: float) -> None:
        """Add one point; redraw if the last drawing is old enough."""
        self.epochs.append(epoch)
        self.losses.append(loss)
        if self.show and time.perf_counter() - self._last_draw >= self.redraw_every:
            self._draw()

    def finish(self, note: str | None = None) -> None:
        """Draw the final curve, with ``note`` written on the figure if given."""
        if note:  # above the axes, which move down to make room: the note covers no point
            lines = textwrap.wrap(note, NOTE_WIDTH, break_on_hyphens=False)
            self.fig.text(0.02, 0.985, "\n".join(lines), va="top", fontsize=8, color="#b00000")
            self.fig.subplots_adjust(top=0.95 - 0.06 * len(lines))
        self._draw()

    def abort(self, note: str) -> None:
        """End a run that raised: draw the curve so far with ``note``, or nothing if it has no point."""
        if self.show and (self.losses or self._handle is not None):
            self.finish(note)

    def _fit_y_axis(self, losses: np.ndarray) -> None:
        """Keep the book's y-range if it holds the losses, else widen it (log scale for wide spans).

        As in the book's figures, the first loss may lie above the range: the
        curve then enters from the top edge.
        """
        low, high = self.ylim
        after_first = losses[1:] if losses.size > 1 else losses
        if losses.size and (losses.min() < low or after_first.max() > high):
            low, high = losses.min(), losses.max()
            if low > 0 and high / low > self.LOG_SCALE_SPAN:
                self._use_yscale("log")
                self.axes.set_ylim(low / 2, high * 2)
                return
            low, high = min(low, self.ylim[0]), max(high, self.ylim[1])
            margin = (high - low) * 0.05
            low, high = low - margin, high + margin
        self._use_yscale("linear")
        self.axes.set_ylim(low, high)

    def _use_yscale(self, scale: str) -> None:
        """Set the y-scale only if it changes: setting it rebuilds the axis's ticks, which made
        each redraw's SVG rendering several times slower."""
        if self.axes.get_yscale() != scale:
            self.axes.set_yscale(scale)

    def _draw(self) -> None:
        finite = np.isfinite(self.losses)
        epochs = np.asarray(self.epochs, dtype=float)[finite]
        losses = np.asarray(self.losses, dtype=float)[finite]
        starting_point = losses.size == 0 and self.start is not None and math.isfinite(self.start)
        if starting_point:
            epochs, losses = np.zeros(1), np.array([self.start])
        self.line.set_data(epochs, losses)
        self.line.set_clip_on(not starting_point)  # a marker on the left edge, drawn whole
        self.line.set_marker("o" if losses.size == 1 else "None")  # a single point has no line
        self._fit_y_axis(losses)
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
