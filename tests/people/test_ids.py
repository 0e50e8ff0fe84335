"""Item 5: ids a comms lead can live with: suggestions for near misses, no id needed for the one open
incident, a numbered choice at a terminal, shell completion, and ids of at most 40 characters."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.terminal import Terminal

from .helpers import run, write

OPEN = """\
title: API errors
impact: minor
components: {api: partial_outage}
started_at: 2026-11-28T09:00:00Z
updates:
  - at: 2026-11-28T09:10:00Z
    status: investigating
    message: Looking.
"""
SLOW = OPEN.replace("API errors", "Dashboard slow").replace("api: partial_outage", "dashboard: degraded_performance")
CLOSED = OPEN + """\
  - at: 2026-11-28T09:40:00Z
    status: resolved
    message: Fixed.
"""
API = "incidents/2026/2026-11-28-api-errors.yml"
USAGE = "Usage: statuspress {0} [OPTIONS] [ID]\nTry 'statuspress {0} --help' for help.\n\n"


def test_a_mistyped_id_gets_the_closest_id(project: Path) -> None:
    write(project, API, OPEN)
    result = run("update", "2026-11-28-api-eror", "--status", "identified", "--message", "m",
                 "--at", "2026-11-28T09:20:00Z")
    assert (result.code, result.stdout, result.stderr) == (2, "", USAGE.format("update") + (
        "Error: Invalid value for 'ID': no incident '2026-11-28-api-eror': "
        "incidents/2026/2026-11-28-api-eror.yml does not exist (did you mean '2026-11-28-api-errors'?)\n"))
    assert (project / API).read_text() == OPEN


def test_the_slug_without_its_date_suggests_the_full_id(project: Path) -> None:
    write(project, API, OPEN)
    write(project, "incidents/2025/2025-02-01-api-errors.yml", CLOSED.replace("2026-11-28", "2025-02-01"))
    result = run("resolve", "api-errors", "--at", "2026-11-28T09:20:00Z")
    assert (result.code, result.stdout, result.stderr) == (2, "", USAGE.format("resolve") + (
        "Error: Invalid value for 'ID': 'api-errors' is not an incident id; ids look like 2026-11-28-api-errors "
        "(the file name without .yml) (did you mean '2026-11-28-api-errors' or '2025-02-01-api-errors'?)\n"))


def test_nothing_close_suggests_nothing(project: Path) -> None:
    write(project, API, OPEN)
    result = run("update", "2024-01-01-certificate-expiry", "--status", "identified", "--message", "m")
    assert result.code == 2
    assert result.stderr.endswith("2024-01-01-certificate-expiry.yml does not exist\n")


def test_update_without_an_id_takes_the_one_open_incident(project: Path) -> None:
    write(project, API, OPEN)
    write(project, "incidents/2026/2026-11-20-dashboard-slow.yml", CLOSED.replace("API errors", "Dashboard slow")
          .replace("2026-11-28", "2026-11-20"))
    result = run("update", "--status", "identified", "--message", "A bad deploy.", "--at", "2026-11-28T09:20:00Z")
    assert (result.code, result.stdout, result.stderr) == (0, API + "\n", """\
update 2026-11-28-api-errors: API errors (investigating)
posted 09:20 UTC · Identified · API errors
the status page will show, once published:
  Partial System Outage
  API errors — Identified
    A bad deploy.
  Public API: Partial outage
next update due by 10:20 UTC (every 1 h, the default for minor impact)
""")
    assert (project / API).read_text().endswith("  - at: 2026-11-28T09:20:00Z\n    status: identified\n"
                                                "    message: A bad deploy.\n")


def test_resolve_without_an_id_takes_the_one_open_incident(project: Path) -> None:
    write(project, API, OPEN)
    result = run("resolve", "--at", "2026-11-28T09:50:00Z")
    assert (result.code, result.stdout) == (0, API + "\n")
    assert result.stderr.startswith("resolve 2026-11-28-api-errors: API errors (investigating)\n"
                                    "posted 09:50 UTC · Resolved · API errors\n")
    assert (project / API).read_text().endswith("    status: resolved\n    message: This incident has been resolved.\n")


def test_several_open_without_a_terminal_lists_commands_to_run_and_exits_2(project: Path) -> None:
    write(project, API, OPEN)
    write(project, "incidents/2026/2026-11-28-dashboard-slow.yml", SLOW)
    result = run("update", "--status", "identified", "--message", "m", "--at", "2026-11-28T09:20:00Z")
    assert (result.code, result.stdout, result.stderr) == (2, "", USAGE.format("update") + """\
Error: 2 incidents or maintenance windows are open; say which one to update:
  statuspress update 2026-11-28-dashboard-slow  # Dashboard slow (investigating)
  statuspress update 2026-11-28-api-errors      # API errors (investigating)
""")
    assert (project / API).read_text() == OPEN


def test_none_open_asks_for_an_id(project: Path) -> None:
    write(project, API, CLOSED)
    result = run("resolve", "--at", "2026-11-28T10:00:00Z")
    assert (result.code, result.stdout, result.stderr) == (2, "", USAGE.format("resolve") + (
        "Error: no incident or maintenance window is open; give the ID of the one to resolve\n"))


def test_at_a_terminal_several_open_are_offered_by_number(project: Path) -> None:
    write(project, API, OPEN)
    write(project, "incidents/2026/2026-11-28-dashboard-slow.yml", SLOW)
    term = Terminal(["update", "--status", "identified", "--message", "Found it.", "--component",
                     "dashboard=major_outage", "--at", "2026-11-28T09:20:00Z"], project)
    term.expect("Open incidents and maintenance windows:\n"
                "  1. 2026-11-28-dashboard-slow  Dashboard slow (investigating)\n"
                "  2. 2026-11-28-api-errors  API errors (investigating)\n"
                "Which one to update (1-2): ")
    term.send("3")
    term.expect("Error: 3 is not in the range 1<=x<=2.")
    term.expect("Which one to update (1-2): ")
    term.send("1")
    term.expect("incidents/2026/2026-11-28-dashboard-slow.yml\n")
    assert term.finish() == 0
    assert (project / "incidents/2026/2026-11-28-dashboard-slow.yml").read_text() == SLOW + """\
  - at: 2026-11-28T09:20:00Z
    status: identified
    message: Found it.
    components: {dashboard: major_outage}
"""
    assert (project / API).read_text() == OPEN


# -- shell completion: the line the guide documents, in a real bash -----------------------------------

STATUSPRESS = Path(sys.executable).with_name("statuspress")


def complete(project: Path, *words: str) -> list[str]:
    """What bash offers for the last word, after `eval "$(_STATUSPRESS_COMPLETE=bash_source statuspress)"`."""
    quoted = " ".join(f"'{w}'" for w in words)
    script = ('eval "$(_STATUSPRESS_COMPLETE=bash_source statuspress)"\n'
              f"COMP_WORDS=({quoted}); COMP_CWORD={len(words) - 1}\n"
              '_statuspress_completion statuspress\nprintf "%s\\n" "${COMPREPLY[@]}"\n')
    env = {**os.environ, "PATH": f"{STATUSPRESS.parent}{os.pathsep}{os.environ['PATH']}"}
    done = subprocess.run(["bash", "-c", script], cwd=project, env=env, capture_output=True, text=True,
                          timeout=60, check=True)
    return [line for line in done.stdout.splitlines() if line]


@pytest.mark.skipif(not STATUSPRESS.exists(), reason="the statuspress script is not installed in this venv")
def test_bash_completes_incident_ids_and_component_statuses(project: Path) -> None:
    write(project, API, OPEN)
    write(project, "incidents/2026/2026-11-28-dashboard-slow.yml", SLOW)
    write(project, "incidents/2025/2025-02-01-api-errors.yml", CLOSED.replace("2026-11-28", "2025-02-01"))
    assert complete(project, "statuspress", "update", "2026-11-28-") == [
        "2026-11-28-api-errors", "2026-11-28-dashboard-slow"]
    assert complete(project, "statuspress", "resolve", "2025") == ["2025-02-01-api-errors"]
    assert complete(project, "statuspress", "review", "2026-11-28-d") == ["2026-11-28-dashboard-slow"]
    assert complete(project, "statuspress", "update", "--component", "") == ["api=", "dashboard=", "auth="]
    assert complete(project, "statuspress", "new", "--component", "da") == [
        "dashboard=operational", "dashboard=degraded_performance", "dashboard=partial_outage",
        "dashboard=major_outage", "dashboard=under_maintenance"]
    assert complete(project, "statuspress", "new", "--component", "api=ma") == ["api=major_outage"]


@pytest.mark.skipif(not STATUSPRESS.exists(), reason="the statuspress script is not installed in this venv")
def test_completion_outside_a_project_offers_nothing_and_does_not_fail(tmp_path: Path) -> None:
    assert complete(tmp_path, "statuspress", "update", "") == []
    assert complete(tmp_path, "statuspress", "new", "--component", "a") == []


# -- short ids ---------------------------------------------------------------------------------------

@pytest.mark.parametrize(("title", "path"), [
    ("Elevated error rates on the public API for customers in the EU",
     "incidents/2026/2026-11-28-elevated-error-rates-public.yml"),
    ("Sign-in failures for SSO users", "incidents/2026/2026-11-28-sign-in-failures-sso-users.yml"),
    ("Pneumonoultramicroscopicsilicovolcanoconiosis of the database",
     "incidents/2026/2026-11-28-pneumonoultramicroscopicsilic.yml"),
])
def test_new_makes_ids_of_at_most_40_characters(project: Path, title: str, path: str) -> None:
    result = run("new", "--title", title, "--impact", "minor", "--message", "m", "--at", "2026-11-28T09:00:00Z")
    assert (result.code, result.stdout) == (0, path + "\n")
    assert len(Path(path).stem) <= 40
    assert (project / path).is_file()
