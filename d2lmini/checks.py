"""Argument checks that turn bad input into a clear ``ValueError`` or ``TypeError``."""

from __future__ import annotations

import inspect
import math
import numbers
from collections.abc import Callable, Mapping
from typing import Any

FRAMEWORK_NAMES = {"torch": "PyTorch", "tensorflow": "TensorFlow", "keras": "TensorFlow"}
# Each framework's d2lmini module, as in "from d2lmini import torch as d2l".
D2LMINI_MODULES = {"PyTorch": "torch", "TensorFlow": "tensorflow"}


def positive_int(name: str, value: Any, maximum: int | None = None) -> int:
    """Return ``value`` if it is an integer in 1..maximum, else raise ``ValueError``.

    NumPy integers are integers too; ``True`` and ``5.0`` are not.
    """
    allowed = f"an integer from 1 to {maximum}" if maximum else "an integer >= 1"
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise ValueError(f"{name} must be {allowed}, got {value!r}")
    if value < 1 or (maximum is not None and value > maximum):
        raise ValueError(f"{name} must be {allowed}, got {value}")
    return int(value)


def is_number(value: Any) -> bool:
    """True for real numbers, NumPy scalars included, but not for ``True``/``False``."""
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def real_scalar(value: Any) -> float | None:
    """``value`` as a float if it is one real number: a Python or NumPy number, or a NumPy array or
    framework tensor holding exactly one (as d2l's TensorFlow trainers return); else None."""
    if is_number(value):
        return float(value)
    if isinstance(value, (bool, str, bytes, list, tuple, dict)):
        return None
    try:
        import numpy as np  # imported here: the browser's Python runs train_2d without NumPy
    except ImportError:  # and there nothing but a Python number holds a number
        return None
    if callable(getattr(value, "detach", None)):
        value = value.detach()  # a PyTorch tensor that requires grad
    try:
        array = np.asarray(value)
    except Exception:  # symbolic tensors and other objects without values
        return None
    if array.size != 1 or array.dtype.kind not in "iuf":
        return None
    return float(array.reshape(()))


def number_in_range(name: str, value: Any, low: float, high: float) -> float:
    """Return ``value`` as a float if it is a finite number from ``low`` to ``high``, else raise ``ValueError``."""
    if not is_number(value) or not math.isfinite(value) or not low <= value <= high:
        raise ValueError(f"{name} must be a number from {low} to {high}, got {value!r}")
    return float(value)


def hyperparams_mapping(hyperparams: Any) -> Mapping:
    """Return ``hyperparams`` if it is a dict-like mapping of names to values other than strings.

    A string value (``{'lr': '0.01'}``) is a ``TypeError``; ``name`` (Keras) may be a string.
    """
    if not isinstance(hyperparams, Mapping):
        raise ValueError(
            "hyperparams must be a dict such as {'lr': 0.01, 'gamma': 0.9}, "
            f"got {type(hyperparams).__name__}"
        )
    for key, value in hyperparams.items():
        if isinstance(value, str) and key != "name":
            raise TypeError(
                f"hyperparams[{key!r}] must be a number, got the string {value!r}; "
                f"write {key!r}: {value} without quotes"
            )
    return hyperparams


def framework_of(value: Any) -> str | None:
    """'PyTorch' or 'TensorFlow' if ``value`` (or its class) comes from that framework, else None.

    Looks at the module that defines the type, so it never imports a framework.
    """
    cls = value if isinstance(value, type) else type(value)
    return FRAMEWORK_NAMES.get(cls.__module__.split(".", 1)[0])


def frameworks_in(values: Any) -> set[str]:
    """The frameworks of ``values`` and of the items of (nested) tuples, lists and dicts in it."""
    if isinstance(values, Mapping):
        values = list(values.values())
    if isinstance(values, (list, tuple)):
        return set().union(*(frameworks_in(v) for v in values)) if values else set()
    found = framework_of(values)
    return {found} if found else set()


def positional_arity(function: Callable) -> int | None:
    """How many positional arguments ``function`` needs and takes, or None if that varies or is unknown."""
    try:
        parameters = inspect.signature(function).parameters.values()
    except (TypeError, ValueError):
        return None
    kinds = [p.kind for p in parameters]
    if inspect.Parameter.VAR_POSITIONAL in kinds:
        return None
    positional = [p for p in parameters
                  if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    if any(p.default is not p.empty for p in positional):
        return None
    return len(positional)


def flag(name: str, value: Any) -> bool:
    """Return ``value`` if it is ``True`` or ``False`` (a NumPy bool too), else raise ``TypeError``."""
    if value is True or value is False or type(value).__name__ == "bool_":
        return bool(value)
    raise TypeError(f"{name} must be True or False, got {value!r}")
