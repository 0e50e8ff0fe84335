"""Interactive mode under a real pseudo-terminal: prompts with the valid choices, re-asking on bad input."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.terminal import Terminal

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")


def test_new_prompts_for_everything_missing(site: Path) -> None:
    term = Terminal(["new", "--at", "2026-11-28T09:15:00Z"], site)
    term.expect("Title: ")
    term.send("Sign-in failures for SSO users")
    term.expect("Impact (none, minor, major, critical): ")
    term.send("huge")
    term.expect("Error: 'huge' is not one of")
    term.expect("Impact (none, minor, major, critical): ")
    term.send("major")
    term.expect("Affected components (api, dashboard, auth; comma-separated, empty for none): ")
    term.send("auht")
    term.expect("Error: unknown component 'auht'")
    term.send("auth, api")
    term.expect("Status of auth (operational, degraded_performance, partial_outage, major_outage, "
                "under_maintenance) [partial_outage]: ")
    term.send("major_outage")
    term.expect("Status of api")
    term.send("")
    term.expect("First update (what subscribers read; empty: write it in your editor): ")
    term.send("Some customers cannot sign in with SSO. We are investigating.")
    term.expect("incidents/2026/2026-11-28-sign-in-failures-sso-users.yml")
    assert term.finish() == 0
    assert (site / "incidents/2026/2026-11-28-sign-in-failures-sso-users.yml").read_text() == """\
# yaml-language-server: $schema=../../schema/incident.schema.json
title: Sign-in failures for SSO users
kind: incident
impact: major
components:
  auth: major_outage
  api: partial_outage
started_at: 2026-11-28T09:15:00Z
updates:
  - at: 2026-11-28T09:15:00Z
    status: investigating
    message: Some customers cannot sign in with SSO. We are investigating.
"""


def test_new_maintenance_prompts_for_the_window(site: Path) -> None:
    term = Terminal(["new", "--kind", "maintenance", "--title", "Database upgrade", "--impact", "minor",
                     "--component", "auth", "--message", "Planned.", "--at", "2026-11-28T09:15:00Z"], site)
    term.expect("Planned start (e.g. 2026-12-05T06:00:00Z): ")
    term.send("2026-12-05 06:00")
    term.expect("Error: time has no UTC offset")
    term.send("2026-12-05T06:00:00Z")
    term.expect("Planned end: ")
    term.send("2026-12-05T08:30:00+01:00")
    term.expect("incidents/2026/2026-12-05-database-upgrade.yml")
    assert term.finish() == 0
    text = (site / "incidents/2026/2026-12-05-database-upgrade.yml").read_text()
    assert "scheduled_start: 2026-12-05T06:00:00Z\nscheduled_end: 2026-12-05T07:30:00Z\n" in text


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


def test_update_and_resolve_prompt_with_the_choices_for_the_kind(site: Path) -> None:
    path = site / "incidents/2026/2026-11-28-api-errors.yml"
    path.parent.mkdir(parents=True)
    path.write_text(OPEN)
    term = Terminal(["update", "2026-11-28-api-errors", "--at", "2026-11-28T09:40:00Z"], site)
    term.expect("Status (investigating, identified, monitoring, resolved): ")
    term.send("scheduled")
    term.expect("Error: 'scheduled' is not one of")
    term.send("identified")
    term.expect("Message (what subscribers read; empty: write it in your editor): ")
    term.send("A bad deploy; rolling back.")
    term.expect("Now: api partial_outage")
    term.expect("Change component statuses? (api, dashboard, auth; comma-separated, empty for none): ")
    term.send("api")
    term.expect("Status of api (operational, degraded_performance, partial_outage, major_outage, "
                "under_maintenance) [partial_outage]: ")
    term.send("major_outage")
    term.expect("incidents/2026/2026-11-28-api-errors.yml")
    assert term.finish() == 0

    term = Terminal(["resolve", "2026-11-28-api-errors", "--at", "2026-11-28T10:05:00Z"], site)
    term.expect("Closing message [This incident has been resolved.]: ")
    term.send("")
    assert term.finish() == 0
    assert path.read_text() == OPEN + """\
  - at: 2026-11-28T09:40:00Z
    status: identified
    message: A bad deploy; rolling back.
    components: {api: major_outage}
  - at: 2026-11-28T10:05:00Z
    status: resolved
    message: This incident has been resolved.
"""


def test_piped_stdin_never_prompts(site: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "generator.cli", "new", "--title", "t"], cwd=site,
                            input="minor\nm\n", capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert "Missing option '--impact'" in result.stderr
    assert "Impact" not in result.stdout
