"""Every page of a book built in parallel (``sphinx-build -j 2``) speaks its own language.

The test book has more pages than one worker takes at a time, in the three languages, built with
the book's own configuration (``jupyter-book config sphinx`` of its _config.yml) and its build
package. Each page is checked for a text of each phase that translates: read (sphinx-exercise's
directive titles an exercise), written (the headings' permalinks) and filled into the template
(the skip link, the theme's sidebar)."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from book_site.catalogue import translations
from book_site.languages import LANGUAGES
from selectolax.lexbor import LexborHTMLParser
from support import REPO

PAGES_PER_LANGUAGE = ["a", "b", "c"]
PAGE = """<a id="sec_{name}-{language}"></a>
# Page {name}

Some text.

## Exercises

1. <a id="ex_{name}-{language}-1"></a>Do something.
"""


@pytest.fixture(scope="module")
def parallel_site(tmp_path_factory) -> Path:
    book = tmp_path_factory.mktemp("parallel-book")
    shutil.copy(REPO / "_config.yml", book)
    shutil.copy(REPO / "references.bib", book)
    for folder in ["_ext", "_static"]:
        (book / folder).symlink_to(REPO / folder)
    (book / "index.md").write_text("# Home\n\nA test book.\n")
    parts = []
    for language, name in LANGUAGES.items():
        files = []
        for page in PAGES_PER_LANGUAGE:
            path = book / "chapters" / language / f"{page}.md"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(PAGE.format(name=page, language=language), encoding="utf-8")
            files.append(f"      - file: chapters/{language}/{page}")
        parts.append(f"  - caption: {name}\n    chapters:\n" + "\n".join(files))
    (book / "_toc.yml").write_text("format: jb-book\nroot: index\nparts:\n" + "\n".join(parts) + "\n",
                                   encoding="utf-8")
    scripts = Path(sys.executable).parent
    subprocess.run([str(scripts / "jupyter-book"), "config", "sphinx", str(book)], check=True,
                   capture_output=True)
    build = subprocess.run([sys.executable, "-m", "sphinx", "-j", "2", "-b", "html",
                            str(book), str(book / "_build" / "html")],
                           capture_output=True, text=True, env={"PYTHONPATH": str(book / "_ext"),
                                                                "PATH": str(scripts)})
    assert build.returncode == 0, build.stderr[-3000:]
    # Jupyter Book's sphinx_multitoc_numbering does not say it can read in parallel, so Sphinx
    # reads the pages one by one (and says so); nothing else may warn.
    warnings = re.findall(r"WARNING: (.*)", build.stderr)
    assert warnings == ["the sphinx_multitoc_numbering extension does not declare if it is safe for "
                        "parallel reading, assuming it isn't - please ask the extension author to "
                        "check and make it explicit", "doing serial read"], build.stderr[-3000:]
    # Written in parallel: the pages went to a worker process in chunks (the log says so).
    assert re.search(r"writing output\.\.\. \[\s*\d+%\] chapters/\S+ \.\. ", build.stdout), build.stdout
    return book / "_build" / "html"


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("page", PAGES_PER_LANGUAGE)
def test_every_page_is_in_its_own_language(parallel_site, language, page):
    tree = LexborHTMLParser((parallel_site / "chapters" / language / f"{page}.html").read_text())
    sphinx = translations(language, "sphinx")
    assert tree.css_first("html").attributes["lang"] == language
    exercise = translations(language, "exercise").gettext("Exercise")
    assert tree.css_first("div.exercise .admonition-title").text() == f"{exercise} 1"
    assert {link.attributes["title"] for link in tree.css("a.headerlink")} == {
        sphinx.gettext("Link to this heading")}
    assert tree.css_first("#pst-skip-link a").text() == sphinx.gettext("Skip to main content")
    assert tree.css_first("nav.bd-docs-nav").attributes["aria-label"] == sphinx.gettext("Main")
