"""How long the RMSProp explorer takes to redraw in Chromium, for every setting of the sliders and
switches that tests/test_figure_module.py sweeps (on the test page of tests/support/figure_page.py) (η × γ × steps, switches off and all on), each
from the setting before it: the model change, the new markup, and the browser's style and layout;
per setting the median of six redraws (the shortest would pick, with the CPU slowed, the redraws
that fell between the throttle's pauses). The same for the airfoil figure over its sweep (η × γ ×
epochs, overlays off and on), trained on its data; and the explorer's map: how long a new map
(another start, problem or number of steps) takes to compute on the page's thread, how long from
the change to the map drawn when the explorer has its worker compute it, and the longest task on
the page's thread meanwhile (a task over 50 ms would hold up the reader's input).

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
from support.figure_page import (AIRFOIL_GRID, ALL_OFF, ALL_ON, GRID, figure_labels,  # noqa: E402
                                 figure_page_origin, map_times, mount_airfoil, open_figure_page,
                                 sweep, sweep_airfoil)

SWITCHES = {"switches off": ALL_OFF, "all switches on": ALL_ON}
AIRFOIL_SWITCHES = {"overlays off": {}, "overlays on": {"gd": True, "momentum": True, "adagrad": True}}
# New maps: each start, problem and number of steps once (no map the explorer computed before).
MAP_SETTINGS = [(rotated, start, steps) for steps in (20, 100, 201) for rotated in (False, True)
                for start in ([-4.5, -2.5], [0.5, -2.7], [-1.23, 0.77])]
ROUNDS = 2  # turns per module and slowdown, of three redraws per setting each


def throttled_page(browser, base: str, cpu: float, module: str):
    page = open_figure_page(browser, base, module=module)
    if cpu > 1:
        page.context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": cpu})
    return page


def redraw_times(browser, base: str, cpu: float, module: str) -> dict[str, dict[str, list[float]]]:
    """Per switch setting: the redraw times (ms, three per setting) of every setting, and of those
    with 200 steps."""
    page = throttled_page(browser, base, cpu, module)
    grid = [[*setting, switches] for switches in SWITCHES.values() for setting in GRID]
    results = sweep(page, grid, figure_labels("rmsprop", "en"))
    page.context.close()
    times = {}
    for name, switches in SWITCHES.items():
        chosen = [(setting, result["ms"]) for setting, result in zip(grid, results) if setting[3] == switches]
        times[name] = {"all": [ms for _, ms in chosen], "200 steps": [ms for s, ms in chosen if s[2] == 200]}
    return times


def airfoil_times(browser, base: str, cpu: float, module: str) -> dict[str, list[list[float]]]:
    """Per overlay setting: the airfoil figure's redraw times (ms, three per setting)."""
    page = throttled_page(browser, base, cpu, module)
    labels = figure_labels("airfoil", "en")
    mount_airfoil(page, labels)
    grid = [[*setting, switches] for switches in AIRFOIL_SWITCHES.values() for setting in AIRFOIL_GRID]
    results = sweep_airfoil(page, grid, labels)
    page.context.close()
    return {name: [result["ms"] for setting, result in zip(grid, results) if setting[3] == switches]
            for name, switches in AIRFOIL_SWITCHES.items()}


def map_recompute_times(browser, base: str, cpu: float, module: str) -> dict[str, list[float]]:
    """New maps: from the change to the map drawn (its worker), the longest task on the page's
    thread meanwhile, and each map's time when computed on the page's thread (ms)."""
    page = throttled_page(browser, base, cpu, module)
    results = map_times(page, MAP_SETTINGS)
    page.context.close()
    return results


def report_times(title: str, groups: dict[str, list[float]], limit: float) -> None:
    for group, values in groups.items():
        print(f"  {title}, {group:28}: median {statistics.median(values):6.2f} ms, max {max(values):6.2f} ms, "
              f"over {limit:g} ms: {sum(v > limit for v in values):3}/{len(values)}")


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
    # The working tree's airfoil figure and map (a baseline revision may have neither).
    with sync_playwright() as playwright:
        browser = launch(playwright)
        with figure_page_origin() as base:
            airfoil = {cpu: [airfoil_times(browser, base, cpu, modules["working tree"]) for _ in range(ROUNDS)]
                       for cpu in args.cpu}
            maps = {cpu: [map_recompute_times(browser, base, cpu, modules["working tree"]) for _ in range(ROUNDS)]
                    for cpu in args.cpu}
        browser.close()
    print(f"\nAirfoil figure redraw with style and layout, median of {3 * ROUNDS} per setting, "
          f"{len(AIRFOIL_GRID)} settings (η × γ × epochs), trained on its data:")
    for cpu, measured in airfoil.items():
        report_times(f"CPU {cpu:g}x", {name: [statistics.median(sum(values, [])) for values in zip(*(run[name] for run in measured))]
                                       for name in AIRFOIL_SWITCHES}, 16)
    print(f"\nA new map of the explorer ({len(MAP_SETTINGS)} starts, problems and numbers of steps, {ROUNDS} rounds):")
    for cpu, measured in maps.items():
        report_times(f"CPU {cpu:g}x", {"change to drawn (worker)": sum((run["worker"] for run in measured), []),
                                       "longest task meanwhile": sum((run["longest"] for run in measured), []),
                                       "on the page's thread instead": sum((run["here"] for run in measured), [])}, 50)


if __name__ == "__main__":
    main()
