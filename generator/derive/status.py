"""Component status over time (SPEC's rules) and the page-wide status at a moment."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from ..model import CLOSING_STATUSES, ComponentStatus, Impact, Incident, Update
from .lifecycle import Lifecycle, visible_updates

OPERATIONAL = ComponentStatus.OPERATIONAL


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


@dataclass(frozen=True)
class Change:
    component: str                 # component id
    old: ComponentStatus
    new: ComponentStatus


@dataclass(frozen=True)
class UpdateEffect:
    """What one public update did to component statuses (the feeds' categories, the API's
    `affected_components`)."""

    update: Update
    statuses: Mapping[str, ComponentStatus]   # every affected component's status just after the update
    changes: tuple[Change, ...]                # the first update lists every component, later ones what moved


@dataclass(frozen=True)
class StatusHistory:
    """One incident's effect on component statuses, from one walk over its timeline."""

    segments: tuple[Segment, ...]
    effects: tuple[UpdateEffect, ...]          # one per visible update, oldest first


def status_history(incident: Incident, life: Lifecycle, affected: Sequence[str],
                   now: datetime) -> StatusHistory:
    """The rule, in one place (docs/spec.md, "Component status over time"): while the incident or window
    is open (from `life.began_at` until `life.closed_at`), each component listed under `components:` has
    that status, and each update's `components:` changes it from the update's time on (an update posted
    before a window opens takes effect when it opens). Outside that span every component is operational.

    `affected` lists the component ids in display order. The first update's effect names each of them,
    changed from operational: until it was posted, nothing about the incident was public."""
    updates = visible_updates(incident, now)
    begin, end = life.began_at, life.closed_at
    listed: dict[str, ComponentStatus] = dict(incident.components)
    since: dict[str, tuple[ComponentStatus, datetime]] = {}   # non-operational spans being drawn
    out: list[Segment] = []

    def show(moment: datetime, statuses: Mapping[str, ComponentStatus], first: Iterable[str] = ()) -> None:
        """From `moment` on, components have `statuses` (missing ones: operational); spans end in the
        order of `first` (the update's own list), then by component id."""
        first = [c for c in first if c in statuses or c in since]
        for component in first + sorted((set(since) | set(statuses)) - set(first)):
            status = statuses.get(component, OPERATIONAL)
            if component in since and since[component][0] is status:
                continue
            if component in since:
                old, start = since.pop(component)
                if moment > start:
                    out.append(Segment(component, old, start, moment, incident.id))
            if status is not OPERATIONAL:
                since[component] = (status, moment)

    def is_open(moment: datetime) -> bool:
        return begin is not None and begin <= moment and (end is None or moment < end)

    def was_open(moment: datetime) -> bool:
        """Open just before `moment`."""
        return begin is not None and begin < moment and (end is None or moment <= end)

    # At each moment in time order: the window opens, then the updates of that moment apply, then it closes.
    moments = sorted({u.at for u in updates} | {t for t in (begin, end) if t is not None})
    by_moment: dict[datetime, list[Update]] = {}
    for update in updates:
        by_moment.setdefault(update.at, []).append(update)
    effects: list[UpdateEffect] = []
    for moment in moments:
        # Nothing was public before the first update: it announces every status from operational.
        before = {cid: status for cid, status in listed.items() if effects and was_open(moment)}
        for update in by_moment.get(moment, ()):
            if update.status not in CLOSING_STATUSES:
                listed.update(update.components)
            after = dict(listed) if is_open(moment) else {}
            show(moment, after, update.components)
            old = {cid: before.get(cid, OPERATIONAL) for cid in affected}
            new = {cid: after.get(cid, OPERATIONAL) for cid in affected}
            moved = affected if not effects else [cid for cid in affected if new[cid] is not old[cid]]
            effects.append(UpdateEffect(update, new, tuple(Change(cid, old[cid], new[cid]) for cid in moved)))
            before = after
        show(moment, dict(listed) if is_open(moment) else {})
    for component in sorted(since):
        status, start = since[component]
        out.append(Segment(component, status, start, end, incident.id))
    return StatusHistory(tuple(out), tuple(effects))


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
