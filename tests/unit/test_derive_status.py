"""Component status over time (SPEC's rules) and the page-wide status in Statuspage's words."""

from __future__ import annotations

import pytest
from derive_helpers import S, at, history, incident, maintenance, segments, upd

from generator.derive.lifecycle import Phase, lifecycle
from generator.derive.status import page_status, status_at
from generator.model import Impact


def spans(inc, now):  # noqa: ANN001, ANN201
    return [(s.component, s.status, s.start, s.end) for s in segments(inc, now)]


def test_listed_status_from_start_then_each_update_changes_it_then_operational_at_resolution() -> None:
    inc = incident(start=60, components={"api": S.PARTIAL_OUTAGE}, updates=(
        upd(70, "investigating"),
        upd(90, "identified", api=S.MAJOR_OUTAGE),
        upd(150, "monitoring", api=S.DEGRADED_PERFORMANCE),
        upd(200, "resolved"),
    ))
    assert spans(inc, at(600)) == [
        ("api", S.PARTIAL_OUTAGE, at(60), at(90)),
        ("api", S.MAJOR_OUTAGE, at(90), at(150)),
        ("api", S.DEGRADED_PERFORMANCE, at(150), at(200)),
    ]


def test_an_open_incident_runs_on_and_later_updates_are_not_seen_yet() -> None:
    inc = incident(start=60, updates=(upd(70, "investigating"), upd(300, "identified", api=S.MAJOR_OUTAGE)))
    assert spans(inc, at(120)) == [("api", S.PARTIAL_OUTAGE, at(60), None)]


def test_an_update_setting_operational_ends_that_components_span_early() -> None:
    inc = incident(start=0, components={"api": S.MAJOR_OUTAGE, "auth": S.PARTIAL_OUTAGE}, updates=(
        upd(10, "identified", auth=S.OPERATIONAL),
        upd(40, "resolved"),
    ))
    assert spans(inc, at(600)) == [
        ("auth", S.PARTIAL_OUTAGE, at(0), at(10)),
        ("api", S.MAJOR_OUTAGE, at(0), at(40)),
    ]


def test_overlapping_incidents_show_the_worst_status() -> None:
    a = incident("2026-11-28-a", start=0, components={"api": S.DEGRADED_PERFORMANCE})
    b = incident("2026-11-28-b", start=30, components={"api": S.MAJOR_OUTAGE}, updates=(upd(90, "resolved"),))
    now = at(60)
    segs = segments(a, now) + segments(b, now)
    assert status_at("api", segs, at(20)) is S.DEGRADED_PERFORMANCE
    assert status_at("api", segs, at(45)) is S.MAJOR_OUTAGE
    later = at(120)
    segs = segments(a, later) + segments(b, later)
    assert status_at("api", segs, later) is S.DEGRADED_PERFORMANCE
    assert status_at("auth", segs, later) is S.OPERATIONAL


def test_scheduled_maintenance_changes_nothing_before_it_starts() -> None:
    m = maintenance(start=120, end=180, updates=(upd(10, "scheduled"),))
    assert spans(m, at(60)) == []
    assert spans(m, at(150)) == [("api", S.UNDER_MAINTENANCE, at(120), None)]
    assert spans(m, at(240)) == [("api", S.UNDER_MAINTENANCE, at(120), at(180))]


def test_maintenance_started_early_by_hand_counts_from_the_in_progress_update() -> None:
    m = maintenance(start=120, end=180, updates=(upd(10, "scheduled"), upd(100, "in_progress"),
                                                 upd(160, "completed")))
    assert spans(m, at(240)) == [("api", S.UNDER_MAINTENANCE, at(100), at(160))]


def test_cancelled_maintenance_never_changes_a_status() -> None:
    m = maintenance(start=120, end=180, updates=(upd(10, "scheduled"), upd(60, "cancelled")))
    assert spans(m, at(150)) == []


def test_page_status_wording() -> None:
    assert page_status([S.OPERATIONAL, S.OPERATIONAL], []).description == "All Systems Operational"
    assert page_status([S.OPERATIONAL, S.UNDER_MAINTENANCE], []).description == "Service Under Maintenance"
    assert page_status([S.DEGRADED_PERFORMANCE], []).description == "Minor Service Outage"
    assert page_status([S.PARTIAL_OUTAGE, S.UNDER_MAINTENANCE], []).description == "Partial System Outage"
    assert page_status([S.MAJOR_OUTAGE, S.PARTIAL_OUTAGE], []).description == "Major Service Outage"
    assert page_status([S.MAJOR_OUTAGE], []).indicator is Impact.CRITICAL


def test_an_open_incident_raises_the_page_even_when_every_component_is_operational() -> None:
    status = page_status([S.OPERATIONAL], [Impact.MAJOR])
    assert (status.indicator, status.description) == (Impact.MAJOR, "Partial System Outage")


def test_a_scheduled_update_after_the_planned_start_delays_the_window_until_in_progress() -> None:
    m = maintenance(start=120, end=180, updates=(upd(10, "scheduled"), upd(130, "scheduled"),
                                                 upd(150, "in_progress"), upd(170, "completed")))
    assert lifecycle(m, at(140)).phase is Phase.UPCOMING
    assert spans(m, at(140)) == []
    assert spans(m, at(240)) == [("api", S.UNDER_MAINTENANCE, at(150), at(170))]
    moves = [[(c.component, c.old, c.new) for c in e.changes] for e in history(m, at(240)).effects]
    assert moves == [[("api", S.OPERATIONAL, S.OPERATIONAL)], [],
                     [("api", S.OPERATIONAL, S.UNDER_MAINTENANCE)], [("api", S.UNDER_MAINTENANCE, S.OPERATIONAL)]]


def test_a_window_that_opened_on_schedule_is_closed_by_its_completed_update_in_the_api_too() -> None:
    m = maintenance(start=120, end=180, updates=(upd(10, "scheduled"), upd(160, "completed")))
    assert spans(m, at(240)) == [("api", S.UNDER_MAINTENANCE, at(120), at(160))]
    last = history(m, at(240)).effects[-1]
    assert [(c.component, c.old, c.new) for c in last.changes] == [("api", S.UNDER_MAINTENANCE, S.OPERATIONAL)]


CASES = {
    "incident": incident(start=60, components={"api": S.PARTIAL_OUTAGE, "auth": S.DEGRADED_PERFORMANCE}, updates=(
        upd(70, "investigating"), upd(90, "identified", api=S.MAJOR_OUTAGE, auth=S.OPERATIONAL),
        upd(150, "monitoring", api=S.DEGRADED_PERFORMANCE), upd(200, "resolved"))),
    "open incident": incident(start=0, updates=(upd(5, "investigating"), upd(30, "identified", api=S.MAJOR_OUTAGE))),
    "on schedule": maintenance(start=120, end=180, updates=(upd(10, "scheduled"),)),
    "early": maintenance(start=120, end=180, updates=(upd(10, "scheduled"), upd(100, "in_progress"),
                                                      upd(130, "verifying", api=S.DEGRADED_PERFORMANCE),
                                                      upd(160, "completed"))),
    "delayed": maintenance(start=120, end=180, updates=(upd(10, "scheduled"), upd(125, "scheduled"),
                                                        upd(150, "in_progress"), upd(200, "completed"))),
    "cancelled": maintenance(start=120, end=180, updates=(upd(10, "scheduled"), upd(60, "cancelled"))),
}


@pytest.mark.parametrize("name", CASES)
@pytest.mark.parametrize("now", [at(100), at(140), at(175), at(600)])
def test_each_update_effect_agrees_with_the_segments_at_the_update_time(name: str, now) -> None:  # noqa: ANN001
    """The feeds and API (effects) and the pages, uptime and metrics (segments) read one walk."""
    inc = CASES[name]
    result = history(inc, now)
    for effect in result.effects:
        for component, status in effect.statuses.items():
            assert status_at(component, result.segments, effect.update.at) is status, (name, effect.update)
