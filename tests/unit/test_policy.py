"""Defaults that follow from an incident's own fields: ITIL priority and the promised update cadence."""

from __future__ import annotations

from datetime import timedelta

import pytest

from generator.model import Impact, Incident, Kind, Urgency
from generator.policy import priority, update_interval


def incident(impact: Impact = Impact.NONE, urgency: Urgency | None = None, kind: Kind = Kind.INCIDENT,
             update_every: timedelta | None = None) -> Incident:
    return Incident(id="2026-11-26-x", path="f.yml", title="x", kind=kind, impact=impact, urgency=urgency,
                    update_every=update_every)


# impact (rows) x urgency (columns: high, medium, low) -> priority
MATRIX = {
    Impact.CRITICAL: ("P1", "P2", "P3"),
    Impact.MAJOR: ("P2", "P3", "P4"),
    Impact.MINOR: ("P3", "P4", "P5"),
    Impact.NONE: ("P4", "P5", "P5"),
}


@pytest.mark.parametrize(("impact", "urgency", "expected"), [
    (impact, urgency, MATRIX[impact][column])
    for impact in MATRIX for column, urgency in enumerate((Urgency.HIGH, Urgency.MEDIUM, Urgency.LOW))
], ids=lambda v: str(v))
def test_priority_matrix(impact: Impact, urgency: Urgency, expected: str) -> None:
    assert priority(incident(impact, urgency)) == expected


@pytest.mark.parametrize("impact", list(Impact))
def test_no_priority_without_urgency(impact: Impact) -> None:
    assert priority(incident(impact)) is None


def test_maintenance_has_no_priority() -> None:
    assert priority(incident(Impact.CRITICAL, Urgency.HIGH, Kind.MAINTENANCE)) is None


@pytest.mark.parametrize(("impact", "minutes"), [
    (Impact.CRITICAL, 30), (Impact.MAJOR, 30), (Impact.MINOR, 60), (Impact.NONE, 240)])
def test_default_update_interval_by_impact(impact: Impact, minutes: int) -> None:
    assert update_interval(incident(impact)) == timedelta(minutes=minutes)


def test_update_every_overrides_the_default() -> None:
    assert update_interval(incident(Impact.CRITICAL, update_every=timedelta(hours=2))) == timedelta(hours=2)
    assert update_interval(incident(Impact.NONE, update_every=timedelta(minutes=5))) == timedelta(minutes=5)


def test_maintenance_promises_only_what_it_says() -> None:
    assert update_interval(incident(Impact.MAJOR, kind=Kind.MAINTENANCE)) is None
    assert update_interval(incident(Impact.MAJOR, kind=Kind.MAINTENANCE,
                                    update_every=timedelta(hours=1))) == timedelta(hours=1)
