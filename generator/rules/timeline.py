"""The timeline reads forward: timestamps in order, one update per time, nothing after resolution."""

from __future__ import annotations

from datetime import datetime

from ..clock import format_utc
from ..model import CLOSING_STATUSES, Incident
from ..problems import Problems
from .base import Marks

# Each phase time is compared with the first of its predecessors that the file gives.
_PHASES = (("detected_at", ("started_at",)), ("acknowledged_at", ("detected_at", "started_at")),
           ("mitigated_at", ("started_at",)))


def check(incident: Incident, marks: Marks, problems: Problems) -> None:
    for later, earlier_names in _PHASES:
        given = [name for name in earlier_names if getattr(incident, name) is not None]
        earlier = given[0] if given else earlier_names[0]
        a, b = getattr(incident, later), getattr(incident, earlier)
        if a is not None and b is not None and a < b:
            problems.error(marks.at(later), f"{later} ({format_utc(a)}) is before {earlier} ({format_utc(b)})",
                           "time-order")
    if incident.scheduled_start and incident.scheduled_end and incident.scheduled_end <= incident.scheduled_start:
        problems.error(marks.at("scheduled_end"), "scheduled_end must be after scheduled_start", "time-order")

    previous = None
    closed_at_line = None
    first_at: dict[datetime, int] = {}   # update time -> index of the first update at that time
    closed = "a closed maintenance window" if incident.is_maintenance else "a resolved incident"
    for update in incident.updates:
        index = update.index
        here = ("updates", index, "at")   # looked up only for a problem
        if closed_at_line is not None:
            problems.error(marks.at(*here), f"update after the {incident.kind.value} was closed (line "
                           f"{closed_at_line}); {closed} takes no further updates", "update-order")
        if update.at in first_at:
            problems.error(marks.at(*here), f"another update is also at {format_utc(update.at)} (line "
                           f"{marks.at('updates', first_at[update.at], 'at').line}); give each update its own time",
                           "update-order")
        first_at.setdefault(update.at, index)
        if previous is not None and update.at < previous.at:
            problems.error(marks.at(*here), f"update at {format_utc(update.at)} is before the previous update "
                           f"({format_utc(previous.at)}); updates are listed oldest first", "update-order")
        if not incident.is_maintenance and incident.started_at and update.at < incident.started_at:
            problems.error(marks.at(*here), f"update at {format_utc(update.at)} is before started_at "
                           f"({format_utc(incident.started_at)})", "update-order")
        if update.status in CLOSING_STATUSES and closed_at_line is None:
            closed_at_line = marks.at("updates", index).line
        previous = update
