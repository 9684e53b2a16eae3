"""The website's Python for the chapter's framework-free cells (Pyodide, in the Web Worker of
_static/run-in-browser-worker.mjs): the cells of a page run in one namespace, in the order the
reader runs them, as in a notebook's kernel.

The namespace starts with what the chapter's first cells give these cells: ``math``, ``d2lmini``
in the page's language (as the notebook's ``d2lmini.set_language``), and a ``d2l`` whose
``train_2d`` is d2lmini's own and whose ``show_trace_2d`` hands the path and f on a grid to the
page, which draws them with the book's figure code (widgets.js).
"""

from __future__ import annotations

import json
import math
import sys
import types
from collections.abc import Callable

import d2lmini
from d2lmini import paths
from d2lmini.language import FIGURE_LABELS, TRACE_LABELS, get_language

CELL = "<cell>"  # the file name of a cell's code, to find its line in a traceback
namespace: dict = {}


def start(language: str, show_figure: Callable[[str], None]) -> None:
    """A fresh namespace, whose ``show_trace_2d`` passes its figure as JSON to ``show_figure``."""
    d2lmini.set_language(language)

    def show_trace_2d(f: Callable, results: list) -> None:
        labels = {**FIGURE_LABELS[get_language()], **TRACE_LABELS[get_language()]}
        show_figure(json.dumps({"values": paths.trace_figure(f, results), "labels": labels}))

    namespace.clear()
    namespace.update(__name__="__main__", math=math, d2lmini=d2lmini,
                     d2l=types.SimpleNamespace(train_2d=paths.train_2d, show_trace_2d=show_trace_2d))


def run(source: str) -> str | None:
    """Run a cell; None, or its error as JSON [line of the cell or null, "Type: message"]."""
    try:
        exec(compile(source, CELL, "exec"), namespace)
    except BaseException as error:  # the reader's code may raise anything, SystemExit too
        message = error.msg if isinstance(error, SyntaxError) else str(error)  # not "(<cell>, line 2)"
        return json.dumps([line_of(error), f"{type(error).__name__}: {message}"])
    finally:
        sys.stdout.flush()
    return None


def line_of(error: BaseException) -> int | None:
    """The line of the cell where ``error`` was raised, or the last line of the cell that led there."""
    if isinstance(error, SyntaxError) and error.filename == CELL:
        return error.lineno
    line, frame = None, error.__traceback__
    while frame is not None:
        if frame.tb_frame.f_code.co_filename == CELL:
            line = frame.tb_lineno
        frame = frame.tb_next
    return line
