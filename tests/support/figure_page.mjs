// The test page's side of figure_page.py: `setUp` themes the page and imports d2lmini's figure
// module from its source (as the website's renderer does, from a Blob URL); `mount` draws a
// figure of a kind with the controls d2lmini gives that kind, and a tiny fake anywidget model
// whose `set` works like a slider: new values, then one change event (the figure reads all its
// values when it redraws), and which answers the airfoil figure's request for its data as a kernel
// does, with `window.airfoilBytes` (setAirfoilBytes); `markup` is figureMarkup with those controls;
// `redrawTimes` times a slider move for the sweeps.

let controlsOf = {};
// What d2lmini always gives a figure, where a test leaves it out: the explorer's start point.
const DEFAULTS = { rmsprop: { start: [-5, -2] } };

export async function setUp({ theme, width, source, css, controls }) {
  controlsOf = controls;
  const root = document.documentElement;
  for (const [name, value] of Object.entries(theme.html ?? {})) root.setAttribute(name, value);
  for (const [name, value] of Object.entries(theme.body ?? {})) document.body.setAttribute(name, value);
  for (const [name, value] of Object.entries(theme.variables ?? {})) root.style.setProperty(name, value);
  root.style.setProperty("--page-background", theme.background);
  root.style.setProperty("--page-color", theme.color);
  const host = document.getElementById("host");
  host.style.width = `${width}px`;
  host.style.cssText += theme.host ?? "";
  const style = document.createElement("style");  // the figures' own (anywidget's _css)
  style.textContent = css;
  document.head.append(style);
  const url = URL.createObjectURL(new Blob([source], { type: "text/javascript" }));
  window.figures = await import(url);
  window.mount = mount;
  window.redrawTimes = redrawTimes;
  window.setAirfoilBytes = (base64) => {
    window.airfoilBytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0)).buffer;
    window.airfoilData = window.figures.decodeAirfoil(window.airfoilBytes);
  };
  window.markup = (kind, values, labels, id, inputs = {}) =>
    window.figures.figureMarkup(kind, { ...DEFAULTS[kind], ...values }, labels, id, controlsOf[kind], inputs);
}

/** How long `model.set(setting)` takes from `before`, style and layout included (as before the
 * next frame), in ms, `repeats` times. */
function redrawTimes(model, root, before, setting, repeats = 3) {
  const ms = [];
  for (let repeat = 0; repeat < repeats; repeat++) {
    model.set(before);
    root.getBoundingClientRect();
    const start = performance.now();
    model.set(setting);
    root.getBoundingClientRect();
    ms.push(performance.now() - start);
  }
  return ms;
}

/** A figure of `kind` at `values` (and `fixed`), in a new element of the host. */
function mount(kind, values, labels, fixed = {}) {
  const el = document.createElement("div");
  document.getElementById("host").appendChild(el);
  const state = { kind, labels, controls: controlsOf[kind], fixed, data_url: "", ...DEFAULTS[kind], ...values };
  const handlers = {};
  const emit = (event, ...args) => handlers[event]?.forEach((handler) => handler(...args));
  const model = {
    get: (name) => state[name],
    on: (event, handler) => (handlers[event] ??= new Set()).add(handler),
    off: (event, handler) => handlers[event]?.delete(handler),
    set(changes, value) {  // set({name: value, ...}), as a slider would; or anywidget's set(name, value)
      if (typeof changes === "string") changes = { [changes]: value };
      Object.assign(state, changes);
      emit(`change:${Object.keys(changes)[0]}`);
    },
    save_changes() {},
    send(content) {  // the kernel's answer comes in a later task, as a message does
      if (content?.request === "data" && window.airfoilBytes) {
        setTimeout(() => emit("msg:custom", { data: "airfoil" }, [new DataView(window.airfoilBytes)]));
      }
    },
  };
  const cleanup = window.figures.default.render({ model, el });
  return { el, model, cleanup, root: el.firstElementChild };
}
