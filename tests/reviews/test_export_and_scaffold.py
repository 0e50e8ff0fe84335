"""`statuspress export` (CSV for spreadsheets, JSON validated by its generated schema) and
`statuspress review` (a draft review added to the file, everything else kept byte for byte)."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import jsonschema
import pytest
import yaml
from click.testing import CliRunner

from generator.cli import main
from generator.export import HEADERS, export_schema

REPO = Path(__file__).resolve().parents[2]
AT = "2026-11-28T12:00:00Z"


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    """A copy of the example site's config and incidents."""
    shutil.copy(REPO / "mkdocs.yml", tmp_path / "mkdocs.yml")
    shutil.copytree(REPO / "incidents", tmp_path / "incidents")
    return tmp_path


def run(project: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, [*args, "--config-file", str(project / "mkdocs.yml")],
                                catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


# The tests' own reviewed incident and maintenance window, added to the copied example (whose
# incidents may change): tests that pin ids, timings and refusals read these.
REVIEWED = "2026-11-17-query-outage"
WINDOW = "2026-12-05-sign-in-maintenance"
OWN = {
    REVIEWED: """\
title: Query engine outage
impact: major
components: {api: partial_outage, dashboard: degraded_performance, query: major_outage}
started_at: 2026-11-17T08:00:00Z
detected_at: 2026-11-17T08:03:00Z
updates:
  - at: 2026-11-17T08:05:00Z
    status: investigating
    message: Queries fail.
  - at: 2026-11-17T09:52:00Z
    status: resolved
    message: Queries work again.
review:
  summary: A bad index made every query time out.
  published_at: 2026-11-20T09:00:00Z
""",
    WINDOW: """\
title: Sign-in database maintenance
kind: maintenance
components: {auth: under_maintenance}
scheduled_start: 2026-12-05T06:00:00Z
scheduled_end: 2026-12-05T07:30:00Z
updates:
  - at: 2026-11-27T09:00:00Z
    status: scheduled
    message: We will upgrade the sign-in database.
""",
}


def with_own(project: Path) -> Path:
    for name, text in OWN.items():
        (project / "incidents" / name[:4] / f"{name}.yml").write_text(text, encoding="utf-8")
    return project


def incident_files(project: Path) -> list[Path]:
    return sorted((project / "incidents").glob("*/*.yml"))


def test_csv_has_one_row_per_incident(project: Path) -> None:
    with_own(project)
    code, out, _ = run(project, "export", "--format", "csv", "--at", AT)
    assert code == 0
    table = list(csv.DictReader(io.StringIO(out)))
    assert tuple(table[0].keys()) == HEADERS
    files = incident_files(project)
    assert sorted(r["id"] for r in table) == sorted(p.stem for p in files)
    query = next(r for r in table if r["id"] == REVIEWED)
    assert (query["time_to_detect_minutes"], query["time_to_resolve_minutes"]) == ("3.0", "112.0")
    assert query["review"] == "published" and query["components"] == "api;dashboard;query"
    maintenance = next(r for r in table if r["kind"] == "maintenance")
    assert maintenance["time_to_detect_minutes"] == ""          # absent, not zero


def test_csv_to_file(project: Path, tmp_path: Path) -> None:
    target = tmp_path / "out" / "incidents.csv"
    code, out, _ = run(project, "export", "--format", "csv", "-o", str(target), "--at", AT)
    assert code == 0 and out == ""
    with target.open(newline="", encoding="utf-8") as handle:
        assert len(list(csv.reader(handle))) == len(incident_files(project)) + 1


def test_json_validates_against_the_generated_schema(project: Path) -> None:
    code, out, _ = run(project, "export", "--format", "json", "--at", AT)
    assert code == 0
    document = json.loads(out)
    schema = export_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker()).validate(document)
    assert len(document["incidents"]) == len(incident_files(project))
    assert set(document["columns"]) == set(HEADERS)
    # The schema catches a wrong row.
    document["incidents"][0]["time_to_detect_minutes"] = -1
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(document, schema)


def test_schema_is_printed(project: Path) -> None:
    code, out, _ = run(project, "export", "--schema")
    assert code == 0 and json.loads(out) == export_schema()


def test_export_refuses_bad_input(project: Path) -> None:
    (project / "incidents" / "2026" / "2026-11-30-broken.yml").write_text("title: [unclosed\n")
    code, out, err = run(project, "export", "--at", AT)
    assert code == 1 and "2026-11-30-broken.yml:" in out and "nothing was exported" in err


MISSING_TIMES = """\
# A comment that must survive.
title: Delayed webhooks
impact: minor
components: {webhooks: partial_outage}   # flow map kept as written
started_at: 2026-11-20T10:00:00Z
roles:
  incident_commander: Ana Lima
updates:
  - at: 2026-11-20T10:20:00Z
    status: investigating
    message: Webhooks are delayed.
  - at: 2026-11-20T11:30:00Z
    status: resolved
    message: Delivered.
"""


def test_review_scaffold_prefills_and_keeps_the_file(project: Path) -> None:
    path = project / "incidents" / "2026" / "2026-11-20-delayed-webhooks.yml"
    path.write_text(MISSING_TIMES, encoding="utf-8")
    code, out, err = run(project, "review", "2026-11-20-delayed-webhooks", "--at", AT)
    assert (code, err) == (0, "")
    assert out.strip().endswith("2026-11-20-delayed-webhooks.yml")
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    # Every original line is still there, in order; the timestamps follow started_at.
    original = MISSING_TIMES.splitlines()
    assert [ln for ln in lines if ln in original] == original
    start = lines.index("started_at: 2026-11-20T10:00:00Z")
    assert lines[start + 1].startswith("detected_at: 2026-11-20T10:20:00Z  # TODO: check")
    assert lines[start + 2].startswith("acknowledged_at: 2026-11-20T10:20:00Z  # TODO: check")
    assert lines[start + 3].startswith("mitigated_at: 2026-11-20T11:30:00Z  # TODO: check")
    data = yaml.safe_load(text)
    review = data["review"]
    assert [e["text"] for e in review["timeline"]][0] == "Customer impact begins."
    assert [str(e["at"]) for e in review["timeline"]] == [
        "2026-11-20 10:00:00+00:00", "2026-11-20 10:20:00+00:00", "2026-11-20 10:20:00+00:00",
        "2026-11-20 11:30:00+00:00"]
    assert review["authors"] == ["Ana Lima"]
    assert review["resolution"].startswith("Resolved at 11:30 UTC, 1h 30m after impact began.")
    assert "# Drafted by `statuspress review`" in text
    # The result passes check.
    code, _, _ = run(project, "check", "--at", AT)
    assert code == 0


def test_review_scaffold_refuses_twice_and_writes_nothing(project: Path) -> None:
    path = with_own(project) / "incidents" / "2026" / f"{REVIEWED}.yml"
    before = path.read_bytes()
    code, out, err = run(project, "review", REVIEWED, "--at", AT)
    assert code == 1
    assert "already has a review" in out and "nothing was written" in err
    assert path.read_bytes() == before


def test_review_scaffold_refuses_maintenance(project: Path) -> None:
    code, out, _ = run(with_own(project), "review", WINDOW, "--at", AT)
    assert code == 1 and "maintenance windows take no post-incident review" in out


def test_review_of_an_unknown_id_is_a_usage_error(project: Path) -> None:
    code, _, err = run(project, "review", "2026-01-01-nothing", "--at", AT)
    assert code == 2 and "does not exist" in err


def test_docs_describe_every_export_column() -> None:
    from generator.export import COLUMNS

    docs = (REPO / "docs" / "metrics.md").read_text(encoding="utf-8")
    for column in COLUMNS:
        assert f"| `{column.name}` | {column.doc} |" in docs, f"docs/metrics.md lacks column {column.name}"
