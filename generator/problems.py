"""Problems found in the input: values with a position, never exceptions."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum
from typing import Literal

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


START = Mark(1, 1)


class Problems:
    """Collects problems for one file; the only way problems are made."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.items: list[Problem] = []

    def error(self, mark: Mark, message: str) -> None:
        self.items.append(Problem(self.path, mark.line, mark.col, "error", message))

    def warning(self, mark: Mark, message: str) -> None:
        self.items.append(Problem(self.path, mark.line, mark.col, "warning", message))

    @property
    def has_errors(self) -> bool:
        return any(p.is_error for p in self.items)


class StatuspressError(Exception):
    """Raised when work cannot go on; carries the problems that stopped it."""

    exit_code = ExitCode.BAD_INPUT

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{sum(p.is_error for p in problems)} error(s)")
        self.problems = problems


def sort_problems(problems: list[Problem]) -> list[Problem]:
    """Sorted by path, then position, errors before warnings at the same spot."""
    return sorted(problems, key=lambda p: (p.path, p.line, p.col, p.severity != "error", p.message))
