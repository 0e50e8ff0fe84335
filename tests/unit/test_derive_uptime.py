"""90-day uptime with Statuspage's weighting: major outage counts fully, partial outage 30 %."""

from __future__ import annotations

from datetime import timedelta

import pytest
from derive_helpers import API, LATE, S, at, incident, segments, upd
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.derive.uptime import day_level, uptime
from generator.render.filters import percent


def segs_of(*incidents, now):  # noqa: ANN001, ANN002, ANN201
    return [s for inc in incidents for s in segments(inc, now)]


def test_one_day_of_major_and_partial_outage() -> None:
    # 60 min major + 100 min partial the day before "now" → 60 + 0.3 × 100 = 90 min of downtime.
    inc = incident(start=0, day=-1, components={"api": S.MAJOR_OUTAGE}, updates=(
        upd(60, "identified", day=-1, api=S.PARTIAL_OUTAGE),
        upd(160, "resolved", day=-1),
    ))
    now = at(0)  # midnight: today has no counted minute yet
    result = uptime(API, segs_of(inc, now=now), now, days=2)
    yesterday, today = result.days
    assert (yesterday.major_minutes, yesterday.partial_minutes, yesterday.downtime_minutes) == (60, 100, 90)
    assert yesterday.level == "critical"
    assert yesterday.incidents == (inc.id,)
    assert not today.counted and today.level == "none"
    assert result.percent == pytest.approx(100 * (1 - 90 / 1440))


def test_degraded_and_maintenance_count_as_up() -> None:
    inc = incident(start=0, day=-1, components={"api": S.DEGRADED_PERFORMANCE}, updates=(upd(120, "resolved", day=-1),))
    now = at(0)
    day = uptime(API, segs_of(inc, now=now), now, days=1).days[0]
    # days=1 with now at midnight: the window is today only, not counted
    assert not day.counted
    result = uptime(API, segs_of(inc, now=now), now, days=2)
    assert result.days[0].degraded_minutes == 120
    assert result.days[0].downtime_minutes == 0
    assert result.days[0].level == "degraded"
    assert result.percent == 100.0


def test_overlapping_incidents_do_not_count_a_minute_twice() -> None:
    a = incident("2026-11-27-a", start=0, day=-1, components={"api": S.MAJOR_OUTAGE},
                 updates=(upd(60, "resolved", day=-1),))
    b = incident("2026-11-27-b", start=30, day=-1, components={"api": S.MAJOR_OUTAGE},
                 updates=(upd(90, "resolved", day=-1),))
    now = at(0)
    day = uptime(API, segs_of(a, b, now=now), now, days=2).days[0]
    assert day.major_minutes == 90
    assert day.incidents == ("2026-11-27-a", "2026-11-27-b")


def test_an_incident_over_midnight_is_split_between_the_days() -> None:
    inc = incident(start=1380, day=-2, components={"api": S.MAJOR_OUTAGE}, updates=(upd(30, "resolved", day=-1),))
    now = at(0)
    first, second, _today = uptime(API, segs_of(inc, now=now), now, days=3).days
    assert (first.major_minutes, second.major_minutes) == (60, 30)


def test_days_before_the_start_date_are_not_counted() -> None:
    now = at(720)
    result = uptime(LATE, [], now, days=3)
    assert [d.counted for d in result.days] == [False, True, True]
    assert [d.level for d in result.days] == ["none", "operational", "operational"]
    assert result.percent == 100.0


def test_today_counts_only_up_to_now() -> None:
    inc = incident(start=0, components={"api": S.MAJOR_OUTAGE})  # open since midnight
    now = at(360)
    today = uptime(API, segs_of(inc, now=now), now, days=1)
    assert today.days[0].major_minutes == 360
    assert today.percent == 0.0


@pytest.mark.parametrize(("downtime", "degraded", "maintenance", "level"), [
    (0, 0, 0, "operational"),
    (0, 0, 30, "maintenance"),
    (0, 5, 30, "degraded"),
    (0.3, 0, 0, "minor"),
    (15, 0, 0, "major"),
    (59.9, 0, 0, "major"),
    (60, 0, 0, "critical"),
])
def test_day_colour_bands(downtime: float, degraded: float, maintenance: float, level: str) -> None:
    assert day_level(downtime, degraded, maintenance) == level


def _shares_a_moment(seg, start, end, now) -> bool:  # noqa: ANN001
    """The definition: the span (cut at `now`) and the day overlap for a positive time."""
    seg_end = min(seg.end or now, now)
    return max(seg.start, start) < min(seg_end, end)


@settings(max_examples=300, deadline=None)
@given(spans=st.lists(st.tuples(st.integers(-200 * 24, 2 * 24), st.one_of(st.none(), st.integers(0, 40 * 24)),
                                st.sampled_from(["a", "b", "c"])), max_size=12),
       now_minutes=st.integers(0, 24 * 60 - 1))
def test_each_day_lists_the_incidents_that_touch_it(spans: list, now_minutes: int) -> None:  # noqa: ANN001
    from datetime import UTC, datetime, time, timedelta

    from generator.derive.status import Segment
    from generator.model import Component, ComponentStatus

    now = datetime(2026, 11, 28, tzinfo=UTC) + timedelta(minutes=now_minutes)
    base = datetime(2026, 11, 28, tzinfo=UTC)
    segs = [Segment("api", ComponentStatus.PARTIAL_OUTAGE, base + timedelta(hours=start),   # on the hour:
                    None if length is None else base + timedelta(hours=start + length), name)   # often midnight
            for start, length, name in spans]
    result = uptime(Component("api", "API"), segs, now)
    for day in result.days:
        if not day.counted:
            continue
        start = datetime.combine(day.day, time(0), UTC)
        end = min(start + timedelta(days=1), now)
        expected = sorted({s.incident for s in segs if s.start < now and _shares_a_moment(s, start, end, now)})
        assert list(day.incidents) == expected, day.day


def test_uptime_a_few_seconds_later_is_the_same_when_nothing_is_ongoing() -> None:
    """Today's counted minutes grow with the clock, which moved the percentage in its far decimals: serve made
    the home page and every component page again at each save. It is kept to the two decimals pages show."""
    inc = incident(start=0, day=-3, components={"api": S.MAJOR_OUTAGE}, updates=(upd(47, "resolved", day=-3),))
    now = at(8 * 60 + 13.25)
    earlier = uptime(API, segs_of(inc, now=now), now)
    later = uptime(API, segs_of(inc, now=now), now + timedelta(seconds=37))
    assert earlier == later
    assert earlier.percent == round(100 * (1 - 47 / (89 * 1440 + 8 * 60 + 13.25)), 2) and earlier.percent < 100


@given(st.floats(min_value=0, max_value=100, allow_nan=False))
def test_a_percentage_to_two_decimals_reads_as_the_exact_one(value: float) -> None:
    assert percent(round(value, 2)) == percent(value)
