"""Small builders of incidents for the derive tests: times are minutes after 2026-11-28 00:00 UTC."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from generator.derive.lifecycle import lifecycle
from generator.derive.status import Segment, StatusHistory, status_history
from generator.model import Component, ComponentStatus, Impact, Incident, Kind, Update

DAY0 = datetime(2026, 11, 28, tzinfo=UTC)
S = ComponentStatus


def at(minutes: float, day: int = 0) -> datetime:
    """`minutes` after midnight UTC of 28 Nov 2026, plus `day` days."""
    return DAY0 + timedelta(days=day, minutes=minutes)


def upd(minutes: float, status: str, day: int = 0, **components: ComponentStatus) -> Update:
    return Update(at=at(minutes, day), status=status, message=status, components=components)


def incident(id: str = "2026-11-28-x", *, start: float = 0, day: int = 0, impact: Impact = Impact.MAJOR,
             components: dict[str, ComponentStatus] | None = None, updates: tuple[Update, ...] = (),
             update_every: timedelta | None = None) -> Incident:
    return Incident(id=id, path=f"incidents/2026/{id}.yml", title=id, impact=impact,
                    components=components if components is not None else {"api": S.PARTIAL_OUTAGE},
                    started_at=at(start, day), updates=updates, update_every=update_every)


def maintenance(id: str = "2026-11-28-m", *, start: float, end: float, day: int = 0,
                updates: tuple[Update, ...] = ()) -> Incident:
    return Incident(id=id, path=f"incidents/2026/{id}.yml", title=id, kind=Kind.MAINTENANCE, impact=Impact.NONE,
                    components={"api": S.UNDER_MAINTENANCE}, scheduled_start=at(start, day),
                    scheduled_end=at(end, day), updates=updates)


API = Component("api", "Public API", group="Platform")
LATE = Component("late", "Late starter", start_date=date(2026, 11, 27))


def history(inc: Incident, now: datetime) -> StatusHistory:
    """The incident's status history as of `now`, as derive_site computes it."""
    life = lifecycle(inc, now)
    ids = sorted(set(inc.components).union(*(u.components for u in inc.updates)))
    return status_history(inc, life, ids, now)


def segments(inc: Incident, now: datetime) -> list[Segment]:
    return list(history(inc, now).segments)
