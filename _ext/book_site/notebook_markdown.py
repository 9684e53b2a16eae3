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
  build warns (and the strict build fails), so the list cannot drift from the .bib file;
- an exercise, a numbered list item that starts with ``<a id="ex_<name>"></a>``, becomes a
  sphinx-exercise ``{exercise}`` labelled ``ex_<name>`` (linkable; numbered within the page);
- an answer, the line ``<a id="answer_<name>"></a>`` followed by a heading, becomes a gated
  ``{solution-start} ex_<name>`` … ``{solution-end}`` with the class ``dropdown`` (hidden until
  opened, by sphinx-togglebutton), which encloses the answer's text and code cells up to the
  next answer or the next heading of level 1 or 2. The heading reads "Answer to exercise N" in
  the page's language (the book's catalogue: catalogue.py); it becomes the answer's title on the
  website, and the exercises are titled "Exercise N" in that language too.

sphinx-exercise gives the content of every exercise and answer the same id (exercise-content,
solution-content), which a page may not have twice and nothing links to: those ids are dropped.
The answers' show/hide buttons speak the page's language too.

The "Download .ipynb" button then offers the chapter's own notebook (the committed .ipynb,
paired with the .md by jupytext) instead of the converted one Sphinx executed.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

from docutils import nodes
from pybtex.database import Entry, parse_file
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging
from sphinx_exercise.nodes import exercise_node, solution_node

from .built_site import Site
from .catalogue import text
from .languages import chapter_language, language_of

logger = logging.getLogger(__name__)

ANCHOR = r'<a id="([^"]+)"></a>'
LABEL_LINE = re.compile(rf"^{ANCHOR}[ \t]*$", re.M)
CITATION = re.compile(r"\[[^\]\n]+\]\(#([^)\s]+)\)")
LIST_ITEM = rf"^[*-] {ANCHOR}(.*(?:\n[ \t]+\S.*)*)"  # an anchored item and its continuation lines
REFERENCE_LIST = re.compile(rf"{LIST_ITEM}(?:\n{LIST_ITEM})*", re.M)
EXERCISE_ITEM = re.compile(r'^\d+\. <a id="ex_([^"]+)"></a>(.*(?:\n[ \t]+\S.*)*)', re.M)
ANSWER_ANCHOR = re.compile(r'<a id="answer_([^"]+)"></a>')
HEADING = re.compile(r"(#{1,6}) (.*)")
# The title of an answer to exercise N (the answer's heading in the notebook), in English; the
# book's catalogue has it in the other languages.
ANSWER_TITLE = "Answer to exercise {n}"
# sphinx-togglebutton's hints on an answer's button (show, hide) and the button's name.
TOGGLE_TEXTS = ("Click to show", "Click to hide", "Show or hide the answer")


def plain(text: str) -> str:
    """BibTeX field text without its protecting braces."""
    return text.replace("{", "").replace("}", "")


def mismatches(item: str, entry: Entry) -> list[str]:
    """What the reference list's ``item`` leaves out of the .bib ``entry``."""
    wanted = [plain(entry.fields["title"]), entry.fields["year"]]
    wanted += [plain(" ".join(person.last_names)) for person in entry.persons.get("author", [])]
    return [text for text in wanted if text not in " ".join(item.split())]


def exercises_to_myst(source: str, language: str) -> tuple[str, list[str]]:
    """Anchored exercises and answers as sphinx-exercise directives, and the problems found."""
    problems: list[str] = []
    exercises = [name for name, _ in EXERCISE_ITEM.findall(source)]
    source = EXERCISE_ITEM.sub(lambda m: f"\n```{{exercise}}\n:label: ex_{m.group(1)}\n:nonumber:\n\n"
                               f"{' '.join(m.group(2).split())}\n```\n", source)
    end = "```{solution-end}\n```\n"
    lines, converted, in_code, answering = source.split("\n"), [], False, False
    index = 0
    while index < len(lines):
        line = lines[index]
        anchor = None if in_code else ANSWER_ANCHOR.fullmatch(line.strip())
        heading = HEADING.fullmatch(lines[index + 1]) if anchor and index + 1 < len(lines) else None
        if anchor and heading:
            name = anchor.group(1)
            if name not in exercises:
                problems.append(f"the answer 'answer_{name}' answers no exercise: there is no 'ex_{name}'")
            else:
                expected = text(language, ANSWER_TITLE, n=exercises.index(name) + 1)
                if heading.group(2).strip() != expected:
                    problems.append(f"the answer 'answer_{name}' is headed {heading.group(2)!r}; "
                                    f"its heading must read {expected!r}")
            converted += [end] if answering else []
            converted.append(f"```{{solution-start}} ex_{name}\n:label: answer_{name}\n"
                             ":class: dropdown\n```")
            answering, index = True, index + 2
            continue
        if answering and not in_code and re.match(r"#{1,2} ", line):
            converted.append(end)
            answering = False
        if line.startswith("```"):
            in_code = not in_code
        converted.append(line)
        index += 1
    converted += [end] if answering else []
    return "\n".join(converted), problems


def to_myst(source: str, entries: dict[str, Entry], language: str) -> tuple[str, list[str]]:
    """The website's MyST for the chapter ``source`` in ``language``, and the problems found in
    it. Its citations' keys get the prefix ``<language>-``."""
    prefix = f"{language}-"
    source, problems = exercises_to_myst(source, language)
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
    """The chapter's plain Markdown as MyST, when Sphinx reads it."""
    language = chapter_language(docname)
    if language is None:
        return
    source[0], problems = to_myst(source[0], bib_entries(app), language)
    for problem in problems:
        logger.warning(problem, location=docname)


def offer_the_chapter_notebooks(site: Site) -> None:
    """Put each chapter's own .ipynb where the download button points."""
    for download in (site.folder / "_sources" / "chapters").glob("*/*.ipynb"):
        notebook = site.source_folder / download.relative_to(site.folder / "_sources")
        if notebook.exists():
            shutil.copyfile(notebook, download)


class ExerciseTitlesInThePagesLanguage(SphinxPostTransform):
    """Number each exercise and answer of a chapter page within the page, and title the answers
    "Answer to exercise N" in the page's language (sphinx-exercise would number them across the
    book's three editions, title an answer "Solution to" and link its title to the exercise,
    which in a dropdown's title would compete with opening it); drop the ids that sphinx-exercise
    gives every exercise's content. An exercise keeps the word sphinx-exercise titled it with
    when the page was read ("Exercise", in the page's language: catalogue.py)."""

    default_priority = 23  # after sphinx-exercise's titles (20-22)

    def run(self, **kwargs: Any) -> None:
        language = language_of(self.env.docname)
        numbers = {}
        for number, node in enumerate(self.document.findall(exercise_node), start=1):
            numbers[node["label"]] = number
            node[0] = nodes.title("", f"{node[0].astext()} {number}")
        for node in self.document.findall(solution_node):
            node[0] = nodes.title("", text(language, ANSWER_TITLE, n=numbers[node["target_label"]]))
        for section in self.document.findall(nodes.section):
            if isinstance(section.parent, (exercise_node, solution_node)):
                section["ids"] = [name for name in section["ids"]
                                  if name not in ("exercise-content", "solution-content")]


def toggle_texts_in_the_pages_language(app: Sphinx, pagename: str, templatename: str,
                                       context: dict[str, Any], doctree: Any) -> None:
    """sphinx-togglebutton's texts in the chapter page's language: its hints are one per build
    (inline ``let`` variables, which this script, run before the deferred togglebutton.js,
    reassigns) and its button's name is fixed English (renamed once the buttons exist)."""
    if doctree is None or next(doctree.findall(solution_node), None) is None:
        return
    show, hide, name = (json.dumps(text(language_of(pagename), message)) for message in TOGGLE_TEXTS)
    app.add_js_file(None, body=(
        f"toggleHintShow = {show}; toggleHintHide = {hide};\n"
        "document.addEventListener('DOMContentLoaded', () => document.querySelectorAll("
        f"'.admonition.toggle .toggle-button').forEach(b => b.setAttribute('aria-label', {name})));"))
