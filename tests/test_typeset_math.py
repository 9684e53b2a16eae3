"""The formulas typeset at build time (_ext/book_site/typeset_math.py) and the pages'
descriptions (_ext/book_site/page_description.py), without building the book."""

import xml.etree.ElementTree as ElementTree

import pytest
from book_site import page_description, typeset_math
from docutils import nodes
from docutils.frontend import get_default_settings
from docutils.parsers.rst import Parser
from docutils.utils import new_document
from sphinx.errors import ExtensionError


def reading_of(tex: str) -> str:
    [(html, mathml)] = typeset_math.render([(tex, False)], "test")
    assert 'class="katex"' in html and "<math" in html  # HTML to see, MathML for screen readers
    root = ElementTree.fromstring(mathml.split(">", 1)[1].rsplit("<", 1)[0])
    return typeset_math.spaced(typeset_math.reading(root))


@pytest.mark.parametrize("tex, reading", [
    (r"\mathbf{s}_t \leftarrow \gamma \mathbf{s}_{t-1} + (1-\gamma) \mathbf{g}_t^2",
     "𝐬ₜ ← γ𝐬ₜ₋₁ + (1−γ)𝐠ₜ²"),
    (r"\mathcal{O}(t^{-\frac{1}{2}})", "O(t^(−1/2))"),
    (r"\ln 2 / \ln(1/\gamma)", "ln 2/ln(1/γ)"),
    (r"\eta/\sqrt{\epsilon}", "η/√ϵ"),
    (r"\begin{aligned} a & = b \\ & = c. \end{aligned}", "a = b, = c."),
])
def test_a_formula_reads_as_plain_unicode(tex, reading):
    assert reading_of(tex) == reading


def test_tex_that_katex_cannot_typeset_fails_the_build_naming_it():
    with pytest.raises(ExtensionError, match=r"chapters/en/rmsprop: KaTeX cannot typeset the formula "
                                             r"'\\frac\{1\}': .*katex.org/docs/supported"):
        typeset_math.render([(r"\frac{1}", False)], "chapters/en/rmsprop")


def test_fonts_used_follow_the_classes_of_the_markup():
    [(html, _)] = typeset_math.render([(r"\mathbf{s}_t + \mathcal{O}(\left(x\right))", False)], "test")
    assert typeset_math.fonts_used(html) == ["Main-Regular", "Caligraphic-Regular", "Main-Bold",
                                             "Math-Italic"]


def page(text: str) -> nodes.document:
    document = new_document("test", get_default_settings(Parser))
    Parser().parse(text, document)
    return document


def test_description_is_the_opening_paragraphs_text_cut_at_a_word():
    document = page("Title\n=====\n\nThe *first* (`literal`) paragraph.\n\n- a list item\n\n"
                    + "Then a long one. " * 20)
    description = page_description.first_paragraphs_text(document, length=60)
    assert description == "The first (literal) paragraph. Then a long one. Then a..."
    assert len(description) <= 60
