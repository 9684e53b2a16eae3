// The chapter's framework-free cells, edited and run on the page (the cells the build marked
// with a .run-in-browser bar of buttons, run_in_browser.py), imported by run-in-browser.mjs at
// the first press of "Run": then the cell's code becomes a text area, and Python (Pyodide, from
// this site) starts in a Web Worker (run-in-browser-worker.mjs). Running a cell first runs the earlier ones
// whose code has not run yet as it now reads, so that the cells share one Python in the page's
// order, as in a notebook. Printed lines and figures appear under the cell, drawn by the book's
// figure code (run-in-browser-figure.mjs, on widgets.js); an error shows its line. "Stop" terminates the worker (the next run
// starts a fresh one); "Reset" puts the chapter's code back.

import { fill } from "./run-in-browser/widgets.js";

const config = JSON.parse(document.getElementById("run-in-browser-config").textContent);
const texts = config.texts;
const megabytes = (bytes) => (bytes / 1e6).toFixed(1);

let worker = null;  // the Python of the page, started at the first run
let ready = null;  // the promise that it has loaded
let stopLoading = null;  // rejects that promise
let figures = null;  // the promise of the figure module, imported with it
const runs = new Map();  // run id -> {cell, resolve, chain}
let nextRun = 0;

class Cell {
  constructor(element) {
    this.element = element;
    this.bar = element.querySelector(".run-in-browser");
    this.status = this.bar.querySelector(".run-in-browser-status");
    this.highlight = element.querySelector(".cell_input .highlight");
    this.chapterCode = this.highlight.querySelector("pre").textContent;
    this.editor = null;
    this.output = null;
    this.ranCode = null;  // the code as it last ran in the present Python
    for (const action of ["run", "stop", "reset"]) {
      this[action] = this.bar.querySelector(`.run-in-browser-${action}`);
    }
  }

  code() {
    return this.editor ? this.editor.value : this.chapterCode;
  }

  /** The code in an editable text area instead of the highlighted block. */
  makeEditable() {
    if (this.editor) return;
    this.editor = document.createElement("textarea");
    Object.assign(this.editor, { className: "run-in-browser-code", value: this.chapterCode, spellcheck: false });
    this.editor.setAttribute("aria-label", texts.code);
    this.editor.setAttribute("autocapitalize", "off");
    this.editor.setAttribute("wrap", "off");
    this.fitRows();
    this.editor.addEventListener("input", () => this.fitRows());
    this.editor.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && event.shiftKey) {
        event.preventDefault();
        if (!this.run.disabled) runUpTo(this);
      }
    });
    this.highlight.replaceWith(this.editor);
    this.reset.disabled = false;
  }

  fitRows() {
    this.editor.rows = this.editor.value.replace(/\n$/, "").split("\n").length;
  }

  /** An empty output under the cell, in place of the build's. */
  clearOutput() {
    this.output?.remove();
    this.output = document.createElement("div");
    this.output.className = "run-in-browser-output";
    this.output.setAttribute("role", "group");
    this.output.setAttribute("aria-label", texts.output);
    this.element.querySelector(".cell_input").after(this.output);
    this.element.querySelector(".cell_output")?.setAttribute("hidden", "");
  }

  write(text) {
    let block = this.output.lastElementChild;
    if (block?.tagName !== "PRE") {
      block = this.output.appendChild(document.createElement("pre"));
      block.tabIndex = 0;  // a tab stop, as the build's, for the lines that scroll sideways
    }
    block.textContent += text;
  }

  say(text) {
    this.status.textContent = text;
  }

  restore() {
    this.editor.value = this.chapterCode;
    this.fitRows();
    this.output?.remove();
    this.output = null;
    this.element.querySelector(".cell_output")?.removeAttribute("hidden");
    this.say("");
  }
}

const cells = [...document.querySelectorAll(".cell:has(> .run-in-browser)")].map((element) => new Cell(element));

function busy(on) {
  for (const cell of cells) {
    cell.run.disabled = on;
    cell.stop.disabled = !on;
  }
}

/** The page's Python, started if it is not: its loading shown on `cell`'s bar. */
function python(cell) {
  if (worker) return ready;
  worker = new Worker(new URL("run-in-browser-worker.mjs", import.meta.url), { type: "module" });
  figures = import("./run-in-browser-figure.mjs");
  const progress = document.createElement("progress");
  progress.className = "run-in-browser-progress";
  progress.max = config.download;
  progress.value = 0;
  progress.setAttribute("aria-label", texts.progress);
  cell.say(fill(texts.loading, { size: megabytes(config.size) }));
  cell.status.append(" ", progress);
  ready = new Promise((resolve, reject) => {
    stopLoading = reject;
    worker.onmessage = ({ data }) => {
      if ("loaded" in data) progress.value = data.loaded;
      else if (data.ready) resolve();
      else if (data.failed) {  // the next press tries again
        worker.terminate();
        worker = null;
        reject(new Error(data.failed));
      }
      else received(data);
    };
  });
  worker.postMessage({ start: { language: document.documentElement.lang, modules: config.modules } });
  return ready;
}

/** What the worker says of a run: printed text, a figure, its end. */
function received({ id, stdout, figure, done }) {
  const run = runs.get(id);
  if (stdout !== undefined) run.chain = run.chain.then(() => run.cell.write(stdout));
  if (figure !== undefined) run.chain = run.chain.then(() => figures).then(({ traceMarkup }) => {
    const { values, labels } = JSON.parse(figure);
    run.cell.output.insertAdjacentHTML("beforeend", traceMarkup(values, labels, `run-${id}`));
  });
  if (done !== undefined) run.chain.then(() => run.resolve(done === null ? null : JSON.parse(done)));
}

/** Run one cell; whether it ran without error. */
async function runCell(cell) {
  cell.makeEditable();
  const code = cell.code();
  cell.clearOutput();
  cell.say(texts.running);
  const started = performance.now();
  const id = nextRun++;
  const error = await new Promise((resolve, reject) => {
    runs.set(id, { cell, resolve, reject, chain: Promise.resolve() });
    worker.postMessage({ run: { id, code } });
  });
  runs.delete(id);
  cell.ranCode = code;
  if (error) {
    const [line, message] = error;
    const shown = document.createElement("p");
    shown.className = "run-in-browser-error";
    shown.textContent = line === null ? message : fill(texts.error, { line, error: message });
    cell.output.append(shown);
    cell.say(texts.failed);
    return false;
  }
  cell.say(fill(texts.done, { seconds: ((performance.now() - started) / 1000).toFixed(2) }));
  return true;
}

/** Run `target`, after the earlier cells whose code has not run as it now reads. */
async function runUpTo(target) {
  busy(true);
  try {
    target.makeEditable();
    await python(target);
    for (const cell of cells.slice(0, cells.indexOf(target) + 1)) {
      if ((cell === target || cell.ranCode !== cell.code()) && !(await runCell(cell))) break;
    }
  } catch (error) {  // Python could not be loaded, or the run was stopped
    if (!error.stopped) target.say(fill(texts.unavailable, { error: error.message }));
  } finally {
    busy(false);
  }
}

/** End the page's Python, and whatever it was doing. */
function stop() {
  worker.terminate();
  worker = null;
  const stopped = Object.assign(new Error("stopped"), { stopped: true });
  stopLoading(stopped);
  for (const run of runs.values()) run.reject(stopped);
  runs.clear();
  for (const cell of cells) {
    cell.ranCode = null;
    if (cell.status.querySelector("progress") || cell.status.textContent === texts.running) cell.say(texts.stopped);
  }
}

/** Take over the buttons and run the cell whose button was pressed (`pressed`, its element). */
export function start(pressed) {
  for (const cell of cells) {
    cell.run.addEventListener("click", () => runUpTo(cell));
    cell.stop.addEventListener("click", stop);
    cell.reset.addEventListener("click", () => cell.restore());
  }
  runUpTo(cells.find((cell) => cell.element === pressed));
}
