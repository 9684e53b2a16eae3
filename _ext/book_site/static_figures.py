"""Interactive figures without JavaScript and in print: each widget output gets a drawing of its
figure at the values the page's saved widget state holds, made when the book is built.

For every ``<script type="application/vnd.jupyter.widget-view+json">`` of a page, this finds the
d2lmini figure(s) under that view in MyST-NB's saved widget state and inserts, next to the
script, ``<div class="d2lmini-static">`` holding ``figureMarkup(kind, values, labels, id,
controls, {fixed})`` of the figure's own front-end module (its ``_esm`` in the state, so exactly
the code the live page runs; the values are those of its ``controls``, and ``fixed`` what else it
draws, such as the airfoil figure's reference run), and, for readers without
JavaScript only (``<noscript>``), a line in the page's language saying that this is the figure
at the code's values and that sliders need JavaScript. The live renderer removes that drawing
when it mounts the widget. The figures' style (their ``_css`` in the state) becomes a stylesheet
of the site that the page links to, so it joins the page's bundled stylesheet (page_assets.py).

The module is ES module JavaScript, run in Node (node/draw-figures.mjs): one Node process draws
all figures of a page.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx

from .catalogue import text
from .languages import language_of
from .node import run_node

VIEW_SCRIPT = re.compile(
    r'<script type="application/vnd\.jupyter\.widget-view\+json">(.*?)</script>', re.S)
MODEL_REFERENCE = "IPY_MODEL_"
# The line for readers without JavaScript, in English (the book's catalogue has the others).
NOSCRIPT_NOTE = ("This is the figure at the values in the code above. With JavaScript on, sliders "
                 "let you change them here.")


def saved_widget_state(app: Sphinx, docname: str) -> dict[str, Any]:
    """The models of the page's saved widget state (model id -> model), empty if it has none."""
    js_files = getattr(app.env, "nb_metadata", {}).get(docname, {}).get("js_files", {})
    uri_and_attributes = js_files.get("ipywidgets_state")
    if uri_and_attributes is None:
        return {}
    return json.loads(uri_and_attributes[1]["body"])["state"]


def figures_under(model_id: str, models: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """The d2lmini figure models (id, state) in the widget tree of ``model_id``, in order."""
    model = models.get(model_id)
    if model is None:
        return []
    state = model["state"]
    if model["model_name"] == "AnyModel" and "kind" in state and "_esm" in state:
        return [(model_id, state)]
    children = state.get("children", [])
    return [figure for child in children if isinstance(child, str)
            and child.startswith(MODEL_REFERENCE)
            for figure in figures_under(child[len(MODEL_REFERENCE):], models)]


def draw(requests: list[dict[str, Any]]) -> list[str]:
    """``figureMarkup`` of each request, computed by Node."""
    return json.loads(run_node("draw-figures.mjs", input=json.dumps(requests)))


def add_static_figures(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Insert the static drawing of each figure next to its widget view script."""
    models = saved_widget_state(app, docname)
    if not models:
        return
    places, requests, styles = [], [], set()
    for script in doctree.findall(nodes.raw):
        view = VIEW_SCRIPT.fullmatch(script.astext().strip())
        if view is None or "html" not in script.get("format", "").split():
            continue
        for model_id, state in figures_under(json.loads(view.group(1))["model_id"], models):
            places.append(script)
            requests.append({"esm": state["_esm"], "kind": state["kind"], "controls": state["controls"],
                             "values": {name: state[name] for name in state["controls"]},
                             "labels": state["labels"], "id": f"static-{model_id}",
                             "fixed": state.get("fixed", {})})
            styles.add(state["_css"])
    if not requests:
        return
    doctree["figure_stylesheets"] = [stylesheet(app, css) for css in sorted(styles)]
    note = f'<noscript><p class="d2lmini-noscript">{text(language_of(docname), NOSCRIPT_NOTE)}</p></noscript>'
    # From the last to the first, so that several figures of one view keep their order.
    for script, markup in reversed(list(zip(places, draw(requests)))):
        drawing = nodes.raw("", f'<div class="d2lmini-static">{markup}{note}</div>', format="html")
        script.parent.insert(script.parent.index(script) + 1, drawing)



def stylesheet(app: Sphinx, css: str) -> str:
    """The figures' style as a file of the site's _static, named by its hash; the name."""
    name = f"figures-{hashlib.sha256(css.encode()).hexdigest()[:16]}.css"
    (Path(app.outdir) / "_static" / name).write_text(css, encoding="utf-8")
    return name


def link_figure_stylesheets(app: Sphinx, pagename: str, templatename: str,
                            context: dict[str, Any], doctree: nodes.document | None) -> None:
    """The page links to the style of its figures."""
    for name in doctree.get("figure_stylesheets", []) if doctree is not None else []:
        app.add_css_file(name)
