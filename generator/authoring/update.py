"""Append an update to an incident file (`statuspress update` and `resolve`), through the edit primitive.

The new update is spliced in after the last one (splice.py); the proof that nothing else changed is
the audit's own rule for which update is which (versions.py).
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from .. import versions
from ..config import SiteConfig
from ..model import Kind
from ..problems import Problem
from ..validate import FileVersion
from ..versions import Change
from .edit import Current, Edit, apply, refused
from .splice import splice_update
from .text import NewUpdate


def appended_only(before: FileVersion, after: FileVersion, update: NewUpdate) -> bool:
    """`after` holds the data of `before` plus exactly one new update, equal to `update`.

    Which update is new is decided by the rule the audit uses (versions.py): every published update
    must pair as unchanged and exactly one must be appended, last. The rest of the data must be equal
    too, and so must every published update as written (nothing the audit does not look at moved)."""
    old_version, new_version = before.version, after.version
    if old_version is None or new_version is None:
        return False
    pairs = versions.pair_updates(old_version.updates, new_version.updates)
    if not pairs:
        return False
    *kept, added = pairs
    if added.change is not Change.APPENDED or added.new is None \
            or added.new.index != len(new_version.updates) - 1 \
            or any(p.change is not Change.UNCHANGED or p.added for p in kept):
        return False
    expected = versions.UpdateVersion(added.new.index, update.at.astimezone(UTC), update.status,
                                      update.message.strip(),
                                      tuple(sorted((k, str(v)) for k, v in update.components.items())))
    if before.data is None or after.data is None:
        return False
    old, new = dict(before.data), dict(after.data)
    old_updates = old.pop("updates", None) or []
    new_updates = new.pop("updates", None) or []
    return old == new and new_updates[:-1] == old_updates and added.new == expected


def append_update(config: SiteConfig, path: Path, update: NewUpdate, now: datetime,
                  cwd: Path | None = None) -> list[Problem]:
    """Append `update` to the file at `path`; returns the warnings. Raises EditRefused, writing nothing."""

    def make(current: Current) -> str:
        closed_by = current.closed_by
        if closed_by is not None:
            what = "maintenance window was completed" if current.kind == Kind.MAINTENANCE.value else \
                "incident was resolved"
            raise refused(current.display, f"this {what} by the update at line {closed_by.line}; it takes no "
                          "further updates (to fix a published update, edit it and add 'corrected:')", closed_by)
        return splice_update(current.source.text, update)

    return apply(config, path, Edit("append an update", make, lambda old, new: appended_only(old, new, update)),
                 now, cwd)


__all__ = ["append_update", "appended_only"]
