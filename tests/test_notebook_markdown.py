"""The chapters' notebooks hold plain Markdown that every notebook front end shows cleanly;
_ext/book_site/notebook_markdown.py turns its label, citation and reference list into the
website's MyST."""

import re

import nbformat
import pytest
from book_site import notebook_markdown
from book_site.catalogue import text, translations
from book_site.languages import LANGUAGES, chapter_language
from pybtex.database import parse_file
from support import REPO

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
    myst, problems = notebook_markdown.to_myst(SOURCE, ENTRIES, "en")
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
    _, problems = notebook_markdown.to_myst(SOURCE.replace(*change), ENTRIES, "en")
    assert any(problem in p for p in problems), problems


EXERCISES = """## Exercises

1. <a id="ex_x-en-1"></a>Set $\\gamma = 1$.
   Why?
1. <a id="ex_x-en-2"></a>Rotate it.

<a id="answer_x-en-1"></a>
### Answer to exercise 1

It blows up.

```{code-cell} ipython3
# PyTorch
## not a heading: a comment in a code cell
```

<a id="answer_x-en-2"></a>
### Answer to exercise 2

Slower.

## Discussions
"""


def test_exercises_and_answers_become_sphinx_exercise_directives():
    myst, problems = notebook_markdown.to_myst(EXERCISES, ENTRIES, "en")
    assert problems == []
    assert myst == """## Exercises


```{exercise}
:label: ex_x-en-1
:nonumber:

Set $\\gamma = 1$. Why?
```


```{exercise}
:label: ex_x-en-2
:nonumber:

Rotate it.
```


```{solution-start} ex_x-en-1
:label: answer_x-en-1
:class: dropdown
```

It blows up.

```{code-cell} ipython3
# PyTorch
## not a heading: a comment in a code cell
```

```{solution-end}
```

```{solution-start} ex_x-en-2
:label: answer_x-en-2
:class: dropdown
```

Slower.

```{solution-end}
```

## Discussions
"""


@pytest.mark.parametrize("change, problem", [
    (("### Answer to exercise 2", "### Answer 2"),
     "'answer_x-en-2' is headed 'Answer 2'; its heading must read 'Answer to exercise 2'"),
    (('<a id="answer_x-en-2">', '<a id="answer_x-en-3">'),
     "'answer_x-en-3' answers no exercise: there is no 'ex_x-en-3'"),
])
def test_an_answer_that_does_not_match_its_exercise_is_reported(change, problem):
    _, problems = notebook_markdown.to_myst(EXERCISES.replace(*change), ENTRIES, "en")
    assert any(problem in p for p in problems), problems


def test_answer_headings_are_in_the_pages_language():
    korean = EXERCISES.replace("-en-", "-ko-").replace("Answer to exercise", "연습문제")
    korean = re.sub(r"### 연습문제 (\d)", r"### 연습문제 \1 풀이", korean)
    assert notebook_markdown.to_myst(korean, ENTRIES, "ko")[1] == []
    _, problems = notebook_markdown.to_myst(EXERCISES, ENTRIES, "vi")
    assert any("must read 'Lời giải bài tập 1'" in p for p in problems), problems


def test_only_chapter_pages_have_a_language_of_their_own():
    assert chapter_language("chapters/ko/rmsprop") == "ko"
    assert chapter_language("index") is None


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
    myst, problems = notebook_markdown.to_myst(source, ENTRIES, language)
    assert problems == []
    assert f"(sec_rmsprop-{language})=\n# RMSProp" in myst
    assert myst.count(f"{{cite:t}}`{language}-Tieleman.Hinton.2012`") == 1
    assert myst.count(f"```{{bibliography}}\n:keyprefix: {language}-\n```") == 1
    for number in range(1, 5):
        assert myst.count(f"```{{exercise}}\n:label: ex_rmsprop-{language}-{number}\n:nonumber:\n") == 1
        assert myst.count(f"```{{solution-start}} ex_rmsprop-{language}-{number}\n"
                          f":label: answer_rmsprop-{language}-{number}\n:class: dropdown\n```") == 1
    assert myst.count("```{solution-end}\n```") == 4


@pytest.mark.parametrize("language", LANGUAGES)
def test_website_has_the_label_and_offers_the_chapters_own_notebook(built_site, language):
    html = (built_site / f"chapters/{language}/rmsprop.html").read_text(encoding="utf-8")
    assert f'id="sec-rmsprop-{language}"' in html and 'id="Tieleman.Hinton.2012"' not in html
    for number in range(1, 5):  # numbered, linkable, titled in the page's language, hidden
        exercise = f"{translations(language, 'exercise').gettext('Exercise')} {number}"
        answer = text(language, notebook_markdown.ANSWER_TITLE, n=number)
        assert re.search(rf'<div class="exercise admonition" id="ex_rmsprop-{language}-{number}">\s*'
                         rf'<p class="admonition-title">{exercise}</p>', html)
        assert re.search(rf'<div class="solution dropdown admonition" id="answer_rmsprop-{language}-{number}">'
                         rf'\s*<p class="admonition-title">{answer}</p>', html)
    download = built_site / f"_sources/chapters/{language}/rmsprop.ipynb"
    assert download.read_bytes() == (REPO / f"chapters/{language}/rmsprop.ipynb").read_bytes()
