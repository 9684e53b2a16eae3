"""How long the RMSProp explorer takes to redraw in Chromium, for every setting of the sliders and
switches that tests/test_figure_module.py sweeps (on the test page of tests/support/figure_page.py) (η × γ × steps, switches off and all on), each
from the setting before it: the model change, the new markup, and the browser's style and layout;
per setting the median of six redraws (the shortest would pick, with the CPU slowed, the redraws
that fell between the throttle's pauses).

    python benchmarks/redraw.py [--cpu 1 4] [--against REVISION]

Each CPU slowdown (Chromium's CPU throttling) is measured in the same session; the first one is
the baseline of the ratios. With --against, d2lmini/widgets.js of that git revision is measured
too, in turns with the working tree's, and is the baseline instead. A redraw should take under
16 ms (a frame at 60 Hz), also at 200 steps with the CPU slowed 4x. The test sweeps the same
grid for NaN, Infinity and hangs and asserts nothing about time.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "tests")]
from d2lmini.widgets import ESM  # noqa: E402
from support.browser import launch  # noqa: E402
from support.figure_page import (ALL_OFF, ALL_ON, GRID, figure_labels, figure_page_origin,  # noqa: E402
                                 open_figure_page, sweep)

SWITCHES = {"switches off": ALL_OFF, "all switches on": ALL_ON}
ROUNDS = 2  # turns per module and slowdown, of three redraws per setting each


def redraw_times(browser, base: str, cpu: float, module: str) -> dict[str, dict[str, list[float]]]:
    """Per switch setting: the redraw times (ms, three per setting) of every setting, and of those
    with 200 steps."""
    page = open_figure_page(browser, base, module=module)
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


def median_of(runs: list[dict]) -> dict[str, dict[str, list[float]]]:
    """Each setting's median time over all the redraws of several runs of ``redraw_times``."""
    return {name: {group: [statistics.median(sum(values, [])) for values in zip(*(run[name][group] for run in runs))]
                   for group in groups} for name, groups in runs[0].items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cpu", type=float, nargs="+", default=[1, 4], help="CPU slowdowns to measure")
    parser.add_argument("--against", metavar="REVISION", help="also measure widgets.js of this git revision")
    args = parser.parse_args()
    modules = {"working tree": ESM.read_text()}
    if args.against:
        modules = {args.against: subprocess.run(["git", "show", f"{args.against}:d2lmini/widgets.js"], cwd=REPO,
                                                check=True, capture_output=True, text=True).stdout, **modules}
    runs = {(name, cpu): [] for name in modules for cpu in args.cpu}
    with sync_playwright() as playwright:
        browser = launch(playwright)
        with figure_page_origin() as base:
            for _ in range(ROUNDS):
                for (name, cpu), measured in runs.items():
                    measured.append(redraw_times(browser, base, cpu, modules[name]))
        browser.close()
    medians = {key: median_of(measured) for key, measured in runs.items()}
    baseline_name = next(iter(modules))
    print(f"Explorer redraw with style and layout, median of {3 * ROUNDS} per setting, {len(GRID)} settings "
          f"(η × γ × steps); ratios against {baseline_name} at the same CPU slowdown" if args.against
          else f"(η × γ × steps); ratios against CPU {args.cpu[0]:g}x")
    for (name, cpu), times in medians.items():
        baseline = medians[(baseline_name, cpu)] if args.against else medians[(name, args.cpu[0])]
        for switches, groups in times.items():
            for group, values in groups.items():
                ratio = statistics.median(values) / statistics.median(baseline[switches][group])
                print(f"  {name:12} CPU {cpu:g}x, {switches:15}, {group:9}: median {statistics.median(values):6.2f} ms, "
                      f"max {max(values):6.2f} ms, over 16 ms: {sum(v > 16 for v in values):3}/{len(values)}"
                      f", median ratio {ratio:.2f}")


if __name__ == "__main__":
    main()
