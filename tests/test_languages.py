"""The Korean and Vietnamese pages in headless Chromium: Korean lines break between words, not
inside them, and the font stacks of _static/book.css draw Hangul and Vietnamese letters (stacked
accents too) with fonts that have them.

The font checks need a Hangul font and a monospace font with complete Vietnamese that the stacks
name, such as those of Debian's fonts-nanum and fonts-noto-mono."""

import unicodedata

import pytest

from support.browser import PageLog, open_page

# Fonts named in book.css and checked (cmap) to have every Hangul syllable, or all 146
# precomposed Vietnamese letters; Chromium reports the family it draws with.
HANGUL_FONTS = {"Noto Sans CJK KR", "Noto Sans Mono CJK KR", "NanumGothic", "NanumGothicCoding"}
VIETNAMESE_MONO_FONTS = {"Noto Sans Mono", "Noto Mono", "Cascadia Mono", "JetBrains Mono"}
VIETNAMESE_TEXT_FONTS = {"Noto Sans", "DejaVu Sans"}
FONT_HELP = "install a font the stack names, e.g. Debian's fonts-nanum and fonts-noto-mono"
PHONE_WIDTH = 390


@pytest.fixture
def open_chapter(chromium, site_address):
    """Opens a chapter page at a phone's width, with the answers to the exercises open;
    afterwards, nothing may have gone wrong."""
    context = chromium.new_context(viewport={"width": PHONE_WIDTH, "height": 844})
    log = PageLog()

    def open_language(language):
        page = open_page(context, log, site_address)
        page.goto(f"{site_address}/chapters/{language}/rmsprop.html")
        page.wait_for_load_state("load")  # the formulas are typeset in the page itself (KaTeX)
        page.evaluate("document.querySelectorAll('.admonition.toggle-hidden .toggle-button')"
                      ".forEach(button => button.click())")  # open the answers: their text is checked too
        # Lay out every section, as for a reader who has scrolled through the page: the browser
        # draws a section only near the screen, and until then has no fonts for its text.
        page.add_style_tag(content="section { content-visibility: visible !important; }")
        return page

    yield open_language
    context.close()
    assert log.console_errors == []
    assert log.failed_requests == []


# Each pair of neighbouring Hangul syllables in the article's running text whose second one
# starts a new line, with the text around it.
BREAKS_INSIDE_WORDS = """() => {
  const hangul = /[\\uac00-\\ud7a3]/, found = [], lines = new Set();
  const walker = document.createTreeWalker(document.querySelector('article'), NodeFilter.SHOW_TEXT);
  const rect = (node, i) => { const r = document.createRange(); r.setStart(node, i);
                              r.setEnd(node, i + 1); return r.getClientRects()[0]; };
  for (let node; (node = walker.nextNode());) {
    if (node.parentElement.closest('pre, .katex, .visually-hidden')) continue;
    const text = node.data;
    for (let i = 0; i + 1 < text.length; i++) {
      if (!hangul.test(text[i]) || !hangul.test(text[i + 1])) continue;
      const a = rect(node, i), b = rect(node, i + 1);
      if (!a || !b) continue;
      lines.add(Math.round(a.top));
      if (b.top >= a.bottom - 1) found.push(text.slice(Math.max(0, i - 6), i + 7));
    }
  }
  return {found, lines: lines.size};
}"""


def test_korean_lines_break_between_words_not_inside_them(open_chapter):
    page = open_chapter("ko")
    style = page.eval_on_selector("article p", "p => [getComputedStyle(p).wordBreak, "
                                               "getComputedStyle(p).overflowWrap]")
    assert style == ["keep-all", "break-word"]
    result = page.evaluate(BREAKS_INSIDE_WORDS)
    assert result["lines"] > 100, "the check saw too few lines of Korean text"
    assert result["found"] == []


# Each inline formula followed directly by Korean (a particle: 𝐬ₜ를) whose next letter starts
# a new line, as formula | text.
BREAKS_AFTER_FORMULAS = """() => {
  const found = [];
  for (const math of document.querySelectorAll('article span.math')) {
    const next = math.nextSibling;
    if (!next || next.nodeType !== 3 || !/^[\\uac00-\\ud7a3]/.test(next.data)) continue;
    const range = document.createRange(); range.setStart(next, 0); range.setEnd(next, 1);
    const letter = range.getClientRects()[0];
    if (letter && letter.top >= math.getBoundingClientRect().bottom - 1)
      found.push(math.textContent.trim() + ' | ' + next.data.slice(0, 8));
  }
  return found;
}"""


def test_korean_particles_stay_with_their_formula(open_chapter):
    page = open_chapter("ko")
    assert page.locator("article span.math").count() > 50
    assert page.evaluate(BREAKS_AFTER_FORMULAS) == []


def test_english_and_vietnamese_keep_normal_line_breaking(open_chapter):
    for language in ["en", "vi"]:
        page = open_chapter(language)
        assert page.eval_on_selector("article p", "p => getComputedStyle(p).wordBreak") == "normal"


def fonts_drawing(page, selector):
    """For each element matching ``selector``, in document order: the fonts Chromium draws its
    text with, as {family: glyph count}."""
    session = page.context.new_cdp_session(page)
    session.send("DOM.enable")
    session.send("CSS.enable")
    root = session.send("DOM.getDocument", {"depth": -1})["root"]["nodeId"]
    drawn = []
    for node in session.send("DOM.querySelectorAll", {"nodeId": root, "selector": selector})["nodeIds"]:
        counts = {}
        for font in session.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]:
            counts[font["familyName"]] = counts.get(font["familyName"], 0) + font["glyphCount"]
        drawn.append(counts)
    session.detach()
    return drawn


def mark_text(page, selector, keep, marker):
    """Put each run of characters that ``keep`` (a JavaScript regular expression for one
    character) selects, in the drawn text of the elements matching ``selector``, into its own
    <span class="marker">; returns the runs."""
    return page.evaluate("""([selector, keep, marker]) => {
      const runs = [], pattern = new RegExp(`(${keep}+)`, 'g');
      for (const element of document.querySelectorAll(selector)) {
        const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT), nodes = [];
        for (let node; (node = walker.nextNode());)
          if (!node.parentElement.closest('.katex') && node.parentElement.checkVisibility())
            nodes.push(node);  // drawn text only: not a hidden framework tab's
        for (const node of nodes) {
          const parts = node.data.split(pattern);
          if (parts.length === 1) continue;
          const fragment = document.createDocumentFragment();
          parts.forEach((part, i) => {
            if (i % 2) { const span = document.createElement('span'); span.className = marker;
                         span.textContent = part; fragment.append(span); runs.push(part); }
            else if (part) fragment.append(part);
          });
          node.replaceWith(fragment);
        }
      }
      return runs;
    }""", [selector, keep, marker])


@pytest.mark.parametrize("place", ["article p", "div.cell_input pre"])
def test_hangul_is_drawn_with_a_hangul_font(open_chapter, place):
    page = open_chapter("ko")
    runs = mark_text(page, place, "[\\uac00-\\ud7a3]", "hangul-run")
    assert len(runs) > (100 if place == "article p" else 1)
    drawn = fonts_drawing(page, ".hangul-run")
    assert len(drawn) == len(runs)
    for text, fonts in zip(runs, drawn):
        assert fonts and set(fonts) <= HANGUL_FONTS, f"{text} drawn with {fonts}: {FONT_HELP}"


def vietnamese_letters():
    bases, tones = "aăâeêioôơuưy", ["", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"]
    lower = {unicodedata.normalize("NFC", base + tone) for base in bases for tone in tones} | {"đ"}
    return lower | {letter.upper() for letter in lower}


@pytest.mark.parametrize("place, allowed", [
    ("div.cell_input pre .c1", VIETNAMESE_MONO_FONTS),  # the code's comments
    ("article p", VIETNAMESE_TEXT_FONTS),
])
def test_vietnamese_letters_are_drawn_whole(open_chapter, place, allowed):
    """Each letter is one glyph of a font that has it: a font lacking ố draws it as o + ˆ + ´
    with the accents detached, which shows as more glyphs than letters."""
    assert len(vietnamese_letters()) == 146
    page = open_chapter("vi")
    accented = "".join(sorted(letter for letter in vietnamese_letters() if not letter.isascii()))
    runs = mark_text(page, place, f"[{accented}]", "vietnamese-run")
    assert len(runs) > (100 if place == "article p" else 3)
    assert all(unicodedata.is_normalized("NFC", run) for run in runs)
    drawn = fonts_drawing(page, ".vietnamese-run")
    assert len(drawn) == len(runs)
    for text, fonts in zip(runs, drawn):
        assert fonts and set(fonts) <= allowed, f"{text} drawn with {fonts}: {FONT_HELP}"
        assert sum(fonts.values()) == len(text), f"{text}: {fonts} (accents drawn apart)"


def test_the_check_sees_detached_accents(open_chapter):
    """DejaVu Sans Mono (the theme's monospace font on Linux) lacks ủ, so draws it as u + ̉."""
    page = open_chapter("vi")
    page.add_style_tag(content="pre { font-family: 'DejaVu Sans Mono' !important; }")
    runs = mark_text(page, "div.cell_input pre .c1", "ủ", "vietnamese-run")
    drawn = fonts_drawing(page, ".vietnamese-run")
    assert runs and len(drawn) == len(runs)
    assert all(fonts == {"DejaVu Sans Mono": 2} for fonts in drawn), drawn
