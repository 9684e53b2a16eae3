"""The Python state a function changes outside itself: module globals and closure variables.

A compiled TensorFlow step runs the trainer's Python code once, while tracing it. Watching the
globals and closure variables that the trainer (and the functions it calls by name) read tells
whether that one run changed them: a counter that it rebinds, a list it appends to.
"""

from __future__ import annotations

import types
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

MAX_DEPTH = 3  # how deep into the functions that the trainer calls by name to look


@dataclass
class _Slot:
    """One watched variable: how to read and rebind it, its value, and a container's contents."""

    label: str
    read: Callable[[], Any]
    rebind: Callable[[Any], None]
    value: Any
    contents: list | dict | set | None


_MISSING = object()
CONTAINERS = (list, dict, set)


def _identities(container: Any) -> list[int]:
    """The objects a list, dict or set holds, by identity (tensors have no truth value to compare)."""
    if isinstance(container, dict):
        return [id(x) for pair in container.items() for x in pair]
    return sorted(map(id, container)) if isinstance(container, set) else list(map(id, container))


def _names(code: types.CodeType) -> Iterator[str]:
    """The global names ``code`` and the code nested in it (comprehensions, lambdas) may read."""
    yield from code.co_names
    for constant in code.co_consts:
        if isinstance(constant, types.CodeType):
            yield from _names(constant)


class WatchedState:
    """The globals and closure variables that ``function`` reads, watched from now on.

    Functions it reads from its own module's globals or from its closure are followed too (a
    learning-rate function that counts calls in a global, say). Objects in ``ignore`` (the
    trainer's own arguments) are not watched.
    """

    def __init__(self, function: Callable, ignore: Iterable[Any] = ()) -> None:
        self._ignore = {id(value) for value in ignore}
        self._slots: list[_Slot] = []
        self._seen: set[int] = set()
        self._visit(function, depth=0)

    def _visit(self, function: Any, depth: int) -> None:
        if not isinstance(function, types.FunctionType) or id(function) in self._seen or depth > MAX_DEPTH:
            return
        self._seen.add(id(function))
        namespace = function.__globals__
        for name in dict.fromkeys(_names(function.__code__)):
            if name in namespace:
                self._watch(f"the global {name}", lambda name=name: namespace.get(name, _MISSING),
                            lambda value, name=name: namespace.__setitem__(name, value))
                value = namespace[name]
                if isinstance(value, types.FunctionType) and value.__globals__ is namespace:
                    self._visit(value, depth + 1)
        for name, cell in zip(function.__code__.co_freevars, function.__closure__ or ()):
            try:
                value = cell.cell_contents
            except ValueError:  # a closure variable not assigned yet
                continue
            self._watch(f"the variable {name} of {function.__name__}'s enclosing function",
                        lambda cell=cell: cell.cell_contents,
                        lambda value, cell=cell: setattr(cell, "cell_contents", value))
            self._visit(value, depth + 1)

    def _watch(self, label: str, read: Callable[[], Any], rebind: Callable[[Any], None]) -> None:
        value = read()
        if id(value) in self._ignore or isinstance(value, (types.ModuleType, type)):
            return
        contents = next((kind(value) for kind in CONTAINERS if isinstance(value, kind)), None)
        self._slots.append(_Slot(label, read, rebind, value, contents))

    def changed(self) -> list[str]:
        """What was rebound or changed in place since watching began, in words."""
        found = []
        for slot in self._slots:
            now = slot.read()
            if now is not slot.value:
                found.append(f"{slot.label} (assigned a new value)")
            elif slot.contents is not None and _identities(now) != _identities(slot.contents):
                found.append(f"{slot.label} (a {type(now).__name__} changed in place, e.g. appended to)")
        return found

    def restore(self) -> None:
        """Undo the changes: rebind each variable, and put back the items of changed containers."""
        for slot in self._slots:
            if slot.read() is not slot.value:
                slot.rebind(slot.value)
            if isinstance(slot.value, list):
                slot.value[:] = slot.contents
            elif isinstance(slot.value, (dict, set)):
                slot.value.clear()
                slot.value.update(slot.contents)
