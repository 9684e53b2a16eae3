"""The written site, for the build's last phase: each page read and parsed once, changed in
memory by the page rewrites and the site steps (``__init__.py`` lists both, in order), and
written once; then the steps that read the written site, such as the printer (which loads the
pages and their files as a reader's browser does) run on it.

The pages are the HTML files Sphinx wrote, apart from the theme's template fragments that it
copies into ``_static``. They are parsed and written by Lexbor's HTML5 parser and serializer
(selectolax), so a rewrite changes elements, not text that looks like them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from selectolax.lexbor import LexborHTMLParser
from sphinx.application import Sphinx
from sphinx.config import Config

from .languages import language_of


@dataclass
class Page:
    """A written page: its name (its path without ``.html``), file and parsed document."""

    name: str
    path: Path
    tree: LexborHTMLParser

    @property
    def language(self) -> str:
        return language_of(self.name)

    @property
    def html(self) -> str:
        return self.tree.html

    def file_of(self, link: str) -> Path:
        """The file a relative link of the page (``href``, ``src``) leads to."""
        return (self.path.parent / link.split("?")[0].split("#")[0]).resolve()


@dataclass
class Site:
    """The written site: its folder, its pages, the names of the pages that are documents, the
    book's source folder and its configuration."""

    folder: Path
    pages: list[Page]
    documents: set[str]
    source_folder: Path
    config: Config

    @classmethod
    def read(cls, app: Sphinx) -> Site:
        folder = Path(app.outdir)
        static = folder / "_static"
        pages = [Page(path.relative_to(folder).with_suffix("").as_posix(), path,
                      LexborHTMLParser(path.read_text(encoding="utf-8")))
                 for path in sorted(folder.rglob("*.html")) if static not in path.parents]
        return cls(folder, pages, set(app.env.found_docs), Path(app.srcdir), app.config)

    @property
    def static(self) -> Path:
        return self.folder / "_static"

    def write(self) -> None:
        for page in self.pages:
            page.path.write_text(page.html, encoding="utf-8")


PageRewrite = Callable[[Page], None]
SiteStep = Callable[[Site], None]


def finish(app: Sphinx, rewrites: list[PageRewrite], steps: list[SiteStep],
           steps_after_writing: list[SiteStep]) -> None:
    """Read the site, apply each rewrite to each page and then each site step, write it, then
    run the steps that need the pages as they are written."""
    site = Site.read(app)
    for page in site.pages:
        for rewrite in rewrites:
            rewrite(page)
    for step in steps:
        step(site)
    site.write()
    for step in steps_after_writing:
        step(site)
