"""Use d2lmini as a reader who experiments and makes mistakes: count how each call of the table ends.

    python benchmarks/reader_sweep.py [--verbose]

Runs every call of the table in ``tests/support/reader_mistakes.py`` (the one that
``tests/test_reader_mistakes.py`` asserts on) in one process, each under a time limit, with a
stand-in for a Jupyter kernel's display, and prints how many calls ended in each outcome class
(see that module's docstring) and every call that ended in neither "clear error" nor
"labelled figure".

Which d2lmini is tried is whatever ``import d2lmini`` finds (set PYTHONPATH to a checkout, e.g.
one made with ``git archive``, to measure another version); the chapter's code and the table
come from this checkout.
"""

from __future__ import annotations

import argparse
import collections
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from support.fake_kernel import FakeKernel  # noqa: E402
from support.reader_mistakes import CLASSES, GOOD, cases, run  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", action="store_true", help="print every call's outcome")
    args = parser.parse_args()
    import d2lmini
    print(f"d2lmini from {Path(d2lmini.__file__).parent}")
    counts = collections.Counter()
    all_cases = cases()
    with FakeKernel() as kernel:
        for case in all_cases:
            outcome, why = run(case, kernel)
            counts[outcome] += 1
            if args.verbose or outcome not in GOOD:
                print(f"  {outcome:16} {case.name}: {why}", flush=True)
    print(f"\n{len(all_cases)} calls")
    for name in CLASSES:
        print(f"  {name:16} {counts[name]:4}")


if __name__ == "__main__":
    main()
