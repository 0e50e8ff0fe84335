"""What subscribers will see after `new`, `update` or `resolve`, and when the next update is due. Pure.

The lines come from the same derived Site the build renders, at the same moment, so the banner,
the component statuses and the due time printed here are the ones the page will show.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from ..clock import human_time
from ..derive import Site
from ..derive.lifecycle import Phase, closing_update
from ..derive.site import IncidentView
from ..model import Kind
from ..policy import update_interval
from ..render.filters import label

INDENT = "  "


def moment(value: datetime, now: datetime, clock: str = "24h") -> str:
    """'14:30 UTC' on the day of `now` (UTC), else '1 Dec 2026, 00:15 UTC': the pages' format and clock."""
    return human_time(value, clock, date=value.astimezone(UTC).date() != now.astimezone(UTC).date())


def receipt(site: Site, ident: str) -> str:
    """A few lines for the terminal: the update as posted, what the page will show, what is due next."""
    view = site.by_id.get(ident)
    if view is None or view.latest is None:
        return "nothing of it is public yet: subscribers see it from its first update's time\n"
    latest, now, clock = view.latest, site.now, site.config.clock
    lines = [f"posted {moment(latest.at, now, clock)} · {label(latest.status)} · {view.title}",
             "the status page will show, once published:",
             INDENT + site.page.description,
             INDENT + f"{view.title} — {_state(view, now, clock)}"]
    lines += [INDENT * 2 + line.rstrip() if line.strip() else "" for line in latest.message.strip().splitlines()]
    statuses = {c.id: c for c in site.components}
    upcoming = view.life.phase is Phase.UPCOMING and view.incident.scheduled_start is not None
    for component in view.affected:
        line = f"{component.name}: {statuses[component.id].status.label}"
        planned = view.incident.components.get(component.id)
        if upcoming and planned is not None and view.incident.scheduled_start is not None:
            line += f", then {planned.label.lower()} from {moment(view.incident.scheduled_start, now, clock)}"
        lines.append(INDENT + line)
    lines.append(_next(view, now, clock))
    return "\n".join(lines) + "\n"


def _spoken(interval: timedelta) -> str:
    """30 min, 1 h, 1 h 30 min."""
    hours, minutes = divmod(int(interval.total_seconds() // 60), 60)
    return " ".join(part for part in (f"{hours} h" if hours else "", f"{minutes} min" if minutes else "")
                    if part) or "0 min"


def _state(view: IncidentView, now: datetime, clock: str) -> str:
    life = view.life
    if life.phase is Phase.UPCOMING:
        start, end = view.incident.scheduled_start, view.incident.scheduled_end
        assert start is not None and end is not None  # validated for maintenance
        return f"scheduled for {moment(start, now, clock)} to {moment(end, start, clock)}"
    if life.phase in (Phase.RESOLVED, Phase.COMPLETED) and view.duration is not None:
        return f"{label(life.status)} after {_spoken(view.duration)}"
    return label(life.status)


def _next(view: IncidentView, now: datetime, clock: str) -> str:
    life, incident = view.life, view.incident
    closing = closing_update(view.updates)
    if closing is not None:
        return f"no further updates are due: the {incident.kind.value} is {closing.status}"
    if incident.kind is Kind.MAINTENANCE:
        return ("maintenance has no update cadence: post in_progress when the work starts, then "
                "statuspress resolve when it ends")
    interval = update_interval(incident)
    if life.next_update_due is None or interval is None:  # pragma: no cover - open incidents always have one
        return "no update cadence is set"
    every = f"every {_spoken(interval)}"
    why = "as update_every says" if incident.update_every else f"the default for {incident.impact.value} impact"
    return f"next update due by {moment(life.next_update_due, now, clock)} ({every}, {why})"
