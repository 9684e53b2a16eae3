// The chapter's interactive figures, computed and drawn in the browser, so that they respond
// to their sliders in a notebook with a kernel and on the static website without one.
//   kind "rmsprop": RMSProp on f(x) = 0.1 x1² + 2 x2² (or, `rotated`, on the same problem turned
//                   by 45°, f(x) = 0.1 (x1 + x2)² + 2 (x1 − x2)²) from (-5, -2): the path over the
//                   contour lines, the effective step size η/√(s_t + ε) per coordinate, and the
//                   loss; optionally overlaid with gradient descent, momentum (β = MOMENTUM_BETA)
//                   and Adagrad at the same η, each in its own colour, dash pattern and marker.
//   kind "leaky":   the weights (1 - γ) γ^τ of the leaky average over the last 40 steps, with
//                   its time constant 1/(1 - γ) and half-life ln 2 / ln(1/γ).
// The values a figure is drawn at, their ranges and which are switches come from its `controls`
// (d2lmini/widgets.py's CONTROLS); its style is widgets.css (anywidget's _css).
// figureMarkup() is pure (no DOM), so a build step can run it in Node for the no-JavaScript page;
// render() shows exactly that markup and then redraws the panels in place when a slider moves,
// replacing only the elements whose markup changed (the browser lays out text slowly).
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
 * The path of `method` ("rmsprop", "gd", "momentum" or "adagrad") from (-5, -2) with state 0:
 * steps + 1 points {x1, x2, s1, s2}.
 */
export function methodPath(method, eta, gamma, steps, rotated = false) {
  const p = { x1: -5, x2: -2, s1: 0, s2: 0 };
  const points = [{ ...p }];
  for (let t = 0; t < steps; t++) {
    const [g1, g2] = gradient(p.x1, p.x2, rotated);
    STEPS[method](p, g1, g2, eta, gamma);
    points.push({ ...p });
  }
  return points;
}

/** RMSProp as the chapter defines it: steps + 1 points {x1, x2, s1, s2}. */
export function trajectory(eta, gamma, steps, rotated = false) {
  return methodPath("rmsprop", eta, gamma, steps, rotated);
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
/** A label with its {placeholders} filled in. */
export const fill = (template, values) => Object.entries(values)
  .reduce((filled, [name, value]) => filled.replace(`{${name}}`, value), template);

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
 * {min, max, integer} or a switch {switch: true}.
 */
function valueOf(name, values, controls) {
  const control = controls[name];
  if (control === undefined) throw new RangeError(`d2lmini figure: it has no control named ${name}`);
  const value = values[name];
  if (control.switch) {  // a switch a saved state from before it existed does not hold is off
    if (value === undefined || typeof value === "boolean") return value === true;
    throw new RangeError(`d2lmini figure: ${name} must be true or false, got ${value}`);
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

/** The RMSProp explorer's panels, legend, status line and data attributes for its values. */
function rmspropDrawing(values, labels, id, controls) {
  const value = (name) => valueOf(name, values, controls);
  const [eta, gamma, steps, rotated] = ["eta", "gamma", "steps", "rotated"].map(value);
  const overlays = OVERLAYS.filter(value);
  const points = trajectory(eta, gamma, steps, rotated);
  const paths = Object.fromEntries(overlays.map((m) => [m, methodPath(m, eta, gamma, steps, rotated)]));
  const view = VIEWS[rotated ? "rotated" : "axis"];
  const { shown, cutAt } = visiblePath(points, view);
  const last = points[points.length - 1];
  const diverged = hasDiverged(points);
  const { width, height } = PATH_PANEL;
  const left = 38, right = width - 8, top = 22, bottom = height - 34;
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
  const xy = (path) => path.map((p) => [p.x1, p.x2]);
  return {
    groupLabel: labels.aria,
    panels: [{ ...PATH_PANEL, label: rotated ? labels.aria_path_rotated : labels.aria_path, parts },
      { ...CHART_PANEL, label: labels.step_size, parts: stepChart },
      { ...CHART_PANEL, label: labels.loss, parts: lossChart }],
    legend: { label: labels.legend, items: legendItems(methods, labels) },
    status,
    data: { params: JSON.stringify([eta, gamma, steps]),
      switches: JSON.stringify(Object.fromEntries(["rotated", ...OVERLAYS].map((name) => [name, value(name)]))),
      note },
    paths: { points: xy(points), overlays: Object.fromEntries(overlays.map((m) => [m, xy(paths[m])])) },
  };
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
    status,
    data: { params: JSON.stringify([gamma]), weights: JSON.stringify(weights) },
  };
}

const DRAWINGS = { rmsprop: rmspropDrawing, leaky: leakyDrawing };

/**
 * What a figure shows: its panels [{width, height, label, parts}], each part the markup of one
 * element of the panel's SVG (a redraw compares them one by one), its legend, status line and data
 * attributes, and for the explorer the paths drawn.
 */
function drawing(kind, values, labels, id, controls) {
  if (!(kind in DRAWINGS)) throw new RangeError(`d2lmini figure: kind must be "rmsprop" or "leaky", got ${kind}`);
  return DRAWINGS[kind](values, labels, id, controls);
}

const panelMarkup = ({ width, height, label, parts }) => `<svg viewBox="0 0 ${width} ${height}" width="${width}" `
  + `height="${height}" role="img" aria-label="${escape(label)}">${parts.join("")}</svg>`;

/** The complete HTML of a figure drawn by `drawing`. */
export function markupOf(kind, { groupLabel, panels, legend, status, data }) {
  const dataAttributes = Object.entries(data).map(([name, value]) => ` data-${name}="${escape(value)}"`).join("");
  const group = groupLabel === null ? "" : ` role="group" aria-label="${escape(groupLabel)}"`;
  const [first, ...rest] = panels.map(panelMarkup);
  const inner = rest.length ? `${first}<div class="d2lmini-column">${rest.join("")}</div>` : first;
  return `<div class="d2lmini-figure d2lmini-${kind}"${dataAttributes}>`
    + `<div class="d2lmini-panels"${group}>${inner}</div>`
    + (legend ? `<ul class="d2lmini-legend" aria-label="${escape(legend.label)}">${legend.items}</ul>` : "")
    + `<div class="status" aria-live="polite">${escape(status)}</div></div>`;
}

/**
 * The complete HTML of a figure: `kind` "rmsprop" or "leaky", its `values` ({eta, gamma, steps,
 * ...}) and their `controls`, the `labels` of d2lmini/language.py's FIGURE_LABELS and an `id`
 * unique on the page. Pure: no DOM needed.
 */
export function figureMarkup(kind, values, labels, id, controls) {
  return markupOf(kind, drawing(kind, values, labels, id, controls));
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

const PAGE_ID = `d2lmini-${Math.random().toString(36).slice(2, 8)}`;  // this copy of the module
let figureCount = 0;

function render({ model, el }) {
  const kind = model.get("kind");
  const labels = model.get("labels");
  const controls = model.get("controls");
  const names = Object.keys(controls);
  const values = () => Object.fromEntries(names.map((name) => [name, model.get(name)]));
  const id = `${PAGE_ID}-${++figureCount}`;
  let shown = drawing(kind, values(), labels, id, controls);
  el.insertAdjacentHTML("beforeend", markupOf(kind, shown));
  const root = el.lastElementChild;
  // The explorer's paths [[x1, x2], ...] as numbers, for tests to compare with Python's (as a
  // data attribute, every redraw would write out every point in JSON).
  root.d2lminiPaths = shown.paths;
  const svgs = root.querySelectorAll(".d2lmini-panels svg");
  const status = root.querySelector(".status");
  const legend = root.querySelector(".d2lmini-legend");
  root.dataset.renderedAt = String(performance.now());
  const draw = () => {
    const next = drawing(kind, values(), labels, id, controls);
    next.panels.forEach((panel, i) => {
      patchChildren(svgs[i], shown.panels[i].parts, panel.parts);
      if (panel.label !== shown.panels[i].label) svgs[i].setAttribute("aria-label", panel.label);
    });
    if (legend && next.legend.items !== shown.legend.items) legend.innerHTML = next.legend.items;
    if (next.status !== shown.status) status.textContent = next.status;
    Object.assign(root.dataset, next.data);
    root.d2lminiPaths = next.paths;
    root.dataset.renderedAt = String(performance.now());
    shown = next;
  };
  for (const name of names) model.on(`change:${name}`, draw);
  return () => { for (const name of names) model.off(`change:${name}`, draw); };
}

export default { render };
