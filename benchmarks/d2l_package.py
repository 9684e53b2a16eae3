"""d2l 1.0.3 beside this environment, and Jupyter kernels that run cells with it or with d2lmini.

Shared by bench.py and d2l_chapters.py. d2l 1.0.3 is installed with ``pip install --no-deps``
into a cache folder (not into the environment); its ``import torchvision`` is served by an
empty stand-in module: torchvision has no CPU build here and the optimization chapters never
use it. d2l also imports pandas and scipy (benchmarks/requirements.txt).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import nbformat
from nbclient import NotebookClient

REPO = Path(__file__).resolve().parents[1]
CACHE = REPO / "_build" / "benchmark"


def prepare_d2l() -> Path:
    """The folder holding d2l 1.0.3 (without its pinned dependencies) and a stand-in torchvision."""
    target = CACHE / "d2l-1.0.3"
    if not (target / "d2l" / "torch.py").exists():
        subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps",
                        "--target", str(target), "d2l==1.0.3"], check=True)
    stub = target / "torchvision"
    stub.mkdir(exist_ok=True)
    (stub / "__init__.py").write_text('"""Stand-in: d2l.torch imports torchvision; these chapters never use it."""\n')
    (stub / "transforms.py").write_text("")
    return target


def airfoil_copy(workdir: Path) -> None:
    """Put the airfoil file where d2l looks for it: ../data from a kernel started in ``workdir / 'nb'``."""
    from d2lmini.data import download

    (workdir / "data").mkdir(parents=True, exist_ok=True)
    shutil.copy(download("airfoil"), workdir / "data")


@dataclass
class CellRun:
    """What running one cell took and showed."""

    seconds: float
    outputs: list

    @property
    def printed(self) -> str:
        return "".join(o.get("text", "") for o in self.outputs
                       if o.output_type == "stream" and o.get("name") == "stdout")

    @property
    def error(self) -> str | None:
        """The cell's exception as "Name: first line of its message", if it raised one."""
        for output in self.outputs:
            if output.output_type == "error":
                return f"{output.ename}: {output.evalue.splitlines()[0] if output.evalue else ''}"
        return None


class Kernel:
    """A fresh Jupyter kernel, started in ``cwd``, that runs code cells one by one and times them.

    ``extra_path`` goes first on the kernel's PYTHONPATH (d2l's folder, or a d2lmini checkout).
    """

    def __init__(self, stack: contextlib.ExitStack, cwd: Path, extra_path: Path | None = None):
        env = dict(os.environ)
        env.setdefault("TF_CPP_MIN_LOG_LEVEL", "1")  # keep TensorFlow's start-up notes out of the report
        if extra_path:
            env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(extra_path), env.get("PYTHONPATH")]))
        self.notebook = nbformat.v4.new_notebook()
        self.client = NotebookClient(self.notebook, timeout=1200, kernel_name="python3", allow_errors=True,
                                     resources={"metadata": {"path": str(cwd)}})
        stack.enter_context(self.client.setup_kernel(env=env))

    def run(self, code: str) -> CellRun:
        cell = nbformat.v4.new_code_cell(code)
        self.notebook.cells.append(cell)
        started = time.perf_counter()
        self.client.execute_cell(cell, len(self.notebook.cells) - 1)
        return CellRun(time.perf_counter() - started, cell.outputs)
