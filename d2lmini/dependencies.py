"""Clear errors for a broken install: a dependency of d2lmini that is missing."""

from __future__ import annotations

import importlib
from types import ModuleType


def missing(package: str) -> ImportError:
    """The error for the missing distribution ``package``, saying how to install it."""
    return ImportError(
        f"d2lmini needs the package {package}, which is not installed. Install it with "
        f"`pip install {package}` (in a notebook: `%pip install {package}`), or reinstall d2lmini "
        "with its dependencies."
    )


def require(module: str, package: str | None = None) -> ModuleType:
    """Import ``module``; if it is missing, raise ``missing(package)`` (default: the module's name)."""
    try:
        return importlib.import_module(module)
    except ModuleNotFoundError as error:
        if error.name != module.split(".")[0]:
            raise  # the module is there but something it imports is not: show that
        raise missing(package or module) from error
