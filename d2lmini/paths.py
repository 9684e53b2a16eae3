"""The 2-D toy problem's path, in nothing but the standard library: ``train_2d``, and what
``show_trace_2d`` draws, as plain numbers.

The website runs the chapter's framework-free cells in the browser's Python (Pyodide), which has
neither NumPy nor matplotlib; there this module, ``checks`` and ``language`` are all of d2lmini
that is loaded, and the page draws ``trace_figure``'s numbers with the book's figure code.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

from . import checks
from .language import text

MAX_STEPS_2D = 100_000
# The part of the (x1, x2) plane that show_trace_2d draws, as in the d2l package, and the grid
# on which the page's figure evaluates f for its contour lines.
TRACE_BOX = ((-5.5, 1.0), (-3.0, 1.0))
TRACE_GRID_STEP = 0.1


def train_2d(trainer: Callable, steps: int = 20, f_grad: Callable | None = None) -> list:
    """Run ``trainer`` for ``steps`` steps from (x1, x2, s1, s2) = (-5, -2, 0, 0).

    ``trainer(x1, x2, s1, s2)`` (or ``trainer(x1, x2, s1, s2, f_grad)`` if
    ``f_grad`` is given) returns the next (x1, x2, s1, s2); ``s1`` and ``s2`` are
    the optimizer's state. Prints the last point and returns all steps + 1 points.

    A path that breaks down numerically (the trainer raises ``OverflowError``,
    another ``ArithmeticError`` or math's "math domain error") or stops being
    finite stops there: the printed line says so, and the returned points end
    with the first non-finite one ((nan, nan) where the trainer raised),
    which ``show_trace_2d`` marks.
    """
    if not callable(trainer):
        raise ValueError(f"trainer must be a function of (x1, x2, s1, s2), got {trainer!r}")
    steps = checks.positive_int("steps", steps, maximum=MAX_STEPS_2D)
    _check_2d_signature(trainer, f_grad)
    x1, x2, s1, s2 = -5, -2, 0, 0
    results = [(x1, x2)]
    for step in range(1, steps + 1):
        try:
            returned = trainer(x1, x2, s1, s2) if f_grad is None else trainer(x1, x2, s1, s2, f_grad)
        except (ArithmeticError, ValueError) as err:
            if isinstance(err, ValueError) and str(err) != "math domain error":
                raise  # the reader's own ValueError
            results.append((math.nan, math.nan))
            what = "path_overflowed" if isinstance(err, OverflowError) else "path_failed"
            print(text(what, last=step - 1, step=step, x1=float(x1), x2=float(x2), error=_error_text(err)))
            return results
        x1, x2, s1, s2 = _four_numbers(returned, trainer)
        results.append((x1, x2))
        if not (math.isfinite(x1) and math.isfinite(x2)):
            print(text("path_stopped_not_finite", step=step, x1=x1, x2=x2))
            return results
    print(text("path_end", step=steps, x1=float(x1), x2=float(x2)))
    return results


def _error_text(err: Exception) -> str:
    """"Type: message", without the message of an (errno, message) pair: the C library's words,
    which differ between systems (glibc, macOS, the browser's Emscripten), so that the printed line
    is the same everywhere: "OverflowError", not "OverflowError: (34, 'Numerical result out of range')"."""
    if len(err.args) == 2 and isinstance(err.args[0], int):
        return type(err).__name__
    return f"{type(err).__name__}: {err}"


def _check_2d_signature(trainer: Callable, f_grad: Any) -> None:
    """A ``TypeError`` unless ``f_grad`` is a function or None and ``trainer`` takes the arguments
    that train_2d passes it (as far as its signature tells)."""
    if f_grad is not None and not callable(f_grad):
        raise TypeError(f"f_grad must be a function f_grad(x1, x2) that returns the gradient (g1, g2), "
                        f"or None; got {f_grad!r}")
    arguments = "x1, x2, s1, s2" if f_grad is None else "x1, x2, s1, s2, f_grad"
    expected = arguments.count(",") + 1
    needed = checks.positional_arity(trainer)
    if needed is None or needed == expected:
        return
    name = getattr(trainer, "__name__", "trainer")
    if f_grad is None and needed == 5:
        hint = "; it also takes f_grad: pass it, train_2d(trainer, steps, f_grad=...)"
    elif f_grad is not None and needed == 4:
        hint = "; it takes no f_grad: leave out f_grad, or make it the trainer's fifth parameter"
    else:
        hint = ""
    raise TypeError(
        f"train_2d calls trainer({arguments}) with the point (x1, x2) and the optimizer's state "
        f"(s1, s2){'' if f_grad is None else ' and the gradient function'}, {expected} arguments, "
        f"but {name} takes {needed}{hint}"
    )


def _four_numbers(returned: Any, trainer: Callable) -> tuple:
    """The (x1, x2, s1, s2) that a 2-D trainer returned, or a ``TypeError`` saying what it returned."""
    name = getattr(trainer, "__name__", "trainer")
    if not isinstance(returned, (tuple, list)) or len(returned) != 4:
        raise TypeError(f"{name} must return the four numbers x1, x2, s1, s2, got {returned!r}")
    x1, x2, s1, s2 = returned
    point = checks.real_scalar(x1), checks.real_scalar(x2)
    if None in point:
        raise TypeError(f"{name} must return numbers for x1 and x2 (Python or NumPy numbers, or "
                        f"tensors holding one number), got {x1!r} and {x2!r}")
    return *point, s1, s2


def _finite_or_none(value: float) -> float | None:
    """``value``, or None (JSON's null) where it is infinite or not a number."""
    return value if math.isfinite(value) else None


def trace_figure(f: Callable, results: Sequence[Sequence[float]]) -> dict[str, list]:
    """What ``show_trace_2d(f, results)`` draws, as lists of numbers (None where not finite): the
    path's points ``[x1, x2]``, the grid ``x1`` and ``x2`` over ``TRACE_BOX`` and ``f`` on it,
    ``f[i][j] = f(x1[i], x2[j])``, called with one pair of Python floats at a time."""
    if not callable(f):
        raise TypeError(f"f must be the function f(x1, x2) whose contour lines show_trace_2d draws, "
                        f"such as the chapter's f_2d; got {f!r}")
    allowed = "results must be a non-empty list of (x1, x2) pairs of numbers, as returned by train_2d"
    if isinstance(results, (str, bytes)) or not isinstance(results, Sequence) or not results:
        raise ValueError(f"{allowed}; got {str(results)[:80]}")
    points = []
    for point in results:
        pair = [checks.real_scalar(value) for value in point] if isinstance(point, Sequence) else []
        if len(pair) != 2 or None in pair:
            raise ValueError(f"{allowed}; got {point!r} among them")
        points.append([_finite_or_none(value) for value in pair])
    (x1_low, x1_high), (x2_low, x2_high) = TRACE_BOX
    x1 = [x1_low + i * TRACE_GRID_STEP for i in range(round((x1_high - x1_low) / TRACE_GRID_STEP) + 1)]
    x2 = [x2_low + j * TRACE_GRID_STEP for j in range(round((x2_high - x2_low) / TRACE_GRID_STEP) + 1)]
    values = []
    for a in x1:
        row = []
        for b in x2:
            value = checks.real_scalar(f(a, b))
            if value is None:
                raise ValueError(f"f(x1, x2) must return one number, got {f(a, b)!r} for x1={a:g}, x2={b:g}")
            row.append(_finite_or_none(value))
        values.append(row)
    return {"points": points, "x1": x1, "x2": x2, "f": values}
