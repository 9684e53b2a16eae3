"""A broken install (a dependency of d2lmini missing) fails with an ImportError that names the
package and how to install it."""

import subprocess
import sys

import pytest

MISSING = {  # what is hidden -> the package the error must name
    "koreanize_matplotlib": "koreanize-matplotlib",
    "anywidget": "anywidget",
    "pooch": "pooch",
}


@pytest.mark.parametrize("module, package", MISSING.items())
def test_missing_dependency_is_a_clear_import_error(module, package):
    # A fresh interpreter where ``module`` cannot be found, importing what the chapter imports.
    code = (f"import sys; sys.modules[{module!r}] = None\n"
            "import importlib.util\n"
            "find_spec = importlib.util.find_spec\n"
            f"importlib.util.find_spec = lambda name, *a: None if name == {module!r} else find_spec(name, *a)\n"
            "from d2lmini import torch")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    last_line = result.stderr.strip().splitlines()[-1]
    assert last_line.startswith("ImportError: d2lmini needs the package " + package), result.stderr
    assert f"pip install {package}" in last_line
