"""Draft reviews in `statuspress check`: a published review may hold no TODO, and a draft is due
`review_due` (mkdocs.yml, 10 days by default) after its incident was resolved; `check --strict` (and
`build --strict`) fail after that, plain `check` stays quiet."""

from __future__ import annotations

from cli_helpers import Run, TmpProject, statuspress

F = "incidents/2026/2026-11-20-delayed-webhooks.yml"
DRAFT = """\
title: Delayed webhooks
impact: minor
components: {webhooks: partial_outage}
started_at: 2026-11-20T10:00:00Z
updates:
  - {at: 2026-11-20T10:20:00Z, status: investigating, message: Webhooks are delayed.}
  - {at: 2026-11-20T11:30:00Z, status: resolved, message: Delivered.}
review:
  summary: Webhooks were late for 90 minutes.
  root_cause: "TODO: why it happened."
"""
RESOLVED = "2026-11-20T11:30:00Z"
OVERDUE = (f"{F}:8:1: warning: draft review is overdue: the incident was resolved {{days}} days ago and reviews "
           "are due within {due} (review_due in mkdocs.yml); finish it and add published_at [review-overdue]\n")


def test_a_draft_is_fine_until_it_is_due(tmp_project: TmpProject) -> None:
    tmp_project.write(F, DRAFT)
    assert tmp_project.check("--strict", at="2026-11-30T11:30:00Z") == Run(0, "", "checked 1 file: no problems\n")


def test_strict_fails_on_a_draft_older_than_ten_days(tmp_project: TmpProject) -> None:
    tmp_project.write(F, DRAFT)
    warning = OVERDUE.format(days=10, due="10 days")
    assert tmp_project.check("--strict", at="2026-11-30T11:31:00Z") == Run(
        1, warning, "checked 1 file: 0 errors, 1 warning\n")
    # A late draft is a process deadline, not a fault in the file: plain check (and build) stay quiet.
    assert tmp_project.check(at="2026-11-30T11:31:00Z") == Run(0, "", "checked 1 file: no problems\n")
    # Publishing it clears the warning, and then its TODO is an error.
    tmp_project.write(F, DRAFT + "  published_at: 2026-11-30T12:00:00Z\n")
    assert tmp_project.check(at="2026-12-30T00:00:00Z") == Run(
        1, f"{F}:10:15: error: published review: root_cause still has a TODO placeholder; finish it or remove "
           "published_at to keep it a draft [review-todo]\n", "checked 1 file: 1 error, 0 warnings\n")


def test_review_due_is_set_in_mkdocs_yml(tmp_project: TmpProject) -> None:
    tmp_project.config("review_due: 10d", "review_due: 2d")
    tmp_project.write(F, DRAFT)
    assert tmp_project.check("--strict", at="2026-11-22T11:30:00Z") == Run(0, "", "checked 1 file: no problems\n")
    assert tmp_project.check("--strict", at="2026-11-23T11:30:00Z") == Run(
        1, OVERDUE.format(days=3, due="2 days"), "checked 1 file: 0 errors, 1 warning\n")


def test_review_due_default_is_ten_days(tmp_project: TmpProject) -> None:
    tmp_project.config("      review_due: 10d", "      # review_due left out")
    tmp_project.write(F, DRAFT)
    assert tmp_project.check("--strict", at="2026-12-01T00:00:00Z").code == 1
    assert tmp_project.check("--strict", at="2026-11-30T00:00:00Z").code == 0


def test_a_bad_review_due_is_reported_at_its_line(tmp_project: TmpProject) -> None:
    tmp_project.config("review_due: 10d", "review_due: ten days")
    line = next(n for n, text in enumerate((tmp_project.root / "mkdocs.yml").read_text().splitlines(), start=1)
                if "review_due" in text)
    run = tmp_project.check()
    assert (run.code, run.stdout) == (1, f"mkdocs.yml:{line}:19: error: review_due 'ten days' is not a duration; "
                                         "write it like 15m, 1h, 1h30m or 1d [field-value]\n")


def test_an_unresolved_incident_has_no_due_review(tmp_project: TmpProject) -> None:
    tmp_project.write(F, DRAFT.replace("  - {at: 2026-11-20T11:30:00Z, status: resolved, message: Delivered.}\n",
                                       "  - {at: 2026-11-20T11:30:00Z, status: monitoring, message: Better.}\n"))
    run = tmp_project.check(at="2027-01-30T00:00:00Z")
    assert "draft review" not in run.stdout


def test_build_strict_refuses_a_late_draft_and_writes_nothing(tmp_project: TmpProject) -> None:
    tmp_project.write(F, DRAFT)
    run = statuspress(tmp_project.root, "build", "--strict", "--at", "2026-12-30T00:00:00Z", "--site-dir",
                      str(tmp_project.root / "out"))
    assert run.code == 1 and "draft review is overdue" in run.stdout and "nothing was written" in run.stderr
    assert not (tmp_project.root / "out").exists()
