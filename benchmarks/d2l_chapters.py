"""Run d2l's own optimization chapters with d2lmini and with d2l 1.0.3, cell by cell, and compare.

    python benchmarks/d2l_chapters.py D2L_EN [--pytorch-notebooks DIR] [--tensorflow-notebooks DIR]
                                      [--chapters sgd momentum ...] [--frameworks pytorch tensorflow]

D2L_EN is a checkout of the public d2l-en repository (github.com/d2l-ai/d2l-en): the code blocks
of its chapter_optimization/<chapter>.md tagged ``#@tab pytorch``, ``tensorflow`` or ``all``.
The notebook folders, if given, are checkouts of the published d2l 1.0.3 notebooks
(d2l-ai/d2l-pytorch-colab, d2l-ai/d2l-tensorflow-colab): the code cells of their
chapter_optimization/<chapter>.ipynb, without the ``!pip install`` cell. Neither is kept in
this repository.

For each chapter, framework and source, the cells run top to bottom in a fresh Jupyter kernel,
once as written (d2l 1.0.3, installed by d2l_package.py) and once with ``from d2l import ... as
d2l`` made ``from d2lmini import ... as d2l``, up to the first cell that raises. The table says,
for each library, how many cells ran, the first failure, how many lines the cells printed and
how long they took (kernel start not included), then how d2lmini's run compares with d2l's: the
2-D lines ("epoch 20, x1: ...") that are identical, the largest difference of the printed
losses, whether each cell showed as many figures and results, and the cells that were slowest
against d2l's (time ratio d2lmini / d2l): of those that call a training function (train_ch11,
train_concise_ch11, a chapter's wrapper of them), and of those that compute and draw a 2-D path
(train_2d and show_trace_2d, where drawing takes the time). Results are printed, never asserted.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from d2l_package import CellRun, Kernel, airfoil_copy, prepare_d2l

CHAPTERS = ["sgd", "momentum", "adagrad", "rmsprop", "adadelta", "adam"]
MODULES = {"pytorch": "torch", "tensorflow": "tensorflow"}
CODE_BLOCK = re.compile(r"^```\{\.python \.input\}\n(.*?)^```$", re.S | re.M)
D2L_IMPORT = re.compile(r"from d2l import (torch|tensorflow) as d2l")
TRAINING = re.compile(r"\b(train_ch11|train_concise_ch11|train_momentum)\(")  # the regression's training calls
TWO_D = re.compile(r"\btrain_2d\(")  # a 2-D path, drawn in the same cell
TWO_D_LINE = re.compile(r"^epoch \d+, x1: ")
LOSS_LINE = re.compile(r"^loss: ([-\w.]+), [\d.]+ sec/epoch")
LIBRARIES = ("d2lmini", "d2l 1.0.3")


def source_cells(d2l_en: Path, chapter: str, framework: str) -> list[str]:
    """The code blocks of the chapter's d2l-en source tagged for ``framework`` or all (untagged ones are MXNet's)."""
    cells = []
    for block in CODE_BLOCK.findall((d2l_en / "chapter_optimization" / f"{chapter}.md").read_text()):
        first, _, rest = block.partition("\n")
        if first.startswith("#@tab"):
            tabs = {tab.strip() for tab in first[len("#@tab"):].split(",")}
            if tabs & {"all", framework}:
                cells.append(rest)
    return cells


def notebook_cells(folder: Path, chapter: str) -> list[str]:
    """The code cells of a published notebook, without the shell command that installs d2l."""
    notebook = json.loads((folder / "chapter_optimization" / f"{chapter}.ipynb").read_text())
    cells = ["".join(cell["source"]) for cell in notebook["cells"] if cell["cell_type"] == "code"]
    return [cell for cell in cells if not cell.lstrip().startswith(("!", "%pip"))]


@dataclass
class ChapterRun:
    cells: list[CellRun]
    total: int

    @property
    def failure(self) -> str | None:
        failed = self.cells[-1].error if self.cells else None
        return f"cell {len(self.cells)}: {failed}" if failed else None

    @property
    def ran(self) -> int:
        return len(self.cells) - (1 if self.failure else 0)

    def lines(self, pattern: re.Pattern | None = None) -> list[str]:
        printed = [line for cell in self.cells for line in cell.printed.splitlines()]
        return [line for line in printed if pattern.match(line)] if pattern else printed

    @property
    def seconds(self) -> float:
        return sum(cell.seconds for cell in self.cells)


def run_cells(cells: list[str], workdir: Path, d2l_path: Path | None) -> ChapterRun:
    """Run ``cells`` in a fresh kernel (with d2l 1.0.3 on its path if given) up to the first error."""
    runs = []
    with contextlib.ExitStack() as stack:
        kernel = Kernel(stack, workdir / "nb", extra_path=d2l_path)
        for code in cells:
            runs.append(kernel.run(code))
            if runs[-1].error:
                break
    return ChapterRun(runs, len(cells))


def output_counts(cell: CellRun) -> tuple[int, int]:
    """How many figures and results a cell showed."""
    kinds = [output.output_type for output in cell.outputs]
    return kinds.count("display_data"), kinds.count("execute_result")


def compare(cells: list[str], mini: ChapterRun, d2l: ChapterRun) -> dict[str, str]:
    """How d2lmini's run of ``cells`` compares with d2l's, in words for the table."""
    both = list(zip(cells, mini.cells, d2l.cells))
    two_d = list(zip(mini.lines(TWO_D_LINE), d2l.lines(TWO_D_LINE)))
    same_two_d = sum(a == b for a, b in two_d)
    losses = [(float(a), float(b)) for a, b in zip(
        (LOSS_LINE.match(line).group(1) for line in mini.lines(LOSS_LINE)),
        (LOSS_LINE.match(line).group(1) for line in d2l.lines(LOSS_LINE)))]
    unlike = [str(index + 1) for index, (_, a, b) in enumerate(both)
              if not a.error and not b.error and output_counts(a) != output_counts(b)]

    def slowest(kind: re.Pattern) -> str:
        ratios = [(a.seconds / b.seconds, index + 1) for index, (code, a, b) in enumerate(both)
                  if kind.search(code) and not a.error and not b.error]
        return f"{max(ratios)[0]:.2f}x (cell {max(ratios)[1]})" if ratios else "-"

    return {
        "2-D lines identical": f"{same_two_d}/{len(two_d)}" if two_d else "-",
        "largest loss difference": f"{max(abs(a - b) for a, b in losses):.3f} ({len(losses)})" if losses else "-",
        "figures/results per cell": "same" if not unlike else "differ in cells " + ", ".join(unlike),
        "slowest training cell": slowest(TRAINING),
        "slowest 2-D cell": slowest(TWO_D),
    }


def print_cells(cells: list[str], runs: dict[str, ChapterRun]) -> None:
    """Each cell's first line of code and its time with each library."""
    for index, code in enumerate(cells):
        times = [f"{run.cells[index].seconds:7.3f} s" if index < len(run.cells) else "      -  "
                 for run in runs.values()]
        lines = [line for line in code.splitlines() if line.strip() and not line.startswith(("#", "%"))]
        print(f"    cell {index + 1:2}: {' '.join(times)}  {(lines[-1] if lines else '').strip()[:70]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("d2l_en", type=Path, help="a checkout of github.com/d2l-ai/d2l-en")
    parser.add_argument("--pytorch-notebooks", type=Path, help="a checkout of d2l-ai/d2l-pytorch-colab")
    parser.add_argument("--tensorflow-notebooks", type=Path, help="a checkout of d2l-ai/d2l-tensorflow-colab")
    parser.add_argument("--chapters", nargs="+", default=CHAPTERS, choices=CHAPTERS)
    parser.add_argument("--frameworks", nargs="+", default=list(MODULES), choices=list(MODULES))
    parser.add_argument("--verbose", action="store_true", help="also print each cell's time in both runs")
    args = parser.parse_args()
    if not (args.d2l_en / "chapter_optimization").is_dir():
        parser.error(f"{args.d2l_en} has no chapter_optimization folder: is it a d2l-en checkout?")
    notebooks = {"pytorch": args.pytorch_notebooks, "tensorflow": args.tensorflow_notebooks}
    d2l_path = prepare_d2l()
    with tempfile.TemporaryDirectory() as folder:
        workdir = Path(folder)
        airfoil_copy(workdir)  # ../data for d2l; d2lmini reads the same file
        os.environ["D2LMINI_DATA_DIR"] = str(workdir / "data")
        (workdir / "nb").mkdir()
        rows = []
        for chapter in args.chapters:
            for framework in args.frameworks:
                sources = {"d2l-en source": source_cells(args.d2l_en, chapter, framework)}
                if notebooks[framework]:
                    sources["published notebook"] = notebook_cells(notebooks[framework], chapter)
                for source, cells in sources.items():
                    runs = {"d2lmini": run_cells([D2L_IMPORT.sub(r"from d2lmini import \1 as d2l", cell)
                                                  for cell in cells], workdir, None),
                            "d2l 1.0.3": run_cells(cells, workdir, d2l_path)}
                    row = {"chapter": chapter, "framework": framework, "source": source}
                    for library, run in runs.items():
                        row[library] = (f"{run.ran}/{run.total} cells, {run.failure or 'no failure'}, "
                                        f"{len(run.lines())} lines, {run.seconds:.1f} s")
                    row.update(compare(cells, runs["d2lmini"], runs["d2l 1.0.3"]))
                    rows.append(row)
                    print(" | ".join(str(value) for value in row.values()), flush=True)
                    if args.verbose:
                        print_cells(cells, runs)
    print("\n| " + " | ".join(rows[0]) + " |\n|" + " --- |" * len(rows[0]))
    for row in rows:
        print("| " + " | ".join(row.values()) + " |")


if __name__ == "__main__":
    main()
