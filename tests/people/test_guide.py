"""Item 8: the guide covers reviews (drafting and publishing), the default update cadence by impact, and
says that an overdue notice is shown publicly; the browser shows both as the guide says. (Drafts are
internal since issue 12: the public build says "Review in progress", the internal one shows the draft.)"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from generator.model import Impact
from generator.policy import DEFAULT_UPDATE_EVERY
from tests.support.paths import REPO_ROOT, copy_example

from .helpers import VARIANTS, build, run_process, write

GUIDE = (REPO_ROOT / "docs" / "guide.md").read_text(encoding="utf-8")
TEMPLATES = REPO_ROOT / "generator" / "templates" / "statuspress"


def spoken(value: timedelta) -> str:
    minutes = int(value.total_seconds() // 60)
    return f"{minutes // 60} h" if minutes % 60 == 0 else f"{minutes} min"


def test_the_guide_gives_the_default_cadence_of_every_impact() -> None:
    rows = dict(re.findall(r"^\| (none|minor|major|critical) \| (\d+ (?:min|h)) \|$", GUIDE, re.M))
    assert rows == {impact.value: spoken(every) for impact, every in DEFAULT_UPDATE_EVERY.items()}
    assert set(rows) == {i.value for i in Impact}


def test_the_guide_says_the_overdue_notice_is_public_in_the_pages_words() -> None:
    assert "**If you miss it, the status page\nsays so publicly:**" in GUIDE
    assert 'the incident shows "Next update overdue since 09:45 UTC" on the home\npage and on its own page' in GUIDE
    assert "Next update overdue since {{" in (TEMPLATES / "partials" / "macros.html").read_text(encoding="utf-8")


def test_the_guide_covers_drafting_and_publishing_a_review() -> None:
    section = GUIDE[GUIDE.index("## The post-incident review"):GUIDE.index("## From GitHub")]
    for words in ("statuspress review 2026-11-28-delayed-event-processing", "**A review without `published_at` is "
                  "a draft, and drafts are never public**", '"Draft review"', '"Review in progress"',
                  "published_at: 2026-12-01T10:00:00Z", "statuspress check --strict"):
        assert words in section, words
    assert "Draft review" in (TEMPLATES / "review.html").read_text(encoding="utf-8")


LATE = """\
title: Slow reports
impact: minor
components: {query: degraded_performance}
started_at: 2026-11-28T09:00:00Z
updates:
  - at: 2026-11-28T09:10:00Z
    status: investigating
    message: Reports are slow.
"""


def project_copy(root: Path) -> Path:
    return copy_example(root, ("overrides", "pages"))


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """An overdue incident (minor: due 10:10, built at 10:30), and its review as a draft and published."""
    root = project_copy(tmp_path_factory.mktemp("guide") / "project")
    path = write(root, "incidents/2026/2026-11-28-slow-reports.yml", LATE)
    out = {name: root.parent / name for name in ("overdue", "draft", "draft-internal", "published")}
    build(root, "2026-11-28T10:30:00Z", out["overdue"])
    path.write_text(LATE + "  - at: 2026-11-28T10:40:00Z\n    status: resolved\n    message: Fast again.\n")
    assert run_process(root, "review", "2026-11-28-slow-reports", "--at", "2026-11-29T09:00:00Z").code == 0
    build(root, "2026-11-29T09:00:00Z", out["draft"])
    build(root, "2026-11-29T09:00:00Z", out["draft-internal"], "internal")
    # As the guide says: replace every TODO (check refuses a published review with one left), then publish.
    finished = path.read_text().replace("TODO", "Written")
    path.write_text(finished.replace("review:\n", "review:\n  published_at: 2026-11-30T10:00:00Z\n"))
    build(root, "2026-11-30T11:00:00Z", out["published"])
    return out


@pytest.mark.browser
@pytest.mark.parametrize(("viewport", "scheme"), VARIANTS)
def test_an_overdue_update_is_shown_publicly(sites: dict[str, Path], served: Callable[..., Any], browse: Any,
                                            viewport: dict[str, int], scheme: str) -> None:
    server = served(sites["overdue"])
    home = browse(server.url(""), viewport, scheme)
    notice = home.page.locator(".sp-card__due--overdue")
    assert notice.is_visible()
    assert notice.inner_text().startswith("Next update overdue since")
    assert notice.locator('time[datetime="2026-11-28T10:10:00Z"]').count() == 1
    home.assert_clean()
    page = browse(server.url("incidents/2026-11-28-slow-reports/"), viewport, scheme)
    due = page.page.locator(".sp-incident__state--overdue .sp-incident__due")
    assert due.is_visible()
    assert due.inner_text().startswith("Next update overdue since")
    page.assert_clean()


@pytest.mark.browser
@pytest.mark.parametrize(("viewport", "scheme"), VARIANTS)
def test_a_merged_draft_review_is_internal_until_published(
        sites: dict[str, Path], served: Callable[..., Any], browse: Any, viewport: dict[str, int],
        scheme: str) -> None:
    """Issue 12: drafts are never public. The public incident page says "Review in progress"; the
    internal build shows the draft, labelled."""
    assert not (sites["draft"] / "reviews" / "2026-11-28-slow-reports").exists()
    incident = browse(served(sites["draft"]).url("incidents/2026-11-28-slow-reports/"), viewport, scheme)
    assert incident.page.get_by_text("Review in progress", exact=False).is_visible()
    incident.assert_clean()
    draft = browse(served(sites["draft-internal"]).url("reviews/2026-11-28-slow-reports/"), viewport, scheme)
    state = draft.page.locator(".sp-review__meta").nth(1)
    assert state.is_visible()
    assert state.inner_text().startswith("Draft review")
    draft.assert_clean()
    published = browse(served(sites["published"]).url("reviews/2026-11-28-slow-reports/"), viewport, scheme)
    state = published.page.locator(".sp-review__meta").nth(1)
    assert state.is_visible()
    assert state.inner_text().startswith("Review published")
    published.assert_clean()
