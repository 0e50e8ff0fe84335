"""The one way statuspress writes an incident file: read → change → prove → check → write.

Every edit of an existing file (an update appended by `update` and `resolve`, a review drafted by
`review`) goes through `apply`, so each is guarded the same way before anything is written:

1. the file is read as `check` reads it (source.py: a regular file, at most 1 MiB, UTF-8) and leniently
   (validate.read_lenient); a file whose YAML does not read is refused;
2. the edit makes the new text, keeping the existing text byte for byte (splice.py, review.py);
3. the new text is proven to hold the old data plus only the intended change, both read the same
   lenient way (update.py: exactly one update appended, by the audit's rule; review.py: only new keys);
4. the new text passes the same validation as `statuspress check` (validate.validate_file);
5. the file is replaced atomically, and only if it did not change on disk meanwhile (files.py).

A new file (`new`) takes steps 4 and 5 (`create`). A refused edit leaves the file untouched and comes
back as problems at `path:line:col` (EditRefused).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from ..config import SiteConfig
from ..model import CLOSING_STATUSES, Incident
from ..problems import START, Mark, Problem, Problems
from ..rules.base import Marks
from ..source import BOM, SourceFile, display_path, read_file
from ..validate import FileVersion, read_lenient, validate_file
from .files import EditRefused, new_path, schema_reference, write_atomic
from .text import Draft, incident_text


@dataclass(frozen=True)
class Current:
    """An incident file as read for editing: its text, read leniently."""

    source: SourceFile
    read: FileVersion
    incident: Incident | None    # what reads as valid (validate.FileVersion.incident)
    marks: Marks

    @property
    def display(self) -> str:
        return self.source.display

    @property
    def kind(self) -> str:
        return self.read.kind

    @property
    def closed_by(self) -> Mark | None:
        """Where the update that resolved or completed it starts, if one did."""
        updates = self.incident.updates if self.incident is not None else ()
        return next((self.marks.at("updates", u.index) for u in updates if u.status in CLOSING_STATUSES), None)

    @property
    def last_at(self) -> datetime | None:
        """The time of its last update."""
        return self.incident.updates[-1].at if self.incident is not None and self.incident.updates else None


@dataclass(frozen=True)
class Edit:
    """One kind of change to an existing file."""

    what: str                                          # "append an update", as refusals say it
    make: Callable[[Current], str]                     # the new text; ValueError for a layout it cannot handle
    proven: Callable[[FileVersion, FileVersion], bool]  # (before, after): the intended change and nothing else


def refused(display: str, message: str, mark: Mark = START) -> EditRefused:
    problems = Problems(display)
    problems.error(mark, message, "edit-refused")
    return EditRefused(problems.items)


def read(path: Path, cwd: Path | None = None, component_ids: tuple[str, ...] = ()) -> Current:
    """The file at `path` as read for editing; EditRefused when `check` could not read it."""
    display = display_path(path, cwd)
    source, problems = read_file(path, display)
    if source is None:
        raise EditRefused(problems)
    version = read_lenient(source.text, display)
    if version.fields is None or version.problems.items:
        raise EditRefused(version.problems.items)
    incident, marks = version.incident(path.stem, display, component_ids)
    return Current(source, version, incident, marks)


def checked(path: Path, display: str, text: str, config: SiteConfig, now: datetime) -> list[Problem]:
    """The warnings of `text` read as `check` reads the file at `path`; EditRefused on any error."""
    found = validate_file(SourceFile(path, display, text), config.component_ids, now, config.levels).problems.items
    if any(p.is_error for p in found):
        raise EditRefused(found)
    return found


def apply(config: SiteConfig, path: Path, edit: Edit, now: datetime, cwd: Path | None = None) -> list[Problem]:
    """Make `edit` to the file at `path` (see the module docstring); returns the warnings of the new text.
    Raises EditRefused, writing nothing."""
    current = read(path, cwd, config.component_ids)
    try:
        text = edit.make(current)
    except ValueError as err:
        raise refused(current.display, f"cannot {edit.what} safely: {err}; add it by hand") from err
    if not edit.proven(current.read, read_lenient(text)):
        raise refused(current.display, f"cannot {edit.what} without changing the rest of the file (an unusual "
                      "layout); add it by hand")
    found = checked(path, current.display, text, config, now)
    write_atomic(path, (BOM if current.source.bom else "") + text, expect=current.source.data)
    return found


def create(config: SiteConfig, draft: Draft, now: datetime,
           cwd: Path | None = None) -> tuple[Path, list[Problem]]:
    """Write a new incident file; refuses to overwrite. Returns its path and the warnings."""
    path = new_path(config, draft.incident_id)
    display = display_path(path, cwd)
    text = incident_text(draft, schema_reference(config, path))
    if path.exists() or path.is_symlink():
        raise refused(display, "file already exists; statuspress new never overwrites (use statuspress "
                      "update, or --slug for a different name)")
    found = checked(path, display, text, config, now)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, text, expect=None)
    return path, found


__all__ = ["Current", "Edit", "EditRefused", "apply", "checked", "create", "read", "refused"]
