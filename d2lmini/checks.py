"""Argument checks that turn bad input into a clear ``ValueError``."""

from __future__ import annotations

import math
import numbers
from collections.abc import Mapping
from typing import Any


def positive_int(name: str, value: Any, maximum: int | None = None) -> int:
    """Return ``value`` if it is an integer in 1..maximum, else raise ``ValueError``."""
    allowed = f"an integer from 1 to {maximum}" if maximum else "an integer >= 1"
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise ValueError(f"{name} must be {allowed}, got {value!r}")
    if value < 1 or (maximum is not None and value > maximum):
        raise ValueError(f"{name} must be {allowed}, got {value}")
    return int(value)


def number_in_range(name: str, value: Any, low: float, high: float) -> float:
    """Return ``value`` if it is a finite number from ``low`` to ``high``, else raise ``ValueError``."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) \
            or not low <= value <= high:
        raise ValueError(f"{name} must be a number from {low} to {high}, got {value!r}")
    return value


def hyperparams_mapping(hyperparams: Any) -> Mapping:
    """Return ``hyperparams`` if it is a dict-like mapping of names to values."""
    if not isinstance(hyperparams, Mapping):
        raise ValueError(
            "hyperparams must be a dict such as {'lr': 0.01, 'gamma': 0.9}, "
            f"got {type(hyperparams).__name__}"
        )
    return hyperparams
