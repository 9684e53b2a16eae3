"""The worked answers and the main text say what their executed outputs show, in every edition
and in both frameworks: each claim is checked against the outputs stored in the .ipynb (which
nbval re-executes); tests/test_book.py checks the same claims against the built pages."""

import math
import re

import pytest
from book_site.languages import LANGUAGES

from answer_claims import CHECKS, REPO, answers_in_notebook
from chapter_code import reference_path


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("number", sorted(CHECKS))
def test_each_answer_says_what_its_outputs_show(language, number):
    texts, printed = answers_in_notebook(language)
    CHECKS[number](texts[number], printed[number])


def test_the_checks_fail_when_an_output_changes():
    """A re-run that changed an output so that a claim no longer held would be caught."""
    texts, printed = answers_in_notebook("en")
    changes = {
        1: ("x1: -0.000002", "x1: -0.200002"),  # the γ = 0.99 path no longer at the minimum
        2: ("1.71e-22 after 37", "1.71e-02 after 37"),  # the aligned path never got there
        3: ("0.124      0.147", "0.124      0.170"),  # the schedule no longer lowest held out
        4: ("0.379            0.244", "0.379            0.256"),  # not within 0.01 any more
    }
    for number, (old, new) in changes.items():
        outputs = printed[number]
        assert any(old in output for output in outputs), (number, old)
        changed = [output.replace(old, new, 1) for output in outputs]
        with pytest.raises(AssertionError):
            CHECKS[number](texts[number], changed)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_main_text_numbers_are_those_of_the_algorithm(language):
    """The time constant against 1/ln(1/γ), the half-life, and the first step of the figures:
    η/√(1 − γ) for both coordinates, from (−5, −2) to (−3.74, −0.74)."""
    text = (REPO / "chapters" / language / "rmsprop.md").read_text()
    main = text[:text.index(f'<a id="ex_rmsprop-{language}-1">')]
    gamma, eta = 0.9, 0.4
    assert f"{1 / math.log(1 / gamma):.1f}" == "9.5" and "9.5" in main
    assert f"{math.log(2) / math.log(1 / gamma):.1f}" == "6.6" and "6.6" in main
    assert f"{1 / math.sqrt(1 - gamma):.1f}" == "3.2" and r"$3.2\,\eta$" in main
    (x1, x2), (y1, y2) = reference_path(eta, gamma, 1)
    assert y1 - x1 == pytest.approx(y2 - x2, rel=1e-4) == pytest.approx(eta / math.sqrt(1 - gamma), rel=1e-4)
    assert f"{y1 - x1:.2f}" == "1.26" and re.search(r"(?<![\d.])1\.26(?!\d)", main)
    assert f"$({y1:.2f}, {y2:.2f})$" == "$(-3.74, -0.74)$" and "$(-3.74, -0.74)$" in main
