"""A review belongs to a closed incident, and its dates make sense."""

from __future__ import annotations

from datetime import datetime

from ..model import CLOSING_STATUSES, Incident
from ..problems import Problems
from .base import Marks


def check(incident: Incident, marks: Marks, problems: Problems, now: datetime) -> None:
    review = incident.review
    if review is None:
        return
    if incident.is_maintenance:
        problems.error(marks.at("review", "key"), "reviews are for incidents, not maintenance windows")
        return
    if not any(u.status in CLOSING_STATUSES for u in incident.updates):
        problems.warning(marks.at("review", "key"), "review of an incident that is not resolved yet")
    start = incident.started_at
    if review.published_at and start and review.published_at < start:
        problems.error(marks.at("review", "published_at"), "published_at is before the incident started")
    for index, event in enumerate(review.timeline):
        if index and event.at < review.timeline[index - 1].at:
            problems.error(marks.at("review", "timeline", index, "at"),
                           "review timeline events are listed oldest first")
