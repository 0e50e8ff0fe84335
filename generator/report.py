"""Problems → text lines, GitHub Actions annotations or JSON. The only place problems are formatted."""

from __future__ import annotations

import json
from collections.abc import Iterable

from .problems import Problem

FORMATS = ("text", "github", "json")


def _escape_github(text: str, property_value: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if property_value:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def format_problems(problems: Iterable[Problem], fmt: str = "text") -> str:
    items = list(problems)
    if fmt == "json":
        return json.dumps([{"path": p.path, "line": p.line, "col": p.col, "severity": p.severity,
                            "message": p.message, "rule": p.code} for p in items], indent=2, sort_keys=True) + "\n"
    lines = []
    for p in items:
        if fmt == "github":
            lines.append(f"::{p.severity} file={_escape_github(p.path, True)},line={p.line},col={p.col}::"
                         f"{_escape_github(p.message)} [{p.code}]")
        else:
            lines.append(f"{p.path}:{p.line}:{p.col}: {p.severity}: {p.message} [{p.code}]")
    return "".join(line + "\n" for line in lines)


def tally(problems: Iterable[Problem], files: int) -> str:
    items = list(problems)
    errors = sum(p.is_error for p in items)
    warnings = len(items) - errors
    noun = "file" if files == 1 else "files"
    if not items:
        return f"checked {files} {noun}: no problems"
    return (f"checked {files} {noun}: {errors} error{'s' * (errors != 1)}, "
            f"{warnings} warning{'s' * (warnings != 1)}")
