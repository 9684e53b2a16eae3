"""The chapter's framework-free cells, run on the page in Pyodide served by the site itself
(_ext/book_site/run_in_browser.py, _static/run-in-browser.mjs), in headless Chromium with every
request to another origin refused (the ``visit`` fixture fails a test that makes one): the
unchanged cells print what the build printed, edited cells print what CPython prints for the
same code, an error shows its line, an endless loop can be stopped, and nothing of Pyodide is
loaded before the first press."""

from __future__ import annotations

import contextlib
import importlib.util
import io
import math
import re
import types

import pytest

from book_site.catalogue import text
from book_site.languages import LANGUAGES
from book_site.run_in_browser import PYODIDE_FILES, PYTHON_MODULES, TEXTS
from d2lmini import paths, set_language
from d2lmini.language import FIGURE_LABELS, TRACE_LABELS
from support.axe import assert_no_violations, axe_violations
from support import REPO

CELLS = ".cell:has(> .run-in-browser)"
# The files the page has loaded (not those of a worker).
LOADED_BEFORE = "performance.getEntriesByType('resource').map(e => e.name)"
ADAGRAD = """def rmsprop_2d(x1, x2, s1, s2):
    g1, g2, eps = 0.2 * x1, 4 * x2, 1e-6
    s1 += g1 ** 2
    s2 += g2 ** 2
    x1 -= eta / math.sqrt(s1 + eps) * g1
    x2 -= eta / math.sqrt(s2 + eps) * g2
    return x1, x2, s1, s2

def f_2d(x1, x2):
    return 0.1 * x1 ** 2 + 2 * x2 ** 2
"""


def chapter(language: str) -> str:
    return f"chapters/{language}/rmsprop.html"


def run(cell, timeout: float = 60_000) -> str:
    """Press the cell's run button and wait until the run has ended; the status it shows."""
    cell.locator(".run-in-browser-run").dispatch_event("click")  # in a closed answer too
    cell.page.wait_for_function("c => !c.querySelector('.run-in-browser-run').disabled",
                                arg=cell.element_handle(), timeout=timeout)
    return cell.locator(".run-in-browser-status").text_content()


def says(template: str, status: str) -> bool:
    """Whether ``status`` is the catalogue's ``template`` with its placeholders filled in."""
    parts = re.split(r"\{\w+\}", template)
    return re.fullmatch(".+?".join(map(re.escape, parts)), status) is not None


def printed(cell) -> str:
    """What the cell printed in the browser."""
    return "".join(cell.locator(".run-in-browser-output pre").all_text_contents())


def edit(cell, code: str) -> None:
    cell.locator("textarea.run-in-browser-code").fill(code)


def cpython(cells: list[str], language: str) -> str:
    """What CPython prints running ``cells`` in one namespace with d2lmini's train_2d."""
    namespace = {"math": math, "d2l": types.SimpleNamespace(train_2d=paths.train_2d)}
    output = io.StringIO()
    set_language(language)
    try:
        with contextlib.redirect_stdout(output):
            for code in cells:
                exec(code, namespace)
    finally:
        set_language("en")
    return output.getvalue()


# Each test loads Pyodide once per page (about 11 MB, its WebAssembly compiled anew in each fresh
# browser profile), so a test is a reader's whole session with the page's cells.


def check_each_cell_prints_what_the_build_printed(page, language: str) -> None:
    page.mouse.wheel(0, 100_000)  # the reader scrolls through the page, its figures load
    page.wait_for_load_state("networkidle")
    assert [name for name in page.evaluate(LOADED_BEFORE) if "run-in-browser" in name or "pyodide" in name] == [
        page.url.split("/chapters/")[0] + "/_static/run-in-browser.mjs"]
    requested = []  # from now on, the worker's requests too
    page.on("request", lambda request: requested.append(request.url))
    cells = page.locator(CELLS).all()
    assert len(cells) == 5
    for index, cell in enumerate(cells):
        built = "".join(cell.locator(".cell_output .output.stream pre").all_text_contents())
        status = run(cell, timeout=120_000 if index == 0 else 60_000)
        assert says(text(language, TEXTS["done"]), status), status
        assert printed(cell) == built
        assert cell.locator(".cell_output").is_hidden()
    figure = cells[2].locator(".run-in-browser-output .d2lmini-trace")
    assert figure.get_attribute("data-note") == ""  # the path stays in the picture
    assert figure.locator(".status").text_content() == TRACE_LABELS[language]["trace_status"].format(
        steps=20, x1="-0.010599", x2="0.000000")
    assert figure.locator("svg").get_attribute("aria-label") == TRACE_LABELS[language]["aria_trace"]
    site = page.url.split("/chapters/")[0]
    assert {url.replace(site, "") for url in requested} == {
        *(f"/_static/run-in-browser-{name}.mjs" for name in ["cells", "worker", "figure"]),
        "/_static/run-in-browser/widgets.js", "/_static/cell_runner.py",
        *(f"/_static/run-in-browser/pyodide/{name}" for name in PYODIDE_FILES),
        *(f"/_static/run-in-browser/d2lmini/{name}" for name in PYTHON_MODULES)}


def check_gamma_one_takes_the_path_out_of_the_picture(page, language: str) -> None:
    """The first exercise on the page: γ = 1 in the cell, run, and the path leaves the view."""
    definitions, call, trace = page.locator(CELLS).all()[:3]
    code = call.locator("textarea").input_value().replace("eta, gamma = 0.4, 0.9", "eta, gamma = 0.4, 1")
    edit(call, code)
    run(trace)  # runs the edited cell first: its code has not run as it now reads
    assert printed(call) == cpython([definitions.locator("textarea").input_value(), code], language)
    note = trace.locator(".d2lmini-trace").get_attribute("data-note")
    assert note == FIGURE_LABELS[language]["leaves_view"].format(step=1)


def check_an_error_shows_its_line_in_the_page_language(page, language: str) -> None:
    call = page.locator(CELLS).all()[1]
    edit(call, "eta = 0.4\n\nresults = d2l.train_2d(undefined_trainer)\n")
    status = run(call)
    assert status == text(language, TEXTS["failed"])
    message = call.locator(".run-in-browser-error").text_content()
    assert message == text(language, TEXTS["error"]).format(
        line=3, error="NameError: name 'undefined_trainer' is not defined")


def check_the_controls_editor_output_and_figure_pass_axe(page, language: str, scheme: str) -> None:
    cells = page.locator(CELLS).all()
    edit(cells[1], "eta, gamma = 0.4, 1\nresults = d2l.train_2d(rmsprop_2d)\n")  # a line wider than the page
    run(cells[2])
    assert cells[2].locator(".d2lmini-trace").count() == 1
    assert cells[1].locator(".run-in-browser-output pre").evaluate("p => p.scrollWidth > p.clientWidth")
    assert_no_violations(axe_violations(page), f"after a run ({scheme})")
    labels = [cells[0].locator(selector).evaluate("e => e.getAttribute('aria-label') || e.textContent")
              for selector in ["textarea", ".run-in-browser-run", ".run-in-browser-output"]]
    assert labels == [text(language, TEXTS[key]) for key in ["code", "run", "output"]]


def check_the_editor_fits_a_phone(page) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    cell = page.locator(CELLS).first
    cell.scroll_into_view_if_needed()
    box = cell.locator("textarea").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 390
    assert cell.locator("textarea").evaluate("t => getComputedStyle(t).fontSize") == "16px"


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_reader_runs_edits_and_breaks_the_cells(visit, language):
    """Unchanged, each cell prints what the build printed; γ = 1 sends the path out; an error shows
    its line; the controls, editor, output and figure pass axe; the editor fits a phone."""
    page = visit(chapter(language))
    check_each_cell_prints_what_the_build_printed(page, language)
    check_gamma_one_takes_the_path_out_of_the_picture(page, language)
    check_an_error_shows_its_line_in_the_page_language(page, language)
    check_the_controls_editor_output_and_figure_pass_axe(page, language, "light")
    check_the_editor_fits_a_phone(page)


def test_in_dark_mode_the_controls_editor_output_and_figure_pass_axe(visit):
    page = visit(chapter("ko"), color_scheme="dark")
    run(page.locator(CELLS).all()[1])
    check_the_controls_editor_output_and_figure_pass_axe(page, "ko", "dark")


def test_edited_code_prints_what_cpython_prints_and_an_endless_loop_stops(visit):
    """A smaller η and Adagrad's update rule in place of RMSProp's; Reset; then a loop that never
    ends is stopped while the page stays responsive, and the next run starts a fresh Python."""
    page = visit(chapter("en"))
    definitions, call = page.locator(CELLS).all()[:2]
    run(definitions)
    chapter_code = definitions.locator("textarea").input_value()
    edit(definitions, ADAGRAD)
    run(call)
    code = "eta = 0.1\nresults = d2l.train_2d(rmsprop_2d, steps=50)\nprint(results[7])\n"
    edit(call, code)
    run(call)
    expected = cpython([ADAGRAD, code], "en")
    assert expected.startswith("epoch 50, x1: ")
    assert expected != cpython([chapter_code, "gamma = 0.9\n" + code], "en")  # not RMSProp's path
    assert printed(call) == expected
    call.locator(".run-in-browser-reset").click()
    assert call.locator("textarea").input_value() == "eta, gamma = 0.4, 0.9\nresults = d2l.train_2d(rmsprop_2d)\n"
    assert call.locator(".run-in-browser-output").count() == 0
    assert call.locator(".cell_output pre").text_content() == "epoch 20, x1: -0.010599, x2: 0.000000\n"

    edit(call, "while True:\n    pass\n")
    call.locator(".run-in-browser-run").click()
    page.wait_for_function("c => c.querySelector('.run-in-browser-status').textContent === 'Running…'",
                           arg=call.element_handle())
    # The page's thread is free: a task posted now runs within a frame or two.
    delay = page.evaluate("""() => new Promise(done => {
        const posted = performance.now(); setTimeout(() => done(performance.now() - posted), 0); })""")
    assert delay < 100
    edit(definitions, "x = 1\n")  # the reader can type meanwhile
    call.locator(".run-in-browser-stop").click()
    assert call.locator(".run-in-browser-status").text_content() == TEXTS["stopped"]
    assert call.locator(".run-in-browser-run").is_enabled()
    edit(call, "print(x + 1)\n")
    run(call)  # a fresh Python, which runs the edited first cell again before this one
    assert printed(call) == "2\n"


def test_the_browser_python_runner_in_cpython():
    """_static/cell_runner.py, which the worker runs, in CPython: a namespace shared by the
    cells, and an error's line."""
    spec = importlib.util.spec_from_file_location("cell_runner", REPO / "_static" / "cell_runner.py")
    runner = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(runner)
    shown = []
    runner.start("vi", shown.append)
    output = io.StringIO()
    with contextlib.redirect_stdout(output):
        assert runner.run("import math\ntrainer = lambda x1, x2, s1, s2: (x1 / 2, x2 / 2, s1, s2)") is None
        assert runner.run("d2l.show_trace_2d(lambda a, b: a * a + b * b, d2l.train_2d(trainer, 3))") is None
        assert runner.run("x = 1\ny = x / 0") == '[2, "ZeroDivisionError: division by zero"]'
        assert runner.run("def f(:\n  pass") == '[1, "SyntaxError: invalid syntax"]'
    set_language("en")
    assert output.getvalue() == "bước 3, x1: -0.625000, x2: -0.250000\n"
    assert len(shown) == 1 and '"trace_status": "{steps} b\\u01b0\\u1edbc' in shown[0]
