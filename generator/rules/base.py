"""What every rule gets: the positions of a file's values, looked up by field path."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from ..model import Incident
from ..problems import START, Mark, Problems


class Marks:
    """Positions by field path, e.g. ("updates", 2, "at"); falls back to the nearest enclosing value."""

    def __init__(self, marks: dict[tuple[str | int, ...], Mark]) -> None:
        self._marks = marks

    def has(self, *path: str | int) -> bool:
        return tuple(path) in self._marks

    def at(self, *path: str | int) -> Mark:
        key = tuple(path)
        while key:
            if key in self._marks:
                return self._marks[key]
            key = key[:-1]
        return self._marks.get((), START)


Rule = Callable[[Incident, Marks, Problems, datetime], None]
