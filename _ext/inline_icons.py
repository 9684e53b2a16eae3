"""The theme's icons as inline SVG, made when the book is built, instead of a 1.45 MB script.

pydata-sphinx-theme writes its icons as ``<i class="fa-solid fa-bars"></i>`` and loads
``fontawesome.js``, which holds every FontAwesome Free icon and swaps such elements for
``<svg>`` in the browser. The pages use about twenty icons, so this extension makes that swap
in the written HTML and drops the script. Each icon's outline comes from the theme's own copy of
fontawesome.js (so the icons are the theme's version); an icon it cannot find fails the build.
FontAwesome Free icons are under CC BY 4.0 (https://fontawesome.com/license/free).
"""

from __future__ import annotations

import html
import re
from functools import cache
from pathlib import Path
from typing import Any

import pydata_sphinx_theme
from sphinx.application import Sphinx
from sphinx.errors import ExtensionError

FONTAWESOME = Path(pydata_sphinx_theme.__file__).parent / "theme/pydata_sphinx_theme/static/scripts/fontawesome.js"
# In fontawesome.js each style's icons are an object literal `var p={name:[w,h,[aliases],
# "unicode","path"],...}` followed by `d("fab",p)` (brands), `d("far",p)` or `d("fas",p)`.
STYLE_END = re.compile(r'\bd\("(fa[bsr])",p\)')
ICON = re.compile(r'(?:"([a-z0-9-]+)"|\b([a-z0-9]+)):\[(\d+),(\d+),\[[^\]]*\],"[0-9a-f]+","([^"]+)"\]')
ICON_ELEMENT = re.compile(r'<(i|span)\b([^>]*\bclass="([^"]*\bfa-[^"]*)"[^>]*)>\s*</\1>')
SCRIPT = re.compile(r'<script\b[^>]*\bsrc="[^"]*/scripts/fontawesome\.js[^"]*"[^>]*>\s*</script>\s*')
STYLES = {"fab": "fab", "fa-brands": "fab", "far": "far", "fa-regular": "far",
          "fas": "fas", "fa-solid": "fas"}
NOT_NAMES = {"fa-lg", "fa-sm", "fa-xs", "fa-fw", "fa-2x", "fa-3x", "fa-spin"}


@cache
def icon_table() -> dict[tuple[str, str], tuple[int, int, str]]:
    """(style, name) -> (width, height, SVG path) of every icon in the theme's fontawesome.js."""
    source = FONTAWESOME.read_text(encoding="utf-8")
    table, start = {}, 0
    for end in STYLE_END.finditer(source):
        for match in ICON.finditer(source, start, end.start()):
            name = match.group(1) or match.group(2)
            table[(end.group(1), name)] = (int(match.group(3)), int(match.group(4)), match.group(5))
        start = end.end()
    return table


def inline_svg(match: re.Match) -> str:
    attributes, classes = match.group(2), match.group(3).split()
    style = next((STYLES[c] for c in classes if c in STYLES), "fas")
    names = [c[3:] for c in classes if c.startswith("fa-") and c not in STYLES and c not in NOT_NAMES]
    found = [icon_table()[(style, name)] for name in names if (style, name) in icon_table()]
    if not found:
        raise ExtensionError(f"no FontAwesome icon for {match.group(0)!r} in {FONTAWESOME}")
    width, height, path = found[0]
    attributes = attributes.replace(f'class="{match.group(3)}"',
                                    f'class="{html.escape(" ".join(classes))} svg-inline--fa"')
    if "aria-hidden" not in attributes and "aria-label" not in attributes:
        attributes += ' aria-hidden="true"'
    return (f'<svg{attributes} focusable="false" xmlns="http://www.w3.org/2000/svg" '
            f'viewBox="0 0 {width} {height}"><path fill="currentColor" d="{path}"/></svg>')


def inline_icons(page_html: str) -> str:
    return SCRIPT.sub("", ICON_ELEMENT.sub(inline_svg, page_html))


def rewrite_pages(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    for page in Path(app.outdir).rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        rewritten = inline_icons(text)
        if rewritten != text:
            page.write_text(rewritten, encoding="utf-8")


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("build-finished", rewrite_pages)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
