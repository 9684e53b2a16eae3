// The pure parts of d2lmini's figure module (d2lmini/widgets.js), in Node (node --test): paths,
// the map, the airfoil training, markup without a DOM, numbers written into the SVG, and bad
// values. tests/test_figure_module.py runs this file with the labels and controls d2lmini gives the
// figures, the airfoil figure's data and reference run, and numbers as Python formats them, in the
// JSON file named by the environment variable D2LMINI_FIGURE_FIXTURE; it checks the paths and
// runs against Python too.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import * as figures from "../../d2lmini/widgets.js";

const { labels: LABELS, airfoilLabels: AIRFOIL_LABELS, controls: CONTROLS, data: DATA, reference: REFERENCE,
  formatted: FORMATTED } = JSON.parse(readFileSync(process.env.D2LMINI_FIGURE_FIXTURE, "utf8"));
const labelsOf = (kind) => (kind === "leaky" ? { ...LABELS.en, aria: LABELS.en.aria_leaky }
  : kind === "airfoil" ? AIRFOIL_LABELS.en : LABELS.en);
const START = { start: [-5, -2] };  // as rmsprop_explorer gives it
const FIXED = { seed: 0, reference: REFERENCE };
const markupOf = (kind, values, id = "f", inputs = {}) => figures.figureMarkup(kind,
  kind === "rmsprop" ? { ...START, ...values } : values, labelsOf(kind), id, CONTROLS[kind],
  kind === "airfoil" ? { fixed: FIXED, ...inputs } : inputs);
const AIRFOIL_DATA = figures.decodeAirfoil(Buffer.from(DATA, "base64"));

const ETAS = [0.01, 0.03, 0.4, 0.65, 1.14, 1.40, 1.73, 2.0];
const GAMMAS = [0.0, 0.5, 0.9, 0.99, 0.999, 1.0];
const STEPS = [1, 20, 40, 45, 60, 74, 100, 150, 200, 201];
const GRID = ETAS.flatMap((eta) => GAMMAS.flatMap((gamma) => STEPS.map((steps) => [eta, gamma, steps])));
// The settings that froze the page once: γ = 1, these η, and 40 to 74 steps or more.
const FROZE = [0.03, 0.65, 1.14, 1.40, 1.73].flatMap((eta) => [40, 45, 60, 74, 100, 200].map((steps) => [eta, 1.0, steps]));
const OFF = { rotated: false, gd: false, momentum: false, adagrad: false };
const SWITCH_SETS = { plain: {}, overlays: { gd: true, momentum: true, adagrad: true }, rotated: { rotated: true },
  "rotated+overlays": { rotated: true, gd: true, momentum: true, adagrad: true } };
const NAMES = { gd: "gradient descent", momentum: "momentum, β = 0.5", adagrad: "Adagrad" };

/** The first step of a path [[x1, x2], ...] outside the panel's view, or null. */
function firstStepOutside(points, rotated) {
  const view = figures.VIEWS[rotated ? "rotated" : "axis"];
  const step = points.findIndex(([x1, x2]) => !(x1 >= view.x1[0] && x1 <= view.x1[1] && x2 >= view.x2[0] && x2 <= view.x2[1]));
  return step === -1 ? null : step;
}
const hasDiverged = (points) => !(Math.hypot(...points[points.length - 1]) <= 1e6);
const pathOf = (method, eta, gamma, steps, rotated, start) =>
  figures.methodPath(method, eta, gamma, steps, rotated, start).map((p) => [p.x1, p.x2]);
const assertNoNanOrInfinity = (text) => assert.doesNotMatch(text, /NaN|Infinity|undefined/);

test("the RMSProp overlay is the explorer's path", () => {
  assert.deepEqual(figures.trajectory(0.4, 0.9, 30, true), figures.methodPath("rmsprop", 0.4, 0.9, 30, true));
});

for (const [name, switches] of Object.entries(SWITCH_SETS)) {
  test(`every setting draws without NaN and labels a divergence (${name})`, () => {
    const rotated = switches.rotated ?? false;
    const overlays = figures.OVERLAYS.filter((method) => switches[method]);
    for (const [eta, gamma, steps] of GRID) {
      const markup = markupOf("rmsprop", { eta, gamma, steps, ...OFF, ...switches });
      const svg = markup.slice(markup.indexOf("<svg"), markup.lastIndexOf("</svg>"));
      const status = markup.slice(markup.indexOf('class="status"'));
      assertNoNanOrInfinity(svg);
      assertNoNanOrInfinity(status);
      // four panels, the legend's samples, the map's two marks in its key and the reader's on the map
      assert.equal(markup.split("<svg").length - 1, 4 + 1 + overlays.length + 3);
      assert.equal(markup.split('<li><svg viewBox="0 0 28 10"').length - 1, 1 + overlays.length);  // the methods' legend
      for (const method of overlays) {
        const path = pathOf(method, eta, gamma, steps, rotated);
        const expected = hasDiverged(path) ? `; ${NAMES[method]}: diverged at step ${firstStepOutside(path, rotated)}`
          : `; ${NAMES[method]}: f(x) = `;
        assert.ok(status.includes(expected), `${expected} in ${status}`);
        assert.ok(svg.includes(`class="trace ${method}"`));
      }
      const points = pathOf("rmsprop", eta, gamma, steps, rotated);
      const cut = firstStepOutside(points, rotated);
      let note = "";
      if (hasDiverged(points)) {
        note = `diverged at step ${cut}`;
        assert.ok(status.includes(`${steps} steps: diverged at step ${cut}`), [eta, gamma, steps].join());
      } else if (cut !== null) {
        note = `leaves the view at step ${cut}`;
      }
      assert.ok(markup.includes(`data-note="${note}"`));
      assert.equal(svg.includes(`class="note">${note}</text>`), note !== "");
    }
    if (!rotated) for (const [eta, gamma, steps] of FROZE) assert.ok(hasDiverged(pathOf("rmsprop", eta, gamma, steps, false)));
  });
}

test("coordinates are written as rounding to hundredths writes them", () => {
  // px, made from integers for speed, writes every number as String(Math.round(v * 100) / 100):
  // edge cases, and a million numbers over 16 orders of magnitude, of both signs.
  const written = (v) => String(Math.round(v * 100) / 100);
  const values = [0, -0.0, 0.004, -0.004, 0.005, -0.005, 0.01, -0.01, 0.1, -0.105, 1.005, 2.675, -2.675, 319.995,
    -0.995, 21474836.47, 21474836.48, -21474836.48, 1e20, 1e300, -1e300, 5e-324, NaN, Infinity, -Infinity];
  for (let i = 0; i < 1e6; i++) values.push((Math.random() - 0.5) * 10 ** (Math.random() * 16 - 6));
  assert.deepEqual(values.filter((v) => figures.px(v) !== written(v)).map(String), []);
});

test("the switches change the figure, and a state without them draws them off", () => {
  const base = { eta: 0.4, gamma: 0.9, steps: 20 };
  const [plain, allOff, ...switched] = [{}, OFF, { rotated: true }, { gd: true }, { momentum: true }, { adagrad: true }]
    .map((switches) => markupOf("rmsprop", { ...base, ...switches }));
  assert.equal(plain, allOff);
  assert.equal(new Set([plain, ...switched]).size, 5);  // each switch draws something else
  assert.ok(switched[0].includes(LABELS.en.aria_path_rotated) && switched[0].includes("rotate(45)"));
  figures.OVERLAYS.forEach((method, i) => {
    const markup = switched[i + 1];
    assert.ok(markup.includes(`class="trace ${method}"`) && markup.includes("<li>") && markup.includes(NAMES[method]));
  });
  // The sentence of the text: at η = 0.4 Adagrad is still far from the minimum after 20 steps.
  assert.ok(switched[3].includes("Adagrad: f(x) = 0.6") && switched[3].includes("x = (-0.010599, 0.000000)"));
});

test("the leaky figure draws for every γ", () => {
  const gammas = Array.from({ length: 101 }, (_, i) => i / 100);
  for (const gamma of gammas) {
    const markup = markupOf("leaky", { gamma });
    assertNoNanOrInfinity(markup);
    assert.equal(markup.split("<svg").length - 1, 1);
    assert.ok(markup.includes(`γ = ${gamma.toFixed(2)}: time constant`));
  }
  const last = markupOf("leaky", { gamma: 1 });
  assert.ok(last.includes("= ∞ steps") && last.includes(LABELS.en.gamma_one));
});

const BAD_VALUES = [
  ["rmsprop", { eta: 0.4, gamma: 0.9, steps: 10 ** 9 }, "steps must be an integer from 1 to 201, got 1000000000"],
  ["rmsprop", { eta: 0.4, gamma: 0.9, steps: 2.5 }, "steps must be an integer from 1 to 201, got 2.5"],
  ["rmsprop", { eta: 0, gamma: 0.9, steps: 20 }, "eta must be a number from 0.01 to 2, got 0"],
  ["leaky", { gamma: 1.5 }, "gamma must be a number from 0 to 1, got 1.5"],
  ["rmsprop", { eta: 0.4, gamma: 0.9, steps: 20, rotated: "yes" }, "rotated must be true or false, got yes"],
  ["rmsprop", { eta: 0.4, gamma: 0.9, steps: 20, adagrad: 1 }, "adagrad must be true or false, got 1"],
  ["rmsprop", { eta: 0.4, gamma: 0.9, steps: 20, start: [-6, -2] }, "start must be a point [x1, x2] with x1 from -5.5 to 1 and x2 from -3 to 1, got [-6,-2]"],
  ["rmsprop", { eta: 0.4, gamma: 0.9, steps: 20, start: [-5] }, "start must be a point [x1, x2] with x1 from -5.5 to 1 and x2 from -3 to 1, got [-5]"],
  ["airfoil", { lr: 0, gamma: 0.9, epochs: 2 }, "lr must be a number from 0.0001 to 100, got 0"],
  ["airfoil", { lr: 0.01, gamma: 0.9, epochs: 13 }, "epochs must be an integer from 1 to 12, got 13"],
  ["bars", { gamma: 0.5 }, 'kind must be "rmsprop", "leaky" or "airfoil", got bars'],
];
for (const [kind, values, message] of BAD_VALUES) {
  test(`a bad value is a clear error: ${message}`, () => {
    const given = kind === "rmsprop" ? { ...START, ...values } : values;
    assert.throws(() => figures.figureMarkup(kind, given, {}, "f", CONTROLS[kind] ?? CONTROLS.leaky, { fixed: FIXED }),
      { name: "RangeError", message: `d2lmini figure: ${message}` });
  });
}

test("a figure without the control of a value it needs says so", () => {
  assert.throws(() => figures.figureMarkup("rmsprop", { gamma: 0.9 }, {}, "f", CONTROLS.leaky),
    { name: "RangeError", message: "d2lmini figure: it has no control named eta" });
});

// --- The map ---

const fOf = ([x1, x2], rotated) => (rotated ? 0.1 * (x1 + x2) ** 2 + 2 * (x1 - x2) ** 2 : 0.1 * x1 ** 2 + 2 * x2 ** 2);
const STARTS = [[-5, -2], [0.5, -2.7], [-5.5, 1], [0, 0]];

test("each cell of the map is f at the end of the explorer's path at its η and γ, exactly", () => {
  for (const rotated of [false, true]) for (const start of STARTS) for (const steps of [1, 20, 201]) {
    const values = figures.mapValues(rotated, ...start, steps);
    assert.equal(values.length, figures.MAP.rows * figures.MAP.columns);
    for (let row = 0; row < figures.MAP.rows; row += 10) for (let column = 0; column < figures.MAP.columns; column += 9) {
      const points = pathOf("rmsprop", figures.MAP.etaOf(column), figures.MAP.gammaOf(row), steps, rotated, start);
      const expected = hasDiverged(points) ? Infinity : fOf(points[points.length - 1], rotated);
      assert.equal(values[row * figures.MAP.columns + column], expected, [rotated, start, steps, row, column].join());
    }
  }
});

test("the map's cells are settings of the sliders: η = 0.02 to 2, γ = 0 to 1 in steps of 0.01", () => {
  const etas = Array.from({ length: figures.MAP.columns }, (_, i) => figures.MAP.etaOf(i));
  const gammas = Array.from({ length: figures.MAP.rows }, (_, i) => figures.MAP.gammaOf(i));
  assert.deepEqual([etas[0], etas[19], etas[99]], [0.02, 0.4, 2]);
  assert.ok(etas.every((eta, i) => eta === Number(((i + 1) * 0.02).toFixed(2))));
  assert.ok(gammas.every((gamma, i) => gamma === Number((i / 100).toFixed(2))) && gammas[90] === 0.9 && gammas[100] === 1);
  assert.ok(etas.length >= 100 && gammas.length >= 100);
});

test("what the chapter says of the map at its 20 steps: γ = 1 diverges, γ = 0 stays above 10⁻³, d2l's setting is below 10⁻⁴", () => {
  for (const rotated of [false]) {
    const values = figures.mapValues(rotated, -5, -2, 20);
    const row = (r) => Array.from(values.slice(r * 100, r * 100 + 100));
    assert.ok(row(100).every((f) => f === Infinity));
    assert.ok(row(0).every((f) => f > 1e-3));
    assert.ok(values[90 * 100 + 19] < 1e-4);
    const markup = markupOf("rmsprop", { eta: 0.4, gamma: 0.9, steps: 20, ...OFF, adagrad: true });
    assert.ok(markup.includes('class="map-mark map-d2l"') && markup.includes('class="map-mark map-current"'));
    assert.ok(markup.includes("f(x) = 0.0000112 after 20 steps"));
  }
});

test("the map draws every number of steps, start and problem, without NaN, in all its bands", () => {
  const seen = new Set();
  for (const rotated of [false, true]) for (const start of STARTS) for (const steps of [1, 2, 5, 20, 40, 74, 100, 150, 201]) {
    const markup = markupOf("rmsprop", { eta: 2, gamma: 1, steps, rotated, start, ...OFF });
    const map = markup.slice(markup.indexOf('class="d2lmini-map-area"'));
    assertNoNanOrInfinity(map);
    for (const band of map.matchAll(/class="map-b(\d)"/g)) seen.add(Number(band[1]));
    const diverged = hasDiverged(pathOf("rmsprop", 2, 1, steps, rotated, start));
    assert.ok(map.includes(`f(x) after ${steps} steps`), map.slice(0, 300));
    assert.ok(map.includes(diverged ? `γ = 1.00: diverged within ${steps} steps` : `γ = 1.00: f(x) = `), map.slice(-300));
  }
  assert.deepEqual([...seen].sort(), Array.from({ length: figures.MAP_BANDS }, (_, i) => i));
});

test("the map's bands: below each power of ten, up to f(start), not below it, diverged", () => {
  assert.equal(figures.mapBand(1e-7, 10.5), 0);
  assert.equal(figures.mapBand(5e-5, 10.5), 1);
  assert.equal(figures.mapBand(0.5, 10.5), 5);
  assert.equal(figures.mapBand(3, 10.5), 6);
  assert.equal(figures.mapBand(10.5, 10.5), 7);
  assert.equal(figures.mapBand(Infinity, 10.5), 8);
});

// --- The airfoil training ---

const AIRFOIL_OFF = { gd: false, momentum: false, adagrad: false };
const LRS = [1e-4, 10 ** -2.5, 0.01, 0.1, 1, 10, 100];
const AIRFOIL_GAMMAS = [0, 0.5, 0.9, 0.99, 1];

test("numbers are written as Python's format(value, '.3g') writes them", () => {
  assert.deepEqual(FORMATTED.map(([value]) => figures.formatG(Number(value))), FORMATTED.map(([, written]) => written));
});

test("the airfoil figure draws every setting, says where training diverged and why, and never NaN", () => {
  const advice = { one: "γ = 1.00 is outside [0, 1)", rate: AIRFOIL_LABELS.en.smaller_learning_rate };
  for (const lr of LRS) for (const gamma of AIRFOIL_GAMMAS) for (const epochs of [1, 2, 12]) for (const overlays of [false, true]) {
    const values = { lr, gamma, epochs, gd: overlays, momentum: overlays, adagrad: overlays };
    const markup = markupOf("airfoil", values, "f", { data: AIRFOIL_DATA });
    const status = markup.slice(markup.indexOf('class="status"'));
    assertNoNanOrInfinity(markup);
    assert.equal(markup.split("<li>").length - 1, 2 + (overlays ? 3 : 0));
    const run = figures.airfoilRun("rmsprop", lr, gamma, epochs, AIRFOIL_DATA);
    const diverged = run.losses.some((v) => !Number.isFinite(v) || v > 100 * run.initial);
    const setting = `>η = ${figures.formatG(lr)}, γ = ${gamma.toFixed(2)}: `;
    if (diverged) {
      assert.ok(status.includes(`${setting}loss = `) && status.includes(": training diverged; "), status);
      assert.ok(status.includes(gamma === 1 ? advice.one : advice.rate), status);
      assert.ok(markup.includes('<text x="46" y="14" class="note">loss = '));
    } else {
      assert.ok(status.includes(`${setting}loss ${run.losses[run.losses.length - 1].toFixed(3)} after ${epochs} epochs`), status);
    }
    const names = figures.OVERLAYS.map((method) => AIRFOIL_LABELS.en[method].replace("{beta}", "0.5"));
    if (overlays) for (const name of names) assert.ok(status.includes(`; ${name}: `), status);
    assert.ok(markup.includes('data-source="data"'));
  }
});

test("before its data arrives, the airfoil figure draws the chapter's run where it is that run, and says it is loading elsewhere", () => {
  const chapter = markupOf("airfoil", { lr: 0.01, gamma: 0.9, epochs: 2, ...AIRFOIL_OFF });
  assert.ok(chapter.includes("η = 0.01, γ = 0.90: loss 0.243 after 2 epochs") && chapter.includes('data-source="reference"'));
  assert.equal(chapter.split('class="series rmsprop"').length - 1, 2);  // the curve and the legend's sample
  const other = markupOf("airfoil", { lr: 0.1, gamma: 0.9, epochs: 2, ...AIRFOIL_OFF });
  assert.ok(other.includes("loading the airfoil data") && other.includes('data-source="waiting"'));
  assert.ok(!other.includes('class="series rmsprop"') && other.includes('class="series reference"'));
  // with the data, at the chapter's setting: the same curve, to the hundredth of a pixel
  const trained = markupOf("airfoil", { lr: 0.01, gamma: 0.9, epochs: 2, ...AIRFOIL_OFF }, "f", { data: AIRFOIL_DATA });
  assert.equal(trained.replace('data-source="data"', 'data-source="reference"'), chapter);
});

test("the airfoil runs stop at their first loss that is not finite", () => {
  const run = figures.airfoilRun("rmsprop", 1, 1, 12, AIRFOIL_DATA);
  assert.ok(!Number.isFinite(run.losses[run.losses.length - 1]) && run.losses.slice(0, -1).every(Number.isFinite));
  assert.ok(run.losses.length < 12 * 7.5);
});
