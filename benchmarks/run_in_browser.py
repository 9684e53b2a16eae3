"""What running a chapter cell in the browser costs (_static/run-in-browser.mjs), in headless
Chromium, offline, on the slow phone and the desktop of benchmarks/site.py:

    python benchmarks/run_in_browser.py [--site _build/html] [--against <a build without it>]
                                        [--runs 3] [--language en] [--later 5]

Each run opens the chapter page cold (fresh profile, no cache) and waits until its first slider
works, then presses "Run in the browser" on the train_2d cell (which runs the definitions cell
first). It reports the medians of: the bytes on the network before the press (gzip as served,
with the number of requests for Pyodide then, which must be 0) and the bodies and headers of the
responses the press brought (the page's and its worker's); the
time from the press to the first printed line under the cell (Pyodide downloaded, started, the
two cells run); the time of each later run of the same cell (``--later`` presses); the time from
pressing run on the show_trace_2d cell to its figure; and the longest task on the page's main
thread during the first press, the later runs and the figure's run (the Long Tasks API, which
reports tasks of 50 ms or more: none is 0). ``--against`` loads the same page of another build (main, say) on
the same profiles, to compare the bytes before the press.
"""

from __future__ import annotations

import argparse
import importlib.util
import statistics
from pathlib import Path

from playwright.sync_api import sync_playwright

REPO = Path(__file__).resolve().parents[1]
SPEC = importlib.util.spec_from_file_location("site_benchmark", REPO / "benchmarks" / "site.py")
site = importlib.util.module_from_spec(SPEC)
SPEC.loader.exec_module(site)  # its profiles, page watcher, browser and server

CELLS = ".cell:has(> .run-in-browser)"
# Long tasks and the time the first output and each figure appear, from the page's point of view.
OBSERVE = """
window.__run = {longest: 0, firstOutput: null, figure: null};
new PerformanceObserver(list => { for (const entry of list.getEntries())
    window.__run.longest = Math.max(window.__run.longest, entry.duration); }).observe({type: 'longtask'});
new MutationObserver(() => {
    const now = performance.now();
    if (window.__run.firstOutput === null && [...document.querySelectorAll('.run-in-browser-output pre')].some(p => p.textContent))
        window.__run.firstOutput = now;
    if (window.__run.figure === null && document.querySelector('.run-in-browser-output .d2lmini-trace'))
        window.__run.figure = now;
}).observe(document, {childList: true, subtree: true, characterData: true});
"""
PRESS = """cell => { window.__run.longest = 0; window.__run.pressed = performance.now();
    cell.querySelector('.run-in-browser-run').click(); }"""
ENDED = "cell => !cell.querySelector('.run-in-browser-run').disabled"


def measure_once(browser, url: str, profile: dict, later: int) -> dict:
    context, page, cdp = site.throttled_page(browser, profile)
    page.add_init_script(OBSERVE)
    urls, sizes = {}, {}
    cdp.on("Network.requestWillBeSent", lambda e: urls.__setitem__(e["requestId"], e["request"]["url"]))
    cdp.on("Network.loadingFinished", lambda e: sizes.__setitem__(e["requestId"], e["encodedDataLength"]))
    finished = []  # the worker's requests too, which the page's DevTools session does not see
    page.on("requestfinished", lambda request: finished.append(request))
    page.goto(url, wait_until="load", timeout=site.TIMEOUT)
    page.wait_for_function("() => window.__site.ready !== null", timeout=site.TIMEOUT, polling=100)
    page.wait_for_load_state("networkidle", timeout=site.TIMEOUT)
    before = sum(sizes.values())
    loaded_before = len(finished)
    pyodide_before = sum("run-in-browser/" in address for address in urls.values())
    cells = page.locator(CELLS).all()
    call, trace = cells[1].element_handle(), cells[2].element_handle()
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": False})  # as a reader's later runs
    page.evaluate(PRESS, call)
    page.wait_for_function(ENDED, arg=call, timeout=site.TIMEOUT, polling=50)
    first_output = page.evaluate("window.__run.firstOutput - window.__run.pressed")
    longest_first = page.evaluate("window.__run.longest")
    later_runs, longest_later = [], 0
    for _ in range(later):
        page.evaluate(PRESS, call)
        page.wait_for_function(ENDED, arg=call, timeout=site.TIMEOUT, polling=10)
        later_runs.append(page.evaluate("performance.now() - window.__run.pressed"))
        longest_later = max(longest_later, page.evaluate("window.__run.longest"))
    page.evaluate(PRESS, trace)
    page.wait_for_function(ENDED, arg=trace, timeout=site.TIMEOUT, polling=10)
    figure = page.evaluate("window.__run.figure - window.__run.pressed")
    longest_figure = page.evaluate("window.__run.longest")
    page.wait_for_load_state("networkidle", timeout=site.TIMEOUT)
    after = sum(request.sizes()["responseBodySize"] + request.sizes()["responseHeadersSize"]
                for request in finished[loaded_before:])
    context.close()
    return {"before": before, "pyodide_before": pyodide_before, "after": after, "first_output": first_output,
            "later": statistics.median(later_runs), "figure": figure, "longest_first": longest_first,
            "longest_later": longest_later, "longest_figure": longest_figure}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, default=REPO / "_build" / "html")
    parser.add_argument("--against", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--language", default="en")
    parser.add_argument("--later", type=int, default=5)
    args = parser.parse_args()
    path = f"chapters/{args.language}/rmsprop.html"
    with sync_playwright() as playwright:
        browser = site.launch(playwright)
        for name, profile in site.PROFILES.items():
            with site.serve(args.site) as base:
                runs = [measure_once(browser, f"{base}/{path}", profile, args.later) for _ in range(args.runs)]
            middle = {key: statistics.median(run[key] for run in runs) for key in runs[0]}
            print(f"{name}, {path}, median of {args.runs}:")
            print(f"  before the press: {middle['before'] / 1e3:.1f} KB, {middle['pyodide_before']:.0f} requests for Pyodide")
            if args.against:
                with site.serve(args.against) as base:
                    against = statistics.median(site.load_once(browser, f"{base}/{path}", profile)["bytes"]
                                                for _ in range(args.runs))
                print(f"  the other build:  {against / 1e3:.1f} KB ({middle['before'] - against:+.0f} bytes)")
            print(f"  the press added:  {middle['after'] / 1e6:.2f} MB")
            print(f"  press to first output: {middle['first_output'] / 1e3:.2f} s; later runs: "
                  f"{middle['later']:.0f} ms; press to figure: {middle['figure']:.0f} ms")
            print(f"  longest main-thread task: first press {middle['longest_first']:.0f} ms, later runs "
                  f"{middle['longest_later']:.0f} ms, figure run {middle['longest_figure']:.0f} ms (0: none of 50 ms or more)")
        browser.close()


if __name__ == "__main__":
    main()
