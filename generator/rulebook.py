"""The registry of problem rules: every problem statuspress reports carries one of these codes.

Each rule has a default level and a docstring-like `doc` that holds a passing and a failing example;
docs/rules.md is generated from them (`python -m generator.docsgen rules`) and
tests/unit/test_rulebook.py runs every example. A team sets levels in mkdocs.yml, as yamllint does:

    plugins:
      - statuspress:
          rules:
            update-overdue: off          # error, warning or off
            correction-reason: warning

A rule whose failure would break the build (or the published record) is `fixed`: mkdocs.yml cannot
change it, and `check` says why. Levels are applied where problems are made (problems.Problems), so
"has errors" means the same thing to `check`, the build, the audit and the edit commands.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

Level = Literal["error", "warning", "off"]
LEVELS: tuple[Level, ...] = ("error", "warning", "off")

# Why a fixed rule cannot be changed, by the kind of harm turning it off would do.
BUILD = "the build needs it: a file that fails it cannot be read into the site"
RECORD = "it guards what was already published (append-only record, permanent ids)"
SAFETY = "it keeps hostile or unreadable input out of the site"
ORDER = "derived status, uptime, feeds and update ids assume it"


@dataclass(frozen=True)
class Rule:
    """One rule: its code, default level, documentation with examples, and where its examples live."""

    id: str
    level: Literal["error", "warning"]
    doc: str
    example_in: str = "incident"   # incident | mkdocs.yml | latin-1 | link | audit | review
    fixed: str | None = None       # why mkdocs.yml may not change its level (None: it may)

    @property
    def summary(self) -> str:
        return self.doc.strip().split("\n\n")[0].replace("\n", " ")


_OK = """\
title: API errors
impact: minor
components: {api: partial_outage}
started_at: 2026-11-26T09:00:00Z
updates:
  - at: 2026-11-26T09:10:00Z
    status: investigating
    message: We are looking into errors on the API.
  - at: 2026-11-26T10:00:00Z
    status: resolved
    message: The errors have stopped."""


_WINDOW = """\
kind: maintenance
title: Database upgrade
scheduled_start: 2026-11-26T02:00:00Z
scheduled_end: 2026-11-26T04:00:00Z
updates:
  - at: 2026-11-26T04:05:00Z
    status: completed
    message: Done."""


def _examples(passing: str, failing: str, published: str | None = None) -> str:
    def block(text: str) -> str:
        return "```yaml\n" + text.strip("\n") + "\n```"
    head = f"Published before:\n\n{block(published)}\n\n" if published is not None else ""
    return f"{head}Passing:\n\n{block(passing)}\n\nFailing:\n\n{block(failing)}"


def _rule(id: str, level: Literal["error", "warning"], summary: str, passing: str, failing: str, *,
          example_in: str = "incident", fixed: str | None = None, published: str | None = None) -> Rule:
    return Rule(id, level, summary.strip() + "\n\n" + _examples(passing, failing, published), example_in, fixed)


_RULES = (
    # -- reading the file (source.py, yamlload.py, validate.py, reader.py) ---------------------------
    _rule("file-read", "error", "An incident file is a regular UTF-8 file of at most 1 MiB, and its name ends in "
          "`.yml`. (The failing example is saved as Latin-1.)",
          "title: Café unavailable\nimpact: none", "title: Café unavailable\nimpact: none",
          example_in="latin-1", fixed=SAFETY),
    _rule("file-link", "error", "Incident files, `incidents_dir` and everything under `docs_dir` are real files and "
          "folders inside the project, never symbolic links (mkdocs would publish what a link points to). "
          "(The failing example is a link to a file holding the same text.)",
          "title: API errors\nimpact: none", "title: API errors\nimpact: none", example_in="link", fixed=SAFETY),
    _rule("yaml-syntax", "error", "The file is well-formed YAML.",
          "title: API errors\nimpact: none", "title: 'API errors\nimpact: none", fixed=BUILD),
    _rule("yaml-unsafe", "error", "No YAML tags, aliases or deep nesting: incident files hold plain text, lists "
          "and maps.",
          "title: API errors\nimpact: none", "title: !!python/name:os.system API errors\nimpact: none",
          fixed=SAFETY),
    _rule("incident-shape", "error", "An incident file is a map of fields, and not empty.",
          "title: API errors", "- title: API errors", fixed=BUILD),
    _rule("duplicate-key", "error", "A key appears once in its map.",
          "title: API errors\nimpact: minor", "title: API errors\nimpact: minor\nimpact: major", fixed=BUILD),
    _rule("unknown-field", "error", "Every field is one the field reference lists (a typo gets a did-you-mean).",
          "title: API errors\nimpact: minor", "title: API errors\nimpakt: minor", fixed=BUILD),
    _rule("required-field", "error", "Required fields are present: `title`, `started_at` for an incident, "
          "`scheduled_start` and `scheduled_end` for maintenance, `at`, `status` and `message` for an update.",
          "title: API errors\nstarted_at: 2026-11-26T09:00:00Z",
          "title: API errors\nimpact: minor", fixed=BUILD),
    _rule("kind-field", "error", "Incident-only fields (`started_at`, `detected_at`, …) are not used in maintenance "
          "windows, and `scheduled_start`/`scheduled_end` only in maintenance windows.",
          "title: API errors\nstarted_at: 2026-11-26T09:00:00Z",
          "title: API errors\nstarted_at: 2026-11-26T09:00:00Z\nscheduled_start: 2026-11-26T09:00:00Z",
          fixed=BUILD),
    _rule("field-value", "error", "Every value has its field's type and form: text, a list, a timestamp with a "
          "UTC offset, a duration, a date, a safe id, a URL, true or false, or one of the listed values.",
          "title: API errors\nimpact: minor\nstarted_at: 2026-11-26T09:00:00Z",
          "title: API errors\nimpact: huge\nstarted_at: 2026-11-26T09:00:00", fixed=BUILD),
    _rule("unknown-component", "error", "Every component an incident or a notify channel names is declared in "
          "mkdocs.yml (the examples' site declares `api` and `dashboard`).",
          "title: API errors\nstarted_at: 2026-11-26T09:00:00Z\ncomponents: {api: major_outage}",
          "title: API errors\nstarted_at: 2026-11-26T09:00:00Z\ncomponents: {apii: major_outage}", fixed=BUILD),
    _rule("forbidden-character", "error", "Text holds only characters a web page or feed can carry: no control "
          "characters (other than tab and line breaks), lone surrogates or noncharacters.",
          'title: "API errors"\nstarted_at: 2026-11-26T09:00:00Z',
          'title: "API\\x07 errors"\nstarted_at: 2026-11-26T09:00:00Z', fixed=SAFETY),
    _rule("future-time", "error", "A time that records something that happened is not more than 10 minutes after "
          "the build time (the examples are checked at 2026-11-28T12:00:00Z). Planned times "
          "(`scheduled_start`, `scheduled_end`) may lie ahead.",
          "title: API errors\nstarted_at: 2026-11-26T09:00:00Z",
          "title: API errors\nstarted_at: 2027-11-26T09:00:00Z", fixed=BUILD),
    _rule("clock-skew", "warning", "A time up to 10 minutes after the build time is probably clock skew: the site "
          "leaves that update out until a build after then.",
          _OK, _OK.replace("2026-11-26T10:00:00Z", "2026-11-28T12:05:00Z")),
    # -- the file name is the id (rules/identity.py, load.py) -----------------------------------------
    _rule("incident-id", "error", "The file name is a safe incident id: `YYYY-MM-DD-slug.yml`, lowercase letters, "
          "digits and hyphens, at most 100 characters. It is the permanent URL and feed id.",
          "# incidents/2026/2026-11-26-api-errors.yml\n" + _OK,
          "# incidents/2026/2026-11-26-API_Errors.yml\n" + _OK, fixed=RECORD),
    _rule("duplicate-id", "error", "No two files share an incident id (the same name in two year folders). "
          "(The failing example is the same file in two folders.)",
          "# incidents/2026/2026-11-26-x.yml\n" + _OK, "# incidents/2026/2026-11-26-x.yml\n" + _OK,
          example_in="twice", fixed=RECORD),
    _rule("id-folder", "error", "A file lives in the folder of its year.",
          "# incidents/2026/2026-11-26-x.yml\n" + _OK, "# incidents/2025/2026-11-26-x.yml\n" + _OK),
    _rule("id-date", "error", "The date in the file name is the day (UTC) the incident started, or the "
          "maintenance window is scheduled to start.",
          "# incidents/2026/2026-11-26-x.yml\n" + _OK, "# incidents/2026/2026-11-25-x.yml\n" + _OK),
    # -- times in order (rules/timeline.py) ----------------------------------------------------------
    _rule("time-order", "error", "started_at ≤ detected_at ≤ acknowledged_at ≤ mitigated_at, and a maintenance "
          "window ends after it starts.",
          _OK + "\ndetected_at: 2026-11-26T09:05:00Z", _OK + "\ndetected_at: 2026-11-26T08:55:00Z", fixed=ORDER),
    _rule("update-order", "error", "Updates are listed oldest first, each at its own time, none before "
          "`started_at` and none after the closing update.",
          _OK, _OK.replace("2026-11-26T10:00:00Z", "2026-11-26T09:05:00Z"), fixed=ORDER),
    # -- corrections (rules/corrections.py) ----------------------------------------------------------
    _rule("correction-date", "error", "A correction is dated after what it corrects, and corrections are listed "
          "oldest first.",
          _OK + "\n    corrected:\n      - at: 2026-11-26T11:00:00Z\n        reason: The fix time was wrong.",
          _OK + "\n    corrected:\n      - at: 2026-11-26T09:30:00Z\n        reason: The fix time was wrong.",
          fixed=RECORD),
    _rule("correction-reason", "error", "A correction's reason says in words what was wrong (at least four letters).",
          _OK + "\n    corrected:\n      - at: 2026-11-26T11:00:00Z\n        reason: The fix time was wrong.",
          _OK + "\n    corrected:\n      - at: 2026-11-26T11:00:00Z\n        reason: '??'"),
    # -- reviews (rules/review.py) -------------------------------------------------------------------
    _rule("review-kind", "error", "Post-incident reviews are for incidents, not maintenance windows.",
          "kind: maintenance\ntitle: Database upgrade\nscheduled_start: 2026-12-05T02:00:00Z\n"
          "scheduled_end: 2026-12-05T04:00:00Z\n# incidents/2026/2026-12-05-x.yml",
          "kind: maintenance\ntitle: Database upgrade\nscheduled_start: 2026-12-05T02:00:00Z\n"
          "scheduled_end: 2026-12-05T04:00:00Z\nreview:\n  summary: It went well.\n"
          "# incidents/2026/2026-12-05-x.yml", fixed=BUILD),
    _rule("review-unresolved", "warning", "A review is written about a resolved incident.",
          _OK + "\nreview:\n  summary: A bad deploy.",
          _OK.replace("resolved", "monitoring") + "\nreview:\n  summary: A bad deploy."),
    _rule("review-timeline", "error", "A review's timeline is listed oldest first, and it is not published before "
          "the incident started.",
          _OK + "\nreview:\n  timeline:\n    - at: 2026-11-26T09:00:00Z\n      text: Deploy.\n"
          "    - at: 2026-11-26T09:10:00Z\n      text: Alert.",
          _OK + "\nreview:\n  timeline:\n    - at: 2026-11-26T09:10:00Z\n      text: Alert.\n"
          "    - at: 2026-11-26T09:00:00Z\n      text: Deploy."),
    _rule("review-todo", "error", "A published review (one with `published_at`) has no TODO placeholder left.",
          _OK + "\nreview:\n  summary: A bad deploy.\n  published_at: 2026-11-27T09:00:00Z",
          _OK + "\nreview:\n  summary: TODO\n  published_at: 2026-11-27T09:00:00Z"),
    _rule("review-overdue", "warning", "A draft review is published within `review_due` (10 days by default) of "
          "its incident's resolution. Only `check --strict` reports it.",
          _OK + "\nreview:\n  summary: A bad deploy.",
          _OK.replace("2026-11-26T1", "2026-11-06T1").replace("2026-11-26T0", "2026-11-06T0")
          + "\nreview:\n  summary: A bad deploy.\n# incidents/2026/2026-11-06-x.yml"),
    # -- advice that depends on the build time (rules/freshness.py) ----------------------------------
    _rule("no-updates", "warning", "An open incident has at least one update: subscribers see nothing before it.",
          _OK, "title: API errors\nstarted_at: 2026-11-26T09:00:00Z"),
    _rule("window-open", "warning", "A maintenance window whose scheduled end has passed is marked completed.",
          _WINDOW,
          "kind: maintenance\ntitle: Database upgrade\nscheduled_start: 2026-11-26T02:00:00Z\n"
          "scheduled_end: 2026-11-26T04:00:00Z\nupdates:\n  - at: 2026-11-26T02:00:00Z\n    status: in_progress\n"
          "    message: Started."),
    _rule("update-overdue", "warning", "An open incident gets its next public update within `update_every` "
          "(by default a cadence set by its impact).",
          _OK, _OK.replace("2026-11-26T1", "2026-11-28T1").replace("2026-11-26T0", "2026-11-28T0")
          .replace("  - at: 2026-11-28T10:00:00Z\n    status: resolved\n    message: The errors have stopped.", "")
          .replace("2026-11-28T09:00:00Z", "2026-11-28T09:00:00Z\nupdate_every: 30m")
          + "\n# incidents/2026/2026-11-28-x.yml"),
    # -- mkdocs.yml (config.py, notify/channels.py) --------------------------------------------------
    _rule("config", "error", "mkdocs.yml enables the statuspress plugin and its settings make sense: folders "
          "inside the project, components and channels declared once, `rules:` naming rules that may change.",
          "plugins:\n  - statuspress:\n      incidents_dir: incidents",
          "plugins:\n  - statuspress:\n      incidents_dir: ../elsewhere", example_in="mkdocs.yml", fixed=BUILD),
    _rule("third-party-fonts", "warning", "The theme fetches no fonts from Google Fonts (a third party) when a "
          "page is viewed: leave `theme.font` out or set it to false.",
          "theme:\n  name: material\n  font: false\nplugins:\n  - statuspress",
          "theme:\n  name: material\n  font:\n    text: Roboto\nplugins:\n  - statuspress",
          example_in="mkdocs.yml"),
    # -- the audit: what was published stays (audit.py) ----------------------------------------------
    _rule("audit-unreadable", "error", "A published file that now has errors cannot be audited: fix it first.",
          _OK, _OK.replace("impact: minor", "impact: huge"), example_in="audit", published=_OK, fixed=RECORD),
    _rule("published-deleted", "error", "Published incidents and updates are never deleted: resolve or correct "
          "them instead.",
          _OK, _OK.split("\n  - at: 2026-11-26T10:00:00Z")[0], example_in="audit", published=_OK, fixed=RECORD),
    _rule("published-changed", "error", "A published update or field changes only with a correction that says why; "
          "published updates keep their order and published corrections stay as they were.",
          _OK.replace("The errors have stopped.", "All errors have stopped.")
          + "\n    corrected:\n      - at: 2026-11-26T11:00:00Z\n        reason: Said which errors.",
          _OK.replace("The errors have stopped.", "All errors have stopped."),
          example_in="audit", published=_OK, fixed=RECORD),
    _rule("update-inserted", "error", "A new update goes at the end of the list, never before published ones.",
          _OK + "\n  - at: 2026-11-26T10:30:00Z\n    status: resolved\n    message: Still fine.",
          _OK.replace("  - at: 2026-11-26T10:00:00Z", "  - at: 2026-11-26T09:30:00Z\n    status: identified\n"
                      "    message: Found it.\n  - at: 2026-11-26T10:00:00Z"),
          example_in="audit", published=_OK, fixed=RECORD),
    _rule("incident-renamed", "warning", "A published incident keeps its file name: renaming it changes its "
          "permanent URL and feed ids.",
          "# incidents/2026/2026-11-26-x.yml\n" + _OK, "# incidents/2026/2026-11-26-renamed.yml\n" + _OK,
          example_in="audit", published="# incidents/2026/2026-11-26-x.yml\n" + _OK),
    _rule("needless-correction", "warning", "A correction is added only when something published changed.",
          _OK, _OK + "\n    corrected:\n      - at: 2026-11-26T11:00:00Z\n        reason: Nothing changed really.",
          example_in="audit", published=_OK),
    # -- the edit commands (authoring/) --------------------------------------------------------------
    _rule("edit-refused", "error", "`statuspress new`, `update` and `review` refuse an edit they cannot make "
          "safely, and write nothing. (The examples run `statuspress review` on the file: a maintenance window "
          "takes no review.)",
          _OK, _WINDOW, example_in="review",
          fixed=RECORD),
)

RULES: Mapping[str, Rule] = {rule.id: rule for rule in _RULES}


def configurable() -> list[Rule]:
    return [rule for rule in RULES.values() if rule.fixed is None]

