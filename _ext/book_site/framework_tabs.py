"""Framework tabs on the website: consecutive notebook cells tagged ``pytorch`` or
``tensorflow`` become one sphinx-design tab set "PyTorch | TensorFlow" (with their outputs).

All tab sets share the sync group "framework", so choosing a framework switches every set on
the page, and sphinx-design remembers the choice (browser local storage) across pages and
languages. Without JavaScript the tabs still switch (they are CSS radio buttons) and are
labelled. The notebooks are unchanged.

sphinx-design points each tab's label at its panel with ``aria-controls``, which HTML does not
allow on a label tied to its input (by ``for``): the labels go without it.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms import SphinxTransform
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx_design.shared import create_component
from sphinx_design.tabs import sd_tab_label

FRAMEWORKS = {"pytorch": "PyTorch", "tensorflow": "TensorFlow"}  # tab order and labels


def framework_of(node: nodes.Node) -> str | None:
    """The framework a MyST-NB cell is tagged with (its classes include ``tag_<tag>``), if any."""
    if not (isinstance(node, nodes.container) and "cell" in node.get("classes", [])):
        return None
    return next((name for name in FRAMEWORKS if f"tag_{name}" in node["classes"]), None)


def tab_set(cells: list[nodes.Node]) -> nodes.container:
    """One tab per framework, holding that framework's cells in their order."""
    tabs = create_component("tab-set", classes=["sd-tab-set", "framework-tabs"])
    for name, label in FRAMEWORKS.items():
        own = [cell for cell in cells if framework_of(cell) == name]
        if not own:
            continue
        title = nodes.rubric(label, label, classes=["sd-tab-label"], sync_id=name,
                             sync_group="framework")
        content = create_component("tab-content", classes=["sd-tab-content"], children=own)
        tabs += create_component("tab-item", classes=["sd-tab-item"], children=[title, content])
    return tabs


class FrameworkTabs(SphinxTransform):
    """Wrap each run of consecutive framework cells in a tab set."""

    default_priority = 500

    def apply(self, **kwargs: Any) -> None:
        for parent in list(self.document.findall(nodes.Element)):
            if not any(framework_of(child) for child in parent.children):
                continue
            grouped: list[nodes.Node] = []
            run: list[nodes.Node] = []
            for child in [*parent.children, None]:
                if child is not None and framework_of(child):
                    run.append(child)
                    continue
                if run:
                    grouped.append(tab_set(run))
                    run = []
                if child is not None:
                    grouped.append(child)
            parent.children = []
            parent.extend(grouped)



class TabLabelsWithoutAriaControls(SphinxPostTransform):
    """Drop sphinx-design's ``aria-controls`` from the tab labels."""

    default_priority = 201  # after sphinx-design writes the labels (TabSetHtmlTransform, 200)
    formats = ("html",)

    def run(self, **kwargs: Any) -> None:
        for label in self.document.findall(sd_tab_label):
            label.attributes.pop("aria_controls", None)
