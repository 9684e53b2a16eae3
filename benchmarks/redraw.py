"""How long the RMSProp explorer takes to redraw in Chromium, for every setting of the sliders and
switches that tests/test_figure_module.py sweeps (η × γ × steps, switches off and all on): the
model change, the new markup, and the browser's style and layout, best of three per setting.

    python benchmarks/redraw.py [--cpu 1 4]

Each CPU slowdown (Chromium's CPU throttling) is measured in the same session; the first one is
the baseline of the ratios. Issue 9 asks for under 16 ms per redraw, also at 200 steps with the
CPU slowed 4x (a frame at 60 Hz). The test sweeps the same grid for NaN, Infinity and hangs and
asserts nothing about time.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "tests")]
from browser import launch, serve  # noqa: E402
from test_figure_module import ALL_OFF, ALL_ON, GRID, figure_labels, open_figure_page, sweep  # noqa: E402

SWITCHES = {"switches off": ALL_OFF, "all switches on": ALL_ON}


def redraw_times(browser, base: str, cpu: float) -> dict[str, dict[str, list[float]]]:
    """Per switch setting: the redraw times (ms) of every setting, and of those with 200 steps."""
    page = open_figure_page(browser, base)
    if cpu > 1:
        page.context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": cpu})
    grid = [[*setting, switches] for switches in SWITCHES.values() for setting in GRID]
    results = sweep(page, grid, figure_labels("rmsprop", "en"))
    page.context.close()
    times = {}
    for name, switches in SWITCHES.items():
        chosen = [(setting, result["ms"]) for setting, result in zip(grid, results) if setting[3] == switches]
        times[name] = {"all": [ms for _, ms in chosen], "200 steps": [ms for s, ms in chosen if s[2] == 200]}
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cpu", type=float, nargs="+", default=[1, 4], help="CPU slowdowns to measure")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
        (Path(folder) / "blank.html").write_text("<!doctype html><title>redraw benchmark</title>")
        browser = launch(playwright)
        with serve(Path(folder)) as base:
            measured = {cpu: redraw_times(browser, base, cpu) for cpu in args.cpu}
        browser.close()
    baseline = measured[args.cpu[0]]
    print(f"Explorer redraw with style and layout, best of 3 per setting, {len(GRID)} settings "
          f"(η × γ × steps); ratios against CPU {args.cpu[0]:g}x")
    for cpu, times in measured.items():
        for name, groups in times.items():
            for group, values in groups.items():
                ratio = statistics.median(values) / statistics.median(baseline[name][group])
                print(f"  CPU {cpu:g}x, {name:15}, {group:9}: median {statistics.median(values):6.2f} ms, "
                      f"max {max(values):6.2f} ms, over 16 ms: {sum(v > 16 for v in values):3}/{len(values)}"
                      f", median ratio {ratio:.2f}")


if __name__ == "__main__":
    main()
