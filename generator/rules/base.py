"""What every rule gets: the positions of a file's values, looked up by field path."""

from __future__ import annotations

import marshal
from collections.abc import Callable
from datetime import datetime
from typing import Any

from ..model import Incident
from ..problems import START, Mark, Problems


class Marks:
    """Positions by field path, e.g. ("updates", 2, "at"); falls back to the nearest enclosing value.

    Holds the positions as the reader packed them (problems.py: packed) and converts one only when it is
    asked for: a 3000-file check records half a million positions and reports a handful. Pickled (the load
    cache keeps every file's: readings.py), they are marshalled into one string, unpacked only when a
    position is asked for: a load from the cache asks for a few files' at most."""

    def __init__(self, marks: dict[tuple[str | int, ...], int] | bytes) -> None:
        self._held = marks

    @property
    def _marks(self) -> dict[tuple[str | int, ...], int]:
        held = self._held
        if isinstance(held, bytes):
            held = self._held = marshal.loads(held)   # noqa: S302 - packed by __reduce__ below
        return held

    def pack(self) -> None:
        """Hold the positions marshalled until one is asked for: kept for the whole load, a file's paths and
        positions take a tenth of the memory, and the garbage collector has nothing in them to walk."""
        if not isinstance(self._held, bytes):
            self._held = marshal.dumps(self._held)

    def __reduce__(self) -> tuple[Any, ...]:
        held = self._held
        return Marks, (held if isinstance(held, bytes) else marshal.dumps(held),)

    def __eq__(self, other: object) -> bool:
        """The same positions at the same paths."""
        if not isinstance(other, Marks):
            return NotImplemented
        return self._marks == other._marks

    __hash__ = None   # type: ignore[assignment]  # equal by value, and mutable

    def has(self, *path: str | int) -> bool:
        return tuple(path) in self._marks

    def at(self, *path: str | int) -> Mark:
        key = tuple(path)
        while key:
            if key in self._marks:
                return Mark.from_packed(self._marks[key])
            key = key[:-1]
        return Mark.from_packed(self._marks[()]) if () in self._marks else START


# A rule reads one file's incident and positions, never the build time: what it finds stays true from
# one build to the next (validate.py keeps it). Advice may also depend on the build time.
Rule = Callable[[Incident, Marks, Problems], None]
Advice = Callable[[Incident, Marks, Problems, datetime], None]
