"""Chapters in Markdown that every notebook front end shows cleanly, with the website's MyST.

The chapters are read as notebooks in Jupyter, Colab and VS Code, which render plain Markdown
and hide HTML, but show MyST roles, directives and labels as raw text. So the chapters use
plain Markdown for what the website marks up, and this extension turns it into MyST when the
book is read (Sphinx's ``source-read``), for pages under ``chapters/<language>/``:

- ``<a id="name"></a>`` alone on a line becomes the label ``(name)=``;
- a link to a reference, ``[Tieleman and Hinton (2012)](#Tieleman.Hinton.2012)`` where the
  fragment is a key of the book's .bib files, becomes ``{cite:t}`<language>-<key>```;
- the reference list, a Markdown list whose items start with ``<a id="<key>"></a>``, becomes
  the ``{bibliography}`` of the page (``:keyprefix: <language>-``). Each item must name the
  entry's authors, title and year, and list exactly the keys the page cites: otherwise the
  build warns (and the strict build fails), so the list cannot drift from the .bib file.

The "Download .ipynb" button then offers the chapter's own notebook (the committed .ipynb,
paired with the .md by jupytext) instead of the converted one Sphinx executed.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

from pybtex.database import Entry, parse_file
from sphinx.application import Sphinx
from sphinx.util import logging

logger = logging.getLogger(__name__)

ANCHOR = r'<a id="([^"]+)"></a>'
LABEL_LINE = re.compile(rf"^{ANCHOR}[ \t]*$", re.M)
CITATION = re.compile(r"\[[^\]\n]+\]\(#([^)\s]+)\)")
LIST_ITEM = rf"^[*-] {ANCHOR}(.*(?:\n[ \t]+\S.*)*)"  # an anchored item and its continuation lines
REFERENCE_LIST = re.compile(rf"{LIST_ITEM}(?:\n{LIST_ITEM})*", re.M)


def key_prefix(docname: str) -> str:
    """``<language>-`` for a page chapters/<language>/<name>, else no prefix."""
    parts = docname.split("/")
    return f"{parts[1]}-" if len(parts) >= 3 and parts[0] == "chapters" else ""


def plain(text: str) -> str:
    """BibTeX field text without its protecting braces."""
    return text.replace("{", "").replace("}", "")


def mismatches(item: str, entry: Entry) -> list[str]:
    """What the reference list's ``item`` leaves out of the .bib ``entry``."""
    wanted = [plain(entry.fields["title"]), entry.fields["year"]]
    wanted += [plain(" ".join(person.last_names)) for person in entry.persons.get("author", [])]
    return [text for text in wanted if text not in " ".join(item.split())]


def to_myst(source: str, entries: dict[str, Entry], prefix: str) -> tuple[str, list[str]]:
    """The website's MyST for the chapter ``source``, and the problems found in its references."""
    problems: list[str] = []
    cited = [key for key in CITATION.findall(source) if key in entries]

    def bibliography(match: re.Match) -> str:
        items = re.findall(LIST_ITEM, match.group(0), flags=re.M)
        listed = [key for key, _ in items]
        for key, item in items:
            if key not in entries:
                problems.append(f"the reference list names {key!r}, which no .bib file has")
            else:
                problems.extend(f"the reference list's entry {key!r} does not say {text!r}"
                                for text in mismatches(item, entries[key]))
        if sorted(set(listed)) != sorted(set(cited)):
            problems.append(f"the reference list has {sorted(set(listed))}, "
                            f"but the page cites {sorted(set(cited))}")
        return f"```{{bibliography}}\n:keyprefix: {prefix}\n```"

    source = REFERENCE_LIST.sub(bibliography, source)
    source = CITATION.sub(lambda m: f"{{cite:t}}`{prefix}{m.group(1)}`"
                          if m.group(1) in entries else m.group(0), source)
    source = LABEL_LINE.sub(lambda m: f"({m.group(1)})=", source)
    return source, problems


def bib_entries(app: Sphinx) -> dict[str, Entry]:
    entries: dict[str, Entry] = {}
    for name in app.config.bibtex_bibfiles:
        entries.update(parse_file(str(Path(app.srcdir) / name), "bibtex").entries)
    return entries


def convert(app: Sphinx, docname: str, source: list[str]) -> None:
    if not docname.startswith("chapters/"):
        return
    source[0], problems = to_myst(source[0], bib_entries(app), key_prefix(docname))
    for problem in problems:
        logger.warning(problem, location=docname)


def offer_the_chapter_notebooks(app: Sphinx, exception: Exception | None) -> None:
    """Put each chapter's own .ipynb where the download button points."""
    if exception is not None or app.builder.format != "html":
        return
    for docname in app.env.found_docs:
        notebook = Path(app.env.doc2path(docname)).with_suffix(".ipynb")
        download = Path(app.outdir) / "_sources" / f"{docname}.ipynb"
        if docname.startswith("chapters/") and notebook.exists() and download.exists():
            shutil.copyfile(notebook, download)


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("source-read", convert)
    app.connect("build-finished", offer_the_chapter_notebooks)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
