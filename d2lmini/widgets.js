// The chapter's interactive figures, computed and drawn in the browser, so that they respond
// to their sliders in a notebook with a kernel and on the static website without one.
//   kind "rmsprop": RMSProp on f(x) = 0.1 x1² + 2 x2² from (-5, -2): the path over the contour
//                   lines, the effective step size η/√(s_t + ε) per coordinate, and the loss.
//   kind "leaky":   the weights (1 - γ) γ^τ of the leaky average over the last 40 steps, with
//                   its time constant 1/(1 - γ) and half-life ln 2 / ln(1/γ).

export const EPS = 1e-6;
const VIEW = { x1: [-5.5, 1], x2: [-3, 1] };
const CONTOUR_LEVELS = [0.5, 2, 4.5, 8, 12.5, 18];
const COLORS = { path: "#ff7f0e", contour: "#1f77b4", x1: "#1f77b4", x2: "#d62728", loss: "#2ca02c" };

/** RMSProp as the chapter defines it (ε inside the root, s_0 = 0): steps + 1 points {x1, x2, s1, s2}. */
export function trajectory(eta, gamma, steps) {
  let x1 = -5, x2 = -2, s1 = 0, s2 = 0;
  const points = [{ x1, x2, s1, s2 }];
  for (let t = 0; t < steps; t++) {
    const g1 = 0.2 * x1, g2 = 4 * x2;
    s1 = gamma * s1 + (1 - gamma) * g1 ** 2;
    s2 = gamma * s2 + (1 - gamma) * g2 ** 2;
    x1 -= eta / Math.sqrt(s1 + EPS) * g1;
    x2 -= eta / Math.sqrt(s2 + EPS) * g2;
    points.push({ x1, x2, s1, s2 });
  }
  return points;
}

/** The part of a path inside the view: the points up to where it leaves (ending on the edge). */
export function visiblePath(points) {
  const inside = (p) => Number.isFinite(p.x1) && Number.isFinite(p.x2)
    && p.x1 >= VIEW.x1[0] && p.x1 <= VIEW.x1[1] && p.x2 >= VIEW.x2[0] && p.x2 <= VIEW.x2[1];
  const step = points.findIndex((p) => !inside(p));
  if (step === -1) return { shown: points, cutAt: null };
  if (step === 0 || !Number.isFinite(points[step].x1) || !Number.isFinite(points[step].x2)) {
    return { shown: points.slice(0, step), cutAt: step };
  }
  const a = points[step - 1], b = points[step];
  let fraction = 1;
  for (const axis of ["x1", "x2"]) {
    const [low, high] = VIEW[axis];
    if (b[axis] > high) fraction = Math.min(fraction, (high - a[axis]) / (b[axis] - a[axis]));
    if (b[axis] < low) fraction = Math.min(fraction, (low - a[axis]) / (b[axis] - a[axis]));
  }
  const edge = { x1: a.x1 + fraction * (b.x1 - a.x1), x2: a.x2 + fraction * (b.x2 - a.x2) };
  return { shown: [...points.slice(0, step), edge], cutAt: step };
}

const loss = (p) => 0.1 * p.x1 ** 2 + 2 * p.x2 ** 2;
const format = (value, digits) => Number(value).toFixed(digits);
const escape = (text) => String(text).replace(/&/g, "&amp;").replace(/</g, "&lt;");

/** A linear or log-10 scale from [lo, hi] to pixels [a, b]. */
function scale([lo, hi], [a, b], log = false) {
  const f = log ? Math.log10 : (v) => v;
  const [flo, fhi] = [f(lo), f(hi)];
  return (v) => a + ((f(v) - flo) / (fhi - flo)) * (b - a);
}

/** Decades covering the finite positive values, at least one decade wide. */
function logRange(values) {
  const ok = values.filter((v) => Number.isFinite(v) && v > 0);
  if (ok.length === 0) return [1e-3, 1];
  let lo = Math.floor(Math.log10(Math.min(...ok))), hi = Math.ceil(Math.log10(Math.max(...ok)));
  if (hi === lo) hi = lo + 1;
  return [10 ** lo, 10 ** hi];
}

function decadeLabel(exponent) {
  const superscript = String(exponent).replace("-", "⁻").replace(/\d/g, (d) => "⁰¹²³⁴⁵⁶⁷⁸⁹"[d]);
  return `10${superscript}`;
}

/** A small log-scale line chart: series [{values, color, name}] against t = start, start+1, ... */
function logChart({ x, y, width, height, series, title, xLabel, steps, start }) {
  const all = series.flatMap((s) => s.values);
  const [lo, hi] = logRange(all);
  const sx = scale([0, Math.max(steps, 1)], [x + 44, x + width - 8]);
  const sy = scale([lo, hi], [y + height - 24, y + 18], true);
  const parts = [`<text x="${x + width / 2}" y="${y + 12}" text-anchor="middle" class="title">${escape(title)}</text>`];
  const decades = Math.round(Math.log10(hi / lo));
  const every = Math.ceil(decades / 4);
  for (let e = Math.log10(lo); e <= Math.log10(hi) + 1e-9; e += every) {
    const py = sy(10 ** e);
    parts.push(`<line x1="${x + 44}" x2="${x + width - 8}" y1="${py}" y2="${py}" class="grid"/>`,
      `<text x="${x + 40}" y="${py + 4}" text-anchor="end">${decadeLabel(Math.round(e))}</text>`);
  }
  parts.push(`<line x1="${x + 44}" x2="${x + width - 8}" y1="${y + height - 24}" y2="${y + height - 24}" class="axis"/>`,
    `<text x="${sx(0)}" y="${y + height - 12}" text-anchor="middle">0</text>`,
    `<text x="${sx(steps)}" y="${y + height - 12}" text-anchor="middle">${steps}</text>`,
    `<text x="${x + width / 2}" y="${y + height - 12}" text-anchor="middle">${escape(xLabel)}</text>`);
  series.forEach((s, i) => {
    const end = s.values.findIndex((v) => !Number.isFinite(v));
    const values = end === -1 ? s.values : s.values.slice(0, end);
    const d = values.map((v, t) => `${t ? "L" : "M"}${format(sx(t + start), 2)},${format(sy(Math.max(v, lo)), 2)}`).join("");
    parts.push(`<path d="${d}" stroke="${s.color}" class="series" data-name="${s.name}"/>`,
      `<text x="${x + width - 12}" y="${y + 30 + 12 * i}" text-anchor="end" fill="${s.color}">${escape(s.name)}</text>`);
  });
  return parts.join("");
}

function renderRmsprop(model, root, labels) {
  const eta = model.get("eta"), gamma = model.get("gamma"), steps = model.get("steps");
  const points = trajectory(eta, gamma, steps);
  const { shown, cutAt } = visiblePath(points);
  const last = points[points.length - 1];
  const diverged = !Number.isFinite(last.x1) || !Number.isFinite(last.x2) || Math.hypot(last.x1, last.x2) > 1e6;
  const W = 360, H = 270, left = 44, top = 10, right = W - 10, bottom = H - 36;
  const sx = scale(VIEW.x1, [left, right]), sy = scale(VIEW.x2, [bottom, top]);
  const parts = [`<clipPath id="${root.dataset.clip}"><rect x="${left}" y="${top}" width="${right - left}" height="${bottom - top}"/></clipPath>`,
    `<rect x="${left}" y="${top}" width="${right - left}" height="${bottom - top}" class="frame"/>`,
    `<g clip-path="url(#${root.dataset.clip})">`];
  const [ox, oy] = [sx(0), sy(0)];
  for (const c of CONTOUR_LEVELS) {
    const rx = sx(Math.sqrt(c / 0.1)) - ox, ry = oy - sy(Math.sqrt(c / 2));
    parts.push(`<ellipse cx="${ox}" cy="${oy}" rx="${format(rx, 2)}" ry="${format(ry, 2)}" stroke="${COLORS.contour}" class="contour"/>`);
  }
  const d = shown.map((p, i) => `${i ? "L" : "M"}${format(sx(p.x1), 2)},${format(sy(p.x2), 2)}`).join("");
  parts.push(`<path d="${d}" stroke="${COLORS.path}" class="path"/>`);
  shown.slice(0, cutAt === null ? shown.length : shown.length - 1).forEach((p) => {
    parts.push(`<circle cx="${format(sx(p.x1), 2)}" cy="${format(sy(p.x2), 2)}" r="3" fill="${COLORS.path}" class="point"/>`);
  });
  parts.push("</g>");
  for (const v of [-5, -4, -3, -2, -1, 0, 1]) {
    parts.push(`<text x="${sx(v)}" y="${bottom + 14}" text-anchor="middle">${String(v).replace("-", "−")}</text>`);
  }
  for (const v of [-3, -2, -1, 0, 1]) {
    parts.push(`<text x="${left - 6}" y="${sy(v) + 4}" text-anchor="end">${String(v).replace("-", "−")}</text>`);
  }
  parts.push(`<text x="${(left + right) / 2}" y="${H - 4}" text-anchor="middle">x1</text>`,
    `<text x="12" y="${(top + bottom) / 2}" text-anchor="middle" transform="rotate(-90 12 ${(top + bottom) / 2})">x2</text>`);
  let note = "";
  if (cutAt !== null) {
    note = (diverged ? labels.diverged : labels.leaves_view).replace("{step}", cutAt);
    parts.push(`<text x="${left + 6}" y="${top + 16}" class="note">${escape(note)}</text>`);
  }
  const stepSizes = (key) => points.slice(1).map((p) => eta / Math.sqrt(p[key] + EPS));
  const charts = logChart({ x: W, y: 0, width: 280, height: 135, steps, start: 1, title: labels.step_size,
    xLabel: labels.step, series: [{ values: stepSizes("s1"), color: COLORS.x1, name: "x1" },
                                  { values: stepSizes("s2"), color: COLORS.x2, name: "x2" }] })
    + logChart({ x: W, y: 135, width: 280, height: 135, steps, start: 0, title: labels.loss,
      xLabel: labels.step, series: [{ values: points.map(loss), color: COLORS.loss, name: "f(x)" }] });
  root.querySelector("svg").innerHTML = parts.join("") + charts;
  root.querySelector(".status").textContent = labels.status
    .replace("{eta}", format(eta, 2)).replace("{gamma}", format(gamma, 2)).replace("{steps}", steps)
    .replace("{x1}", format(last.x1, 6)).replace("{x2}", format(last.x2, 6));
  root.dataset.params = JSON.stringify([eta, gamma, steps]);
  root.dataset.points = JSON.stringify(points.map((p) => [p.x1, p.x2]));
  root.dataset.note = note;
}

function renderLeaky(model, root, labels) {
  const gamma = model.get("gamma");
  const W = 640, H = 250, left = 56, top = 16, right = W - 16, bottom = H - 40, count = 40;
  const weights = Array.from({ length: count }, (_, tau) => (1 - gamma) * gamma ** tau);
  const topWeight = Math.max(...weights, 0.05) * 1.1;
  const sx = scale([-0.5, count - 0.5], [left, right]), sy = scale([0, topWeight], [bottom, top]);
  const barWidth = (right - left) / count * 0.8;
  const parts = [`<rect x="${left}" y="${top}" width="${right - left}" height="${bottom - top}" class="frame"/>`];
  weights.forEach((w, tau) => {
    parts.push(`<rect x="${format(sx(tau) - barWidth / 2, 2)}" y="${format(sy(w), 2)}" width="${format(barWidth, 2)}" height="${format(sy(0) - sy(w), 2)}" fill="${COLORS.contour}" class="weight"/>`);
  });
  for (const w of [0, topWeight]) {
    parts.push(`<text x="${left - 6}" y="${sy(w) + 4}" text-anchor="end">${format(w, 2)}</text>`);
  }
  for (const tau of [0, 10, 20, 30, 39]) {
    parts.push(`<text x="${sx(tau)}" y="${bottom + 14}" text-anchor="middle">${tau}</text>`);
  }
  parts.push(`<text x="${(left + right) / 2}" y="${H - 6}" text-anchor="middle">${escape(labels.past_steps)}</text>`,
    `<text x="14" y="${(top + bottom) / 2}" text-anchor="middle" transform="rotate(-90 14 ${(top + bottom) / 2})">${escape(labels.weight)}</text>`);
  const timeConstant = gamma < 1 ? 1 / (1 - gamma) : Infinity;
  const halfLife = gamma <= 0 ? 0 : gamma < 1 ? Math.LN2 / Math.log(1 / gamma) : Infinity;
  const markers = [[timeConstant, labels.time_constant, "#d62728"], [halfLife, labels.half_life, "#2ca02c"]];
  markers.forEach(([value, name, color], i) => {
    if (value <= count - 0.5) {
      const px = sx(value);
      parts.push(`<line x1="${px}" x2="${px}" y1="${top}" y2="${bottom}" stroke="${color}" class="marker"/>`,
        `<text x="${px + 4}" y="${top + 14 + 14 * i}" fill="${color}">${escape(name)}</text>`);
    }
  });
  const show = (v) => (Number.isFinite(v) ? format(v, 2) : "∞");
  let text = labels.summary.replace("{gamma}", format(gamma, 2))
    .replace("{time_constant}", show(timeConstant)).replace("{half_life}", show(halfLife));
  if (gamma >= 1) text += " " + labels.gamma_one;
  root.querySelector("svg").innerHTML = parts.join("");
  root.querySelector(".status").textContent = text;
  root.dataset.params = JSON.stringify([gamma]);
  root.dataset.weights = JSON.stringify(weights);
}

const STYLE = `
.d2lmini-figure { font: 12px sans-serif; color: #222; max-width: 100%; }
.d2lmini-figure svg { max-width: 100%; height: auto; }
.d2lmini-figure svg text { font: 11px sans-serif; fill: #222; }
.d2lmini-figure svg .title { font-weight: 600; }
.d2lmini-figure svg .note { fill: #b00000; font-weight: 600; }
.d2lmini-figure svg .frame { fill: none; stroke: #888; }
.d2lmini-figure svg .grid { stroke: #ddd; }
.d2lmini-figure svg .axis { stroke: #888; }
.d2lmini-figure svg .contour, .d2lmini-figure svg .path, .d2lmini-figure svg .series { fill: none; stroke-width: 1.5; }
.d2lmini-figure svg .marker { stroke-width: 2; stroke-dasharray: 4 3; }
.d2lmini-figure .status { margin-top: 4px; font-variant-numeric: tabular-nums; }
`;

let figureCount = 0;

function render({ model, el }) {
  const kind = model.get("kind");
  const labels = model.get("labels");
  const root = document.createElement("div");
  root.className = `d2lmini-figure d2lmini-${kind}`;
  root.dataset.clip = `d2lmini-clip-${++figureCount}`;
  const [width, height] = kind === "rmsprop" ? [640, 270] : [640, 250];
  root.innerHTML = `<style>${STYLE}</style>`
    + `<svg viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${escape(labels.aria)}"></svg>`
    + `<div class="status" aria-live="polite"></div>`;
  el.appendChild(root);
  const draw = () => {
    (kind === "rmsprop" ? renderRmsprop : renderLeaky)(model, root, labels);
    root.dataset.renderedAt = String(performance.now());
  };
  draw();
  const names = kind === "rmsprop" ? ["eta", "gamma", "steps"] : ["gamma"];
  for (const name of names) model.on(`change:${name}`, draw);
  return () => { for (const name of names) model.off(`change:${name}`, draw); };
}

export default { render };
