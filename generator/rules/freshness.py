"""Warnings that depend on the build time: promised updates overdue, windows left open."""

from __future__ import annotations

from datetime import datetime

from ..model import CLOSING_STATUSES, Incident
from ..policy import update_interval
from ..problems import Problems
from .base import Marks


def check(incident: Incident, marks: Marks, problems: Problems, now: datetime) -> None:
    if any(u.status in CLOSING_STATUSES for u in incident.updates):
        return
    if not incident.updates:
        problems.warning(marks.at("title"), "no updates yet: subscribers see nothing until the first update",
                         "no-updates")
        return
    last = incident.updates[-1]
    index = last.index
    if incident.is_maintenance:
        if incident.scheduled_end and now > incident.scheduled_end:
            problems.warning(marks.at("updates", index, "at"), "the maintenance window has ended but is not "
                             "marked completed; post a 'completed' update", "window-open")
        return
    interval = update_interval(incident)
    if interval and last.at + interval < now:
        late = int((now - last.at - interval).total_seconds() // 60)
        problems.warning(marks.at("updates", index, "at"), f"next public update is {late} min overdue "
                         f"(promised every {int(interval.total_seconds() // 60)} min)", "update-overdue")
