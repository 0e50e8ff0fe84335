"""Issue 10, security 1: every free-text value is text in mkdocs-material's frame too.

A real `statuspress build` of a project whose site name, component name, group and description,
incident titles, tags and review summary are markup. Every HTML page (the 404 included) is parsed
with html5lib: nothing may run, and the header, <h1>, <title>, <meta name=description>, the tabs and
the announcement bar must show each value as the exact text that was typed.
"""

from __future__ import annotations

import html5lib
import jinja2
import pytest

from generator.render import theme
from tests.security.inert import live_html
from tests.security.project import AT, quoted, write_project
from tests.support.site_build import BuiltSite, build_site

SITE_NAME = 'Acme <script>alert("site")</script> & Co'
TITLE = '<img src=x onerror=alert(1)> & "quoted" </title><script>alert(2)</script>'
RESOLVED_TITLE = "Resolved &lt;b&gt;entity&lt;/b&gt; <svg/onload=alert(8)>"
TAG = "<svg onload=alert(3)>"
NAME = "<script>alert(4)</script> API"
GROUP = "<b onmouseover=alert(5)>Platform</b>"
DESCRIPTION = '"><img src=x onerror=alert(6)>'
SUMMARY = '</title><script>alert(7)</script> & "summary" line'
# A hand-written page whose heading shows markup as text: mkdocs-material prints its title through
# `striptags`, which decodes the entities unless the plugin's safe filter is installed.
ABOUT = "# Use &lt;script&gt;alert(9)&lt;/script&gt; with care\n\nText.\n"

OPEN = f"""\
title: {quoted(TITLE)}
impact: major
components:
  api: partial_outage
started_at: 2026-11-28T08:00:00Z
tags: [{quoted(TAG)}]
updates:
  - at: 2026-11-28T08:10:00Z
    status: investigating
    message: We are looking into it.
"""
RESOLVED = f"""\
title: {quoted(RESOLVED_TITLE)}
impact: minor
components:
  api: degraded_performance
started_at: 2026-11-20T08:00:00Z
tags: [{quoted(TAG)}]
updates:
  - at: 2026-11-20T08:10:00Z
    status: resolved
    message: Fixed.
review:
  summary: {quoted(SUMMARY)}
  published_at: 2026-11-27T09:00:00Z
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    root = tmp_path_factory.mktemp("theme-text")
    config = write_project(root / "project", {"2026-11-28-open": OPEN, "2026-11-20-resolved": RESOLVED},
                           site_name=SITE_NAME, pages={"about.md": ABOUT},
                           components=[{"id": "api", "name": NAME, "group": GROUP, "description": DESCRIPTION}])
    return build_site(root / "site", config_file=config, at=AT)


def parse(site: BuiltSite, rel: str) -> html5lib.etree.ElementTree:
    return html5lib.parse(site.read_text(rel), treebuilder="lxml", namespaceHTMLElements=False)


def texts(doc: object, xpath: str) -> list[str]:
    return [" ".join("".join(el.itertext()).split()) for el in doc.xpath(xpath)]  # type: ignore[attr-defined]


def test_nothing_runs_on_any_page(site: BuiltSite) -> None:
    pages = site.html_pages
    assert len(pages) >= 15 and site.path("404.html") in pages
    problems = [p for page in pages for p in live_html(page.read_bytes(), site.rel(page))]
    assert problems == []


@pytest.mark.parametrize(("rel", "title"), [
    ("incidents/2026-11-28-open/", TITLE),
    ("incidents/2026-11-20-resolved/", RESOLVED_TITLE),
    ("reviews/2026-11-20-resolved/", f"Review: {RESOLVED_TITLE}"),
    ("components/api/", NAME),
    ("tags/svg-onload-alert-3/", f"Tag: {TAG}"),
])
def test_titles_are_text_in_title_h1_and_header(site: BuiltSite, rel: str, title: str) -> None:
    doc = parse(site, rel)
    assert texts(doc, "//title") == [f"{title} - {SITE_NAME}"]
    assert texts(doc, "//h1") == [title]
    assert texts(doc, "//*[contains(@class, 'md-header__topic')]//*[contains(@class, 'md-ellipsis')]") == [
        SITE_NAME, title]


def test_a_hand_written_title_goes_through_a_safe_striptags(site: BuiltSite) -> None:
    doc = parse(site, "about/")
    assert texts(doc, "//title") == [f"Use <script>alert(9)</script> with care - {SITE_NAME}"]
    assert live_html(site.read_text("about/"), "about/") == []


def test_theme_striptags_filter_keeps_escaped_text_escaped() -> None:
    env = theme.install(jinja2.Environment(autoescape=False))  # noqa: S701 - as mkdocs makes the theme env
    template = env.from_string("<title>{{ title | striptags }}</title>")
    assert template.render(title="A <em>b</em> &lt;script&gt;") == "<title>A b &lt;script&gt;</title>"
    assert template.render(title=theme.text("<img src=x onerror=alert(1)>")) == (
        "<title>&lt;img src=x onerror=alert(1)&gt;</title>")
    stock = jinja2.Environment(autoescape=False).from_string("{{ title | striptags }}")  # noqa: S701
    assert stock.render(title=theme.text("<script>")) == "<script>"     # what the stock filter would do


def test_description_is_text_in_meta(site: BuiltSite) -> None:
    doc = parse(site, "reviews/2026-11-20-resolved/")
    assert [m.get("content") for m in doc.xpath("//meta[@name='description']")] == [SUMMARY]
    assert [m.get("content") for m in parse(site, "components/api/").xpath("//meta[@name='description']")] == [
        f"Status, uptime and incidents of {NAME}"]


@pytest.mark.parametrize("rel", ["history/", "incidents/2026-11-20-resolved/", "404.html"])
def test_announcement_bar_shows_the_open_title_as_text(site: BuiltSite, rel: str) -> None:
    doc = parse(site, rel)
    assert texts(doc, "//*[contains(@class, 'sp-announce__list')]//a") == [TITLE]


def test_home_shows_the_open_title_as_text_in_its_card(site: BuiltSite) -> None:
    """The home page has one status (issue 13): no announcement bar, the open incident in its card."""
    doc = parse(site, "")
    assert texts(doc, "//*[contains(@class, 'sp-announce__list')]//a") == []
    assert texts(doc, "//*[contains(@class, 'sp-card__title')]/a") == [TITLE]


def test_feed_link_titles_and_site_name_are_text(site: BuiltSite) -> None:
    doc = parse(site, "incidents/2026-11-28-open/")
    titles = [link.get("title") for link in doc.xpath("//link[@type='application/atom+xml']")]
    assert f"{SITE_NAME}: every update (Atom)" in titles
    assert f"{TITLE} (Atom)" in titles
    assert texts(parse(site, "404.html"), "//*[contains(@class, 'sp-404')]//li[1]/a") == [
        f"Current status of {SITE_NAME}"]


def test_component_group_and_description_are_text_on_home(site: BuiltSite) -> None:
    html = site.read_text("")
    doc = html5lib.parse(html, treebuilder="lxml", namespaceHTMLElements=False)
    page_text = " ".join("".join(doc.getroot().itertext()).split())
    for value in (NAME, GROUP, DESCRIPTION):
        assert value in page_text


def test_tags_are_text(site: BuiltSite) -> None:
    assert TAG in texts(parse(site, "tags/"), "//main//a")
