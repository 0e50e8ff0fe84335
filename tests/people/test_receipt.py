"""Item 7: after new/update/resolve, what subscribers will see and when the next update is due; --help
lists this project's component ids, statuses and open incidents; the CLI's enum lists come from schema.py."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from generator import schema
from generator.cli import main

from .helpers import VARIANTS, build, run, write

PATH = "incidents/2026/2026-11-28-api-errors.yml"


def test_new_prints_the_path_then_what_the_page_will_show(project: Path) -> None:
    result = run("new", "--title", "API errors", "--impact", "critical", "--component", "api=major_outage",
                 "--message", "Nothing works.\n\nWe are on it.", "--at", "2026-11-28T14:00:00Z")
    assert (result.code, result.stdout, result.stderr) == (0, PATH + "\n", """\
posted 14:00 UTC · Investigating · API errors
the status page will show, once published:
  Major Service Outage
  API errors — Investigating
    Nothing works.

    We are on it.
  Public API: Major outage
next update due by 14:30 UTC (every 30 min, the default for critical impact)
""")


def test_the_due_time_follows_update_every_and_names_the_day_when_it_is_not_today(project: Path) -> None:
    write(project, PATH, """\
title: API errors
impact: none
update_every: 2h
started_at: 2026-11-28T21:00:00Z
updates:
  - at: 2026-11-28T21:10:00Z
    status: investigating
    message: Looking.
""")
    result = run("update", "--status", "identified", "--message", "Found.", "--at", "2026-11-28T23:10:00Z")
    assert (result.code, result.stdout, result.stderr) == (0, PATH + "\n", """\
update 2026-11-28-api-errors: API errors (investigating)
posted 23:10 UTC · Identified · API errors
the status page will show, once published:
  All Systems Operational
  API errors — Identified
    Found.
next update due by 29 Nov 2026, 01:10 UTC (every 2 h, as update_every says)
""")


def test_the_receipt_uses_the_site_clock(project: Path) -> None:
    """Item 12: a 12-hour site (clock: 12h) reads its times the same way in the terminal."""
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("  - statuspress:\n", "  - statuspress:\n      clock: 12h\n"), encoding="utf-8")
    result = run("new", "--title", "API errors", "--impact", "critical", "--component", "api=major_outage",
                 "--message", "Down.", "--at", "2026-11-28T23:50:00Z")
    assert result.code == 0, result
    lines = result.stderr.splitlines()
    assert lines[0] == "posted 11:50 PM UTC · Investigating · API errors"
    assert lines[-1] == "next update due by 29 Nov 2026, 12:20 AM UTC (every 30 min, the default for critical impact)"


def test_resolve_says_nothing_more_is_due(project: Path) -> None:
    write(project, PATH, """\
title: API errors
impact: minor
components: {api: partial_outage, auth: degraded_performance}
started_at: 2026-11-28T09:00:00Z
updates:
  - at: 2026-11-28T09:10:00Z
    status: investigating
    message: Looking.
""")
    result = run("resolve", "2026-11-28-api-errors", "--message", "Back to normal.",
                 "--at", "2026-11-28T10:35:00Z")
    assert (result.code, result.stdout, result.stderr) == (0, PATH + "\n", """\
posted 10:35 UTC · Resolved · API errors
the status page will show, once published:
  All Systems Operational
  API errors — Resolved after 1 h 35 min
    Back to normal.
  Public API: Operational
  Sign-in: Operational
no further updates are due: the incident is resolved
""")


def test_the_page_status_counts_other_open_incidents(project: Path) -> None:
    write(project, "incidents/2026/2026-11-28-sign-in-down.yml", """\
title: Sign-in down
impact: critical
components: {auth: major_outage}
started_at: 2026-11-28T08:00:00Z
updates:
  - at: 2026-11-28T08:05:00Z
    status: investigating
    message: Nobody can sign in.
""")
    result = run("new", "--title", "API errors", "--impact", "minor", "--component", "api=degraded_performance",
                 "--message", "Slow.", "--at", "2026-11-28T08:20:00Z")
    assert result.code == 0
    assert result.stderr.splitlines()[2] == "  Major Service Outage"


# -- --help ------------------------------------------------------------------------------------------

def help_text(*args: str) -> str:
    """--help as click's runner prints it (78 columns); the part after "This project:"."""
    result = run(*args)
    assert (result.code, result.stderr) == (0, "")
    return result.stdout[result.stdout.index("This project:"):]


def test_new_help_lists_the_project_components_and_the_values_it_accepts(project: Path) -> None:
    assert help_text("new", "--help") == """\
This project:
  components            api, dashboard, auth
  component statuses    operational, degraded_performance, partial_outage,
                        major_outage, under_maintenance
  impacts               none, minor, major, critical
  incident statuses     investigating, identified, monitoring, resolved
  maintenance statuses  scheduled, in_progress, verifying, completed, cancelled
"""


def test_update_and_resolve_help_list_the_open_incidents(project: Path) -> None:
    write(project, PATH, "title: API errors\nstarted_at: 2026-11-28T09:00:00Z\nupdates:\n"
                         "  - {at: 2026-11-28T09:10:00Z, status: investigating, message: m}\n")
    write(project, "incidents/2026/2026-11-20-old.yml", "title: Old\nstarted_at: 2026-11-20T09:00:00Z\nupdates:\n"
                    "  - {at: 2026-11-20T09:10:00Z, status: resolved, message: m}\n")
    assert help_text("resolve", "--help") == """\
This project:
  components          api, dashboard, auth
  component statuses  operational, degraded_performance, partial_outage,
                      major_outage, under_maintenance
  open now            2026-11-28-api-errors
"""
    assert help_text("update", "--help").endswith("cancelled\n  open now              2026-11-28-api-errors\n")


def test_help_reads_the_config_given_before_it(project: Path) -> None:
    other = project / "other"
    other.mkdir()
    (other / "mkdocs.yml").write_text("site_name: Other\nplugins:\n  - statuspress:\n      components:\n"
                                      "        - {id: web, name: Website}\n")
    assert help_text("new", "-f", "other/mkdocs.yml", "--help").startswith(
        "This project:\n  components            web\n")


def test_help_without_a_project_still_works(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert help_text("update", "--help") == """\
This project:
  components            (no mkdocs.yml here: run statuspress in the folder
                        holding it, or put -f FILE before --help, to list them)
  component statuses    operational, degraded_performance, partial_outage,
                        major_outage, under_maintenance
  incident statuses     investigating, identified, monitoring, resolved
  maintenance statuses  scheduled, in_progress, verifying, completed, cancelled
"""


# -- enum lists come from schema.py -------------------------------------------------------------------

def test_the_choices_are_schema_values() -> None:
    params = {p.name: p for p in main.commands["new"].params}
    assert tuple(params["impact"].type.choices) == schema.IMPACTS
    assert tuple(params["urgency"].type.choices) == schema.URGENCIES
    assert tuple(params["kind"].type.choices) == schema.KINDS
    status_help = {p.name: p for p in main.commands["update"].params}["status"].help
    for value in schema.INCIDENT_STATUSES + schema.MAINTENANCE_STATUSES:
        assert value in status_help


def test_cli_spells_out_no_enum_list_of_its_own() -> None:
    source = (Path(schema.__file__).parent / "cli.py").read_text(encoding="utf-8")
    for values in (schema.IMPACTS, schema.URGENCIES, schema.KINDS, schema.COMPONENT_STATUSES,
                   schema.INCIDENT_STATUSES, schema.MAINTENANCE_STATUSES):
        for first, second in zip(values, values[1:], strict=False):
            assert not re.search(rf"""["']{first}["'],\s*["']{second}["']""", source), (first, second)


# -- the page shows what the receipt said ------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.parametrize(("viewport", "scheme"), VARIANTS)
def test_the_page_shows_what_new_said(styled_project: Path, tmp_path: Path, served: Any, browse: Any,
                                      viewport: dict[str, int], scheme: str) -> None:
    at = "2026-11-28T14:00:00Z"
    result = run("new", "--title", "Elevated API errors", "--impact", "major", "--component",
                 "api=partial_outage", "--message", "We are investigating.", "--at", at)
    assert result.code == 0
    lines = result.stderr.splitlines()
    banner, due = lines[2].strip(), re.fullmatch(r"next update due by (\d\d:\d\d) UTC .*", lines[-1])
    assert (banner, due and due.group(1)) == ("Partial System Outage", "14:30")
    build(styled_project, at, tmp_path / "site")
    visit = browse(served(tmp_path / "site").url(""), viewport, scheme)
    page = visit.page
    assert page.locator(".sp-banner__text").inner_text().strip() == banner
    assert page.get_by_text("Elevated API errors").first.is_visible()
    when = page.locator('.sp-card__due time[datetime="2026-11-28T14:30:00Z"]')
    assert when.count() == 1 and when.is_visible()
    visit.assert_clean()
