"""How long the RMSProp explorer's figureMarkup takes in Node: its own computation and markup,
without the browser's parsing, style and layout (tests/support/figure_page.py's sweep and
benchmarks/site.py time whole redraws; the map, computed once per start, problem and number of
steps, is timed by benchmarks/redraw.py). The baseline is the same figure with its switches off,
measured in the same run:

    python benchmarks/figure_markup.py [--repeats 300]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from d2lmini.language import FIGURE_LABELS  # noqa: E402
from d2lmini.widgets import CONTROLS, ESM, figure_controls  # noqa: E402

TIMING = """
const figures = await import(%(module)s);
const {labels, controls, repeats} = %(argument)s;
const ALL_ON = {rotated: true, gd: true, momentum: true, adagrad: true};
const median = (values) => {
    const times = [];
    for (let i = 0; i < repeats; i++) {
        const start = performance.now();
        figures.figureMarkup('rmsprop', values, labels, 'bench', controls);
        times.push(performance.now() - start);
    }
    return times.sort((a, b) => a - b)[Math.floor(repeats / 2)];
};
const rows = [];
for (const steps of [20, 200]) for (const eta of [0.4, 2]) {
    rows.push({eta, steps, off: median({eta, gamma: 0.9, steps, start: [-5, -2]}),
               on: median({eta, gamma: 0.9, steps, start: [-5, -2], ...ALL_ON})});
}
console.log(JSON.stringify(rows));
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=300, help="markups per setting (median)")
    args = parser.parse_args()
    script = TIMING % {"module": json.dumps(ESM.as_uri()),
                       "argument": json.dumps({"labels": FIGURE_LABELS["en"], "repeats": args.repeats,
                                               "controls": figure_controls(list(CONTROLS))})}
    done = subprocess.run(["node", "--input-type=module"], input=script, capture_output=True, text=True,
                          check=True)
    print(f"figureMarkup in Node, median of {args.repeats} (γ = 0.9):")
    for row in json.loads(done.stdout):
        print(f"  η = {row['eta']:<3} {row['steps']:3} steps: switches off {row['off']:6.3f} ms, "
              f"all on {row['on']:6.3f} ms, ratio {row['on'] / row['off']:.2f}")


if __name__ == "__main__":
    main()
