"""Each chapter page in headless Chromium is a page of its language's site: the theme's interface
around the chapter speaks the page's language (the book's catalogue, _ext/book_site/locales), the browser tab's
title names the language, "previous"/"next" never lead to another language, <head> links the
three editions by hreflang, and the language switcher opens the same page in another language."""

import re

import pytest

from book_site.catalogue import book_texts
from book_site.languages import LANGUAGES

BASE_URL = "https://d2lmini.github.io/rmsprop-book/"
BOOK_TITLE = "RMSProp: an interactive chapter of Dive into Deep Learning"
# Interface texts that are the same in every language: names, file types, keys, and the title of
# the home page, which is an English page.
SAME_IN_EVERY_LANGUAGE = {"RMSProp", "Colab", ".ipynb", ".md", ".pdf", "Ctrl", "K", "+",
                          *LANGUAGES.values(), "RMSProp, interactively"}
# Texts of the theme that each chapter page shows somewhere (text, title or accessible name).
THEME_TEXTS = ["Skip to main content", "Search", "Contents", "Color mode",
               "Download this page", "Download notebook file", "PDF of this chapter", "Fullscreen mode",
               "Launch interactive content", "Source repository", "Toggle primary sidebar",
               "Toggle secondary sidebar", "Main", "Home", "Back to top"]
# (pydata-sphinx-theme's own header, with "Site navigation" and "On this page", is not rendered:
# with the theme's search off, sphinx-book-theme's header has all the buttons.)

# Every text of the page around the chapter: text nodes and the titles, accessible names and
# placeholders of elements, outside the article, the language switcher (which names each
# language in itself), the print-only table of contents and the search dialog (see test_search).
INTERFACE_TEXTS = """() => {
  const texts = new Set();
  const outside = 'article, .language-switcher, .onlyprint, dialog, script, style';
  for (const element of document.body.querySelectorAll('*')) {
    if (element.closest(outside)) continue;
    for (const name of ['title', 'data-bs-original-title', 'aria-label', 'placeholder', 'data-bs-title']) {
      const value = element.getAttribute(name);
      if (value && value.trim()) texts.add(value.trim().replace(/\\s+/g, ' '));
    }
    for (const node of element.childNodes)
      if (node.nodeType === 3 && node.data.trim()) texts.add(node.data.trim().replace(/\\s+/g, ' '));
  }
  return [...texts];
}"""


def translated(language: str, english: str) -> str:
    """The catalogue's translation of ``english``, which it must have (English: itself)."""
    if language == "en":
        return english
    assert english in book_texts(language), f"the {language} catalogue has no {english!r}"
    return book_texts(language)[english]


def chapter(language: str) -> str:
    return f"chapters/{language}/rmsprop.html"


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_theme_speaks_the_page_language(visit, language):
    page = visit(chapter(language))
    texts = set(page.evaluate(INTERFACE_TEXTS))
    expected = {translated(language, text) for text in THEME_TEXTS}
    assert expected <= texts, f"missing: {expected - texts}"
    footer = f"{translated(language, 'By')} {translated(language, 'the d2lmini authors, after Dive into Deep Learning by Zhang, Lipton, Li and Smola')}"
    assert footer in texts
    if language != "en":
        english = set(visit(chapter("en")).evaluate(INTERFACE_TEXTS))
        assert (texts & english) - SAME_IN_EVERY_LANGUAGE == set()
    # the sidebar's link to the (English) home page says that it is English
    assert page.eval_on_selector(".bd-sidenav__home-link a", "a => [a.lang, a.textContent.trim()]") == [
        "en", "RMSProp, interactively"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_browser_tab_names_the_language_and_the_book_in_it(visit, language):
    page = visit(chapter(language))
    assert page.title() == f"RMSProp ({LANGUAGES[language]}) — {translated(language, BOOK_TITLE)}"
    assert page.eval_on_selector(".navbar-brand", "e => e.textContent.trim()") == translated(language, BOOK_TITLE)


def test_the_sidebar_lists_each_edition_under_its_language(visit):
    page = visit("index.html")
    sections = page.eval_on_selector_all(
        ".bd-docs-nav p.caption", """captions => captions.map(caption => [caption.textContent.trim(),
            [...caption.nextElementSibling.querySelectorAll('a')].map(a => a.pathname)])""")
    assert [(name, [re.sub(r"^.*/chapters/", "chapters/", link) for link in links])
            for name, links in sections] == [(name, [chapter(code)]) for code, name in LANGUAGES.items()]


@pytest.mark.parametrize("language", LANGUAGES)
def test_previous_and_next_stay_in_the_page_language(visit, language):
    page = visit(chapter(language))
    links = page.eval_on_selector_all(
        ".prev-next-area a, link[rel=prev], link[rel=next]",
        "links => links.map(a => [a.getAttribute('rel') || a.className, new URL(a.href).pathname])")
    # The English chapter follows the (English) home page; each language has one chapter.
    expected = {"en": {"index.html"}, "ko": set(), "vi": set()}[language]
    assert {path.rsplit("/", 1)[-1] for _, path in links} == expected, links
    if language == "en":
        assert sorted(kind for kind, _ in links) == ["left-prev", "prev"]
        label = page.eval_on_selector(".prev-next-area a.left-prev", "a => a.textContent")
        assert "previous" in label and "RMSProp, interactively" in label


@pytest.mark.parametrize("language", LANGUAGES)
def test_head_links_the_three_editions_by_hreflang(visit, site_address, language):
    page = visit(chapter(language))
    assert page.eval_on_selector("html", "html => html.lang") == language
    alternates = dict(page.eval_on_selector_all(
        "head link[rel=alternate][hreflang]", "links => links.map(l => [l.hreflang, l.href])"))
    assert alternates == {**{code: BASE_URL + chapter(code) for code in LANGUAGES},
                          "x-default": BASE_URL + chapter("en")}
    for code, url in alternates.items():  # each one is a page of that language on this site
        other = visit(url.replace(BASE_URL, ""))
        assert other.eval_on_selector("html", "html => html.lang") == ("en" if code == "x-default" else code)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_language_switcher_opens_the_same_page_in_another_language(visit, language):
    page = visit(chapter(language))
    headings = page.eval_on_selector_all("article h2", "hs => hs.length")
    for code, name in LANGUAGES.items():
        if code == language:
            assert page.eval_on_selector(".language-switcher [aria-current=page]", "e => e.textContent") == name
            continue
        page.click(f".language-switcher a[hreflang={code}]")
        page.wait_for_load_state("load")
        assert page.url.endswith(chapter(code))
        assert page.eval_on_selector("html", "html => html.lang") == code
        assert page.eval_on_selector_all("article h2", "hs => hs.length") == headings  # same sections
        page.wait_for_load_state("networkidle")
        page.go_back()
        page.wait_for_load_state("networkidle")
