"""Checks across the fields of one file (rules/): each YAML snippet beside the exact problems it gives."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from unit_helpers import problems_of

RESOLVED = "updates:\n  - {at: 2026-11-26T10:00:00Z, status: resolved, message: ok}\n"


# -- identity: the file name is the id -----------------------------------------------------------------------


@pytest.mark.parametrize("name", ["2026-11-26-Bad_Name", "2026-11-26", "2026-11-26-", "2026-11-26--x",
                                  "26-11-26-x", "2026-11-26-café", "2026-11-26-a b", "2026-11-26-" + "a" * 90])
def test_file_names_that_are_not_safe_ids(name: str) -> None:
    assert problems_of("title: x\nstarted_at: 2026-11-26T09:00:00Z\n" + RESOLVED, name=name) == [
        f"f.yml:1:1: error: file name {name!r} is not a safe incident id: name it YYYY-MM-DD-slug.yml with "
        "lowercase letters, digits and hyphens (at most 100)",
    ]


@pytest.mark.parametrize("name", ["2026-11-26-x", "2026-11-26-a-b-3", "2026-11-26-0",
                                  "2026-11-26-" + "a" * 89])
def test_file_names_that_are_fine(name: str) -> None:
    assert problems_of("title: x\nstarted_at: 2026-11-26T09:00:00Z\n" + RESOLVED, name=name) == []


def test_file_in_the_wrong_year_folder() -> None:
    assert problems_of("title: x\nstarted_at: 2026-11-26T09:00:00Z\n" + RESOLVED, folder="2025") == [
        "f.yml:1:1: error: file is in folder '2025' but its name starts with 2026; move it to incidents/2026/",
    ]


@pytest.mark.parametrize(("started_at", "problems"), [
    ("2026-11-26T00:00:00Z", []),
    ("2026-11-26T23:59:59Z", []),
    ("2026-11-27T00:30:00+02:00", []),  # 2026-11-26T22:30Z
    ("2026-11-26T23:30:00-01:00", ["f.yml:2:13: error: file name says 2026-11-26 but started_at is on "
                                   "2026-11-27 (UTC); rename the file to 2026-11-27-x.yml"]),
    ("2026-11-25T23:59:00Z", ["f.yml:2:13: error: file name says 2026-11-26 but started_at is on 2026-11-25 "
                              "(UTC); rename the file to 2026-11-25-x.yml"]),
])
def test_the_name_date_is_the_utc_day_of_started_at(started_at: str, problems: list[str]) -> None:
    text = (f"title: x\nstarted_at: {started_at}\nupdates:\n"
            "  - {at: 2026-11-27T10:00:00Z, status: resolved, message: ok}\n")
    assert problems_of(text) == problems


def test_maintenance_name_date_is_the_scheduled_start() -> None:
    assert problems_of("""\
title: x
kind: maintenance
scheduled_start: 2026-12-05T02:00:00Z
scheduled_end: 2026-12-05T04:00:00Z
updates:
  - {at: 2026-11-20T10:00:00Z, status: scheduled, message: announced}
""") == [
        "f.yml:3:18: error: file name says 2026-11-26 but scheduled_start is on 2026-12-05 (UTC); rename the "
        "file to 2026-12-05-x.yml",
    ]


# -- timeline ------------------------------------------------------------------------------------------------


def test_response_times_in_order() -> None:
    assert problems_of("""\
title: x
started_at: 2026-11-26T09:00:00Z
detected_at: 2026-11-26T09:00:00Z
acknowledged_at: 2026-11-26T09:05:00Z
mitigated_at: 2026-11-26T09:30:00Z
""" + RESOLVED) == []


def test_response_times_out_of_order() -> None:
    assert problems_of("""\
title: x
started_at: 2026-11-26T09:00:00Z
detected_at: 2026-11-26T08:59:00Z
acknowledged_at: 2026-11-26T08:58:00Z
mitigated_at: 2026-11-26T08:57:00Z
""" + RESOLVED) == [
        "f.yml:3:14: error: detected_at (2026-11-26T08:59:00Z) is before started_at (2026-11-26T09:00:00Z)",
        "f.yml:4:18: error: acknowledged_at (2026-11-26T08:58:00Z) is before detected_at "
        "(2026-11-26T08:59:00Z)",
        "f.yml:5:15: error: mitigated_at (2026-11-26T08:57:00Z) is before started_at (2026-11-26T09:00:00Z)",
    ]


def test_acknowledged_before_started_without_detected_at() -> None:
    assert problems_of("""\
title: x
started_at: 2026-11-26T09:00:00Z
acknowledged_at: 2026-11-26T08:00:00+00:00
""" + RESOLVED) == [
        "f.yml:3:18: error: acknowledged_at (2026-11-26T08:00:00Z) is before started_at "
        "(2026-11-26T09:00:00Z)",
    ]


def test_times_are_compared_as_instants_not_as_text() -> None:
    assert problems_of("""\
title: x
started_at: 2026-11-26T09:00:00Z
detected_at: 2026-11-26T10:00:00+02:00
updates:
  - {at: 2026-11-26T10:30:00+01:00, status: investigating, message: a}
  - {at: 2026-11-26T09:31:00Z, status: resolved, message: b}
""") == [
        "f.yml:3:14: error: detected_at (2026-11-26T08:00:00Z) is before started_at (2026-11-26T09:00:00Z)",
    ]


def test_updates_out_of_order_and_before_start() -> None:
    assert problems_of("""\
title: x
started_at: 2026-11-26T09:00:00Z
updates:
  - {at: 2026-11-26T08:50:00Z, status: investigating, message: a}
  - {at: 2026-11-26T09:30:00Z, status: identified, message: b}
  - {at: 2026-11-26T09:30:00Z, status: monitoring, message: the same time is an error (issue 10)}
  - {at: 2026-11-26T09:20:00Z, status: resolved, message: c}
""") == [
        "f.yml:4:10: error: update at 2026-11-26T08:50:00Z is before started_at (2026-11-26T09:00:00Z)",
        "f.yml:6:10: error: another update is also at 2026-11-26T09:30:00Z (line 5); give each update its own time",
        "f.yml:7:10: error: update at 2026-11-26T09:20:00Z is before the previous update "
        "(2026-11-26T09:30:00Z); updates are listed oldest first",
    ]


def test_an_update_with_a_bad_status_is_still_checked_for_order() -> None:
    assert problems_of("""\
title: x
started_at: 2026-11-26T09:00:00Z
updates:
  - {at: 2026-11-26T09:30:00Z, status: investigating, message: a}
  - {at: 2026-11-26T09:20:00Z, status: fixed, message: b}
""") == [
        "f.yml:5:10: error: update at 2026-11-26T09:20:00Z is before the previous update "
        "(2026-11-26T09:30:00Z); updates are listed oldest first",
        "f.yml:5:40: error: status 'fixed' is not one of investigating, identified, monitoring, resolved for "
        "kind: incident",
    ]


def test_updates_after_resolution() -> None:
    assert problems_of("""\
title: x
started_at: 2026-11-26T09:00:00Z
updates:
  - {at: 2026-11-26T09:10:00Z, status: resolved, message: a}
  - {at: 2026-11-26T09:20:00Z, status: monitoring, message: b}
  - {at: 2026-11-26T09:30:00Z, status: resolved, message: c}
""") == [
        "f.yml:5:10: error: update after the incident was closed (line 4); a resolved incident takes no "
        "further updates",
        "f.yml:6:10: error: update after the incident was closed (line 4); a resolved incident takes no "
        "further updates",
    ]


@pytest.mark.parametrize("closing", ["completed", "cancelled"])
def test_maintenance_updates_after_it_closed(closing: str) -> None:
    assert problems_of(f"""\
title: x
kind: maintenance
scheduled_start: 2026-11-26T02:00:00Z
scheduled_end: 2026-11-26T04:00:00Z
updates:
  - {{at: 2026-11-20T10:00:00Z, status: scheduled, message: announced before the window}}
  - {{at: 2026-11-26T03:00:00Z, status: {closing}, message: a}}
  - {{at: 2026-11-26T03:10:00Z, status: verifying, message: b}}
""") == [
        "f.yml:8:10: error: update after the maintenance was closed (line 7); a closed maintenance window "
        "takes no further updates",
    ]


def test_maintenance_window_must_end_after_it_starts() -> None:
    assert problems_of("""\
title: x
kind: maintenance
scheduled_start: 2026-11-26T04:00:00Z
scheduled_end: 2026-11-26T04:00:00Z
updates:
  - {at: 2026-11-20T10:00:00Z, status: completed, message: a}
""") == ["f.yml:4:16: error: scheduled_end must be after scheduled_start"]


def test_corrections() -> None:
    assert problems_of("""\
title: x
started_at: 2026-11-26T09:00:00Z
updates:
  - at: 2026-11-26T09:10:00Z
    status: investigating
    message: a
    corrected: {at: 2026-11-26T09:10:00Z, reason: same minute is fine}
  - at: 2026-11-26T09:20:00Z
    status: resolved
    message: b
    corrected: {at: 2026-11-26T10:20:00+02:00, reason: an hour before the update}
""") == ["f.yml:11:21: error: a correction cannot be dated before the update it corrects"]


# -- review --------------------------------------------------------------------------------------------------


def test_review_of_a_resolved_incident() -> None:
    assert problems_of("""\
title: x
started_at: 2026-11-26T09:00:00Z
updates:
  - {at: 2026-11-26T10:00:00Z, status: resolved, message: ok}
review:
  summary: s
  published_at: 2026-11-26T09:00:00Z
  timeline:
    - {at: 2026-11-26T08:00:00Z, text: events may precede the start}
    - {at: 2026-11-26T08:00:00Z, text: and share a time}
""") == []


def test_review_problems() -> None:
    assert problems_of("""\
title: x
started_at: 2026-11-26T09:00:00Z
updates:
  - {at: 2026-11-26T10:00:00Z, status: monitoring, message: ok}
review:
  published_at: 2026-11-26T08:00:00Z
  timeline:
    - {at: 2026-11-26T09:10:00Z, text: b}
    - {at: 2026-11-26T09:05:00Z, text: a}
""") == [
        "f.yml:5:1: warning: review of an incident that is not resolved yet",
        "f.yml:6:17: error: published_at is before the incident started",
        "f.yml:9:12: error: review timeline events are listed oldest first",
    ]


def test_maintenance_has_no_review() -> None:
    assert problems_of("""\
title: x
kind: maintenance
scheduled_start: 2026-11-26T02:00:00Z
scheduled_end: 2026-11-26T04:00:00Z
updates:
  - {at: 2026-11-26T04:00:00Z, status: completed, message: done}
review:
  summary: s
""") == ["f.yml:7:1: error: reviews are for incidents, not maintenance windows"]


# -- freshness: time-dependent warnings, only for files without errors ---------------------------------------

OPEN = """\
title: x
impact: {impact}
started_at: 2026-11-26T09:00:00Z
updates:
  - {{at: 2026-11-26T09:10:00Z, status: investigating, message: a}}
  - {{at: 2026-11-26T10:00:00Z, status: identified, message: b}}
"""


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(UTC)


@pytest.mark.parametrize(("impact", "now", "problems"), [
    ("critical", "2026-11-26T10:30:00Z", []),
    ("critical", "2026-11-26T10:31:00Z", ["f.yml:6:10: warning: next public update is 1 min overdue "
                                          "(promised every 30 min)"]),
    ("major", "2026-11-26T12:00:00Z", ["f.yml:6:10: warning: next public update is 90 min overdue (promised "
                                       "every 30 min)"]),
    ("minor", "2026-11-26T11:00:00Z", []),
    ("minor", "2026-11-26T12:00:00Z", ["f.yml:6:10: warning: next public update is 60 min overdue (promised "
                                       "every 60 min)"]),
    ("none", "2026-11-26T14:00:00Z", []),
    ("none", "2026-11-26T14:01:30Z", ["f.yml:6:10: warning: next public update is 1 min overdue (promised "
                                      "every 240 min)"]),
])
def test_overdue_public_updates(impact: str, now: str, problems: list[str]) -> None:
    assert problems_of(OPEN.format(impact=impact), now=at(now)) == problems


def test_update_every_overrides_the_default_cadence() -> None:
    text = OPEN.format(impact="critical") + "update_every: 2h\n"
    assert problems_of(text, now=at("2026-11-26T12:00:00Z")) == []
    assert problems_of(text, now=at("2026-11-26T12:05:00Z")) == [
        "f.yml:6:10: warning: next public update is 5 min overdue (promised every 120 min)"]


def test_closed_incidents_and_files_with_errors_get_no_freshness_warning() -> None:
    late = at("2026-12-31T00:00:00Z")
    resolved = RESOLVED.replace("updates:\n", "").replace("10:00:00Z", "10:30:00Z")  # one update a time
    assert problems_of(OPEN.format(impact="major") + resolved, now=late) == []
    assert problems_of(OPEN.format(impact="majr"), now=late) == [
        "f.yml:2:9: error: impact 'majr' is not one of none, minor, major, critical (did you mean 'major'?)"]


def test_no_updates_yet() -> None:
    assert problems_of("title: x\nstarted_at: 2026-11-26T09:00:00Z\n") == [
        "f.yml:1:8: warning: no updates yet: subscribers see nothing until the first update"]


MAINTENANCE = """\
title: x
kind: maintenance
scheduled_start: 2026-11-26T02:00:00Z
scheduled_end: 2026-11-26T04:00:00Z
updates:
  - {at: 2026-11-20T10:00:00Z, status: scheduled, message: announced}
  - {at: 2026-11-26T02:00:00Z, status: in_progress, message: started}
"""


@pytest.mark.parametrize(("now", "problems"), [
    ("2026-11-26T03:00:00Z", []),
    ("2026-11-26T04:00:00Z", []),
    ("2026-11-26T04:00:01Z", ["f.yml:7:10: warning: the maintenance window has ended but is not marked "
                              "completed; post a 'completed' update"]),
])
def test_maintenance_left_open(now: str, problems: list[str]) -> None:
    assert problems_of(MAINTENANCE, now=at(now)) == problems


def test_maintenance_has_no_default_update_cadence() -> None:
    assert problems_of(MAINTENANCE.replace("04:00", "23:00"), now=at("2026-11-26T22:00:00Z")) == []


REVIEWED = """\
title: Webhooks delayed
started_at: 2026-11-26T10:00:00Z
updates:
  - at: 2026-11-26T10:20:00Z
    status: resolved
    message: Delivered.
review:
  summary: Webhooks were late for 20 minutes.
  root_cause: "TODO: why it happened."
"""


def test_a_published_review_with_a_todo_left_is_an_error() -> None:
    assert problems_of(REVIEWED) == []   # a draft: only the internal build shows it
    assert problems_of(REVIEWED + "  published_at: 2026-11-27T09:00:00Z\n") == [
        "f.yml:9:15: error: published review: root_cause still has a TODO placeholder; finish it or remove "
        "published_at to keep it a draft"]
