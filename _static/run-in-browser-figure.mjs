// The figure of show_trace_2d when the chapter's cells run in the browser (run-in-browser.mjs):
// the path and f's values on a grid, computed by the browser's Python (d2lmini/paths.py's
// trace_figure), drawn as the path over f's contour lines with the book's figure code and style
// (d2lmini/widgets.js, served next to it by the build), in the page's theme and language.

import { PATH_AREA, PATH_PANEL, fill, format, markers, markupOf, pathAxes, pathData, px, rect, scale, text, visiblePath }
  from "./run-in-browser/widgets.js";

/** Contour levels for values from `low` to `high`: the multiples, strictly between them, of the
 * smallest round step (1, 2, 2.5 or 5 × 10^k) of at least a tenth of the range: 4 to 10 lines. */
function contourLevels(low, high) {
  if (!(high > low)) return [];  // f is constant in the view: no lines
  const rough = (high - low) / 10, power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * power).find((s) => s >= rough);
  const levels = [];
  for (let k = Math.floor(low / step) + 1; k * step < high; k++) levels.push(k * step);
  return levels;
}

/**
 * The lines f = level of each of `levels` over the grid f[i][j] = f(x1[i], x2[j]), as path data
 * (one string per level), made by `at(x1, x2)` into pixels: marching squares, each grid cell
 * visited once for all levels, and its crossings of its sides joined in pairs (the two lines
 * through a saddle cell are joined in the order of its sides).
 */
function contourPaths(x1, x2, f, levels, at) {
  const paths = levels.map(() => "");
  for (let i = 0; i + 1 < x1.length; i++) {
    for (let j = 0; j + 1 < x2.length; j++) {
      const corners = [[i, j], [i + 1, j], [i + 1, j + 1], [i, j + 1]];
      const values = corners.map(([a, b]) => f[a][b]);
      if (values.includes(null)) continue;
      const low = Math.min(...values), high = Math.max(...values);
      levels.forEach((level, n) => {
        if (level < low || level > high) return;
        const crossings = [];
        corners.forEach(([a1, b1], k) => {
          const [a2, b2] = corners[(k + 1) % 4], from = values[k], to = values[(k + 1) % 4];
          if ((from < level) === (to < level)) return;
          const t = (level - from) / (to - from);
          crossings.push(at(x1[a1] + t * (x1[a2] - x1[a1]), x2[b1] + t * (x2[b2] - x2[b1])));
        });
        for (let k = 0; k + 1 < crossings.length; k += 2) {
          paths[n] += `M${px(crossings[k][0])},${px(crossings[k][1])}L${px(crossings[k + 1][0])},${px(crossings[k + 1][1])}`;
        }
      });
    }
  }
  return paths;
}

/**
 * The figure's panel, status line and data attributes: `values` {points: [[x1, x2], ...], x1,
 * x2, f} with null where a number is not finite. The view is the grid's extent; the path is cut
 * where it leaves it.
 */
function traceDrawing(values, labels, id) {
  const { x1, x2, f } = values;
  const points = values.points.map(([a, b]) => ({ x1: a ?? NaN, x2: b ?? NaN }));
  const view = { x1: [x1[0], x1[x1.length - 1]], x2: [x2[0], x2[x2.length - 1]] };
  const { shown, cutAt } = visiblePath(points, view);
  const { height } = PATH_PANEL;
  const { left, right, top, bottom } = PATH_AREA;
  const sx = scale(view.x1, [left, right]), sy = scale(view.x2, [bottom, top]);
  const clip = `${id}-clip`;
  const finite = f.flat().filter((v) => v !== null);
  const levels = finite.length ? contourLevels(Math.min(...finite), Math.max(...finite)) : [];
  const contours = contourPaths(x1, x2, f, levels, (a, b) => [sx(a), sy(b)]).map((d) => `<path d="${d}" class="contour"/>`);
  const marked = (cutAt === null ? shown : shown.slice(0, -1)).map((p) => [sx(p.x1), sy(p.x2)]);
  const parts = [`<clipPath id="${clip}">${rect(left, top, right - left, bottom - top, "clip")}</clipPath>`,
    rect(left, top, right - left, bottom - top, "frame"),
    `<g clip-path="url(#${clip})">${contours.join("")}`
    + `<path d="${pathData(shown.map((p) => [sx(p.x1), sy(p.x2)]))}" class="trace rmsprop"/>${markers("rmsprop", marked)}</g>`];
  parts.push(...pathAxes(view, sx, sy, { left, right, top, bottom, height }));
  const broken = points.findIndex((p) => !Number.isFinite(p.x1) || !Number.isFinite(p.x2));
  let note = "";
  if (cutAt !== null) {
    note = fill(cutAt === broken ? labels.diverged : labels.leaves_view, { step: cutAt });
    parts.push(text(left, 14, note, ' class="note"'));
  }
  const last = points[points.length - 1], steps = points.length - 1;
  const status = broken === -1 ? fill(labels.trace_status, { steps, x1: format(last.x1, 6), x2: format(last.x2, 6) })
    : fill(labels.diverged, { step: broken });
  return {
    groupLabel: null,
    legend: null,
    panels: [{ ...PATH_PANEL, label: labels.aria_trace, parts }],
    columns: [[0]],
    status,
    data: { note },
  };
}

/** The figure's HTML; `labels` are d2lmini's FIGURE_LABELS and TRACE_LABELS, `id` unique on the page. */
export function traceMarkup(values, labels, id) {
  return markupOf("trace", traceDrawing(values, labels, id), labels, false);
}
