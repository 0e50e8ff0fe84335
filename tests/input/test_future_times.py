"""Issue 10, item 10: a time in the future is a typo, not a secret: `check` refuses it at its line.

Only the planned times of a maintenance window (scheduled_start, scheduled_end) and action item due
dates may lie ahead. Every other time (updates, started_at …, corrections, the review's timeline and
published_at) records something that happened: more than 10 minutes after the build time (clock
skew) is an error; up to 10 minutes is a warning, since the build leaves it out until then. Two
updates at the same time are an error at the second.
"""

from __future__ import annotations

import pytest
from cli_helpers import AT, GOOD_INCIDENT, TmpProject, statuspress
from unit_helpers import problems_of

FILE = "incidents/2026/2026-11-26-api-errors.yml"
BASE = """\
title: API errors
impact: major
started_at: 2026-11-28T09:00:00Z
updates:
  - at: 2026-11-28T09:15:00Z
    status: investigating
    message: Looking.
"""
FUTURE_ERROR = ("{name} '{raw}' is {ahead} after the build time (2026-11-28T12:00:00Z); it records "
                "something that happened, so it cannot be in the future: check the date")


def error(line: int, col: int, name: str, raw: str, ahead: str) -> str:
    return f"f.yml:{line}:{col}: error: " + FUTURE_ERROR.format(name=name, raw=raw, ahead=ahead)


def test_a_mistyped_month_on_the_resolving_update() -> None:
    text = BASE + "  - at: 2026-12-28T10:30:00Z\n    status: resolved\n    message: Fixed.\n"
    assert problems_of(text, name="2026-11-28-x") == [error(8, 9, "at", "2026-12-28T10:30:00Z", "29 days 22 h")]


@pytest.mark.parametrize(("at", "problems"), [
    ("2026-11-28T12:10:00Z", ["f.yml:8:9: warning: at '2026-11-28T12:10:00Z' is 10 min after the build time "
                              "(2026-11-28T12:00:00Z); the site leaves it out until a build after then"]),
    ("2026-11-28T12:10:01Z", [error(8, 9, "at", "2026-11-28T12:10:01Z", "10 min 1 s")]),
    ("2026-11-28T13:00:00+01:00", []),
    ("2026-11-28T12:00:00Z", []),
    ("2026-11-28T15:00:00Z", [error(8, 9, "at", "2026-11-28T15:00:00Z", "3 h")]),
    ("2099-01-01T00:00:00Z", [error(8, 9, "at", "2099-01-01T00:00:00Z", "26331 days 12 h")]),
], ids=["10 min: skew", "10 min 1 s", "now, in another offset", "now", "3 h", "years"])
def test_ten_minutes_of_clock_skew(at: str, problems: list[str]) -> None:
    text = BASE + f"  - at: {at}\n    status: resolved\n    message: Fixed.\n"
    assert problems_of(text, name="2026-11-28-x") == problems


@pytest.mark.parametrize(("line", "field"), [
    ("started_at: 2026-11-29T09:00:00Z", "started_at"), ("detected_at: 2026-11-29T09:00:00Z", "detected_at"),
    ("acknowledged_at: 2026-11-29T09:00:00Z", "acknowledged_at"),
    ("mitigated_at: 2026-11-29T09:00:00Z", "mitigated_at"),
])
def test_incident_times(line: str, field: str) -> None:
    text = BASE.replace("started_at: 2026-11-28T09:00:00Z", "started_at: 2026-11-28T09:00:00Z\n" + line) \
        if field != "started_at" else BASE.replace("started_at: 2026-11-28T09:00:00Z", line)
    col = len(field) + 3
    found = [p for p in problems_of(text, name="2026-11-28-x") if f"{field} '" in p]
    assert found == [error(4 if field != "started_at" else 3, col, field, "2026-11-29T09:00:00Z", "21 h")]


def test_correction_and_review_times() -> None:
    text = BASE + """\
    corrected: {at: 2026-11-30T12:00:00Z, reason: Typo.}
  - at: 2026-11-28T09:30:00Z
    status: resolved
    message: Fixed.
review:
  published_at: 2026-12-01T12:00:00Z
  timeline:
    - {at: 2026-11-28T09:01:00Z, text: Alert.}
    - {at: 2026-11-28T13:00:00Z, text: Root cause found.}
"""
    assert problems_of(text, name="2026-11-28-x") == [
        error(8, 21, "at", "2026-11-30T12:00:00Z", "2 days"),
        error(13, 17, "published_at", "2026-12-01T12:00:00Z", "3 days"),
        error(16, 12, "at", "2026-11-28T13:00:00Z", "1 h"),
    ]


def test_planned_maintenance_and_due_dates_may_be_ahead() -> None:
    text = """\
title: Database upgrade
kind: maintenance
scheduled_start: 2026-12-05T02:00:00Z
scheduled_end: 2026-12-05T04:00:00Z
updates:
  - {at: 2026-11-28T09:00:00Z, status: scheduled, message: Planned.}
"""
    assert problems_of(text, name="2026-12-05-x") == []
    early = text.replace("at: 2026-11-28T09:00:00Z", "at: 2026-12-05T02:00:00Z")
    assert problems_of(early, name="2026-12-05-x") == [error(6, 10, "at", "2026-12-05T02:00:00Z", "6 days 14 h")]


def test_at_shifts_the_limit(tmp_project: TmpProject) -> None:
    tmp_project.write(FILE, GOOD_INCIDENT)
    assert tmp_project.check(at="2026-11-26T10:00:00Z").stdout == (
        f"{FILE}:10:9: error: at '2026-11-26T10:30:00Z' is 30 min after the build time (2026-11-26T10:00:00Z); "
        "it records something that happened, so it cannot be in the future: check the date [future-time]\n")
    assert tmp_project.check(at="2026-11-26T10:30:00Z").code == 0


def test_the_build_refuses_it_and_writes_nothing(tmp_project: TmpProject) -> None:
    tmp_project.write(FILE, GOOD_INCIDENT.replace("at: 2026-11-26T10:30:00Z", "at: 2026-12-26T10:30:00Z"))
    run = statuspress(tmp_project.root, "build", "--at", AT)
    assert run.code == 1
    assert run.stdout == (f"{FILE}:10:9: error: at '2026-12-26T10:30:00Z' is 27 days 22 h after the build time "
                          "(2026-11-28T12:00:00Z); it records something that happened, so it cannot be in the "
                          "future: check the date [future-time]\n")
    assert not (tmp_project.root / "site").exists()


# -- two updates at the same time ---------------------------------------------------------------


def test_two_updates_at_the_same_time() -> None:
    text = BASE + "  - at: 2026-11-28T10:15:00+01:00\n    status: resolved\n    message: Fixed.\n"
    assert problems_of(text, name="2026-11-28-x") == [
        "f.yml:8:9: error: another update is also at 2026-11-28T09:15:00Z (line 5); give each update its "
        "own time"]


def test_three_at_the_same_time_give_two_errors() -> None:
    text = BASE + "".join(f"  - at: 2026-11-28T09:15:00Z\n    status: {s}\n    message: m\n"
                          for s in ("identified", "resolved"))
    assert problems_of(text, name="2026-11-28-x") == [
        "f.yml:8:9: error: another update is also at 2026-11-28T09:15:00Z (line 5); give each update its own time",
        "f.yml:11:9: error: another update is also at 2026-11-28T09:15:00Z (line 5); give each update its "
        "own time"]
