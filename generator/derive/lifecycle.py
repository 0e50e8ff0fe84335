"""Where an incident or maintenance window stands at a given time: status, phase, open/closed, timings."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from ..model import CLOSING_STATUSES, Incident, MaintenanceStatus, Update
from ..policy import update_interval


class Phase(StrEnum):
    """Maintenance phases; incidents are either open or resolved."""

    UPCOMING = "upcoming"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    CANCELLED = "cancelled"
    OPEN = "open"
    RESOLVED = "resolved"


@dataclass(frozen=True)
class Lifecycle:
    status: str                     # latest update's status (or "scheduled"/"investigating" before any)
    phase: Phase
    began_at: datetime | None       # impact (incident) or window (maintenance) began; None if not yet
    closed_at: datetime | None      # resolved/completed/cancelled, or a window that ran out
    next_update_due: datetime | None
    overdue: bool

    @property
    def is_open(self) -> bool:
        return self.phase in (Phase.OPEN, Phase.IN_PROGRESS)

    def duration(self, now: datetime) -> timedelta | None:
        if self.began_at is None:
            return None
        return (self.closed_at or now) - self.began_at


def visible_updates(incident: Incident, now: datetime) -> tuple[Update, ...]:
    """Updates posted by `now`; a build at an earlier time does not show later ones."""
    return tuple(u for u in incident.updates if u.at <= now)


def closing_update(updates: tuple[Update, ...]) -> Update | None:
    return next((u for u in updates if u.status in CLOSING_STATUSES), None)


def lifecycle(incident: Incident, now: datetime) -> Lifecycle:
    updates = visible_updates(incident, now)
    closing = closing_update(updates)
    latest = updates[-1] if updates else None
    if incident.is_maintenance:
        return _maintenance(incident, updates, closing, latest, now)
    phase = Phase.RESOLVED if closing else Phase.OPEN
    began = incident.started_at if incident.started_at and incident.started_at <= now else None
    due = None
    overdue = False
    interval = update_interval(incident)
    if phase is Phase.OPEN and interval:
        due = (latest.at if latest else (incident.started_at or now)) + interval
        overdue = due < now
    return Lifecycle(latest.status if latest else "investigating", phase, began,
                     closing.at if closing else None, due, overdue)


def _maintenance(incident: Incident, updates: tuple[Update, ...], closing: Update | None,
                 latest: Update | None, now: datetime) -> Lifecycle:
    start, end = incident.scheduled_start, incident.scheduled_end
    assert start is not None and end is not None  # validated
    status = latest.status if latest else MaintenanceStatus.SCHEDULED.value
    in_progress = next((u.at for u in updates if u.status == MaintenanceStatus.IN_PROGRESS.value), None)
    if closing and closing.status == MaintenanceStatus.CANCELLED.value:
        began = in_progress
        return Lifecycle(status, Phase.CANCELLED, began, closing.at if began else None, None, False)
    # A `scheduled` update posted once the planned start has passed says the start is delayed: the
    # window waits for an `in_progress` update (docs/spec.md, "Component status over time").
    delayed = in_progress is None and any(
        u.status == MaintenanceStatus.SCHEDULED.value and u.at >= start for u in updates)
    began = in_progress or (start if start <= now and not delayed else None)
    if closing:
        return Lifecycle(status, Phase.COMPLETED, began or closing.at, closing.at, None, False)
    if began is None:
        return Lifecycle(status, Phase.UPCOMING, None, None, None, False)
    if now >= end and not in_progress:
        return Lifecycle(MaintenanceStatus.COMPLETED.value, Phase.COMPLETED, began, end, None, False)
    if now >= end:
        # Started by hand and still not completed after its window: treat it as running on.
        return Lifecycle(status, Phase.IN_PROGRESS, began, None, None, False)
    return Lifecycle(status if in_progress else MaintenanceStatus.IN_PROGRESS.value, Phase.IN_PROGRESS,
                     began, None, None, False)
