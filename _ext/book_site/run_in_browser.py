"""The chapter's framework-free cells, edited and run by the reader on the page, in a Python that
the site serves itself (Pyodide): no server, no CDN, nothing to install.

A notebook cell tagged ``run-in-browser`` (its code needs only the standard library and the 2-D
part of d2lmini: the browser's Python has no NumPy or matplotlib) gets a bar of buttons in the
page's language: "Run in the browser", "Stop" and "Reset" (``run_controls``), hidden until the
page's script shows them. That script, ``_static/run-in-browser.mjs``, 1 KB, is all the page
loads before the first press, which imports the rest (``run-in-browser-cells.mjs``); then a Web
Worker loads Pyodide and d2lmini's modules from ``_static/run-in-browser/``, which
``served_files`` fills: Pyodide's files from its npm package (pinned in node/package-lock.json
and checked by npm ci, like KaTeX), and d2lmini's standard-library modules and its figure
module, widgets.js, copied from the book's source.
"""

from __future__ import annotations

import html
import json
import shutil

from selectolax.lexbor import LexborHTMLParser, LexborNode

from .built_site import Page, Site
from .catalogue import text
from .node import package_file

CELLS = "div.cell.tag_run-in-browser"
FOLDER = "run-in-browser"  # in _static
PYODIDE_FILES = ["pyodide.mjs", "pyodide.asm.js", "pyodide.asm.wasm", "python_stdlib.zip",
                 "pyodide-lock.json"]
FETCHED = ["pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json"]  # the others are imported
# All of d2lmini that the browser's Python loads: the modules that need only the standard library.
PYTHON_MODULES = ["__init__.py", "checks.py", "language.py", "paths.py"]
# The texts of the controls and of what they say (English; the book's catalogue has the others).
TEXTS = {
    "run": "Run in the browser",
    "stop": "Stop",
    "reset": "Reset",
    "code": "Code of this cell, editable; Shift+Enter runs it",
    "output": "Output of the cell in your browser",
    "loading": "Loading Python into your browser (Pyodide, {size} MB, only the first time)",
    "progress": "Python downloaded so far",
    "running": "Running…",
    "done": "Ran in {seconds} s.",
    "failed": "The cell raised an error.",
    "error": "Line {line}: {error}",
    "stopped": "Stopped. The next run starts a fresh Python.",
    "unavailable": "Python could not be loaded: {error}",
}


def pyodide_sizes() -> tuple[int, int]:
    """The bytes of all Pyodide files the page loads, and of those it fetches (its progress bar)."""
    size = {name: package_file("pyodide", name).stat().st_size for name in PYODIDE_FILES}
    return sum(size.values()), sum(size[name] for name in FETCHED)


def run_controls(page: Page) -> None:
    """The bar of buttons on each ``run-in-browser`` cell of the page, their texts and the script."""
    cells = page.tree.css(CELLS)
    if not cells:
        return
    say = {key: text(page.language, message) for key, message in TEXTS.items()}
    bar = ('<div class="run-in-browser" hidden>'
           f'<button type="button" class="run-in-browser-run">{html.escape(say["run"])}</button>'
           f'<button type="button" class="run-in-browser-stop" disabled>{html.escape(say["stop"])}</button>'
           f'<button type="button" class="run-in-browser-reset" disabled>{html.escape(say["reset"])}</button>'
           '<span class="run-in-browser-status" aria-live="polite"></span></div>')
    for cell in cells:
        cell.css_first(".cell_input").insert_before(_element(bar))
    size, download = pyodide_sizes()
    config = {"texts": say, "modules": [f"d2lmini/{name}" for name in PYTHON_MODULES],
              "size": size, "download": download}
    static = "../" * page.name.count("/") + "_static"
    page.tree.body.insert_child(_element(
        '<script type="application/json" id="run-in-browser-config">'
        + json.dumps(config, ensure_ascii=False).replace("</", "<\\/") + "</script>"))
    page.tree.body.insert_child(_element(f'<script type="module" src="{static}/run-in-browser.mjs"></script>'))


def _element(markup: str) -> LexborNode:
    """The element of ``markup``, parsed."""
    return LexborHTMLParser(f"<body>{markup}</body>").body.child


def served_files(site: Site) -> None:
    """Pyodide, d2lmini's standard-library modules and widgets.js in ``_static/run-in-browser``,
    if a page runs cells."""
    if not any(page.tree.css_first(CELLS) for page in site.pages):
        return
    folder = site.static / FOLDER
    (folder / "pyodide").mkdir(parents=True, exist_ok=True)
    (folder / "d2lmini").mkdir(exist_ok=True)
    for name in PYODIDE_FILES:
        shutil.copyfile(package_file("pyodide", name), folder / "pyodide" / name)
    source = site.source_folder / "d2lmini"
    for name in PYTHON_MODULES:
        shutil.copyfile(source / name, folder / "d2lmini" / name)
    shutil.copyfile(source / "widgets.js", folder / "widgets.js")
