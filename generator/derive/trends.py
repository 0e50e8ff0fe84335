"""Trends across incidents for the metrics page: per month, per quarter, per component. Pure.

Everything covers a window of WINDOW_MONTHS calendar months ending with the build month (UTC), and
counts incidents only (maintenance is planned work, not a failure)."""

from __future__ import annotations

import math
import statistics
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from ..model import Component, Impact
from .downtime import downtime, minutes_by_status
from .status import Segment, worst_over_time
from .views import ComponentView, IncidentView

WINDOW_MONTHS = 24


@dataclass(frozen=True)
class MonthCount:
    key: str                         # 2026-11
    label: str                       # Nov 2026
    counts: tuple[tuple[Impact, int], ...]   # every impact, in Impact order

    @property
    def total(self) -> int:
        return sum(n for _, n in self.counts)


@dataclass(frozen=True)
class Spread:
    """Median and 90th percentile of some durations; None when there are none."""

    count: int
    median: timedelta | None
    p90: timedelta | None


@dataclass(frozen=True)
class QuarterStat:
    key: str                         # 2026-Q4
    incidents: int
    resolve: Spread                  # time to resolve of incidents started in the quarter and resolved
    detect: Spread                   # time to detect of those with detected_at
    cadence_measured: int            # incidents whose update cadence can be measured
    cadence_met: int                 # … of which every gap kept the promise

    @property
    def cadence_percent(self) -> float | None:
        return None if not self.cadence_measured else 100.0 * self.cadence_met / self.cadence_measured


@dataclass(frozen=True)
class ComponentStat:
    component: Component
    incidents: int
    downtime_minutes: float          # major + 0.3 × partial, overlapping incidents counted once


@dataclass(frozen=True)
class Trends:
    since: date                      # first day of the window
    months: tuple[MonthCount, ...]   # oldest first, every month of the window
    quarters: tuple[QuarterStat, ...]  # oldest first, every quarter touching the window
    components: tuple[ComponentStat, ...]  # display order
    missed_cadence: tuple[IncidentView, ...]  # incidents with a gap longer than promised, newest first
    until: date                      # the build's day (UTC), the window's last

    @property
    def incidents(self) -> int:
        return sum(m.total for m in self.months)


def percentile(values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile: the smallest value with at least q % of the values at or below it."""
    ordered = sorted(values)
    rank = max(math.ceil(q / 100 * len(ordered)), 1)
    return ordered[rank - 1]


def spread(values: Sequence[timedelta]) -> Spread:
    if not values:
        return Spread(0, None, None)
    seconds = [v.total_seconds() for v in values]
    return Spread(len(values), timedelta(seconds=statistics.median(seconds)),
                  timedelta(seconds=percentile(seconds, 90)))


def _month_start(day: date) -> date:
    return day.replace(day=1)


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def quarter_key(moment: datetime) -> str:
    moment = moment.astimezone(UTC)
    return f"{moment.year}-Q{(moment.month - 1) // 3 + 1}"


def trends(incidents: Sequence[IncidentView], components: Sequence[ComponentView], now: datetime,
           window_months: int = WINDOW_MONTHS) -> Trends:
    """The trends over the window ending with the month of `now`."""
    this_month = _month_start(now.astimezone(UTC).date())
    since = _add_months(this_month, -(window_months - 1))
    since_at = datetime.combine(since, datetime.min.time(), UTC)
    views = [v for v in incidents if not v.incident.is_maintenance and v.incident.started_at is not None
             and since_at <= v.incident.started_at <= now]

    month_keys = [_add_months(since, n) for n in range(window_months)]
    counts: dict[str, dict[Impact, int]] = {m.strftime("%Y-%m"): dict.fromkeys(Impact, 0) for m in month_keys}
    for v in views:
        counts[v.starts.astimezone(UTC).strftime("%Y-%m")][v.incident.impact] += 1
    months = tuple(MonthCount(m.strftime("%Y-%m"), m.strftime("%b %Y"),
                              tuple(counts[m.strftime("%Y-%m")].items())) for m in month_keys)

    quarter_keys: list[str] = []
    for m in month_keys:
        key = quarter_key(datetime.combine(m, datetime.min.time(), UTC))
        if key not in quarter_keys:
            quarter_keys.append(key)
    by_quarter: dict[str, list[IncidentView]] = {k: [] for k in quarter_keys}
    for v in views:
        by_quarter[quarter_key(v.starts)].append(v)
    quarters = []
    for key in quarter_keys:
        items = by_quarter[key]
        metrics = [v.metrics for v in items if v.metrics is not None]
        measured = [m for m in metrics if m.cadence_met is not None]
        quarters.append(QuarterStat(
            key, len(items),
            spread([m.time_to_resolve for m in metrics if m.time_to_resolve is not None]),
            spread([m.time_to_detect for m in metrics if m.time_to_detect is not None]),
            len(measured), sum(1 for m in measured if m.cadence_met)))

    segs: dict[str, list[Segment]] = {}   # those that share time with the window: the others count no minute
    for v in incidents:
        for seg in v.segments:
            if seg.start < now and (seg.end is None or seg.end > since_at):
                segs.setdefault(seg.component, []).append(seg)
    affected = Counter(component.id for v in views for component in v.affected)
    stats = []
    for c in components:
        minutes = minutes_by_status(worst_over_time(segs.get(c.id, []), now), since_at, now)
        stats.append(ComponentStat(c.component, affected[c.component.id], round(downtime(minutes), 3)))

    missed = tuple(v for v in views if v.metrics is not None and v.metrics.cadence_met is False)
    return Trends(since, months, tuple(quarters), tuple(stats), missed, now.astimezone(UTC).date())
