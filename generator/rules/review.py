"""A review belongs to a closed incident, and its dates make sense."""

from __future__ import annotations

import re
from dataclasses import fields
from datetime import datetime

from ..model import CLOSING_STATUSES, Incident, Review
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
    _placeholders(review, marks, problems)


_TODO = re.compile(r"\bTODO\b")


def _placeholders(review: Review, marks: Marks, problems: Problems) -> None:
    """A review drafted by `statuspress review` is full of TODOs and shows as a draft until it has
    published_at. Marking it published with a TODO left in it is a mistake worth a warning (and
    --strict in CI can refuse it)."""
    if review.published_at is None:
        return
    for spec in fields(review):
        if any(_TODO.search(text) for text in _texts(getattr(review, spec.name))):
            problems.warning(marks.at("review", spec.name),
                             f"published review: {spec.name} still has a TODO placeholder")


def _texts(value: object) -> list[str]:
    """The prose in a review field: text, a list of text, or timeline events and action items."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, tuple):
        return [item if isinstance(item, str) else getattr(item, "text", "") or getattr(item, "title", "")
                for item in value]
    return []
