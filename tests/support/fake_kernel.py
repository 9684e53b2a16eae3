"""A stand-in for a Jupyter kernel that records the figures a notebook would show, and what they show.

d2lmini displays its loss figure as SVG through IPython's ``display``; the inline backend shows
every pyplot figure still open after a cell. ``FakeKernel`` records both, without a kernel.
"""

from __future__ import annotations

import os
import traceback
from collections.abc import Iterable
from contextlib import contextmanager

import numpy as np
from matplotlib import pyplot as plt
from matplotlib.figure import Figure

# Float slack when deciding whether a point lies inside its axes: a point on the edge is inside.
EDGE_SLACK = 1e-9


class FakeKernel:
    """While installed (``with FakeKernel() as kernel:``), d2lmini believes it runs in a kernel
    and each of its SVG displays is recorded with the figure it came from."""

    def __init__(self) -> None:
        self.shown: list[Figure] = []
        self._last_saved: Figure | None = None
        self._restore: list[tuple[object, str, object]] = []

    def figures(self) -> list[Figure]:
        """What the reader sees: each displayed figure, then pyplot's open ones (the inline backend's)."""
        return self.shown + [plt.figure(number) for number in plt.get_fignums()]

    def clear(self) -> None:
        self.shown.clear()
        plt.close("all")

    def display(self, image, raw=False, display_id=False):
        self.shown.append(self._last_saved)
        return self

    def update(self, image, raw=False) -> None:
        """A display handle's update: the figure stays the one already recorded."""

    def _patch(self, owner: object, name: str, value: object) -> None:
        self._restore.append((owner, name, getattr(owner, name)))
        setattr(owner, name, value)

    def __enter__(self) -> FakeKernel:
        import IPython.display

        from d2lmini import plotting

        savefig = Figure.savefig
        kernel = self

        def recording_savefig(figure, *args, **kwargs):
            kernel._last_saved = figure
            return savefig(figure, *args, **kwargs)

        self._patch(Figure, "savefig", recording_savefig)
        self._patch(IPython.display, "display", self.display)
        self._patch(plotting, "_kernel", lambda: self)
        self._patch(plotting, "use_svg_display", lambda: None)  # matplotlib_inline needs a real shell
        return self

    def __exit__(self, *exc_info) -> None:
        while self._restore:
            owner, name, value = self._restore.pop()
            setattr(owner, name, value)


@contextmanager
def as_script():
    """Inside, d2lmini sees no kernel, as in a Python script."""
    from d2lmini import plotting

    kernel = plotting._kernel
    plotting._kernel = lambda: None
    try:
        yield
    finally:
        plotting._kernel = kernel


def visible_points(figure: Figure) -> tuple[int, int]:
    """(points drawn inside the axes, finite points drawn outside them) over all lines of ``figure``.

    A lone point of a line without markers is not drawn, so it counts as outside. A first point
    above the top of the axes counts as shown when the next one is inside: the line then enters
    from the top edge, as in the book's own loss figures.
    """
    inside = outside = 0
    for axes in figure.axes:
        (x0, x1), (y0, y1) = sorted(axes.get_xlim()), sorted(axes.get_ylim())
        for line in axes.lines:
            xy = np.asarray(line.get_xydata(), dtype=float).reshape(-1, 2)
            xy = xy[np.isfinite(xy).all(axis=1)]
            if len(xy) == 1 and line.get_marker() in (None, "None", "", " "):
                outside += 1
                continue
            within = ((xy[:, 0] >= x0 - EDGE_SLACK) & (xy[:, 0] <= x1 + EDGE_SLACK)
                      & (xy[:, 1] >= y0 - EDGE_SLACK * max(1, abs(y0)))
                      & (xy[:, 1] <= y1 + EDGE_SLACK * max(1, abs(y1))))
            if len(within) > 1 and not within[0] and within[1] and xy[0, 1] > y1:
                within[0] = True
            inside += int(within.sum())
            outside += int((~within).sum())
    return inside, outside


def notes_of(figures: Figure | Iterable[Figure]) -> str:
    """The texts written on the figures (on the figure or in its axes), on one line."""
    figures = [figures] if isinstance(figures, Figure) else list(figures)
    texts = [t for fig in figures for t in [*fig.texts, *(t for axes in fig.axes for t in axes.texts)]]
    return " ".join(t.get_text() for t in texts).replace("\n", " ")


def raised_by_d2lmini(error: BaseException) -> bool:
    """Whether ``error`` was raised by d2lmini's own code (its traceback ends in the package)."""
    frames = traceback.extract_tb(error.__traceback__)
    return bool(frames) and f"{os.sep}d2lmini{os.sep}" in frames[-1].filename


def clear_error_problem(error: BaseException, words: Iterable[str]) -> str | None:
    """What keeps ``error`` from being a clear one: d2lmini's ValueError/TypeError/OSError whose
    message has all ``words`` (any case). None if nothing does."""
    message = f"{type(error).__name__}: {error}"
    if not isinstance(error, (ValueError, TypeError, OSError)) or not raised_by_d2lmini(error):
        return f"not a clear error from d2lmini: {message[:200]}"
    missing = [word for word in words if word.lower() not in str(error).lower()]
    return f"{missing} not in the message: {message[:200]}" if missing else None
