"""Problems found in the input: values with a position, never exceptions."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import IntEnum
from typing import Any, Literal

Severity = Literal["error", "warning"]


class ExitCode(IntEnum):
    """Exit statuses shared by every command."""

    OK = 0
    BAD_INPUT = 1
    USAGE = 2


@dataclass(frozen=True, order=True)
class Problem:
    """One problem at a 1-based line and column of a file."""

    path: str
    line: int
    col: int
    severity: Severity
    message: str
    code: str = ""      # the rule's id in rulebook.py

    @property
    def is_error(self) -> bool:
        return self.severity == "error"


@dataclass(frozen=True)
class Mark:
    """A 1-based position in a file."""

    line: int
    col: int

    @classmethod
    def from_yaml(cls, mark: object) -> Mark:
        """Convert a YAML library's 0-based mark (anything with .line and .column)."""
        return cls(getattr(mark, "line", 0) + 1, getattr(mark, "column", 0) + 1)

    @classmethod
    def from_packed(cls, packed: int) -> Mark:
        """Convert a position kept by `packed`."""
        return cls((packed >> 32) + 1, (packed & 0xFFFFFFFF) + 1)


def packed(mark: Any) -> int:
    """A YAML library's 0-based mark (with .line and .column) as one int, line << 32 | column, for keeping
    many positions: ints cost less to make and to keep than marks, and the garbage collector never walks them."""
    return mark.line << 32 | mark.column


START = Mark(1, 1)


class Problems:
    """Collects problems for one file; the only way problems are made.

    Each problem names its rule (rulebook.py); `levels` are the site's settings from mkdocs.yml
    (`rules:`), which config.py accepts only for rules that may change: a rule set to `off` is not
    recorded, one set to `warning` or `error` is recorded at that level."""

    def __init__(self, path: str, levels: Mapping[str, str] | None = None) -> None:
        self.path = path
        self.levels = levels or {}
        self.items: list[Problem] = []

    def error(self, mark: Mark, message: str, code: str) -> None:
        self._add(mark, "error", message, code)

    def warning(self, mark: Mark, message: str, code: str) -> None:
        self._add(mark, "warning", message, code)

    def _add(self, mark: Mark, severity: Severity, message: str, code: str) -> None:
        level = self.levels.get(code, severity)
        if level == "off":
            return
        self.items.append(Problem(self.path, mark.line, mark.col, "error" if level == "error" else "warning",
                                  message, code))

    @property
    def has_errors(self) -> bool:
        return any(p.is_error for p in self.items)


class StatuspressError(Exception):
    """Raised when work cannot go on; carries the problems that stopped it."""

    exit_code = ExitCode.BAD_INPUT

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{sum(p.is_error for p in problems)} error(s)")
        self.problems = problems


def with_levels(problems: list[Problem], levels: Mapping[str, str]) -> list[Problem]:
    """Problems made before the site's levels were known (mkdocs.yml's own), at those levels."""
    out = []
    for p in problems:
        level = levels.get(p.code, p.severity)
        if level != "off":
            out.append(Problem(p.path, p.line, p.col, "error" if level == "error" else "warning", p.message, p.code))
    return out


def sort_problems(problems: list[Problem]) -> list[Problem]:
    """Sorted by path, then position, errors before warnings at the same spot."""
    return sorted(problems, key=lambda p: (p.path, p.line, p.col, p.severity != "error", p.message))
