"""Component status over time (SPEC's rules) and the page-wide status at a moment."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from ..model import ComponentStatus, Impact, Incident
from .lifecycle import Lifecycle, visible_updates


@dataclass(frozen=True)
class Segment:
    """One component in one non-operational status, from `start` until `end` (None: still so)."""

    component: str
    status: ComponentStatus
    start: datetime
    end: datetime | None
    incident: str

    def covers(self, moment: datetime) -> bool:
        return self.start <= moment and (self.end is None or moment < self.end)


def segments(incident: Incident, life: Lifecycle, now: datetime) -> list[Segment]:
    """From the start each listed component has its status, each update's `components:` changes it
    from that update's time, and everything is operational again at resolution."""
    begin = life.began_at
    if begin is None:
        return []
    end = life.closed_at
    changes: list[tuple[datetime, dict[str, ComponentStatus]]] = [(begin, dict(incident.components))]
    for update in visible_updates(incident, now):
        if update.components:
            changes.append((max(update.at, begin), dict(update.components)))
    current: dict[str, tuple[ComponentStatus, datetime]] = {}
    out: list[Segment] = []

    def close(component: str, at: datetime | None) -> None:
        status, since = current.pop(component)
        if status is not ComponentStatus.OPERATIONAL and (at is None or at > since):
            out.append(Segment(component, status, since, at, incident.id))

    for at, statuses in changes:
        if end is not None and at >= end:
            break
        for component, status in statuses.items():
            if component in current:
                if current[component][0] is status:
                    continue
                close(component, at)
            current[component] = (status, at)
    for component in sorted(current):
        close(component, end)
    return out


def status_at(component: str, all_segments: Iterable[Segment], moment: datetime) -> ComponentStatus:
    """The worst status any incident gives the component at `moment`."""
    worst = ComponentStatus.OPERATIONAL
    for seg in all_segments:
        if seg.component == component and seg.covers(moment) and seg.status.severity > worst.severity:
            worst = seg.status
    return worst


def worst_over_time(segs: Iterable[Segment], now: datetime) -> list[Segment]:
    """One component's segments from several incidents → non-overlapping spans of the worst status,
    so that overlapping incidents never count a minute twice. Open spans end at `now`.

    A sweep over the sorted cut points: each span looks only at the segments still open at its start,
    so years of history cost n log n, not n²."""
    segs = list(segs)

    def end_of(seg: Segment) -> datetime:
        return min(seg.end or now, now)

    cuts = sorted({s.start for s in segs} | {end_of(s) for s in segs})
    pending = sorted(enumerate(segs), key=lambda item: item[1].start)
    active: list[tuple[int, Segment]] = []
    next_pending = 0
    out: list[Segment] = []
    for lo, hi in zip(cuts, cuts[1:], strict=False):
        while next_pending < len(pending) and pending[next_pending][1].start <= lo:
            active.append(pending[next_pending])
            next_pending += 1
        # Every end is a cut, so a segment not reaching `hi` has ended by `lo` and never covers again.
        active = [item for item in active if end_of(item[1]) >= hi]
        if not active:
            continue
        # The worst status; on a tie the segment given first wins, as before.
        worst = min(active, key=lambda item: (-item[1].status.severity, item[0]))[1]
        if out and out[-1].end == lo and out[-1].status is worst.status:
            prev = out.pop()
            out.append(Segment(prev.component, prev.status, prev.start, hi, prev.incident))
        else:
            out.append(Segment(worst.component, worst.status, lo, hi, worst.incident))
    return out


INDICATOR_BY_STATUS = {
    ComponentStatus.OPERATIONAL: Impact.NONE,
    ComponentStatus.UNDER_MAINTENANCE: Impact.NONE,
    ComponentStatus.DEGRADED_PERFORMANCE: Impact.MINOR,
    ComponentStatus.PARTIAL_OUTAGE: Impact.MAJOR,
    ComponentStatus.MAJOR_OUTAGE: Impact.CRITICAL,
}

DESCRIPTION = {
    Impact.NONE: "All Systems Operational",
    Impact.MINOR: "Minor Service Outage",
    Impact.MAJOR: "Partial System Outage",
    Impact.CRITICAL: "Major Service Outage",
}
UNDER_MAINTENANCE = "Service Under Maintenance"


@dataclass(frozen=True)
class PageStatus:
    indicator: Impact           # Statuspage's status.indicator: none | minor | major | critical
    description: str            # the banner wording


def page_status(statuses: Iterable[ComponentStatus], open_incident_impacts: Iterable[Impact]) -> PageStatus:
    """Worst of the components' statuses and the open incidents' impacts, in Statuspage's words."""
    statuses = list(statuses)
    indicator = max([INDICATOR_BY_STATUS[s] for s in statuses] + list(open_incident_impacts) + [Impact.NONE],
                    key=lambda i: i.rank)
    if indicator is Impact.NONE and ComponentStatus.UNDER_MAINTENANCE in statuses:
        return PageStatus(indicator, UNDER_MAINTENANCE)
    return PageStatus(indicator, DESCRIPTION[indicator])
