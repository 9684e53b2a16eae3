"""What the pages load, and nothing more.

- sphinx-thebe adds its inline configuration script twice with Sphinx 7, which makes browsers
  report "Identifier 'THEBE_JS_URL' has already been declared": drop scripts that repeat an
  earlier one (same file or inline body and attributes; they differ only in priority).
  pydata-sphinx-theme adds inline settings (``DOCUMENTATION_OPTIONS.…``) for its version
  switcher and its search-as-you-type, which the site does not have: they go too (inline, they
  would run before the deferred script that defines ``DOCUMENTATION_OPTIONS``, and fail).
- No script holds up the first paint: the local scripts Sphinx and the theme put in ``<head>``
  load with ``defer`` (they only define things or wait for the page to be parsed; the inline
  scripts between them only set variables).
- The saved widget state (some 95 KB in ``<head>``, read only by the figures' renderer once the
  whole page is read) moves to the end of ``<body>``, so that the text of the page arrives first.
  (Moving the inline scripts of ``<head>`` before the stylesheet, so that the browser reads on
  while the stylesheet loads, made the figures ready 0.24 s sooner on the slow phone but the
  first paint 0.5 s later: they stay where they are.)
- Figures (``<img>`` of the notebooks' outputs) get their ``width`` and ``height``, so the
  browser keeps their space before they arrive and the text below does not jump, and load
  lazily: each SVG is a document that the browser parses and lays out on the page's thread,
  so the ten of a chapter, most of them far below the first screen or in closed answers,
  wait until the reader comes near them (browsers load them all before printing).
- A page's stylesheets (a dozen files of the themes and extensions, one of which ``@import``s
  another) become one file, in the same order: one request before the first paint instead of
  a dozen plus a chain, which a slow phone's round trips make cost. That file keeps only the
  rules that can match something: PurgeCSS drops those whose classes, ids and elements appear
  neither in the pages that use it nor in the scripts they load (the themes ship all of
  Bootstrap; the chapter uses a tenth). Its name is the hash of what is left. PostCSS bundles
  it (node/bundle-css.mjs).

The widgets are drawn by ``_static/widgets-renderer.mjs`` (set in ``nb_ipywidgets_js``, which
MyST-NB adds only to pages with widgets) instead of the ipywidgets HTML manager.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx

from .built_site import Page, Site
from .node import run_node

SVG_SIZE = re.compile(r'<svg\b[^>]*?\bwidth="([\d.]+)(pt|px)?"[^>]*?\bheight="([\d.]+)(pt|px)?"')
PIXELS_PER_UNIT = {"pt": 4 / 3, "px": 1.0, None: 1.0}
LOADING = ("defer", "async")
THEME_SETTINGS = "DOCUMENTATION_OPTIONS."
WIDGET_STATE = 'script[type="application/vnd.jupyter.widget-state+json"]'
LOCAL_STYLESHEET = 'link[rel="stylesheet"]:not([href^="http:"]):not([href^="https:"])'
LOCAL_SCRIPT = "script[src]:not([src^='http:']):not([src^='https:'])"
# Classes that PurgeCSS cannot find in the pages or their scripts: those that scripts put together
# from pieces, the parts of d2lmini's figures (d2lmini-<part>, in the widgets' front-end module)
# and the placement of Bootstrap's tooltips (bs-tooltip-<placement>, which draws their arrow),
# those of the copy of a chapter page that is printed to its PDF (pdf-<part>, pdf_edition.py), and
# those of a cell run in the browser, made by a module the page imports at the first press
# (run-in-browser-<part>, run_in_browser.py).
KEEP = ["^d2lmini-", "^bs-tooltip-", "^pdf-", "^run-in-browser-"]


def drop_unneeded_scripts(app: Sphinx, pagename: str, templatename: str,
                          context: dict[str, Any], doctree: nodes.document | None) -> None:
    seen, unique = set(), []
    for script in context.get("script_files", []):
        attributes = getattr(script, "attributes", {})
        key = (str(getattr(script, "filename", script) or ""), repr(sorted(attributes.items())))
        if attributes.get("body", "").startswith(THEME_SETTINGS):
            continue
        if key not in seen:
            seen.add(key)
            unique.append(script)
    context["script_files"] = unique


def defer_local_scripts(app: Sphinx, pagename: str, templatename: str,
                        context: dict[str, Any], doctree: nodes.document | None) -> None:
    scripts = []
    for script in context.get("script_files", []):
        filename = str(getattr(script, "filename", script) or "")
        attributes = dict(getattr(script, "attributes", {}))
        if (filename and "://" not in filename and "type" not in attributes
                and not any(key in attributes for key in LOADING)):
            script = type(script)(script.filename, priority=script.priority, **attributes, defer="defer")
        scripts.append(script)
    context["script_files"] = scripts


def image_size(path: Path) -> tuple[int, int] | None:
    """The size in CSS pixels at which a browser draws an SVG or PNG file, if it says."""
    data = path.read_bytes()
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    match = SVG_SIZE.search(data[:4000].decode("utf-8", "replace"))
    if not match:
        return None
    width, width_unit, height, height_unit = match.groups()
    return (round(float(width) * PIXELS_PER_UNIT[width_unit]),
            round(float(height) * PIXELS_PER_UNIT[height_unit]))


def sizes_for_images(page: Page) -> None:
    """The notebooks' figures with their size, loaded lazily."""
    for image in page.tree.css('img[src$=".svg"]:not([width]), img[src$=".png"]:not([width])'):
        size = image_size(page.file_of(image.attributes["src"]))
        if size is not None:
            image.attrs["width"], image.attrs["height"] = map(str, size)
            image.attrs["loading"] = "lazy"


def widget_state_last(page: Page) -> None:
    """The saved widget state of the page's ``<head>`` moved to the end of its ``<body>``."""
    state = page.tree.head.css_first(WIDGET_STATE) if page.tree.head else None
    if state is not None:
        page.tree.body.insert_child(state.clone())
        state.decompose()


def bundle_stylesheets(site: Site) -> None:
    """Each group of pages that load the same local stylesheets gets them as one file (see the
    module's docstring)."""
    groups: dict[tuple[Path, ...], list[Page]] = {}
    for page in site.pages:
        sheets = tuple(page.file_of(link.attributes["href"]) for link in page.tree.css(LOCAL_STYLESHEET))
        if len(sheets) >= 2:
            groups.setdefault(sheets, []).append(page)
    for sheets, pages in groups.items():
        scripts = sorted({str(path) for page in pages for script in page.tree.css(LOCAL_SCRIPT)
                          if (path := page.file_of(script.attributes["src"])).is_file()})
        bundle_path = site.static / "stylesheets.css"  # where its urls lead from; named by its hash
        css = run_node("bundle-css.mjs", input=json.dumps({
            "sheets": [str(sheet) for sheet in sheets], "to": str(bundle_path), "keep": KEEP,
            "content": [{"raw": page.html, "extension": "html"} for page in pages] + scripts}))
        bundle = site.static / f"stylesheets-{hashlib.sha256(css.encode()).hexdigest()[:16]}.css"
        bundle.write_text(css, encoding="utf-8")
        for page in pages:
            first, *others = page.tree.css(LOCAL_STYLESHEET)
            for name in list(first.attributes):
                del first.attrs[name]
            first.attrs["rel"] = "stylesheet"
            first.attrs["href"] = Path(os.path.relpath(bundle, page.path.parent)).as_posix()
            for link in others:
                link.decompose()
