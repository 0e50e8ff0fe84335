"""new / update / resolve from the command line: exact bytes written, refusals that write nothing."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from generator import schema
from generator.cli import main
from generator.model import Audience

INCIDENT = "incidents/2026/2026-11-28-api-errors.yml"
MAINT = "incidents/2026/2026-12-05-db-upgrade.yml"

# Comments, 4-space indents with an offset dash, a flow map, quoted strings, a folded scalar,
# a trailing comment after the list and a review after it: all must survive byte for byte.
UNUSUAL = """\
# Incident file kept by hand.   Odd spacing is deliberate.
title:   "API errors: EU"     # quoted, with a trailing comment
kind: incident
impact: 'major'
components: { api: partial_outage,  dashboard: degraded_performance }
started_at: 2026-11-28T09:02:00+01:00
roles:
    incident_commander: Dana Whitfield
updates:
    -   at: 2026-11-28T08:15:00Z   # first public word
        status: investigating
        message: >
            We are investigating elevated error
            rates on the API.

    -   status: identified
        at: "2026-11-28T08:40:00Z"
        message: 'Rolling back a config push.'
        components: { api: major_outage }
    # internal note: keep updates short
review:
    summary: TBD
"""

UNUSUAL_ADDED = """\
    -   status: monitoring
        at: 2026-11-28T09:30:00Z
        message: |
            The rollback is complete.

            We are watching error rates.
        components: {api: degraded_performance}
"""


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def write(site: Path, rel: str, text: str, newline: str = "\n") -> Path:
    path = site / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.replace("\n", newline).encode("utf-8"))
    return path


# -- new ------------------------------------------------------------------------------------------

def test_new_incident_writes_the_file_and_prints_its_path(site: Path) -> None:
    code, out, err = run("new", "--title", "Elevated API errors", "--impact", "major",
                         "--component", "api=partial_outage", "--component", "auth=degraded_performance",
                         "--message", "We are investigating elevated error rates.",
                         "--at", "2026-11-28T09:15:00Z", "--started-at", "2026-11-28T09:02:00+00:00")
    assert (code, out, err) == (0, "incidents/2026/2026-11-28-elevated-api-errors.yml\n", """\
posted 09:15 UTC · Investigating · Elevated API errors
the status page will show, once published:
  Partial System Outage
  Elevated API errors — Investigating
    We are investigating elevated error rates.
  Public API: Partial outage
  Sign-in: Degraded performance
next update due by 09:45 UTC (every 30 min, the default for major impact)
""")
    assert (site / "incidents/2026/2026-11-28-elevated-api-errors.yml").read_text() == """\
# yaml-language-server: $schema=../../schema/incident.schema.json
title: Elevated API errors
kind: incident
impact: major
components:
  api: partial_outage
  auth: degraded_performance
started_at: 2026-11-28T09:02:00Z
updates:
  - at: 2026-11-28T09:15:00Z
    status: investigating
    message: We are investigating elevated error rates.
"""
    assert run("check", "--at", "2026-11-28T09:20:00Z")[0] == 0


def test_new_maintenance_with_window_multiline_message_and_slug(site: Path) -> None:
    code, out, err = run("new", "--kind", "maintenance", "--title", "Database upgrade: sign-in",
                         "--impact", "minor", "--component", "auth", "--slug", "db-upgrade",
                         "--start", "2026-12-05T06:00:00Z", "--end", "2026-12-05T07:30:00Z",
                         "--message", "We will upgrade the database.\n\nSign-in may fail briefly.",
                         "--at", "2026-11-28T10:00:00Z")
    assert (code, out, err) == (0, MAINT + "\n", """\
posted 10:00 UTC · Scheduled · Database upgrade: sign-in
the status page will show, once published:
  All Systems Operational
  Database upgrade: sign-in — scheduled for 5 Dec 2026, 06:00 UTC to 07:30 UTC
    We will upgrade the database.

    Sign-in may fail briefly.
  Sign-in: Operational, then under maintenance from 5 Dec 2026, 06:00 UTC
maintenance has no update cadence: post in_progress when the work starts, then statuspress resolve when it ends
""")
    assert (site / MAINT).read_text() == """\
# yaml-language-server: $schema=../../schema/incident.schema.json
title: 'Database upgrade: sign-in'
kind: maintenance
impact: minor
components:
  auth: under_maintenance
scheduled_start: 2026-12-05T06:00:00Z
scheduled_end: 2026-12-05T07:30:00Z
updates:
  - at: 2026-11-28T10:00:00Z
    status: scheduled
    message: |
      We will upgrade the database.

      Sign-in may fail briefly.
"""


def test_new_refuses_to_overwrite(site: Path) -> None:
    args = ("new", "--title", "API errors", "--impact", "minor", "--message", "Looking.",
            "--at", "2026-11-28T09:15:00Z")
    assert run(*args)[0] == 0
    path = site / INCIDENT
    before = path.read_bytes()
    code, out, err = run(*args[:-2], "--at", "2026-11-28T11:00:00Z")
    assert code == 1
    assert out.startswith(f"{INCIDENT}:1:1: error: file already exists")
    assert "nothing was written" in err
    assert path.read_bytes() == before


def test_new_with_unknown_component_writes_nothing(site: Path) -> None:
    code, out, _ = run("new", "--title", "API errors", "--impact", "minor",
                       "--component", "apii=major_outage", "--message", "Looking.",
                       "--at", "2026-11-28T09:15:00Z")
    assert code == 1
    assert out == (f"{INCIDENT}:6:3: error: unknown component 'apii' (did you mean 'api'?); "
                   "components are declared in mkdocs.yml [unknown-component]\n")
    assert not (site / "incidents/2026").exists() or not any((site / "incidents/2026").iterdir())


@pytest.mark.parametrize(("args", "missing"), [
    (("--impact", "minor", "--message", "m"), "--title"),
    (("--title", "t", "--message", "m"), "--impact"),
    (("--title", "t", "--impact", "minor"), "--message"),
    (("--kind", "maintenance", "--title", "t", "--impact", "minor", "--message", "m",
      "--end", "2026-12-05T07:30:00Z"), "--start"),
])
def test_new_without_a_terminal_never_prompts(site: Path, args: tuple[str, ...], missing: str) -> None:
    code, out, err = run("new", *args)
    assert code == 2
    assert f"Missing option '{missing}'" in err
    assert not list((site / "incidents").rglob("*.yml"))


def test_new_rejects_bad_values_as_usage_errors(site: Path) -> None:
    assert run("new", "--title", "t", "--impact", "huge", "--message", "m")[0] == 2
    base = ("new", "--title", "t", "--impact", "minor", "--message", "m")
    for extra in (("--component", "api=down"), ("--component", "api"), ("--status", "scheduled"),
                  ("--slug", "../x"), ("--at", "yesterday")):
        assert run(*base, *extra)[0] == 2, extra
    assert not list((site / "incidents").rglob("*.yml"))


# -- update: byte-for-byte round trips -------------------------------------------------------------

def test_update_keeps_an_unusual_file_byte_for_byte(site: Path) -> None:
    path = write(site, INCIDENT, UNUSUAL)
    code, out, err = run("update", "2026-11-28-api-errors", "--status", "monitoring",
                         "--message", "The rollback is complete.\n\nWe are watching error rates.",
                         "--component", "api=degraded_performance", "--at", "2026-11-28T10:30:00+01:00")
    assert (code, out) == (0, INCIDENT + "\n")
    assert err == f"""\
{INCIDENT}:28:1: warning: review of an incident that is not resolved yet [review-unresolved]
posted 09:30 UTC · Monitoring · API errors: EU
the status page will show, once published:
  Partial System Outage
  API errors: EU — Monitoring
    The rollback is complete.

    We are watching error rates.
  Public API: Degraded performance
  Web dashboard: Degraded performance
next update due by 10:00 UTC (every 30 min, the default for major impact)
"""
    head, tail = UNUSUAL.split("    # internal note")
    assert path.read_text() == head.removesuffix("\n") + "\n" + UNUSUAL_ADDED + "    # internal note" + tail


def test_update_keeps_crlf_line_endings(site: Path) -> None:
    path = write(site, INCIDENT, UNUSUAL, newline="\r\n")
    code, _, _ = run("update", INCIDENT, "--status", "monitoring",
                     "--message", "The rollback is complete.\n\nWe are watching error rates.",
                     "--component", "api=degraded_performance", "--at", "2026-11-28T09:30:00Z")
    assert code == 0
    head, tail = UNUSUAL.split("    # internal note")
    expected = head.removesuffix("\n") + "\n" + UNUSUAL_ADDED + "    # internal note" + tail
    assert path.read_bytes() == expected.replace("\n", "\r\n").encode()


INDENTLESS = """\
title: API errors
impact: minor
started_at: 2026-11-28T09:00:00Z
updates:
- at: 2026-11-28T09:10:00Z
  status: investigating
  message: |-
    Looking.
tags: [api]"""


def test_update_on_an_indentless_list_without_final_newline(site: Path) -> None:
    path = write(site, INCIDENT, INDENTLESS)
    assert run("update", "2026-11-28-api-errors", "--status", "identified",
               "--message", "Found it: a bad deploy.", "--at", "2026-11-28T09:40:00Z")[0] == 0
    head, tail = INDENTLESS.split("tags:")
    assert path.read_text() == (head + "- at: 2026-11-28T09:40:00Z\n  status: identified\n"
                                "  message: 'Found it: a bad deploy.'\ntags:" + tail)


def test_update_on_a_flow_list(site: Path) -> None:
    text = ("title: API errors\nimpact: minor\nstarted_at: 2026-11-28T09:00:00Z\n"
            "updates: [{at: 2026-11-28T09:10:00Z, status: investigating, message: Looking.}]  # short\n")
    path = write(site, INCIDENT, text)
    assert run("update", "2026-11-28-api-errors", "--status", "resolved", "--message", 'Fixed "it".',
               "--at", "2026-11-28T09:40:00Z")[0] == 0
    assert path.read_text() == text.replace(
        "Looking.}]", 'Looking.}, {at: 2026-11-28T09:40:00Z, status: resolved, message: "Fixed \\"it\\"."}]')


def test_update_on_every_example_incident_only_adds_lines(example_site: Path) -> None:
    for path in sorted((example_site / "incidents").rglob("*.yml")):
        before = path.read_text()
        status = "verifying" if "kind: maintenance" in before else "monitoring"
        code, out, _ = run("update", path.stem, "--status", status, "--message", "Still watching.",
                           "--at", "2026-12-31T23:00:00Z")
        after = path.read_text()
        if code == 0:
            assert _is_insertion(before.splitlines(), after.splitlines(), 3), path.name
        else:
            assert after == before, path.name
            assert ": error: " in out


def _is_insertion(old: list[str], new: list[str], count: int) -> bool:
    """new == old with `count` consecutive lines inserted somewhere."""
    if len(new) != len(old) + count:
        return False
    return any(new[:i] == old[:i] and new[i + count:] == old[i:] for i in range(len(old) + 1))


# -- refusals leave the file byte-identical --------------------------------------------------------

OPEN = """\
title: API errors   # keep me
impact: minor
components: {api: partial_outage}
started_at: 2026-11-28T09:00:00Z
updates:
  - at: 2026-11-28T09:10:00Z
    status: investigating
    message: Looking.
  - at: 2026-11-28T09:40:00Z
    status: identified
    message: Found it.
"""


@pytest.mark.parametrize(("args", "expected"), [
    (("--status", "monitoring", "--message", "m", "--component", "apii=major_outage",
      "--at", "2026-11-28T10:00:00Z"),
     f"{INCIDENT}:15:18: error: unknown component 'apii' (did you mean 'api'?); "
     "components are declared in mkdocs.yml [unknown-component]\n"),
    # --at is the time it is: what the file holds after it is in the future (issue 10), and says so.
    (("--status", "monitoring", "--message", "m", "--at", "2026-11-28T09:30:00Z"),
     f"{INCIDENT}:9:9: warning: at '2026-11-28T09:40:00Z' is 10 min after the build time (2026-11-28T09:30:00Z); "
     "the site leaves it out until a build after then [clock-skew]\n"
     f"{INCIDENT}:12:9: error: update at 2026-11-28T09:30:00Z is before the previous update "
     "(2026-11-28T09:40:00Z); updates are listed oldest first [update-order]\n"),
    (("--status", "monitoring", "--message", "m", "--at", "2026-11-28T08:30:00Z"),
     "".join(f"{INCIDENT}:{line}: error: {name} '2026-11-28T{time}Z' is {span} after the build time "
             "(2026-11-28T08:30:00Z); it records something that happened, so it cannot be in the future: check "
             "the date [future-time]\n" for line, name, time, span in (("4:13", "started_at", "09:00:00", "30 min"),
                                                      ("6:9", "at", "09:10:00", "40 min"),
                                                      ("9:9", "at", "09:40:00", "1 h 10 min"))) +
     f"{INCIDENT}:12:9: error: update at 2026-11-28T08:30:00Z is before the previous update "
     "(2026-11-28T09:40:00Z); updates are listed oldest first [update-order]\n"
     f"{INCIDENT}:12:9: error: update at 2026-11-28T08:30:00Z is before started_at (2026-11-28T09:00:00Z) "
     f"[update-order]\n"),
])
def test_refused_update_leaves_the_file_untouched(site: Path, args: tuple[str, ...], expected: str) -> None:
    path = write(site, INCIDENT, OPEN)
    code, out, err = run("update", "2026-11-28-api-errors", *args)
    assert (code, out) == (1, expected)
    assert err == "the edit was refused; nothing was written\n"
    assert path.read_bytes() == OPEN.encode()
    assert [p.name for p in path.parent.iterdir()] == [path.name]  # no temp file left behind


def test_resolved_incident_takes_no_update_and_no_second_resolve(site: Path) -> None:
    path = write(site, INCIDENT, OPEN)
    assert run("resolve", "2026-11-28-api-errors", "--at", "2026-11-28T10:00:00Z") == (0, INCIDENT + "\n", """\
posted 10:00 UTC · Resolved · API errors
the status page will show, once published:
  All Systems Operational
  API errors — Resolved after 1 h
    This incident has been resolved.
  Public API: Operational
no further updates are due: the incident is resolved
""")
    resolved = path.read_bytes()
    assert resolved == (OPEN + "  - at: 2026-11-28T10:00:00Z\n    status: resolved\n"
                        "    message: This incident has been resolved.\n").encode()
    for args in (("update", "2026-11-28-api-errors", "--status", "monitoring", "--message", "m"),
                 ("resolve", "2026-11-28-api-errors")):
        code, out, _ = run(*args, "--at", "2026-11-28T11:00:00Z")
        assert code == 1
        assert out == (f"{INCIDENT}:12:5: error: this incident was resolved by the update at line 12; it "
                       "takes no further updates (to fix a published update, edit it and add 'corrected:') "
                       "[edit-refused]\n")
        assert path.read_bytes() == resolved


def test_invalid_file_is_not_edited(site: Path) -> None:
    broken = OPEN.replace("impact: minor", "impact: minor\nimpact: major")
    path = write(site, INCIDENT, broken)
    code, out, _ = run("update", "2026-11-28-api-errors", "--status", "monitoring", "--message", "m",
                       "--at", "2026-11-28T10:00:00Z")
    assert code == 1
    assert out.startswith(f"{INCIDENT}:3:1: error: duplicate key 'impact'")
    assert path.read_bytes() == broken.encode()


def test_update_of_an_unknown_id_is_a_usage_error(site: Path) -> None:
    code, _, err = run("update", "2026-11-28-nope", "--status", "monitoring", "--message", "m")
    assert code == 2
    assert "no incident '2026-11-28-nope'" in err
    assert run("update", "../../etc/passwd", "--status", "monitoring", "--message", "m")[0] == 2


def test_update_without_a_terminal_never_prompts(site: Path) -> None:
    path = write(site, INCIDENT, OPEN)
    code, _, err = run("update", "2026-11-28-api-errors", "--message", "m")
    assert code == 2 and "Missing option '--status'" in err
    code, _, err = run("update", "2026-11-28-api-errors", "--status", "monitoring")
    assert code == 2 and "Missing option '--message'" in err
    assert run("update", "2026-11-28-api-errors", "--status", "completed", "--message", "m")[0] == 2
    assert path.read_bytes() == OPEN.encode()


def test_resolve_completes_a_maintenance_window(site: Path) -> None:
    text = """\
title: DB upgrade
kind: maintenance
impact: minor
components: {auth: under_maintenance}
scheduled_start: 2026-12-05T06:00:00Z
scheduled_end: 2026-12-05T07:30:00Z
updates:
  - at: 2026-11-28T10:00:00Z
    status: scheduled
    message: Planned.
"""
    path = write(site, MAINT, text)
    assert run("update", "2026-12-05-db-upgrade", "--status", "in_progress", "--message", "Started.",
               "--at", "2026-12-05T06:00:00Z")[0] == 0
    assert run("resolve", "2026-12-05-db-upgrade", "--message", "All done.",
               "--at", "2026-12-05T07:10:00Z")[0] == 0
    assert path.read_text() == text + (
        "  - at: 2026-12-05T06:00:00Z\n    status: in_progress\n    message: Started.\n"
        "  - at: 2026-12-05T07:10:00Z\n    status: completed\n    message: All done.\n")


# -- the clock ------------------------------------------------------------------------------------

def test_time_comes_from_at_then_source_date_epoch(site: Path) -> None:
    path = write(site, INCIDENT, OPEN)
    epoch = int(datetime(2026, 11, 28, 10, 0, tzinfo=UTC).timestamp())
    code, _, _ = run("update", "2026-11-28-api-errors", "--status", "monitoring", "--message", "m",
                     env={"SOURCE_DATE_EPOCH": str(epoch)})
    assert code == 0
    assert path.read_text().endswith("  - at: 2026-11-28T10:00:00Z\n    status: monitoring\n    message: m\n")
    code, _, _ = run("update", "2026-11-28-api-errors", "--status", "monitoring", "--message", "n",
                     "--at", "2026-11-28T11:30:00+01:00", env={"SOURCE_DATE_EPOCH": "1"})
    assert code == 0
    assert path.read_text().endswith("  - at: 2026-11-28T10:30:00Z\n    status: monitoring\n    message: n\n")
    code, _, err = run("update", "2026-11-28-api-errors", "--status", "monitoring", "--message", "o",
                       "--at", "2026-11-28T12:00:00")
    assert code == 2 and "no UTC offset" in err


def test_wall_clock_is_the_default(site: Path) -> None:
    before = datetime.now(UTC).replace(microsecond=0)
    code, out, _ = run("new", "--title", "Now", "--impact", "none", "--message", "m")
    after = datetime.now(UTC)
    assert code == 0
    text = (site / out.strip()).read_text()
    stamp = text.split("  - at: ")[1].split("\n")[0]
    assert before <= datetime.fromisoformat(stamp) <= after
    assert out.strip().endswith(f"{stamp[:10]}-now.yml")



# -- the values offered ---------------------------------------------------------------------------

def test_the_commands_offer_exactly_the_values_schema_py_declares() -> None:
    """cli.py declares no enum of its own: every choice it offers for a field is that field's in schema.py."""
    fields = {f.name: f.type for f in schema.INCIDENT_FIELDS}
    options = {p.name: p.type for p in main.commands["new"].params}
    for name in ("kind", "impact", "urgency"):
        offered, declared = options[name], fields[name]
        assert isinstance(offered, click.Choice) and isinstance(declared, schema.Enum)
        assert tuple(offered.choices) == declared.values, name
    audience = next(p.type for p in main.commands["build"].params if p.name == "audience")
    assert isinstance(audience, click.Choice) and tuple(audience.choices) == tuple(a.value for a in Audience)


@pytest.mark.parametrize("kind", ["incident", "maintenance"])
def test_update_takes_the_statuses_schema_py_declares_for_the_kind(site: Path, kind: str) -> None:
    status = next(f.type for f in schema.UPDATE_FIELDS if f.name == "status")
    assert isinstance(status, schema.StatusByKind)
    other = next(s for k, values in status.values.items() if k != kind for s in values)
    head = ("title: DB upgrade\nkind: maintenance\nimpact: minor\nscheduled_start: 2026-12-05T06:00:00Z\n"
            "scheduled_end: 2026-12-05T07:30:00Z\n") if kind == "maintenance" else \
        "title: API errors\nimpact: minor\nstarted_at: 2026-11-28T09:00:00Z\n"
    write(site, "incidents/2026/2026-11-28-x.yml" if kind == "incident" else "incidents/2026/2026-12-05-x.yml",
          head + "updates:\n  - at: 2026-11-28T10:00:00Z\n    status: " + status.values[kind][0] +
          "\n    message: First.\n")
    ident = "2026-11-28-x" if kind == "incident" else "2026-12-05-x"
    code, _, err = run("update", ident, "--status", other, "--message", "Next.", "--at", "2026-11-28T11:00:00Z")
    assert code == 2
    assert f"'{other}' is not one of {', '.join(status.values[kind])} for kind: {kind}" in " ".join(err.split())
