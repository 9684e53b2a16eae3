"""The built website in headless Chromium, offline: the sliders move the figures with no kernel
(by keyboard, mouse and touch), the explorer's check boxes switch the rotated problem and each
overlay (by keyboard and click), its map sets η and γ (click, tap, arrow keys) and its start point
follows a drag and the arrow keys, the airfoil figure fetches its data only as it nears the screen
and trains at every setting, the figures compute exactly what d2lmini computes, the sliders have
accessible names and value texts in the page's language, the framework tabs switch together and
are remembered, nothing shifts the layout, no script blocks the first paint, and no page logs an
error or fails a request. The widgets are drawn by _static/widgets-renderer.mjs."""

import math
import re

import pytest

from book_site.languages import LANGUAGES
from book_site.node import package_file
from support.browser import PageLog, open_page, shown_texts
from support.servers import PRELOADED_FONT, serve_fonts_first
from chapter_code import MOMENTUM_BETA, assert_same_path, reference_method_path, reference_path
from d2lmini import airfoil_figure
from d2lmini.language import FIGURE_LABELS as LABELS
from d2lmini.language import MESSAGES
from d2lmini.widgets import CONTROLS, CSS, ESM

NOTES = {"en": "diverged at step 1", "ko": "스텝 1에서 발산", "vi": "phân kỳ ở bước 1"}
PAGES = ["index.html"] + [f"chapters/{lang}/rmsprop.html" for lang in LANGUAGES]
SLIDERS = ".d2lmini-slider input[type=range]"
READOUTS = ".d2lmini-slider output"
CHECKBOXES = ".d2lmini-checkbox input[type=checkbox]"
OVERLAYS = ["gd", "momentum", "adagrad"]
TAB_SETS = 5  # from-scratch and concise training, and the answers to exercises 3 and 4
# Layout shifts while the page loads (not caused by the reader), as browsers report CLS: each
# with its time and what moved (the element or text, and its top before and after).
WATCH_LAYOUT_SHIFT = """window.__layoutShifts = [];
const described = source => `${source.node?.nodeName ?? '?'}.${source.node?.className ?? ''}`
    + ` ${Math.round(source.previousRect.top)} -> ${Math.round(source.currentRect.top)}`;
new PerformanceObserver(list => { for (const entry of list.getEntries()) if (!entry.hadRecentInput)
    window.__layoutShifts.push({at: Math.round(entry.startTime), value: entry.value,
                                moved: entry.sources.map(described)});
}).observe({type: 'layout-shift', buffered: true});"""


def explorer(page, kind="rmsprop"):
    """The live figure of ``kind``, once drawn, and the cell holding it and its sliders."""
    live = f".d2lmini-widget .d2lmini-{kind}"
    page.wait_for_selector(f"{live}[data-params]", state="attached", timeout=60_000)
    cell = page.locator(".cell", has=page.locator(live))
    return page.locator(live), cell


def state(figure):
    return figure.evaluate("""e => ({params: JSON.parse(e.dataset.params),
        points: e.d2lminiPaths?.points ?? null,
        weights: e.dataset.weights ? JSON.parse(e.dataset.weights) : null,
        note: e.dataset.note || '', svg: e.querySelector('svg').innerHTML,
        switches: e.dataset.switches ? JSON.parse(e.dataset.switches) : null,
        overlays: e.d2lminiPaths?.overlays ?? null,
        loss: e.querySelectorAll('.d2lmini-panels svg')[2]?.innerHTML ?? null,
        legend: Array.from(e.querySelectorAll('.d2lmini-legend li'), (li) => li.textContent),
        dots: (e.querySelector('svg .point')?.getAttribute('d').match(/M/g) ?? []).length,  // RMSProp's steps
        status: e.querySelector('.status').textContent})""")


def test_explorer_computes_what_train_2d_computes(chromium, site_address):
    page = chromium.new_page()
    page.goto(f"{site_address}/index.html")
    cases = [(0.4, 0.9, 20), (0.01, 0.99, 200), (2.0, 0.5, 50), (0.4, 0.0, 30), (0.4, 1.0, 10),
             (1.37, 0.73, 1), (0.05, 0.9, 200)]
    results = page.evaluate("""async ([source, cases]) => {
        const url = URL.createObjectURL(new Blob([source], {type: 'text/javascript'}));
        const module = await import(url);
        return cases.map(([eta, gamma, steps]) =>
            module.trajectory(eta, gamma, steps).map(p => [p.x1, p.x2]));
    }""", [ESM.read_text(), cases])
    for (eta, gamma, steps), drawn in zip(cases, results):
        assert_same_path(drawn, reference_path(eta, gamma, steps))
    page.close()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_sliders_move_the_explorer_by_keyboard(visit, lang):
    page = visit(f"chapters/{lang}/rmsprop.html")
    figure, cell = explorer(page)
    before = state(figure)
    assert before["params"] == [0.4, 0.9, 20]
    assert_same_path(before["points"], reference_path(0.4, 0.9, 20))
    eta_handle, _, steps_handle = (cell.locator(SLIDERS).nth(i) for i in range(3))
    eta_handle.focus()
    for _ in range(10):
        page.keyboard.press("ArrowRight")
    steps_handle.focus()
    for _ in range(5):
        page.keyboard.press("ArrowLeft")
    after = state(figure)
    eta, gamma, steps = after["params"]
    assert eta == pytest.approx(0.5) and steps == 15 and gamma == 0.9
    assert_same_path(after["points"], reference_path(eta, gamma, steps))
    assert after["svg"] != before["svg"]
    assert after["dots"] == steps + 1  # the whole path is in view
    readouts = cell.locator(READOUTS).all_inner_texts()
    assert readouts[0] == "0.50" and readouts[2] == "15"
    assert eta_handle.get_attribute("aria-valuetext") == "0.50"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_check_boxes_switch_the_rotated_problem_and_each_overlay(visit, lang):
    """The chapter starts the explorer with Adagrad overlaid. By keyboard (Space) and by click on
    the label: each switch changes the path panel, the loss panel and the legend, and every path
    drawn is what Python computes."""
    page = visit(f"chapters/{lang}/rmsprop.html")
    figure, cell = explorer(page)
    labels = LABELS[lang]
    names = [labels["rotated"], *(labels[m].format(beta=MOMENTUM_BETA) for m in OVERLAYS)]
    boxes = [cell.get_by_role("checkbox", name=name, exact=True) for name in names]  # accessible names
    assert [box.count() for box in boxes] == [1] * 4 and cell.locator(CHECKBOXES).count() == 4
    assert [box.is_checked() for box in boxes] == [False, False, False, True]
    before = state(figure)
    assert before["switches"] == {"rotated": False, "gd": False, "momentum": False, "adagrad": True}
    assert before["legend"] == ["RMSProp", labels["adagrad"]]
    assert_same_path(before["overlays"]["adagrad"], reference_method_path("adagrad", 0.4, 0.9, 20))
    boxes[0].focus()
    page.keyboard.press("Space")
    rotated = state(figure)
    assert boxes[0].is_checked() and rotated["switches"]["rotated"] is True
    assert rotated["svg"] != before["svg"] and rotated["loss"] != before["loss"]
    assert_same_path(rotated["points"], reference_method_path("rmsprop", 0.4, 0.9, 20, rotated=True))
    assert_same_path(rotated["overlays"]["adagrad"], reference_method_path("adagrad", 0.4, 0.9, 20, rotated=True))
    previous = rotated
    for method, name, box in [("gd", names[1], boxes[1]), ("momentum", names[2], boxes[2])]:
        if method == "momentum":
            box.focus()
            page.keyboard.press("Space")
        else:
            cell.locator(".d2lmini-checkbox", has_text=name).click()  # the label toggles its box
        now = state(figure)
        assert box.is_checked() and now["switches"][method] is True
        assert now["svg"] != previous["svg"] and now["loss"] != previous["loss"]
        assert name in now["legend"] and len(now["legend"]) == len(previous["legend"]) + 1
        assert_same_path(now["overlays"][method], reference_method_path(method, 0.4, 0.9, 20, rotated=True))
        previous = now
    assert previous["legend"] == ["RMSProp", *names[1:]]
    boxes[3].focus()
    page.keyboard.press("Space")  # Adagrad off
    after = state(figure)
    assert not boxes[3].is_checked() and "adagrad" not in after["overlays"]
    assert after["svg"] != previous["svg"] and labels["adagrad"] not in after["legend"]


def slider_point(slider, value):
    """Where on the page ``value`` lies along a range input (its thumb travels the inner width)."""
    slider.scroll_into_view_if_needed()
    box = slider.bounding_box()
    low, high = float(slider.get_attribute("min")), float(slider.get_attribute("max"))
    thumb = 16  # Chromium's range thumb is 16 px wide
    x = box["x"] + thumb / 2 + (value - low) / (high - low) * (box["width"] - thumb)
    return x, box["y"] + box["height"] / 2


def test_sliders_move_the_explorer_by_drag(visit):
    page = visit("chapters/en/rmsprop.html")
    figure, cell = explorer(page)
    before = state(figure)
    gamma_slider = cell.locator(SLIDERS).nth(1)
    x, y = slider_point(gamma_slider, 0.9)
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x - 60, y, steps=8)
    page.mouse.up()
    after = state(figure)
    eta, gamma, steps = after["params"]
    assert gamma < 0.9 and (eta, steps) == (0.4, 20)
    assert cell.locator(READOUTS).nth(1).inner_text() == f"{gamma:.2f}"
    assert_same_path(after["points"], reference_path(eta, gamma, steps))
    assert after["svg"] != before["svg"]


def test_sliders_answer_touch_on_a_phone(chromium, site_address):
    context = chromium.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    log = PageLog()
    page = open_page(context, log, site_address)
    page.goto(f"{site_address}/chapters/en/rmsprop.html")
    figure, cell = explorer(page)
    eta_slider = cell.locator(SLIDERS).first
    assert eta_slider.bounding_box()["height"] >= 24  # touch target
    page.touchscreen.tap(*slider_point(eta_slider, 1.5))
    eta, gamma, steps = state(figure)["params"]
    assert eta == pytest.approx(1.5, abs=0.1) and (gamma, steps) == (0.9, 20)
    assert_same_path(state(figure)["points"], reference_path(eta, gamma, steps))
    context.close()
    assert log.console_errors == [] and log.failed_requests == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_sliders_have_names_and_value_texts_in_the_page_language(visit, lang):
    page = visit(f"chapters/{lang}/rmsprop.html")
    _, cell = explorer(page)
    _, leaky_cell = explorer(page, "leaky")
    labels = LABELS[lang]
    expected = [(labels["eta"], "0.40"), (labels["gamma"], "0.90"), (labels["steps"], "20")]
    for (name, value_text), slider in zip(expected, cell.locator(SLIDERS).all(), strict=True):
        named = cell.get_by_role("slider", name=name, exact=True)  # the accessible name
        assert named.count() == 1 and named.get_attribute("id") == slider.get_attribute("id")
        assert named.get_attribute("aria-valuetext") == value_text
    leaky_slider = leaky_cell.get_by_role("slider", name=labels["gamma"], exact=True)
    assert leaky_slider.get_attribute("aria-valuetext") == "0.90"
    steps_slider = page.get_by_role("slider", name=labels["steps"], exact=True)
    steps_slider.focus()
    page.keyboard.press("End")
    assert steps_slider.get_attribute("aria-valuetext") == str(CONTROLS["steps"].high)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_gamma_one_shows_the_divergence_and_no_nan(visit, lang):
    page = visit(f"chapters/{lang}/rmsprop.html")
    figure, cell = explorer(page)
    cell.locator(SLIDERS).nth(1).focus()
    page.keyboard.press("End")
    after = state(figure)
    assert after["params"][1] == 1
    assert after["note"] == NOTES[lang]
    assert NOTES[lang] in after["svg"]
    assert "NaN" not in after["svg"] and "Infinity" not in after["svg"]
    cell.locator(SLIDERS).nth(0).focus()
    page.keyboard.press("End")  # η = 2 on top
    assert "NaN" not in state(figure)["svg"]


def test_leaky_average_figure_follows_its_slider(visit):
    page = visit("chapters/en/rmsprop.html")
    figure, cell = explorer(page, "leaky")
    handle = cell.locator(SLIDERS).first
    handle.focus()
    for _ in range(10):
        page.keyboard.press("ArrowLeft")
    after = state(figure)
    (gamma,) = after["params"]
    assert gamma == pytest.approx(0.8)
    expected = [(1 - gamma) * gamma ** tau for tau in range(40)]
    assert after["weights"] == pytest.approx(expected, rel=1e-12)
    assert "time constant 1/(1 − γ) = 5.00 steps" in after["status"]
    assert f"half-life ln 2 / ln(1/γ) = {math.log(2) / math.log(1 / gamma):.2f} steps" in after["status"]
    page.keyboard.press("End")
    assert "∞" in state(figure)["status"]


def checked_frameworks(page):
    return page.evaluate("""() => Array.from(document.querySelectorAll('.framework-tabs')).map(set =>
        set.querySelector('input:checked + label').dataset.syncId)""")


def test_framework_tabs_switch_together_and_are_remembered(visit):
    page = visit("chapters/en/rmsprop.html")
    assert checked_frameworks(page) == ["pytorch"] * TAB_SETS
    page.locator(".framework-tabs label", has_text="TensorFlow").first.click()
    assert checked_frameworks(page) == ["tensorflow"] * TAB_SETS
    shown = shown_texts(page.locator(".framework-tabs .sd-tab-content"))
    assert shown and all("# TensorFlow" in text for text in shown)
    page.reload()
    assert checked_frameworks(page) == ["tensorflow"] * TAB_SETS
    other = visit("chapters/ko/rmsprop.html")
    assert checked_frameworks(other) == ["tensorflow"] * TAB_SETS


def test_tabs_are_labelled_and_work_without_javascript(chromium, site_address):
    context = chromium.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{site_address}/chapters/vi/rmsprop.html")
    labels = shown_texts(page.locator(".framework-tabs label"))
    assert labels == ["PyTorch", "TensorFlow"] * TAB_SETS
    page.locator(".framework-tabs label", has_text="TensorFlow").first.click()
    shown, = shown_texts(page.locator(".framework-tabs").first.locator(".sd-tab-content"))
    assert "# TensorFlow" in shown
    context.close()


@pytest.mark.parametrize("path", ["genindex.html"] + PAGES)
def test_pages_load_cleanly(visit, path):
    page = visit(path)
    if path.startswith("chapters/"):
        explorer(page)
        explorer(page, "leaky")
        explorer(page, "airfoil")
    page.wait_for_load_state("networkidle")


@pytest.fixture(scope="module")
def fonts_first_site(built_site):
    """The built site served with each page's preloaded fonts sent before its stylesheet."""
    with serve_fonts_first(built_site) as (address, order):
        yield address, order


@pytest.mark.parametrize("path", PAGES)
def test_nothing_shifts_the_page(chromium, fonts_first_site, path):
    """Layout shift while loading at 1280 px: figures, icons, widgets and formulas (typeset when
    the book is built, drawn with KaTeX's stylesheet and fonts) keep their place. The preloaded
    fonts come before the stylesheet (``serve_fonts_first``); a font the formulas use but the
    page does not preload still comes late and moves them."""
    site_address, order = fonts_first_site
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(WATCH_LAYOUT_SHIFT)
    log = PageLog()
    page = open_page(context, log, site_address)
    page.goto(f"{site_address}/{path}")
    if path.startswith("chapters/"):
        explorer(page)
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(300)
    shifts = page.evaluate("() => window.__layoutShifts")
    assert sum(shift["value"] for shift in shifts) <= 0.02, shifts
    assert order.never_sent == set()
    context.close()
    assert log.console_errors + log.failed_requests == []


# TeX source as a reader would see it if a formula were not typeset.
RAW_TEX = re.compile(r"\\[a-zA-Z]+|\$|\\[()\[\]]")
ARTICLE_TEXT = """() => Array.from(document.querySelectorAll(
    'article p, article li, article div.math, article h1, article h2, article h3'))
    .map(element => element.innerText).join('\\n')"""


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
@pytest.mark.parametrize("path", PAGES[1:])
def test_formulas_are_typeset_without_any_script(chromium, site_address, path, javascript):
    """Every formula is KaTeX's markup made at build time, with MathML for screen readers: the
    page loads no math script, and shows no TeX, with or without JavaScript."""
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, java_script_enabled=javascript)
    log = PageLog()
    page = open_page(context, log, site_address)
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(f"{site_address}/{path}")
    page.wait_for_load_state("networkidle")
    formulas = page.locator("article span.math, article div.math")
    assert formulas.count() >= 60  # every formula of the chapter, inline and displayed
    assert page.locator("article .math > .katex math, article .math > .katex-display > .katex math").count() \
        == formulas.count()
    assert page.locator("article .math .katex-html").evaluate_all(
        "elements => elements.filter(e => e.getBoundingClientRect().width < 3).length") == 0
    assert not RAW_TEX.search(page.evaluate(ARTICLE_TEXT))
    assert not [url for url in requests if re.search(r"mathjax|katex[^/]*/.*\.js", url, re.I)]
    # The fonts the formulas are drawn with are KaTeX's, and exactly those the page preloads.
    loaded = page.evaluate("""() => document.fonts.ready.then(() => Array.from(document.fonts)
        .filter(font => font.status === 'loaded' && font.family.replace(/"/g, '').startsWith('KaTeX_'))
        .map(font => font.family.replace(/"/g, '') + '-' + ({'400 normal': 'Regular', '700 normal': 'Bold',
             '400 italic': 'Italic', '700 italic': 'BoldItalic'})[font.weight + ' ' + font.style]))""")
    preloaded = page.locator('link[rel=preload][as=font]').evaluate_all(
        "links => links.map(link => link.href.match(/(KaTeX_[\\w-]+)\\.woff2$/)[1])")
    assert "KaTeX_Main-Regular" in loaded and sorted(loaded) == sorted(preloaded)
    context.close()
    assert log.console_errors == []
    # Without JavaScript the browser refuses the scripts ("csp"); nothing else may fail.
    assert [r for r in log.failed_requests if javascript or not r.endswith(" (csp)")] == []


# Where each box of KaTeX's HTML is drawn, once the fonts have loaded; printed, so that every
# section is laid out (on screen, those far from it are skipped).
FORMULA_BOXES = """() => document.fonts.ready.then(() => Array.from(
    document.querySelectorAll('.katex-html, .katex-html span'), element => {
        const box = element.getBoundingClientRect();
        return [box.left, box.top, box.width, box.height];
    }))"""


@pytest.mark.parametrize("path", PAGES[1:])
def test_fonts_cut_down_draw_every_formula_as_katexs_own_fonts(chromium, site_address, built_site, path):
    """The site's KaTeX fonts keep only the characters its formulas draw (_ext/book_site/typeset_math.py):
    each box of every formula is where, and as large as, KaTeX's whole fonts (from its npm
    package) draw it. A character missing from a font would be drawn by another font, whose
    letters have other widths."""
    def whole_font(name):
        return package_file("katex", f"dist/fonts/{name}")

    cut_font = built_site / "_static/katex/fonts/KaTeX_Main-Regular.woff2"
    assert cut_font.stat().st_size < whole_font(cut_font.name).stat().st_size / 2
    boxes = []
    for whole_fonts in (False, True):
        context = chromium.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        if whole_fonts:
            page.route(f"{site_address}/_static/katex/fonts/*.woff2", lambda route, request: route.fulfill(
                path=whole_font(request.url.rsplit("/", 1)[1])))
        page.emulate_media(media="print")
        page.goto(f"{site_address}/{path}")
        boxes.append(page.evaluate(FORMULA_BOXES))
        context.close()
    assert len(boxes[0]) > 1000 and sum(width > 0 for _, _, width, _ in boxes[0]) > 1000
    assert boxes[0] == boxes[1]


def script_tags(html):
    return re.findall(r"<script\b[^>]*>", html)


@pytest.mark.parametrize("path", PAGES)
def test_pages_pin_their_scripts_and_load_widgets_without_blocking(built_site, path):
    html = (built_site / path).read_text()
    # Nothing from another origin: no script, stylesheet or font. KaTeX's stylesheet is on the
    # chapters only (the landing page has no math), with the fonts it uses preloaded.
    assert re.findall(r'<(?:script|link)\b[^>]*(?:src|href)="https?://[^"]+"[^>]*>', html) == [
        tag for tag in re.findall(r'<link\b[^>]*>', html) if re.search(r'rel="(canonical|alternate)"', tag)]
    # One stylesheet (_ext/book_site/page_assets.py bundles the themes' and extensions' files), with KaTeX's.
    stylesheets = re.findall(r'<link\b[^>]*rel="stylesheet"[^>]*href="([^"]+)"', html)
    assert len(stylesheets) == 1 and re.fullmatch(r"(\.\./\.\./)?_static/stylesheets-\w+\.css", stylesheets[0])
    css = (built_site / path).parent.joinpath(stylesheets[0]).read_text()
    assert ("font-family:KaTeX_Main" in css) == (path != "index.html")
    fonts = PRELOADED_FONT.findall(html)
    assert all(re.fullmatch(r"\.\./\.\./_static/katex/fonts/KaTeX_[\w-]+\.woff2", font)
               and (built_site / path).parent.joinpath(font).resolve().is_file() for font in fonts)
    assert (fonts == []) == (path == "index.html")
    assert "require.js" not in html and "html-manager" not in html and "fontawesome.js" not in html
    renderers = [tag for tag in script_tags(html) if "widgets-renderer" in tag]
    if path == "index.html":
        assert renderers == [] and "widget-state" not in html
    else:  # one module script: deferred by nature, never blocks the first paint
        assert len(renderers) == 1 and 'type="module"' in renderers[0]
    head = html.split("</head>")[0]
    blocking = [tag for tag in script_tags(head) if "src=" in tag and not re.search(r"\b(defer|async|type=\"module\")", tag)]
    assert not [tag for tag in blocking if "widget" in tag or "cdn." in tag]


# Every computed style of the live figures' elements, in page order.
FIGURE_STYLES = """() => Array.from(document.querySelectorAll('.d2lmini-widget, .d2lmini-widget *'), (element) => {
    const style = getComputedStyle(element);
    return Object.fromEntries(Array.from(style, (name) => [name, style.getPropertyValue(name)]));
})"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_figures_module_and_style_come_once_with_the_page(visit, scheme):
    """The state names the site's minified copy of widgets.js, which exports what the source does,
    and carries no copy of the figures' style: the page's stylesheet has it, so adding widgets.css
    to the page again changes no computed style of any element of the drawn figures."""
    page = visit("chapters/en/rmsprop.html", color_scheme=scheme)
    figures = page.evaluate("""async (source) => {
        const state = JSON.parse(document.querySelector('script[type="application/vnd.jupyter.widget-state+json"]').text);
        const figures = Object.values(state.state).filter((m) => m.model_name === 'AnyModel').map((m) => m.state);
        const served = await (await fetch(new URL(figures[0]._esm, location.href))).text();
        const exported = async (code) => Object.keys(await import(URL.createObjectURL(new Blob([code], {type: 'text/javascript'})))).sort();
        return {count: figures.length, css: figures.map((f) => f._css), modules: [...new Set(figures.map((f) => f._esm))],
                served: served.length, exports: await exported(served), sourceExports: await exported(source)};
    }""", ESM.read_text())
    assert figures["count"] == 3 and figures["css"] == ["", "", ""]
    assert len(figures["modules"]) == 1 and re.fullmatch(r"\.\./\.\./_static/figures-\w+\.mjs", figures["modules"][0])
    assert figures["exports"] == figures["sourceExports"] and "figureMarkup" in figures["exports"]
    assert figures["served"] < 0.6 * len(ESM.read_text())
    drawn = page.evaluate(FIGURE_STYLES)
    page.add_style_tag(content=CSS.read_text())
    assert len(drawn) > 200 and page.evaluate(FIGURE_STYLES) == drawn


@pytest.mark.parametrize("path", PAGES)
def test_pages_describe_themselves(built_site, path):
    html = (built_site / path).read_text()
    page_language = re.search(r'<html[^>]*\blang="([a-z]+)"', html).group(1)
    assert page_language == (path.split("/")[1] if path.startswith("chapters/") else "en")
    description = re.search(r'<meta name="description" content="([^"]+)"', html).group(1)
    social_description = re.search(r'<meta property="og:description" content="([^"]+)"', html).group(1)
    assert social_description == description
    # The opening text as the page shows it: formulas as plain Unicode, never TeX, and no space
    # inserted where the page has a link or emphasis, such as "( schedule)".
    assert not RAW_TEX.search(description) and "{" not in description and "( " not in description
    if path.startswith("chapters/"):
        assert "O(t^(−1/2))" in description
    if page_language == "ko":
        assert re.search("[가-힣]", description)
    if page_language == "vi":
        assert re.search("[ăâđêôơư]", description)
    assert f'<link rel="canonical" href="https://d2lmini.github.io/rmsprop-book/{path}"' in html
    assert '<link rel="icon" href="' in html
    card = re.search(r'<meta property="og:image" content="[^"]*/(_images/social_previews/[^"]+\.png)"', html)
    assert card and (built_site / card.group(1)).stat().st_size > 10_000
    assert f"<loc>https://d2lmini.github.io/rmsprop-book/{path}</loc>" in (built_site / "sitemap.xml").read_text()
    for image in re.findall(r"<img\b[^>]*>", html):
        assert re.search(r'\bwidth="\d+"', image) and re.search(r'\bheight="\d+"', image), image


# --- The airfoil figure and the explorer's map and start point ---

def bring_into_view(locator) -> None:
    """Scroll ``locator``'s element to the middle of the window, as a reader would reach it, and
    wait until its section is drawn there. (Playwright's own scrolling goes by the element's place
    in a section not yet laid out, content-visibility's guess, and can land beside it.)"""
    locator.evaluate("e => e.scrollIntoView({block: 'center'})")
    locator.page.wait_for_function("""e => e.checkVisibility({contentVisibilityAuto: true})
        && new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(() => done(true))))""",
                                   arg=locator.element_handle())

def runs(figure):
    """The airfoil figure's runs, as numbers, and what it says."""
    return figure.evaluate("""e => ({params: JSON.parse(e.dataset.params), source: e.dataset.source,
        runs: e.d2lminiRuns, status: e.querySelector('.status').textContent, note: e.dataset.note})""")


def float64_losses(lr, gamma, epochs):
    """d2lmini's float64 run of the chapter's from-scratch RMSProp at this setting."""
    return airfoil_figure.train_float64(airfoil_figure.figure_data(), airfoil_figure.rmsprop_update(lr, gamma), epochs)[2]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_airfoil_data_comes_only_as_the_figure_nears_the_screen(visit, lang):
    """Loaded with the page: the figure draws the chapter's run (its reference); the data file,
    written by the build into the site, is fetched once the figure comes near the screen, and at
    the chapter's setting the curve trained on it is the printed one."""
    fetched = []
    page = visit(f"chapters/{lang}/rmsprop.html")
    page.on("request", lambda request: fetched.append(request.url) if request.url.endswith(".bin") else None)
    figure, cell = explorer(page, "airfoil")
    page.wait_for_timeout(500)
    assert runs(figure)["source"] == "reference" and fetched == []
    bring_into_view(figure)
    page.wait_for_function("e => e.dataset.source === 'data'", arg=figure.element_handle(), timeout=30_000)
    assert len(fetched) == 1 and "/_static/airfoil-" in fetched[0]
    shown = runs(figure)
    assert shown["params"] == [0.01, 0.9, 2]
    assert LABELS[lang]["airfoil_status"].format(lr="0.01", gamma="0.90", loss="0.243", epochs=2) == shown["status"]
    expected = float64_losses(0.01, 0.9, 2)
    assert shown["runs"]["rmsprop"]["losses"] == pytest.approx(expected, rel=1e-9)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_airfoil_figure_trains_at_the_sliders_setting(visit, lang):
    """By keyboard: η up a decade on its log slider (0.01 to 0.1) and the curve is d2lmini's float64
    run at 0.1; γ to 1 and the run diverges, said as d2lmini says it, with why."""
    page = visit(f"chapters/{lang}/rmsprop.html")
    figure, cell = explorer(page, "airfoil")
    bring_into_view(figure)
    page.wait_for_function("e => e.dataset.source === 'data'", arg=figure.element_handle(), timeout=30_000)
    lr_slider, gamma_slider, epochs_slider = (cell.locator(SLIDERS).nth(i) for i in range(3))
    assert cell.get_by_role("slider", name=LABELS[lang]["lr"], exact=True).count() == 1
    lr_slider.focus()
    for _ in range(10):
        page.keyboard.press("ArrowRight")
    shown = runs(figure)
    assert shown["params"] == [pytest.approx(0.1), 0.9, 2]
    assert lr_slider.get_attribute("aria-valuetext") == "0.1" and cell.locator(READOUTS).first.inner_text() == "0.1"
    assert shown["runs"]["rmsprop"]["losses"] == pytest.approx(float64_losses(shown["params"][0], 0.9, 2), rel=1e-9)
    loss = f"{shown['runs']['rmsprop']['losses'][-1]:.3f}"
    assert shown["status"] == LABELS[lang]["airfoil_status"].format(lr="0.1", gamma="0.90", loss=loss, epochs=2)
    gamma_slider.focus()
    page.keyboard.press("End")
    shown = runs(figure)
    assert shown["params"][1] == 1 and shown["note"].endswith(MESSAGES[lang]["training_diverged"].split("}")[-1])
    advice = MESSAGES[lang]["decay_outside"].format(name="γ", value="1.00")
    assert shown["note"] in shown["status"] and advice in shown["status"]
    assert "NaN" not in figure.inner_html() and "Infinity" not in figure.inner_html()
    epochs_slider.focus()
    page.keyboard.press("End")
    assert runs(figure)["params"][2] == 12


def map_point(map_svg, eta, gamma):
    """Where on the page the map's cell of (η, γ) is drawn (the map is 320 × 322 units, its cells
    from (40, 282) to (312, 20): 100 across, 101 up)."""
    box = map_svg.bounding_box()
    unit = box["width"] / 320
    column, row = round(eta * 50) - 1, round(gamma * 100)
    return (box["x"] + (40 + (column + 0.5) * 2.72) * unit,
            box["y"] + (282 - (row + 0.5) * 262 / 101) * unit)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_map_sets_eta_and_gamma_by_click_and_by_keys(visit, lang):
    page = visit(f"chapters/{lang}/rmsprop.html")
    figure, cell = explorer(page)
    the_map = cell.locator(".d2lmini-map")
    assert the_map.get_attribute("role") == "slider"
    assert the_map.get_attribute("aria-label") == LABELS[lang]["aria_map_select"]
    bring_into_view(the_map)
    page.mouse.click(*map_point(the_map.locator("svg.d2lmini-panel"), 1.2, 0.5))
    eta, gamma, steps = state(figure)["params"]
    assert (eta, gamma, steps) == (1.2, 0.5, 20)
    readouts = cell.locator(READOUTS).all_inner_texts()
    assert readouts[:2] == ["1.20", "0.50"]  # the sliders followed
    assert_same_path(state(figure)["points"], reference_path(1.2, 0.5, 20))
    readout = cell.locator(".d2lmini-map-readout").inner_text()
    assert readout == the_map.get_attribute("aria-valuetext") and readout.startswith("η = 1.20, γ = 0.50")
    the_map.focus()
    for key in ["ArrowLeft", "ArrowLeft", "ArrowUp", "PageUp"]:
        page.keyboard.press(key)
    assert state(figure)["params"] == [1.16, 0.61, 20]
    assert cell.locator(READOUTS).all_inner_texts()[:2] == ["1.16", "0.61"]


def test_a_reader_on_a_phone_taps_the_map_at_gamma_one(chromium, site_address):
    """At 390 px, by touch: η to 0.1 on the airfoil figure gives the real curve of that run, and a
    tap on the map's top row, γ = 1, sends the explorer's path out of the picture."""
    context = chromium.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    log = PageLog()
    page = open_page(context, log, site_address)
    page.goto(f"{site_address}/chapters/en/rmsprop.html")
    airfoil, airfoil_cell = explorer(page, "airfoil")
    bring_into_view(airfoil)
    page.wait_for_function("e => e.dataset.source === 'data'", arg=airfoil.element_handle(), timeout=30_000)
    lr_slider = airfoil_cell.locator(SLIDERS).first
    assert lr_slider.bounding_box()["height"] >= 24
    page.touchscreen.tap(*slider_point(lr_slider, -1))  # the slider moves over the exponent
    shown = runs(airfoil)
    assert abs(math.log10(shown["params"][0]) + 1) <= 0.15  # a finger is about one step of the slider off
    assert shown["runs"]["rmsprop"]["losses"] == pytest.approx(float64_losses(shown["params"][0], 0.9, 2), rel=1e-9)
    figure, cell = explorer(page)
    the_map = cell.locator(".d2lmini-map")
    bring_into_view(the_map)
    page.touchscreen.tap(*map_point(the_map.locator("svg.d2lmini-panel"), 0.4, 1.0))
    after = state(figure)
    assert after["params"] == [0.4, 1.0, 20] and after["note"] == NOTES["en"]
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    context.close()
    assert log.console_errors == [] and log.failed_requests == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_start_point_follows_a_drag_and_the_arrow_keys(visit, lang):
    """The path starts where the start point is put; the map and its readout follow."""
    page = visit(f"chapters/{lang}/rmsprop.html")
    figure, cell = explorer(page)
    handle = cell.locator(".d2lmini-start")
    bring_into_view(handle)
    assert handle.get_attribute("aria-label") == LABELS[lang]["start_point"].format(x1="−5.00", x2="−2.00")
    box = handle.bounding_box()
    assert min(box["width"], box["height"]) >= 24
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + 100, y + 40, steps=6)
    page.mouse.up()
    moved = figure.evaluate("e => JSON.parse(e.dataset.start)")
    assert moved[0] > -4 and moved[1] < -2
    points = state(figure)["points"]
    assert points[0] == pytest.approx(moved, abs=1e-12)
    page.wait_for_function("([e, key]) => e.dataset.map === key",
                           arg=[figure.element_handle(), f"false {moved[0]} {moved[1]} 20"], timeout=10_000)
    handle.focus()
    page.keyboard.press("ArrowUp")
    page.keyboard.press("Shift+ArrowLeft")
    assert figure.evaluate("e => JSON.parse(e.dataset.start)") == pytest.approx([moved[0] - 1, moved[1] + 0.1])
    assert page.evaluate("document.activeElement.className") == "d2lmini-start"
