"""Markup fixes for assistive technology in what docutils writes.

The bibliography is a ``<div role="list">`` whose entries carry the deprecated ARIA role
``doc-biblioentry``, which is not a list item: a list with no items to screen readers. Each
entry becomes a ``listitem`` of that list.
"""

from __future__ import annotations

import re
from typing import Any

from sphinx.application import Sphinx

BIBLIOGRAPHY_ENTRY = re.compile(r'(<div class="citation"[^>]*?) role="doc-biblioentry"')


def fix_bibliography_roles(app: Sphinx, pagename: str, templatename: str,
                           context: dict[str, Any], doctree: Any) -> None:
    if "body" in context:
        context["body"] = BIBLIOGRAPHY_ENTRY.sub(r'\1 role="listitem"', context["body"])


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("html-page-context", fix_bibliography_roles)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
