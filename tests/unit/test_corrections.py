"""Correction records (rules/corrections.py): what `check` can require of them without git history."""

from __future__ import annotations

import pytest
from unit_helpers import incident_of, problems_of

from generator.model import Correction, FieldCorrection

HEAD = """\
title: x
started_at: 2026-11-26T09:00:00Z
updates:
  - at: 2026-11-26T09:10:00Z
    status: resolved
    message: a
"""


@pytest.mark.parametrize(("reason", "ok"), [
    (".", False), ("x", False), ("n/a", False), ("'--'", False), ("Fix", False), ("1234 !!", False),
    ("typo", True), ("Wrong region.", True), ("錯字更正", True), ("Régión", True),
])
def test_a_reason_says_something_in_words(reason: str, ok: bool) -> None:
    text = HEAD + f"    corrected: {{at: 2026-11-26T09:20:00Z, reason: {reason}}}\n"
    shown = reason.strip("'")
    assert problems_of(text) == ([] if ok else [
        f"f.yml:7:51: error: reason {shown!r} does not say what was wrong: write it in words (at least 4 letters)"])


def test_a_correction_cannot_be_dated_after_the_build_time() -> None:
    assert problems_of(HEAD + "    corrected: {at: 2099-01-01T00:00:00Z, reason: wrong region}\n") == [
        "f.yml:7:21: error: at '2099-01-01T00:00:00Z' is 26331 days 12 h after the build time "
        "(2026-11-28T12:00:00Z); it records something that happened, so it cannot be in the future: check the date"]


def test_the_list_form_is_checked_record_by_record_and_oldest_first() -> None:
    text = HEAD + """\
    corrected:
      - {at: 2026-11-26T09:30:00Z, reason: wrong region}
      - {at: 2026-11-26T09:20:00Z, reason: wrong time}
      - {at: 2026-11-26T09:05:00Z, reason: "?"}
"""
    assert problems_of(text) == [
        "f.yml:9:14: error: corrections are listed oldest first: this one is dated before the one above it "
        "(2026-11-26T09:30:00Z)",
        "f.yml:10:14: error: a correction cannot be dated before the update it corrects",
        "f.yml:10:14: error: corrections are listed oldest first: this one is dated before the one above it "
        "(2026-11-26T09:20:00Z)",
        "f.yml:10:44: error: reason '?' does not say what was wrong: write it in words (at least 4 letters)",
    ]


def test_both_forms_read_as_the_same_records() -> None:
    single = incident_of(HEAD + "    corrected: {at: 2026-11-26T09:20:00Z, reason: wrong region}\n")
    listed = incident_of(HEAD + "    corrected:\n      - at: 2026-11-26T09:20:00Z\n        reason: wrong region\n")
    assert single.updates[0].corrections == listed.updates[0].corrections == (
        Correction(single.updates[0].at.replace(minute=20), "wrong region", 0),)
    assert single.updates[0].corrected == listed.updates[0].corrections[-1]


def test_field_corrections() -> None:
    text = HEAD + """\
corrections:
  - {at: 2026-11-26T09:05:00Z, field: started_at, reason: Impact began earlier.}
  - {at: 2026-11-26T09:30:00Z, field: titel, reason: Named the wrong product.}
  - {at: 2026-11-26T09:40:00Z, field: impact, reason: "-"}
  - {at: 2099-11-26T09:40:00Z, field: impact, reason: Every customer was affected.}
"""
    assert problems_of(text) == [
        "f.yml:8:10: error: correction at 2026-11-26T09:05:00Z is before the first update (2026-11-26T09:10:00Z); "
        "nothing was published to correct yet",
        "f.yml:9:39: error: field 'titel' is not one of title, kind, impact, urgency, components, started_at, "
        "detected_at, acknowledged_at, mitigated_at, scheduled_start, scheduled_end, drill (did you mean 'title'?)",
        "f.yml:10:55: error: reason '-' does not say what was wrong: write it in words (at least 4 letters)",
        "f.yml:11:10: error: at '2099-11-26T09:40:00Z' is 26660 days 21 h after the build time "
        "(2026-11-28T12:00:00Z); it records something that happened, so it cannot be in the future: check the date",
    ]


def test_field_corrections_are_read_into_the_model() -> None:
    incident = incident_of(HEAD + "corrections:\n  - at: 2026-11-26T11:00:00+01:00\n    field: started_at\n"
                           "    reason: Impact began earlier.\n")
    assert incident.corrections == (FieldCorrection(incident.updates[0].at.replace(hour=10, minute=0),
                                                    "started_at", "Impact began earlier.", 0),)
