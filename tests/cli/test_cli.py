"""`statuspress check` as a command: exit codes, --strict, output formats, the summary line, the clock.

Each test compares (exit code, stdout, stderr) of a real `python -m generator.cli` process.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from cli_helpers import AT, REPO_ROOT, Run, TmpProject, statuspress

F = "incidents/2026/2026-11-28-event-delays.yml"
GOOD = """\
title: Elevated error rates on the public API
impact: major
started_at: 2026-11-26T09:02:00Z
updates:
  - at: 2026-11-26T09:15:00Z
    status: resolved
    message: Error rates are back to normal.
"""
# Open, major (a public update is promised every 30 min), last update at 10:00 UTC.
OPEN = """\
title: Delayed event processing
impact: major
components:
  ingest: degraded_performance
started_at: 2026-11-28T09:40:00Z
updates:
  - at: 2026-11-28T09:50:00Z
    status: investigating
    message: Events are arriving in reports with a delay.
  - at: 2026-11-28T10:00:00Z
    status: identified
    message: A queue consumer is stuck; we are restarting it.
"""
# One error (line 2) and, since the file has errors, no time-dependent advice.
BAD = GOOD.replace("impact: major", "impact: 50%")
BAD_LINE = ("incidents/2026/2026-11-26-api-errors.yml:2:9: error: impact '50%' is not one of none, minor, "
            "major, critical [field-value]")
OVERDUE = f"{F}:10:9: warning: next public update is 90 min overdue (promised every 30 min) [update-overdue]"
USAGE = "Usage: statuspress check [OPTIONS]\nTry 'statuspress check --help' for help.\n\n"


def epoch(text: str) -> str:
    return str(int(datetime.fromisoformat(text).timestamp()))


# -- exit codes ----------------------------------------------------------------------------------------------


def test_clean_project_exits_0_silently(tmp_project: TmpProject) -> None:
    tmp_project.write("incidents/2026/2026-11-26-api-errors.yml", GOOD)
    assert tmp_project.check() == Run(0, "", "checked 1 file: no problems\n")


def test_project_without_incidents_is_clean(tmp_project: TmpProject) -> None:
    assert tmp_project.check() == Run(0, "", "checked 0 files: no problems\n")


def test_errors_exit_1(tmp_project: TmpProject) -> None:
    tmp_project.write("incidents/2026/2026-11-26-api-errors.yml", BAD)
    assert tmp_project.check() == Run(1, BAD_LINE + "\n", "checked 1 file: 1 error, 0 warnings\n")


def test_check_writes_nothing(tmp_project: TmpProject) -> None:
    tmp_project.write("incidents/2026/2026-11-26-api-errors.yml", BAD)
    before = sorted(p.relative_to(tmp_project.root) for p in tmp_project.root.rglob("*"))
    assert tmp_project.check().code == 1
    assert tmp_project.check("--format", "json").code == 1
    assert sorted(p.relative_to(tmp_project.root) for p in tmp_project.root.rglob("*")) == before


def test_unknown_option_is_a_usage_error(tmp_project: TmpProject) -> None:
    assert tmp_project.check("--nope") == Run(2, "", USAGE + "Error: No such option '--nope'.\n")


@pytest.mark.parametrize(("at", "message"), [
    ("tomorrow", "not an ISO 8601 time: 'tomorrow' (example: 2026-11-26T09:40:00Z)"),
    ("2026-11-28T12:00:00", "time has no UTC offset: '2026-11-28T12:00:00' (add Z or +01:00)"),
    ("9999-12-31T23:59:59-01:00", "time is out of range: '9999-12-31T23:59:59-01:00'"),
], ids=["words", "naive", "overflow"])
def test_bad_at_is_a_usage_error(tmp_project: TmpProject, at: str, message: str) -> None:
    assert tmp_project.check(at=at) == Run(2, "", USAGE + f"Error: {message}\n")


@pytest.mark.parametrize("value", ["yesterday", "99999999999999"])
def test_bad_source_date_epoch_is_a_usage_error(tmp_project: TmpProject, value: str) -> None:
    run = tmp_project.check(at=None, env={"SOURCE_DATE_EPOCH": value})
    assert run == Run(2, "", USAGE + f"Error: SOURCE_DATE_EPOCH is not a number of seconds: {value!r}\n")


def test_bad_format_is_a_usage_error(tmp_project: TmpProject) -> None:
    assert tmp_project.check("--format", "xml") == Run(
        2, "", USAGE + "Error: Invalid value for '--format': 'xml' is not one of 'text', 'github', 'json'.\n")


def test_missing_mkdocs_yml_is_a_usage_error(tmp_path: Path) -> None:
    run = statuspress(tmp_path, "check", "--at", AT)
    assert run == Run(2, "", USAGE + "Error: no site config at mkdocs.yml; run statuspress in the folder "
                                     "holding mkdocs.yml or pass --config-file\n")


def test_exit_codes_of_a_real_process(tmp_project: TmpProject) -> None:
    """The same contract outside click's test runner: 0 clean, 1 bad input, 2 usage."""
    usage = ("Usage: python -m generator.cli check [OPTIONS]\n"
             "Try 'python -m generator.cli check --help' for help.\n\n")
    assert tmp_project.check(real_process=True) == Run(0, "", "checked 0 files: no problems\n")
    assert tmp_project.check("--nope", real_process=True) == Run(
        2, "", usage + "Error: No such option '--nope'.\n")
    tmp_project.write("incidents/2026/2026-11-26-api-errors.yml", BAD)
    assert tmp_project.check(real_process=True) == Run(
        1, BAD_LINE + "\n", "checked 1 file: 1 error, 0 warnings\n")


def test_config_file_option_from_inside_the_year_folder(tmp_project: TmpProject) -> None:
    """Paths are shown relative to where you stand; the year folder check uses the real path."""
    tmp_project.write("incidents/2026/2026-11-26-api-errors.yml", BAD)
    run = tmp_project.check("-f", "../../mkdocs.yml", cwd=tmp_project.root / "incidents" / "2026")
    assert run == Run(1, BAD_LINE.removeprefix("incidents/2026/") + "\n",
                      "checked 1 file: 1 error, 0 warnings\n")


# -- --strict and time-dependent warnings --------------------------------------------------------------------


def test_overdue_update_is_a_warning_that_strict_turns_into_exit_1(tmp_project: TmpProject) -> None:
    tmp_project.write(F, OPEN)
    assert tmp_project.check() == Run(0, OVERDUE + "\n", "checked 1 file: 0 errors, 1 warning\n")
    assert tmp_project.check("--strict") == Run(1, OVERDUE + "\n", "checked 1 file: 0 errors, 1 warning\n")


def test_not_overdue_yet(tmp_project: TmpProject) -> None:
    tmp_project.write(F, OPEN)
    assert tmp_project.check("--strict", at="2026-11-28T10:30:00Z") == Run(
        0, "", "checked 1 file: no problems\n")
    assert tmp_project.check("--strict", at="2026-11-28T10:31:00Z") == Run(
        1, f"{F}:10:9: warning: next public update is 1 min overdue (promised every 30 min) [update-overdue]\n",
        "checked 1 file: 0 errors, 1 warning\n")


def test_promised_cadence_comes_from_update_every(tmp_project: TmpProject) -> None:
    tmp_project.write(F, OPEN.replace("impact: major\n", "impact: major\nupdate_every: 1h30m\n"))
    assert tmp_project.check() == Run(
        0, f"{F}:11:9: warning: next public update is 30 min overdue (promised every 90 min) [update-overdue]\n",
        "checked 1 file: 0 errors, 1 warning\n")


def test_incident_with_no_updates_is_a_warning(tmp_project: TmpProject) -> None:
    tmp_project.write(F, OPEN.split("updates:")[0])
    warning = f"{F}:1:8: warning: no updates yet: subscribers see nothing until the first update [no-updates]\n"
    assert tmp_project.check() == Run(0, warning, "checked 1 file: 0 errors, 1 warning\n")
    assert tmp_project.check("--strict") == Run(1, warning, "checked 1 file: 0 errors, 1 warning\n")


def test_maintenance_left_open_after_its_window_is_a_warning(tmp_project: TmpProject) -> None:
    path = "incidents/2026/2026-11-27-database-upgrade.yml"
    tmp_project.write(path, """\
title: Database upgrade
kind: maintenance
components: {auth: under_maintenance}
scheduled_start: 2026-11-27T02:00:00Z
scheduled_end: 2026-11-27T04:00:00Z
updates:
  - at: 2026-11-27T02:00:00Z
    status: in_progress
    message: The upgrade has started.
""")
    assert tmp_project.check("--strict") == Run(
        1, f"{path}:7:9: warning: the maintenance window has ended but is not marked completed; post a "
           "'completed' update [window-open]\n",
        "checked 1 file: 0 errors, 1 warning\n")


def test_files_with_errors_get_no_time_dependent_advice(tmp_project: TmpProject) -> None:
    tmp_project.write(F, OPEN.replace("impact: major", "impact: majr"))
    assert tmp_project.check("--strict") == Run(
        1, f"{F}:2:9: error: impact 'majr' is not one of none, minor, major, critical (did you mean "
           "'major'?) [field-value]\n",
        "checked 1 file: 1 error, 0 warnings\n")


# -- the clock: --at > SOURCE_DATE_EPOCH > wall clock --------------------------------------------------------


def test_source_date_epoch_sets_the_time(tmp_project: TmpProject) -> None:
    tmp_project.write(F, OPEN)
    run = tmp_project.check(at=None, env={"SOURCE_DATE_EPOCH": epoch("2026-11-28T11:00:00+00:00")})
    assert run == Run(0, f"{F}:10:9: warning: next public update is 30 min overdue (promised every 30 min) "
                         f"[update-overdue]\n",
                      "checked 1 file: 0 errors, 1 warning\n")


def test_at_wins_over_source_date_epoch(tmp_project: TmpProject) -> None:
    tmp_project.write(F, OPEN)
    run = tmp_project.check(env={"SOURCE_DATE_EPOCH": epoch("2026-11-28T11:00:00+00:00")})
    assert run == Run(0, OVERDUE + "\n", "checked 1 file: 0 errors, 1 warning\n")


def test_at_with_an_offset_is_the_same_instant(tmp_project: TmpProject) -> None:
    tmp_project.write(F, OPEN)
    assert tmp_project.check(at="2026-11-28T13:00:00+01:00") == Run(0, OVERDUE + "\n",
                                                                      "checked 1 file: 0 errors, 1 warning\n")


def test_without_at_or_epoch_the_wall_clock_is_used(tmp_project: TmpProject) -> None:
    """An open incident (impact none: an update every 4 h promised) last updated 5 h ago by the wall clock."""
    last = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=5)
    stamp = last.strftime("%Y-%m-%dT%H:%M:%SZ")
    path = f"incidents/{last:%Y}/{last:%Y-%m-%d}-now.yml"
    tmp_project.write(path, f"title: Now\nimpact: none\nstarted_at: {stamp}\nupdates:\n"
                            f"  - at: {stamp}\n    status: investigating\n    message: Looking.\n")
    assert tmp_project.check(at=None) == Run(
        0, f"{path}:5:9: warning: next public update is 60 min overdue (promised every 240 min) [update-overdue]\n",
        "checked 1 file: 0 errors, 1 warning\n")


# -- output formats ------------------------------------------------------------------------------------------


def test_summary_counts_files_errors_and_warnings(tmp_project: TmpProject) -> None:
    tmp_project.write("incidents/2026/2026-11-26-api-errors.yml", BAD)
    tmp_project.write("incidents/2026/2026-11-26-other.yml", GOOD.replace("title: Elevated", "title: Other"))
    tmp_project.write(F, OPEN)
    run = tmp_project.check()
    # advice is per file: the open incident has no errors of its own, so it still gets its warning
    assert run == Run(1, f"{BAD_LINE}\n{OVERDUE}\n", "checked 3 files: 1 error, 1 warning\n")


def test_format_github(tmp_project: TmpProject) -> None:
    tmp_project.write("incidents/2026/2026-11-26-api-errors.yml", BAD)
    tmp_project.write(F, OPEN)
    run = tmp_project.check("--format", "github")
    assert run == Run(1, (
        "::error file=incidents/2026/2026-11-26-api-errors.yml,line=2,col=9::impact '50%25' is not one of "
        "none, minor, major, critical [field-value]\n"
        f"::warning file={F},line=10,col=9::next public update is 90 min overdue (promised every 30 min) "
        f"[update-overdue]\n"
    ), "checked 2 files: 1 error, 1 warning\n")


def test_format_github_escapes_the_file_property(tmp_project: TmpProject) -> None:
    path = "incidents/2026/2026-11-26-a,b:c.yml"
    tmp_project.write(path, GOOD)
    run = tmp_project.check("--format", "github")
    assert run.code == 1
    assert run.stdout == ("::error file=incidents/2026/2026-11-26-a%2Cb%3Ac.yml,line=1,col=1::file name "
                          "'2026-11-26-a,b:c' is not a safe incident id: name it YYYY-MM-DD-slug.yml with "
                          "lowercase letters, digits and hyphens (at most 100) [incident-id]\n")


def test_format_json(tmp_project: TmpProject) -> None:
    tmp_project.write("incidents/2026/2026-11-26-api-errors.yml", BAD)
    tmp_project.write(F, OPEN)
    run = tmp_project.check("--format", "json")
    assert (run.code, run.stderr) == (1, "checked 2 files: 1 error, 1 warning\n")
    assert json.loads(run.stdout) == [
        {"path": "incidents/2026/2026-11-26-api-errors.yml", "line": 2, "col": 9, "severity": "error",
         "message": "impact '50%' is not one of none, minor, major, critical", "rule": "field-value"},
        {"path": F, "line": 10, "col": 9, "severity": "warning",
         "message": "next public update is 90 min overdue (promised every 30 min)", "rule": "update-overdue"},
    ]


def test_format_json_when_clean_is_an_empty_list(tmp_project: TmpProject) -> None:
    tmp_project.write(F, OPEN)
    assert tmp_project.check("--format", "json", at="2026-11-28T10:00:00Z") == Run(
        0, "[]\n", "checked 1 file: no problems\n")


# -- across files and in mkdocs.yml --------------------------------------------------------------------------


def test_the_same_id_in_two_year_folders(tmp_project: TmpProject) -> None:
    tmp_project.write("incidents/2025/2026-11-26-api-errors.yml", GOOD)
    tmp_project.write("incidents/2026/2026-11-26-api-errors.yml", GOOD)
    run = tmp_project.check()
    assert run == Run(1, (
        "incidents/2025/2026-11-26-api-errors.yml:1:1: error: file is in folder '2025' but its name starts "
        "with 2026; move it to incidents/2026/ [id-folder]\n"
        "incidents/2026/2026-11-26-api-errors.yml:1:1: error: incident id '2026-11-26-api-errors' is already "
        "used by incidents/2025/2026-11-26-api-errors.yml [duplicate-id]\n"
    ), "checked 2 files: 2 errors, 0 warnings\n")


def test_problems_in_mkdocs_yml(tmp_project: TmpProject) -> None:
    tmp_project.write("mkdocs.yml", """\
site_name: Test status
plugins:
  - search
  - statuspress:
      incident_dir: incidents
      components:
        - id: api
          name: API
        - id: api
          name: Second API
        - id: Bad Id
          name: Bad
        - id: web
          nam: Web
""")
    tmp_project.write("incidents/2026/2026-11-26-api-errors.yml", GOOD)
    assert tmp_project.check() == Run(1, (
        "mkdocs.yml:5:7: error: unknown field 'incident_dir' in the statuspress plugin (did you mean "
        "'incidents_dir'?) [unknown-field]\n"
        "mkdocs.yml:9:11: error: component id 'api' is declared twice [config]\n"
        "mkdocs.yml:11:15: error: id 'Bad Id' is not a safe id: use lowercase letters, digits and hyphens, "
        "starting with a letter or digit (at most 64) [field-value]\n"
        "mkdocs.yml:13:11: error: missing required field 'name' in components[4] [required-field]\n"
        "mkdocs.yml:14:11: error: unknown field 'nam' in components[4] (did you mean 'name'?) [unknown-field]\n"
    ), "checked 1 file: 5 errors, 0 warnings\n")


@pytest.mark.parametrize(("config", "line"), [
    ("site_name: x\nplugins:\n  - search\n",
     "mkdocs.yml:3:3: error: mkdocs.yml does not enable the 'statuspress' plugin; add '- statuspress' under "
     "plugins [config]"),
    ("site_name: x\n", "mkdocs.yml:1:1: error: mkdocs.yml does not enable the 'statuspress' plugin; add "
                       "'- statuspress' under plugins [config]"),
    ("- a list\n", "mkdocs.yml:1:1: error: mkdocs.yml must be a map of settings [config]"),
    ('site_name: "x\n', "mkdocs.yml:1:12: error: unclosed quote: the value that starts with \" here is never "
                        "closed; end it with \" on the same line [yaml-syntax]"),
], ids=["no-plugin", "no-plugins", "list", "syntax"])
def test_unusable_mkdocs_yml(tmp_project: TmpProject, config: str, line: str) -> None:
    tmp_project.write("mkdocs.yml", config)
    assert tmp_project.check() == Run(1, line + "\n", "checked 0 files: 1 error, 0 warnings\n")


def test_plugin_without_settings_uses_the_defaults(tmp_project: TmpProject) -> None:
    tmp_project.write("mkdocs.yml", "site_name: x\nplugins:\n  - statuspress\n")
    tmp_project.write("incidents/2026/2026-11-26-api-errors.yml", GOOD)
    assert tmp_project.check() == Run(0, "", "checked 1 file: no problems\n")


# -- the example site in this repository ---------------------------------------------------------------------


def test_the_example_incidents_are_clean() -> None:
    """The repo's own incidents/ (written alongside the code) pass once all their updates are posted (the
    frozen time AT comes six minutes before the closing update, which check warns is still ahead)."""
    count = len(list((REPO_ROOT / "incidents").glob("*/*.yml")))
    assert count > 0
    run = statuspress(REPO_ROOT, "check", "--at", "2026-11-30T00:00:00Z", real_process=True)
    assert run == Run(0, "", f"checked {count} files: no problems\n")
