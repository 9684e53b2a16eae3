"""Execute a notebook in a kernel of this interpreter and save it with its outputs.

    python tests/run_notebook.py IN.ipynb OUT.ipynb

A first cell is added that reports the versions the kernel sees (as JSON on stdout), so that the
caller can check which environment ran the notebook. Used by tests/test_colab_like.py with the
interpreter of a second virtualenv.
"""

import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

VERSIONS = """\
import importlib.metadata, json, sys
print(json.dumps({"python": sys.executable, **{name: importlib.metadata.version(name) for name in
      ["ipywidgets", "anywidget", "numpy", "matplotlib", "torch", "tensorflow-cpu", "d2lmini"]}}))
"""


def main(source: Path, target: Path) -> None:
    notebook = nbformat.read(source, as_version=4)
    notebook.cells.insert(0, nbformat.v4.new_code_cell(VERSIONS))
    NotebookClient(notebook, timeout=600, kernel_name="python3",
                   resources={"metadata": {"path": str(source.parent)}}).execute()
    nbformat.write(notebook, target)


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
