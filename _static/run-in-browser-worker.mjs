// The browser's Python for the chapter's framework-free cells (see run-in-browser.mjs): Pyodide
// served by this site, with d2lmini's standard-library modules and cell_runner.py. It runs in a
// Web Worker, so that a long run never blocks the page, which stops an endless one by
// terminating the worker.
//
// In:  {start: {language, modules}} once, then {run: {id, code}} for each cell.
// Out: {loaded: bytes} while Pyodide downloads, then {ready: true} or {failed: message};
//      for each run {id, stdout: text} and {id, figure: json} as they come, then {id, done: error},
//      error being null or cell_runner's JSON [line, "Type: message"].

const FILES = new URL("run-in-browser/", import.meta.url);
let runner;  // the Python module cell_runner, once started
let running = null;  // the id of the run now going on

/** ``fetch`` that reports the bytes of response bodies received so far (Pyodide's downloads). */
function countingFetch(fetch) {
  let loaded = 0;
  return async (...request) => {
    const response = await fetch(...request);
    if (!response.body) return response;
    const count = new TransformStream({
      transform(chunk, controller) {
        loaded += chunk.byteLength;
        postMessage({ loaded });
        controller.enqueue(chunk);
      },
    });
    const { status, statusText, headers } = response;
    return new Response(response.body.pipeThrough(count), { status, statusText, headers });
  };
}

async function start({ language, modules }) {
  self.fetch = countingFetch(self.fetch.bind(self));
  const { loadPyodide } = await import(new URL("pyodide/pyodide.mjs", FILES).href);
  const pyodide = await loadPyodide({ indexURL: new URL("pyodide/", FILES).href });
  const decoder = new TextDecoder();
  const write = (bytes) => {
    postMessage({ id: running, stdout: decoder.decode(bytes, { stream: true }) });
    return bytes.length;
  };
  pyodide.setStdout({ write });
  pyodide.setStderr({ write });
  const sources = [...modules, "../cell_runner.py"];
  const texts = await Promise.all(sources.map(async (path) => (await fetch(new URL(path, FILES))).text()));
  pyodide.FS.mkdirTree("d2lmini");  // in the working directory, which is on Python's path
  sources.forEach((path, i) => pyodide.FS.writeFile(path.replace("../", ""), texts[i]));
  runner = pyodide.pyimport("cell_runner");
  runner.start(language, (figure) => postMessage({ id: running, figure }));
}

self.onmessage = async ({ data }) => {
  if (data.start) {
    try {
      await start(data.start);
      postMessage({ ready: true });
    } catch (error) {
      postMessage({ failed: String(error) });
    }
    return;
  }
  running = data.run.id;
  const error = runner.run(data.run.code);
  postMessage({ id: running, done: error ?? null });
};
