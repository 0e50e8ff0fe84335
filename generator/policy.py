"""Defaults that follow from an incident's own fields: update cadence and ITIL priority. Pure."""

from __future__ import annotations

from datetime import timedelta

from .model import Impact, Incident, Urgency

DEFAULT_UPDATE_EVERY = {
    Impact.CRITICAL: timedelta(minutes=30),
    Impact.MAJOR: timedelta(minutes=30),
    Impact.MINOR: timedelta(hours=1),
    Impact.NONE: timedelta(hours=4),
}

_IMPACT_LEVEL = {Impact.CRITICAL: 1, Impact.MAJOR: 2, Impact.MINOR: 3, Impact.NONE: 4}
_URGENCY_LEVEL = {Urgency.HIGH: 1, Urgency.MEDIUM: 2, Urgency.LOW: 3}


def update_interval(incident: Incident) -> timedelta | None:
    """The promised gap between public updates while an incident is open; none for maintenance."""
    if incident.is_maintenance:
        return incident.update_every
    return incident.update_every or DEFAULT_UPDATE_EVERY[incident.impact]


def priority(incident: Incident) -> str | None:
    """ITIL priority from impact and urgency: P1 (critical, high) to P5; none without urgency."""
    if incident.urgency is None or incident.is_maintenance:
        return None
    level = _IMPACT_LEVEL[incident.impact] + _URGENCY_LEVEL[incident.urgency] - 1
    return f"P{min(level, 5)}"
