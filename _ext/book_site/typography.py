"""An inline formula stays on one line with the letters that touch it.

A Korean particle follows its formula with no space ($\\mathbf{s}_t$는), and so does punctuation
in every language ($x$,). Browsers may still break a line between the formula, an atomic box,
and those letters, which CSS ``word-break: keep-all`` does not prevent. So each inline formula
and the word-part right after it are wrapped in one ``<span class="formula-word">``.
"""

from __future__ import annotations

import re
from typing import Any

from docutils import nodes
from sphinx.transforms import SphinxTransform

TOUCHING = re.compile(r"^\S+")  # the letters right after a formula, up to the next space


class KeepFormulaWithItsWord(SphinxTransform):
    """Wrap ``math`` + the text that touches it in an inline node of class ``formula-word``."""

    default_priority = 800

    def apply(self, **kwargs: Any) -> None:
        for formula in list(self.document.findall(nodes.math)):
            following = formula.next_node(descend=False, siblings=True)
            if not isinstance(following, nodes.Text):
                continue
            touching = TOUCHING.match(str(following))
            if not touching:
                continue
            parent = formula.parent
            rest = str(following)[touching.end():]
            group = nodes.inline("", "", classes=["formula-word"])
            parent.replace(formula, group)
            group += formula
            group += nodes.Text(touching.group(0))
            if rest:
                parent.replace(following, nodes.Text(rest))
            else:
                parent.remove(following)

