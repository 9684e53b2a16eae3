"""The built website in headless Chromium, offline: the sliders move the figures with no kernel,
the figures compute exactly what d2lmini computes, the framework tabs switch together and are
remembered, and no page logs an error or fails a request."""

import math
import re

import pytest
from playwright.sync_api import sync_playwright

from browser import PageLog, launch, open_page, serve
from chapter_code import assert_same_path, reference_path
from d2lmini.widgets import ESM

LANGUAGES = ["en", "ko", "vi"]
NOTES = {"en": "diverged at step 1", "ko": "1번째 스텝에서 발산", "vi": "phân kỳ ở bước 1"}


@pytest.fixture(scope="module")
def site_address(built_site):
    with serve(built_site) as base:
        yield base


@pytest.fixture(scope="module")
def chromium():
    with sync_playwright() as playwright:
        browser = launch(playwright)
        yield browser
        browser.close()


@pytest.fixture
def visit(chromium, site_address):
    """Open pages in a fresh browser profile; afterwards, nothing may have gone wrong."""
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    log = PageLog()

    def open_chapter(path):
        page = open_page(context, log, site_address)
        page.goto(f"{site_address}/{path}")
        page.wait_for_load_state("load")
        return page

    yield open_chapter
    context.close()
    assert log.console_errors == []
    assert log.failed_requests == []


def explorer(page, kind="rmsprop"):
    """The figure of ``kind``, once drawn, and the cell holding it and its sliders."""
    page.wait_for_selector(f".d2lmini-{kind}[data-params]", state="attached", timeout=60_000)
    cell = page.locator(".cell", has=page.locator(f".d2lmini-{kind}"))
    return page.locator(f".d2lmini-{kind}"), cell


def state(figure):
    return figure.evaluate("""e => ({params: JSON.parse(e.dataset.params),
        points: e.dataset.points ? JSON.parse(e.dataset.points) : null,
        weights: e.dataset.weights ? JSON.parse(e.dataset.weights) : null,
        note: e.dataset.note || '', svg: e.querySelector('svg').innerHTML,
        circles: e.querySelectorAll('circle').length,
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
    eta_handle, _, steps_handle = (cell.locator(".noUi-handle").nth(i) for i in range(3))
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
    assert after["circles"] == steps + 1  # the whole path is in view
    readouts = cell.locator(".widget-readout").all_inner_texts()
    assert readouts[0] == "0.50" and readouts[2] == "15"


def test_sliders_move_the_explorer_by_drag(visit):
    page = visit("chapters/en/rmsprop.html")
    figure, cell = explorer(page)
    before = state(figure)
    handle = cell.locator(".noUi-handle").nth(1)  # γ
    handle.scroll_into_view_if_needed()
    box = handle.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.down()
    page.mouse.move(box["x"] - 60, box["y"] + box["height"] / 2, steps=8)
    page.mouse.up()
    after = state(figure)
    eta, gamma, steps = after["params"]
    assert gamma < 0.9 and (eta, steps) == (0.4, 20)
    assert cell.locator(".widget-readout").nth(1).inner_text() == f"{gamma:.2f}"
    assert_same_path(after["points"], reference_path(eta, gamma, steps))
    assert after["svg"] != before["svg"]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_gamma_one_shows_the_divergence_and_no_nan(visit, lang):
    page = visit(f"chapters/{lang}/rmsprop.html")
    figure, cell = explorer(page)
    cell.locator(".noUi-handle").nth(1).focus()
    page.keyboard.press("End")
    after = state(figure)
    assert after["params"][1] == 1
    assert after["note"] == NOTES[lang]
    assert NOTES[lang] in after["svg"]
    assert "NaN" not in after["svg"] and "Infinity" not in after["svg"]
    cell.locator(".noUi-handle").nth(0).focus()
    page.keyboard.press("End")  # η = 2 on top
    assert "NaN" not in state(figure)["svg"]


def test_leaky_average_figure_follows_its_slider(visit):
    page = visit("chapters/en/rmsprop.html")
    figure, cell = explorer(page, "leaky")
    handle = cell.locator(".noUi-handle").first
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
    assert checked_frameworks(page) == ["pytorch"] * 3
    page.locator(".framework-tabs label", has_text="TensorFlow").first.click()
    assert checked_frameworks(page) == ["tensorflow"] * 3
    visible = page.locator(".framework-tabs .sd-tab-content:visible")
    assert all("# TensorFlow" in text for text in visible.all_inner_texts())
    page.reload()
    assert checked_frameworks(page) == ["tensorflow"] * 3
    other = visit("chapters/ko/rmsprop.html")
    assert checked_frameworks(other) == ["tensorflow"] * 3


def test_tabs_are_labelled_and_work_without_javascript(chromium, site_address):
    context = chromium.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{site_address}/chapters/vi/rmsprop.html")
    labels = page.locator(".framework-tabs label").all_inner_texts()
    assert labels == ["PyTorch", "TensorFlow"] * 3
    page.locator(".framework-tabs label", has_text="TensorFlow").first.click()
    shown = page.locator(".framework-tabs").first.locator(".sd-tab-content:visible").inner_text()
    assert "# TensorFlow" in shown
    context.close()


@pytest.mark.parametrize("path", ["index.html", "search.html", "genindex.html"]
                         + [f"chapters/{lang}/rmsprop.html" for lang in LANGUAGES])
def test_pages_load_cleanly(visit, path):
    page = visit(path)
    if path.startswith("chapters/"):
        explorer(page)
        explorer(page, "leaky")
        page.wait_for_function("() => document.querySelector('mjx-container') !== null")
    page.wait_for_load_state("networkidle")


def test_pages_pin_their_scripts(built_site):
    html = (built_site / "chapters/en/rmsprop.html").read_text()
    addresses = re.findall(r'<script[^>]*src="(https://[^"]+)"', html)
    assert len(addresses) == 3  # MathJax, require.js, the widgets' HTML manager
    for address in addresses:
        version = re.search(r"@(\d+\.\d+\.\d+)/", address)
        assert version, f"not an exact version: {address}"
        assert 'integrity="sha384-' in html.split(address)[0].rsplit("<script", 1)[1]
