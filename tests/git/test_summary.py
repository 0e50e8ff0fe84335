"""`statuspress summary`: the exact Markdown a pull request comment shows."""

from __future__ import annotations

from git_helpers import AT, DANA, FIRST, HEAD_LINES, PATH, SECOND, V2, Repo, published, run

MONITORING = """\
  - at: 2026-11-26T10:30:00Z
    status: monitoring
    message: |
      A fix is deployed; <b>error rates</b> are falling.

      We keep watching.
    components: {api: degraded_performance}
"""
DASHBOARD = """\
title: Slow dashboard
impact: minor
components:
  dashboard: degraded_performance
started_at: 2026-11-26T11:00:00Z
updates:
  - at: 2026-11-26T11:05:00Z
    status: investigating
    message: Dashboard pages load slowly.
"""


def test_summary_lists_new_incidents_updates_and_status_changes(repo: Repo) -> None:
    published(repo)
    repo.write("incidents/2026/2026-11-26-api-errors.yml", V2 + MONITORING)
    repo.write("incidents/2026/2026-11-26-dashboard-slow.yml", DASHBOARD)
    label = f"HEAD~1 ({repo.git('rev-parse', '--short=7', 'HEAD~1')})"
    result = run(repo.root, "summary", "--at", AT, "--base", "HEAD~1")
    assert (result.code, result.stderr) == (0, "")
    assert result.stdout == f"""\
## Status page changes against {label}

### New incidents

- **Slow dashboard** `2026-11-26-dashboard-slow`: minor incident, started 2026-11-26 11:00 UTC; \
affects Web dashboard (degraded performance)

### New updates

What subscribers will receive, oldest first.

#### Elevated error rates on the public API (`2026-11-26-api-errors`)

**Identified** · 2026-11-26 09:40 UTC

> A faulty configuration push was identified.

**Monitoring** · 2026-11-26 10:30 UTC

> A fix is deployed; &lt;b&gt;error rates&lt;/b&gt; are falling.
>
> We keep watching.

#### Slow dashboard (`2026-11-26-dashboard-slow`)

**Investigating** · 2026-11-26 11:05 UTC

> Dashboard pages load slowly.

### Status changes (as of 2026-11-26 12:00 UTC)

| | before | after |
|---|---|---|
| Public API | Partial outage | Degraded performance |
| Web dashboard | Operational | Degraded performance |
| Slow dashboard | (new) | Investigating |
| Elevated error rates on the public API | Investigating | Monitoring |

### Audit

No violations: every update published at {label} is unchanged or explicitly corrected.
"""


def test_summary_shows_audit_violations_and_exits_zero(repo: Repo) -> None:
    published(repo)
    repo.write("incidents/2026/2026-11-26-api-errors.yml", V2.replace("A faulty", "The faulty"))
    label = f"HEAD ({repo.git('rev-parse', '--short=7', 'HEAD')})"
    result = run(repo.root, "summary", "--at", AT, "--base", "HEAD")
    assert result.code == 0
    assert result.stdout == f"""\
## Status page changes against {label}

### Changed updates

Published updates that now read differently, as subscribers will see them.

#### Elevated error rates on the public API (`2026-11-26-api-errors`)

**Identified** · 2026-11-26 09:40 UTC

> The faulty configuration push was identified.

_Changed without a correction: see the audit below._

### Audit

1 violation of the append-only rule:

- `incidents/2026/2026-11-26-api-errors.yml:12:14` published update 2 (2026-11-26T09:40:00Z) has a \
different message than at {label}; restore it, or explain the change with corrected: {{at: ..., reason: ...}}
"""


def test_summary_without_changes_says_so(repo: Repo) -> None:
    published(repo)
    label = f"HEAD ({repo.git('rev-parse', '--short=7', 'HEAD')})"
    assert run(repo.root, "summary", "--at", AT, "--base", "HEAD").stdout == f"""\
## Status page changes against {label}

No incident, update or status changes.

### Audit

No violations: every update published at {label} is unchanged or explicitly corrected.
"""


def test_summary_shows_corrections_as_changes_not_as_new_updates(repo: Repo) -> None:
    published(repo)
    corrected = ("    corrected: {at: 2026-11-26T10:00:00Z, reason: The first text named the wrong product.}\n")
    text = (HEAD_LINES.replace("impact: major", "impact: critical") + FIRST.replace("the API", "the dashboard")
            + corrected + SECOND + "corrections:\n  - at: 2026-11-26T10:10:00Z\n    field: impact\n"
            "    reason: Every customer was affected, not some.\n")
    repo.write(PATH, text)
    repo.commit("Correct the first update and the impact", DANA, "2026-11-26T10:11:00Z")
    label = f"HEAD~1 ({repo.git('rev-parse', '--short=7', 'HEAD~1')})"
    result = run(repo.root, "summary", "--at", AT, "--base", "HEAD~1")
    assert (result.code, result.stderr) == (0, "")
    assert result.stdout == f"""\
## Status page changes against {label}

### Changed updates

Published updates that now read differently, as subscribers will see them.

#### Elevated error rates on the public API (`2026-11-26-api-errors`)

**Investigating** · 2026-11-26 09:15 UTC

> We are investigating elevated error rates on the dashboard.

_Corrected 2026-11-26 10:00 UTC: The first text named the wrong product._

### Changed fields

- **Elevated error rates on the public API** (`2026-11-26-api-errors`): impact was major, now critical. \
_Corrected 2026-11-26 10:10 UTC: Every customer was affected, not some._

### Status changes (as of 2026-11-26 12:00 UTC)

| | before | after |
|---|---|---|
| Page | Partial System Outage | Major Service Outage |

### Audit

No violations: every update published at {label} is unchanged or explicitly corrected.
"""
def test_a_new_drill_is_listed_as_internal_and_sends_subscribers_nothing(repo: Repo) -> None:
    published(repo)
    repo.write("incidents/2026/2026-11-26-dashboard-slow.yml", "drill: true\n" + DASHBOARD)
    result = run(repo.root, "summary", "--at", AT, "--base", "HEAD")
    assert result.code == 0
    assert ("- **Slow dashboard** `2026-11-26-dashboard-slow`: minor drill (internal build only: subscribers "
            "see nothing of it), started 2026-11-26 11:00 UTC; affects Web dashboard (degraded performance)"
            ) in result.stdout.splitlines()
    assert "### New updates" not in result.stdout and "Dashboard pages load slowly." not in result.stdout
    assert "### Status changes" not in result.stdout       # a drill changes no status
