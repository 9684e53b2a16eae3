"""What the pages' live figures load besides the page, as files of the site.

- The airfoil figure's data (d2lmini/airfoil_figure.py: the airfoil examples and the draws of the
  seeded PyTorch run) is made here, from the copy of the data set the build trains on, and written
  into the site only, as ``_static/airfoil-<hash>.bin``; the figure's ``data_url`` in the page's
  saved widget state says where it is, and the figure fetches it when it nears the screen. It is
  never in a notebook: there the kernel sends it to the figure in a message.
- Each figure's front-end module (anywidget's ``_esm``, d2lmini/widgets.js) is saved in the state
  once per figure: some 65 KB each, three times on a chapter page. It becomes one file of the site,
  ``_static/figures-<hash>.mjs``, minified by Terser (node/minify-module.mjs: 21 KB gzip become
  12), which the state names instead (the renderer imports a module from its address), once,
  cached across pages. The page preloads it at low priority: the figures are drawn once the page
  is read, so it comes while the page is read, after what the first paint needs (the stylesheet
  and the fonts), not beside it. This runs after the stylesheets are bundled: PurgeCSS keeps the
  figures' rules whose classes it finds in the module's source in the page.
- Each figure's style (anywidget's ``_css``, d2lmini/widgets.css) is in the page's stylesheet
  already (static_figures links it for the drawings shown without JavaScript; the bundle keeps
  it): the state drops its copies, which the renderer would add to the page as a ``<style>``,
  making the browser style the whole page again as the figures are drawn.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

from selectolax.lexbor import LexborHTMLParser

from .built_site import Page, Site
from .node import run_node

STATE = 'script[type="application/vnd.jupyter.widget-state+json"]'


def _state(page: Page) -> tuple[Any, dict] | None:
    """The page's saved widget state: its script and its models."""
    script = page.tree.css_first(STATE)
    return None if script is None else (script, json.loads(script.text()))


def _write_state(script: Any, state: dict) -> None:
    """Replace the state script's JSON (``</`` written as ``<\\/``, which no script can end on)."""
    body = json.dumps(state, ensure_ascii=False).replace("</", "<\\/")
    new = LexborHTMLParser(f'<script type="application/vnd.jupyter.widget-state+json">{body}</script>')
    script.replace_with(new.css_first("script"))


def _site_file(site: Site, prefix: str, suffix: str, content: bytes) -> Path:
    """``content`` as ``_static/<prefix>-<hash><suffix>`` (once, however many pages use it)."""
    path = site.static / f"{prefix}-{hashlib.sha256(content).hexdigest()[:16]}{suffix}"
    if not path.exists():
        path.write_bytes(content)
    return path


def _address(page: Page, path: Path) -> str:
    return Path(os.path.relpath(path, page.path.parent)).as_posix()


def figure_files(site: Site) -> None:
    """The airfoil figures' data and the figures' modules as files of the site (module docstring)."""
    from d2lmini import airfoil_figure  # the build's own d2lmini, which executed the chapters

    data: dict[int, Path] = {}
    modules_by_source: dict[str, Path] = {}
    for page in site.pages:
        found = _state(page)
        if found is None:
            continue
        script, state = found
        modules = set()
        for model in state["state"].values():
            figure = model["state"]
            if model["model_name"] != "AnyModel" or "_esm" not in figure:
                continue
            if figure.get("kind") == "airfoil":
                seed = figure["fixed"]["seed"]
                if seed not in data:
                    data[seed] = _site_file(site, "airfoil", ".bin",
                                            airfoil_figure.encode(airfoil_figure.figure_data(seed)))
                figure["data_url"] = _address(page, data[seed])
            figure["_css"] = ""
            source = figure["_esm"]
            if source not in modules_by_source:
                modules_by_source[source] = _site_file(site, "figures", ".mjs",
                                                       run_node("minify-module.mjs", input=source).encode())
            figure["_esm"] = _address(page, modules_by_source[source])
            modules.add(figure["_esm"])
        _write_state(script, state)
        for address in sorted(modules):
            page.tree.head.insert_child(LexborHTMLParser(
                f'<link rel="modulepreload" fetchpriority="low" href="{address}">').css_first("link"))
