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

    Holds the YAML library's 0-based marks as read and converts one only when it is asked for: a
    3000-file check records half a million positions and reports a handful. Pickled (the load cache
    keeps every file's: readings.py), they are packed into one string of 0-based (line, column) pairs,
    unpacked only when a position is asked for: a load from the cache asks for a few files' at most."""

    def __init__(self, marks: dict[tuple[str | int, ...], Any] | bytes) -> None:
        self._held = marks

    @property
    def _marks(self) -> dict[tuple[str | int, ...], Any]:
        held = self._held
        if isinstance(held, bytes):
            held = self._held = marshal.loads(held)   # noqa: S302 - packed by __reduce__ below
        return held

    def __reduce__(self) -> tuple[Any, ...]:
        held = self._held
        packed = held if isinstance(held, bytes) else marshal.dumps({path: _pair(m) for path, m in held.items()})
        return Marks, (packed,)

    def __eq__(self, other: object) -> bool:
        """The same positions at the same paths."""
        if not isinstance(other, Marks):
            return NotImplemented
        mine, theirs = self._marks, other._marks
        return mine.keys() == theirs.keys() and all(_pair(mark) == _pair(theirs[path]) for path, mark in mine.items())

    __hash__ = None   # type: ignore[assignment]  # equal by value, and mutable

    def has(self, *path: str | int) -> bool:
        return tuple(path) in self._marks

    def at(self, *path: str | int) -> Mark:
        key = tuple(path)
        while key:
            if key in self._marks:
                return _converted(self._marks[key])
            key = key[:-1]
        return _converted(self._marks[()]) if () in self._marks else START


def _converted(mark: Any) -> Mark:
    if isinstance(mark, tuple):
        return Mark(mark[0] + 1, mark[1] + 1)
    return mark if isinstance(mark, Mark) else Mark.from_yaml(mark)


def _pair(mark: Any) -> tuple[int, int]:
    """A mark as a 0-based (line, column) pair, whatever form it is held in."""
    if isinstance(mark, tuple):
        return mark
    if isinstance(mark, Mark):
        return mark.line - 1, mark.col - 1
    return mark.line, mark.column


# A rule reads one file's incident and positions, never the build time: what it finds stays true from
# one build to the next (validate.py keeps it). Advice may also depend on the build time.
Rule = Callable[[Incident, Marks, Problems], None]
Advice = Callable[[Incident, Marks, Problems, datetime], None]
