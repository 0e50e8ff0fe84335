"""Uptime per component per day, with the weighted downtime of derive/downtime.py."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from ..model import Component, ComponentStatus
from .downtime import downtime as weighted_downtime
from .downtime import minutes_by_status
from .status import Segment, worst_over_time

WINDOW_DAYS = 90
PHONE_DAYS = 30      # a phone shows the bar's last 30 days, with their own percentage


@dataclass(frozen=True)
class Day:
    day: date
    counted: bool               # False before the component's start_date or after "now"
    downtime_minutes: float     # major + 0.3 × partial
    major_minutes: float
    partial_minutes: float
    degraded_minutes: float
    maintenance_minutes: float
    level: str                  # none | operational | maintenance | degraded | minor | major | critical
    incidents: tuple[str, ...]  # ids of incidents touching the component that day


@dataclass(frozen=True)
class Uptime:
    days: tuple[Day, ...]       # oldest first
    percent: float | None       # to two decimals; None when no minute of the window is counted
    recent_percent: float | None = None   # the same over the last PHONE_DAYS days

    @property
    def downtime_minutes(self) -> float:
        return sum(d.downtime_minutes for d in self.days)


def day_level(downtime: float, degraded: float, maintenance: float) -> str:
    """The colour band of a day: green → yellow → orange → red as downtime grows."""
    if downtime >= 60:
        return "critical"
    if downtime >= 15:
        return "major"
    if downtime > 0:
        return "minor"
    if degraded > 0:
        return "degraded"
    if maintenance > 0:
        return "maintenance"
    return "operational"


def uptime(component: Component, segs: Iterable[Segment], now: datetime, days: int = WINDOW_DAYS) -> Uptime:
    today = now.astimezone(UTC).date()
    window_start = datetime.combine(today - timedelta(days=days - 1), time(0), UTC)
    # Only what touches the window matters: years of history must not slow every build down.
    mine = [s for s in segs if s.component == component.id and s.start < now
            and (s.end is None or s.end > window_start)]
    flat = worst_over_time(mine, now)
    touching = _touching_by_day(mine, window_start.date(), now)
    out: list[Day] = []
    counted: list[tuple[float, float]] = []   # per counted day: minutes, weighted downtime minutes
    for offset in range(days - 1, -1, -1):
        day = today - timedelta(days=offset)
        start = datetime.combine(day, time(0), UTC)
        end = min(start + timedelta(days=1), now)
        if component.start_date and day < component.start_date or end <= start:
            out.append(Day(day, False, 0, 0, 0, 0, 0, "none", ()))
            counted.append((0.0, 0.0))
            continue
        minutes = minutes_by_status(flat, start, end)
        major = minutes[ComponentStatus.MAJOR_OUTAGE]
        partial = minutes[ComponentStatus.PARTIAL_OUTAGE]
        span = (end - start).total_seconds() / 60
        downtime = weighted_downtime(minutes)
        degraded = minutes[ComponentStatus.DEGRADED_PERFORMANCE]
        maintenance = minutes[ComponentStatus.UNDER_MAINTENANCE]
        counted.append((span, downtime))
        out.append(Day(day, True, round(downtime, 3), round(major, 3), round(partial, 3), round(degraded, 3),
                       round(maintenance, 3), day_level(downtime, degraded, maintenance),
                       tuple(sorted(touching.get(day, ())))))
    return Uptime(tuple(out), _percent(counted), _percent(counted[-PHONE_DAYS:]))


def _touching_by_day(segs: Iterable[Segment], since: date, now: datetime) -> dict[date, set[str]]:
    """The incidents each UTC day from `since` to `now` shares a moment with, from one pass over the spans:
    a span touches every day from the one it starts on to the one holding its last moment before it ends."""
    touching: dict[date, set[str]] = {}
    for seg in segs:
        end = min(seg.end or now, now)
        if end <= seg.start:
            continue
        day = max(seg.start.astimezone(UTC).date(), since)
        last = (end.astimezone(UTC) - _INSTANT).date()
        while day <= last:
            touching.setdefault(day, set()).add(seg.incident)
            day += _DAY
    return touching


_INSTANT = timedelta(microseconds=1)   # the smallest step of a datetime
_DAY = timedelta(days=1)


def _percent(days: list[tuple[float, float]]) -> float | None:
    """Uptime % over the counted days, to two decimals: as every page shows it, and still the same value a
    few seconds later (today's minutes grow with the clock), so that serve's next save makes no page again
    for it."""
    minutes = sum(span for span, _ in days)
    return None if minutes == 0 else round(100.0 * (1 - sum(down for _, down in days) / minutes), 2)
