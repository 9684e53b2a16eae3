"""The chapter notebooks: paired .md/.ipynb in sync, framework cells labelled, runnable per
framework, and free of the airfoil data set.

nbval executes every cell of the committed .ipynb files (see the pytest options in
pyproject.toml); these tests check what nbval does not.
"""

import base64
import json
import sys
import types
from pathlib import Path

import jupytext
import nbformat
import numpy as np
import pytest
import yaml
from nbclient import NotebookClient

from d2lmini import airfoil_figure
from d2lmini.data import download

REPO = Path(__file__).resolve().parents[1]
CHAPTERS = sorted(REPO.glob("chapters/*/*.md"))
FRAMEWORK_LABELS = {"pytorch": "# PyTorch", "tensorflow": "# TensorFlow"}


def cells(notebook):
    return [(c.cell_type, c.source, c.metadata.get("tags", [])) for c in notebook.cells]


def code_cells(md_path):
    return [c for c in jupytext.read(md_path).cells if c.cell_type == "code"]


def test_there_is_a_chapter():
    assert REPO / "chapters/en/rmsprop.md" in CHAPTERS


@pytest.mark.parametrize("md_path", CHAPTERS, ids=lambda p: p.parent.name)
def test_md_and_ipynb_are_in_sync(md_path):
    ipynb_path = md_path.with_suffix(".ipynb")
    assert ipynb_path.exists(), f"{ipynb_path} is missing: run jupytext --sync {md_path}"
    assert cells(jupytext.read(md_path)) == cells(nbformat.read(ipynb_path, as_version=4)), (
        f"{md_path.name} and {ipynb_path.name} differ: run jupytext --sync {md_path}")


@pytest.mark.parametrize("md_path", CHAPTERS, ids=lambda p: p.parent.name)
def test_framework_cells_are_tagged_and_labelled(md_path):
    tagged = 0
    for cell in code_cells(md_path):
        tags = set(cell.metadata.get("tags", [])) & set(FRAMEWORK_LABELS)
        first_line = cell.source.splitlines()[0] if cell.source else ""
        labels = {tag for tag, label in FRAMEWORK_LABELS.items() if first_line == label}
        assert tags == labels, f"tags {sorted(tags)} but first line {first_line!r}"
        tagged += len(tags)
        if "torch" in cell.source.replace("d2lmini import torch", ""):
            assert tags == {"pytorch"}, f"untagged PyTorch code:\n{cell.source}"
        if "tf." in cell.source or "import tensorflow" in cell.source:
            assert tags == {"tensorflow"}, f"untagged TensorFlow code:\n{cell.source}"
    assert tagged >= 8


@pytest.mark.parametrize("md_path", CHAPTERS, ids=lambda p: p.parent.name)
def test_first_cell_installs_d2lmini_from_the_configured_repository(md_path):
    repository = yaml.safe_load((REPO / "_config.yml").read_text())["repository"]["url"]
    first = jupytext.read(md_path).cells[0]
    assert first.cell_type == "code" and "remove-cell" in first.metadata.get("tags", [])
    assert f"d2lmini @ git+{repository}'" in first.source
    assert "find_spec('d2lmini') is None" in first.source


def run_without(md_path, framework):
    """Execute the notebook with the other framework's cells left out, as a reader might."""
    notebook = jupytext.read(md_path)
    notebook.cells = [c for c in notebook.cells if framework not in c.metadata.get("tags", [])]
    NotebookClient(notebook, timeout=600, kernel_name="python3",
                   resources={"metadata": {"path": str(md_path.parent)}}).execute()
    return [o for c in notebook.cells if c.cell_type == "code" for o in c.outputs]


@pytest.mark.parametrize("left_out", ["tensorflow", "pytorch"])
def test_each_framework_runs_alone(left_out):
    # The English edition: the other two have the same code cells (tests/test_editions.py), and
    # nbval runs each of them whole.
    outputs = run_without(REPO / "chapters" / "en" / "rmsprop.md", left_out)
    printed = "".join(o.get("text", "") for o in outputs if o.output_type == "stream")
    assert "epoch 20, x1: -0.010599, x2: 0.000000" in printed
    assert printed.count("sec/epoch") == 2  # train_ch11 and train_concise_ch11
    assert not [o for o in outputs if o.get("name") == "stderr"]


RELOAD_NOTES = {"en": "reload this page", "ko": "페이지를 새로 고친", "vi": "tải lại trang này"}


def run_install_cell(md_path, monkeypatch, capsys, in_colab):
    """Run the install cell as if d2lmini were missing, with pip recorded instead of run."""
    installs = []
    monkeypatch.setattr("importlib.util.find_spec", lambda name: None)
    monkeypatch.setattr("subprocess.run", lambda args, check: installs.append(args))
    if in_colab:
        monkeypatch.setitem(sys.modules, "google.colab", types.ModuleType("google.colab"))
    else:
        monkeypatch.delitem(sys.modules, "google.colab", raising=False)
    exec(jupytext.read(md_path).cells[0].source, {})
    assert len(installs) == 1 and installs[0][1:4] == ["-m", "pip", "install"]
    return capsys.readouterr().out


@pytest.mark.parametrize("md_path", CHAPTERS, ids=lambda p: p.parent.name)
def test_install_cell_tells_jupyter_readers_to_reload_the_page(md_path, monkeypatch, capsys):
    printed = run_install_cell(md_path, monkeypatch, capsys, in_colab=False)
    assert RELOAD_NOTES[md_path.parent.name] in printed
    assert "No version of module anywidget is registered" in printed  # the error they would see
    assert run_install_cell(md_path, monkeypatch, capsys, in_colab=True) == ""


def airfoil_data_in(text: str) -> list[str]:
    """What of the airfoil data set ``text`` holds: rows of the file, the figure's standardized
    values as JSON or NumPy writes them, or its bytes in base64 (at any alignment)."""
    data = airfoil_figure.figure_data()
    raw = Path(download("airfoil")).read_text().splitlines()
    found = [f"row {i} of the file" for i, row in enumerate(raw)
             if row.strip() and (row.strip() in text or row.strip().replace("\t", ", ") in text)]
    values = np.concatenate([data.features.ravel(), data.labels])
    written = {form for v in values[np.abs(values) > 0.01] for form in (repr(float(v)), str(v))}
    matches = [form for form in written if len(form.lstrip("-")) >= 8 and form in text]
    if len(matches) >= 10:
        found.append(f"{len(matches)} standardized values, such as {matches[0]}")
    payload = airfoil_figure.encode(data)
    for shift in range(3):
        encoded = base64.b64encode(payload[shift:]).decode()
        chunks = [encoded[at:at + 40] for at in range(100, len(encoded) - 40, len(encoded) // 50)]
        found += [f"the figure's bytes in base64 ({chunk})" for chunk in chunks if chunk in text]
    return found


@pytest.mark.parametrize("ipynb", sorted(REPO.glob("chapters/*/*.ipynb")), ids=lambda p: p.parent.name)
def test_no_airfoil_data_in_the_notebook(ipynb):
    """The data set may not be committed, not even in a saved widget state or an output: the
    airfoil figure gets it from the kernel in a message (d2lmini/widgets.py)."""
    assert airfoil_data_in(ipynb.read_text(encoding="utf-8")) == []


def test_the_check_finds_airfoil_data_written_into_a_notebook():
    notebook = (REPO / "chapters" / "en" / "rmsprop.ipynb").read_text(encoding="utf-8")
    data = airfoil_figure.figure_data()
    raw = Path(download("airfoil")).read_text().splitlines()
    assert airfoil_data_in(notebook + json.dumps({"features": data.features[:20].tolist()}))
    assert airfoil_data_in(notebook + json.dumps(data.labels[:30].tolist()))
    assert airfoil_data_in(notebook + "\n".join(raw[100:102]))
    assert airfoil_data_in(notebook + base64.b64encode(b"x" + airfoil_figure.encode(data)).decode())
