"""The strict book build: no warnings, executed outputs, three languages, launch buttons, citations."""

import html as html_text
import re
from pathlib import Path

import pytest
from book_site.languages import LANGUAGES
from d2lmini.language import FIGURE_LABELS, MESSAGES

from answer_claims import CHECKS, answers_in_notebook, message_pattern

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def site(built_site):
    return built_site


def page(site, name):
    return (site / name).read_text(encoding="utf-8")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_chapter_shows_executed_outputs(site, lang):
    html = page(site, f"chapters/{lang}/rmsprop.html")
    # train_2d's line, in English as the d2l package prints it
    assert MESSAGES[lang]["path_end"].format(step=20, x1=-0.010599, x2=0.0) in html
    losses = [float(m["loss"]) for m in re.finditer(message_pattern(MESSAGES[lang]["loss_line"]), html)]
    assert len(losses) == 4 and all(0.238 <= v <= 0.255 for v in losses), losses
    figures = re.findall(r'<img [^>]*alt="[^"]*" src="(\.\./\.\./_images/[^"]+\.svg)"', html)
    assert len(figures) == 10  # weights, trace, four loss curves, four in the answers
    for figure in figures:
        assert (site / "chapters" / lang / figure).resolve().stat().st_size > 1000
    assert "stderr" not in html, "a cell wrote to stderr"


def printed_in_answers(html, lang):
    """What each worked answer's code cells printed on the page, in order, by answer number."""
    numbers = sorted(CHECKS)
    starts = [html.index(f'id="answer_rmsprop-{lang}-{n}"') for n in numbers]
    ends = starts[1:] + [html.index("</section>", starts[-1])]
    printed = {}
    for number, start, end in zip(numbers, starts, ends):
        blocks = re.findall(r'<div class="output stream[^"]*"><div class="highlight"><pre[^>]*>(.*?)</pre>',
                            html[start:end], re.S)
        printed[number] = [html_text.unescape(re.sub(r"<[^>]+>", "", block)) for block in blocks]
    return printed


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("number", sorted(CHECKS))
def test_the_answers_text_matches_their_executed_numbers(site, lang, number):
    """What each worked answer says of its outputs holds for the outputs of the build, which ran
    the chapter again, in both frameworks (tests/answer_claims.py lists the claims)."""
    texts, _ = answers_in_notebook(lang)
    printed = printed_in_answers(page(site, f"chapters/{lang}/rmsprop.html"), lang)
    CHECKS[number](texts[number], printed[number])


@pytest.mark.parametrize("lang", LANGUAGES)
def test_install_cell_is_hidden(site, lang):
    html = page(site, f"chapters/{lang}/rmsprop.html")
    assert "find_spec" not in html and "pip install" not in html


@pytest.mark.parametrize("lang", LANGUAGES)
def test_launch_and_download_buttons(site, lang):
    html = page(site, f"chapters/{lang}/rmsprop.html")
    assert ("https://colab.research.google.com/github/d2lmini/rmsprop-book/blob/main/"
            f"chapters/{lang}/rmsprop.ipynb") in html
    assert f"_sources/chapters/{lang}/rmsprop.ipynb" in html
    assert (site / f"_sources/chapters/{lang}/rmsprop.ipynb").exists()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_citation_and_bibliography(site, lang):
    html = page(site, f"chapters/{lang}/rmsprop.html")
    assert re.search(r"Tieleman and Hinton \[<a [^>]*>2012</a>\]", html)  # {cite:t}
    bibliography = html[html.rindex("Tijmen Tieleman"):]
    assert "Lecture 6.5 - rmsprop: Divide the gradient by a running average of its recent magnitude" in bibliography
    assert "COURSERA: Neural Networks for Machine Learning" in bibliography


@pytest.mark.parametrize("lang", LANGUAGES)
def test_pages_declare_their_language(site, lang):
    assert f'<html lang="{lang}"' in page(site, f"chapters/{lang}/rmsprop.html")


def test_site_pages_are_english(site):
    for name in ["index.html", "genindex.html"]:
        assert '<html lang="en"' in page(site, name)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_language_switcher_links_to_the_other_editions(site, lang):
    html = page(site, f"chapters/{lang}/rmsprop.html")
    switcher = re.search(r'<nav class="language-switcher".*?</nav>', html, re.S).group(0)
    current = re.findall(r'<span [^>]*lang="(\w+)" aria-current="page">([^<]+)</span>', switcher)
    assert current == [(lang, LANGUAGES[lang])]
    links = re.findall(r'<a [^>]*href="([^"]+)" lang="(\w+)" hreflang="\w+">([^<]+)</a>', switcher)
    assert {(code, name) for _, code, name in links} == {
        (code, name) for code, name in LANGUAGES.items() if code != lang}
    for href, code, _ in links:
        target = (site / "chapters" / lang / href).resolve()
        assert target == (site / "chapters" / code / "rmsprop.html").resolve() and target.exists()


def test_sidebar_groups_chapters_by_language(site):
    html = page(site, "index.html")
    captions = re.findall(r'<p aria-level="2" class="caption" role="heading"><span class="caption-text">([^<]+)</span>', html)
    assert captions == list(LANGUAGES.values())


def test_landing_page_lets_readers_choose_and_gives_credits(site):
    html = page(site, "index.html")
    for lang in LANGUAGES:
        assert f'href="chapters/{lang}/rmsprop.html"' in html
    for credit in ["CC BY-SA 4.0", "d2l-ko", "Đoàn Võ Duy Thanh", "UCI Machine Learning Repository",
                   "CC BY 4.0", "MIT"]:
        assert credit in html


def test_external_links_of_each_edition(site):
    assert "https://ko.d2l.ai/chapter_optimization/adagrad.html" in page(site, "chapters/ko/rmsprop.html")
    vi = page(site, "chapters/vi/rmsprop.html")
    assert "https://d2l.aivivn.com/chapter_optimization/momentum_vn.html" in vi
    assert "https://forum.machinelearningcoban.com/c/d2l" in vi


def test_one_search_pagefind_with_an_index_per_language(site):
    """Sphinx's search is gone (no index, page or scripts); Pagefind's bundle has one index per
    page language, and every page opens it from _static/site-search.mjs."""
    assert not (site / "searchindex.js").exists() and not (site / "search.html").exists()
    metas = {path.name.split("_")[0] for path in (site / "pagefind").glob("pagefind.*.pf_meta")}
    assert metas == {f"pagefind.{lang}" for lang in LANGUAGES}
    for name in ["index.html", "genindex.html", *(f"chapters/{lang}/rmsprop.html" for lang in LANGUAGES)]:
        html = page(site, name)
        assert not re.search(r"searchtools|searchindex|language_data\.js|search\.html", html), name
        assert re.search(r'<script [^>]*type="module" src="[./]*_static/site-search\.mjs', html), name


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_airfoil_figure_ends_at_the_loss_the_pytorch_run_printed(site, lang):
    """What the text says of the live airfoil figure, on the built page: at the chapter's setting
    it ends at the loss the seeded PyTorch run above it printed (the page's first loss line)."""
    html = page(site, f"chapters/{lang}/rmsprop.html")
    printed = re.search(message_pattern(MESSAGES[lang]["loss_line"]), html)["loss"]
    status = re.search(r'<div class="d2lmini-figure d2lmini-airfoil".*?<div class="status"[^>]*>([^<]*)</div>', html, re.S)
    assert html_text.unescape(status.group(1)) == FIGURE_LABELS[lang]["airfoil_status"].format(
        lr="0.01", gamma="0.90", loss=printed, epochs=2)
