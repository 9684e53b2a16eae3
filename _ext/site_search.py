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
import re
import shutil
from pathlib import Path
from typing import Any

from pagefind.index import IndexConfig, PagefindIndex
from sphinx.application import Sphinx
from sphinx.errors import ExtensionError

from d2lmini.language import SEARCH_LABELS
from multilingual import language_of

BUNDLE = "pagefind"  # the folder of the index and Pagefind's scripts in the built site
NOT_INDEXED = [
    ".math", "math", "mjx-container", ".katex",  # formulas, as TeX or typeset
    ".cell_output", ".d2lmini-static",            # the notebooks' outputs and figures
    ".headerlink",
]
ARTICLE = re.compile(r'<article class="bd-article"')
# Vietnamese đ/Đ as d/D + U+0335 COMBINING SHORT STROKE OVERLAY; the dialog turns them back.
STROKED_D = str.maketrans({"đ": "d\u0335", "Đ": "D\u0335"})
# pydata-sphinx-theme's template loads Sphinx's search scripts on every page.
SPHINX_SEARCH_SCRIPT = re.compile(
    r'<script[^>]*src="[^"]*(?:searchtools|language_data|searchindex)\.js"[^>]*></script>\s*')
SPHINX_SEARCH_FILES = ["searchindex.js", "search.html", "_static/searchtools.js",
                       "_static/language_data.js"]


def turn_off_sphinx_search(app: Sphinx) -> None:
    """No searchindex.js and no search.html: Pagefind is the site's search."""
    if app.builder.format == "html":
        app.builder.search = False


def add_search_script(app: Sphinx, pagename: str, templatename: str,
                      context: dict[str, Any], doctree: Any) -> None:
    """The search dialog's script on every page, with the dialog's labels in the page's language."""
    language = language_of(pagename)
    labels = SEARCH_LABELS[language]
    app.add_js_file("site-search.mjs", type="module",
                    **{f"data-{key}": value for key, value in labels.items()})


def page_to_index(page: str) -> str:
    """The page as Pagefind should index it: its article marked as the part to index, and "đ"
    written as "d" with a combining stroke (see the module's docstring)."""
    page = ARTICLE.sub('<article class="bd-article" data-pagefind-body', page, count=1)
    return page.translate(STROKED_D)


async def write_index(pages: dict[str, str], output: Path) -> int:
    """Index the pages (URL -> HTML) and write Pagefind's bundle to ``output``; the number of
    pages indexed."""
    config = IndexConfig(exclude_selectors=NOT_INDEXED, output_path=str(output))
    indexed = 0
    async with PagefindIndex(config=config) as index:
        for url, content in pages.items():
            result = await index.add_html_file(content=content, url=url)
            indexed += bool(result.get("page_word_count"))
    return indexed


def index_site(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    outdir = Path(app.outdir)
    for name in SPHINX_SEARCH_FILES:
        (outdir / name).unlink(missing_ok=True)
    for path in outdir.glob("**/*.html"):  # the documents and Sphinx's own pages (genindex)
        page = path.read_text(encoding="utf-8")
        path.write_text(SPHINX_SEARCH_SCRIPT.sub("", page), encoding="utf-8")
    pages = {}
    for docname in sorted(app.env.found_docs):
        path = outdir / f"{docname}.html"
        pages["/" + path.relative_to(outdir).as_posix()] = page_to_index(path.read_text(encoding="utf-8"))
    bundle = outdir / BUNDLE
    shutil.rmtree(bundle, ignore_errors=True)  # no index files left from an earlier build
    indexed = asyncio.run(write_index(pages, bundle))
    if indexed != len(pages):
        raise ExtensionError(f"Pagefind indexed {indexed} of the {len(pages)} pages")
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8") or "{}")
    if set(entry.get("languages", {})) != {language_of(name)
                                           for name in app.env.found_docs}:
        raise ExtensionError(f"Pagefind wrote no index for some languages: {entry}")


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("builder-inited", turn_off_sphinx_search)
    app.connect("html-page-context", add_search_script, priority=400)  # before page_assets copies the list
    app.connect("build-finished", index_site, priority=900)  # after the other extensions' rewrites
    return {"parallel_read_safe": True, "parallel_write_safe": True}
