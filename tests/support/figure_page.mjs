// The test page's side of figure_page.py: `setUp` themes the page and imports d2lmini's figure
// module from its source (as the website's renderer does, from a Blob URL); `mount` draws a
// figure of a kind with the controls d2lmini gives that kind, and a tiny fake anywidget model
// whose `set` works like a slider: new values, then one change event (the figure reads all its
// values when it redraws); `markup` is figureMarkup with those controls.

let controlsOf = {};

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
  window.markup = (kind, values, labels, id) => window.figures.figureMarkup(kind, values, labels, id, controlsOf[kind]);
}

function mount(kind, values, labels) {
  const el = document.createElement("div");
  document.getElementById("host").appendChild(el);
  const state = { kind, labels, controls: controlsOf[kind], ...values }, handlers = {};
  const model = {
    get: (name) => state[name],
    on: (event, handler) => (handlers[event] ??= new Set()).add(handler),
    off: (event, handler) => handlers[event]?.delete(handler),
    set(changes) {
      Object.assign(state, changes);
      handlers[`change:${Object.keys(changes)[0]}`]?.forEach((handler) => handler());
    },
  };
  const cleanup = window.figures.default.render({ model, el });
  return { el, model, cleanup, root: el.firstElementChild };
}
