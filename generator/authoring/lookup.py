"""Incident ids for the authoring commands: every id on disk, near-miss suggestions, the open ones."""

from __future__ import annotations

import difflib
from datetime import datetime

from ..derive.lifecycle import Phase, lifecycle
from ..derive.site import view_incident
from ..derive.status import status_at
from ..model import Incident, SiteConfig

MAX_SUGGESTIONS = 3


def all_ids(config: SiteConfig) -> list[str]:
    """The id of every incident file (`incidents/<year>/<id>.yml`), sorted; links are not followed."""
    root = config.root / config.incidents_dir
    if not root.is_dir() or root.is_symlink():
        return []
    return sorted(path.stem for path in root.glob("*/*.yml") if path.is_file() and not path.is_symlink()
                  and not path.parent.is_symlink())


def suggestions(ident: str, ids: list[str]) -> list[str]:
    """Ids close to a mistyped one: those with exactly this slug (newest first), then the closest by
    difflib (a missing letter, a wrong date)."""
    by_slug = sorted((i for i in ids if i[11:] == ident), reverse=True)
    close = difflib.get_close_matches(ident, ids, n=MAX_SUGGESTIONS, cutoff=0.6)
    return (by_slug + [i for i in close if i not in by_slug])[:MAX_SUGGESTIONS]


def did_you_mean(ident: str, ids: list[str]) -> str:
    """' (did you mean 'a' or 'b'?)', or '' when nothing is close."""
    found = suggestions(ident, ids)
    if not found:
        return ""
    quoted = [f"'{i}'" for i in found]
    return f" (did you mean {', '.join(quoted[:-1]) + ' or ' if len(quoted) > 1 else ''}{quoted[-1]}?)"


def open_incidents(incidents: tuple[Incident, ...], now: datetime) -> list[Incident]:
    """What `update` and `resolve` without an id choose from, newest id first: incidents open and maintenance
    windows in progress at `now` (derive's lifecycle decides); when there are none, windows still to come,
    which take their `in_progress` update that way."""
    phases = {i.id: lifecycle(i, now).phase for i in incidents}
    chosen = [i for i in incidents if phases[i.id] in (Phase.OPEN, Phase.IN_PROGRESS)] or \
        [i for i in incidents if phases[i.id] is Phase.UPCOMING]
    return sorted(chosen, key=lambda i: i.id, reverse=True)


def current_statuses(incident: Incident, config: SiteConfig, now: datetime) -> dict[str, str]:
    """Each component the incident affects, with the status the incident gives it at `now`."""
    view = view_incident(incident, config, now)
    if view is None:
        return {}
    return {c.id: status_at(c.id, view.segments, now).value for c in view.affected}
