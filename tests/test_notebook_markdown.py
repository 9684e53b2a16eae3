"""The chapters' notebooks hold plain Markdown that every notebook front end shows cleanly;
_ext/notebook_markdown.py turns its label, citation and reference list into the website's MyST."""

import re
import sys
from pathlib import Path

import nbformat
import pytest
from pybtex.database import parse_file

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "_ext"))
import notebook_markdown  # noqa: E402

LANGUAGES = ["en", "ko", "vi"]
ENTRIES = parse_file(str(REPO / "references.bib"), "bibtex").entries
# What Jupyter, Colab and VS Code would show as raw text: roles, directives, labels, comments.
MYST_ONLY = re.compile(r"\{[a-z:]+\}`|^```\{|^:::|^\([^)\s]+\)=\s*$|^%|^:[a-z]+:", re.M)
REFERENCE = ('* <a id="Tieleman.Hinton.2012"></a>Tijmen Tieleman and Geoffrey Hinton. Lecture 6.5 -'
             ' rmsprop: Divide\n  the gradient by a running average of its recent magnitude.'
             ' *COURSERA: Neural Networks\n  for Machine Learning*, 2012.')
SOURCE = f"""<a id="sec_x-en"></a>
# X

As [Tieleman and Hinton (2012)](#Tieleman.Hinton.2012) show, and [Adagrad](#adagrad) not.

## References

{REFERENCE}
"""


def test_plain_markdown_becomes_the_websites_myst():
    myst, problems = notebook_markdown.to_myst(SOURCE, ENTRIES, "en-")
    assert problems == []
    assert myst == """(sec_x-en)=
# X

As {cite:t}`en-Tieleman.Hinton.2012` show, and [Adagrad](#adagrad) not.

## References

```{bibliography}
:keyprefix: en-
```
"""


@pytest.mark.parametrize("change, problem", [
    (("2012.", "2013."), "does not say '2012'"),
    (("Geoffrey Hinton.", "Geoffrey H."), "does not say 'Hinton'"),
    (('id="Tieleman.Hinton.2012"></a>', 'id="Tieleman.2012"></a>'), "'Tieleman.2012', which no .bib file has"),
    (("[Tieleman and Hinton (2012)](#Tieleman.Hinton.2012)", "Tieleman"), "but the page cites []"),
])
def test_a_reference_list_that_drifts_from_the_bib_file_is_reported(change, problem):
    _, problems = notebook_markdown.to_myst(SOURCE.replace(*change), ENTRIES, "en-")
    assert any(problem in p for p in problems), problems


def test_only_chapter_pages_get_a_key_prefix():
    assert notebook_markdown.key_prefix("chapters/ko/rmsprop") == "ko-"
    assert notebook_markdown.key_prefix("index") == ""


@pytest.mark.parametrize("language", LANGUAGES)
def test_notebooks_show_no_myst_only_markup(language):
    notebook = nbformat.read(REPO / f"chapters/{language}/rmsprop.ipynb", as_version=4)
    text = "\n".join(c.source for c in notebook.cells if c.cell_type == "markdown")
    assert MYST_ONLY.findall(text) == []
    assert re.search(r"\[Tieleman\S*(?: \S+)? Hinton ?\(2012\)\]\(#Tieleman\.Hinton\.2012\)", text)
    assert " ".join(REFERENCE.split()) in " ".join(text.split())


@pytest.mark.parametrize("language", LANGUAGES)
def test_chapters_convert_without_problems(language):
    source = (REPO / f"chapters/{language}/rmsprop.md").read_text()
    myst, problems = notebook_markdown.to_myst(source, ENTRIES, f"{language}-")
    assert problems == []
    assert f"(sec_rmsprop-{language})=\n# RMSProp" in myst
    assert myst.count(f"{{cite:t}}`{language}-Tieleman.Hinton.2012`") == 1
    assert myst.count(f"```{{bibliography}}\n:keyprefix: {language}-\n```") == 1


@pytest.mark.parametrize("language", LANGUAGES)
def test_website_has_the_label_and_offers_the_chapters_own_notebook(built_site, language):
    html = (built_site / f"chapters/{language}/rmsprop.html").read_text(encoding="utf-8")
    assert f'id="sec-rmsprop-{language}"' in html and 'id="Tieleman.Hinton.2012"' not in html
    download = built_site / f"_sources/chapters/{language}/rmsprop.ipynb"
    assert download.read_bytes() == (REPO / f"chapters/{language}/rmsprop.ipynb").read_bytes()
