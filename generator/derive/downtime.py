"""Weighted downtime, Statuspage's rule in one place: a minute of major outage counts fully, a minute of
partial outage counts PARTIAL_WEIGHT, and degraded performance and maintenance count as up. Pure."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime

from ..model import ComponentStatus
from .status import Segment

PARTIAL_WEIGHT = 0.3


def weighted(major_minutes: float, partial_minutes: float) -> float:
    """Downtime minutes from minutes of major and of partial outage."""
    return major_minutes + PARTIAL_WEIGHT * partial_minutes


def minutes_by_status(flat: Iterable[Segment], start: datetime | None = None,
                      end: datetime | None = None) -> dict[ComponentStatus, float]:
    """Minutes in each status between `start` and `end` (default: all of it), from one component's
    non-overlapping segments (derive.status.worst_over_time, whose open spans end at the build time)."""
    minutes = dict.fromkeys(ComponentStatus, 0.0)
    for seg in flat:
        assert seg.end is not None
        lo = seg.start if start is None else max(seg.start, start)
        hi = seg.end if end is None else min(seg.end, end)
        if hi > lo:
            minutes[seg.status] += (hi - lo).total_seconds() / 60
    return minutes


def downtime(minutes: Mapping[ComponentStatus, float]) -> float:
    """Weighted downtime of minutes_by_status' result."""
    return weighted(minutes[ComponentStatus.MAJOR_OUTAGE], minutes[ComponentStatus.PARTIAL_OUTAGE])
