"""Issue 10, security 2: the search index holds escaped text only, so a search never runs a title.

mkdocs-material inserts search results into the page as HTML. The index (search/search_index.json) is
parsed as JSON and each title and text as an HTML fragment; then chromium types a query into the
built site's search box and opens `?q=`, and no payload may fire.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest

from generator.render.pages import Page
from generator.render.search import entries
from tests.security.browsing import watched_page
from tests.security.inert import elements, live_html, text_of
from tests.security.project import AT, quoted, write_project
from tests.support.server import LoopbackServer, serve
from tests.support.site_build import BuiltSite, build_site

WORD = "zebrafish"
TITLE = f'{WORD} <img src=x onerror=alert(1)> "quoted" & <b>bold</b>'
ENTITY_TITLE = f"{WORD} &lt;img src=x onerror=alert(2)&gt; entity"
TAG = "<svg onload=alert(3)>"
INCIDENT = f"""\
title: {quoted(TITLE)}
impact: minor
components:
  api: degraded_performance
started_at: 2026-11-20T08:00:00Z
tags: [{quoted(TAG)}]
updates:
  - at: 2026-11-20T08:10:00Z
    status: resolved
    message: {quoted(f"{WORD} <img src=x onerror=alert(4)> fixed")}
review:
  summary: {quoted(f"{WORD} summary <script>alert(5)</script>")}
  action_items:
    - title: {quoted(f"{WORD} <img src=x onerror=alert(6)>")}
      owner: {quoted("<svg onload=alert(7)>")}
      type: prevent
  published_at: 2026-11-22T09:00:00Z
"""
ENTITY = INCIDENT.replace(quoted(TITLE), quoted(ENTITY_TITLE))


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    root = tmp_path_factory.mktemp("search-index")
    config = write_project(root / "project", {"2026-11-20-markup": INCIDENT, "2026-11-21-entity": ENTITY.replace(
        "2026-11-20T", "2026-11-21T")})
    return build_site(root / "site", config_file=config, at=AT)


@pytest.fixture(scope="module")
def index(site: BuiltSite) -> list[dict[str, str]]:
    docs: list[dict[str, str]] = json.loads(site.read_text("search/search_index.json"))["docs"]
    return docs


def test_every_title_and_text_in_the_index_is_inert_text(index: list[dict[str, str]]) -> None:
    problems = [p for doc in index for key in ("title", "text")
                for p in live_html(doc[key], f"{doc['location']} {key}", fragment=True)]
    assert problems == []
    assert [doc["location"] for doc in index if elements(doc["title"])] == []      # titles: no element at all
    assert {tag for doc in index for tag in elements(doc["text"])} <= {"p"}


def test_titles_read_back_as_exactly_what_was_typed(index: list[dict[str, str]]) -> None:
    titles = {doc["location"]: text_of(doc["title"]) for doc in index}
    assert titles["incidents/2026-11-20-markup/"] == TITLE
    assert titles["incidents/2026-11-21-entity/"] == ENTITY_TITLE
    assert titles["reviews/2026-11-20-markup/"] == f"Review: {TITLE}"


def test_each_generated_page_is_indexed_once_by_statuspress(index: list[dict[str, str]]) -> None:
    """Our pages stay out of the theme's own HTML parse (meta `search: exclude`), or they would be
    indexed twice."""
    pages = Counter(doc["location"] for doc in index if "#" not in doc["location"])
    assert [location for location, count in pages.items() if count > 1] == []


@pytest.mark.parametrize("title", [TITLE, ENTITY_TITLE, '&#34;"\\ &amp; \'', "*&a [x]: y # z"])
def test_page_meta_holds_escaped_text_and_stays_out_of_the_themes_search(title: str) -> None:
    """What mkdocs-material reads of our pages (no front matter: the plugin sets the meta itself)."""
    meta = Page("x.md", title, "t.html", description=title).meta()
    assert meta["search"] == {"exclude": True}
    assert text_of(meta["title"]) == text_of(meta["description"]) == title
    assert elements(meta["title"]) == []


def test_section_headings_are_escaped_again() -> None:
    body = '<p>x</p><h2 id="a">&lt;img src=x onerror=alert(1)&gt; <em>y</em></h2><p>z</p>'
    found = entries("p/", "<b>t</b>", body)
    assert [e["title"] for e in found] == ["&lt;b&gt;t&lt;/b&gt;", "&lt;img src=x onerror=alert(1)&gt; y"]


# ----------------------------------------------------------------------------------------- in chromium


@pytest.fixture(scope="module")
def server(site: BuiltSite) -> Iterator[LoopbackServer]:
    running = serve(site.root, site.subpath)
    yield running
    running.stop()


@pytest.mark.browser
def test_typing_a_query_shows_the_titles_as_text_and_runs_nothing(chromium: Any, server: LoopbackServer) -> None:
    with watched_page(chromium, server) as seen:
        page = seen.page
        page.goto(server.url("history/"), wait_until="networkidle")
        page.keyboard.press("/")
        page.locator("input.md-search__input").press_sequentially(WORD, delay=20)
        results = page.locator(".md-search-result__item")
        results.first.wait_for(state="visible", timeout=10_000)
        page.wait_for_timeout(500)       # time for an injected <img onerror> to fail and fire
        shown = page.locator(".md-search-result").inner_text()
        injected = page.locator(".md-search-result img, .md-search-result script, .md-search-result svg b").count()
        assert (seen.dialogs, injected, seen.page_errors) == ([], 0, [])
        assert "onerror=alert(1)" in shown        # the payload is on screen, as text


@pytest.mark.browser
def test_a_shared_search_link_runs_nothing(chromium: Any, server: LoopbackServer) -> None:
    with watched_page(chromium, server) as seen:
        page = seen.page
        page.goto(server.url(f"?q={WORD}"), wait_until="networkidle")
        page.locator(".md-search-result__item").first.wait_for(state="visible", timeout=10_000)
        page.wait_for_timeout(500)
        assert (seen.dialogs, seen.page_errors) == ([], [])
        assert page.locator(".md-search-result img").count() == 0
