"""The worked answers and the main text say what their executed outputs show, in every edition
and in both frameworks: each claim is checked against the outputs stored in the .ipynb (which
nbval re-executes); tests/test_book.py checks the same claims against the built pages. What the
text says of the live figures is checked against what they draw."""

import math
import re

import nbformat
import pytest
from book_site.languages import LANGUAGES

from answer_claims import CHECKS, REPO, answers_in_notebook, message_pattern
from chapter_code import reference_path
from d2lmini.language import MESSAGES
from support.figure_page import FIGURE_CONTROLS, figure_labels, run_figure_module


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


@pytest.mark.parametrize("language", LANGUAGES)
def test_what_the_text_says_of_the_airfoil_figure_holds_in_the_notebook(language):
    """At η = 0.01, γ = 0.9 the live figure ends at the loss the seeded PyTorch run printed: its
    reference run, which it draws at that setting, ends there after 2 epochs."""
    notebook = nbformat.read(REPO / "chapters" / language / "rmsprop.ipynb", as_version=4)
    printed = "".join(o.get("text", "") for c in notebook.cells if "pytorch" in c.metadata.get("tags", [])
                      for o in c.get("outputs", []) if o.get("output_type") == "stream")
    loss = re.search(message_pattern(MESSAGES[language]["loss_line"]), printed)["loss"]
    states = notebook.metadata["widgets"]["application/vnd.jupyter.widget-state+json"]["state"]
    (figure,) = [m["state"] for m in states.values() if m["state"].get("kind") == "airfoil"]
    reference = figure["fixed"]["reference"]
    assert (figure["lr"], figure["gamma"], figure["epochs"]) == (reference["lr"], reference["gamma"], 2) == (0.01, 0.9, 2)
    assert reference["epochs"][14] == 2 and f"{reference['losses'][14]:.3f}" == loss
    text = (REPO / "chapters" / language / "rmsprop.md").read_text()
    assert r"$\eta = 0.01$" in text and r"$\gamma = 0.9$" in text


@pytest.mark.parametrize("language", LANGUAGES)
def test_what_the_text_says_of_the_map_holds(language):
    """The map's sentence: at the explorer's 20 steps from (−5, −2), the row γ = 1 diverges for every
    η, the row γ = 0 stays above 10⁻³, and d2l's setting is below 10⁻⁴; a diamond marks d2l's
    setting and a cross the reader's."""
    text = (REPO / "chapters" / language / "rmsprop.md").read_text()
    (sentence,) = [item for item in text.split("\n* ") if "10^{-3}" in item]
    for claim in [r"$\gamma = 1$", r"$\gamma = 0$", r"$10^{-3}$", r"$10^{-4}$", "20"]:
        assert claim in sentence, claim
    facts = run_figure_module("""const values = figures.mapValues(false, -5, -2, 20);
        const row = (r) => Array.from(values.slice(r * 100, r * 100 + 100));
        const markup = figures.figureMarkup('rmsprop', argument.values, argument.labels, 'f', argument.controls);
        console.log(JSON.stringify({diverged: row(100).every((f) => f === Infinity), lowest: Math.min(...row(0)),
            d2l: values[90 * 100 + 19], marks: [markup.includes('map-mark map-d2l'), markup.includes('map-mark map-current')]}));""",
                              {"values": {"eta": 0.4, "gamma": 0.9, "steps": 20, "start": [-5, -2]},
                               "labels": figure_labels("rmsprop", language), "controls": FIGURE_CONTROLS["rmsprop"]})
    assert facts["diverged"] and facts["lowest"] > 1e-3 and facts["d2l"] < 1e-4 and facts["marks"] == [True, True]
    explorer = next(c for c in nbformat.read(REPO / "chapters" / language / "rmsprop.ipynb", as_version=4).cells
                    if "d2l.rmsprop_explorer(" in c.source)
    assert "eta=0.4, gamma=0.9, steps=20" in explorer.source and "start" not in explorer.source
