"""The site's search (Pagefind, built by _ext/book_site/site_search.py) in headless Chromium, offline:
the chapter's key terms are found on each language's page, Korean words with their particles
and Vietnamese typed without diacritics included; results stay in the page's language;
excerpts show no formula source or markup; the dialog opens and works by keyboard and on a
phone, speaks the page's language, and nothing of it loads before the reader opens it."""

from __future__ import annotations

import re

import pytest

from support.browser import PageLog, open_page
from support.servers import serve
from book_site.catalogue import text
from book_site.languages import LANGUAGES
from book_site.site_search import LABELS

# Query -> the words its results must highlight (the page's own spelling).
QUERIES = {
    "ko": {"누설 평균": {"누설", "평균"}, "평균": {"평균"}, "학습": {"학습"}, "학습률": {"학습률"}},
    "vi": {"tốc độ học": {"tốc", "độ", "học"}, "rò rỉ": {"rò", "rỉ"},
           "toc do hoc": {"tốc", "độ", "học"}, "ro ri": {"rò", "rỉ"}, "dao ham": {"đạo", "hàm"},
           "TỐC ĐỘ HỌC": {"tốc", "độ", "học"}},
    "en": {"leaky average": {"leaky", "average"}, "learning rate": {"learning", "rate"},
           "preconditioner": {"preconditioner"}},
}
# Pagefind UI's own words in each language: its search field's placeholder.
PLACEHOLDER = {"en": "Search", "ko": "검색어", "vi": "Tìm kiếm"}
# What a formula's source or typeset markup leaves in text: TeX commands and delimiters,
# sub/superscripts in braces, MathJax's element names, mathematical alphanumeric symbols. (The
# code cells are indexed too: braces alone are Python's.)
FORMULA_DEBRIS = re.compile(r"\\[a-zA-Z]+|\\[()\[\]]|\$|[_^]\{|mjx-|[\U0001D400-\U0001D7FF]")
DIALOG = "dialog.site-search"
INPUT = f"{DIALOG} .pagefind-ui__search-input"


@pytest.fixture
def opened(chromium, site_address):
    """Open a chapter page in a fresh profile; afterwards, nothing may have gone wrong."""
    contexts = []

    def open_chapter(lang, path=None, **options):
        context = chromium.new_context(**{"viewport": {"width": 1280, "height": 900}, **options})
        log = PageLog()
        contexts.append((context, log))
        page = open_page(context, log, site_address)
        page.goto(f"{site_address}/{path or f'chapters/{lang}/rmsprop.html'}")
        page.wait_for_load_state("networkidle")
        return page, log

    yield open_chapter
    for context, log in contexts:
        context.close()
        assert log.console_errors == []
        assert log.failed_requests == []


def search(page, query: str) -> list[dict]:
    """Type ``query`` into the open dialog; its results once their excerpts have loaded."""
    page.fill(INPUT, query)
    page.wait_for_function("""(query) => {  // "Searching for <query>..." while it searches
        const message = document.querySelector('.pagefind-ui__message')?.textContent ?? '';
        return message.includes(query) && !message.endsWith('...')
            && !document.querySelector('.pagefind-ui__result .pagefind-ui__loading');
    }""", arg=query)
    return page.eval_on_selector_all(".pagefind-ui__result", """results => results.map(r => ({
        href: r.querySelector('a').href,
        title: r.querySelector('.pagefind-ui__result-title').textContent.trim(),
        excerpts: Array.from(r.querySelectorAll('.pagefind-ui__result-excerpt'), e => e.textContent),
        marked: Array.from(r.querySelectorAll('mark'), m => m.textContent.toLowerCase())}))""")


def open_search(page):
    page.keyboard.press("Control+k")
    page.wait_for_selector(INPUT)
    return page.locator(DIALOG)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_search_finds_the_key_terms_in_the_page_language(opened, lang):
    page, _ = opened(lang)
    open_search(page)
    for query, words in QUERIES[lang].items():
        results = search(page, query)
        assert results, f"{query!r} found nothing on the {lang} page"
        assert results[0]["href"].endswith(f"/chapters/{lang}/rmsprop.html"), (query, results[0])
        other_editions = [r["href"] for r in results if re.search(r"/chapters/(?!%s/)" % lang, r["href"])]
        assert other_editions == [], query
        marked = set().union(*(r["marked"] for r in results))  # whole words: 평균의, rate.
        assert all(any(mark.startswith(word) for mark in marked) for word in words), (query, marked)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_excerpts_and_the_index_hold_no_formula_source_or_markup(opened, lang):
    page, _ = opened(lang)
    # The article has formulas (as TeX or typeset, whichever way the book renders them) ...
    assert page.locator("article .math, article math, article mjx-container, article .katex").count() > 10
    # ... and none of them reaches the index's text of the page or the dialog's excerpts.
    content = page.evaluate("""async () => {
        const pagefind = await import(new URL('../../pagefind/pagefind.js', location.href).href);
        const search = await pagefind.search(null, {filters: {}});
        const pages = await Promise.all(search.results.map(result => result.data()));
        return pages.map(page => page.content).join(' ');
    }""")
    assert len(content) > 5000
    assert FORMULA_DEBRIS.findall(content) == []
    open_search(page)
    for query in ["Adagrad", "RMSProp", *QUERIES[lang]]:
        for result in search(page, query):
            for excerpt in result["excerpts"]:
                assert FORMULA_DEBRIS.findall(excerpt) == [], (query, excerpt)
                assert "\u0335" not in excerpt, (query, excerpt)  # đ is shown as đ


@pytest.mark.parametrize("lang", LANGUAGES)
def test_search_dialog_speaks_the_page_language(opened, lang):
    page, _ = opened(lang)
    dialog = open_search(page)
    assert dialog.get_attribute("aria-label") == text(lang, LABELS["dialog"])
    assert dialog.locator(".site-search__close").get_attribute("aria-label") == text(lang, LABELS["close"])
    assert page.locator(INPUT).get_attribute("placeholder") == PLACEHOLDER[lang]
    results = search(page, "zzqx")
    assert results == []
    assert "zzqx" in page.locator(".pagefind-ui__message").text_content()


def test_nothing_of_the_search_loads_before_it_is_opened(opened):
    page, log = opened("ko")
    loaded = [url for url, _, _ in log.responses]
    assert [url for url in loaded if "pagefind" in url or "search" in url and "site-search.mjs" not in url] == []
    page.locator(".search-button__button").locator("visible=true").first.click()
    page.wait_for_selector(INPUT)
    search(page, "평균")
    fetched = [url for url, _, _ in log.responses if "/pagefind/" in url]
    assert any(url.endswith("pagefind-ui.js") for url in fetched)
    assert any("/pagefind/index/ko_" in url for url in fetched)
    assert not any(re.search(r"/pagefind/(index|fragment)/(en|vi)_", url) for url in fetched)


def test_search_dialog_by_keyboard(opened):
    page, _ = opened("vi")
    dialog = open_search(page)
    assert page.evaluate("document.activeElement.classList.contains('pagefind-ui__search-input')")
    page.keyboard.type("ro ri")
    page.wait_for_selector(".pagefind-ui__result-link")
    page.keyboard.press("Escape")
    assert not dialog.evaluate("d => d.open")
    page.keyboard.press("Control+k")  # opens again, with the query kept and selected
    assert dialog.evaluate("d => d.open")
    assert page.evaluate("document.activeElement.value") == "ro ri"
    for _ in range(10):  # Tab from the field reaches the first result
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('pagefind-ui__result-link')"):
            break
    else:
        pytest.fail("Tab never reached a result")
    page.keyboard.press("Enter")
    page.wait_for_function("!document.querySelector('dialog.site-search')?.open")
    assert page.url.split("#")[0].endswith("/chapters/vi/rmsprop.html")
    page.wait_for_load_state("load")  # a result without a fragment loads the page anew
    page.keyboard.press("Control+k")
    page.keyboard.press("Control+k")  # the shortcut also closes it
    assert not dialog.evaluate("d => d.open")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_search_dialog_on_a_phone(opened, scheme):
    width = 390
    page, _ = opened("ko", viewport={"width": width, "height": 800}, is_mobile=True,
                     has_touch=True, color_scheme=scheme)
    page.locator(".bd-header-article .search-button__button").tap()
    page.wait_for_selector(INPUT)
    results = search(page, "누설 평균")
    assert results
    box = page.locator(DIALOG).bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= width
    assert page.evaluate(f"document.querySelector('{DIALOG}').scrollWidth") <= width
    close = page.locator(f"{DIALOG} .site-search__close")
    close_box = close.bounding_box()
    assert close_box["width"] >= 24 and close_box["x"] + close_box["width"] <= width
    close.tap()
    assert not page.locator(DIALOG).evaluate("d => d.open")


def test_result_links_work_when_the_site_is_published_in_a_folder(chromium, built_site):
    """The site is published under /rmsprop-book/: results link inside that folder."""
    with serve(built_site.parent) as base:
        context = chromium.new_context()
        log = PageLog()
        page = open_page(context, log, base)
        page.goto(f"{base}/{built_site.name}/chapters/en/rmsprop.html")
        page.wait_for_load_state("networkidle")
        open_search(page)
        results = search(page, "leaky average")
        context.close()
    assert results[0]["href"] == f"{base}/{built_site.name}/chapters/en/rmsprop.html"
    assert log.console_errors == [] and log.failed_requests == []
