"""Each page's description (``<meta name="description">`` and ``og:description``) is the text of
its first paragraphs as a reader sees it, cut at a word.

sphinxext-opengraph builds the description by joining the page's text pieces with a space
wherever one piece does not end with a space, which reads "( schedule)" where the page has
"(*schedule*)" and puts a space between a link and the Korean particle after it. Here each
paragraph's own text is used instead, with formulas in the plain-Unicode reading that
``typeset_math`` gives them. The tags are set before sphinxext-opengraph runs, which then keeps
them (a page's ``og:`` fields override its own, and it adds no second meta description).
"""

from __future__ import annotations

import html
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx

LENGTH = 200  # characters, as sphinxext-opengraph's default
ELLIPSIS = "..."


def first_paragraphs_text(doctree: nodes.document, length: int = LENGTH) -> str:
    """The text of the page's first top-level paragraphs, cut at a word to ``length``."""
    text = ""
    for paragraph in doctree.findall(nodes.paragraph):
        if not isinstance(paragraph.parent, nodes.section):
            continue  # lists, notes, tables, cell outputs: not the page's opening text
        text = f"{text} {' '.join(paragraph.astext().split())}".strip()
        if len(text) > length:
            return text[:length - len(ELLIPSIS)].rsplit(" ", 1)[0].rstrip(",;:.") + ELLIPSIS
    return text


def set_description(app: Sphinx, pagename: str, templatename: str,
                    context: dict[str, Any], doctree: nodes.document | None) -> None:
    if doctree is None:
        return
    # Escaped once here: sphinxext-opengraph writes a page's og: fields as they are.
    description = html.escape(first_paragraphs_text(doctree), quote=True)
    if not description:
        return
    # A copy: context["meta"] is the environment's own metadata of the page.
    context["meta"] = {**(context.get("meta") or {}), "og:description": description}
    context["metatags"] = (context.get("metatags", "")
                           + f'<meta name="description" content="{description}" />\n')

