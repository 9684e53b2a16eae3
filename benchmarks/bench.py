"""Time the RMSProp chapter's four training calls in real Jupyter kernels: d2lmini against d2l 1.0.3.

Both libraries run side by side in one run, each in its own kernel, the calls
interleaved, several repetitions; the script prints each call's first run in
its kernel (what a reader waits for when running the chapter's cell, after
the imports cell) and the median of the runs after it, with the ratios
d2l / d2lmini. It also times executing the chapter notebook
end to end and the strict book build, cold (empty cache) and warm (nothing changed).

    pip install -r benchmarks/requirements.txt
    python benchmarks/bench.py [--repeat 5] [--skip-notebook] [--skip-build]

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


def bench_training(repeat: int) -> None:
    d2l_path = prepare_d2l()
    with tempfile.TemporaryDirectory() as tmp, contextlib.ExitStack() as stack:
        workdir = Path(tmp)
        airfoil_copy(workdir)
        (workdir / "nb").mkdir()
        kernels = {"d2lmini": Kernel(stack, workdir / "nb"),
                   "d2l 1.0.3": Kernel(stack, workdir / "nb", extra_path=d2l_path)}
        for name, kernel in kernels.items():
            run(kernel, "%matplotlib inline")
            seconds, _ = run(kernel, SETUP[name])
            run(kernel, DATA)
            print(f"{name}: imports and set-up {seconds:.1f} s")
        first: dict[tuple[str, str], float] = {}
        times = {(call, name): [] for call in CALLS for name in kernels}
        losses = {key: [] for key in times}
        for round_ in range(repeat + 1):  # round 0: each call's first run in its kernel, timed apart
            for call, code in CALLS.items():
                for name, kernel in kernels.items():
                    seconds, text = run(kernel, code)
                    if round_:
                        times[call, name].append(seconds)
                        losses[call, name].extend(float(v) for v in LOSS.findall(text))
                    else:
                        first[call, name] = seconds
        print(f"\nTraining calls in a Jupyter kernel: the first run of each (as a reader runs the "
              f"chapter's cell) and the median of the {repeat} runs after it\n")
        print(f"{'call':28} {'first call: d2l 1.0.3':>21} {'d2lmini':>8} {'ratio':>6}   "
              f"{'warm: d2l 1.0.3':>15} {'d2lmini':>8} {'ratio':>6}   final losses d2l | d2lmini")
        for call in CALLS:
            old_first, new_first = first[call, "d2l 1.0.3"], first[call, "d2lmini"]
            old = statistics.median(times[call, "d2l 1.0.3"])
            new = statistics.median(times[call, "d2lmini"])
            spread = " | ".join(f"{min(losses[call, n]):.3f}-{max(losses[call, n]):.3f}"
                                for n in ("d2l 1.0.3", "d2lmini"))
            print(f"{call:28} {old_first:20.3f}s {new_first:7.3f}s {old_first / new_first:5.1f}x   "
                  f"{old:14.3f}s {new:7.3f}s {old / new:5.1f}x   {spread}")


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
    parser.add_argument("--repeat", type=int, default=5, help="timed runs of each call (default 5)")
    parser.add_argument("--skip-notebook", action="store_true", help="do not time the chapter notebooks")
    parser.add_argument("--skip-build", action="store_true", help="do not time the book build")
    args = parser.parse_args()
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    bench_training(args.repeat)
    if not args.skip_notebook:
        for path in sorted(REPO.glob("chapters/*/*.ipynb")):
            bench_notebook(path)
    if not args.skip_build:
        print()
        bench_build()


if __name__ == "__main__":
    main()
