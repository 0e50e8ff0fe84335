"""What every rule gets: the positions of a file's values, looked up by field path."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from ..model import Incident
from ..problems import START, Mark, Problems


class Marks:
    """Positions by field path, e.g. ("updates", 2, "at"); falls back to the nearest enclosing value.

    Holds the YAML library's 0-based marks as read and converts one only when it is asked for: a
    3000-file check records half a million positions and reports a handful."""

    def __init__(self, marks: dict[tuple[str | int, ...], Any]) -> None:
        self._marks = marks

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
    return mark if isinstance(mark, Mark) else Mark.from_yaml(mark)


Rule = Callable[[Incident, Marks, Problems, datetime], None]
