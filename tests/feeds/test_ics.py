"""maintenance.ics read by two independent parsers (icalendar, vobject) and checked against RFC 5545."""

from __future__ import annotations

import json
import shutil
from datetime import UTC, datetime
from pathlib import Path

import icalendar
import pytest
import vobject

from generator.derive import Site

from .conftest import EXAMPLE_CONFIG, OWN_AT, render

WINDOWS = {
    "2026-11-10-storage-upgrade@quillstack.github.io": ("CONFIRMED", 2),
    "2026-11-20-ingest-migration@quillstack.github.io": ("CONFIRMED", 3),
    "2026-12-05-sign-in-maintenance@quillstack.github.io": ("TENTATIVE", 0),
}


@pytest.fixture(scope="module")
def windows_ics(own_files: dict[str, bytes]) -> bytes:
    return own_files["maintenance.ics"]


def test_icalendar_parses_one_event_per_window(windows_ics: bytes, own_site: Site) -> None:
    cal = icalendar.Calendar.from_ical(windows_ics)
    events = cal.walk("VEVENT")
    windows = [v for v in own_site.incidents if v.incident.is_maintenance]
    assert len(events) == len(windows) == len(WINDOWS)
    assert {str(e["UID"]): (str(e["STATUS"]), int(e["SEQUENCE"])) for e in events} == WINDOWS
    for ev in events:
        assert not getattr(ev, "errors", None)
        for prop in ("DTSTART", "DTEND", "DTSTAMP"):
            value = ev.decoded(prop)
            assert value.tzinfo is not None and value.utcoffset().total_seconds() == 0, prop
        assert str(ev["URL"]).startswith("https://quillstack.github.io/status/incidents/")
        assert ev.decoded("DTSTART") < ev.decoded("DTEND")
        assert ev.decoded("DTSTAMP") <= own_site.now
    assert "METHOD" not in cal     # see generator/render/ics.py: PUBLISH would need an ORGANIZER


def test_vobject_reads_and_validates_it(windows_ics: bytes) -> None:
    cal = vobject.readOne(windows_ics.decode("utf-8"))
    cal.validate(raiseException=True)
    events = list(cal.vevent_list)
    assert {e.uid.value for e in events} == set(WINDOWS)
    migration = next(e for e in events if e.uid.value.startswith("2026-11-20"))
    # Scheduled in +01:00 in the file: published in UTC.
    assert migration.dtstart.value == datetime(2026, 11, 20, 23, 30, tzinfo=UTC)
    assert migration.dtend.value == datetime(2026, 11, 21, 2, 30, tzinfo=UTC)
    assert migration.summary.value == "Event ingestion pipeline migration (US region)"
    assert "Event counts match" in migration.description.value


def test_the_example_calendar_is_valid_too(example_files: dict[str, bytes], example_site: Site) -> None:
    """Whatever windows the example holds: one event each, and a calendar vobject validates."""
    cal = vobject.readOne(example_files["maintenance.ics"].decode("utf-8"))
    cal.validate(raiseException=True)
    assert len(list(cal.vevent_list)) == sum(v.incident.is_maintenance for v in example_site.incidents)


def test_lines_end_in_crlf_and_fold_at_75_octets(windows_ics: bytes) -> None:
    raw = windows_ics
    assert raw.endswith(b"\r\n") and b"\n" not in raw.replace(b"\r\n", b"")
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))


def test_sequence_grows_with_updates_and_dtstamp_comes_from_data(own_config: Path) -> None:
    """An earlier build (mid-migration) has a lower SEQUENCE for the same UID, and nothing from the clock."""
    def event(at: datetime) -> icalendar.Event:
        cal = icalendar.Calendar.from_ical(render(own_config, at)["maintenance.ics"])
        return next(e for e in cal.walk("VEVENT") if str(e["UID"]).startswith("2026-11-20"))

    during = event(datetime(2026, 11, 21, 0, 45, tzinfo=UTC))
    after = event(OWN_AT)
    assert (int(during["SEQUENCE"]), int(after["SEQUENCE"])) == (2, 3)
    assert str(during["STATUS"]) == "CONFIRMED"
    assert during.decoded("DTSTAMP") == datetime(2026, 11, 21, 0, 30, tzinfo=UTC)   # its latest update
    assert during.decoded("DTSTART") == after.decoded("DTSTART")
    assert render(own_config, datetime(2026, 11, 28, 12, 5, tzinfo=UTC))["maintenance.ics"] == \
        render(own_config, OWN_AT)["maintenance.ics"]


CANCELLED = """\
title: Cancelled storage maintenance
kind: maintenance
impact: minor
components:
  exports: under_maintenance
scheduled_start: 2026-12-12T06:00:00Z
scheduled_end: 2026-12-12T07:00:00Z
updates:
  - at: 2026-11-20T10:00:00Z
    status: scheduled
    message: We will move export storage to new disks.
  - at: 2026-11-26T10:00:00Z
    status: cancelled
    message: This maintenance is cancelled; the move is no longer needed.
"""


def test_a_cancelled_window_is_cancelled_in_the_calendar_and_completed_in_the_api(tmp_path: Path) -> None:
    shutil.copy(EXAMPLE_CONFIG, tmp_path / "mkdocs.yml")
    (tmp_path / "incidents" / "2026").mkdir(parents=True)
    (tmp_path / "incidents" / "2026" / "2026-12-12-storage-move.yml").write_text(CANCELLED, encoding="utf-8")
    files = render(tmp_path / "mkdocs.yml")
    event = icalendar.Calendar.from_ical(files["maintenance.ics"]).walk("VEVENT")[0]
    assert (str(event["STATUS"]), int(event["SEQUENCE"])) == ("CANCELLED", 1)
    assert str(event["SUMMARY"]) == "Cancelled: Cancelled storage maintenance"
    window = json.loads(files["api/v2/scheduled-maintenances.json"])["scheduled_maintenances"][0]
    assert window["status"] == "completed"     # Statuspage has no cancelled status
    assert window["incident_updates"][0]["body"].startswith("This maintenance is cancelled")
    assert json.loads(files["api/v2/scheduled-maintenances/upcoming.json"])["scheduled_maintenances"] == []
    assert json.loads(files["api/v2/summary.json"])["scheduled_maintenances"] == []


@pytest.mark.parametrize("which", ["own", "example"])
def test_the_calendar_put_together_from_its_events_is_icalendars_whole_calendar(
        which: str, request: pytest.FixtureRequest) -> None:
    """Each event is written on its own (and reused by serve and incremental builds): the file is the one
    icalendar writes for the whole calendar, byte for byte."""
    from generator.render import ics

    site: Site = request.getfixturevalue(f"{which}_site")
    whole = ics.calendar(site)
    for view in ics.windows(site):
        whole.add_component(ics.event(site, view))
    assert request.getfixturevalue(f"{which}_files")["maintenance.ics"] == whole.to_ical()
    assert len(ics.windows(site)) >= 2
