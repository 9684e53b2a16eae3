"""How fast the built website's RMSProp explorer answers its sliders, and how much a chapter page
transfers, in headless Chromium (offline, as in the tests).

    python benchmarks/browser.py [--moves 100] [--language en]

Build the book first (README). Latency is measured inside the page for each of ``--moves``
keyboard moves of η: from the keydown event to the end of the figure's redraw, and to the next
animation frame (the first paint that can show it).
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))
from browser import PageLog, launch, open_page, serve  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--moves", type=int, default=100, help="slider moves to time (default 100)")
    parser.add_argument("--language", default="en", choices=["en", "ko", "vi"])
    args = parser.parse_args()
    site = REPO / "_build" / "html"
    if not (site / "chapters" / args.language / "rmsprop.html").exists():
        parser.error(f"no built site in {site}: build the book first (see README.md)")
    with serve(site) as base, sync_playwright() as playwright:
        browser = launch(playwright)
        log = PageLog()
        page = open_page(browser.new_context(), log, base)
        page.goto(f"{base}/chapters/{args.language}/rmsprop.html")
        page.wait_for_selector(".d2lmini-rmsprop[data-params]", state="attached", timeout=60_000)
        page.wait_for_load_state("networkidle")
        cell = page.locator(".cell", has=page.locator(".d2lmini-rmsprop"))
        handle = cell.locator(".noUi-handle").first
        # Capture phase: runs before the slider's own keydown handler. After the event, wait for
        # the next animation frame, the first paint that can show the redrawn figure.
        page.evaluate("""() => document.addEventListener('keydown', () => {
            const start = performance.now();
            window.__move = new Promise(resolve => requestAnimationFrame(() => resolve({
                redraw: Number(document.querySelector('.d2lmini-rmsprop').dataset.renderedAt) - start,
                frame: performance.now() - start})));
        }, true)""")
        handle.focus()
        redraws, frames = [], []
        for move in range(args.moves):
            page.keyboard.press("ArrowRight" if (move // 50) % 2 == 0 else "ArrowLeft")
            result = page.evaluate("() => window.__move")
            redraws.append(result["redraw"])
            frames.append(result["frame"])
        browser.close()
    if min(redraws) < 0:
        print("warning: a redraw happened before its keydown; the timing is not valid")
    print(f"Slider input to redrawn figure, {args.moves} keyboard moves of η ({args.language} page):")
    for label, values in (("figure redrawn", redraws), ("next frame painted", frames)):
        values = sorted(values)
        print(f"  {label:20} median {statistics.median(values):6.2f} ms, "
              f"90th percentile {values[int(0.9 * len(values)) - 1]:6.2f} ms, max {values[-1]:6.2f} ms")
    print("  (one frame at 60 Hz: 16.7 ms)")
    sizes = log.responses
    raw = sum(size for _, size, _ in sizes)
    packed = sum(size for _, _, size in sizes)
    print(f"Page transfer: {len(sizes)} responses, {raw / 1e6:.2f} MB uncompressed, "
          f"{packed / 1e6:.2f} MB gzip-compressed")
    for url, size, compressed in sorted(sizes, key=lambda item: -item[1])[:6]:
        print(f"  {size / 1e3:8.0f} kB ({compressed / 1e3:6.0f} kB gzip)  {url.split('?')[0][-90:]}")
    if log.console_errors or log.failed_requests:
        print("Problems:", log.console_errors + log.failed_requests)


if __name__ == "__main__":
    main()
