"""versions.py, the one rule for which update is which: pure, and the same whichever way a version is read."""

from __future__ import annotations

import ast
from datetime import UTC, datetime
from pathlib import Path

import pytest

from generator import schema, versions
from generator.authoring.text import NewUpdate
from generator.authoring.update import appended_only
from generator.load import load_project
from generator.validate import read_lenient
from generator.versions import Change, IncidentVersion, Record, Rule, UpdateVersion, pair_updates

ROOT = Path(__file__).resolve().parents[2]
NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)


def parse(text: str) -> IncidentVersion | None:
    """A file version as provenance and the audit read one out of git: the lenient reader's view."""
    return read_lenient(text).version


def test_reading_text_and_reading_the_checked_model_agree_on_every_example() -> None:
    """History reads old versions from text, the audit reads the checked model: one answer for both."""
    project = load_project(ROOT / "mkdocs.yml", NOW)
    assert project.errors == [] and len(project.incidents) >= 15
    for incident in project.incidents:
        text = (ROOT / incident.path).read_text(encoding="utf-8")
        assert parse(text) == versions.of_incident(incident), incident.id


def test_versions_does_no_io() -> None:
    tree = ast.parse((ROOT / "generator" / "versions.py").read_text(encoding="utf-8"))
    imported = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    imported |= {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert not imported & {"os", "subprocess", "git", "pathlib", "history", "source", "load", "io", "shutil"}


def _schema_paths(fields: tuple[schema.Field, ...], prefix: str = "") -> list[str]:
    out = []
    for f in fields:
        out.append(prefix + f.name)
        if isinstance(f.type, schema.Object | schema.ObjectList):
            out += _schema_paths(f.type.fields, prefix + f.name + ".")
    return out


SCHEMA_PATHS = _schema_paths(schema.INCIDENT_FIELDS)


def test_every_field_of_an_incident_file_has_a_rule() -> None:
    assert {path: versions.policy_of(path) for path in SCHEMA_PATHS}
    assert set(versions.POLICY) <= set(SCHEMA_PATHS)
    correctable = [p for p in SCHEMA_PATHS if versions.policy_of(p) in (
        Rule.FIELD_CORRECTION, Rule.FIELD_CORRECTION_ONCE_GIVEN)]
    assert correctable == list(schema.CORRECTABLE_FIELDS)


def _table_rows() -> dict[str, tuple[str, str]]:
    """docs/auditors.md's field table: `path` → (published change, how it is recorded)."""
    text = (ROOT / "docs" / "auditors.md").read_text(encoding="utf-8")
    rows: dict[str, tuple[str, str]] = {}
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 3 and cells[0].startswith("`") and cells[0].endswith("`"):
            rows[cells[0].strip("`")] = (cells[1], cells[2])
    return rows


def test_the_auditors_table_lists_every_field_with_its_rule() -> None:
    rows = _table_rows()
    assert sorted(rows) == sorted(SCHEMA_PATHS), "docs/auditors.md's field table must list exactly the schema"
    for path, (change, recorded) in rows.items():
        assert change == versions.policy_of(path).value, path
        assert recorded, path


# -- the pairing rule ------------------------------------------------------------------------------------------

def at(minute: int) -> datetime:
    return datetime(2026, 11, 26, 9, minute, tzinfo=UTC)


def u(index: int, minute: int, message: str, status: str = "investigating",
      records: tuple[Record, ...] = ()) -> UpdateVersion:
    return UpdateVersion(index, at(minute), status, message, (), records)


A, B, C = u(0, 15, "a"), u(1, 40, "b", "identified"), u(2, 50, "c", "monitoring")
FIX = Record(at(55), "The region was wrong.")


@pytest.mark.parametrize(("old", "new", "expected"), [
    ((A, B), (A, B), [(0, 0, Change.UNCHANGED), (1, 1, Change.UNCHANGED)]),
    ((A, B), (A, B, C), [(0, 0, Change.UNCHANGED), (1, 1, Change.UNCHANGED), (None, 2, Change.APPENDED)]),
    ((A, B), (B.__class__(0, B.at, B.status, B.message),),
     [(0, None, Change.DELETED), (1, 0, Change.UNCHANGED)]),
    # a changed message pairs by time; with a new record it is corrected, without one rewritten
    ((A, B), (u(0, 15, "a!", records=(FIX,)), B), [(0, 0, Change.CORRECTED), (1, 1, Change.UNCHANGED)]),
    ((A, B), (u(0, 15, "a!"), B), [(0, 0, Change.REWRITTEN), (1, 1, Change.UNCHANGED)]),
    # a changed time pairs by message, even onto the time of the next update
    ((A, B), (u(0, 40, "a", records=(FIX,)), B), [(0, 0, Change.CORRECTED), (1, 1, Change.UNCHANGED)]),
    # everything changed: the same place in the list
    ((A, B), (A, u(1, 45, "x", "monitoring")), [(0, 0, Change.UNCHANGED), (1, 1, Change.REWRITTEN)]),
    # a record taken back is a rewrite even when the content is back as it was
    ((u(0, 15, "a", records=(FIX,)),), (A,), [(0, 0, Change.REWRITTEN)]),
    # a record added to an unchanged update: unchanged (the audit warns)
    ((A,), (u(0, 15, "a", records=(FIX,)),), [(0, 0, Change.UNCHANGED)]),
])
def test_pairing(old: tuple[UpdateVersion, ...], new: tuple[UpdateVersion, ...],
                 expected: list[tuple[int | None, int | None, Change]]) -> None:
    got = [(p.old.index if p.old else None, p.new.index if p.new else None, p.change)
           for p in pair_updates(old, new)]
    assert got == expected


def test_a_second_change_needs_a_second_record() -> None:
    once = (u(0, 15, "a!", records=(FIX,)),)
    twice = u(0, 15, "a!!", records=(FIX,))
    assert pair_updates(once, (twice,))[0].change is Change.REWRITTEN
    again = Record(at(58), "Still the wrong region.")
    pair = pair_updates(once, (u(0, 15, "a!!", records=(FIX, again)),))[0]
    assert (pair.change, pair.added, pair.kept) == (Change.CORRECTED, (again,), True)


def fields(**values: object) -> dict[str, object]:
    base: dict[str, object] = dict.fromkeys(schema.CORRECTABLE_FIELDS)
    base.update(title="t", kind="incident", impact="major", components=(("api", "partial_outage"),),
                started_at=at(2))
    base.update(values)
    return base


@pytest.mark.parametrize(("old", "new", "records", "change"), [
    (fields(), fields(), (), Change.UNCHANGED),
    (fields(), fields(impact="minor"), (), Change.REWRITTEN),
    (fields(), fields(impact="minor"), (Record(at(30), "Fewer customers.", "impact"),), Change.CORRECTED),
    (fields(), fields(impact="minor"), (Record(at(30), "Fewer customers.", "title"),), Change.REWRITTEN),
    (fields(), fields(detected_at=at(5)), (), Change.APPENDED),
    (fields(detected_at=at(5)), fields(), (), Change.REWRITTEN),
    (fields(), fields(started_at=None), (), Change.REWRITTEN),
])
def test_field_changes(old: dict[str, object], new: dict[str, object], records: tuple[Record, ...],
                       change: Change) -> None:
    comparison = versions.compare(IncidentVersion(old), IncidentVersion(new, records=records))  # type: ignore[arg-type]
    changed = [f.change for f in comparison.fields if f.change is not Change.UNCHANGED]
    assert changed == ([] if change is Change.UNCHANGED else [change])


def test_components_compare_as_a_map_whatever_their_order() -> None:
    head = "title: t\nstarted_at: 2026-11-26T09:00:00Z\ncomponents:\n"
    one = parse(head + "  api: partial_outage\n  ingest: major_outage\n")
    two = parse(head + "  ingest: major_outage\n  api: partial_outage\n")
    assert one is not None and two is not None
    assert one.fields["components"] == two.fields["components"]


def test_old_single_map_and_list_forms_parse_alike() -> None:
    head = "title: t\nupdates:\n  - at: 2026-11-26T09:15:00Z\n    status: investigating\n    message: a\n"
    single = parse(head + "    corrected: {at: 2026-11-26T10:00:00+01:00, reason: Wrong.}\n")
    listed = parse(head + "    corrected:\n      - at: 2026-11-26T09:00:00Z\n        reason: Wrong.\n")
    assert single is not None and listed is not None
    assert single.updates == listed.updates
    assert single.updates[0].records == (Record(at(0), "Wrong."),)


# -- the edit commands use the same rule ---------------------------------------------------------------------

EDITED = """\
title: t
started_at: 2026-11-26T09:00:00Z
updates:
  - at: 2026-11-26T09:15:00Z
    status: investigating
    message: a
"""
NEW = "  - at: 2026-11-26T09:40:00Z\n    status: identified\n    message: b\n"


@pytest.mark.parametrize(("new_text", "accepted"), [
    (EDITED + NEW, True),
    (EDITED.replace("message: a", "message: a!") + NEW, False),              # a published update changed too
    (EDITED.replace("updates:\n", "updates:\n" + NEW), False),                # inserted first, not appended
    (EDITED + "    corrected: [{at: 2026-11-26T09:30:00Z, reason: Wrong.}]\n" + NEW, False),  # a record added
    (EDITED + NEW.replace("identified", "monitoring"), False),                # not the update asked for
    (EDITED + NEW + NEW.replace("09:40", "09:50"), False),                    # two appended
])
def test_an_edit_appends_exactly_one_update_by_the_same_rule(new_text: str, accepted: bool) -> None:
    update = NewUpdate(datetime(2026, 11, 26, 9, 40, tzinfo=UTC), "identified", "b")
    assert appended_only(read_lenient(EDITED), read_lenient(new_text), update) is accepted
