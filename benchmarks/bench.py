"""Time the RMSProp chapter's four training calls in real Jupyter kernels: d2lmini against d2l 1.0.3.

Each library runs the chapter's imports, its data and then its four training calls, round after
round, in fresh kernels that take turns, in two ways: "paused", with a reader's two-second pause
before each cell, and "Run All", each cell right after the one before. For each way the script
prints each call's first run in its kernel (what a reader waits for when running the chapter's
cell; median over the kernels) and the median of the runs after it, with the ratios d2l / d2lmini.
``--baseline <commit>`` times d2lmini as it was at that commit too, in the same session. It also
times executing the chapter notebooks end to end and the strict book build, cold (empty cache)
and warm (nothing changed).

    pip install -r benchmarks/requirements.txt
    python benchmarks/bench.py [--repeat 3] [--kernels 3] [--baseline main] [--modes paused "Run All"]
                               [--skip-notebook] [--skip-build]

d2l 1.0.3 is installed by d2l_package.py, beside the environment. Results
are printed, never asserted.
"""

from __future__ import annotations

import argparse
import contextlib
import re
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from d2l_package import REPO, Kernel, airfoil_copy, prepare_d2l

sys.path.insert(0, str(REPO / "tests"))
from chapter_code import chapter_cell  # noqa: E402

# The chapter's code as each library's edition of it has it: d2lmini's taken from the cells of
# chapters/en/rmsprop.md, d2l's from the d2l book (PyTorch and TensorFlow tabs).
SETUP = {
    "d2lmini": f"""
from d2lmini import torch as d2l_torch
from d2lmini import tensorflow as d2l_tf
import torch
import tensorflow as tf

torch_cell, tf_cell = {{"torch": torch}}, {{"tf": tf}}
exec({chapter_cell("rmsprop", "pytorch")!r}, torch_cell)
exec({chapter_cell("rmsprop", "tensorflow")!r}, tf_cell)
init_rmsprop_states_torch, rmsprop_torch = torch_cell["init_rmsprop_states"], torch_cell["rmsprop"]
init_rmsprop_states_tf, rmsprop_tf = tf_cell["init_rmsprop_states"], tf_cell["rmsprop"]
""",
    "d2l 1.0.3": """
from d2l import torch as d2l_torch
from d2l import tensorflow as d2l_tf
import torch
import tensorflow as tf

def init_rmsprop_states_torch(feature_dim):
    s_w = d2l_torch.zeros((feature_dim, 1))
    s_b = d2l_torch.zeros(1)
    return (s_w, s_b)

def rmsprop_torch(params, states, hyperparams):
    gamma, eps = hyperparams['gamma'], 1e-6
    for p, s in zip(params, states):
        with torch.no_grad():
            s[:] = gamma * s + (1 - gamma) * torch.square(p.grad)
            p[:] -= hyperparams['lr'] * p.grad / torch.sqrt(s + eps)
        p.grad.data.zero_()

def init_rmsprop_states_tf(feature_dim):
    s_w = tf.Variable(d2l_tf.zeros((feature_dim, 1)))
    s_b = tf.Variable(d2l_tf.zeros(1))
    return (s_w, s_b)

def rmsprop_tf(params, grads, states, hyperparams):
    gamma, eps = hyperparams['gamma'], 1e-6
    for p, s, g in zip(params, states, grads):
        s[:].assign(gamma * s + (1 - gamma) * tf.math.square(g))
        p[:].assign(p - hyperparams['lr'] * g / tf.math.sqrt(s + eps))
""",
}

DATA = """
data_iter_torch, feature_dim = d2l_torch.get_data_ch11(batch_size=10)
data_iter_tf, _ = d2l_tf.get_data_ch11(batch_size=10)
"""

CALLS = {
    "PyTorch from scratch": "d2l_torch.train_ch11(rmsprop_torch, init_rmsprop_states_torch(feature_dim), "
                            "{'lr': 0.01, 'gamma': 0.9}, data_iter_torch, feature_dim);",
    "PyTorch concise (4 epochs)": "d2l_torch.train_concise_ch11(torch.optim.RMSprop, "
                                  "{'lr': 0.01, 'alpha': 0.9}, data_iter_torch);",
    "TensorFlow from scratch": "d2l_tf.train_ch11(rmsprop_tf, init_rmsprop_states_tf(feature_dim), "
                               "{'lr': 0.01, 'gamma': 0.9}, data_iter_tf, feature_dim);",
    "TensorFlow concise": "d2l_tf.train_concise_ch11(tf.keras.optimizers.RMSprop, "
                          "{'learning_rate': 0.01, 'rho': 0.9}, data_iter_tf);",
}

LOSS = re.compile(r"loss: (\d+\.\d+)")


def run(kernel: Kernel, code: str) -> tuple[float, str]:
    """Run ``code`` in ``kernel``: its wall time and what it printed; an error in it stops the benchmark."""
    cell = kernel.run(code)
    if cell.error:
        raise RuntimeError(f"{code.splitlines()[0]}...: {cell.error}")
    return cell.seconds, cell.printed


PAUSE = 2.0  # seconds a reader spends on the text between two cells
MODES = {"paused": PAUSE, "Run All": 0.0}


@dataclass
class Timings:
    """One library's calls in one way of running: each kernel's first run, the runs after it, the losses."""

    first: dict[str, list[float]] = field(default_factory=lambda: {call: [] for call in CALLS})
    warm: dict[str, list[float]] = field(default_factory=lambda: {call: [] for call in CALLS})
    losses: dict[str, list[float]] = field(default_factory=lambda: {call: [] for call in CALLS})


def time_kernel(timings: Timings, setup: str, workdir: Path, extra_path: Path | None, repeat: int,
                pause: float) -> None:
    """Run the set-up and ``repeat`` + 1 rounds of the calls in a fresh kernel, ``pause`` seconds
    before each cell, adding each call's first run and later runs to ``timings``."""
    with contextlib.ExitStack() as stack:
        kernel = Kernel(stack, workdir / "nb", extra_path=extra_path)
        for code in ("%matplotlib inline", setup, DATA):
            run(kernel, code)
            time.sleep(pause)
        for round_ in range(repeat + 1):
            for call, code in CALLS.items():
                seconds, text = run(kernel, code)
                time.sleep(pause)
                (timings.warm if round_ else timings.first)[call].append(seconds)
                timings.losses[call].extend(float(v) for v in LOSS.findall(text))


def baseline_tree(commit: str, folder: Path) -> Path:
    """d2lmini as it was at ``commit``, exported into ``folder`` (for the kernel's PYTHONPATH)."""
    archive = subprocess.run(["git", "-C", str(REPO), "archive", commit, "d2lmini"], check=True,
                             capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive, check=True)
    return folder


def bench_training(repeat: int, kernels: int, baseline: str | None, modes: list[str]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        airfoil_copy(workdir)
        (workdir / "nb").mkdir()
        libraries = {"d2l 1.0.3": (SETUP["d2l 1.0.3"], prepare_d2l())}
        if baseline:
            (workdir / "baseline").mkdir()
            libraries[f"d2lmini {baseline}"] = (SETUP["d2lmini"], baseline_tree(baseline, workdir / "baseline"))
        libraries["d2lmini"] = (SETUP["d2lmini"], None)
        for mode in modes:
            timings = {name: Timings() for name in libraries}
            for _ in range(kernels):  # the libraries take turns, so that a busy spell hits them alike
                for name, (setup, extra_path) in libraries.items():
                    time_kernel(timings[name], setup, workdir, extra_path, repeat, MODES[mode])
            print_timings(mode, timings, repeat, kernels)


def print_timings(mode: str, timings: dict[str, Timings], repeat: int, kernels: int) -> None:
    how = (f"a pause of {PAUSE:g} s before each cell, as a reader reads" if MODES[mode]
           else "every cell right after the one before")
    print(f"\n{mode} ({how}): each call's first run in a fresh kernel, after the imports and data "
          f"cells (median of {kernels} kernels), and its later runs (median of {kernels} x {repeat}); "
          "ratios: d2l 1.0.3's time / d2lmini's\n")
    names = list(timings)
    header = "".join(f"{name:>18}" for name in names)
    print(f"{'call':28}{'first:':>8}{header}{'ratio':>8}   {'warm:':>6}{header}{'ratio':>8}   final losses")
    for call in CALLS:
        first = [statistics.median(timings[name].first[call]) for name in names]
        warm = [statistics.median(timings[name].warm[call]) for name in names]
        losses = " | ".join(f"{min(timings[name].losses[call]):.3f}-{max(timings[name].losses[call]):.3f}"
                            for name in names)
        print(f"{call:28}{'':8}" + "".join(f"{t:17.3f}s" for t in first) + f"{first[0] / first[-1]:7.1f}x"
              + f"   {'':6}" + "".join(f"{t:17.3f}s" for t in warm) + f"{warm[0] / warm[-1]:7.1f}x   {losses}")


def bench_notebook(path: Path) -> None:
    """Execute a chapter notebook end to end in a new kernel; print the slowest cells."""
    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(notebook, timeout=1200, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}})
    started = time.perf_counter()
    cell_times = []
    with client.setup_kernel():
        kernel_ready = time.perf_counter() - started
        for index, cell in enumerate(notebook.cells):
            if cell.cell_type == "code":
                cell_started = time.perf_counter()
                client.execute_cell(cell, index)
                lines = [line for line in cell.source.splitlines() if line.strip()]
                cell_times.append((time.perf_counter() - cell_started, lines[:1] + lines[-1:]))
        total = time.perf_counter() - started
    shutdown = time.perf_counter() - started - total
    print(f"\nNotebook {path.relative_to(REPO)}: {total:.1f} s from kernel start to last cell "
          f"(kernel start {kernel_ready:.1f} s, cells {sum(t for t, _ in cell_times):.1f} s; "
          f"kernel shutdown afterwards {shutdown:.1f} s)")
    slowest = sorted(cell_times, reverse=True)
    for seconds, lines in slowest[:8]:
        print(f"  {seconds:6.2f} s  {' ... '.join(lines)[:100]}")
    print(f"  {sum(seconds for seconds, _ in slowest[8:]):6.2f} s  the other {len(slowest) - 8} code cells")


def bench_build() -> None:
    """The strict build, cold (empty cache) and warm (again, nothing changed)."""
    with tempfile.TemporaryDirectory() as out:
        command = [str(Path(sys.executable).with_name("jupyter-book")), "build", str(REPO),
                   "--path-output", out, "-W", "-n", "--keep-going"]
        for label in ("cold", "warm"):
            started = time.perf_counter()
            build = subprocess.run(command, capture_output=True, text=True)
            seconds = time.perf_counter() - started
            executed = build.stdout.count("Executing notebook")
            status = "ok" if build.returncode == 0 else f"FAILED ({build.returncode})"
            print(f"Strict build, {label}: {seconds:.1f} s, {executed} notebook(s) executed, {status}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="warm runs of each call per kernel (default 3)")
    parser.add_argument("--kernels", type=int, default=3, help="fresh kernels per library and way of running (default 3)")
    parser.add_argument("--baseline", help="also time d2lmini as it was at this commit (e.g. main)")
    parser.add_argument("--modes", nargs="+", default=list(MODES), choices=list(MODES),
                        help="ways of running the cells (default: both)")
    parser.add_argument("--skip-notebook", action="store_true", help="do not time the chapter notebooks")
    parser.add_argument("--skip-build", action="store_true", help="do not time the book build")
    args = parser.parse_args()
    if args.repeat < 1 or args.kernels < 1:
        parser.error("--repeat and --kernels must be at least 1")
    bench_training(args.repeat, args.kernels, args.baseline, args.modes)
    if not args.skip_notebook:
        for path in sorted(REPO.glob("chapters/*/*.ipynb")):
            bench_notebook(path)
    if not args.skip_build:
        print()
        bench_build()


if __name__ == "__main__":
    main()
