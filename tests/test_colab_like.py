"""The three chapter notebooks in a Colab-like environment: a second virtualenv with Colab's
ipywidgets 7, anywidget 0.9, NumPy 2.0, Matplotlib 3.10 and TensorFlow 2.20 (requirements-colab.txt),
then d2lmini installed on top as the chapter's install cell does in Colab (which upgrades
anywidget). Python is 3.11 here, where Colab has 3.12: torch's pinned CPU wheel is for 3.11.

The virtualenv is made once in _build/venv-colab and remade when its requirements change.
"""

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from filelock import FileLock

from d2lmini.widgets import RUN_THE_CELL, STEPS_RANGE

REPO = Path(__file__).resolve().parents[1]
REQUIREMENTS = REPO / "requirements-colab.txt"
VENV = REPO / "_build" / "venv-colab"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def run(*args, **kwargs):
    return subprocess.run(args, check=True, capture_output=True, text=True, **kwargs)


@pytest.fixture(scope="module")
def colab_python(tmp_path_factory):
    """The virtualenv's interpreter, with this checkout's d2lmini freshly installed into it."""
    python = VENV / "bin" / "python"
    stamp = VENV / "requirements.sha256"
    wanted = hashlib.sha256(REQUIREMENTS.read_bytes()).hexdigest()
    VENV.parent.mkdir(exist_ok=True)
    with FileLock(str(VENV.parent / "venv-colab.lock")):
        if not stamp.exists() or stamp.read_text() != wanted:
            run(sys.executable, "-m", "venv", "--clear", str(VENV))
            run(str(python), "-m", "pip", "install", "--quiet", "-r", str(REQUIREMENTS))
            stamp.write_text(wanted)
        # As Colab's install cell does (there from the repository, here from a copy of the
        # checkout, so that the build leaves nothing in it); this upgrades anywidget.
        package = tmp_path_factory.mktemp("d2lmini")
        for name in ["pyproject.toml", "README.md", "LICENSE", "d2lmini"]:
            copy = shutil.copytree if (REPO / name).is_dir() else shutil.copy
            copy(REPO / name, package / name)
        run(str(python), "-m", "pip", "install", "--quiet", "--force-reinstall", "--no-deps",
            str(package))
        run(str(python), "-m", "pip", "install", "--quiet", str(package))
    return python


@pytest.mark.parametrize("language", ["en", "ko", "vi"])
def test_chapter_runs_in_a_colab_like_environment(colab_python, language, tmp_path):
    executed = tmp_path / "rmsprop.ipynb"
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}  # the installed d2lmini only
    run(str(colab_python), str(REPO / "tests" / "run_notebook.py"),
        str(REPO / f"chapters/{language}/rmsprop.ipynb"), str(executed), env=env, cwd=tmp_path)
    notebook = nbformat.read(executed, as_version=4)
    versions = json.loads(notebook.cells[0].outputs[0]["text"])
    assert versions["python"].startswith(str(VENV))
    assert versions["ipywidgets"] == "7.7.1" and versions["numpy"] == "2.0.2"
    assert versions["matplotlib"] == "3.10.9" and versions["torch"].startswith("2.13.0")
    assert versions["tensorflow-cpu"] == "2.20.0" and versions["anywidget"].startswith("0.11.")

    outputs = [o for c in notebook.cells[1:] if c.cell_type == "code" for o in c.outputs]
    printed = "".join(o.get("text", "") for o in outputs if o.output_type == "stream")
    assert "epoch 20, x1: -0.010599, x2: 0.000000" in printed
    assert printed.count("sec/epoch") == 4
    assert [o["text"] for o in outputs if o.get("name") == "stderr"] == []
    assert sum("image/svg+xml" in o.get("data", {}) for o in outputs) >= 6

    explorers = [o["data"] for o in outputs if WIDGET_VIEW in o.get("data", {})]
    assert [data["text/plain"] for data in explorers] == [RUN_THE_CELL[language]] * 2
    states = notebook.metadata["widgets"]["application/vnd.jupyter.widget-state+json"]["state"]
    figures = [s["state"] for s in states.values() if s["model_name"] == "AnyModel"]
    assert {f["_model_module_version"] for f in figures} == {versions["anywidget"]}
    (steps,) = [s["state"] for s in states.values() if s["model_name"] == "IntSliderModel"]
    assert (steps["min"], steps["max"], steps["value"]) == (*STEPS_RANGE, 20)
