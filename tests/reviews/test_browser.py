"""The review page, the metrics page and the action-item tracker in Debian's chromium (Playwright),
served under the example's /status/ sub-path: visible, axe-core clean (no serious or critical
violation), readable in dark mode and without JavaScript, and search finds a review."""

from __future__ import annotations

from typing import Any

import pytest

from tests.support.browser import PHONE, OpenPage
from tests.support.validators import blocking, run_axe

pytestmark = pytest.mark.browser

REVIEWED = "2026-11-17-query-engine-outage"


def axe_clean(page: Any, where: str) -> None:
    bad = blocking(run_axe(page))
    assert not bad, f"axe-core serious/critical on {where}:\n  " + "\n  ".join(map(str, bad))


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_internal_review_page(open_internal_page: OpenPage, scheme: str) -> None:
    visit = open_internal_page(f"reviews/{REVIEWED}/", color_scheme=scheme)
    page = visit.page
    assert "Review: Reports and queries failing" in page.locator("h1").inner_text()
    assert page.locator(".sp-internal__label").inner_text().strip().lower() == "internal"
    for heading in ("Summary", "Root cause", "Timeline", "Action items", "Roles", "Metrics"):
        assert page.get_by_role("heading", name=heading, exact=True).is_visible()
    timeline = page.locator(".sp-review-timeline > li")
    assert timeline.count() == 5 + 12                     # public updates + internal events
    assert page.locator(".sp-tag--internal").first.is_visible()
    metrics = page.get_by_role("table").filter(has_text="Time to detect")
    assert "3m" in metrics.inner_text() and "1h 52m" in metrics.inner_text()
    actions = page.get_by_role("table").filter(has_text="Hana Sato")
    assert "Overdue" in actions.inner_text()
    axe_clean(page, f"internal review ({scheme})")
    visit.assert_clean()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_public_review_page(open_page: OpenPage, scheme: str) -> None:
    visit = open_page(f"reviews/{REVIEWED}/", color_scheme=scheme)
    page = visit.page
    assert "Review: Reports and queries failing" in page.locator("h1").inner_text()
    for heading in ("Summary", "Root cause", "Timeline", "Action items", "Metrics"):
        assert page.get_by_role("heading", name=heading, exact=True).is_visible()
    assert page.get_by_role("heading", name="Roles", exact=True).count() == 0
    assert page.locator(".sp-review-timeline > li").count() == 5          # the public updates only
    assert page.locator(".sp-tag--internal").count() == 0
    actions = page.get_by_role("table").filter(has_text="Build cache keys")
    assert "Overdue" in actions.inner_text() and "Hana Sato" not in actions.inner_text()
    assert page.locator(".sp-internal").count() == 0
    axe_clean(page, f"public review ({scheme})")
    visit.assert_clean()


def test_review_page_without_javascript_and_on_a_phone(open_page: OpenPage) -> None:
    visit = open_page(f"reviews/{REVIEWED}/", javascript=False, viewport=PHONE, mobile=True)
    page = visit.page
    assert page.get_by_role("heading", name="What went wrong").is_visible()
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth + 1")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_metrics_page_charts(open_page: OpenPage, scheme: str) -> None:
    visit = open_page("metrics/", color_scheme=scheme)
    page = visit.page
    charts = page.locator("svg.sp-chart[role=img]")
    assert charts.count() == 6
    for n in range(charts.count()):
        chart = charts.nth(n)
        chart.scroll_into_view_if_needed()
        assert chart.is_visible()
        box = chart.bounding_box()
        assert box is not None and box["width"] > 300 and box["height"] > 100
    # The accessible name comes from the <title>.
    assert page.get_by_role("img", name="Incidents per month by impact").count() == 1
    # Text in the charts follows the theme's foreground colour (readable in dark mode).
    fill, fg = page.evaluate("""() => {
        const t = document.querySelector('svg.sp-chart text');
        return [getComputedStyle(t).fill, getComputedStyle(t.closest('article')).color];
    }""")
    assert fill == fg
    # The data table opens.
    summary = page.locator("details.sp-chart-data summary").first
    summary.click()
    assert page.locator("details.sp-chart-data").first.locator("table").is_visible()
    axe_clean(page, f"metrics ({scheme})")
    visit.assert_clean()


def test_metrics_page_without_javascript(open_page: OpenPage) -> None:
    visit = open_page("metrics/", javascript=False)
    assert visit.page.locator("svg.sp-chart").first.is_visible()


def test_internal_action_tracker_groups_by_owner(open_internal_page: OpenPage) -> None:
    visit = open_internal_page("reviews/actions/")
    page = visit.page
    overdue = page.locator("#overdue + .sp-table-wrap table")
    assert overdue.is_visible()
    assert "Build cache keys from an explicit list of fields" in overdue.inner_text()
    assert page.get_by_role("heading", name="Hana Sato").is_visible()
    # Links go to the reviews, relative to the page.
    link = overdue.get_by_role("link", name="Reports and queries failing across all regions")
    assert link.get_attribute("href") == f"../{REVIEWED}/"
    axe_clean(page, "internal tracker")
    visit.assert_clean()


def test_public_action_tracker_has_no_owners(open_page: OpenPage) -> None:
    visit = open_page("reviews/actions/")
    page = visit.page
    overdue = page.locator("#overdue + .sp-table-wrap table")
    assert "Build cache keys from an explicit list of fields" in overdue.inner_text()
    link = overdue.get_by_role("link", name="Reports and queries failing across all regions")
    assert link.get_attribute("href") == f"../{REVIEWED}/"
    assert page.get_by_role("heading", name="All action items").is_visible()
    assert page.get_by_role("heading", name="Hana Sato").count() == 0
    assert "Owner" not in page.locator("article").inner_text()
    axe_clean(page, "public tracker")
    visit.assert_clean()


def test_reviews_index(open_page: OpenPage) -> None:
    visit = open_page("reviews/")
    page = visit.page
    page.get_by_role("link", name="Reports and queries failing across all regions").click()
    page.wait_for_url(f"**/reviews/{REVIEWED}/")
    axe_clean(page, "review via the index")
    visit.assert_clean()


def test_search_finds_a_review_by_a_word_only_in_it(open_page: OpenPage) -> None:
    visit = open_page("")
    page = visit.page
    search = page.locator("input.md-search__input")
    search.click()
    page.keyboard.type("jitter")          # material's search listens to key events, not `fill`
    result = page.locator(f".md-search-result__item a[href*='reviews/{REVIEWED}/']")
    result.first.wait_for(state="attached", timeout=15000)
    assert result.count() >= 1
    visit.assert_clean()
