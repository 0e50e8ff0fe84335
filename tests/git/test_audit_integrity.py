"""Issue 11: every silent rewrite of what was published is caught by `statuspress audit`.

Each test plays someone hiding a mistake on a real repository with commits by two people, and
expects the exact lines `audit` (and, where the record itself is bad, `check`) prints.
"""

from __future__ import annotations

import pytest
from git_helpers import AT, DANA, FIRST, HEAD_LINES, MKDOCS, PATH, SAM, SECOND, V2, Repo, Run, published, run

CORRECTION = """\
    corrected:
      at: 2026-11-26T10:00:00Z
      reason: The first text named the wrong product.
"""
FIELD_HINT = "a published field changes only with a correction: add {{at: ..., field: {field}, reason: ...}} " \
             "to corrections: [published-changed]"
AGAIN_HINT = "it was corrected before, so this change needs a new entry in its corrected: list [published-changed]"
UPDATE_HINT = "restore it, or explain the change with corrected: {at: ..., reason: ...} [published-changed]"

FULL_HEAD = """\
title: Elevated error rates on the public API
impact: major
urgency: high
components:
  api: partial_outage
started_at: 2026-11-26T09:02:00Z
detected_at: 2026-11-26T09:08:00Z
acknowledged_at: 2026-11-26T09:10:00Z
mitigated_at: 2026-11-26T10:20:00Z
updates:
"""
IDENTIFIED = """\
  - at: 2026-11-26T09:40:00Z
    status: identified
    message: A faulty configuration push was identified.
    components: {api: major_outage}
"""
RESOLVED = """\
  - at: 2026-11-26T10:30:00Z
    status: resolved
    message: Error rates are back to normal.
"""
FULL = FULL_HEAD + FIRST + IDENTIFIED + RESOLVED

MAINTENANCE_PATH = "incidents/2026/2026-12-05-database-upgrade.yml"
MAINTENANCE = """\
title: Database upgrade
kind: maintenance
components:
  api: under_maintenance
scheduled_start: 2026-12-05T02:00:00Z
scheduled_end: 2026-12-05T04:00:00Z
updates:
  - at: 2026-11-26T09:00:00Z
    status: scheduled
    message: We will upgrade the database; the API may be slow for a few minutes.
"""


def audit(repo: Repo, *args: str) -> Run:
    return run(repo.root, "audit", "--at", AT, *args)


def label(repo: Repo, rev: str = "HEAD") -> str:
    return f"{rev} ({repo.git('rev-parse', '--short=7', rev)})"


def clean(repo: Repo, files: int = 1, rev: str = "HEAD") -> Run:
    noun = "file" if files == 1 else "files"
    return Run(0, "", f"audited {files} published {noun} against {label(repo, rev)}: no violations\n")


def failed(repo: Repo, lines: list[str], rev: str = "HEAD", warnings: int = 0, files: int = 1) -> Run:
    errors = len(lines) - warnings
    noun = "file" if files == 1 else "files"
    return Run(1, "".join(line + "\n" for line in lines),
               f"audited {files} published {noun} against {label(repo, rev)}: {errors} violation"
               f"{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}\n")


def where(text: str, line_start: str) -> str:
    """`line:col` of the value on the first line that starts with `line_start` (after its indentation)."""
    for number, line in enumerate(text.splitlines(), start=1):
        if line.lstrip().startswith(line_start):
            indent = len(line) - len(line.lstrip())
            return f"{number}:{indent + len(line_start) + 1}"
    raise AssertionError(f"{line_start!r} not in the text")


def publish_full(repo: Repo, path: str = PATH, text: str = FULL) -> None:
    """Dana opens the incident, Sam posts the resolution: two authors, two commits."""
    repo.write(path, text.replace(RESOLVED, ""))
    repo.commit("Open API incident", DANA, "2026-11-26T09:45:00Z")
    repo.write(path, text)
    repo.commit("API incident resolved", SAM, "2026-11-26T10:35:00Z")


def field_correction(field: str) -> str:
    return ("corrections:\n  - at: 2026-11-26T11:00:00Z\n"
            f"    field: {field}\n    reason: The first report gave the wrong {field}.\n")


# -- 1. the incidents folder moves -----------------------------------------------------------------------------

MOVED = "status/incidents"
MOVED_MKDOCS = MKDOCS.replace("  - statuspress:\n", f"  - statuspress:\n      incidents_dir: {MOVED}\n")
OTHER_PATH = "incidents/2026/2026-11-25-dashboard-slow.yml"
OTHER = """\
title: Slow dashboard
impact: minor
components: {dashboard: degraded_performance}
started_at: 2026-11-25T08:00:00Z
updates:
  - at: 2026-11-25T08:05:00Z
    status: investigating
    message: Dashboard pages load slowly.
"""


def move_folder(repo: Repo) -> None:
    repo.write("mkdocs.yml", MOVED_MKDOCS)
    (repo.root / MOVED).parent.mkdir()
    repo.git("mv", "incidents", MOVED)


def test_a_moved_incidents_folder_is_followed_and_still_audited(repo: Repo) -> None:
    published(repo)
    move_folder(repo)
    repo.write(f"status/{PATH}", V2.replace("on the API.", "on the public API."))
    repo.commit("Move the incidents under status/", SAM, "2026-11-26T11:00:00Z")
    assert audit(repo, "--base", "HEAD~1") == failed(repo, [
        f"status/{PATH}:9:14: error: published update 1 (2026-11-26T09:15:00Z) has a different message than at "
        f"{label(repo, 'HEAD~1')}; {UPDATE_HINT}"], rev="HEAD~1")


def test_a_moved_incidents_folder_with_nothing_changed_passes(repo: Repo) -> None:
    published(repo)
    repo.write(OTHER_PATH, OTHER)
    repo.commit("Dashboard incident", DANA, "2026-11-25T08:06:00Z")
    move_folder(repo)
    assert audit(repo, "--base", "HEAD") == clean(repo, files=2)


def test_an_incident_lost_when_its_folder_moves_is_an_error(repo: Repo) -> None:
    published(repo)
    repo.write(OTHER_PATH, OTHER)
    repo.commit("Dashboard incident", DANA, "2026-11-25T08:06:00Z")
    move_folder(repo)
    (repo.root / MOVED / OTHER_PATH.removeprefix("incidents/")).unlink()
    assert audit(repo, "--base", "HEAD") == failed(repo, [
        f"{OTHER_PATH}:1:1: error: incident 2026-11-25-dashboard-slow was deleted since {label(repo)}; "
        "published incidents stay on the page: resolve or correct them instead [published-deleted]"], files=2)


def test_a_file_renamed_while_its_folder_moves_is_followed(repo: Repo) -> None:
    published(repo)
    move_folder(repo)
    renamed = f"{MOVED}/2026/2026-11-26-api-error-rates.yml"
    repo.git("mv", f"status/{PATH}", renamed)
    repo.commit("Move and rename", SAM, "2026-11-26T11:00:00Z")
    assert audit(repo, "--base", "HEAD~1") == Run(0, (
        f"{renamed}:1:1: warning: renamed from {PATH} since {label(repo, 'HEAD~1')}: the incident's permanent "
        "URL and feed ids change from 2026-11-26-api-errors to 2026-11-26-api-error-rates [incident-renamed]\n"),
        f"audited 1 published file against {label(repo, 'HEAD~1')}: 0 violations, 1 warning\n")


# -- 2. every published field ----------------------------------------------------------------------------------

INCIDENT_FIELDS = [
    # (field, line before, line after, how the message shows the old and new values)
    ("title", "title: Elevated error rates on the public API", "title: Errors on the public API",
     "was 'Elevated error rates on the public API', now 'Errors on the public API'"),
    ("impact", "impact: major", "impact: minor", "was major, now minor"),
    ("urgency", "urgency: high", "urgency: low", "was high, now low"),
    ("components", "  api: partial_outage", "  api: degraded_performance",
     "was {api: partial_outage}, now {api: degraded_performance}"),
    ("started_at", "started_at: 2026-11-26T09:02:00Z", "started_at: 2026-11-26T09:05:00Z",
     "was 2026-11-26T09:02:00Z, now 2026-11-26T09:05:00Z"),
    ("detected_at", "detected_at: 2026-11-26T09:08:00Z", "detected_at: 2026-11-26T09:09:00Z",
     "was 2026-11-26T09:08:00Z, now 2026-11-26T09:09:00Z"),
    ("acknowledged_at", "acknowledged_at: 2026-11-26T09:10:00Z", "acknowledged_at: 2026-11-26T09:12:00Z",
     "was 2026-11-26T09:10:00Z, now 2026-11-26T09:12:00Z"),
    ("mitigated_at", "mitigated_at: 2026-11-26T10:20:00Z", "mitigated_at: 2026-11-26T10:25:00Z",
     "was 2026-11-26T10:20:00Z, now 2026-11-26T10:25:00Z"),
]


@pytest.mark.parametrize(("field", "before", "after", "values"), INCIDENT_FIELDS, ids=[f[0] for f in INCIDENT_FIELDS])
def test_a_changed_incident_field_is_a_violation(repo: Repo, field: str, before: str, after: str,
                                                 values: str) -> None:
    publish_full(repo)
    changed = FULL.replace(before, after)
    repo.write(PATH, changed)
    repo.commit(f"Adjust {field}", DANA, "2026-11-26T11:05:00Z")
    at = "5:3" if field == "components" else where(changed, f"{field}: ")
    assert audit(repo, "--base", "HEAD~1") == failed(repo, [
        f"{PATH}:{at}: error: {field} changed since {label(repo, 'HEAD~1')} ({values}); "
        f"{FIELD_HINT.format(field=field)}"], rev="HEAD~1")


@pytest.mark.parametrize(("field", "before", "after", "values"), INCIDENT_FIELDS, ids=[f[0] for f in INCIDENT_FIELDS])
def test_a_changed_incident_field_with_a_correction_passes(repo: Repo, field: str, before: str, after: str,
                                                           values: str) -> None:
    publish_full(repo)
    repo.write(PATH, FULL.replace(before, after) + field_correction(field))
    repo.commit(f"Correct {field}", DANA, "2026-11-26T11:05:00Z")
    assert audit(repo, "--base", "HEAD~1") == clean(repo, rev="HEAD~1")


def test_a_removed_incident_field_is_a_violation(repo: Repo) -> None:
    publish_full(repo)
    repo.write(PATH, FULL.replace("detected_at: 2026-11-26T09:08:00Z\n", ""))
    assert audit(repo, "--base", "HEAD") == failed(repo, [
        f"{PATH}:1:1: error: detected_at changed since {label(repo)} (was 2026-11-26T09:08:00Z, now not given); "
        f"{FIELD_HINT.format(field='detected_at')}"])


def test_a_first_value_for_an_optional_time_needs_no_correction(repo: Repo) -> None:
    """`statuspress review` adds missing response times to a resolved incident: new facts, not rewrites."""
    publish_full(repo, text=FULL.replace("detected_at: 2026-11-26T09:08:00Z\n", ""))
    repo.write(PATH, FULL)
    assert audit(repo, "--base", "HEAD") == clean(repo)


def test_a_component_added_to_a_published_incident_is_a_violation(repo: Repo) -> None:
    publish_full(repo)
    changed = FULL.replace("  api: partial_outage\n", "  api: partial_outage\n  dashboard: major_outage\n")
    repo.write(PATH, changed)
    assert audit(repo, "--base", "HEAD").stdout == (
        f"{PATH}:5:3: error: components changed since {label(repo)} (was {{api: partial_outage}}, now "
        f"{{api: partial_outage, dashboard: major_outage}}); {FIELD_HINT.format(field='components')}\n")


@pytest.mark.parametrize(("field", "before", "after"), [
    ("scheduled_start", "scheduled_start: 2026-12-05T02:00:00Z", "scheduled_start: 2026-12-05T03:00:00Z"),
    ("scheduled_end", "scheduled_end: 2026-12-05T04:00:00Z", "scheduled_end: 2026-12-05T06:00:00Z"),
])
def test_a_rescheduled_maintenance_window_needs_a_correction(repo: Repo, field: str, before: str,
                                                             after: str) -> None:
    repo.write(MAINTENANCE_PATH, MAINTENANCE)
    repo.commit("Announce the database upgrade", SAM, "2026-11-26T09:01:00Z")
    changed = MAINTENANCE.replace(before, after)
    repo.write(MAINTENANCE_PATH, changed)
    result = audit(repo, "--base", "HEAD")
    old, new = before.split(": ")[1], after.split(": ")[1]
    assert result == failed(repo, [
        f"{MAINTENANCE_PATH}:{where(changed, field + ': ')}: error: {field} changed since {label(repo)} "
        f"(was {old}, now {new}); {FIELD_HINT.format(field=field)}"])
    repo.write(MAINTENANCE_PATH, changed + field_correction(field).replace(field + ".", "time, it was rescheduled."))
    assert audit(repo, "--base", "HEAD") == clean(repo)


def test_a_changed_resolution_time_is_a_violation(repo: Repo) -> None:
    publish_full(repo)
    changed = FULL.replace("10:30:00Z", "10:25:00Z")
    repo.write(PATH, changed)
    assert audit(repo, "--base", "HEAD") == failed(repo, [
        f"{PATH}:18:9: error: published update 3 (2026-11-26T10:30:00Z) has a different time (now "
        f"2026-11-26T10:25:00Z) than at {label(repo)}; {UPDATE_HINT}"])


def test_changed_update_components_are_a_violation(repo: Repo) -> None:
    publish_full(repo)
    changed = FULL.replace("{api: major_outage}", "{api: partial_outage}")
    repo.write(PATH, changed)
    assert audit(repo, "--base", "HEAD") == failed(repo, [
        f"{PATH}:17:17: error: published update 2 (2026-11-26T09:40:00Z) has different components (was "
        f"{{api: major_outage}}, now {{api: partial_outage}}) than at {label(repo)}; {UPDATE_HINT}"])
    repo.write(PATH, changed.replace(RESOLVED, CORRECTION.replace("product", "outage level") + RESOLVED))
    assert audit(repo, "--base", "HEAD") == clean(repo)


def test_a_published_field_correction_cannot_be_taken_back(repo: Repo) -> None:
    publish_full(repo, text=FULL.replace("impact: major", "impact: minor") + field_correction("impact"))
    repo.write(PATH, FULL.replace("impact: major", "impact: minor"))
    assert audit(repo, "--base", "HEAD") == failed(repo, [
        f"{PATH}:1:1: error: the correction of impact at 2026-11-26T11:00:00Z was changed or removed since "
        f"{label(repo)}; published corrections are append-only: restore it [published-changed]"])


# -- 3. every rewrite needs its own correction -----------------------------------------------------------------

CORRECTED_ONCE = HEAD_LINES + FIRST.replace("the API", "the dashboard") + CORRECTION + SECOND
SECOND_RECORD = """\
      - at: 2026-11-26T10:30:00Z
        reason: It was the web dashboard, not the mobile one.
"""
AS_LIST = """\
    corrected:
      - at: 2026-11-26T10:00:00Z
        reason: The first text named the wrong product.
"""


def correct_once(repo: Repo) -> None:
    """Sam's correction, committed in the single-mapping form older files use."""
    published(repo)
    repo.write(PATH, CORRECTED_ONCE)
    repo.commit("Correct the first update", SAM, "2026-11-26T10:01:00Z")


def test_a_second_rewrite_under_the_old_correction_is_a_violation(repo: Repo) -> None:
    correct_once(repo)
    repo.write(PATH, CORRECTED_ONCE.replace("the dashboard", "the web dashboard"))
    repo.commit("Reword again", DANA, "2026-11-26T10:40:00Z")
    assert audit(repo, "--base", "HEAD~1") == failed(repo, [
        f"{PATH}:9:14: error: published update 1 (2026-11-26T09:15:00Z) has a different message than at "
        f"{label(repo, 'HEAD~1')}; {AGAIN_HINT}"], rev="HEAD~1")


def test_a_second_rewrite_with_its_own_correction_passes(repo: Repo) -> None:
    correct_once(repo)
    again = CORRECTED_ONCE.replace("the dashboard", "the web dashboard").replace(CORRECTION, AS_LIST + SECOND_RECORD)
    repo.write(PATH, again)
    repo.commit("Reword again, with a correction", DANA, "2026-11-26T10:40:00Z")
    assert audit(repo, "--base", "HEAD~1") == clean(repo, rev="HEAD~1")
    assert run(repo.root, "check", "--at", AT).code == 0


def test_the_single_mapping_form_and_a_list_of_one_are_the_same_record(repo: Repo) -> None:
    correct_once(repo)
    repo.write(PATH, CORRECTED_ONCE.replace(CORRECTION, AS_LIST))
    assert audit(repo, "--base", "HEAD") == clean(repo)


def test_a_removed_update_correction_is_a_violation(repo: Repo) -> None:
    correct_once(repo)
    repo.write(PATH, CORRECTED_ONCE.replace(CORRECTION, ""))
    assert audit(repo, "--base", "HEAD") == failed(repo, [
        f"{PATH}:7:5: error: published update 1 (2026-11-26T09:15:00Z): its correction of 2026-11-26T10:00:00Z "
        f"was changed or removed since {label(repo)}; published corrections are append-only: restore it "
        f"[published-changed]"])


def test_an_edited_update_correction_is_a_violation(repo: Repo) -> None:
    correct_once(repo)
    repo.write(PATH, CORRECTED_ONCE.replace("wrong product", "wrong product name"))
    assert audit(repo, "--base", "HEAD") == failed(repo, [
        f"{PATH}:10:5: error: published update 1 (2026-11-26T09:15:00Z): its correction of 2026-11-26T10:00:00Z "
        f"was changed or removed since {label(repo)}; published corrections are append-only: restore it "
        f"[published-changed]"])


# -- 4. corrections that explain nothing -----------------------------------------------------------------------


def test_a_correction_without_words_fails_check_and_audit(repo: Repo) -> None:
    published(repo)
    repo.write(PATH, CORRECTED_ONCE.replace("The first text named the wrong product.", '"."'))
    result = run(repo.root, "check", "--at", AT)
    assert (result.code, result.stdout) == (1, (
        f"{PATH}:12:15: error: reason '.' does not say what was wrong: write it in words (at least 4 letters) "
        f"[correction-reason]\n"))
    assert audit(repo, "--base", "HEAD").stdout == (
        f"{PATH}:1:1: error: cannot audit this file against {label(repo)}: it has errors (run statuspress check) "
        f"[audit-unreadable]\n")


def test_a_correction_dated_after_the_build_time_fails_check(repo: Repo) -> None:
    published(repo)
    repo.write(PATH, CORRECTED_ONCE.replace("2026-11-26T10:00:00Z", "2099-01-01T00:00:00Z"))
    result = run(repo.root, "check", "--at", AT)
    assert (result.code, result.stdout) == (1, (
        f"{PATH}:11:11: error: at '2099-01-01T00:00:00Z' is 26333 days 12 h after the build time "
        f"({AT}); it records something that happened, so it cannot be in the future: check the date [future-time]\n"))


def test_a_correction_of_an_unchanged_update_is_a_warning(repo: Repo) -> None:
    published(repo)
    repo.write(PATH, HEAD_LINES + FIRST + CORRECTION + SECOND)
    repo.commit("Mark the first update corrected", DANA, "2026-11-26T10:05:00Z")
    assert audit(repo, "--base", "HEAD~1") == Run(0, (
        f"{PATH}:11:7: warning: published update 1 (2026-11-26T09:15:00Z) has a new correction but did not "
        f"change since {label(repo, 'HEAD~1')}; remove the correction, or make the change it explains "
        f"[needless-correction]\n"),
        f"audited 1 published file against {label(repo, 'HEAD~1')}: 0 violations, 1 warning\n")


def test_a_correction_of_an_unchanged_field_is_a_warning(repo: Repo) -> None:
    publish_full(repo)
    repo.write(PATH, FULL + field_correction("impact"))
    assert audit(repo, "--base", "HEAD") == Run(0, (
        f"{PATH}:22:5: warning: a correction of impact was added since {label(repo)}, but impact did not change; "
        "remove the correction, or make the change it explains [needless-correction]\n"),
        f"audited 1 published file against {label(repo)}: 0 violations, 1 warning\n")


def test_a_field_correction_must_name_a_correctable_field(repo: Repo) -> None:
    publish_full(repo)
    repo.write(PATH, FULL + field_correction("tags"))
    result = run(repo.root, "check", "--at", AT)
    assert (result.code, result.stdout) == (1, (
        f"{PATH}:23:12: error: field 'tags' is not one of title, kind, impact, urgency, components, started_at, "
        "detected_at, acknowledged_at, mitigated_at, scheduled_start, scheduled_end, drill [field-value]\n"))


def test_marking_a_published_incident_a_drill_is_a_violation_unless_corrected(repo: Repo) -> None:
    """A drill is only in the internal build: turning a published incident into one takes it off the page."""
    publish_full(repo)
    changed = "drill: true\n" + FULL
    repo.write(PATH, changed)
    repo.commit("Call it a drill", DANA, "2026-11-26T11:05:00Z")
    assert audit(repo, "--base", "HEAD~1") == failed(repo, [
        f"{PATH}:1:8: error: drill changed since {label(repo, 'HEAD~1')} (was false, now true); "
        f"{FIELD_HINT.format(field='drill')}"], rev="HEAD~1")
    repo.write(PATH, changed + field_correction("drill"))
    repo.commit("Correct drill", DANA, "2026-11-26T11:06:00Z")
    assert audit(repo, "--base", "HEAD~2") == clean(repo, rev="HEAD~2")
