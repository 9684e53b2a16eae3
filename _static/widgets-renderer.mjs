// The chapter's widgets on the static website, with no kernel and without the 3.5 MB ipywidgets
// HTML manager. MyST-NB saves the notebook's widget state in a
// <script type="application/vnd.jupyter.widget-state+json"> and each output's view in a
// <script type="application/vnd.jupyter.widget-view+json">. These pages hold only what
// d2lmini's explorers use, and this module renders exactly that:
//   VBox / HBox                 a flex box of their children;
//   FloatSlider / IntSlider /   a native <input type="range"> with a <label> (its accessible
//   FloatLogSlider              name, the description: η, γ, "steps" in the page's language),
//                               aria-valuetext and a readout formatted per readout_format (a
//                               log slider's input moves over the exponent of its base);
//   Checkbox                    a native <input type="checkbox"> inside its <label> (the
//                               description, in the page's language, is its accessible name);
//   Link (jslink)               two-way: a change on either side sets the other;
//   anywidget's AnyModel        the front-end module saved in the state (_esm: its source, or
//                               the address of a file, as the book's build writes it), whose
//                               render({model, el}) draws the figure, and its style (_css).
// Any other widget is reported in its output and on the console. In Jupyter and Colab the
// notebook keeps ipywidgets; only the static pages use this file.

const STATE_TYPE = "application/vnd.jupyter.widget-state+json";
const VIEW_TYPE = "application/vnd.jupyter.widget-view+json";
const REFERENCE = "IPY_MODEL_";

/** The part of a widget model that anywidget front ends and the views here use. */
class Model {
  constructor(id, state) {
    this.id = id;
    this.state = { ...state };
    this.listeners = new Map();
  }

  get(name) {
    return this.state[name];
  }

  set(name, value) {
    if (Object.is(this.state[name], value)) return;
    this.state[name] = value;
    for (const callback of [...(this.listeners.get(`change:${name}`) ?? [])]) callback(this, value);
  }

  on(event, callback) {
    if (!this.listeners.has(event)) this.listeners.set(event, new Set());
    this.listeners.get(event).add(callback);
  }

  off(event, callback) {
    if (!event) this.listeners.clear();
    else if (!callback) this.listeners.delete(event);
    else this.listeners.get(event)?.delete(callback);
  }

  save_changes() {}  // nothing to sync with: there is no kernel

  send() {}
}

/** A value as ipywidgets' readout shows it, by its d3-format spec: ".Nf", "d", ".Ng" and ".N~g"
 * (N significant digits, "~" without trailing zeros). */
function formatReadout(value, format) {
  const [, digits, trim, kind] = /^\.(\d+)(~?)([fg])$/.exec(format ?? "") ?? [];
  if (kind === "f") return Number(value).toFixed(Number(digits));
  if (kind === "g") {
    const written = Number(value).toPrecision(Number(digits));
    return trim && written.includes(".") ? written.replace(/\.?0+(?=e|$)/, "") : written;
  }
  if (format === "d") return String(Math.round(value));
  return String(value);
}

let sliderCount = 0;

function renderSlider(model) {
  const id = `d2lmini-slider-${++sliderCount}`;
  const isInt = model.get("_model_name") === "IntSliderModel";
  const base = model.get("_model_name") === "FloatLogSliderModel" ? model.get("base") : null;
  const position = (value) => (base ? Math.log(value) / Math.log(base) : value);
  const wrapper = document.createElement("div");
  wrapper.className = "d2lmini-slider";
  const label = document.createElement("label");
  label.htmlFor = id;
  label.textContent = model.get("description");
  const input = document.createElement("input");
  Object.assign(input, { type: "range", id, min: model.get("min"), max: model.get("max"),
                         step: model.get("step"), disabled: model.get("disabled") });
  const readout = document.createElement("output");
  readout.htmlFor = id;
  readout.hidden = model.get("readout") === false;
  const show = () => {
    const text = formatReadout(model.get("value"), model.get("readout_format"));
    input.value = position(model.get("value"));
    input.setAttribute("aria-valuetext", text);
    readout.textContent = text;
  };
  input.addEventListener("input", () => {
    const value = isInt ? parseInt(input.value, 10) : parseFloat(input.value);
    model.set("value", base ? base ** value : value);
  });
  model.on("change:value", show);
  show();
  wrapper.append(label, input, readout);
  return wrapper;
}

let checkboxCount = 0;

function renderCheckbox(model) {
  const label = document.createElement("label");
  label.className = "d2lmini-checkbox";
  const input = document.createElement("input");
  Object.assign(input, { type: "checkbox", id: `d2lmini-checkbox-${++checkboxCount}`,
                         disabled: model.get("disabled") });
  const show = () => { input.checked = model.get("value"); };
  input.addEventListener("change", () => model.set("value", input.checked));
  model.on("change:value", show);
  show();
  label.append(input, document.createTextNode(model.get("description")));
  return label;
}

const stylesheets = new Set();

/** anywidget's stylesheet of a widget (its saved _css), once per page, in the document's head. */
function addStylesheet(css) {
  if (!css || stylesheets.has(css)) return;
  stylesheets.add(css);
  const style = document.createElement("style");
  style.textContent = css;
  document.head.append(style);
}

const esmModules = new Map();

/** anywidget's front-end module from its saved source or address (absolute, or relative to the
 * page: one word ending in .js or .mjs), imported once per source. */
function importEsm(esm) {
  if (!esmModules.has(esm)) {
    const url = /^\S+\.m?js$/.test(esm) ? new URL(esm, document.baseURI).href
      : URL.createObjectURL(new Blob([esm], { type: "text/javascript" }));
    esmModules.set(esm, import(url));
  }
  return esmModules.get(esm);
}

async function renderAnywidget(model) {
  const module = await importEsm(model.get("_esm"));
  const widget = typeof module.default === "function" ? await module.default() : module.default;
  const el = document.createElement("div");
  el.className = "d2lmini-anywidget";
  addStylesheet(model.get("_css"));
  await widget.initialize?.({ model });
  await widget.render({ model, el });
  return el;
}

async function renderBox(model, models) {
  const box = document.createElement("div");
  box.className = `d2lmini-box d2lmini-${model.get("_model_name") === "HBoxModel" ? "hbox" : "vbox"}`;
  const children = model.get("children").map((ref) => renderView(lookUp(ref, models), models));
  box.append(...(await Promise.all(children)));
  return box;
}

const VIEWS = {
  VBoxModel: renderBox,
  HBoxModel: renderBox,
  FloatSliderModel: renderSlider,
  IntSliderModel: renderSlider,
  FloatLogSliderModel: renderSlider,
  CheckboxModel: renderCheckbox,
  AnyModel: renderAnywidget,
};

function lookUp(reference, models) {
  const model = models.get(String(reference).replace(REFERENCE, ""));
  if (!model) throw new Error(`the saved widget state has no model ${reference}`);
  return model;
}

async function renderView(model, models) {
  const view = VIEWS[model.get("_model_name")];
  if (!view) throw new Error(`this page cannot show a ${model.get("_model_name")} widget`);
  return view(model, models);
}

/** jslink: each side follows the other; the target starts at the source's value. */
function link(model, models) {
  const [[sourceRef, sourceName], [targetRef, targetName]] = [model.get("source"), model.get("target")];
  const source = lookUp(sourceRef, models), target = lookUp(targetRef, models);
  target.set(targetName, source.get(sourceName));
  source.on(`change:${sourceName}`, (_, value) => target.set(targetName, value));
  target.on(`change:${targetName}`, (_, value) => source.set(sourceName, value));
}

async function mount(script, models) {
  const output = script.closest(".cell_output") ?? script.parentElement;
  try {
    const { model_id: id } = JSON.parse(script.textContent);
    const view = await renderView(lookUp(id, models), models);
    view.classList.add("d2lmini-widget");
    // The build-time drawing (shown without JavaScript and in print) gives way to the live one.
    output.querySelectorAll(".d2lmini-static").forEach((element) => element.remove());
    script.after(view);
  } catch (error) {
    const message = document.createElement("p");
    message.className = "d2lmini-widget-error";
    message.textContent = `This interactive figure could not be shown: ${error.message}`;
    script.after(message);
    console.error(error);
  }
}

async function main() {
  const models = new Map();
  for (const script of document.querySelectorAll(`script[type="${STATE_TYPE}"]`)) {
    for (const [id, { state }] of Object.entries(JSON.parse(script.textContent).state)) {
      models.set(id, new Model(id, state));
    }
  }
  for (const model of models.values()) {
    if (model.get("_model_name") === "LinkModel") link(model, models);
  }
  await Promise.all(Array.from(document.querySelectorAll(`script[type="${VIEW_TYPE}"]`),
                               (script) => mount(script, models)));
}

main();
