// The pure parts of d2lmini's figure module (d2lmini/widgets.js), in Node (node --test): paths,
// markup without a DOM, numbers written into the SVG, and bad values. tests/test_figure_module.py
// runs this file with the labels and controls d2lmini gives the figures, in the JSON file named
// by the environment variable D2LMINI_FIGURE_FIXTURE; it checks the paths against Python too.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import * as figures from "../../d2lmini/widgets.js";

const { labels: LABELS, controls: CONTROLS } = JSON.parse(readFileSync(process.env.D2LMINI_FIGURE_FIXTURE, "utf8"));
const labelsOf = (kind) => (kind === "leaky" ? { ...LABELS.en, aria: LABELS.en.aria_leaky } : LABELS.en);
const markupOf = (kind, values, id = "f") => figures.figureMarkup(kind, values, labelsOf(kind), id, CONTROLS[kind]);

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
const pathOf = (method, eta, gamma, steps, rotated) =>
  figures.methodPath(method, eta, gamma, steps, rotated).map((p) => [p.x1, p.x2]);
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
      assert.equal(markup.split("<svg").length - 1, 3 + 1 + overlays.length);  // three panels, the legend's samples
      assert.equal(markup.split("<li>").length - 1, 1 + overlays.length);
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
  ["bars", { gamma: 0.5 }, 'kind must be "rmsprop" or "leaky", got bars'],
];
for (const [kind, values, message] of BAD_VALUES) {
  test(`a bad value is a clear error: ${message}`, () => {
    assert.throws(() => figures.figureMarkup(kind, values, {}, "f", CONTROLS[kind] ?? CONTROLS.leaky),
      { name: "RangeError", message: `d2lmini figure: ${message}` });
  });
}

test("a figure without the control of a value it needs says so", () => {
  assert.throws(() => figures.figureMarkup("rmsprop", { gamma: 0.9 }, {}, "f", CONTROLS.leaky),
    { name: "RangeError", message: "d2lmini figure: it has no control named eta" });
});
