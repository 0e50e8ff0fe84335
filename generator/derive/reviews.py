"""Which incidents have a review or await one, and a review's merged timeline. Pure."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from ..model import Impact
from .views import IncidentView

REVIEW_EXPECTED = (Impact.MAJOR, Impact.CRITICAL)   # resolved incidents of these impacts await a review


@dataclass(frozen=True)
class TimelineEntry:
    """One line of a review's merged timeline."""

    at: datetime
    public: bool           # every public update, and review events marked `public: true`
    text: str              # Markdown
    status: str | None     # public updates only; None for the review's own events


def merged_timeline(view: IncidentView) -> tuple[TimelineEntry, ...]:
    """Public updates and the review's events in time order (events first on a tie)."""
    entries = [TimelineEntry(u.at, True, u.message, u.status) for u in view.updates]
    review = view.incident.review
    if review is not None:
        entries += [TimelineEntry(e.at, e.public, e.text, None) for e in review.timeline]
    return tuple(sorted(entries, key=lambda e: (e.at, e.status is not None)))


def reviewed(views: Iterable[IncidentView]) -> tuple[IncidentView, ...]:
    return tuple(v for v in views if v.incident.review is not None)


def awaiting_review(views: Iterable[IncidentView]) -> tuple[IncidentView, ...]:
    return tuple(v for v in views if v.incident.review is None and not v.incident.is_maintenance
                 and v.life.closed_at is not None and v.incident.impact in REVIEW_EXPECTED)
