"""A review belongs to a closed incident, its dates make sense, and a published one is finished."""

from __future__ import annotations

import re
from dataclasses import fields
from datetime import datetime, timedelta

from ..model import CLOSING_STATUSES, Incident, Review
from ..problems import Problems
from .base import Marks


def check(incident: Incident, marks: Marks, problems: Problems) -> None:
    review = incident.review
    if review is None:
        return
    if incident.is_maintenance:
        problems.error(marks.at("review", "key"), "reviews are for incidents, not maintenance windows", "review-kind")
        return
    if not any(u.status in CLOSING_STATUSES for u in incident.updates):
        problems.warning(marks.at("review", "key"), "review of an incident that is not resolved yet",
                         "review-unresolved")
    start = incident.started_at
    if review.published_at and start and review.published_at < start:
        problems.error(marks.at("review", "published_at"), "published_at is before the incident started",
                       "review-timeline")
    for index, event in enumerate(review.timeline):
        if index and event.at < review.timeline[index - 1].at:
            problems.error(marks.at("review", "timeline", index, "at"),
                           "review timeline events are listed oldest first", "review-timeline")
    _placeholders(review, marks, problems)


_TODO = re.compile(r"\bTODO\b")


def _placeholders(review: Review, marks: Marks, problems: Problems) -> None:
    """A review drafted by `statuspress review` is full of TODOs and stays a draft, built only for the
    internal audience, until it has published_at. Publishing it with a TODO left in it would put the
    scaffold on the public site: an error."""
    if review.published_at is None:
        return
    for spec in fields(review):
        if any(_TODO.search(text) for text in _texts(getattr(review, spec.name))):
            problems.error(marks.at("review", spec.name),
                           f"published review: {spec.name} still has a TODO placeholder; finish it or "
                           "remove published_at to keep it a draft", "review-todo")


def draft_overdue(incident: Incident, marks: Marks, problems: Problems, now: datetime,
                  due: timedelta) -> None:
    """A draft review (no published_at) is due `due` after its incident was resolved; later is a
    warning, so `check --strict` fails on it. (The period is `review_due` in mkdocs.yml.)"""
    from ..derive.lifecycle import closing_update  # only here: importing derive/ costs every check 30 ms

    review = incident.review
    closing = closing_update(incident.updates)
    if review is None or review.published_at is not None or closing is None or incident.is_maintenance:
        return
    if now - closing.at > due:
        days = (now - closing.at).days
        problems.warning(marks.at("review", "key"),
                         f"draft review is overdue: the incident was resolved {days} days ago and reviews "
                         f"are due within {_days(due)} (review_due in mkdocs.yml); finish it and add "
                         "published_at", "review-overdue")


def _days(value: timedelta) -> str:
    days = value / timedelta(days=1)
    return f"{days:g} day{'s' if days != 1 else ''}"


def _texts(value: object) -> list[str]:
    """The prose in a review field: text, a list of text, or timeline events and action items."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, tuple):
        return [item if isinstance(item, str) else getattr(item, "text", "") or getattr(item, "title", "")
                for item in value]
    return []
