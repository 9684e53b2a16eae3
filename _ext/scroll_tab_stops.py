"""Code blocks that scroll sideways are tab stops, without laying out the whole page at load.

Keyboard readers scroll a box only once it has the focus, so a box that scrolls needs a
``tabindex`` (axe's rule scrollable-region-focusable). pydata-sphinx-theme sets it at the
``load`` event: it reads the scroll size of every code block and output on the page, which forces
the browser to lay out all of it, the sections still far below the screen included (they are
skipped until needed, ``content-visibility: auto`` in ``book.css``). On a slow phone that took
0.75 s, at the moment the interactive figures were about to be drawn. Instead:

- every ``<pre>`` is a tab stop in the built page, so without JavaScript, too, a reader can
  scroll code that is wider than a phone;
- the theme's load-time check is taken out of its script (the build fails if the script no longer
  has it, say after a theme upgrade), and a ``ResizeObserver`` does the check for each box when
  the browser lays it out and whenever its size changes: a box that does not scroll stops being
  a tab stop. The browser reports a box only once it is laid out, so nothing forces the layout
  of a section before the reader comes near it.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.errors import ExtensionError

THEME_SCRIPT = Path("_static") / "scripts" / "pydata-sphinx-theme.js"
# The end of pydata-sphinx-theme 0.17.1's script: run addTabStopsToScrollableElements at load.
THEME_CHECK = '"complete"===document.readyState?I():window.addEventListener("load",I)'
THEME_CHECK_REMOVED = "void 0/* scrollable boxes are checked as laid out: _ext/scroll_tab_stops.py */"
PRE = re.compile(r"<pre(?![^>]*\btabindex=)(?=[\s>])")
# The theme's selectors that can match these pages (not nbsphinx's or JupyterLab's),
# checked as each box is laid out.
CHECK_AS_LAID_OUT = """addEventListener("DOMContentLoaded", () => {
  const scrolls = (box) => box.scrollWidth > box.clientWidth || box.scrollHeight > box.clientHeight;
  const observer = new ResizeObserver((entries) => {
    for (const { target } of entries) target.tabIndex = scrolls(target) ? 0 : -1;
  });
  for (const box of document.querySelectorAll("pre, .cell_output > .output, .pst-scrollable-table-container")) {
    observer.observe(box);
  }
});"""


def pre_as_tab_stops(app: Sphinx, pagename: str, templatename: str,
                     context: dict[str, Any], doctree: nodes.document | None) -> None:
    if "body" in context:
        context["body"] = PRE.sub('<pre tabindex="0"', context["body"])


def remove_theme_check(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    script = Path(app.outdir) / THEME_SCRIPT
    text = script.read_text(encoding="utf-8")
    if THEME_CHECK in text:
        script.write_text(text.replace(THEME_CHECK, THEME_CHECK_REMOVED), encoding="utf-8")
    elif THEME_CHECK_REMOVED not in text:
        raise ExtensionError(f"{THEME_SCRIPT} no longer ends with {THEME_CHECK!r}: see how the theme "
                             "now makes scrollable boxes tab stops and update _ext/scroll_tab_stops.py")


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_js_file(None, body=CHECK_AS_LAID_OUT)
    app.connect("html-page-context", pre_as_tab_stops)
    app.connect("build-finished", remove_theme_check)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
