"""Check YAML text as one incident file, in memory: the problems as the `check` command prints them."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from generator.model import Incident
from generator.problems import sort_problems
from generator.source import SourceFile
from generator.validate import validate_file

# The components a test project declares, and the time every check runs at unless a test says otherwise.
COMPONENTS = ("api", "dashboard", "auth", "webhooks")
NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)


def source(text: str, name: str = "2026-11-26-x", folder: str | None = None) -> SourceFile:
    """The file incidents/<folder>/<name>.yml (folder: the name's year), shown in messages as f.yml."""
    year = folder if folder is not None else name[:4]
    return SourceFile(Path(f"/project/incidents/{year}/{name}.yml"), "f.yml", text)


def problems_of(text: str, name: str = "2026-11-26-x", folder: str | None = None,
                now: datetime = NOW) -> list[str]:
    """Every problem of the file, sorted, each as `f.yml:line:col: severity: message`."""
    result = validate_file(source(text, name, folder), COMPONENTS, now)
    return [f"{p.path}:{p.line}:{p.col}: {p.severity}: {p.message}"
            for p in sort_problems(result.problems.items)]


def incident_of(text: str, name: str = "2026-11-26-x", now: datetime = NOW) -> Incident:
    """The typed incident of a file that must have no errors."""
    result = validate_file(source(text, name), COMPONENTS, now)
    assert result.incident is not None, [p.message for p in result.problems.items]
    return result.incident
