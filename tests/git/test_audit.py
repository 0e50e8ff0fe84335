"""`statuspress audit` on real repositories: exact output lines, exit codes, and nothing written."""

from __future__ import annotations

import os
from pathlib import Path

from git_helpers import AT, DANA, FIRST, HEAD_LINES, MKDOCS, PATH, SAM, SECOND, V2, Repo, Run, published, run

HINT = "restore it, or explain the change with corrected: {at: ..., reason: ...} [published-changed]"
NEW_PATH = "incidents/2026/2026-11-26-api-error-rates.yml"
CORRECTION = """\
    corrected:
      at: 2026-11-26T10:00:00Z
      reason: The first text named the wrong product.
"""


def audit(repo: Repo, *args: str) -> Run:
    return run(repo.root, "audit", "--at", AT, *args)


def short(repo: Repo, rev: str) -> str:
    return repo.git("rev-parse", "--short=7", rev)


def test_a_clean_history_passes(repo: Repo) -> None:
    published(repo)
    label = f"HEAD~1 ({short(repo, 'HEAD~1')})"
    clean = f"audited 1 published file against {label}: no violations\n"
    assert audit(repo, "--base", "HEAD~1") == Run(0, "", clean)


def test_an_update_edited_in_a_later_commit_is_an_error(repo: Repo) -> None:
    published(repo)
    repo.write(PATH, V2.replace("on the API.", "on the public API."))
    repo.commit("Reword the first update", DANA, "2026-11-26T10:05:00Z")
    label = f"HEAD~1 ({short(repo, 'HEAD~1')})"
    assert audit(repo, "--base", "HEAD~1") == Run(1, (
        f"{PATH}:9:14: error: published update 1 (2026-11-26T09:15:00Z) has a different message than at "
        f"{label}; {HINT}\n"), f"audited 1 published file against {label}: 1 violation, 0 warnings\n")
    assert audit(repo, "--base", "HEAD~1", "--format", "github").stdout == (
        f"::error file={PATH},line=9,col=14::published update 1 (2026-11-26T09:15:00Z) has a different "
        f"message than at {label}; {HINT}\n")


def test_changed_time_and_status_are_named(repo: Repo) -> None:
    published(repo)
    repo.write(PATH, V2.replace("09:40:00Z", "09:41:00Z").replace("status: identified", "status: monitoring"))
    label = f"HEAD ({short(repo, 'HEAD')})"
    assert audit(repo, "--base", "HEAD").stdout == (
        f"{PATH}:10:9: error: published update 2 (2026-11-26T09:40:00Z) has a different time (now "
        f"2026-11-26T09:41:00Z) and status (was identified, now monitoring) than at {label}; {HINT}\n")


def test_a_renamed_incident_is_a_warning_not_a_violation(repo: Repo) -> None:
    published(repo)
    repo.git("mv", PATH, NEW_PATH)
    repo.commit("Rename the API incident", SAM, "2026-11-26T11:00:00Z")
    label = f"HEAD~1 ({short(repo, 'HEAD~1')})"
    assert audit(repo, "--base", "HEAD~1") == Run(0, (
        f"{NEW_PATH}:1:1: warning: renamed from {PATH} since {label}: the incident's permanent URL and feed "
        "ids change from 2026-11-26-api-errors to 2026-11-26-api-error-rates [incident-renamed]\n"),
        f"audited 1 published file against {label}: 0 violations, 1 warning\n")


def test_an_uncommitted_rename_is_recognised_by_content(repo: Repo) -> None:
    published(repo)
    os.rename(repo.root / PATH, repo.root / NEW_PATH)
    label = f"HEAD ({short(repo, 'HEAD')})"
    assert audit(repo, "--base", "HEAD").stdout == (
        f"{NEW_PATH}:1:1: warning: renamed from {PATH} since {label}: the incident's permanent URL and feed "
        "ids change from 2026-11-26-api-errors to 2026-11-26-api-error-rates [incident-renamed]\n")


def test_a_deleted_update_is_an_error_at_the_updates_key(repo: Repo) -> None:
    published(repo)
    repo.write(PATH, HEAD_LINES + SECOND)
    label = f"HEAD ({short(repo, 'HEAD')})"
    assert audit(repo, "--base", "HEAD") == Run(1, (
        f"{PATH}:6:1: error: published update 1 (2026-11-26T09:15:00Z, investigating) was deleted since "
        f"{label}; published updates are append-only: restore it (corrected: explains a change) [published-deleted]\n"),
        f"audited 1 published file against {label}: 1 violation, 0 warnings\n")


def test_a_deleted_incident_file_is_an_error(repo: Repo) -> None:
    published(repo)
    repo.git("rm", "-q", PATH)
    repo.commit("Remove the API incident", SAM, "2026-11-26T12:00:00Z")
    label = f"main~1 ({short(repo, 'main~1')})"
    assert audit(repo, "--base", "main~1") == Run(1, (
        f"{PATH}:1:1: error: incident 2026-11-26-api-errors was deleted since {label}; published incidents "
        "stay on the page: resolve or correct them instead [published-deleted]\n"),
        f"audited 1 published file against {label}: 1 violation, 0 warnings\n")


def test_a_correction_made_properly_passes(repo: Repo) -> None:
    published(repo)
    repo.write(PATH, HEAD_LINES + FIRST.replace("the API", "the dashboard") + CORRECTION + SECOND)
    repo.commit("Correct the first update", DANA, "2026-11-26T10:01:00Z")
    label = f"HEAD~1 ({short(repo, 'HEAD~1')})"
    clean = f"audited 1 published file against {label}: no violations\n"
    assert audit(repo, "--base", "HEAD~1") == Run(0, "", clean)


def test_a_corrected_time_may_move_its_update(repo: Repo) -> None:
    published(repo)
    moved = SECOND.replace("09:40:00Z", "09:10:00Z") + CORRECTION.replace("product", "time")
    repo.write(PATH, HEAD_LINES + moved + FIRST)
    assert audit(repo, "--base", "HEAD").code == 0


def test_a_correction_without_a_reason_cannot_be_audited(repo: Repo) -> None:
    published(repo)
    broken = CORRECTION.replace("      reason: The first text named the wrong product.\n", "")
    repo.write(PATH, HEAD_LINES + FIRST.replace("the API", "the dashboard") + broken + SECOND)
    label = f"HEAD ({short(repo, 'HEAD')})"
    assert audit(repo, "--base", "HEAD").stdout == (
        f"{PATH}:1:1: error: cannot audit this file against {label}: it has errors (run statuspress check) "
        f"[audit-unreadable]\n")


def test_an_update_inserted_before_published_ones_is_an_error(repo: Repo) -> None:
    published(repo)
    early = FIRST.replace("09:15:00Z", "09:10:00Z").replace("We are investigating", "Looking into")
    repo.write(PATH, HEAD_LINES + early + FIRST + SECOND)
    label = f"HEAD ({short(repo, 'HEAD')})"
    assert audit(repo, "--base", "HEAD").stdout == (
        f"{PATH}:7:9: error: update 1 (2026-11-26T09:10:00Z) is new since {label} but comes before published "
        "updates; new updates go at the end of the list [update-inserted]\n")


def test_the_default_base_is_the_merge_base_with_main(repo: Repo) -> None:
    published(repo)
    fork = short(repo, "HEAD")
    repo.git("checkout", "-q", "-b", "fix")
    repo.write(PATH, V2.replace("A faulty", "The faulty"))
    repo.commit("Reword", SAM, "2026-11-26T10:30:00Z")
    result = audit(repo)
    assert result.code == 1
    assert result.stderr == (f"audited 1 published file against merge-base with main ({fork}): "
                             "1 violation, 0 warnings\n")


def test_a_shallow_clone_audits_against_what_it_holds(repo: Repo, tmp_path: Path) -> None:
    published(repo)
    clone = tmp_path / "clone"
    repo.git("clone", "-q", "--depth", "1", f"file://{repo.root}", str(clone))
    (clone / PATH).write_text(HEAD_LINES + SECOND, encoding="utf-8")
    label = f"HEAD ({short(repo, 'HEAD')})"
    assert run(clone, "audit", "--at", AT, "--base", "HEAD").stdout == (
        f"{PATH}:6:1: error: published update 1 (2026-11-26T09:15:00Z, investigating) was deleted since "
        f"{label}; published updates are append-only: restore it (corrected: explains a change) [published-deleted]\n")
    missing = run(clone, "audit", "--at", AT, "--base", "HEAD~1")
    assert (missing.code, missing.stdout) == (2, "")
    assert missing.stderr.endswith(
        "Error: unknown revision 'HEAD~1' (a shallow clone may not hold it: fetch with fetch-depth: 0)\n")


def test_outside_git_audit_is_a_usage_error(tmp_path: Path) -> None:
    site = tmp_path / "site"
    Repo(site).write(PATH, V2)
    Repo(site).write("mkdocs.yml", MKDOCS)
    result = run(site, "audit", "--at", AT)
    assert (result.code, result.stdout) == (2, "")
    assert result.stderr.endswith(f"Error: {site} is not in a git repository; audit and summary need git\n")


def test_audit_and_summary_change_nothing(repo: Repo) -> None:
    published(repo)
    repo.write(PATH, V2.replace("A faulty", "The faulty"))
    repo.write("incidents/2026/2026-11-27-new.yml", V2)
    before = repo.state()
    assert audit(repo, "--base", "HEAD").code == 1
    assert run(repo.root, "summary", "--at", AT, "--base", "HEAD").code == 0
    assert audit(repo).code == 1
    assert repo.state() == before
