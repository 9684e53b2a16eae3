"""The built website for every reader, in headless Chromium, offline: phone width, axe-core
accessibility checks in light and dark mode, alt text, figures in dark mode, the pages without
JavaScript (static figures, framework tabs) and in print."""

from __future__ import annotations

import io
import json
import re

import pytest
from PIL import Image
from selectolax.lexbor import LexborHTMLParser
from sphinx.errors import ExtensionError

from support.axe import assert_no_violations, axe_violations
from support.browser import PageLog, open_page, scroll_to_and_wait_until_drawn, shown_texts
from book_site import static_figures
from book_site.catalogue import text
from book_site.languages import LANGUAGES
from d2lmini.language import FIGURE_LABELS as LABELS
CHAPTERS = [f"chapters/{lang}/rmsprop.html" for lang in LANGUAGES]
PAGES = ["index.html", "genindex.html", *CHAPTERS]
TAB_SETS = 5  # from-scratch and concise training, and the answers to exercises 3 and 4
VIEW_SCRIPT = 'script[type="application/vnd.jupyter.widget-view+json"]'
WRITTEN_IN = {"ko": re.compile("[가-힣]"), "vi": re.compile("[ạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹđơư]")}


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", PAGES)
def test_no_axe_violations(visit, path, scheme):
    page = visit(path, color_scheme=scheme)
    assert page.evaluate("document.documentElement.dataset.theme") == scheme
    assert_no_violations(axe_violations(page), f"{path} ({scheme})")


# Recorded when the page is parsed, before its deferred scripts run (the theme's among them).
THEME_WHEN_PARSED = """document.addEventListener("readystatechange", () => {
    if (document.readyState === "interactive") window.themeWhenParsed = {
        theme: document.documentElement.dataset.theme, text: getComputedStyle(document.body).color};
});"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_colour_theme_is_settled_before_the_first_paint(chromium, site_address, scheme):
    """The reader's colour scheme applies from the start: no black text on a white page that then
    fades into dark mode (a fade that axe once caught halfway, reading black on dark)."""
    context = chromium.new_context(color_scheme=scheme)
    context.add_init_script(THEME_WHEN_PARSED)
    page = open_page(context, PageLog(), site_address)
    page.goto(f"{site_address}/chapters/en/rmsprop.html")
    page.wait_for_load_state("load")
    parsed = page.evaluate("window.themeWhenParsed")
    assert parsed["theme"] == scheme
    assert parsed["text"] == page.evaluate("getComputedStyle(document.body).color") != "rgb(0, 0, 0)"
    context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_axe_violations_in_the_open_search_dialog(visit, lang, scheme):
    page = visit(f"chapters/{lang}/rmsprop.html", color_scheme=scheme)
    page.keyboard.press("Control+k")
    page.fill("dialog.site-search .pagefind-ui__search-input", "RMSProp")
    page.wait_for_selector("dialog.site-search .pagefind-ui__result-link")
    page.wait_for_function("!document.querySelector('dialog.site-search .pagefind-ui__loading')")
    assert_no_violations(axe_violations(page), f"search dialog on {lang} ({scheme})")


EXECUTABLE_SCRIPT = re.compile(
    r'<script(?![^>]*type="application/vnd\.jupyter)[^>]*>.*?</script>', re.S)


def as_without_javascript(html: str) -> str:
    """The page as a browser without JavaScript shows it: no script runs, <noscript> applies.
    (axe-core needs JavaScript itself, so it runs on this copy of the page.)"""
    html = EXECUTABLE_SCRIPT.sub("", html)
    return html.replace("<noscript>", "").replace("</noscript>", "")


@pytest.mark.parametrize("path", PAGES)
def test_no_axe_violations_without_javascript(chromium, site_address, path):
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()

    def strip_scripts(route):
        response = route.fetch()
        route.fulfill(response=response, body=as_without_javascript(response.text()))

    page.route(f"{site_address}/{path}", strip_scripts)
    page.goto(f"{site_address}/{path}")
    page.wait_for_load_state("load")
    if path in CHAPTERS:
        assert page.locator(".d2lmini-static .d2lmini-figure").count() == 3
    violations = axe_violations(page)
    context.close()
    assert_no_violations(violations, f"{path} (no JavaScript)")


@pytest.mark.parametrize("width", [360, 390])
@pytest.mark.parametrize("path", PAGES)
def test_phone_width_has_no_sideways_scroll_and_every_header_control_in_reach(visit, path, width):
    page = visit(path, viewport={"width": width, "height": 800}, is_mobile=True, has_touch=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    controls = page.evaluate("""() => Array.from(document.querySelectorAll(
            '.bd-header-article a, .bd-header-article button'))
        .filter(e => e.checkVisibility())
        .map(e => {const r = e.getBoundingClientRect();
                   return {name: e.getAttribute('aria-label') || e.title || e.textContent.trim(),
                           left: r.left, right: r.right, width: r.width, height: r.height};})""")
    names = {control["name"] for control in controls}
    language = path.split("/")[1] if path in CHAPTERS else "en"
    assert {text(language, name) for name in ["Search", "Color mode"]} <= names
    if path in CHAPTERS:  # the other two editions, by their names
        assert len({"English", "한국어", "Tiếng Việt"} & names) == 2
    for control in controls:
        assert 0 <= control["left"] and control["right"] <= width, control
        assert control["width"] >= 24 and control["height"] >= 24, control


# Where a target is once the page has had 30 frames to finish drawing: its top (px from the top
# of the window), and whether the page is scrolled to its end (a short last section stays lower).
LANDING = """async selector => {
    await new Promise(done => { let n = 30; const step = () => --n ? requestAnimationFrame(step) : done();
                                requestAnimationFrame(step); });
    return {top: document.querySelector(selector).getBoundingClientRect().top,
            atEnd: scrollY + innerHeight >= document.documentElement.scrollHeight - 1};
}"""
PHONE = {"width": 390, "height": 800}


def test_links_into_the_page_land_on_their_section(visit, built_site):
    """A link to any section (the page's contents, a search result, from another page) brings it to
    the top of the window, and it stays there while the rest of the page is drawn (one edition at
    phone width: the editions' pages are built alike)."""
    chapter = "chapters/ko/rmsprop.html"
    sections = re.findall(r'<section\b[^>]*\bid="([^"]+)"[^>]*>\s*<h2', (built_site / chapter).read_text())
    assert len(sections) >= 8
    for section in sections:
        landed = visit(f"{chapter}#{section}", viewport=PHONE).evaluate(LANDING, f"#{section}")
        assert 0 <= landed["top"] < 200 or (landed["atEnd"] and landed["top"] < PHONE["height"] - 40), \
            (section, landed)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_keyboard_focus_brings_an_answer_on_screen(visit, lang):
    """Tabbing to an answer's button scrolls it on screen, and it stays there."""
    page = visit(f"chapters/{lang}/rmsprop.html", viewport=PHONE)
    button = f"#answer_rmsprop-{lang}-1 button.toggle-button"
    page.focus(button)
    assert 0 <= page.evaluate(LANDING, button)["top"] < PHONE["height"] - 40


@pytest.mark.parametrize("lang", LANGUAGES)
def test_static_figures_have_alt_text_in_the_page_language(built_site, lang):
    html = (built_site / f"chapters/{lang}/rmsprop.html").read_text()
    alts = re.findall(r'<img [^>]*alt="([^"]*)" src="[^"]*_images/', html)
    assert len(alts) == 10  # 6 in the text, 4 in the answers to exercises 1-3
    for alt in alts:
        assert "_images/" not in alt and len(alt) > 60, alt
        if lang in WRITTEN_IN:
            assert WRITTEN_IN[lang].search(alt), alt
        else:
            assert not any(pattern.search(alt) for pattern in WRITTEN_IN.values()), alt


def contrast(color_a, color_b) -> float:
    """WCAG contrast ratio of two sRGB colours (0-255 channels)."""
    def luminance(color):
        linear = [(c / 255 / 12.92) if c / 255 <= 0.04045 else ((c / 255 + 0.055) / 1.055) ** 2.4
                  for c in color[:3]]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    high, low = sorted([luminance(color_a), luminance(color_b)], reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_matplotlib_figures_follow_the_colour_scheme(visit, scheme):
    page = visit("chapters/en/rmsprop.html", color_scheme=scheme)
    page_background = page.evaluate(
        "getComputedStyle(document.body).backgroundColor")
    page_rgb = tuple(int(c) for c in re.findall(r"\d+", page_background)[:3])
    images = page.locator(".cell_output img:visible")
    assert images.count() == 4  # the two loss figures of the hidden framework are not shown
    for i in range(images.count()):
        # Each figure loads lazily, once its section is drawn near the screen: a screenshot taken
        # before that shows an empty box (the loss figure below the interactive figure did).
        scroll_to_and_wait_until_drawn(images.nth(i))
        images.nth(i).evaluate("image => image.decode()")
        shot = Image.open(io.BytesIO(images.nth(i).screenshot())).convert("RGB")
        colours = shot.getcolors(maxcolors=shot.width * shot.height)
        background = max(colours)[1]
        # Darkest (light mode) or lightest (dark mode) pixels: the axes' text and ticks.
        text = (min if scheme == "light" else max)(colours, key=lambda c: sum(c[1]))[1]
        assert contrast(background, page_rgb) < 1.3, (background, page_rgb)  # no bright box
        assert contrast(text, background) >= 4.5, (text, background)


def saved_figures(html: str) -> list[tuple[str, dict]]:
    """The figure models (id, state) of a page's saved widget state, in the order of the views."""
    state = json.loads(re.search(
        r'<script type="application/vnd.jupyter.widget-state\+json">(.*?)</script>', html, re.S)
        .group(1))["state"]
    figures = []

    def walk(model_id):
        model = state[model_id]["state"]
        if "kind" in model:
            figures.append((model_id, model))
        for child in model.get("children", []):
            walk(child.removeprefix("IPY_MODEL_"))

    for view in re.findall(r'<script type="application/vnd.jupyter.widget-view\+json">(.*?)</script>', html):
        walk(json.loads(view)["model_id"])
    return figures


@pytest.mark.parametrize("lang", LANGUAGES)
def test_interactive_figures_are_drawn_without_javascript(visit, built_site, site_address, chromium, lang):
    """Each widget output shows figureMarkup's drawing of its saved state, as the figure's own
    module (a file of the site, which the state names) draws it in a browser, and says in the
    page's language that sliders need JavaScript. The airfoil figure is its reference run, which
    is the chapter's setting, and the explorer has its map."""
    path = f"chapters/{lang}/rmsprop.html"
    figures = saved_figures((built_site / path).read_text())
    assert [state["kind"] for _, state in figures] == ["leaky", "rmsprop", "airfoil"]
    page = visit(path, java_script_enabled=False)
    static = page.locator(".cell_output .d2lmini-static")
    assert static.count() == 3
    values = {"leaky": ["gamma"], "rmsprop": ["eta", "gamma", "steps"], "airfoil": ["lr", "gamma", "epochs"]}
    for i, (model_id, state) in enumerate(figures):
        drawing = static.nth(i)
        assert drawing.is_visible() and drawing.locator("svg").count() >= 1
        assert drawing.evaluate(f"e => !!e.closest('.cell_output').querySelector('{VIEW_SCRIPT}')")
        expected = [state[name] for name in values[state["kind"]]]
        figure = drawing.locator(".d2lmini-figure")
        assert json.loads(figure.get_attribute("data-params")) == expected
        assert "NaN" not in drawing.inner_html() and "Infinity" not in drawing.inner_html()
        assert shown_texts(drawing.locator(".d2lmini-noscript")) == [text(lang, static_figures.NOSCRIPT_NOTE)]
        if state["kind"] == "rmsprop":
            assert drawing.locator(".d2lmini-map svg .map-b0").count() == 1 and drawing.locator("button").count() == 0
        if state["kind"] == "airfoil":
            assert drawing.locator(".status").inner_text() == LABELS[lang]["airfoil_status"].format(
                lr="0.01", gamma="0.90", loss=f"{state['fixed']['reference']['losses'][14]:.3f}", epochs=2)
    html = (built_site / path).read_text()
    reference = chromium.new_page()
    reference.goto(f"{site_address}/{path}")
    drawn_in_browser = reference.evaluate("""async figures => {
        const markups = [];
        for (const [id, s] of figures) {
            const module = await import(new URL(s._esm, location.href));
            const values = Object.fromEntries(Object.keys(s.controls).map((name) => [name, s[name]]));
            markups.push(module.figureMarkup(s.kind, values, s.labels, 'static-' + id, s.controls, {fixed: s.fixed}));
        }
        return markups;
    }""", figures)
    reference.close()
    # Each drawing is the figure and then its note; the figure is the same markup, both as the
    # page's HTML5 serializer writes it.
    drawings = LexborHTMLParser(html).css(".d2lmini-static")
    assert [[child.tag for child in drawing.iter()] for drawing in drawings] == [["div", "noscript"]] * 3
    assert [drawing.css_first(".d2lmini-figure").html for drawing in drawings] == [
        LexborHTMLParser(markup).css_first(".d2lmini-figure").html for markup in drawn_in_browser]


def shown_frameworks(page) -> list[str]:
    return page.evaluate("""() => Array.from(document.querySelectorAll('.framework-tabs'))
        .map(set => Array.from(set.querySelectorAll(':scope > .sd-tab-content'))
             .filter(content => content.checkVisibility())
             .map(content => content.previousElementSibling.dataset.syncId).join('+'))""")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_theme_colours_apply_without_javascript(visit, scheme):
    """Without JavaScript the theme's light colours apply (its choice when it cannot follow the
    reader's setting): text in the theme's colour, a header that hides the text scrolled under
    it, and the figures drawn at build time in their light colours on the page's white, not in
    dark boxes when the system is dark."""
    page = visit("chapters/en/rmsprop.html", java_script_enabled=False, color_scheme=scheme)
    assert page.evaluate("getComputedStyle(document.body).color") == "rgb(34, 40, 50)"
    header = page.evaluate("getComputedStyle(document.querySelector('.bd-header-article')).backgroundColor")
    assert header == "rgb(255, 255, 255)"
    figures = page.evaluate("""() => Array.from(document.querySelectorAll('.d2lmini-static .d2lmini-figure'),
        figure => [getComputedStyle(figure).backgroundColor, getComputedStyle(figure).color])""")
    assert figures == [["rgb(255, 255, 255)", "rgb(34, 34, 34)"]] * 3


def test_tab_groups_switch_together_without_javascript(visit):
    page = visit("chapters/en/rmsprop.html", java_script_enabled=False)
    assert shown_frameworks(page) == ["pytorch"] * TAB_SETS
    page.locator(".framework-tabs").nth(1).locator("label", has_text="TensorFlow").click()
    assert shown_frameworks(page) == ["tensorflow"] * TAB_SETS
    shown = shown_texts(page.locator(".framework-tabs .sd-tab-content"))
    assert len(shown) == TAB_SETS and all("# TensorFlow" in text for text in shown)
    page.locator(".framework-tabs").nth(1).locator("label", has_text="PyTorch").click()
    assert shown_frameworks(page) == ["pytorch"] * TAB_SETS


@pytest.mark.parametrize("javascript", [True, False])
def test_print_shows_both_frameworks_labelled_and_keeps_explorers_whole(visit, javascript):
    page = visit("chapters/en/rmsprop.html", java_script_enabled=javascript)
    if javascript:  # a reader who chose TensorFlow still gets both in print
        page.locator(".framework-tabs label", has_text="TensorFlow").first.click()
    page.emulate_media(media="print")
    assert shown_frameworks(page) == ["pytorch+tensorflow"] * TAB_SETS
    labels = page.locator(".framework-tabs > label")
    assert [labels.nth(i).is_visible() for i in range(labels.count())] == [True] * 2 * TAB_SETS
    assert labels.all_inner_texts() == ["PyTorch", "TensorFlow"] * TAB_SETS
    for content in page.locator(".framework-tabs > .sd-tab-content").all():
        frame = content.evaluate("e => getComputedStyle(e).borderTopStyle")
        assert frame == "none"  # no frame to be cut open at a page break
    explorers = page.locator(f".cell:has({VIEW_SCRIPT})")
    assert explorers.count() == 3
    for explorer in explorers.all():
        assert explorer.evaluate("e => getComputedStyle(e).breakInside") == "avoid"
        assert explorer.locator(".d2lmini-figure:visible").count() >= 1
        assert explorer.locator(".d2lmini-noscript:visible").count() == 0  # paper has no sliders
    assert len(page.pdf(format="A4")) > 10_000
    figures = page.locator('img[loading="lazy"]')
    assert figures.count() >= 10  # printing loaded every figure, those far below included
    assert figures.evaluate_all("images => images.every(i => i.complete && i.naturalWidth > 0)")


FAR_SECTION = "section#references"
SKIPPED = "section => !section.lastElementChild.checkVisibility({contentVisibilityAuto: true})"


def test_far_sections_are_laid_out_only_when_near_and_scrolling_code_is_a_tab_stop(visit):
    """Nothing lays out the sections far below at load; code that scrolls sideways takes the focus."""
    page = visit("chapters/en/rmsprop.html", viewport=PHONE, is_mobile=True, has_touch=True)
    page.wait_for_timeout(1000)  # past the load event, when the theme used to measure every box
    assert page.locator(FAR_SECTION).evaluate(SKIPPED)
    code = page.locator("section#implementation-from-scratch pre")
    assert code.count() >= 4 and all(tabindex == "0" for tabindex in code.evaluate_all(
        "boxes => boxes.map(b => b.getAttribute('tabindex'))"))  # tab stops before any script runs
    scroll_to_and_wait_until_drawn(code.first)
    for _ in range(100):  # the ResizeObserver reports the boxes once they are laid out, a frame later
        checked = page.locator("pre").evaluate_all("boxes => boxes"
            ".filter(b => b.checkVisibility({contentVisibilityAuto: true}))"  # the laid-out ones
            ".map(b => [b.tabIndex, b.scrollWidth > b.clientWidth])")
        if checked and all(tabindex == (0 if scrolls else -1) for tabindex, scrolls in checked):
            break
        page.wait_for_timeout(20)
    assert checked and all(tabindex == (0 if scrolls else -1) for tabindex, scrolls in checked)
    assert any(scrolls for _, scrolls in checked) and not all(scrolls for _, scrolls in checked)
    scroll_to_and_wait_until_drawn(page.locator(f"{FAR_SECTION} > :last-child"))


def test_static_figure_step_says_what_is_missing():
    """A saved front-end module without figureMarkup fails the build with the reason."""
    request = {"esm": "export default { render() {} };", "kind": "leaky",
               "values": {"eta": 0.4, "gamma": 0.9, "steps": 20}, "labels": {}, "id": "x"}
    with pytest.raises(ExtensionError, match="exports no figureMarkup"):
        static_figures.draw([request])
    request["esm"] = "export function figureMarkup(kind, values, labels, id) { return `${kind} ${values.gamma} ${id}`; }"
    assert static_figures.draw([request, {**request, "id": "y"}]) == ["leaky 0.9 x", "leaky 0.9 y"]
