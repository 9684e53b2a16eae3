// The chapter's interactive figures, computed and drawn in the browser, so that they respond
// to their sliders in a notebook with a kernel and on the static website without one.
//   kind "rmsprop": RMSProp on f(x) = 0.1 x1² + 2 x2² (or, `rotated`, on the same problem turned
//                   by 45°, f(x) = 0.1 (x1 + x2)² + 2 (x1 − x2)²) from its `start` (d2l's (-5, -2),
//                   which the reader drags): the path over the contour lines, the effective step
//                   size η/√(s_t + ε) per coordinate, and the loss; optionally overlaid with
//                   gradient descent, momentum (β = MOMENTUM_BETA) and Adagrad at the same η, each
//                   in its own colour, dash pattern and marker; and a map of f after the same
//                   number of steps over a grid of η and γ, on which a click or the arrow keys
//                   choose η and γ.
//   kind "leaky":   the weights (1 - γ) γ^τ of the leaky average over the last 40 steps, with
//                   its time constant 1/(1 - γ) and half-life ln 2 / ln(1/γ).
//   kind "airfoil": the chapter's linear regression on the airfoil data, trained by the
//                   from-scratch RMSProp (and optionally minibatch SGD, momentum and Adagrad) as
//                   d2lmini's train_ch11 trains it, in float64, with the chapter's run as a
//                   reference line. Its data (d2lmini/airfoil_figure.py) comes in a message from
//                   the kernel, or on the website from the file at `data_url`, fetched when the
//                   figure nears the screen; until then it draws the reference run.
// The values a figure is drawn at, their ranges and which are switches come from its `controls`
// (d2lmini/widgets.py's CONTROLS); its style is widgets.css (anywidget's _css).
// figureMarkup() is pure (no DOM), so a build step can run it in Node for the no-JavaScript page;
// render() shows exactly its markup (with the handles that only work with JavaScript: `live`) and
// then redraws the panels in place when a slider moves, replacing only the elements whose markup
// changed (the browser lays out text slowly). The map is computed in a worker, off the page's
// thread, once for each start, problem and number of steps.
// Each panel is its own SVG, at most 320 units wide, with 12-unit text: on a narrow screen the
// panels stack instead of shrinking, so their text stays readable.
// The drawing helpers it exports also draw the website's show_trace_2d figure (_static/
// run-in-browser-figure.mjs).

export const EPS = 1e-6;
// The part of the plane each problem's path panel shows: the rotated paths first head down to
// x2 ≈ -3.7, then along the valley x1 = x2.
export const VIEWS = { axis: { x1: [-5.5, 1], x2: [-3, 1] }, rotated: { x1: [-5.5, 1], x2: [-4, 1] } };
// An overlay is drawn (under the panel's clip) while it stays within this box around the view,
// so that one that leaves the view and comes back is seen coming back.
const OVERLAY_BOX = { x1: [-50, 50], x2: [-50, 50] };
const CONTOUR_LEVELS = [0.5, 2, 4.5, 8, 12.5, 18, 24.5, 32];  // k²/2: evenly spaced in √f
const DIVERGED = 1e6;  // a path whose last point is this far from the minimum has diverged
const MAX_EXPONENT = 308;  // 10^±308 are the widest decades a double holds
export const PATH_PANEL = { width: 320, height: 264 };
const CHART_PANEL = { width: 320, height: 129 };
const LEAKY_PANEL = { width: 320, height: 224 };
const LEAKY_STEPS = 40;
const TICK_STEPS = [1, 2, 5, 10, 20, 50, 100, 200];  // decades between ticks: at most 4 + 1 ticks

export const MOMENTUM_BETA = 0.5;
export const START = [-5, -2];  // d2l's train_2d starts here
/** The methods the RMSProp explorer can overlay, each with its switch of the same name. */
export const OVERLAYS = ["gd", "momentum", "adagrad"];

/** The gradient of f at (x1, x2): f = 0.1 x1² + 2 x2², or its rotation by 45°. */
function gradient(x1, x2, rotated) {
  if (!rotated) return [0.2 * x1, 4 * x2];
  const sum = 0.2 * (x1 + x2), difference = 4 * (x1 - x2);
  return [sum + difference, sum - difference];
}

/** One step of each method on (x1, x2) with its state (s1, s2), as d2l defines them. */
const STEPS = {
  rmsprop(p, g1, g2, eta, gamma) {  // ε inside the root, s_0 = 0
    p.s1 = gamma * p.s1 + (1 - gamma) * g1 ** 2;
    p.s2 = gamma * p.s2 + (1 - gamma) * g2 ** 2;
    p.x1 -= eta / Math.sqrt(p.s1 + EPS) * g1;
    p.x2 -= eta / Math.sqrt(p.s2 + EPS) * g2;
  },
  gd(p, g1, g2, eta) {
    p.x1 -= eta * g1;
    p.x2 -= eta * g2;
  },
  momentum(p, g1, g2, eta) {  // s is the velocity v
    p.s1 = MOMENTUM_BETA * p.s1 + g1;
    p.s2 = MOMENTUM_BETA * p.s2 + g2;
    p.x1 -= eta * p.s1;
    p.x2 -= eta * p.s2;
  },
  adagrad(p, g1, g2, eta) {
    p.s1 += g1 ** 2;
    p.s2 += g2 ** 2;
    p.x1 -= eta / Math.sqrt(p.s1 + EPS) * g1;
    p.x2 -= eta / Math.sqrt(p.s2 + EPS) * g2;
  },
};

/**
 * The path of `method` ("rmsprop", "gd", "momentum" or "adagrad") from `start` with state 0:
 * steps + 1 points {x1, x2, s1, s2}.
 */
export function methodPath(method, eta, gamma, steps, rotated = false, start = START) {
  const p = { x1: start[0], x2: start[1], s1: 0, s2: 0 };
  const points = [{ ...p }];
  for (let t = 0; t < steps; t++) {
    const [g1, g2] = gradient(p.x1, p.x2, rotated);
    STEPS[method](p, g1, g2, eta, gamma);
    points.push({ ...p });
  }
  return points;
}

/** RMSProp as the chapter defines it: steps + 1 points {x1, x2, s1, s2}. */
export function trajectory(eta, gamma, steps, rotated = false, start = START) {
  return methodPath("rmsprop", eta, gamma, steps, rotated, start);
}

/** The part of a path inside `box`: the points up to where it leaves (ending on the edge). */
export function visiblePath(points, box = VIEWS.axis) {
  const inside = (p) => Number.isFinite(p.x1) && Number.isFinite(p.x2)
    && p.x1 >= box.x1[0] && p.x1 <= box.x1[1] && p.x2 >= box.x2[0] && p.x2 <= box.x2[1];
  const step = points.findIndex((p) => !inside(p));
  if (step === -1) return { shown: points, cutAt: null };
  if (step === 0 || !Number.isFinite(points[step].x1) || !Number.isFinite(points[step].x2)) {
    return { shown: points.slice(0, step), cutAt: step };
  }
  const a = points[step - 1], b = points[step];
  let fraction = 1;
  for (const axis of ["x1", "x2"]) {
    const [low, high] = box[axis];
    if (b[axis] > high) fraction = Math.min(fraction, (high - a[axis]) / (b[axis] - a[axis]));
    if (b[axis] < low) fraction = Math.min(fraction, (low - a[axis]) / (b[axis] - a[axis]));
  }
  const edge = { x1: a.x1 + fraction * (b.x1 - a.x1), x2: a.x2 + fraction * (b.x2 - a.x2) };
  return { shown: [...points.slice(0, step), edge], cutAt: step };
}

// --- The map of f over η and γ ---

/** The map's cells: η = 0.02, 0.04, ..., 2 across, γ = 0, 0.01, ..., 1 up; each a setting of the sliders. */
export const MAP = { columns: 100, rows: 101, etaOf: (column) => (column + 1) / 50, gammaOf: (row) => row / 100 };

/**
 * f after `steps` steps of RMSProp from (x1, x2) in every cell of the map, row by row from γ = 0
 * (Infinity where the path diverged, as the explorer's hasDiverged says): a Float64Array of
 * MAP.rows × MAP.columns. Each cell computes exactly what methodPath computes for its η and γ.
 * Self-contained (its constants are its own), so that a worker can run its source.
 */
export function mapValues(rotated, x1Start, x2Start, steps) {
  const columns = 100, rows = 101, eps = 1e-6, far = 1e6, cells = columns * rows;
  const x1 = new Float64Array(cells).fill(x1Start), x2 = new Float64Array(cells).fill(x2Start);
  const s1 = new Float64Array(cells), s2 = new Float64Array(cells);
  const eta = new Float64Array(cells), gamma = new Float64Array(cells);
  for (let cell = 0; cell < cells; cell++) {
    eta[cell] = (cell % columns + 1) / 50;
    gamma[cell] = Math.floor(cell / columns) / 100;
  }
  for (let step = 0; step < steps; step++) {  // cell by cell within a step: independent, so quick
    for (let cell = 0; cell < cells; cell++) {
      const a = x1[cell], b = x2[cell];
      let g1 = 0.2 * a, g2 = 4 * b;
      if (rotated) {
        const sum = 0.2 * (a + b), difference = 4 * (a - b);
        g1 = sum + difference;
        g2 = sum - difference;
      }
      const decay = gamma[cell];
      s1[cell] = decay * s1[cell] + (1 - decay) * g1 ** 2;
      s2[cell] = decay * s2[cell] + (1 - decay) * g2 ** 2;
      x1[cell] = a - eta[cell] / Math.sqrt(s1[cell] + eps) * g1;
      x2[cell] = b - eta[cell] / Math.sqrt(s2[cell] + eps) * g2;
    }
  }
  const values = new Float64Array(cells);
  for (let cell = 0; cell < cells; cell++) {
    const a = x1[cell], b = x2[cell];
    values[cell] = !(Math.hypot(a, b) <= far) ? Infinity
      : rotated ? 0.1 * (a + b) ** 2 + 2 * (a - b) ** 2 : 0.1 * a ** 2 + 2 * b ** 2;
  }
  return values;
}

// The map's colour bands: f below 10⁻⁸, 10⁻⁶, 10⁻⁴, 10⁻², 1 and f(start); not below f(start); diverged.
const MAP_BOUNDS = [-6, -4, -3, -2, -1, 0];
export const MAP_BANDS = MAP_BOUNDS.length + 3;
/** The band of a cell's f: 0 (lowest) to MAP_BANDS - 1 (diverged). */
export function mapBand(f, fStart) {
  if (f === Infinity) return MAP_BANDS - 1;
  if (f >= fStart) return MAP_BANDS - 2;
  const band = MAP_BOUNDS.findIndex((exponent) => f < 10 ** exponent);
  return band === -1 ? MAP_BOUNDS.length : band;
}

const mapCache = new Map();  // recent maps by mapKey: the sliders move back and forth
const MAP_CACHE_SIZE = 32;
const mapKey = (rotated, start, steps) => `${rotated} ${start[0]} ${start[1]} ${steps}`;
function remember(key, values) {
  mapCache.delete(key);
  mapCache.set(key, values);
  if (mapCache.size > MAP_CACHE_SIZE) mapCache.delete(mapCache.keys().next().value);
  return values;
}
/** The map for these values, computed here unless it was computed before. */
function mapOf(rotated, start, steps) {
  const key = mapKey(rotated, start, steps);
  return { key, steps, values: mapCache.get(key) ?? remember(key, mapValues(rotated, start[0], start[1], steps)) };
}

// --- The airfoil training ---

const BATCH_SIZE = 10, EVALUATE_EVERY = 200, DIVERGENCE_GROWTH = 100;  // as d2lmini's train_ch11

/**
 * The figure's data from the bytes of d2lmini/airfoil_figure.py's encode (an ArrayBuffer, or a
 * view of one): the examples in float64, the initial weights and one permutation per epoch, and
 * for the loss on all examples the sums it needs (Z = [X 1]: ZᵀZ, Zᵀy and yᵀy).
 */
export function decodeAirfoil(bytes) {
  const view = bytes instanceof ArrayBuffer ? new Uint8Array(bytes)
    : new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const length = new DataView(view.buffer, view.byteOffset, 4).getUint32(0, true);
  const header = JSON.parse(new TextDecoder().decode(view.subarray(4, 4 + length)));
  const { examples: n, features: d, epochs } = header;
  let at = 4 + length;
  const take = (Type, count) => {  // copied: then aligned whatever the offset
    const array = new Type(view.slice(at, at + count * Type.BYTES_PER_ELEMENT).buffer);
    at += count * Type.BYTES_PER_ELEMENT;
    return array;
  };
  const X = Float64Array.from(take(Float32Array, n * d)), y = Float64Array.from(take(Float32Array, n));
  const weights = Float64Array.from(take(Float32Array, d)), permutations = take(Uint16Array, epochs * n);
  const gram = new Float64Array((d + 1) * (d + 1)), zy = new Float64Array(d + 1);
  let yy = 0;
  for (let i = 0; i < n; i++) {
    const z = (k) => (k < d ? X[i * d + k] : 1);
    for (let j = 0; j <= d; j++) {
      zy[j] += z(j) * y[i];
      for (let k = 0; k <= d; k++) gram[j * (d + 1) + k] += z(j) * z(k);
    }
    yy += y[i] * y[i];
  }
  return { ...header, X, y, weights, permutations, gram, zy, yy };
}

/** The mean of the squared loss (Xw + b − y)² / 2 over all examples, for p = [w, b]. */
function airfoilLoss(p, data) {
  const { gram, zy, yy, examples } = data, size = p.length;
  let total = yy;
  for (let j = 0; j < size; j++) {
    let row = 0;
    for (let k = 0; k < size; k++) row += gram[j * size + k] * p[k];
    total += p[j] * row - 2 * p[j] * zy[j];
  }
  return total / (2 * examples);
}

/** One minibatch step of each method on p = [w, b] with its state s (the velocity for momentum). */
const AIRFOIL_STEPS = {
  rmsprop(p, g, s, lr, gamma) {
    for (let k = 0; k < p.length; k++) {
      s[k] = gamma * s[k] + (1 - gamma) * (g[k] * g[k]);
      p[k] -= lr * g[k] / Math.sqrt(s[k] + EPS);
    }
  },
  gd(p, g, s, lr) {
    for (let k = 0; k < p.length; k++) p[k] -= lr * g[k];
  },
  momentum(p, g, s, lr) {
    for (let k = 0; k < p.length; k++) {
      s[k] = MOMENTUM_BETA * s[k] + g[k];
      p[k] -= lr * s[k];
    }
  },
  adagrad(p, g, s, lr) {
    for (let k = 0; k < p.length; k++) {
      s[k] += g[k] * g[k];
      p[k] -= lr * g[k] / Math.sqrt(s[k] + EPS);
    }
  },
};

/**
 * Linear regression on the data trained by `method` for `epochs` epochs, as train_ch11 trains it:
 * from the data's initial weights and b = 0, minibatches of 10 in each epoch's order, the loss on
 * all examples every 200 examples and at the end, stopping at the first that is not finite.
 * Returns the loss before training and the epochs and losses of the evaluations. Each step's sums
 * run in the order of d2lmini's float64 run (airfoil_figure.py), so both compute the same numbers.
 */
export function airfoilRun(method, lr, gamma, epochs, data) {
  const { examples: n, features: d, X, y, weights, permutations } = data;
  const p = new Float64Array(d + 1), s = new Float64Array(d + 1), g = new Float64Array(d + 1);
  p.set(weights);
  const initial = airfoilLoss(p, data), at = [], losses = [];
  let seen = 0;
  for (let epoch = 0; epoch < epochs; epoch++) {
    const order = permutations.subarray(epoch * n, (epoch + 1) * n);
    for (let first = 0; first < n; first += BATCH_SIZE) {
      const rows = Math.min(BATCH_SIZE, n - first);
      g.fill(0);
      for (let r = first; r < first + rows; r++) {
        const i = order[r];
        let error = 0;
        for (let k = 0; k < d; k++) error += X[i * d + k] * p[k];
        error = error + p[d] - y[i];
        for (let k = 0; k < d; k++) g[k] += X[i * d + k] * error;
        g[d] += error;
      }
      for (let k = 0; k <= d; k++) g[k] /= rows;
      AIRFOIL_STEPS[method](p, g, s, lr, gamma);
      const before = seen;
      seen += rows;
      if (Math.floor(seen / EVALUATE_EVERY) > Math.floor(before / EVALUATE_EVERY) || seen === epochs * n) {
        at.push(seen / n);
        losses.push(airfoilLoss(p, data));
        if (!Number.isFinite(losses[losses.length - 1])) return { initial, at, losses };
      }
    }
  }
  return { initial, at, losses };
}

/** Where a run diverged, as d2lmini's train_ch11 says: its first loss that is not finite or
 * DIVERGENCE_GROWTH times the loss before training; -1 if none. */
function divergedAt({ initial, losses }) {
  return losses.findIndex((value) => !Number.isFinite(value) || (initial > 0 && value > DIVERGENCE_GROWTH * initial));
}

/** A number as Python's format(value, ".{digits}g") writes it ("0.0001", "1e-05", "268", "inf"). */
export function formatG(value, digits = 3) {
  if (!Number.isFinite(value)) return Number.isNaN(value) ? "nan" : value > 0 ? "inf" : "-inf";
  if (value === 0) return "0";
  const strip = (number) => (number.includes(".") ? number.replace(/\.?0+$/, "") : number);
  const [mantissa, written] = value.toExponential(digits - 1).split("e");
  const exponent = Number(written);
  if (exponent < -4 || exponent >= digits) {
    return `${strip(mantissa)}e${exponent < 0 ? "-" : "+"}${String(Math.abs(exponent)).padStart(2, "0")}`;
  }
  return strip(value.toFixed(digits - 1 - exponent));
}

const loss = (p, rotated) => (rotated ? 0.1 * (p.x1 + p.x2) ** 2 + 2 * (p.x1 - p.x2) ** 2
  : 0.1 * p.x1 ** 2 + 2 * p.x2 ** 2);
export const format = (value, digits) => Number(value).toFixed(digits);
/**
 * A coordinate in the SVG: two decimals, no trailing zeros; the very string of
 * String(Math.round(value * 100) / 100), made from integers, which is several times faster.
 */
export function px(value) {
  const hundredths = Math.round(value * 100);
  if (!(Math.abs(hundredths) < 2 ** 31)) return String(hundredths / 100);  // huge, or not a number
  const whole = Math.trunc(hundredths / 100), rest = Math.abs(hundredths % 100);
  if (rest === 0) return String(whole);
  const sign = hundredths < 0 && whole === 0 ? "-" : "";
  return `${sign}${whole}.${rest < 10 ? `0${rest}` : rest % 10 ? rest : rest / 10}`;
}
const escape = (text) => String(text).replace(/&/g, "&amp;").replace(/</g, "&lt;")
  .replace(/>/g, "&gt;").replace(/"/g, "&quot;");
const minus = (value) => String(value).replace("-", "−");
const clamp = (value, low, high) => Math.min(Math.max(value, low), high);
/** A label with its {placeholders} filled in (each wherever it occurs). */
export const fill = (template, values) => Object.entries(values)
  .reduce((filled, [name, value]) => filled.replaceAll(`{${name}}`, value), template);

/** A linear scale from [lo, hi] to pixels [a, b]. */
export function scale([lo, hi], [a, b]) {
  return (v) => a + ((v - lo) / (hi - lo)) * (b - a);
}

/** Whole decades [lo, hi] (as powers of ten, lo < hi) covering the finite positive values. */
function decadeRange(values) {
  let low = Infinity, high = 0;
  for (const v of values) {
    if (v > 0 && v < Infinity) { low = Math.min(low, v); high = Math.max(high, v); }
  }
  if (high === 0) return [-3, 0];
  const lo = clamp(Math.floor(Math.log10(low)), -MAX_EXPONENT, MAX_EXPONENT);
  const hi = clamp(Math.ceil(Math.log10(high)), -MAX_EXPONENT, MAX_EXPONENT);
  if (hi > lo) return [lo, hi];
  return lo < MAX_EXPONENT ? [lo, lo + 1] : [lo - 1, lo];
}

function decadeLabel(exponent) {
  const superscript = String(exponent).replace("-", "⁻").replace(/\d/g, (d) => "⁰¹²³⁴⁵⁶⁷⁸⁹"[d]);
  return `10${superscript}`;
}

export const text = (x, y, content, attributes = "") =>
  `<text x="${px(x)}" y="${px(y)}"${attributes}>${escape(content)}</text>`;
const line = (x1, y1, x2, y2, className) =>
  `<line x1="${px(x1)}" y1="${px(y1)}" x2="${px(x2)}" y2="${px(y2)}" class="${className}"/>`;
export const rect = (x, y, width, height, className) =>
  `<rect x="${px(x)}" y="${px(y)}" width="${px(width)}" height="${px(height)}" class="${className}"/>`;
export const pathData = (points) => points.map(([x, y], i) => `${i ? "L" : "M"}${px(x)},${px(y)}`).join("");

/**
 * A log-scale line chart of series [{values, key, name, overflows}] against t = start, start + 1, ...,
 * as a list of SVG elements' markup.
 * A series stops at its first value that is not finite; one that `overflows` is marked ∞ there.
 * With `legend` the series' names are keyed in the chart (else the figure's legend names them).
 */
function logChart({ series, title, xLabel, steps, start, legend = true }) {
  const { width, height } = CHART_PANEL;
  const left = 46, right = width - 8, top = 20, bottom = height - 22;
  const [lo, hi] = decadeRange(series.flatMap((s) => s.values));
  const sx = scale([0, Math.max(steps, 1)], [left, right]);
  const yAt = scale([lo, hi], [bottom, top]);  // of a power of ten
  const sy = (v) => yAt(clamp(Math.log10(v), lo, hi));
  const parts = [text(width / 2, 13, title, ' text-anchor="middle" class="title"')];
  const every = TICK_STEPS.find((step) => (hi - lo) / step <= 4);
  for (let e = Math.ceil(lo / every) * every; e <= hi; e += every) {
    const y = yAt(e);
    parts.push(line(left, y, right, y, "grid"), text(left - 5, y + 4, decadeLabel(e), ' text-anchor="end"'));
  }
  parts.push(line(left, bottom, right, bottom, "axis"),
    text(sx(0), bottom + 14, "0", ' text-anchor="middle"'),
    text(sx(steps), bottom + 14, String(steps), ' text-anchor="end"'),
    text((left + right) / 2, bottom + 14, xLabel, ' text-anchor="middle"'));
  series.forEach((s, i) => {
    const end = s.values.findIndex((v) => !Number.isFinite(v));
    const values = end === -1 ? s.values : s.values.slice(0, end);
    const drawn = values.map((v, t) => [sx(t + start), sy(v)]);
    parts.push(`<path d="${pathData(drawn)}" class="series ${s.key}"/>`);
    if (s.overflows && end !== -1 && drawn.length) {  // numbers overflowed: say so where the line ends
      parts.push(text(drawn[drawn.length - 1][0] + 3, top + 10 + 12 * i, "∞", ` class="end ${s.key}"`));
    }
    if (!legend) return;
    const y = top + 12 + 14 * i;
    parts.push(line(right - 22, y - 4, right - 4, y - 4, `series ${s.key}`),
      text(right - 26, y, s.name, ` text-anchor="end" class="key ${s.key}"`));
  });
  return parts;
}

/**
 * The value `name` of a figure, checked against its control in `controls`: a slider
 * {min, max, integer}, a switch {switch: true} or a point {point: true, x1: [min, max], x2: [min, max]}.
 */
function valueOf(name, values, controls) {
  const control = controls[name];
  if (control === undefined) throw new RangeError(`d2lmini figure: it has no control named ${name}`);
  const value = values[name];
  if (control.switch) {  // a switch a saved state from before it existed does not hold is off
    if (value === undefined || typeof value === "boolean") return value === true;
    throw new RangeError(`d2lmini figure: ${name} must be true or false, got ${value}`);
  }
  if (control.point) {
    const inside = Array.isArray(value) && value.length === 2 && value.every((v, i) => typeof v === "number"
      && v >= control[`x${i + 1}`][0] && v <= control[`x${i + 1}`][1]);
    if (!inside) {
      throw new RangeError(`d2lmini figure: ${name} must be a point [x1, x2] with x1 from ${control.x1.join(" to ")}`
        + ` and x2 from ${control.x2.join(" to ")}, got ${JSON.stringify(value)}`);
    }
    return value;
  }
  const ok = typeof value === "number" && value >= control.min && value <= control.max
    && (!control.integer || Number.isInteger(value));
  if (!ok) {
    const what = control.integer ? "an integer" : "a number";
    throw new RangeError(`d2lmini figure: ${name} must be ${what} from ${control.min} to ${control.max}, got ${value}`);
  }
  return value;
}

/** The overlays' point markers at (x, y), as path data: squares, triangles, diamonds. */
const SHAPES = {
  gd: (x, y) => `M${px(x - 2.5)},${px(y - 2.5)}h5v5h-5z`,
  momentum: (x, y) => `M${px(x)},${px(y - 3.5)}l3.2,5.5h-6.4z`,
  adagrad: (x, y) => `M${px(x)},${px(y - 3.5)}l3.5,3.5l-3.5,3.5l-3.5,-3.5z`,
};

/** The markers of `method` at the points [[x, y], ...], as one path: RMSProp's dots are zero-length
 * lines with round caps (one element, however many steps, rather than a circle each). */
export function markers(method, points) {
  if (!points.length) return "";
  if (method === "rmsprop") return `<path d="${points.map(([x, y]) => `M${px(x)},${px(y)}h0`).join("")}" class="point"/>`;
  return `<path d="${points.map(([x, y]) => SHAPES[method](x, y)).join("")}" class="mark ${method}"/>`;
}

/** A method's name in the figure's language (momentum with its β). */
const methodName = (method, labels) => (method === "rmsprop" ? "RMSProp"
  : fill(labels[method] ?? method, { beta: MOMENTUM_BETA }));

/** The legend: a line sample with marker and the name of each method drawn. */
function legendItems(methods, labels) {
  return methods.map((method) => `<li><svg viewBox="0 0 28 10" width="28" height="10" aria-hidden="true">`
    + `${line(1, 5, 27, 5, `trace ${method}`)}${markers(method, [[14, 5]])}</svg>`
    + `${escape(methodName(method, labels))}</li>`).join("");
}

/** Pixel points [[x, y], ...] without those within half a pixel of the last one kept. */
function withoutRepeats(points) {
  const kept = [];
  for (const [x, y] of points) {
    const last = kept[kept.length - 1];
    if (!last || Math.abs(x - last[0]) >= 0.5 || Math.abs(y - last[1]) >= 0.5) kept.push([x, y]);
  }
  return kept;
}

/** Whether a path ran away: its last point is far from the minimum, or not a number. */
function hasDiverged(points) {
  const last = points[points.length - 1];
  return !(Math.hypot(last.x1, last.x2) <= DIVERGED);
}

/** A path panel's axis labels: x1 and x2 at each whole number of the `view`, and their names. */
export function pathAxes(view, sx, sy, { left, right, top, bottom, height }) {
  const integers = ([low, high]) => Array.from({ length: Math.floor(high) - Math.ceil(low) + 1 },
    (_, i) => Math.ceil(low) + i);
  const middle = (top + bottom) / 2;
  return [...integers(view.x1).map((v) => text(sx(v), bottom + 15, minus(v), ' text-anchor="middle"')),
    ...integers(view.x2).map((v) => text(left - 5, sy(v) + 4, minus(v), ' text-anchor="end"')),
    text((left + right) / 2, height - 4, "x1", ' text-anchor="middle"'),
    text(11, middle, "x2", ` text-anchor="middle" transform="rotate(-90 11 ${px(middle)})"`)];
}

/** The path panel's plotting area, in SVG units. */
export const PATH_AREA = { left: 38, right: PATH_PANEL.width - 8, top: 22, bottom: PATH_PANEL.height - 34 };

/** Where the start point's handle sits on the path panel, in percent of its width and height. */
function startHandleStyle(start, view) {
  const { left, right, top, bottom } = PATH_AREA;
  const x = scale(view.x1, [left, right])(start[0]), y = scale(view.x2, [bottom, top])(start[1]);
  return `left:${px(100 * x / PATH_PANEL.width)}%;top:${px(100 * y / PATH_PANEL.height)}%`;
}

/** The RMSProp explorer's panels, legend, status line, handles and data attributes for its values. */
function rmspropDrawing(values, labels, id, controls, inputs) {
  const value = (name) => valueOf(name, values, controls);
  const [eta, gamma, steps, rotated] = ["eta", "gamma", "steps", "rotated"].map(value);
  const start = value("start");
  const overlays = OVERLAYS.filter(value);
  const points = trajectory(eta, gamma, steps, rotated, start);
  const paths = Object.fromEntries(overlays.map((m) => [m, methodPath(m, eta, gamma, steps, rotated, start)]));
  const view = VIEWS[rotated ? "rotated" : "axis"];
  const { shown, cutAt } = visiblePath(points, view);
  const last = points[points.length - 1];
  const diverged = hasDiverged(points);
  const { width, height } = PATH_PANEL;
  const { left, right, top, bottom } = PATH_AREA;
  const sx = scale(view.x1, [left, right]), sy = scale(view.x2, [bottom, top]);
  const clip = `${id}-clip`;
  const clipped = (content) => `<g clip-path="url(#${clip})">${content}</g>`;
  const parts = [`<clipPath id="${clip}">${rect(left, top, right - left, bottom - top, "clip")}</clipPath>`,
    rect(left, top, right - left, bottom - top, "frame")];
  // The contours f = c are ellipses with semi-axes √(c/0.1) and √(c/2) along the problem's own
  // axes (turned by 45° when rotated: √(c/0.2) and √(c/4)), drawn in data units.
  const [unitX, unitY] = [sx(1) - sx(0), sy(0) - sy(1)];
  const [a, b, turn] = rotated ? [0.2, 4, 45] : [0.1, 2, 0];
  const ellipses = CONTOUR_LEVELS.map((c) => {
    const [rx, ry] = [Math.sqrt(c / a), Math.sqrt(c / b)].map((r) => Math.round(r * 1000) / 1000);
    return `<ellipse rx="${rx}" ry="${ry}" class="contour" vector-effect="non-scaling-stroke"/>`;
  });
  parts.push(clipped(`<g transform="matrix(${px(unitX)} 0 0 ${px(-unitY)} ${px(sx(0))} ${px(sy(0))})`
    + `${turn ? ` rotate(${turn})` : ""}">${ellipses.join("")}</g>`));
  const traces = [];
  const drawPath = (method, path, box) => {
    const visible = visiblePath(path, box);
    const marked = visible.cutAt === null ? visible.shown : visible.shown.slice(0, -1);  // not the edge
    const [line, points] = [visible.shown, marked].map((ps) => ps.map((p) => [sx(p.x1), sy(p.x2)]));
    // An overlay's converged tail is many points on one pixel: drawn once (RMSProp's are all kept).
    const thin = method === "rmsprop" ? (ps) => ps : withoutRepeats;
    traces.push(`<path d="${pathData(thin(line))}" class="trace ${method}"/>`, markers(method, thin(points)));
  };
  for (const method of overlays) drawPath(method, paths[method], OVERLAY_BOX);  // under RMSProp's path
  drawPath("rmsprop", points, view);
  parts.push(clipped(traces.join("")));
  parts.push(...pathAxes(view, sx, sy, { left, right, top, bottom, height }));
  let note = "";
  if (cutAt !== null) {
    note = fill(diverged ? labels.diverged : labels.leaves_view, { step: cutAt });
    parts.push(text(left, 14, note, ' class="note"'));
  }
  const stepSizes = (key) => points.slice(1).map((p) => eta / Math.sqrt(p[key] + EPS));
  const stepChart = logChart({ steps, start: 1, title: labels.step_size, xLabel: labels.step,
    series: [{ values: stepSizes("s1"), key: "x1", name: "x1" },
      { values: stepSizes("s2"), key: "x2", name: "x2" }] });
  const methods = ["rmsprop", ...overlays];
  const allPaths = { rmsprop: points, ...paths };
  const lossChart = logChart({ steps, start: 0, title: labels.loss, xLabel: labels.step, legend: false,
    series: methods.map((method) => ({ values: allPaths[method].map((p) => loss(p, rotated)), key: method,
      name: methodName(method, labels), overflows: true })) });
  const common = { eta: format(eta, 2), gamma: format(gamma, 2), steps };
  let status = diverged ? fill(labels.status_diverged, { ...common, step: cutAt })
    : fill(labels.status, { ...common, x1: format(last.x1, 6), x2: format(last.x2, 6) });
  for (const method of overlays) {
    const path = paths[method], name = methodName(method, labels);
    status += "; " + (hasDiverged(path) ? fill(labels.overlay_diverged, { method: name, step: visiblePath(path, view).cutAt })
      : fill(labels.overlay_status, { method: name, loss: loss(path[path.length - 1], rotated).toPrecision(3) }));
  }
  // The map: the one computed for these values, else (while a worker computes it) the one shown,
  // which for a live figure's first drawing has no cells yet (its first map comes from the worker).
  const wanted = mapKey(rotated, start, steps);
  const map = mapCache.has(wanted) || !inputs.map ? mapOf(rotated, start, steps) : inputs.map;
  const f = diverged ? Infinity : loss(last, rotated);
  const readout = fill(diverged ? labels.map_readout_diverged : labels.map_readout,
    { ...common, f: f.toPrecision(3) });
  const xy = (path) => path.map((p) => [p.x1, p.x2]);
  const startText = start.map((v) => minus(format(v, 2)));
  return {
    groupLabel: labels.aria,
    panels: [{ ...PATH_PANEL, label: rotated ? labels.aria_path_rotated : labels.aria_path, parts, area: "start" },
      { ...CHART_PANEL, label: labels.step_size, parts: stepChart },
      { ...CHART_PANEL, label: labels.loss, parts: lossChart },
      { ...MAP_PANEL, label: fill(labels.aria_map, { steps: map.steps }), area: "map",
        parts: mapParts(map, loss({ x1: start[0], x2: start[1] }, rotated), labels, id) }],
    columns: [[0], [1, 2], [3]],
    legend: { label: labels.legend, items: legendItems(methods, labels) },
    status,
    start: { style: startHandleStyle(start, view), label: fill(labels.start_point, { x1: startText[0], x2: startText[1] }) },
    map: { ...map, wanted, readout, legend: mapLegend(loss({ x1: start[0], x2: start[1] }, rotated), labels),
      valueNow: String(eta), valueText: readout, current: mapCurrent(eta, gamma) },
    data: { params: JSON.stringify([eta, gamma, steps]), start: JSON.stringify(start),
      switches: JSON.stringify(Object.fromEntries(["rotated", ...OVERLAYS].map((name) => [name, value(name)]))),
      note, map: map.key },
    paths: { points: xy(points), overlays: Object.fromEntries(overlays.map((m) => [m, xy(paths[m])])) },
  };
}

const MAP_PANEL = { width: 320, height: 322 };
/** The map's plotting area, in SVG units: a cell is (right - left) / 100 wide and (bottom - top) / 101 high. */
const MAP_AREA = { left: 40, right: MAP_PANEL.width - 8, top: 20, bottom: MAP_PANEL.height - 40 };
const MAP_ETAS = [0.01, 2.01], MAP_GAMMAS = [-0.005, 1.005];  // from edge to edge of the cells
const D2L_SETTING = { eta: 0.4, gamma: 0.9 };

/** A cross (the reader's η and γ) or a diamond (d2l's) at (x, y), drawn twice: a halo, then the mark. */
function mapMark(x, y, kind) {
  const d = kind === "current" ? `M${px(x - 6)},${px(y)}h12M${px(x)},${px(y - 6)}v12`
    : `M${px(x)},${px(y - 6)}l6,6l-6,6l-6,-6z`;
  return [`<path d="${d}" class="map-halo"/>`, `<path d="${d}" class="map-mark map-${kind}"/>`];
}

/** The map's cells as rectangles [band, first column, end column, first row, end row]: the runs of
 * equal cells in a row, each stretched over the rows above it that have the very same run. */
function mapRectangles(values, fStart) {
  const done = [];
  let open = new Map();  // "first end band" -> rectangle, of runs that reached the row before
  for (let row = 0; row < MAP.rows; row++) {
    const reaching = new Map();
    let first = 0;
    for (let column = 1; column <= MAP.columns; column++) {
      const band = mapBand(values[row * MAP.columns + first], fStart);
      if (column < MAP.columns && mapBand(values[row * MAP.columns + column], fStart) === band) continue;
      const key = `${first} ${column} ${band}`;
      const rectangle = open.get(key) ?? [band, first, column, row, row];
      rectangle[4] = row + 1;
      open.delete(key);
      reaching.set(key, rectangle);
      first = column;
    }
    done.push(...open.values());
    open = reaching;
  }
  return [...done, ...open.values()];
}

/** The map panel's elements: one path per colour band (its cells as rectangles, in cell units:
 * column across, row up; the diverged ones striped, in the panel's units), the axes, and the
 * marks of d2l's and the reader's η and γ. */
const mapShapes = new WeakMap();  // a map's cells as path data, by its values: redrawn only when they change

/** The path data of the map's cells, per band (the diverged ones last), for f(start) `fStart`. */
function mapShapesOf(values, fStart) {
  if (values === null) return Array(MAP_BANDS).fill("");
  const known = mapShapes.get(values);
  if (known?.fStart === fStart) return known.shapes;
  const { left, right, top, bottom } = MAP_AREA;
  const [width, height] = [(right - left) / MAP.columns, (bottom - top) / MAP.rows];
  const shapes = Array.from({ length: MAP_BANDS }, () => []);
  for (const [band, first, end, low, high] of mapRectangles(values, fStart)) {
    shapes[band].push(band === MAP_BANDS - 1
      ? `M${px(left + first * width)},${px(bottom - high * height)}H${px(left + end * width)}V${px(bottom - low * height)}H${px(left + first * width)}z`
      : `M${first},${low}H${end}V${high}H${first}z`);
  }
  const joined = shapes.map((d) => d.join(""));
  mapShapes.set(values, { fStart, shapes: joined });
  return joined;
}

/** The map panel's elements: one path per colour band (its cells as rectangles, in cell units:
 * column across, row up; the diverged ones striped, in the panel's units), the axes, and the
 * mark of d2l's η and γ. (The reader's is drawn over the panel, mapCurrent: moving it leaves the
 * map's picture as it is.) */
function mapParts(map, fStart, labels, id) {
  const { left, right, top, bottom } = MAP_AREA;
  const shapes = mapShapesOf(map.values, fStart);
  const stripes = `${id}-stripes`, diverged = shapes[MAP_BANDS - 1];
  const sx = scale(MAP_ETAS, [left, right]), sy = scale(MAP_GAMMAS, [bottom, top]);
  const cells = `matrix(${px((right - left) / MAP.columns)} 0 0 ${px(-(bottom - top) / MAP.rows)} ${left} ${bottom})`;
  const parts = [text(MAP_PANEL.width / 2, 13, fill(labels.map_title, { steps: map.steps }), ' text-anchor="middle" class="title"'),
    `<g transform="${cells}" shape-rendering="crispEdges">${shapes.slice(0, -1).map((d, band) => (d
      ? `<path d="${d}" class="map-b${band}"/>` : "")).join("")}</g>`,
    `<pattern id="${stripes}" patternUnits="userSpaceOnUse" width="4" height="4" patternTransform="rotate(45)">`
      + `<rect width="4" height="4" class="map-b${MAP_BANDS - 1}"/><path d="M1,0V4" class="map-stripes"/></pattern>`,
    `<path d="${diverged}" fill="url(#${stripes})" shape-rendering="crispEdges"/>`,
    rect(left, top, right - left, bottom - top, "frame")];
  for (const v of [0.5, 1, 1.5, 2]) parts.push(text(sx(v), bottom + 15, String(v), ' text-anchor="middle"'));
  for (const v of [0, 0.5, 0.9, 1]) parts.push(text(left - 5, sy(v) + 4, String(v), ' text-anchor="end"'));
  const middle = (top + bottom) / 2;
  parts.push(text((left + right) / 2, MAP_PANEL.height - 10, "η", ' text-anchor="middle"'),
    text(11, middle, "γ", ` text-anchor="middle" transform="rotate(-90 11 ${px(middle)})"`),
    ...mapMark(sx(D2L_SETTING.eta), sy(D2L_SETTING.gamma), "d2l"));
  return parts;
}

/** The reader's η and γ on the map: a cross over the panel, placed in percent of its size. */
function mapCurrent(eta, gamma) {
  const { left, right, top, bottom } = MAP_AREA;
  const x = scale(MAP_ETAS, [left, right])(eta), y = scale(MAP_GAMMAS, [bottom, top])(gamma);
  return `left:${px(100 * x / MAP_PANEL.width)}%;top:${px(100 * y / MAP_PANEL.height)}%`;
}

/** The map's key: a swatch for each band (with f(start), the top of the last bands), then the marks. */
function mapLegend(fStart, labels) {
  const names = [...MAP_BOUNDS.map((exponent, i) => (i ? `${decadeLabel(MAP_BOUNDS[i - 1])} – ${decadeLabel(exponent)}`
    : `< ${decadeLabel(exponent)}`)), `1 – ${fStart.toPrecision(3)}`,
  fill(labels.map_no_progress, { f: fStart.toPrecision(3) }), labels.map_diverged];
  const mark = (kind) => `<svg viewBox="-7 -7 14 14" width="14" height="14" aria-hidden="true">${mapMark(0, 0, kind).join("")}</svg>`;
  return names.map((name, band) => `<li><span class="map-swatch map-b${band}"></span>${escape(name)}</li>`).join("")
    + `<li>${mark("d2l")}${escape(fill(labels.map_d2l, D2L_SETTING))}</li><li>${mark("current")}${escape(labels.map_current)}</li>`;
}

/** The leaky average's panel, status line and data attributes for γ. */
function leakyDrawing(values, labels, id, controls) {
  const gamma = valueOf("gamma", values, controls);
  const { width, height } = LEAKY_PANEL;
  const left = 44, right = width - 10, top = 10, bottom = height - 38;
  // γ^τ by repeated products rather than **, whose last digit differs between JavaScript engines:
  // the page drawn at build time (in Node) and in the browser are then exactly the same.
  const weights = [];
  for (let tau = 0, power = 1; tau < LEAKY_STEPS; tau++, power *= gamma) weights.push((1 - gamma) * power);
  const topWeight = Math.max(...weights, 0.05) * 1.3;  // room above the bars for the marker labels
  const sx = scale([-0.5, LEAKY_STEPS - 0.5], [left, right]), sy = scale([0, topWeight], [bottom, top]);
  const barWidth = (right - left) / LEAKY_STEPS * 0.8;
  const parts = [rect(left, top, right - left, bottom - top, "frame")];
  weights.forEach((w, tau) => parts.push(rect(sx(tau) - barWidth / 2, sy(w), barWidth, sy(0) - sy(w), "weight")));
  for (const w of [0, topWeight]) parts.push(text(left - 5, sy(w) + 4, format(w, 2), ' text-anchor="end"'));
  for (const tau of [0, 10, 20, 30, 39]) {
    parts.push(text(sx(tau), bottom + 15, String(tau), ' text-anchor="middle"'));
  }
  const middle = (top + bottom) / 2;
  parts.push(text((left + right) / 2, height - 6, labels.past_steps, ' text-anchor="middle"'),
    text(12, middle, labels.weight, ` text-anchor="middle" transform="rotate(-90 12 ${px(middle)})"`));
  const timeConstant = gamma < 1 ? 1 / (1 - gamma) : Infinity;
  const halfLife = gamma <= 0 ? 0 : gamma < 1 ? Math.LN2 / Math.log(1 / gamma) : Infinity;
  const markers = [[timeConstant, labels.time_constant, "time-constant"],
    [halfLife, labels.half_life, "half-life"]];
  markers.forEach(([value, name, key], i) => {
    if (value > LEAKY_STEPS - 0.5) return;
    const x = sx(value), onLeft = x > (left + right) / 2;  // the label on the side with more room
    parts.push(line(x, top, x, bottom, `marker ${key}`), text(onLeft ? x - 4 : x + 4, top + 14 + 14 * i, name,
      `${onLeft ? ' text-anchor="end"' : ""} class="key ${key}"`));
  });
  const show = (v) => (Number.isFinite(v) ? format(v, 2) : "∞");
  let status = fill(labels.summary,
    { gamma: format(gamma, 2), time_constant: show(timeConstant), half_life: show(halfLife) });
  if (gamma >= 1) status += " " + labels.gamma_one;
  return {
    groupLabel: null,
    legend: null,
    panels: [{ ...LEAKY_PANEL, label: labels.aria_leaky ?? labels.aria, parts }],
    columns: [[0]],
    status,
    data: { params: JSON.stringify([gamma]), weights: JSON.stringify(weights) },
  };
}

const AIRFOIL_PANEL = { width: 320, height: 224 };
const LOSS_RANGE = [0.22, 0.35];  // d2lmini's loss figure keeps this y-range while the losses fit in it
const LOG_SCALE_SPAN = 100;  // and widens it, on a log scale if they span more than this factor
const LINEAR_TICKS = [0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100];

/**
 * The y-axis of a loss chart, as d2lmini's loss figure sets it: the book's range while every loss
 * fits (a series' first loss may lie above it), else all the losses, on a log scale if they span
 * more than LOG_SCALE_SPAN times. {log, range, ticks: [[value, label], ...]}.
 */
function lossAxis(series) {
  const finite = series.map((values) => values.filter(Number.isFinite));
  const all = finite.flat(), afterFirst = finite.flatMap((values) => values.slice(values.length > 1 ? 1 : 0));
  let [low, high] = LOSS_RANGE;
  if (all.length && (Math.min(...all) < low || Math.max(...afterFirst) > high)) {
    [low, high] = [Math.min(...all), Math.max(...all)];
    if (low > 0 && high / low > LOG_SCALE_SPAN) {
      const [lo, hi] = [Math.log10(low / 2), Math.log10(high * 2)];
      const every = TICK_STEPS.find((step) => (Math.floor(hi) - Math.ceil(lo)) / step <= 4);
      const ticks = [];
      for (let e = Math.ceil(lo / every) * every; e <= hi; e += every) ticks.push([e, decadeLabel(e)]);
      return { log: true, range: [lo, hi], ticks };
    }
    [low, high] = [Math.min(low, LOSS_RANGE[0]), Math.max(high, LOSS_RANGE[1])];
    const margin = (high - low) * 0.05;
    [low, high] = [low - margin, high + margin];
  }
  const every = LINEAR_TICKS.find((step) => (high - low) / step <= 5) ?? 10 ** Math.ceil(Math.log10(high - low));
  const decimals = Math.max(0, -Math.floor(Math.log10(every) + 1e-9));
  const ticks = [];
  for (let k = Math.ceil(low / every - 1e-9); k * every <= high + 1e-9; k++) ticks.push([k * every, format(k * every, decimals)]);
  return { log: false, range: [low, high], ticks };
}

const trained = new WeakMap();  // data -> recent runs by method and setting (γ only RMSProp's)
const RUNS_KEPT = 64;

/** airfoilRun, once for each method and setting: a move of γ trains only RMSProp again, and a
 * check box only its method. */
function airfoilRunOnce(method, lr, gamma, epochs, data) {
  if (!trained.has(data)) trained.set(data, new Map());
  const runs = trained.get(data), key = `${method} ${lr} ${method === "rmsprop" ? gamma : ""} ${epochs}`;
  if (!runs.has(key)) {
    runs.set(key, airfoilRun(method, lr, gamma, epochs, data));
    if (runs.size > RUNS_KEPT) runs.delete(runs.keys().next().value);
  }
  return runs.get(key);
}

/** The runs the airfoil figure draws, by method: trained on the data, or, before it has arrived, the
 * reference run where the figure is at its setting (it is that run); null while neither is known. */
function airfoilRuns(methods, lr, gamma, epochs, { fixed, data }) {
  const { reference } = fixed;
  if (data) return Object.fromEntries(methods.map((method) => [method, airfoilRunOnce(method, lr, gamma, epochs, data)]));
  if (methods.length > 1 || lr !== reference.lr || gamma !== reference.gamma) return null;
  const count = reference.epochs.filter((epoch) => epoch <= epochs + 1e-9).length;
  return { rmsprop: { initial: reference.initial, at: reference.epochs.slice(0, count),
    losses: reference.losses.slice(0, count) } };
}

/** The airfoil figure's loss chart, legend, status line and data attributes. */
function airfoilDrawing(values, labels, id, controls, inputs) {
  const value = (name) => valueOf(name, values, controls);
  const [lr, gamma, epochs] = ["lr", "gamma", "epochs"].map(value);
  const methods = ["rmsprop", ...OVERLAYS.filter(value)];
  const { reference } = inputs.fixed;
  const runs = airfoilRuns(methods, lr, gamma, epochs, inputs);
  const referenceShown = reference.epochs.filter((epoch) => epoch <= epochs + 1e-9).length;
  const referenceRun = { at: reference.epochs.slice(0, referenceShown), losses: reference.losses.slice(0, referenceShown) };
  const drawn = [["reference", referenceRun], ...(runs ? methods.map((method) => [method, runs[method]]) : [])];
  const { width, height } = AIRFOIL_PANEL;
  const left = 46, right = width - 8, top = 22, bottom = height - 34;
  // The y-axis fits RMSProp's run and the reference; an overlay that leaves it is cut at the edge.
  const axis = lossAxis(drawn.filter(([method]) => method === "reference" || method === "rmsprop").map(([, run]) => run.losses));
  const sx = scale([0, epochs], [left, right]), yAt = scale(axis.range, [bottom, top]);
  const sy = (v) => yAt(axis.log ? Math.log10(v) : v);
  const clip = `${id}-clip`;
  const parts = [`<clipPath id="${clip}">${rect(left, top, right - left, bottom - top, "clip")}</clipPath>`];
  for (const [tick, label] of axis.ticks) {
    parts.push(line(left, yAt(tick), right, yAt(tick), "grid"), text(left - 5, yAt(tick) + 4, label, ' text-anchor="end"'));
  }
  const every = epochs <= 6 ? 1 : 2;
  for (let epoch = 0; epoch <= epochs; epoch += every) {
    parts.push(text(sx(epoch), bottom + 15, String(epoch), ' text-anchor="middle"'));
  }
  parts.push(rect(left, top, right - left, bottom - top, "frame"),
    text((left + right) / 2, height - 4, labels.epoch, ' text-anchor="middle"'),
    text(12, (top + bottom) / 2, labels.airfoil_loss, ` text-anchor="middle" transform="rotate(-90 12 ${px((top + bottom) / 2)})"`));
  const curves = drawn.flatMap(([method, run]) => {  // each ends at its first loss that is not finite, marked ∞
    const end = run.losses.findIndex((v) => !Number.isFinite(v));
    const count = end === -1 ? run.losses.length : end;
    const points = run.at.slice(0, count).map((epoch, i) => [sx(epoch), sy(run.losses[i])]);
    const curve = `<path d="${pathData(points)}" class="series ${method}"/>`;
    return end === -1 || !count ? [curve] : [curve, text(points[count - 1][0] + 3, top + 12, "∞", ` class="end ${method}"`)];
  });
  parts.push(`<g clip-path="url(#${clip})">${curves.join("")}</g>`);
  const common = { lr: formatG(lr), gamma: format(gamma, 2), epochs };
  const diverged = (run) => {
    const at = divergedAt(run);
    return at === -1 ? null : fill(labels.training_diverged, { loss: formatG(run.losses[at]), epoch: format(run.at[at], 2) });
  };
  let status, note = "";
  if (!runs) {
    status = fill(inputs.failed ? labels.airfoil_failed : labels.airfoil_loading, { ...common, error: inputs.failed ?? "" });
  } else {
    const run = runs.rmsprop;
    note = diverged(run) ?? "";
    const advice = gamma >= 1 ? fill(labels.decay_outside, { name: "γ", value: format(gamma, 2) }) : labels.smaller_learning_rate;
    status = note ? fill(labels.airfoil_diverged, { ...common, note, advice })
      : fill(labels.airfoil_status, { ...common, loss: format(run.losses[run.losses.length - 1], 3) });
    for (const method of methods.slice(1)) {
      const other = runs[method], name = methodName(method, labels);
      status += "; " + (diverged(other) ? fill(labels.airfoil_overlay_diverged, { method: name, note: diverged(other) })
        : fill(labels.airfoil_overlay_status, { method: name, loss: format(other.losses[other.losses.length - 1], 3) }));
    }
    if (note) parts.push(text(left, 14, note, ' class="note"'));
  }
  const names = { reference: fill(labels.reference, { lr: formatG(reference.lr), gamma: format(reference.gamma, 2) }) };
  const items = drawn.map(([method]) => `<li><svg viewBox="0 0 28 10" width="28" height="10" aria-hidden="true">`
    + `${line(1, 5, 27, 5, `series ${method}`)}</svg>${escape(names[method] ?? methodName(method, labels))}</li>`);
  return {
    groupLabel: null,
    panels: [{ ...AIRFOIL_PANEL, label: labels.aria, parts }],
    columns: [[0]],
    legend: { label: labels.legend, items: items.join("") },
    status,
    data: { params: JSON.stringify([lr, gamma, epochs]), note,
      switches: JSON.stringify(Object.fromEntries(OVERLAYS.map((name) => [name, value(name)]))),
      source: inputs.data ? "data" : runs ? "reference" : "waiting" },
    runs,
  };
}

const DRAWINGS = { rmsprop: rmspropDrawing, leaky: leakyDrawing, airfoil: airfoilDrawing };

/**
 * What a figure shows: its panels [{width, height, label, parts, area}], each part the markup of
 * one element of the panel's SVG (a redraw compares them one by one), how they stand in columns,
 * its legend, status line and data attributes, for the explorer its paths, start handle and map,
 * and for the airfoil figure its runs.
 */
function drawing(kind, values, labels, id, controls, inputs) {
  if (!(kind in DRAWINGS)) throw new RangeError(`d2lmini figure: kind must be "rmsprop", "leaky" or "airfoil", got ${kind}`);
  return DRAWINGS[kind](values, labels, id, controls, { data: null, map: null, ...inputs, fixed: inputs.fixed ?? {} });
}

/** The map's attributes as a slider that a click or the arrow keys move over η and γ (with JavaScript). */
const mapSlider = (map, labels) => ({ role: "slider", tabindex: "0", "aria-label": labels.aria_map_select,
  "aria-valuemin": "0.02", "aria-valuemax": "2", "aria-valuenow": map.valueNow, "aria-valuetext": map.valueText });
const startHandle = (start) => ({ type: "button", class: "d2lmini-start", style: start.style, "aria-label": start.label });
const attributes = (named) => Object.entries(named).map(([name, value]) => ` ${name}="${escape(value)}"`).join("");

/** A panel's SVG, within its area: the path panel with the start point's handle, the map as a
 * slider with its key and readout. `live`: with the handles, which need JavaScript. */
function panelMarkup({ width, height, label, parts, area }, shown, labels, live) {
  const image = area === "map" && live ? ' aria-hidden="true"' : ` role="img" aria-label="${escape(label)}"`;
  const svg = `<svg viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" class="d2lmini-panel"`
    + `${image}>${parts.join("")}</svg>`;
  if (area === "start") {
    return `<div class="d2lmini-start-area">${svg}${live ? `<button${attributes(startHandle(shown.start))}></button>` : ""}</div>`;
  }
  if (area === "map") {
    const current = `<svg viewBox="-7 -7 14 14" width="14" height="14" class="d2lmini-map-current" style="`
      + `${shown.map.current}" aria-hidden="true">${mapMark(0, 0, "current").join("")}</svg>`;
    return `<div class="d2lmini-map-area"><div class="d2lmini-map"${live ? attributes(mapSlider(shown.map, labels)) : ""}>`
      + `${svg}${current}</div><ul class="d2lmini-map-legend" aria-label="${escape(labels.map_legend)}">${shown.map.legend}</ul>`
      + `<div class="d2lmini-map-readout">${escape(shown.map.readout)}</div></div>`;
  }
  return svg;
}

/** The complete HTML of a figure drawn by `drawing`. */
export function markupOf(kind, shown, labels, live) {
  const { groupLabel, panels, columns, legend, status, data } = shown;
  const dataAttributes = Object.entries(data).map(([name, value]) => ` data-${name}="${escape(value)}"`).join("");
  const group = groupLabel === null ? "" : ` role="group" aria-label="${escape(groupLabel)}"`;
  const inner = columns.map((column, i) => {
    const markups = column.map((index) => panelMarkup(panels[index], shown, labels, live)).join("");
    return i === 0 || column.length === 1 ? markups : `<div class="d2lmini-column">${markups}</div>`;
  }).join("");
  return `<div class="d2lmini-figure d2lmini-${kind}"${dataAttributes}>`
    + `<div class="d2lmini-panels"${group}>${inner}</div>`
    + (legend ? `<ul class="d2lmini-legend" aria-label="${escape(legend.label)}">${legend.items}</ul>` : "")
    + `<div class="status" aria-live="polite">${escape(status)}</div></div>`;
}

/**
 * The complete HTML of a figure: `kind` "rmsprop", "leaky" or "airfoil", its `values` ({eta,
 * gamma, steps, ...}) and their `controls`, the `labels` of d2lmini/language.py's FIGURE_LABELS,
 * an `id` unique on the page, and `inputs`: the figure's `fixed` values, for the airfoil figure its
 * `data` (decodeAirfoil) if it has arrived, and `live` for the handles that need JavaScript.
 * Pure: no DOM needed.
 */
export function figureMarkup(kind, values, labels, id, controls, inputs = {}) {
  return markupOf(kind, drawing(kind, values, labels, id, controls, inputs), labels, inputs.live ?? false);
}

/**
 * Turn the children of `parent`, drawn from the markup `before` (one element per string), into
 * those of `after`: elements whose markup is unchanged stay where they are, untouched, and only
 * the others are removed or parsed and inserted.
 */
function patchChildren(parent, before, after) {
  const old = Array.from(parent.children);
  const kept = after.map(() => null);
  let next = 0;  // the first old element not yet kept or removed: kept ones stay in their order
  after.forEach((markup, i) => {
    const found = before.indexOf(markup, next);
    if (found === -1) return;
    while (next < found) old[next++].remove();
    kept[i] = old[next++];
  });
  while (next < old.length) old[next++].remove();
  const parsed = document.createElementNS("http://www.w3.org/2000/svg", "svg");  // parses as SVG
  parsed.innerHTML = after.filter((_, i) => kept[i] === null).join("");
  const made = Array.from(parsed.children);
  let following = null;
  for (let i = after.length - 1; i >= 0; i--) {
    const element = kept[i] ?? made.pop();
    if (kept[i] === null) parent.insertBefore(element, following);
    following = element;
  }
}

/**
 * A worker that computes maps off the page's thread, one at a time: `want` asks for the map of
 * (rotated, start, steps), and `done(key, values)` gets it. Asked again while it works, it
 * computes only the last map asked for next. Where a page cannot start a worker, the maps are
 * computed here, in a task of their own.
 */
function mapWorker(done) {
  let worker = null, busy = false, next = null;
  const source = `const mapValues = ${mapValues};\nonmessage = ({data: [key, rotated, x1, x2, steps]}) => {
    const values = mapValues(rotated, x1, x2, steps); postMessage([key, values], [values.buffer]); };`;
  const finish = ([key, values]) => {
    busy = false;
    done(key, values);
    const queued = next;
    next = null;
    if (queued) want(...queued);
  };
  const here = (key, rotated, start, steps) => setTimeout(() => finish([key, mapValues(rotated, start[0], start[1], steps)]));
  try {
    const url = URL.createObjectURL(new Blob([source], { type: "text/javascript" }));
    worker = new Worker(url);
    URL.revokeObjectURL(url);
    worker.onmessage = ({ data }) => finish(data);
  } catch {
    worker = null;  // no workers here (a page's security policy, say)
  }
  let asked = null;
  if (worker) {
    worker.onerror = (event) => {  // a worker that cannot run: the map is computed here
      event.preventDefault();
      worker.terminate();
      worker = null;
      here(...asked);
    };
  }
  function want(key, rotated, start, steps) {
    if (busy) {
      next = [key, rotated, start, steps];
      return;
    }
    busy = true;
    asked = [key, rotated, start, steps];
    if (worker) worker.postMessage([key, rotated, start[0], start[1], steps]);
    else here(key, rotated, start, steps);
  }
  return { want, stop: () => worker?.terminate() };
}

const ARROWS = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowDown: [0, -1], ArrowUp: [0, 1] };

/** The grid value next to `value` in `direction` (±1) on the grid first + k·step, k = 0..count-1. */
function nextOnGrid(value, direction, first, step, count) {
  const k = (value - first) / step;
  const next = direction > 0 ? Math.floor(k + 1e-9) + 1 : Math.ceil(k - 1e-9) - 1;
  return clamp(next, 0, count - 1);
}

/** The explorer's handles: a click or tap on the map, or the arrow keys while it has the focus,
 * sets η and γ to a cell's; the start point follows a pointer that drags it and the arrow keys. */
function handleExplorer(root, model, controls) {
  const set = (changes) => {
    for (const [name, value] of Object.entries(changes)) model.set(name, value);
    model.save_changes?.();
  };
  const map = root.querySelector(".d2lmini-map");
  const mapSvg = map.querySelector("svg.d2lmini-panel");
  const setCell = (column, row) => set({ eta: MAP.etaOf(column), gamma: MAP.gammaOf(row) });
  map.addEventListener("click", (event) => {
    const box = mapSvg.getBoundingClientRect(), unit = box.width / MAP_PANEL.width;
    const { left, right, top, bottom } = MAP_AREA;
    const column = Math.floor(((event.clientX - box.left) / unit - left) / ((right - left) / MAP.columns));
    const row = Math.floor((bottom - (event.clientY - box.top) / unit) / ((bottom - top) / MAP.rows));
    setCell(clamp(column, 0, MAP.columns - 1), clamp(row, 0, MAP.rows - 1));
  });
  map.addEventListener("keydown", (event) => {
    const eta = model.get("eta"), gamma = model.get("gamma");
    const column = (direction) => nextOnGrid(eta, direction, MAP.etaOf(0), 0.02, MAP.columns);
    const row = (direction) => nextOnGrid(gamma, direction, 0, 0.01, MAP.rows);
    const nearest = [clamp(Math.round(eta * 50) - 1, 0, MAP.columns - 1), clamp(Math.round(gamma * 100), 0, MAP.rows - 1)];
    const rowsUp = (count) => [nearest[0], clamp(nearest[1] + count, 0, MAP.rows - 1)];
    const moves = { Home: [0, nearest[1]], End: [MAP.columns - 1, nearest[1]], PageUp: rowsUp(10), PageDown: rowsUp(-10) };
    const [across, up] = ARROWS[event.key] ?? [0, 0];
    const cell = event.key in moves ? moves[event.key]
      : across ? [column(across), nearest[1]] : up ? [nearest[0], row(up)] : null;
    if (!cell) return;
    event.preventDefault();
    setCell(...cell);
  });
  const handle = root.querySelector(".d2lmini-start");
  const range = controls.start;
  const moveStart = (x1, x2) => set({ start: [clamp(Math.round(x1 * 100) / 100, ...range.x1),
    clamp(Math.round(x2 * 100) / 100, ...range.x2)] });
  handle.addEventListener("pointerdown", (event) => {
    handle.setPointerCapture(event.pointerId);
    event.preventDefault();
  });
  handle.addEventListener("pointermove", (event) => {
    if (!handle.hasPointerCapture(event.pointerId)) return;
    const svg = handle.parentElement.querySelector("svg"), box = svg.getBoundingClientRect();
    const unit = box.width / PATH_PANEL.width, view = VIEWS[model.get("rotated") ? "rotated" : "axis"];
    const { left, right, top, bottom } = PATH_AREA;
    moveStart(scale([left, right], view.x1)((event.clientX - box.left) / unit),
      scale([bottom, top], view.x2)((event.clientY - box.top) / unit));
  });
  handle.addEventListener("keydown", (event) => {
    const [across, up] = ARROWS[event.key] ?? [0, 0];
    if (!across && !up) return;
    event.preventDefault();
    const step = event.shiftKey ? 1 : 0.1, [x1, x2] = model.get("start");
    moveStart(x1 + across * step, x2 + up * step);
  });
}

const airfoilData = new Map();  // the data of each address, fetched once per page

const KERNEL_PATIENCE = 20000;  // ms: a kernel answers at once; a notebook without one never does

/** The airfoil figure's data, once: fetched from `data_url` when the figure comes near the screen
 * (on the website), else asked of the kernel in a message; `done(data)` or `failed(reason)`. */
function loadAirfoil(model, root, labels, done, failed) {
  const url = model.get("data_url");
  if (url) {
    const observer = new IntersectionObserver((entries) => {
      if (!entries.some((entry) => entry.isIntersecting)) return;
      observer.disconnect();
      if (!airfoilData.has(url)) {
        airfoilData.set(url, fetch(url).then((response) => {
          if (!response.ok) throw new Error(`HTTP ${response.status}`);
          return response.arrayBuffer();
        }).then(decodeAirfoil));
      }
      airfoilData.get(url).then(done, (error) => failed(error.message));
    }, { rootMargin: "600px 0px" });
    observer.observe(root);
    return () => observer.disconnect();
  }
  const silence = setTimeout(() => failed(labels.airfoil_no_kernel), KERNEL_PATIENCE);
  const answer = (content, buffers) => {
    if (content?.data !== "airfoil" || !buffers?.length) return;
    clearTimeout(silence);
    done(decodeAirfoil(buffers[0]));
  };
  model.on("msg:custom", answer);
  model.send({ request: "data" });
  return () => {
    clearTimeout(silence);
    model.off("msg:custom", answer);
  };
}

const PAGE_ID = `d2lmini-${Math.random().toString(36).slice(2, 8)}`;  // this copy of the module
let figureCount = 0;

function render({ model, el }) {
  const kind = model.get("kind");
  const labels = model.get("labels");
  const controls = model.get("controls");
  const names = Object.keys(controls);
  const values = () => Object.fromEntries(names.map((name) => [name, model.get(name)]));
  const id = `${PAGE_ID}-${++figureCount}`;
  // The explorer is drawn at once with an empty map, which its worker fills: the page's thread
  // does not compute a map, however soon the page shows its figures.
  const noMapYet = kind === "rmsprop" ? { key: "", steps: model.get("steps"), values: null } : null;
  const inputs = { fixed: model.get("fixed") ?? {}, data: null, failed: null, map: noMapYet, live: true };
  let shown = drawing(kind, values(), labels, id, controls, inputs);
  el.insertAdjacentHTML("beforeend", markupOf(kind, shown, labels, true));
  const root = el.lastElementChild;
  const svgs = root.querySelectorAll("svg.d2lmini-panel");
  const status = root.querySelector(".status");
  const legend = root.querySelector(".d2lmini-legend");
  const [map, current, mapLegend, readout, handle] = [".d2lmini-map", ".d2lmini-map-current", ".d2lmini-map-legend",
    ".d2lmini-map-readout", ".d2lmini-start"].map((selector) => root.querySelector(selector));
  // What tests compare with Python's, as numbers: the explorer's paths [[x1, x2], ...], the
  // airfoil figure's runs (as data attributes, every redraw would write them out in JSON).
  const expose = () => {
    root.d2lminiPaths = shown.paths;
    root.d2lminiRuns = shown.runs;
    root.dataset.renderedAt = String(performance.now());
  };
  expose();
  const setAll = (element, named) => {
    for (const [name, value] of Object.entries(named)) {
      if (element.getAttribute(name) !== value) element.setAttribute(name, value);
    }
  };
  let worker = null;
  const draw = () => {
    const next = drawing(kind, values(), labels, id, controls, inputs);
    next.panels.forEach((panel, i) => {
      patchChildren(svgs[i], shown.panels[i].parts, panel.parts);
      if (panel.label !== shown.panels[i].label && svgs[i].hasAttribute("aria-label")) {  // not the map's: hidden
        svgs[i].setAttribute("aria-label", panel.label);
      }
    });
    if (legend && next.legend.items !== shown.legend.items) legend.innerHTML = next.legend.items;
    if (next.status !== shown.status) status.textContent = next.status;
    if (map) {  // changed in place: the focus stays on the map and on the start point's handle
      setAll(map, mapSlider(next.map, labels));
      setAll(current, { style: next.map.current });
      if (next.map.legend !== shown.map.legend) mapLegend.innerHTML = next.map.legend;
      if (next.map.readout !== shown.map.readout) readout.textContent = next.map.readout;
      setAll(handle, startHandle(next.start));
    }
    Object.assign(root.dataset, next.data);
    shown = next;
    expose();
    if (kind === "rmsprop") askForMap();
  };
  const mapRequest = () => [model.get("rotated") ?? false, model.get("start"), model.get("steps")];
  const askForMap = () => {
    inputs.map = shown.map;
    if (shown.map.key !== shown.map.wanted) worker.want(shown.map.wanted, ...mapRequest());
  };
  const stops = [];
  if (kind === "rmsprop") {
    worker = mapWorker((key, computed) => {
      remember(key, computed);
      if (key === mapKey(...mapRequest())) draw();
    });
    stops.push(worker.stop);
    handleExplorer(root, model, controls);
    askForMap();
  }
  if (kind === "airfoil") {
    stops.push(loadAirfoil(model, root, labels, (data) => {
      inputs.data = data;
      draw();
    }, (reason) => {
      inputs.failed = reason;
      draw();
    }));
  }
  for (const name of names) model.on(`change:${name}`, draw);
  return () => {
    for (const name of names) model.off(`change:${name}`, draw);
    for (const stop of stops) stop();
  };
}

export default { render };
