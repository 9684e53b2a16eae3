"""The site's search: Pagefind (https://pagefind.app) instead of Sphinx's own search.

Pagefind indexes the built pages after the build, one index per ``<html lang>``, so a reader
searching on the Korean page gets Korean results, and its UI speaks the page's language.
Sphinx's search (``searchindex.js``, ``search.html`` and the scripts every page loaded for it) is
turned off, and so is the theme's search dialog (``disable_search`` in ``_config.yml``); the
theme's search buttons and Ctrl+K open ``_static/site-search.mjs``'s dialog instead, which loads
Pagefind only then.

What is indexed: each page's article, without its formulas (their source or typeset markup reads
as garbage in a result's excerpt), the notebooks' outputs and the headings' "#" links. Korean
words carry their particles (평균을, 평균의): Pagefind matches a search term against the start of
indexed words, so "평균" finds them. Vietnamese typed without diacritics ("toc do hoc") is matched
by Pagefind's diacritic-insensitive search, which drops the combining marks of the Unicode
decomposition (ố = o + ◌̂ + ◌́). "đ" has no decomposition: it is a letter of its own, so "toc do
hoc" would not find "tốc độ học". The index therefore gets "đ" as "d" + a combining stroke
(U+0335), which Pagefind drops like any other mark; the dialog writes the stroke back as "đ" in
what it shows and turns a typed "đ" into "d" before searching. (A hidden copy of the text with
"d" in place of "đ" also finds the words, but then excerpts quote that copy.)
"""

from __future__ import annotations

import asyncio
import json
import shutil
from typing import Any

from pagefind.index import IndexConfig, PagefindIndex
from selectolax.lexbor import LexborHTMLParser
from sphinx.application import Sphinx
from sphinx.errors import ExtensionError

from .built_site import Site
from .catalogue import text
from .languages import language_of

BUNDLE = "pagefind"  # the folder of the index and Pagefind's scripts in the built site
NOT_INDEXED = [
    ".math", "math", "mjx-container", ".katex",  # formulas, as TeX or typeset
    ".cell_output", ".d2lmini-static",            # the notebooks' outputs and figures
    ".headerlink",
    ".run-in-browser",                            # the buttons that run a cell in the browser
]
# Vietnamese đ/Đ as d/D + U+0335 COMBINING SHORT STROKE OVERLAY; the dialog turns them back.
STROKED_D = str.maketrans({"đ": "d\u0335", "Đ": "D\u0335"})
# The search dialog's labels (data-* attributes of its script tag), in English; the book's
# catalogue has them in the other languages.
LABELS = {"dialog": "Search this book", "close": "Close search",
          "failed": "The search could not load: {error}"}
# What Sphinx's search would have left in the site; the theme's layout loads none of its scripts.
SPHINX_SEARCH_FILES = ["searchindex.js", "search.html", "_static/searchtools.js",
                       "_static/language_data.js"]


def turn_off_sphinx_search(app: Sphinx) -> None:
    """No searchindex.js: Pagefind is the site's search."""
    if app.builder.format == "html":
        app.builder.search = False


def add_search_script(app: Sphinx, pagename: str, templatename: str,
                      context: dict[str, Any], doctree: Any) -> None:
    """The search dialog's script on every page, with the dialog's labels in the page's language."""
    language = language_of(pagename)
    app.add_js_file("site-search.mjs", type="module",
                    **{f"data-{key}": text(language, label) for key, label in LABELS.items()})


def page_to_index(page: str) -> str:
    """The page as Pagefind should index it: its article marked as the part to index, and "đ"
    written as "d" with a combining stroke (see the module's docstring)."""
    tree = LexborHTMLParser(page)
    tree.css_first("article.bd-article").attrs["data-pagefind-body"] = ""
    return tree.html.translate(STROKED_D)


async def write_index(pages: dict[str, str], output: Any) -> int:
    """Index the pages (URL -> HTML) and write Pagefind's bundle to ``output``; the number of
    pages indexed."""
    config = IndexConfig(exclude_selectors=NOT_INDEXED, output_path=str(output))
    indexed = 0
    async with PagefindIndex(config=config) as index:
        for url, content in pages.items():
            result = await index.add_html_file(content=content, url=url)
            indexed += bool(result.get("page_word_count"))
    return indexed


def without_sphinx_search(site: Site) -> None:
    """No file of Sphinx's search is left in the site."""
    for name in SPHINX_SEARCH_FILES:
        (site.folder / name).unlink(missing_ok=True)
    site.pages = [page for page in site.pages if page.name != "search"]


def search_index(site: Site) -> None:
    """Pagefind's index of the documents, one per language, in the site's ``pagefind`` folder."""
    pages = {f"/{page.name}.html": page_to_index(page.html)
             for page in site.pages if page.name in site.documents}
    bundle = site.folder / BUNDLE
    shutil.rmtree(bundle, ignore_errors=True)  # no index files left from an earlier build
    indexed = asyncio.run(write_index(pages, bundle))
    if indexed != len(pages):
        raise ExtensionError(f"Pagefind indexed {indexed} of the {len(pages)} pages")
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8") or "{}")
    if set(entry.get("languages", {})) != {language_of(name) for name in site.documents}:
        raise ExtensionError(f"Pagefind wrote no index for some languages: {entry}")
