"""What a person sees of each build in real Chromium: no person's name anywhere on a public incident page
(visible text, labels, tooltips), the team and the "Internal" banner on the internal one, both axe-clean.

With STATUSPRESS_SCREENS=<folder> set, each page is also saved there as a full-page PNG (for reviewers;
the folder is never in the repository).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.history import read_history
from tests.support.browser import OpenPage
from tests.support.paths import REPO_ROOT
from tests.support.validators import assert_axe_clean as axe_clean

pytestmark = pytest.mark.browser

PAGES = ("2026-11-17-query-engine-outage", "2026-11-24-delayed-sms-us-numbers", "2026-03-04-saml-sso-sign-in-failures")
DRILL = "2026-10-14-query-database-failover-game-day"


def people() -> set[str]:
    """Every person's name in the example: the teams, owners and review authors in the files (read with
    PyYAML), and whoever committed them (git)."""
    names: set[str] = set()
    for path in (REPO_ROOT / "incidents").rglob("*.yml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for value in (data.get("roles") or {}).values():
            names.update(value if isinstance(value, list) else [value])
        review = data.get("review") or {}
        names.update(a["owner"] for a in review.get("action_items") or [])
        names.update(review.get("authors") or [])
    history = read_history(REPO_ROOT, "incidents")
    names.update(c.author_name for commits in history.files.values() for c in commits)
    return names


def screenshot(page: Any, name: str) -> None:
    folder = os.environ.get("STATUSPRESS_SCREENS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def everything_shown(page: Any) -> str:
    """The page's visible text and every label, title and link a reader or a screen reader can reach."""
    return page.evaluate("""() => {
        const parts = [document.body.innerText];
        for (const el of document.querySelectorAll('*')) {
            for (const a of ['aria-label', 'title', 'alt', 'href']) {
                if (el.hasAttribute(a)) parts.push(el.getAttribute(a));
            }
        }
        return parts.join('\\n');
    }""")


@pytest.mark.parametrize("incident", PAGES)
def test_a_public_incident_page_shows_no_persons_name(open_page: OpenPage, incident: str) -> None:
    names = people()
    assert {"Adaeze Okafor", "Hana Sato", "Luis Carvalho"} <= names
    visit = open_page(f"incidents/{incident}/")
    page = visit.page
    shown = everything_shown(page)
    assert [n for n in sorted(names) if n in shown] == []
    assert "Priority" not in page.locator("article").inner_text()
    assert page.locator(".sp-internal").count() == 0
    screenshot(page, f"public-{incident}")
    axe_clean(page, f"public incident {incident}")
    visit.assert_clean()


def test_the_public_draft_incident_says_review_in_progress(open_page: OpenPage) -> None:
    visit = open_page("incidents/2026-11-24-delayed-sms-us-numbers/")
    assert visit.page.get_by_text("Review in progress", exact=False).is_visible()
    assert visit.page.get_by_role("link", name="Post-incident review").count() == 0


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_an_internal_incident_page_shows_the_team_under_an_internal_banner(open_internal_page: OpenPage,
                                                                          scheme: str) -> None:
    visit = open_internal_page("incidents/2026-11-17-query-engine-outage/", color_scheme=scheme)
    page = visit.page
    banner = page.locator(".sp-internal")
    assert banner.is_visible() and banner.inner_text().startswith("INTERNAL")   # the label is upper-cased by CSS
    team = page.locator("#team + dl").inner_text()
    assert "Adaeze Okafor" in team and "Hana Sato" in team
    assert "P1" in page.locator("dl.sp-facts").first.inner_text()
    assert page.locator('meta[name="robots"]').get_attribute("content") == "noindex"
    screenshot(page, f"internal-2026-11-17-query-engine-outage-{scheme}")
    axe_clean(page, f"internal incident ({scheme})")
    visit.assert_clean()


def test_an_internal_drill_page_is_labelled(open_internal_page: OpenPage) -> None:
    visit = open_internal_page(f"incidents/{DRILL}/")
    page = visit.page
    assert page.locator("h1").inner_text() == "Drill: Query database primary lost in eu-west"
    assert page.locator(".sp-drill").is_visible()
    screenshot(page, "internal-drill")
    axe_clean(page, "internal drill")
    visit.assert_clean()


def test_internal_404_and_draft_review_are_marked(open_internal_page: OpenPage) -> None:
    missing = open_internal_page("404.html")
    assert missing.page.locator(".sp-internal").is_visible()
    assert missing.page.locator('meta[name="robots"]').get_attribute("content") == "noindex"
    axe_clean(missing.page, "internal 404")
    draft = open_internal_page("reviews/2026-11-24-delayed-sms-us-numbers/")
    assert draft.page.locator(".sp-draft-note").is_visible()
    screenshot(draft.page, "internal-draft-review")
    axe_clean(draft.page, "internal draft review")
    draft.assert_clean()
