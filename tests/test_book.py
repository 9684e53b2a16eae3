"""The strict book build: no warnings, executed outputs, three languages, launch buttons, citations."""

import re
from pathlib import Path

import pytest
from book_site.languages import LANGUAGES

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def site(built_site):
    return built_site


def page(site, name):
    return (site / name).read_text(encoding="utf-8")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_chapter_shows_executed_outputs(site, lang):
    html = page(site, f"chapters/{lang}/rmsprop.html")
    assert "epoch 20, x1: -0.010599, x2: 0.000000" in html
    losses = [float(v) for v in re.findall(r"loss: (\d\.\d{3}), \d+\.\d{3} sec/epoch", html)]
    assert len(losses) == 4 and all(0.238 <= v <= 0.255 for v in losses), losses
    figures = re.findall(r'<img [^>]*alt="[^"]*" src="(\.\./\.\./_images/[^"]+\.svg)"', html)
    assert len(figures) == 10  # weights, trace, four loss curves, four in the answers
    for figure in figures:
        assert (site / "chapters" / lang / figure).resolve().stat().st_size > 1000
    assert "stderr" not in html, "a cell wrote to stderr"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_answers_text_matches_their_executed_numbers(site, lang):
    """What the answers to exercises 3 and 4 say of their outputs holds in both frameworks."""
    html = page(site, f"chapters/{lang}/rmsprop.html")
    final = re.findall(r"η = ([\d.]+|0\.03 · 0\.6\^k): [^\d<]+ (\d\.\d{3})", html)  # "loss", "손실"…
    assert len(final) == 8, final  # three constant rates and the schedule, per framework
    for framework in (final[:4], final[4:]):
        losses = {label: float(loss) for label, loss in framework}
        assert min(losses, key=losses.get) == "0.03 · 0.6^k", losses  # "ends with the lowest loss"
    rows = re.findall(r"(γ = [\d.]+|γ_t = min\(1 − 1/t, 0\.999\)) +(\d\.\d{3}) +(\d\.\d{3})", html)
    assert len(rows) == 12, rows  # five values of γ and the schedule, per framework
    for framework in (rows[:6], rows[6:]):
        after_20_steps = {label: float(early) for label, early, _ in framework}
        at_the_end = [float(end) for _, _, end in framework]
        assert max(at_the_end) - min(at_the_end) <= 0.01, at_the_end  # "within 0.01 of each other"
        assert after_20_steps["γ = 0.999"] < after_20_steps["γ = 0"]  # the start-up bias helps early
        schedule = after_20_steps["γ_t = min(1 − 1/t, 0.999)"]  # "like that of the small values"
        assert abs(schedule - after_20_steps["γ = 0"]) < abs(schedule - after_20_steps["γ = 0.999"])


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
