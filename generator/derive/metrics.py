"""Per-incident response metrics (time to detect, acknowledge, mitigate, resolve; update cadence;
customer-impact minutes), each None when an input is missing. Pure.

Every metric is defined once in METRICS; the docs, the review page and the export headers read it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from ..model import CLOSING_STATUSES, ComponentStatus, Incident, Update
from ..policy import update_interval
from .downtime import minutes_by_status, weighted
from .status import Segment, worst_over_time


@dataclass(frozen=True)
class MetricDef:
    """One metric: its key (export header), label and exact definition."""

    key: str
    label: str
    definition: str


METRICS: tuple[MetricDef, ...] = (
    MetricDef("time_to_detect", "Time to detect",
              "`detected_at` − `started_at`: how long the impact went unnoticed."),
    MetricDef("time_to_acknowledge", "Time to acknowledge",
              "`acknowledged_at` − `detected_at`: how long until a responder took the alert."),
    MetricDef("time_to_mitigate", "Time to mitigate",
              "`mitigated_at` − `started_at`: how long customers were affected."),
    MetricDef("time_to_resolve", "Time to resolve",
              "time of the `resolved` update − `started_at`: how long the incident was open."),
    MetricDef("time_to_first_update", "Time to first public update",
              "time of the first public update − `started_at`: how long customers waited to hear from us."),
    MetricDef("longest_update_gap", "Longest gap between public updates",
              "the longest time between two consecutive public updates, up to and including the "
              "`resolved` update; compared with `update_every` (or its default for the impact)."),
    MetricDef("customer_impact_minutes", "Customer-impact minutes",
              "per affected component, minutes in `major_outage` + 0.3 × minutes in `partial_outage` "
              "(the uptime rule), from `started_at` to resolution; the total is their sum."),
)
METRIC_BY_KEY = {m.key: m for m in METRICS}


@dataclass(frozen=True)
class ComponentImpact:
    component: str
    major_minutes: float
    partial_minutes: float

    @property
    def minutes(self) -> float:
        """Weighted as for uptime (derive/downtime.py)."""
        return round(weighted(self.major_minutes, self.partial_minutes), 3)


@dataclass(frozen=True)
class Metrics:
    """The response metrics of one incident. A duration is None when either end is missing or the
    ends are out of order: never zero for "unknown", never negative."""

    started_at: datetime | None
    resolved_at: datetime | None
    first_update_at: datetime | None
    time_to_detect: timedelta | None
    time_to_acknowledge: timedelta | None
    time_to_mitigate: timedelta | None
    time_to_resolve: timedelta | None
    time_to_first_update: timedelta | None
    longest_update_gap: timedelta | None
    update_every: timedelta | None          # the promised cadence the gap is compared with
    impact: tuple[ComponentImpact, ...]     # affected components with downtime, in segment order

    @property
    def cadence_met(self) -> bool | None:
        """Whether every gap between public updates kept the promise; None when not measurable."""
        if self.longest_update_gap is None or self.update_every is None:
            return None
        return self.longest_update_gap <= self.update_every

    @property
    def customer_impact_minutes(self) -> float | None:
        """Sum over components; None when the incident has no start (nothing measurable)."""
        if self.started_at is None:
            return None
        return round(sum(c.minutes for c in self.impact), 3)

    def value(self, key: str) -> timedelta | float | None:
        return getattr(self, key)


def span(start: datetime | None, end: datetime | None) -> timedelta | None:
    """end − start, or None when either is missing or end precedes start."""
    if start is None or end is None or end < start:
        return None
    return end - start


def longest_gap(updates: Sequence[Update]) -> timedelta | None:
    """Longest time between consecutive updates, stopping at the first closing one."""
    times: list[datetime] = []
    for update in updates:
        times.append(update.at)
        if update.status in CLOSING_STATUSES:
            break
    gaps = [b - a for a, b in zip(times, times[1:], strict=False) if b >= a]
    return max(gaps) if gaps else None


def component_impact(segments: Iterable[Segment], now: datetime) -> tuple[ComponentImpact, ...]:
    """Weighted impact minutes per component from one incident's status segments (open ones end at now)."""
    by_component: dict[str, list[Segment]] = {}
    for seg in segments:
        by_component.setdefault(seg.component, []).append(seg)
    out: list[ComponentImpact] = []
    for component, segs in by_component.items():
        minutes = minutes_by_status(worst_over_time(segs, now))
        out.append(ComponentImpact(component, round(minutes[ComponentStatus.MAJOR_OUTAGE], 3),
                                   round(minutes[ComponentStatus.PARTIAL_OUTAGE], 3)))
    return tuple(out)


def incident_metrics(incident: Incident, updates: Sequence[Update], segments: Iterable[Segment],
                     now: datetime) -> Metrics | None:
    """The metrics of an incident as of `now` (updates: those visible then); None for maintenance."""
    if incident.is_maintenance:
        return None
    start = incident.started_at
    closing = next((u for u in updates if u.status in CLOSING_STATUSES), None)
    resolved = closing.at if closing else None
    first = updates[0].at if updates else None
    return Metrics(
        started_at=start,
        resolved_at=resolved,
        first_update_at=first,
        time_to_detect=span(start, incident.detected_at),
        time_to_acknowledge=span(incident.detected_at, incident.acknowledged_at),
        time_to_mitigate=span(start, incident.mitigated_at),
        time_to_resolve=span(start, resolved),
        time_to_first_update=span(start, first),
        longest_update_gap=longest_gap(updates),
        update_every=update_interval(incident),
        impact=component_impact(segments, now) if start is not None else (),
    )
