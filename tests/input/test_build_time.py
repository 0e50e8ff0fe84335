"""Issue 10, item 9: every bad --at or SOURCE_DATE_EPOCH is a usage error (exit 2), never a traceback.

Supported build times: 1970-01-01T00:00:00Z to 2099-12-31T23:59:59Z (generator/clock.py says why).
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from cli_helpers import GOOD_INCIDENT, Run, TmpProject, statuspress

RANGE = "outside the supported build times 1970-01-01T00:00:00Z to 2099-12-31T23:59:59Z"
ID = "2026-11-26-api-errors"
# Every command that takes --at, with the arguments it needs besides it.
COMMANDS = {
    "check": (), "build": (), "export": (), "audit": (), "summary": (),
    "new": ("--title", "API errors", "--impact", "minor", "--message", "Looking."),
    "update": (ID, "--status", "monitoring", "--message", "Watching."),
    "resolve": (ID,), "review": (ID,),
}
BAD_AT = {
    "year 1": ("0001-01-01T00:00:00Z", f"--at '0001-01-01T00:00:00Z' is {RANGE}"),
    "year 9999": ("9999-12-31T23:59:59Z", f"--at '9999-12-31T23:59:59Z' is {RANGE}"),
    "before 1970": ("1969-12-31T23:59:59Z", f"--at '1969-12-31T23:59:59Z' is {RANGE}"),
    "after 2099": ("2100-01-01T00:00:00Z", f"--at '2100-01-01T00:00:00Z' is {RANGE}"),
    "1900": ("1900-01-01T00:00:00Z", f"--at '1900-01-01T00:00:00Z' is {RANGE}"),
    "overflow": ("9999-12-31T23:59:59-01:00", "time is out of range: '9999-12-31T23:59:59-01:00'"),
    "words": ("soon", "not an ISO 8601 time: 'soon' (example: 2026-11-26T09:40:00Z)"),
}
BAD_EPOCH = {
    "-1": "SOURCE_DATE_EPOCH -1 (1969-12-31T23:59:59Z) is " + RANGE,
    "253402300799": "SOURCE_DATE_EPOCH 253402300799 (9999-12-31T23:59:59Z) is " + RANGE,
    "4102444800": "SOURCE_DATE_EPOCH 4102444800 (2100-01-01T00:00:00Z) is " + RANGE,
    "1e9": "SOURCE_DATE_EPOCH is not a number of seconds: '1e9'",
    "-99999999999999": "SOURCE_DATE_EPOCH is not a number of seconds: '-99999999999999'",
}


def usage(command: str) -> str:
    argument = {"update": " [ID]", "resolve": " [ID]", "review": " ID"}.get(command, "")
    return f"Usage: statuspress {command} [OPTIONS]{argument}\n" \
           f"Try 'statuspress {command} --help' for help.\n\n"


@pytest.fixture
def project(tmp_project: TmpProject) -> TmpProject:
    tmp_project.write(f"incidents/2026/{ID}.yml", GOOD_INCIDENT.replace(
        "  - at: 2026-11-26T10:30:00Z\n    status: resolved\n    message: Error rates are back to normal.\n", ""))
    return tmp_project


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("case", BAD_AT, ids=list(BAD_AT))
def test_bad_at_is_a_usage_error_for_every_command(project: TmpProject, command: str, case: str) -> None:
    at, message = BAD_AT[case]
    before = sorted(project.root.rglob("*"))
    run = statuspress(project.root, command, "--at", at, *COMMANDS[command])
    assert run == Run(2, "", usage(command) + f"Error: {message}\n")
    assert sorted(project.root.rglob("*")) == before


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("epoch", BAD_EPOCH)
def test_bad_source_date_epoch_is_a_usage_error_for_every_command(project: TmpProject, command: str,
                                                                 epoch: str) -> None:
    run = statuspress(project.root, command, *COMMANDS[command], env={"SOURCE_DATE_EPOCH": epoch})
    assert run == Run(2, "", usage(command) + f"Error: {BAD_EPOCH[epoch]}\n")


def test_a_real_process_prints_no_traceback(project: TmpProject) -> None:
    run = statuspress(project.root, "build", "--at", "0001-01-01T00:00:00Z", real_process=True)
    assert (run.code, run.stdout) == (2, "")
    assert run.stderr.splitlines()[-1] == f"Error: --at '0001-01-01T00:00:00Z' is {RANGE}"
    assert "Traceback" not in run.stderr


def test_the_first_and_last_supported_build_times_build(site_project: TmpProject) -> None:
    """The edges of the range build for real (mkdocs' gzip sitemap is the tightest limit past 2099)."""
    assert statuspress(site_project.root, "build", "--at", "1970-01-01T00:00:00Z").code == 0
    site_project.write(f"incidents/2026/{ID}.yml", GOOD_INCIDENT)
    run = statuspress(site_project.root, "build", "--at", "2099-12-31T23:59:59Z")
    assert run.code == 0, run.stderr
    assert (site_project.root / "site" / "index.html").is_file()


@pytest.mark.parametrize("epoch", ["abc", "-1", "99999999999"])
def test_plain_mkdocs_build_with_a_bad_source_date_epoch(site_project: TmpProject, epoch: str) -> None:
    """The plugin reads the clock too: a bad value stops `mkdocs build` with its message, no traceback."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": epoch, "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q"], cwd=site_project.root, env=env,
                          capture_output=True, text=True, check=False)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert "SOURCE_DATE_EPOCH" in done.stderr and BAD_EPOCH.get(epoch, "SOURCE_DATE_EPOCH") in done.stderr
