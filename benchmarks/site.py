"""How fast the built website loads and answers on a slow phone and a fast desktop, in headless
Chromium, offline: the one place that reports the site's speed, size and Lighthouse scores.

    python benchmarks/site.py [--site _build/html] [--against _build/baseline-html]
                              [--runs 3] [--pages index.html ...] [--no-lighthouse] [--moves 100]

Build the book first (README). For Lighthouse, ``npm ci --prefix benchmarks`` once.

Each page is loaded ``--runs`` times in a fresh browser profile (cold cache) on two profiles:
  phone    390 x 844, touch; 1.6 Mbps down, 750 kbps up, 150 ms round trip (Chromium's network
           emulation) and the CPU slowed 4x (Chromium's CPU throttling);
  desktop  1280 x 900, no throttling.
and the median is reported of: first contentful paint; "slider ready", the first frame after
the η slider is in the page and the figure it moves is drawn; the longest task on the page's
thread until the network is idle (over 50 ms, it holds up the reader's taps); the bytes that
crossed the network (gzip-compressed as served); the cumulative layout shift. Once more per page, unthrottled:
axe-core's violations (the elements it reports, light and dark mode, desktop width) and the
smallest text of the live figures as drawn at 390 px (font size times the scale the SVG is drawn
at, each figure scrolled to). Lighthouse then scores each page (its mobile profile simulates the
same slow phone; ``--preset=desktop``).

The site is served on 127.0.0.1 with gzip (tests/support/servers.py); the pages load nothing
from another origin. ``--against`` measures a second build (say, a copy of the site before a
change) in the same session and prints the ratios: the two builds' cold loads take turns, so
that a machine that slows down or speeds up during the session weighs on both alike.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import sync_playwright

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))
from support.axe import axe_violations  # noqa: E402
from support.browser import CHROMIUM, CHROMIUM_FLAGS, launch  # noqa: E402
from support.servers import serve  # noqa: E402

TIMEOUT = 120_000  # ms, per load
PAGES = ["index.html"] + [f"chapters/{lang}/rmsprop.html" for lang in ("en", "ko", "vi")]
LIGHTHOUSE = REPO / "benchmarks" / "node_modules" / ".bin" / "lighthouse"
PROFILES = {
    "phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True,
              "network": {"offline": False, "latency": 150, "downloadThroughput": 1.6e6 / 8,
                          "uploadThroughput": 750e3 / 8}, "cpu": 4},
    "desktop": {"viewport": {"width": 1280, "height": 900}, "is_mobile": False, "has_touch": False,
                "network": None, "cpu": 1},
}
# A live slider (not part of a static, build-time drawing) and the drawn figure it moves.
WATCH = """
window.__site = {cls: 0, fcp: null, ready: null, longest: 0};
new PerformanceObserver(list => { for (const entry of list.getEntries())
    window.__site.longest = Math.max(window.__site.longest, entry.duration); }).observe({type: 'longtask', buffered: true});
new PerformanceObserver(list => { for (const entry of list.getEntries())
    if (!entry.hadRecentInput) window.__site.cls += entry.value; }).observe({type: 'layout-shift', buffered: true});
new PerformanceObserver(list => { for (const entry of list.getEntries())
    if (entry.name === 'first-contentful-paint') window.__site.fcp = entry.startTime; }).observe({type: 'paint', buffered: true});
const live = selector => Array.from(document.querySelectorAll(selector)).some(e => !e.closest('.d2lmini-static'));
const watcher = new MutationObserver(() => {
    if (live('.d2lmini-rmsprop[data-params]') && live('.noUi-handle, .d2lmini-slider input[type=range]')) {
        watcher.disconnect();
        requestAnimationFrame(() => { window.__site.ready = performance.now(); });
    }
});
watcher.observe(document, {childList: true, subtree: true, attributes: true, attributeFilter: ['data-params']});
"""


def throttled_page(browser, profile: dict):
    """A page in a fresh profile (cold cache) with ``profile``'s screen, network and CPU, watched by
    ``WATCH``; its context and its DevTools session."""
    context = browser.new_context(viewport=profile["viewport"], is_mobile=profile["is_mobile"],
                                  has_touch=profile["has_touch"])
    page = context.new_page()
    page.add_init_script(WATCH)
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    if profile["network"]:
        cdp.send("Network.emulateNetworkConditions", profile["network"])
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": profile["cpu"]})
    return context, page, cdp


def load_once(browser, url: str, profile: dict) -> dict:
    """One cold load of ``url``: paint, readiness, longest task, bytes on the network, layout shift."""
    context, page, cdp = throttled_page(browser, profile)
    urls, sizes, failures = {}, {}, []
    cdp.on("Network.requestWillBeSent", lambda e: urls.__setitem__(e["requestId"], e["request"]["url"]))
    cdp.on("Network.loadingFinished", lambda e: sizes.__setitem__(e["requestId"], e["encodedDataLength"]))
    cdp.on("Network.loadingFailed", lambda e: failures.append(urls.get(e["requestId"], "?")))
    try:
        page.goto(url, wait_until="load", timeout=TIMEOUT)
        if "chapters/" in url:
            page.wait_for_function("() => window.__site.ready !== null", timeout=TIMEOUT, polling=100)
        page.wait_for_load_state("networkidle", timeout=TIMEOUT)
    except PlaywrightTimeout:
        failures.append(f"timed out after {TIMEOUT / 1000:.0f} s")
    page.wait_for_timeout(500)
    metrics = page.evaluate("() => window.__site")
    context.close()
    return {"fcp": metrics["fcp"], "ready": metrics["ready"], "cls": metrics["cls"], "longest": metrics["longest"],
            "bytes": sum(sizes.values()), "failures": failures,
            "largest": sorted(((size, urls.get(rid, "?")) for rid, size in sizes.items()), reverse=True)[:5]}


# The smallest text of the live figures (not the build-time drawings) as the reader sees it, in
# CSS pixels: each figure is scrolled to, so that its section is laid out, and drawn first.
SMALLEST_FIGURE_TEXT = """async () => {
    const sizes = [];
    for (const figure of document.querySelectorAll('.cell_output .d2lmini-figure')) {
        if (figure.closest('.d2lmini-static')) continue;
        figure.scrollIntoView({block: 'center'});
        await new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)));
        for (const text of figure.querySelectorAll('svg text')) {
            const matrix = text.getScreenCTM();
            if (matrix && text.textContent.trim())
                sizes.push(parseFloat(getComputedStyle(text).fontSize) * Math.hypot(matrix.a, matrix.b));
        }
        for (const line of figure.querySelectorAll('.status, .d2lmini-legend li, .d2lmini-map-legend li, .d2lmini-map-readout'))
            sizes.push(parseFloat(getComputedStyle(line).fontSize));
    }
    return sizes.length ? Math.min(...sizes) : null;
}"""


def drawn_page(browser, url: str, **options):
    """``url`` in a fresh context, once its live figures (if any) are drawn."""
    page = browser.new_context(**options).new_page()
    page.add_init_script(WATCH)
    page.goto(url, wait_until="load", timeout=TIMEOUT)
    if "chapters/" in url:
        page.wait_for_function("() => window.__site.ready !== null", timeout=TIMEOUT, polling=100)
    page.wait_for_load_state("networkidle", timeout=TIMEOUT)
    return page


def page_checks(browser, url: str) -> dict:
    """axe-core's violations (elements, light and dark mode) and the smallest figure text at 390 px."""
    checks = {}
    for scheme in ("light", "dark"):
        page = drawn_page(browser, url, viewport={"width": 1280, "height": 900}, color_scheme=scheme)
        checks["axe " + scheme] = sum(len(violation["nodes"]) for violation in axe_violations(page))
        page.context.close()
    page = drawn_page(browser, url, viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    checks["figure text"] = page.evaluate(SMALLEST_FIGURE_TEXT)
    page.context.close()
    return checks


def median(values: list[float | None]) -> float | None:
    """The median of the values measured (None when none was: no slider, or timed out)."""
    measured = [value for value in values if value is not None]
    return statistics.median(measured) if measured else None


def lighthouse(url: str, preset: str) -> dict[str, float]:
    """Lighthouse's four category scores (0-100) for ``url`` on its mobile or desktop preset."""
    flags = " ".join(["--headless=new"] + [flag for flag in CHROMIUM_FLAGS if flag != "--headless"])
    command = [str(LIGHTHOUSE), url, "--output=json", "--output-path=stdout", "--quiet",
               "--only-categories=performance,accessibility,best-practices,seo",
               f"--chrome-flags={flags}"] + (["--preset=desktop"] if preset == "desktop" else [])
    done = subprocess.run(command, capture_output=True, text=True, timeout=600,
                          env={**os.environ, "CHROME_PATH": CHROMIUM})
    if done.returncode != 0:
        raise RuntimeError(f"lighthouse failed on {url}: {done.stderr[-2000:]}")
    report = json.loads(done.stdout)
    if report.get("runtimeError"):
        raise RuntimeError(f"lighthouse on {url}: {report['runtimeError']}")
    scores = {name: round(100 * category["score"]) for name, category in report["categories"].items()}
    scores["lcp"] = report["audits"]["largest-contentful-paint"]["numericValue"]
    scores["tbt"] = report["audits"]["total-blocking-time"]["numericValue"]
    return scores


def slider_latency(browser, url: str, moves: int, switches_on: bool = False) -> tuple[list[float], list[float]]:
    """Per keyboard move of η: keydown to the end of the figure's redraw, and to the next frame;
    ``switches_on``: with the explorer's check boxes all ticked (rotated, three overlays)."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.add_init_script(WATCH)
    page.goto(url)
    page.wait_for_function("() => window.__site.ready !== null", timeout=60_000)
    cell = page.locator(".cell", has=page.locator(".d2lmini-rmsprop[data-params]"))
    if switches_on:
        for box in cell.locator(".d2lmini-checkbox input[type=checkbox]").all():
            box.check()
    handle = cell.locator(".d2lmini-slider input[type=range], .noUi-handle").first
    # Capture phase: runs before the slider's own handler; then wait for the next animation frame.
    page.evaluate("""() => document.addEventListener('keydown', () => {
        const start = performance.now();
        window.__move = new Promise(resolve => requestAnimationFrame(() => resolve({
            redraw: Number(document.querySelector('.d2lmini-rmsprop[data-rendered-at]').dataset.renderedAt) - start,
            frame: performance.now() - start})));
    }, true)""")
    handle.focus()
    redraws, frames = [], []
    for move in range(moves):
        page.keyboard.press("ArrowRight" if (move // 50) % 2 == 0 else "ArrowLeft")
        result = page.evaluate("() => window.__move")
        redraws.append(result["redraw"])
        frames.append(result["frame"])
    page.close()
    return redraws, frames


def measure(sites: list[Path], pages: list[str], runs: int, with_lighthouse: bool, moves: int) -> list[dict]:
    """Each site's results, the cold loads of the sites taking turns."""
    results: list[dict] = [{} for _ in sites]
    with contextlib.ExitStack() as servers, sync_playwright() as playwright:
        bases = [servers.enter_context(serve(site)) for site in sites]
        browser = launch(playwright)
        for path in pages:
            for name, profile in PROFILES.items():
                loads: list[list[dict]] = [[] for _ in sites]
                for _ in range(runs):
                    for base, site_loads in zip(bases, loads):
                        site_loads.append(load_once(browser, f"{base}/{path}", profile))
                for result, site_loads in zip(results, loads):
                    result[(path, name)] = {key: median([load[key] for load in site_loads])
                                            for key in ("fcp", "ready", "longest", "cls", "bytes")}
                    result[(path, name)]["failures"] = sorted({f for load in site_loads for f in load["failures"]})
                    result[(path, name)]["largest"] = site_loads[0]["largest"]
                print(f"  measured {path} on {name}", file=sys.stderr)
            for base, result in zip(bases, results):
                result[(path, "checks")] = page_checks(browser, f"{base}/{path}")
        if moves and "chapters/en/rmsprop.html" in pages:
            for base, result in zip(bases, results):
                for switches_on in (False, True):
                    result[("latency", switches_on)] = slider_latency(
                        browser, f"{base}/chapters/en/rmsprop.html", moves, switches_on)
        browser.close()
        if with_lighthouse:
            for path in pages:
                for preset in ("mobile", "desktop"):
                    for base, result in zip(bases, results):
                        result[(path, "lighthouse " + preset)] = lighthouse(f"{base}/{path}", preset)
                    print(f"  lighthouse {preset} {path}", file=sys.stderr)
    return results


def show(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    return {"ms": f"{value / 1000:.2f} s", "B": f"{value / 1000:.0f} KB", "": f"{value:.3f}"}[unit]


def report(title: str, results: dict, pages: list[str], baseline: dict | None) -> None:
    print(f"\n{title}")
    header = f"{'page':28} {'profile':8} {'FCP':>8} {'slider ready':>12} {'longest task':>12} {'transfer':>9} {'CLS':>6}"
    print(header + ("   (ratio to baseline: FCP, ready, transfer)" if baseline else ""))
    for path in pages:
        for name in PROFILES:
            row = results[(path, name)]
            line = (f"{path:28} {name:8} {show(row['fcp'], 'ms'):>8} {show(row['ready'], 'ms'):>12} "
                    f"{row['longest']:9.0f} ms {show(row['bytes'], 'B'):>9} {show(row['cls'], ''):>6}")
            if baseline:
                old = baseline[(path, name)]
                ratios = [f"{row[k] / old[k]:.2f}" if row[k] is not None and old[k] else "—"
                          for k in ("fcp", "ready", "bytes")]
                line += "   " + " ".join(ratios)
            print(line)
            if row["failures"]:
                print(f"    failed requests: {row['failures']}")
    print(f"\n{'page':28} {'axe violations (light / dark)':>30} {'smallest figure text at 390 px':>31}")
    for path in pages:
        checks = results[(path, "checks")]
        text = "—" if checks["figure text"] is None else f"{checks['figure text']:.1f} px"
        print(f"{path:28} {checks['axe light']:>22} / {checks['axe dark']:<5} {text:>31}")
    lighthouse_rows = [key for key in results if isinstance(key[1], str) and key[1].startswith("lighthouse")]
    if lighthouse_rows:
        print(f"\n{'Lighthouse':36} {'perf':>5} {'a11y':>5} {'b.p.':>5} {'SEO':>5} {'LCP':>8} {'TBT':>8}")
        for path, preset in lighthouse_rows:
            s = results[(path, preset)]
            print(f"{path + ' ' + preset.split()[1]:36} {s['performance']:5} {s['accessibility']:5} "
                  f"{s['best-practices']:5} {s['seo']:5} {show(s['lcp'], 'ms'):>8} {s['tbt']:6.0f} ms")
    for switches_on in (False, True):
        if ("latency", switches_on) not in results:
            continue
        print(f"\nSlider input to redrawn figure, keyboard moves of η (desktop, chapters/en), check boxes "
              f"{'all on (rotated, three overlays)' if switches_on else 'off'}:")
        for label, values in zip(("figure redrawn", "next frame painted"), results[("latency", switches_on)]):
            values = sorted(values)
            print(f"  {label:20} median {statistics.median(values):6.2f} ms, "
                  f"90th percentile {values[int(0.9 * len(values)) - 1]:6.2f} ms, max {values[-1]:6.2f} ms")
    print(f"\nLargest transfers, {pages[-1]} on the phone:")
    for size, url in results[(pages[-1], "phone")]["largest"]:
        print(f"  {size / 1000:7.0f} KB  {url.split('?')[0][-90:]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=REPO / "_build" / "html")
    parser.add_argument("--against", type=Path, help="a second build to measure as the baseline")
    parser.add_argument("--pages", nargs="+", default=PAGES)
    parser.add_argument("--runs", type=int, default=3, help="cold loads per page and profile (median)")
    parser.add_argument("--moves", type=int, default=100, help="η slider moves to time (0: none)")
    parser.add_argument("--no-lighthouse", action="store_true")
    args = parser.parse_args()
    for site in filter(None, (args.site, args.against)):
        if not all((site / page).exists() for page in args.pages):
            parser.error(f"no built site in {site}: build the book first (see README.md)")
    with_lighthouse = not args.no_lighthouse
    if with_lighthouse and not LIGHTHOUSE.exists():
        parser.error("Lighthouse is missing: run `npm ci --prefix benchmarks` (or --no-lighthouse)")
    sites = [args.against, args.site] if args.against else [args.site]
    *baseline, results = measure(sites, args.pages, args.runs, with_lighthouse, args.moves)
    if baseline:
        report(f"Baseline: {args.against}", baseline[0], args.pages, None)
    report(f"Site: {args.site}", results, args.pages, baseline[0] if baseline else None)


if __name__ == "__main__":
    main()
