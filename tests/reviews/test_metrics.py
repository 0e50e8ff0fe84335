"""Response metrics against hand-computed values, for incidents shaped like real ones."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from generator.derive.metrics import METRICS, Metrics, longest_gap, span

from .helpers import view


def minutes(n: float) -> timedelta:
    return timedelta(minutes=n)


# Spans midnight UTC: impact 23:40 → resolved 01:25 next day, a component change at 00:10.
MIDNIGHT = """\
title: Webhook deliveries failing
impact: major
components: {webhooks: partial_outage}
started_at: 2026-11-20T23:40:00Z
detected_at: 2026-11-20T23:52:00Z
acknowledged_at: 2026-11-20T23:58:00Z
mitigated_at: 2026-11-21T01:05:00Z
update_every: 30m
updates:
  - at: 2026-11-21T00:02:00Z
    status: investigating
    message: Webhook deliveries are failing.
  - at: 2026-11-21T00:10:00Z
    status: identified
    message: A queue node is down.
    components: {webhooks: major_outage}
  - at: 2026-11-21T00:50:00Z
    status: monitoring
    message: Deliveries are recovering.
    components: {webhooks: partial_outage}
  - at: 2026-11-21T01:25:00Z
    status: resolved
    message: All delayed deliveries were sent.
"""


def test_incident_spanning_midnight() -> None:
    m = view(MIDNIGHT, "2026-11-20-webhooks").metrics
    assert m is not None
    assert m.time_to_detect == minutes(12)            # 23:40 → 23:52
    assert m.time_to_acknowledge == minutes(6)        # 23:52 → 23:58
    assert m.time_to_mitigate == minutes(85)          # 23:40 → 01:05
    assert m.time_to_resolve == minutes(105)          # 23:40 → 01:25
    assert m.time_to_first_update == minutes(22)      # 23:40 → 00:02
    assert m.longest_update_gap == minutes(40)        # 00:10 → 00:50
    assert m.update_every == minutes(30)
    assert m.cadence_met is False
    # partial 23:40–00:10 (30) + 00:50–01:25 (35) = 65 min; major 00:10–00:50 = 40 min
    [impact] = m.impact
    assert (impact.component, impact.major_minutes, impact.partial_minutes) == ("webhooks", 40, 65)
    assert impact.minutes == pytest.approx(40 + 0.3 * 65)   # 59.5
    assert m.customer_impact_minutes == pytest.approx(59.5)


# Across the last Sunday of March 2026 (29 March): at 01:00 UTC the UK goes from GMT (+00:00) to
# BST (+01:00). Wall-clock 00:30 GMT → 02:15 BST looks like 1h45m but is 45 minutes.
DST = """\
title: Sign-in failures overnight
impact: critical
components: {auth: major_outage}
started_at: 2026-03-29T00:30:00+00:00
detected_at: 2026-03-29T00:50:00+00:00
acknowledged_at: 2026-03-29T02:05:00+01:00
mitigated_at: 2026-03-29T02:15:00+01:00
updates:
  - at: 2026-03-29T00:55:00+00:00
    status: investigating
    message: Sign-in is failing.
  - at: 2026-03-29T02:20:00+01:00
    status: monitoring
    message: Sign-in works again.
    components: {auth: degraded_performance}
  - at: 2026-03-29T03:00:00+01:00
    status: resolved
    message: Resolved.
"""


def test_incident_across_the_dst_change() -> None:
    m = view(DST, "2026-03-29-sign-in").metrics
    assert m is not None
    assert m.time_to_detect == minutes(20)            # 00:30Z → 00:50Z
    assert m.time_to_acknowledge == minutes(15)       # 00:50Z → 01:05Z (02:05 BST)
    assert m.time_to_mitigate == minutes(45)          # 00:30Z → 01:15Z (02:15 BST), not 1h45m
    assert m.time_to_resolve == minutes(90)           # 00:30Z → 02:00Z (03:00 BST)
    assert m.time_to_first_update == minutes(25)
    assert m.update_every == minutes(30)              # default for critical
    # major 00:30Z → 01:20Z = 50 min, then degraded (weight 0)
    assert m.customer_impact_minutes == pytest.approx(50)


def test_dst_gap_is_the_real_elapsed_time() -> None:
    m = view(DST, "2026-03-29-sign-in").metrics
    assert m is not None
    # The longest gap: 01:20Z → 02:00Z = 40 minutes (wall clock 02:20 → 03:00 BST).
    assert m.longest_update_gap == minutes(40)
    assert m.cadence_met is False


# Several days, minor impact, update_every 1d.
DAYS = """\
title: Search results out of date
impact: minor
components: {dashboard: degraded_performance, api: partial_outage}
started_at: 2026-11-02T08:00:00Z
detected_at: 2026-11-03T10:30:00Z
acknowledged_at: 2026-11-03T11:00:00Z
mitigated_at: 2026-11-05T16:00:00Z
update_every: 1d
updates:
  - at: 2026-11-03T11:15:00Z
    status: identified
    message: Indexing is behind.
  - at: 2026-11-04T09:00:00Z
    status: monitoring
    message: Reindexing.
  - at: 2026-11-05T17:45:00Z
    status: resolved
    message: Caught up.
"""


def test_incident_over_several_days() -> None:
    m = view(DAYS, "2026-11-02-search").metrics
    assert m is not None
    assert m.time_to_detect == timedelta(days=1, hours=2, minutes=30)
    assert m.time_to_acknowledge == minutes(30)
    assert m.time_to_mitigate == timedelta(days=3, hours=8)
    assert m.time_to_resolve == timedelta(days=3, hours=9, minutes=45)
    assert m.time_to_first_update == timedelta(days=1, hours=3, minutes=15)
    assert m.longest_update_gap == timedelta(days=1, hours=8, minutes=45)   # 04 09:00 → 05 17:45
    assert m.cadence_met is False
    # api partial the whole time: 3d 9h45m = 4905 min × 0.3; dashboard degraded counts 0
    impact = {c.component: c for c in m.impact}
    assert impact["api"].partial_minutes == 4905
    assert impact["api"].minutes == pytest.approx(1471.5)
    assert impact["dashboard"].minutes == 0
    assert m.customer_impact_minutes == pytest.approx(1471.5)


# Only the required fields: no detected/acknowledged/mitigated, still open, a single update.
SPARSE = """\
title: Slow dashboard
impact: minor
components: {dashboard: degraded_performance}
started_at: 2026-11-28T10:00:00Z
updates:
  - at: 2026-11-28T10:40:00Z
    status: investigating
    message: Looking into it.
"""


def test_missing_timestamps_leave_metrics_absent_never_zero() -> None:
    m = view(SPARSE, "2026-11-28-slow").metrics
    assert m is not None
    for key in ("time_to_detect", "time_to_acknowledge", "time_to_mitigate", "time_to_resolve",
                "longest_update_gap"):
        assert m.value(key) is None, key
    assert m.cadence_met is None
    assert m.time_to_first_update == minutes(40)
    assert m.update_every == timedelta(hours=1)


def test_acknowledge_needs_detection_too() -> None:
    text = SPARSE.replace("started_at: 2026-11-28T10:00:00Z",
                          "started_at: 2026-11-28T10:00:00Z\nacknowledged_at: 2026-11-28T10:20:00Z")
    m = view(text, "2026-11-28-slow").metrics
    assert m is not None
    assert m.time_to_acknowledge is None and m.time_to_detect is None


def test_open_incident_impact_runs_to_build_time() -> None:
    text = SPARSE.replace("degraded_performance", "major_outage")
    m = view(text, "2026-11-28-slow").metrics            # built at 12:00, impact since 10:00
    assert m is not None and m.customer_impact_minutes == pytest.approx(120)


def test_maintenance_has_no_metrics() -> None:
    text = """\
title: Database upgrade
kind: maintenance
components: {api: under_maintenance}
scheduled_start: 2026-11-10T02:00:00Z
scheduled_end: 2026-11-10T04:00:00Z
updates:
  - at: 2026-11-01T09:00:00Z
    status: scheduled
    message: Planned.
"""
    assert view(text, "2026-11-10-upgrade").metrics is None


def test_span_is_never_negative() -> None:
    a = datetime(2026, 1, 1, 10, tzinfo=UTC)
    assert span(a, a - minutes(1)) is None
    assert span(None, a) is None and span(a, None) is None
    assert span(a, a) == timedelta(0)


def test_longest_gap_stops_at_resolution_and_needs_two_updates() -> None:
    assert longest_gap([]) is None


def test_every_metric_is_defined_and_documented() -> None:
    from pathlib import Path

    docs = (Path(__file__).resolve().parents[2] / "docs" / "metrics.md").read_text(encoding="utf-8")
    fields = set(Metrics.__dataclass_fields__) | {"customer_impact_minutes"}
    for metric in METRICS:
        assert metric.key in fields
        assert metric.definition in docs, f"docs/metrics.md lacks the definition of {metric.key}"
