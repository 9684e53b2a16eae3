"""Time a reader's "Run All" of a chapter against the same chapter at a baseline commit.

The worked answers may make the whole notebook's run-all at most 5 s longer than the chapter
before them (commit 384392e). This script runs every code cell, both
frameworks, in order, in a fresh kernel, for the baseline (its chapter and its d2lmini,
exported with ``git archive`` into a temporary folder) and for the working tree, alternating
the two, and prints per run the wall time and the kernel's CPU time (all its threads), then
the medians, the growth (median minus median) and, for the working tree, the cells with the
largest median wall time.

    python benchmarks/runall.py [--baseline 384392e] [--rounds 3] [--chapter chapters/en/rmsprop.md]

On a machine that is busy with other work the wall times swing by seconds; the CPU times
swing less, so a growth seen in both is more trustworthy. Results are printed, never asserted.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

import jupytext
import nbformat
from nbclient import NotebookClient

REPO = Path(__file__).resolve().parents[1]
CPU_TIME = "import time as _t; print(_t.process_time())"


def run_all(tree: Path, chapter: str) -> tuple[float, float, list[tuple[float, str]]]:
    """Wall time and kernel CPU time of running every code cell of ``tree/chapter``, and each cell's wall time."""
    notebook = jupytext.read(tree / chapter)
    cells = [cell for cell in notebook.cells if cell.cell_type == "code"]
    notebook.cells = cells + [nbformat.v4.new_code_cell(CPU_TIME)]
    environment = dict(os.environ, PYTHONPATH=os.pathsep.join(
        [str(tree)] + [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]))
    client = NotebookClient(notebook, timeout=1200, kernel_name="python3",
                            resources={"metadata": {"path": str((tree / chapter).parent)}})
    with client.setup_kernel(env=environment):
        cpu_at_start = float(client.execute_cell(notebook.cells[-1], len(cells)).outputs[0]["text"])
        per_cell = []
        started = time.perf_counter()
        for index, cell in enumerate(cells):
            cell_started = time.perf_counter()
            client.execute_cell(cell, index)
            per_cell.append((time.perf_counter() - cell_started, cell.source))
        wall = time.perf_counter() - started
        cpu = float(client.execute_cell(notebook.cells[-1], len(cells)).outputs[0]["text"]) - cpu_at_start
    return wall, cpu, per_cell


def cell_name(source: str) -> str:
    """The cell's framework, if it has one, and its first line of code after the imports, to name it."""
    lines = [line for line in source.splitlines() if line.strip()]
    framework = next((line[2:] + ": " for line in lines[:1] if line in ("# PyTorch", "# TensorFlow")), "")
    code = [line for line in lines if not line.startswith(("#", "from ", "import ", "%"))]
    return (framework + (code[0] if code else lines[-1] if lines else ""))[:80]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", default="384392e", help="the commit to compare with (default 384392e)")
    parser.add_argument("--rounds", type=int, default=3, help="runs of each, alternating (default 3)")
    parser.add_argument("--chapter", default="chapters/en/rmsprop.md", help="the chapter, from the repository root")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        baseline = Path(folder)
        archive = subprocess.run(["git", "-C", str(REPO), "archive", args.baseline, "d2lmini", "chapters"],
                                 check=True, capture_output=True).stdout
        subprocess.run(["tar", "-x", "-C", str(baseline)], input=archive, check=True)
        runs: dict[str, list[tuple[float, float, list[tuple[float, str]]]]] = {"baseline": [], "working tree": []}
        for round_number in range(1, args.rounds + 1):
            for label, tree in (("baseline", baseline), ("working tree", REPO)):
                runs[label].append(run_all(tree, args.chapter))
                wall, cpu, _ = runs[label][-1]
                print(f"round {round_number}, {label:12}: wall {wall:5.1f} s, kernel CPU {cpu:5.1f} s", flush=True)
    medians = {label: (statistics.median(r[0] for r in results), statistics.median(r[1] for r in results))
               for label, results in runs.items()}
    (old_wall, old_cpu), (new_wall, new_cpu) = medians["baseline"], medians["working tree"]
    print(f"\nMedians of {args.rounds} runs of {args.chapter}:")
    print(f"  baseline {args.baseline}: wall {old_wall:5.1f} s, kernel CPU {old_cpu:5.1f} s")
    print(f"  working tree:     wall {new_wall:5.1f} s, kernel CPU {new_cpu:5.1f} s")
    print(f"  growth:           wall {new_wall - old_wall:+5.1f} s ({new_wall / old_wall:.2f}x), "
          f"kernel CPU {new_cpu - old_cpu:+5.1f} s ({new_cpu / old_cpu:.2f}x)")
    cells = [(statistics.median(run[2][i][0] for run in runs["working tree"]), source)
             for i, (_, source) in enumerate(runs["working tree"][0][2])]
    print("\nWorking tree, the slowest cells (median wall time):")
    for seconds, source in sorted(cells, key=lambda cell: cell[0], reverse=True)[:12]:
        print(f"  {seconds:5.2f} s  {cell_name(source)}")


if __name__ == "__main__":
    main()
