"""Reading one file against the field table: each YAML snippet beside the exact problems it gives."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from unit_helpers import incident_of, problems_of

from generator.model import ActionStatus, ActionType, ComponentStatus, Impact, Kind, Urgency

ENUM_IMPACT = "is not one of none, minor, major, critical"
STATUSES = "operational, degraded_performance, partial_outage, major_outage, under_maintenance"


def test_a_minimal_resolved_incident_is_clean() -> None:
    assert problems_of("""\
title: x
started_at: 2026-11-26T09:00:00Z
updates:
  - {at: 2026-11-26T09:05:00Z, status: resolved, message: ok}
""") == []


def test_typed_values() -> None:
    incident = incident_of("""\
title: 2026
impact: critical
urgency: low
components: {api: major_outage, auth: under_maintenance}
started_at: 2026-11-26T10:00:00+01:00
update_every: 1d2h3m
roles:
  incident_commander: Dana
  technical_specialists: [Priya, Lee]
tags: [db, 42]
updates:
  - at: 2026-11-26T09:05:00.250Z
    status: resolved
    message: |
      Back to **normal**.
review:
  action_items:
    - {title: t, owner: o, type: detect, due: 2026-12-15}
""")
    assert incident.title == "2026"
    assert (incident.kind, incident.impact, incident.urgency) == (Kind.INCIDENT, Impact.CRITICAL, Urgency.LOW)
    assert incident.components == {"api": ComponentStatus.MAJOR_OUTAGE,
                                   "auth": ComponentStatus.UNDER_MAINTENANCE}
    assert incident.started_at == datetime(2026, 11, 26, 9, 0, tzinfo=UTC)
    assert incident.started_at.tzinfo is UTC
    assert incident.update_every == timedelta(days=1, hours=2, minutes=3)
    assert incident.roles is not None and incident.roles.technical_specialists == ("Priya", "Lee")
    assert incident.tags == ("db", "42")
    assert incident.updates[0].at == datetime(2026, 11, 26, 9, 5, 0, 250000, tzinfo=UTC)
    assert incident.updates[0].message == "Back to **normal**."
    assert incident.review is not None
    item = incident.review.action_items[0]
    assert (item.type, item.status, item.due) == (ActionType.DETECT, ActionStatus.OPEN, date(2026, 12, 15))


# -- enums ---------------------------------------------------------------------------------------------------


def test_enum_with_and_without_a_suggestion() -> None:
    assert problems_of("title: x\nimpact: majr\nurgency: urgent\nstarted_at: 2026-11-26T09:00:00Z\n") == [
        f"f.yml:2:9: error: impact 'majr' {ENUM_IMPACT} (did you mean 'major'?)",
        "f.yml:3:10: error: urgency 'urgent' is not one of low, medium, high",
    ]


def test_enums_are_case_sensitive() -> None:
    assert problems_of("title: x\nimpact: Major\nstarted_at: 2026-11-26T09:00:00Z\n") == [
        f"f.yml:2:9: error: impact 'Major' {ENUM_IMPACT} (did you mean 'major'?)",
    ]


def test_update_status_depends_on_kind() -> None:
    assert problems_of("""\
title: x
kind: maintenance
scheduled_start: 2026-11-26T09:00:00Z
scheduled_end: 2026-11-26T10:00:00Z
updates:
  - {at: 2026-11-26T09:00:00Z, status: resolved, message: done}
""") == [
        "f.yml:6:40: error: status 'resolved' is not one of scheduled, in_progress, verifying, completed, "
        "cancelled for kind: maintenance",
    ]


def test_unknown_kind_is_read_as_an_incident() -> None:
    assert problems_of("""\
title: x
kind: maintanance
started_at: 2026-11-26T09:00:00Z
updates:
  - {at: 2026-11-26T09:05:00Z, status: completed, message: ok}
""") == [
        "f.yml:2:7: error: kind 'maintanance' is not one of incident, maintenance (did you mean "
        "'maintenance'?)",
        "f.yml:5:40: error: status 'completed' is not one of investigating, identified, monitoring, resolved "
        "for kind: incident",
    ]


def test_component_status() -> None:
    assert problems_of("""\
title: x
components:
  api: partial
  auth: [down]
started_at: 2026-11-26T09:00:00Z
""") == [
        f"f.yml:3:8: error: api status 'partial' is not one of {STATUSES} (did you mean 'partial_outage'?)",
        f"f.yml:4:9: error: status of 'auth' must be one of {STATUSES}",
    ]


def test_unknown_component_ids() -> None:
    assert problems_of("""\
title: x
components: {API: partial_outage, dashbaord: major_outage, billing: major_outage}
started_at: 2026-11-26T09:00:00Z
""") == [
        "f.yml:2:14: error: unknown component 'API' (did you mean 'api'?); components are declared in "
        "mkdocs.yml",
        "f.yml:2:35: error: unknown component 'dashbaord' (did you mean 'dashboard'?); components are "
        "declared in mkdocs.yml",
        "f.yml:2:60: error: unknown component 'billing'; components are declared in mkdocs.yml",
    ]


# -- structure -----------------------------------------------------------------------------------------------


def test_unknown_fields_at_every_level() -> None:
    assert problems_of("""\
title: x
sevrity: major
started_at: 2026-11-26T09:00:00Z
roles: {commander: Dana}
updates:
  - {at: 2026-11-26T09:05:00Z, status: resolved, message: ok, author: Sam}
review:
  rootcause: dns
  action_items:
    - {title: t, owner: o, type: detect, state: open}
""") == [
        "f.yml:2:1: error: unknown field 'sevrity' in incident",
        "f.yml:4:9: error: unknown field 'commander' in roles (did you mean 'incident_commander'?)",
        "f.yml:6:63: error: unknown field 'author' in updates[1]",
        "f.yml:8:3: error: unknown field 'rootcause' in review (did you mean 'root_cause'?)",
        "f.yml:10:42: error: unknown field 'state' in action_items[1] (did you mean 'status'?)",
    ]


def test_duplicate_keys_at_every_level() -> None:
    assert problems_of("""\
title: x
started_at: 2026-11-26T09:00:00Z
title: y
roles:
  service_desk: Lee
  service_desk: Kim
components:
  api: partial_outage
  api: major_outage
""") == [
        "f.yml:3:1: error: duplicate key 'title' (first at line 1)",
        "f.yml:6:3: error: duplicate key 'service_desk' (first at line 5)",
        "f.yml:9:3: error: duplicate key 'api' (first at line 8)",
    ]


def test_the_first_of_duplicate_keys_is_the_one_read() -> None:
    assert problems_of("title: x\nimpact: majr\nimpact: major\nstarted_at: 2026-11-26T09:00:00Z\n") == [
        f"f.yml:2:9: error: impact 'majr' {ENUM_IMPACT} (did you mean 'major'?)",
        "f.yml:3:1: error: duplicate key 'impact' (first at line 2)",
    ]


def test_keys_must_be_plain_names() -> None:
    assert problems_of("title: x\n? [a, b]\n: c\n!custom started_at: 2026-11-26T09:00:00Z\n") == [
        "f.yml:1:1: error: missing required field 'started_at'",
        "f.yml:2:3: error: keys must be plain names",
        "f.yml:4:1: error: YAML tag !custom is not allowed",
    ]


def test_numbers_and_booleans_as_keys_are_names() -> None:
    assert problems_of("title: x\nstarted_at: 2026-11-26T09:00:00Z\n1: one\ntrue: yes\n") == [
        "f.yml:3:1: error: unknown field '1' in incident",
        "f.yml:4:1: error: unknown field 'true' in incident",
    ]


def test_missing_required_fields_at_every_level() -> None:
    assert problems_of("""\
impact: major
started_at: 2026-11-26T09:00:00Z
updates:
  - {at: 2026-11-26T09:05:00Z}
  - {}
  - {status: resolved, message: ok, corrected: {reason: typo}}
review:
  timeline: [{text: x}]
  action_items: [{type: detect}]
""") == [
        "f.yml:1:1: error: missing required field 'title'",
        "f.yml:4:5: error: missing required field 'message' in updates[1]",
        "f.yml:4:5: error: missing required field 'status' in updates[1]",
        "f.yml:5:5: error: missing required field 'at' in updates[2]",
        "f.yml:5:5: error: missing required field 'message' in updates[2]",
        "f.yml:5:5: error: missing required field 'status' in updates[2]",
        "f.yml:6:5: error: missing required field 'at' in updates[3]",
        "f.yml:6:48: error: missing required field 'at' in corrected",
        # the resolved update has no time, so it cannot close the incident: a knock-on warning
        "f.yml:7:1: warning: review of an incident that is not resolved yet",
        "f.yml:8:14: error: missing required field 'at' in timeline[1]",
        "f.yml:9:18: error: missing required field 'owner' in action_items[1]",
        "f.yml:9:18: error: missing required field 'title' in action_items[1]",
    ]


# -- empty values --------------------------------------------------------------------------------------------


def test_empty_and_null_values() -> None:
    assert problems_of("""\
title: null
impact: ~
urgency:
kind: ""
roles:
review: Null
started_at: 2026-11-26T09:00:00Z
""") == [
        "f.yml:1:8: error: 'title' is empty; give it a value or remove it",
        "f.yml:2:9: error: 'impact' is empty; give it a value or remove it",
        "f.yml:3:9: error: 'urgency' is empty; give it a value or remove it",
        "f.yml:4:7: error: kind '' is not one of incident, maintenance",
        "f.yml:5:7: error: 'roles' is empty; give it a value or remove it",
        "f.yml:6:9: error: 'review' is empty; give it a value or remove it",
    ]


def test_empty_lists_may_be_left_empty() -> None:
    text = "title: x\nstarted_at: 2026-11-26T09:00:00Z\ntags:\nupdates: []\nreview: {went_well: ~}\n"
    assert problems_of(text) == [
        "f.yml:1:8: warning: no updates yet: subscribers see nothing until the first update",
        "f.yml:5:1: warning: review of an incident that is not resolved yet",
    ]


def test_blank_text_is_empty() -> None:
    assert problems_of("title: '   '\nstarted_at: 2026-11-26T09:00:00Z\ntags: [db, '']\n") == [
        "f.yml:1:8: error: 'title' is empty; give it a value or remove it",
        "f.yml:3:12: error: 'tags[2]' is empty; give it a value or remove it",
    ]


# -- wrong types ---------------------------------------------------------------------------------------------


def test_wrong_types() -> None:
    assert problems_of("""\
title: {text: x}
impact: [major]
started_at: [2026-11-26T09:00:00Z]
update_every: {minutes: 30}
components: [api]
roles: [Dana]
tags: {db: true}
updates: {at: 2026-11-26T09:05:00Z}
review: This review is long enough not to be quoted in the message.
""") == [
        "f.yml:1:8: error: 'title' must be text, found a map",
        "f.yml:2:9: error: 'impact' must be one of none, minor, major, critical; found a list",
        "f.yml:3:13: error: 'started_at' must be a timestamp with offset, found a list",
        "f.yml:4:15: error: 'update_every' must be a duration (15m, 1h, 1h30m, 1d); found a map",
        "f.yml:5:13: error: 'components' must map component ids to statuses, like {api: partial_outage}; "
        "found a list",
        "f.yml:6:8: error: roles must be a map of fields, found a list",
        "f.yml:7:7: error: 'tags' must be a list (one '- ' item per line), found a map",
        "f.yml:8:10: error: 'updates' must be a list (one '- ' item per line), found a map",
        "f.yml:9:9: error: review must be a map of fields, found text",
    ]


def test_wrong_types_inside_lists() -> None:
    assert problems_of("""\
title: x
started_at: 2026-11-26T09:00:00Z
tags: [db, [eu, us], {a: b}]
updates:
  - just text
  - {at: 2026-11-26T09:05:00Z, status: [resolved], message: ok}
""") == [
        "f.yml:3:12: error: 'tags[2]' must be text, found a list",
        "f.yml:3:22: error: 'tags[3]' must be text, found a map",
        "f.yml:5:5: error: updates[1] must be a map of fields, found 'just text'",
        "f.yml:6:40: error: 'status' must be one of investigating, identified, monitoring, resolved; found a "
        "list",
    ]


# -- timestamps, dates, durations, links ---------------------------------------------------------------------


@pytest.mark.parametrize(("value", "expected"), [
    ("2026-11-26T09:00:00Z", datetime(2026, 11, 26, 9, 0, tzinfo=UTC)),
    ("2026-11-26T10:00:00+01:00", datetime(2026, 11, 26, 9, 0, tzinfo=UTC)),
    ("2026-11-26 04:00:00-05:00", datetime(2026, 11, 26, 9, 0, tzinfo=UTC)),
    ("2026-11-26T09:00Z", datetime(2026, 11, 26, 9, 0, tzinfo=UTC)),
    ("'2026-11-26T09:00:00Z'", datetime(2026, 11, 26, 9, 0, tzinfo=UTC)),
])
def test_timestamps_that_are_fine(value: str, expected: datetime) -> None:
    incident = incident_of(f"title: x\nstarted_at: {value}\nupdates:\n"
                           "  - {at: 2026-11-26T09:05:00Z, status: resolved, message: ok}\n")
    assert incident.started_at == expected
    assert incident.started_at.utcoffset() == timedelta(0)


@pytest.mark.parametrize(("value", "message"), [
    ("2026-11-26T09:00:00", "has no UTC offset; add Z for UTC or an offset like +01:00"),
    ("2026-11-26 09:00", "has no UTC offset; add Z for UTC or an offset like +01:00"),
    ("2026-11-26", "has no UTC offset; add Z for UTC or an offset like +01:00"),
    ("26/11/2026 09:00Z", "is not a timestamp; write it like 2026-11-26T09:02:00Z or "
                          "2026-11-26T10:02:00+01:00"),
    ("2026-11-31T09:00:00Z", "is not a timestamp; write it like 2026-11-26T09:02:00Z or "
                             "2026-11-26T10:02:00+01:00"),
    ("2026-11-26T09:00:00+25:00", "is not a timestamp; write it like 2026-11-26T09:02:00Z or "
                                  "2026-11-26T10:02:00+01:00"),
    ("1969-12-31T23:59:00Z", "is out of range; use a year from 1970 to 2999"),
    ("3000-01-01T00:00:00Z", "is out of range; use a year from 1970 to 2999"),
    ("0001-01-01T00:00:00+01:00", "is out of range; use a year from 1970 to 2999"),
    ("9999-12-31T23:59:00-01:00", "is out of range; use a year from 1970 to 2999"),
])
def test_timestamps_that_are_not(value: str, message: str) -> None:
    assert problems_of(f"title: x\ndetected_at: {value}\nstarted_at: 2026-11-26T09:00:00Z\n") == [
        f"f.yml:2:14: error: detected_at {value!r} {message}",
    ]


@pytest.mark.parametrize(("value", "minutes"), [("15m", 15), ("1h", 60), ("1h30m", 90), ("1d", 1440),
                                                ("2d3h4m", 2 * 1440 + 184), ("365d", 365 * 1440)])
def test_durations_that_are_fine(value: str, minutes: int) -> None:
    incident = incident_of(f"title: x\nupdate_every: {value}\nstarted_at: 2026-11-26T09:00:00Z\nupdates:\n"
                           "  - {at: 2026-11-26T09:05:00Z, status: resolved, message: ok}\n")
    assert incident.update_every == timedelta(minutes=minutes)


@pytest.mark.parametrize(("value", "problem"), [
    ("30", "update_every '30' is not a duration; write it like 15m, 1h, 1h30m or 1d"),
    ("30 m", "update_every '30 m' is not a duration; write it like 15m, 1h, 1h30m or 1d"),
    ("30min", "update_every '30min' is not a duration; write it like 15m, 1h, 1h30m or 1d"),
    ("1m30h", "update_every '1m30h' is not a duration; write it like 15m, 1h, 1h30m or 1d"),
    ("-5m", "update_every '-5m' is not a duration; write it like 15m, 1h, 1h30m or 1d"),
    ("''", "update_every '' is not a duration; write it like 15m, 1h, 1h30m or 1d"),
    ("0m", "update_every must be longer than zero"),
    ("0d0h0m", "update_every must be longer than zero"),
    ("366d", "update_every '366d' is too long; at most 365d"),
    ("8761h", "update_every '8761h' is too long; at most 365d"),
    ("99999999999d", "update_every '99999999999d' is too long; at most 365d"),
])
def test_durations_that_are_not(value: str, problem: str) -> None:
    assert problems_of(f"title: x\nupdate_every: {value}\nstarted_at: 2026-11-26T09:00:00Z\n") == [
        f"f.yml:2:15: error: {problem}",
    ]


@pytest.mark.parametrize(("due", "problem"), [
    ("2026-02-30", "due '2026-02-30' is not a date; write it like 2026-12-15"),
    ("15/12/2026", "due '15/12/2026' is not a date; write it like 2026-12-15"),
    ("next week", "due 'next week' is not a date; write it like 2026-12-15"),
    ("1969-12-31", "due '1969-12-31' is out of range; use a year from 1970 to 2999"),
])
def test_dates(due: str, problem: str) -> None:
    text = ("title: x\nstarted_at: 2026-11-26T09:00:00Z\nreview:\n  action_items:\n"
            f"    - {{title: t, owner: o, type: detect, due: {due}}}\n"
            "updates: [{at: 2026-11-26T09:05:00Z, status: resolved, message: ok}]\n")
    assert problems_of(text) == [f"f.yml:5:47: error: {problem}"]


@pytest.mark.parametrize(("link", "problems"), [
    ("https://tracker.example.com/OPS-1", []),
    ("http://tracker.example.com/OPS-1", []),
    ("mailto:ops@example.com", []),
    ("javascript:alert(1)", ["f.yml:5:59: error: link must start with https://, http:// or mailto:"]),
    ("tracker.example.com/OPS-1", ["f.yml:5:59: error: link must start with https://, http:// or mailto:"]),
    ("HTTPS://tracker.example.com", ["f.yml:5:59: error: link must start with https://, http:// or mailto:"]),
])
def test_links(link: str, problems: list[str]) -> None:
    text = ("title: x\nstarted_at: 2026-11-26T09:00:00Z\nupdates: "
            "[{at: 2026-11-26T09:05:00Z, status: resolved, message: ok}]\nreview:\n  action_items: "
            "[{title: t, owner: o, type: detect, link: " + link + "}]\n")
    assert problems_of(text) == problems


def test_action_item_enums() -> None:
    text = ("title: x\nstarted_at: 2026-11-26T09:00:00Z\nreview:\n  action_items:\n"
            "    - {title: t, owner: o, type: prevention, status: closed}\n"
            "updates: [{at: 2026-11-26T09:05:00Z, status: resolved, message: ok}]\n")
    assert problems_of(text) == [
        "f.yml:5:34: error: type 'prevention' is not one of prevent, mitigate, detect, process (did you mean "
        "'prevent'?)",
        "f.yml:5:54: error: status 'closed' is not one of open, in_progress, done",
    ]


# -- kind-specific fields ------------------------------------------------------------------------------------


def test_incident_with_maintenance_fields() -> None:
    assert problems_of("""\
title: x
scheduled_start: 2026-11-26T09:00:00Z
scheduled_end: 2026-11-26T10:00:00Z
""") == [
        "f.yml:1:1: error: missing required field 'started_at'",
        "f.yml:2:1: error: 'scheduled_start' does not belong here: only kind: maintenance is scheduled; "
        "incidents use started_at",
        "f.yml:3:1: error: 'scheduled_end' does not belong here: only kind: maintenance is scheduled; "
        "incidents use started_at",
    ]


def test_maintenance_with_incident_fields() -> None:
    assert problems_of("""\
title: x
kind: maintenance
scheduled_start: 2026-11-26T09:00:00Z
mitigated_at: 2026-11-26T09:30:00Z
""") == [
        "f.yml:1:1: error: missing required field 'scheduled_end'",
        "f.yml:4:1: error: 'mitigated_at' does not belong here: maintenance windows use scheduled_start and "
        "scheduled_end",
    ]


def test_a_required_time_with_a_bad_value_is_not_also_missing() -> None:
    assert problems_of("title: x\nstarted_at: soon\n") == [
        "f.yml:2:13: error: started_at 'soon' is not a timestamp; write it like 2026-11-26T09:02:00Z or "
        "2026-11-26T10:02:00+01:00",
    ]


# -- true or false: drill and a review timeline event's public flag -------------------------------------------

BASE = ("title: x\nstarted_at: 2026-11-26T09:00:00Z\nupdates:\n"
        "  - {at: 2026-11-26T09:05:00Z, status: resolved, message: ok}\n")


@pytest.mark.parametrize(("value", "drill"), [("true", True), ("false", False), ("True", True), ("FALSE", False)])
def test_drill_is_true_or_false(value: str, drill: bool) -> None:
    assert incident_of(f"drill: {value}\n" + BASE).drill is drill
    assert incident_of(BASE).drill is False


@pytest.mark.parametrize(("value", "problem"), [
    ("yes", "drill must be true or false, found 'yes'"),       # YAML 1.1 reads it as true: too easy to misread
    ('"true"', "drill must be true or false, found 'true'"),   # quoted: text, not a boolean
    ("1", "drill must be true or false, found '1'"),
    ("[true]", "'drill' must be true or false, found a list"),
])
def test_drill_that_is_not_true_or_false(value: str, problem: str) -> None:
    assert problems_of(f"drill: {value}\n" + BASE) == [f"f.yml:1:8: error: {problem}"]


def test_a_review_timeline_event_may_be_public() -> None:
    incident = incident_of(BASE + """\
review:
  timeline:
    - {at: 2026-11-26T09:01:00Z, text: Alert fires.}
    - {at: 2026-11-26T09:02:00Z, text: Rollback starts., public: true}
""")
    assert incident.review is not None
    assert [(e.text, e.public) for e in incident.review.timeline] == [("Alert fires.", False),
                                                                      ("Rollback starts.", True)]
    assert problems_of(BASE + "review:\n  timeline:\n    - {at: 2026-11-26T09:01:00Z, text: x, public: maybe}\n"
                       ) == ["f.yml:7:51: error: public must be true or false, found 'maybe'"]
