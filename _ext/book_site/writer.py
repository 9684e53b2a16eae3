"""How Sphinx writes the book's pages: the HTML builder and translator, with what the book
changes in their markup.

- ``BookHTMLBuilder`` says which page it is writing (``page_being_written``), so that every
  text of that page is in the page's language (catalogue.py). Sphinx writes a page's body in
  ``write_doc`` and fills its template in ``handle_page``; in a parallel build a worker process
  writes several pages whose doctrees the main process resolved before, so the page must be
  known where it is written, not where it was resolved.
- ``BookTranslator`` writes every ``<pre>`` (code and cell outputs) as a tab stop: keyboard
  readers can scroll only a box that takes the focus, and code scrolls sideways on a phone
  (the page's script takes the tab stop away from boxes that do not scroll: theme.py). It
  writes the bibliography's entries as the list items of their list: docutils marks them
  ``role="doc-biblioentry"``, which is not a list item, so screen readers found a list with no
  items.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from docutils import nodes
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.writers.html5 import HTML5Translator


class BookHTMLBuilder(StandaloneHTMLBuilder):
    """Sphinx's HTML builder, saying which page it writes."""

    page_being_written: str | None = None

    @contextmanager
    def _writing(self, pagename: str) -> Iterator[None]:
        outer, self.page_being_written = self.page_being_written, pagename
        try:
            yield
        finally:
            self.page_being_written = outer

    def write_doc(self, docname: str, doctree: nodes.document) -> None:
        with self._writing(docname):
            super().write_doc(docname, doctree)

    def handle_page(self, pagename: str, *args: Any, **kwargs: Any) -> None:
        with self._writing(pagename):
            super().handle_page(pagename, *args, **kwargs)


class BookTranslator(HTML5Translator):
    """Sphinx's HTML translator, with code blocks as tab stops and bibliography list items."""

    def visit_literal_block(self, node: nodes.literal_block) -> None:
        written = len(self.body)
        try:
            super().visit_literal_block(node)
        finally:
            for index in range(written, len(self.body)):
                if "<pre" in self.body[index]:
                    self.body[index] = self.body[index].replace("<pre", '<pre tabindex="0"', 1)
                    break

    def visit_citation(self, node: nodes.citation) -> None:
        if not isinstance(node.previous_sibling(), nodes.citation):
            self.body.append('<div role="list" class="citation-list">\n')
        self.body.append(self.starttag(node, "div", classes=[node.tagname], role="listitem"))
