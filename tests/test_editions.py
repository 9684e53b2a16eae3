"""The English, Korean and Vietnamese editions say the same thing in the same shape:
identical code apart from comments and figure strings, identical display equations and
section structure, the same checked outputs, and the external links of links.yml."""

import io
import re
import tokenize
from pathlib import Path

import jupytext
import nbformat
import pytest
import yaml
from book_site.languages import LANGUAGES
from d2lmini.language import MESSAGES

from answer_claims import message_pattern

REPO = Path(__file__).resolve().parents[1]
# Calls whose string arguments are figure text, the figure language or a message to the reader,
# and may be translated.
FIGURE_TEXT_CALLS = {"xlabel", "ylabel", "title", "set_language", "print"}


def chapter(language, name="rmsprop"):
    return REPO / "chapters" / language / f"{name}.md"


def comparable_code(source):
    """The code's tokens without comments, and with figure strings replaced by a placeholder."""
    lines = [line for line in source.splitlines() if not line.lstrip().startswith("%")]  # magics
    tokens, previous = [], []
    for token in tokenize.generate_tokens(io.StringIO("\n".join(lines) + "\n").readline):
        if token.type in (tokenize.COMMENT, tokenize.NL):
            continue
        text = token.string
        if token.type == tokenize.STRING and previous[-2:-1] and previous[-1] == "(" \
                and previous[-2] in FIGURE_TEXT_CALLS:
            text = "<figure text>"
        tokens.append((token.type, text))
        previous.append(token.string)
    return tokens, [m for line in lines for m in re.findall(r"^\s*%.*", line)]


def structure(md_path):
    notebook = jupytext.read(md_path)
    code, equations, headings = [], [], []
    for cell in notebook.cells:
        if cell.cell_type == "code":
            code.append((comparable_code(cell.source), cell.metadata.get("tags", [])))
        else:
            equations += re.findall(r"\$\$.*?\$\$", cell.source, re.S)
            headings += [len(h) for h in re.findall(r"^(#+) ", cell.source, re.M)]
    return code, equations, headings


@pytest.mark.parametrize("language", ["ko", "vi"])
def test_same_code_equations_and_sections_as_english(language):
    english, translated = structure(chapter("en")), structure(chapter(language))
    assert len(translated[0]) == len(english[0]), "number of code cells"
    for index, (theirs, ours) in enumerate(zip(translated[0], english[0])):
        assert theirs == ours, f"code cell {index} differs beyond comments and figure strings"
    assert translated[1] == english[1], "display equations differ"
    assert translated[2] == english[2], "section structure differs"


def answers(language):
    """Each worked answer's number, and its code cells (comparable, with tags) and display equations."""
    found, current = {}, None
    for cell in jupytext.read(chapter(language)).cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                anchor = re.fullmatch(rf'<a id="answer_rmsprop-{language}-(\d+)"></a>', line)
                if anchor:
                    current = found.setdefault(int(anchor.group(1)), ([], []))
                elif line.startswith("## "):
                    current = None
                elif current is not None:
                    current[1].append(line)
        elif current is not None:
            current[0].append((comparable_code(cell.source), cell.metadata.get("tags", [])))
    return {number: (code, re.findall(r"\$\$.*?\$\$", "\n".join(text), re.S))
            for number, (code, text) in found.items()}


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_exercise_has_a_worked_answer_with_code(language):
    text = chapter(language).read_text()
    assert re.findall(rf'^1\. <a id="ex_rmsprop-{language}-(\d)"></a>', text, re.M) == list("1234")
    found = answers(language)
    assert sorted(found) == [1, 2, 3, 4] and all(code for code, _ in found.values())
    trains_a_model = [number for number, (code, _) in found.items()
                      if any("pytorch" in tags for _, tags in code)]
    assert trains_a_model == [3, 4]  # both frameworks wherever an answer trains a model
    for number in trains_a_model:
        tags = [tags for _, tags in found[number][0]]
        assert ["pytorch"] in tags and ["tensorflow"] in tags


@pytest.mark.parametrize("language", ["ko", "vi"])
def test_answers_have_the_same_code_and_equations_as_english(language):
    english, translated = answers("en"), answers(language)
    assert translated.keys() == english.keys()
    for number in english:
        assert translated[number] == english[number], f"answer {number} differs"


def test_code_comparison_sees_real_differences():
    base = "d2l.plt.xlabel('time')  # a comment\nd2l.train({'lr': 0.01})"
    assert comparable_code(base) == comparable_code("d2l.plt.xlabel('시간')  # 주석\nd2l.train({'lr': 0.01})")
    assert comparable_code(base) != comparable_code("d2l.plt.xlabel('time')\nd2l.train({'lr': 0.02})")
    assert comparable_code(base) != comparable_code("d2l.plt.xlabel('time')\nd2l.train({'eta': 0.01})")


def checked_outputs(language):
    notebook = nbformat.read(chapter(language).with_suffix(".ipynb"), as_version=4)
    return [cell.outputs for cell in notebook.cells
            if "nbval-check-output" in cell.metadata.get("tags", [])]


def in_language(text, language):
    """train_2d's lines of ``text`` (English) as d2lmini prints them in ``language``."""
    def translated(line):
        return MESSAGES[language]["path_end"].format(
            step=int(line["step"]), x1=float(line["x1"]), x2=float(line["x2"]))
    return re.sub(message_pattern(MESSAGES["en"]["path_end"]), translated, text)


def test_checked_outputs_are_identical():
    """The same numbers in every edition, each printed in the edition's language."""
    english = checked_outputs("en")
    assert english and all(o.get("text") for cell in english for o in cell)
    for language in ["ko", "vi"]:
        expected = [[{**o, "text": in_language(o["text"], language)} for o in cell] for cell in english]
        assert checked_outputs(language) == expected
        assert expected != english  # the translated line differs from the English one


@pytest.mark.parametrize("language", LANGUAGES)
def test_external_links_are_those_of_links_yml(language):
    expected = set(yaml.safe_load((REPO / "links.yml").read_text())[language].values())
    found = set(re.findall(r"\]\((https?://[^)\s]+)\)", chapter(language).read_text()))
    assert found == expected


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_edition_sets_its_figure_language_and_labels(language):
    text = chapter(language).read_text()
    assert f"d2lmini.set_language('{language}')" in text
    # Plain Markdown that _ext/book_site/notebook_markdown.py turns into the label, citation and bibliography.
    assert f'<a id="sec_rmsprop-{language}"></a>\n# RMSProp' in text
    assert "](#Tieleman.Hinton.2012)" in text
    assert '* <a id="Tieleman.Hinton.2012"></a>' in text


# What each of the four corrections to the original must mention, in any language.
CORRECTIONS = [r"0 \le \gamma < 1", r"\mathbf{g}_{t-2}", r"\ln 2 / \ln(1/\gamma)", r"\epsilon"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_corrections_to_the_original_are_listed_before_the_credits(language):
    """The credits say the text corrects the original; the section before them lists how."""
    sections = re.split(r"^## ", chapter(language).read_text(), flags=re.M)
    # The credits are the last section before the references; the corrections come just before.
    corrections, credits = sections[-3], sections[-2]
    items = re.findall(r"^\* (.*?)(?=^\* |\Z)", corrections, re.M | re.S)
    assert len(items) == len(CORRECTIONS), corrections
    for item, mark in zip(items, CORRECTIONS):
        assert mark in item, f"correction {mark!r} missing in: {item}"
    assert "1/(1-\\gamma)" in items[2] and "\\gamma^{-1}" in items[2]
    assert "d2l.ai" in credits
