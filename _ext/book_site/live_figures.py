"""What the pages' live figures load besides the page, as files of the site.

- The airfoil figure's data (d2lmini/airfoil_figure.py: the airfoil examples and the draws of the
  seeded PyTorch run) is made here, from the copy of the data set the build trains on, and written
  into the site only, as ``_static/airfoil-<hash>.bin``; the figure's ``data_url`` in the page's
  saved widget state says where it is, and the figure fetches it when it nears the screen. It is
  never in a notebook: there the kernel sends it to the figure in a message.
- Each figure's front-end module (anywidget's ``_esm``, d2lmini/widgets.js) is saved in the state
  once per figure: some 50 KB each, three times on a chapter page. It becomes one file of the site,
  ``_static/figures-<hash>.mjs``, which the state names instead (the renderer imports a module
  from its address) and the page preloads, so that it arrives with the page, once, and is cached
  across pages. This runs after the stylesheets are bundled: PurgeCSS keeps the figures' rules
  whose classes it finds in the module's source in the page.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

from selectolax.lexbor import LexborHTMLParser

from .built_site import Page, Site

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
            module = _site_file(site, "figures", ".mjs", figure["_esm"].encode())
            figure["_esm"] = _address(page, module)
            modules.add(figure["_esm"])
        _write_state(script, state)
        for address in sorted(modules):
            page.tree.head.insert_child(LexborHTMLParser(
                f'<link rel="modulepreload" href="{address}">').css_first("link"))
