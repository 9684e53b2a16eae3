"""The same notebook cell works in JupyterLab with a live kernel: run the chapter, then move
the explorer's slider by keyboard and tick its check boxes; the figure follows and computes what
d2lmini (and, for the rotated problem and the overlays, Python) computes. The airfoil figure gets
its data from the kernel in a message and trains at its sliders' setting as d2lmini does."""

import contextlib
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import nbformat
import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from playwright.sync_api import sync_playwright

from support.browser import launch
from chapter_code import assert_same_path, reference_method_path, reference_path
from d2lmini import airfoil_figure

REPO = Path(__file__).resolve().parents[1]
TOKEN = "d2lmini-test"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def jupyter_server(command: list[str], port: int, name: str, env: dict | None = None):
    """Run the Jupyter server ``command`` (listening on 127.0.0.1:``port``, token ``TOKEN``);
    yield its address once it answers, and stop it afterwards."""
    server = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    try:
        while True:
            try:
                urllib.request.urlopen(f"{base}/api/status?token={TOKEN}", timeout=2)
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise RuntimeError(f"{name} did not start") from None
                time.sleep(0.5)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=30)


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """JupyterLab on 127.0.0.1 over a copy of the English chapter without its saved widget state."""
    folder = tmp_path_factory.mktemp("lab")
    notebook = nbformat.read(REPO / "chapters/en/rmsprop.ipynb", as_version=4)
    notebook.metadata.pop("widgets", None)
    nbformat.write(notebook, folder / "rmsprop.ipynb")
    port = free_port()
    command = [sys.executable, "-m", "jupyterlab", "--no-browser", f"--port={port}", "--ip=127.0.0.1",
               f"--IdentityProvider.token={TOKEN}", "--allow-root", f"--ServerApp.root_dir={folder}",
               f"--LabApp.user_settings_dir={folder / 'settings'}",
               f"--LabApp.workspaces_dir={folder / 'workspaces'}"]
    with jupyter_server(command, port, "JupyterLab") as base:
        yield base


def run_all_cells(page) -> None:
    """Run all cells from the Run menu. JupyterLab's kernel indicator reads "idle" even before
    the kernel has started, and a Run All issued then can be lost, so ask again until a cell
    shows it is queued or running ([*])."""
    for _ in range(3):
        page.get_by_role("menuitem", name="Run", exact=True).click()
        page.get_by_text("Run All Cells", exact=True).click()
        try:
            page.wait_for_function("""() => Array.from(document.querySelectorAll('.jp-InputPrompt'))
                .some(prompt => prompt.textContent.includes('[*]'))""", timeout=30_000)
            return
        except PlaywrightTimeoutError:
            continue
    raise AssertionError("JupyterLab did not run the notebook's cells")


def test_explorer_works_with_a_live_kernel(lab):
    with sync_playwright() as playwright:
        browser = launch(playwright)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        errors = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(f"{lab}/lab/tree/rmsprop.ipynb?token={TOKEN}&reset")
        notebook = page.locator(".jp-Notebook:visible").first
        notebook.wait_for(timeout=60_000)
        page.wait_for_selector(".jp-Notebook-cell", timeout=60_000)
        # The text reads as written for notebooks: no MyST markup, the citation and the reference.
        page.wait_for_function("document.body.textContent.includes('COURSERA')", timeout=30_000)
        markdown = " ".join(page.locator(".jp-MarkdownCell .jp-RenderedMarkdown").all_text_contents())
        assert "Tieleman and Hinton (2012) proposed" in markdown
        assert not [raw for raw in ["(sec_rmsprop", "{cite", "{bibliography}", ":keyprefix:"]
                    if raw in markdown]
        notebook.click()
        run_all_cells(page)
        page.wait_for_selector(".d2lmini-rmsprop[data-params]", state="attached", timeout=240_000)
        cell = page.locator(".jp-Cell", has=page.locator(".d2lmini-rmsprop"))
        figure = cell.locator(".d2lmini-rmsprop")
        assert cell.locator(".jupyter-widgets-disconnected").count() == 0  # views of live models
        handle = cell.locator(".noUi-handle").first
        handle.scroll_into_view_if_needed()
        handle.focus()
        for _ in range(10):
            page.keyboard.press("ArrowRight")
        page.wait_for_function(
            "e => JSON.parse(e.dataset.params)[0] > 0.45", arg=figure.element_handle(), timeout=10_000)
        eta, gamma, steps = figure.evaluate("e => JSON.parse(e.dataset.params)")
        assert eta == pytest.approx(0.5) and (gamma, steps) == (0.9, 20)
        assert_same_path(figure.evaluate("e => e.d2lminiPaths.points"),
                         reference_path(eta, gamma, steps))
        assert cell.get_by_role("checkbox", name="Adagrad", exact=True).is_checked()  # as the chapter starts it
        cell.get_by_role("checkbox", name="rotated problem", exact=True).check()
        cell.get_by_role("checkbox", name="momentum, β = 0.5", exact=True).focus()
        page.keyboard.press("Space")
        page.wait_for_function("e => 'momentum' in e.d2lminiPaths.overlays",
                               arg=figure.element_handle(), timeout=10_000)
        assert figure.evaluate("e => JSON.parse(e.dataset.switches).rotated") is True
        assert_same_path(figure.evaluate("e => e.d2lminiPaths.points"),
                         reference_method_path("rmsprop", eta, gamma, steps, rotated=True))
        for method in ["adagrad", "momentum"]:
            assert_same_path(figure.evaluate(f"e => e.d2lminiPaths.overlays.{method}"),
                             reference_method_path(method, eta, gamma, steps, rotated=True))
        # A click on the map sets η and γ, and the ipywidgets sliders follow (jslink, both ways).
        the_map = cell.locator(".d2lmini-map svg.d2lmini-panel")
        the_map.scroll_into_view_if_needed()
        box = the_map.bounding_box()
        unit = box["width"] / 320  # the map's cells: 100 across from x = 40, 101 up from y = 282
        page.mouse.click(box["x"] + (40 + 59.5 * 2.72) * unit, box["y"] + (282 - 50.5 * 262 / 101) * unit)
        page.wait_for_function("e => JSON.parse(e.dataset.params)[0] === 1.2", arg=figure.element_handle(),
                               timeout=10_000)
        assert figure.evaluate("e => JSON.parse(e.dataset.params)") == [1.2, 0.5, steps]
        readouts = [text.strip() for text in cell.locator(".widget-readout").all_inner_texts()]
        assert readouts[:2] == ["1.20", "0.50"]
        airfoil = page.locator(".d2lmini-airfoil[data-params]")
        page.wait_for_function("e => e.dataset.source === 'data'", arg=airfoil.element_handle(), timeout=60_000)
        # The text as written: JupyterLab skips laying out cells off screen (content-visibility:
        # auto), where innerText is empty.
        assert airfoil.locator(".status").text_content() == "η = 0.01, γ = 0.90: loss 0.243 after 2 epochs"
        lr_handle = page.locator(".jp-Cell", has=airfoil).locator(".noUi-handle").first
        lr_handle.scroll_into_view_if_needed()
        lr_handle.focus()
        for _ in range(10):
            page.keyboard.press("ArrowRight")  # a step of the exponent each: η = 0.01 to 0.1
        page.wait_for_function("e => JSON.parse(e.dataset.params)[0] > 0.09", arg=airfoil.element_handle(),
                               timeout=10_000)
        lr, gamma, epochs = airfoil.evaluate("e => JSON.parse(e.dataset.params)")
        assert lr == pytest.approx(0.1) and (gamma, epochs) == (0.9, 2)
        _, _, losses = airfoil_figure.train_float64(airfoil_figure.figure_data(),
                                                    airfoil_figure.rmsprop_update(lr, gamma), epochs)
        assert airfoil.evaluate("e => e.d2lminiRuns.rmsprop.losses") == pytest.approx(losses, rel=1e-9)
        browser.close()
    assert errors == []
