"""The example built for the public (the default) and for the incident team (`--audience internal`), read
as files with real parsers: the internal build's banner, noindex and its own URLs; drills and drafts
only internally; "Review in progress" publicly; metrics with and without drills."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import feedparser
import icalendar
from lxml import etree
from lxml import html as lxml_html

from tests.support.site_build import BuiltSite

from .test_site_build import copy_project

DRILL = "2026-10-14-query-database-failover-game-day"
DRILL_TITLE = "Query database primary lost in eu-west"
DRAFT = "2026-11-24-delayed-sms-us-numbers"
PUBLIC_URL = "https://quillstack.github.io/status/"
INTERNAL_URL = "https://status.internal.quillstack.com/"


def page(site: BuiltSite, rel: str) -> Any:
    return lxml_html.fromstring(site.path(rel).read_bytes())


def text(doc: Any) -> str:
    return " ".join(doc.text_content().split())


def robots(doc: Any) -> list[str]:
    return [m.get("content") for m in doc.iter("meta") if m.get("name") == "robots"]


def test_every_internal_page_says_internal_and_noindex(built_internal_site: BuiltSite) -> None:
    pages = built_internal_site.html_pages
    assert any(p.name == "404.html" for p in pages) and len(pages) > 50
    for path in pages:
        doc = lxml_html.fromstring(path.read_bytes())
        assert robots(doc) == ["noindex"], built_internal_site.rel(path)
        banner = doc.find_class("sp-internal")
        assert len(banner) == 1, built_internal_site.rel(path)
        assert text(banner[0]).startswith("Internal This build shows everything")


def test_no_public_page_says_internal_or_noindex(built_site: BuiltSite) -> None:
    for path in built_site.html_pages:
        doc = lxml_html.fromstring(path.read_bytes())
        assert robots(doc) == [] and not doc.find_class("sp-internal"), built_site.rel(path)


def test_the_internal_build_never_links_to_the_public_site(built_internal_site: BuiltSite) -> None:
    for path in built_internal_site.files("**/*"):
        if path.suffix in (".html", ".xml", ".atom", ".rss", ".json", ".ics", ".svg"):
            assert PUBLIC_URL not in path.read_text(encoding="utf-8"), built_internal_site.rel(path)
    feed = feedparser.parse(built_internal_site.path("feed.atom").read_bytes())
    assert {link.href for link in feed.feed.links} == {INTERNAL_URL + "feed.atom", INTERNAL_URL}
    rss = feedparser.parse(built_internal_site.path("history.rss").read_bytes())
    assert rss.feed.link == INTERNAL_URL + "history/"
    json_feed = json.loads(built_internal_site.read_text("feed.json"))
    assert (json_feed["feed_url"], json_feed["home_page_url"]) == (INTERNAL_URL + "feed.json", INTERNAL_URL)
    assert json.loads(built_internal_site.read_text("api/v2/summary.json"))["page"]["url"] == INTERNAL_URL
    sitemap = etree.fromstring(built_internal_site.path("sitemap.xml").read_bytes())
    locs = [e.text for e in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert locs and all(loc.startswith(INTERNAL_URL) for loc in locs)
    calendar = icalendar.Calendar.from_ical(built_internal_site.path("maintenance.ics").read_bytes())
    assert all(str(e["URL"]).startswith(INTERNAL_URL) for e in calendar.walk("VEVENT"))
    canonical = [link.get("href") for link in page(built_internal_site, "").iter("link")
                 if link.get("rel") == "canonical"]
    assert canonical == [INTERNAL_URL]


def test_the_drill_is_only_in_the_internal_build_and_labelled(built_site: BuiltSite,
                                                              built_internal_site: BuiltSite) -> None:
    assert not built_site.path(f"incidents/{DRILL}/").exists()
    for rel in ("history/", "feed.atom", "api/v2/incidents.json", "sitemap.xml", "search/search_index.json",
                "components/query/"):
        assert DRILL not in built_site.read_text(rel) and DRILL_TITLE not in built_site.read_text(rel), rel
    doc = page(built_internal_site, f"incidents/{DRILL}/")
    assert doc.findtext(".//h1") == f"Drill: {DRILL_TITLE}"
    assert [text(e) for e in doc.find_class("sp-drill")] == ["Drill"]
    assert f"Drill: {DRILL_TITLE}" in text(page(built_internal_site, "history/"))
    entries = feedparser.parse(built_internal_site.path("feed.atom").read_bytes()).entries
    assert any(e.title.startswith(f"Drill: {DRILL_TITLE}") for e in entries)


def test_a_drill_never_changes_status_or_uptime(built_site: BuiltSite, built_internal_site: BuiltSite) -> None:
    """The drill put `query` in a major outage on 14 Oct (inside the 90 days): neither build counts it."""
    def uptime(site: BuiltSite) -> list[str]:
        doc = page(site, "components/query/")
        return [text(e) for e in doc.find_class("sp-uptime__percent")] + [
            li.get("class") for li in doc.find_class("sp-day")]
    assert uptime(built_internal_site) == uptime(built_site)
    oct14 = [text(li) for li in page(built_internal_site, "components/query/").find_class("sp-day")
             if "14 Oct 2026" in text(li)]
    assert oct14 and "downtime" in oct14[0] and "no downtime" in oct14[0]
    public_api = json.loads(built_site.read_text("api/v2/components.json"))
    internal_api = json.loads(built_internal_site.read_text("api/v2/components.json"))
    assert [(c["id"], c["status"]) for c in public_api["components"]] == [
        (c["id"], c["status"]) for c in internal_api["components"]]


def count_in_all(site: BuiltSite, rel: str) -> int:
    match = re.search(r": (\d+) in all\.", text(page(site, rel)))
    assert match, rel
    return int(match.group(1))


def test_internal_metrics_leave_drills_out_or_count_them(built_site: BuiltSite,
                                                         built_internal_site: BuiltSite) -> None:
    assert not built_site.path("metrics/with-drills/").exists()
    assert not page(built_site, "metrics/").find_class("sp-toggle")
    public = count_in_all(built_site, "metrics/")
    assert count_in_all(built_internal_site, "metrics/") == public
    assert count_in_all(built_internal_site, "metrics/with-drills/") == public + 1
    for rel, current in (("metrics/", "left out"), ("metrics/with-drills/", "counted")):
        toggle = page(built_internal_site, rel).find_class("sp-toggle")[0]
        links = {text(a): (a.get("href"), a.get("aria-current")) for a in toggle.iter("a")}
        assert {name for name, (_, state) in links.items() if state == "page"} == {current}
        assert set(links) == {"left out", "counted"}


def test_a_draft_review_is_internal_and_the_public_page_says_in_progress(built_site: BuiltSite,
                                                                        built_internal_site: BuiltSite) -> None:
    assert not built_site.path(f"reviews/{DRAFT}/").exists()
    public_incident = page(built_site, f"incidents/{DRAFT}/")
    links = public_incident.find_class("sp-links__review")
    assert [text(e) for e in links] == [
        "Review in progress: the post-incident review will be linked here when it is published."]
    assert not [a for a in public_incident.iter("a") if DRAFT in a.get("href", "") and "reviews" in a.get("href", "")]
    for rel in ("sitemap.xml", "search/search_index.json", "reviews/", "reviews/actions/", "feed.atom"):
        assert f"reviews/{DRAFT}" not in built_site.read_text(rel), rel
        assert "Automate carrier failover" not in built_site.read_text(rel), rel
    internal = page(built_internal_site, f"reviews/{DRAFT}/")
    assert text(internal.find_class("sp-draft-note")[0]).startswith("Draft.")
    assert "Draft review by Luis Carvalho, Jonah Reyes." in text(internal)
    index = {text(tr.find("td")): text(tr.findall("td")[-1]) for tr in page(built_internal_site, "reviews/").iter("tr")
             if tr.find("td") is not None}
    assert index["Delayed SMS alerts to US phone numbers"] == "Draft"
    internal_incident = page(built_internal_site, f"incidents/{DRAFT}/")
    assert [text(e) for e in internal_incident.find_class("sp-links__review")] == [
        "Post-incident review (draft, not published)"]


def test_the_internal_site_has_its_own_default_folder(tmp_path: Path) -> None:
    config = copy_project(tmp_path / "project")   # no --site-dir: the default folder is the point
    done = subprocess.run([sys.executable, "-m", "generator.cli", "build", "--audience", "internal",
                           "--at", "2026-11-28T12:00:00Z"], cwd=config.parent, capture_output=True, text=True,
                          timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    assert f"built {config.parent / 'site-internal'} (internal) at 2026-11-28T12:00:00Z" in done.stderr
    assert (config.parent / "site-internal" / "index.html").is_file()
    assert not (config.parent / "site").exists()
