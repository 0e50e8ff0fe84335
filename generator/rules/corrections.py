"""Correction records explain something: words in the reason, a time after what they correct and not in the
future, listed oldest first.

Whether a record is *needed* (something published changed) takes the history, so `statuspress audit`
decides that (audit.py); this rule checks what one file can show on its own. See docs/auditors.md.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..clock import format_utc
from ..model import Correction, FieldCorrection, Incident
from ..problems import Problems
from .base import Marks

MIN_LETTERS = 4


def has_words(reason: str) -> bool:
    """A reason says something: at least MIN_LETTERS letters (any script), not just punctuation or a letter."""
    return sum(ch.isalpha() for ch in reason) >= MIN_LETTERS


def check(incident: Incident, marks: Marks, problems: Problems) -> None:
    for update in incident.updates:
        where = ("updates", update.index, "corrected")
        _records(update.corrections, where, marks, problems)
        for record in update.corrections:
            if record.at < update.at:
                problems.error(marks.at(*where, record.index, "at"),
                               "a correction cannot be dated before the update it corrects", "correction-date")
    _records(incident.corrections, ("corrections",), marks, problems)
    if incident.updates:
        first = incident.updates[0].at
        for field_record in incident.corrections:
            if field_record.at < first:
                problems.error(marks.at("corrections", field_record.index, "at"),
                               f"correction at {format_utc(field_record.at)} is before the first update "
                               f"({format_utc(first)}); nothing was published to correct yet", "correction-date")


def _records(records: Sequence[Correction | FieldCorrection], where: tuple[str | int, ...], marks: Marks,
             problems: Problems) -> None:
    previous = None
    for record in records:
        number = record.index
        if not has_words(record.reason):
            problems.error(marks.at(*where, number, "reason"),
                           f"reason {record.reason!r} does not say what was wrong: write it in words "
                           f"(at least {MIN_LETTERS} letters)", "correction-reason")
        # A correction dated after the build time is the future-time rule's (reader.py: not_ahead), as
        # for every other time that records something that happened.
        if previous is not None and record.at < previous.at:
            problems.error(marks.at(*where, number, "at"),
                           f"corrections are listed oldest first: this one is dated before the one above it "
                           f"({format_utc(previous.at)})", "correction-date")
        previous = record
