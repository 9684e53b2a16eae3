"""The book's theme (``theme/``): sphinx-book-theme with its own templates for the markup the
book changes, registered here, and the two changes to the parent theme that no template reaches.

- Icons are inline SVG, written by the templates with ``svg_icon`` from the outlines of the npm
  package @fortawesome/fontawesome-free, at the version of the theme's own icons (node/
  package.json). The pages load none of the theme's icon script, which holds every FontAwesome
  icon (1.45 MB) to swap ``<i class="fa-…">`` elements for SVG in the browser: the build fails if
  a page still has such an element. FontAwesome Free icons are under CC BY 4.0
  (https://fontawesome.com/license/free).
- Code that scrolls sideways is a tab stop (``<pre tabindex="0">``: writer.py) without laying
  out the whole page at load. pydata-sphinx-theme's script checks every code block and output
  at the ``load`` event, which forces the browser to lay out all of the page, the sections still
  far below the screen included (they are skipped until needed: ``content-visibility`` in
  ``book.css``); on a slow phone that took 0.75 s, just as the figures were about to be drawn.
  That check is taken out of the theme's script (the build fails if the script no longer has
  it), and a ``ResizeObserver`` checks each box when the browser lays it out: a box that does
  not scroll stops being a tab stop.
"""

from __future__ import annotations

import html
import xml.etree.ElementTree as ElementTree
from functools import cache
from pathlib import Path
from typing import Any

from markupsafe import Markup
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.errors import ExtensionError

from .built_site import Page, Site
from .node import package_file

NAME = "rmsprop_book"
FOLDER = Path(__file__).with_name("theme")
ICONS = "@fortawesome/fontawesome-free"
ICON_STYLES = {"fa-solid": "solid", "fas": "solid", "fa-regular": "regular", "far": "regular",
               "fa-brands": "brands", "fab": "brands"}
ICON_SIZES = {"fa-xs", "fa-sm", "fa-lg", "fa-fw", "fa-2x", "fa-3x"}
THEME_SCRIPT = Path("_static") / "scripts" / "pydata-sphinx-theme.js"
# The end of pydata-sphinx-theme 0.17.1's script: run addTabStopsToScrollableElements at load.
THEME_CHECK = '"complete"===document.readyState?I():window.addEventListener("load",I)'
THEME_CHECK_REMOVED = "void 0/* scrollable boxes are checked as laid out: _ext/book_site/theme.py */"
# The theme's selectors that can match these pages (not nbsphinx's or JupyterLab's).
CHECK_AS_LAID_OUT = """addEventListener("DOMContentLoaded", () => {
  const scrolls = (box) => box.scrollWidth > box.clientWidth || box.scrollHeight > box.clientHeight;
  const observer = new ResizeObserver((entries) => {
    for (const { target } of entries) target.tabIndex = scrolls(target) ? 0 : -1;
  });
  for (const box of document.querySelectorAll("pre, .cell_output > .output, .pst-scrollable-table-container")) {
    observer.observe(box);
  }
});"""


def register(app: Sphinx) -> None:
    """The theme and its templates: ``components/`` comes before the parents' template folders."""
    app.add_html_theme(NAME, str(FOLDER))


def components_first(app: Sphinx, config: Config) -> None:
    """Put the theme's components before those the parent themes add to ``templates_path``."""
    config.templates_path.insert(0, str(FOLDER / "components"))


@cache
def icon_outline(style: str, name: str) -> tuple[str, str]:
    """The view box and path of a FontAwesome icon, from its SVG file in the npm package."""
    path = package_file(ICONS, f"svgs/{style}/{name}.svg")
    if not path.exists():
        raise ExtensionError(f"{ICONS} has no {style} icon {name!r} ({path})")
    svg = ElementTree.parse(path).getroot()
    return svg.get("viewBox"), svg.find("{http://www.w3.org/2000/svg}path").get("d")


def svg_icon(classes: str, attributes: dict[str, str] | None = None) -> Markup:
    """The icon that FontAwesome's ``classes`` name ("fa-solid fa-bars fa-lg"), as inline SVG
    with those classes and ``attributes``; hidden from screen readers unless it has a label."""
    names = classes.split()
    style = next((ICON_STYLES[name] for name in names if name in ICON_STYLES), "solid")
    icons = [name[3:] for name in names
             if name.startswith("fa-") and name not in ICON_STYLES and name not in ICON_SIZES]
    if len(icons) != 1:
        raise ExtensionError(f"svg_icon: {classes!r} should name one FontAwesome icon")
    view_box, path = icon_outline(style, icons[0])
    attributes = {"class": f"{classes} svg-inline--fa", **(attributes or {})}
    if "aria-label" not in attributes:
        attributes.setdefault("aria-hidden", "true")
    written = "".join(f' {name}="{html.escape(value)}"' for name, value in attributes.items())
    return Markup(f'<svg{written} focusable="false" xmlns="http://www.w3.org/2000/svg" '
                  f'viewBox="{view_box}"><path fill="currentColor" d="{path}"/></svg>')


def offer_svg_icon(app: Sphinx) -> None:
    """``svg_icon`` for every template, macros imported without context included."""
    if app.builder.format == "html":
        app.builder.templates.environment.globals["svg_icon"] = svg_icon


def without_icon_script(page: Page) -> None:
    """No page loads the theme's icon script; no icon is left for it to draw."""
    for script in page.tree.css('script[src*="/scripts/fontawesome.js"]'):
        script.decompose()
    left = [element.html for element in page.tree.css('i[class*="fa-"], span[class*="fa-"]')]
    if left:
        raise ExtensionError(f"{page.name}: an icon for FontAwesome's script, which the pages do "
                             f"not load: {left[0]}; write it with svg_icon in a template of "
                             "_ext/book_site/theme/")


def tab_stops_as_laid_out(app: Sphinx) -> None:
    """The script that makes scrolling boxes tab stops as they are laid out, on every page."""
    app.add_js_file(None, body=CHECK_AS_LAID_OUT)


def theme_script_without_load_check(site: Site) -> None:
    """Take the theme's load-time check of scrolling boxes out of its script."""
    script = site.folder / THEME_SCRIPT
    text = script.read_text(encoding="utf-8")
    if THEME_CHECK in text:
        script.write_text(text.replace(THEME_CHECK, THEME_CHECK_REMOVED), encoding="utf-8")
    elif THEME_CHECK_REMOVED not in text:
        raise ExtensionError(f"{THEME_SCRIPT} no longer ends with {THEME_CHECK!r}: see how the theme "
                             "now makes scrollable boxes tab stops and update _ext/book_site/theme.py")

