"""Items 9-13: what a stakeholder sees on a phone or a desktop, and what a subscriber's client receives.

One project, built once: an incident in progress (its messages wrapped as people wrap YAML), a window
scheduled five days ahead, an outage three days ago and one fifty days ago (inside the 90-day bar, outside
the 30 days a phone shows). Each browser test runs on a phone and a desktop, light and dark."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import feedparser
import html5lib
import pytest

from tests.support.browser import PHONE
from tests.support.paths import REPO_ROOT

from .helpers import VARIANTS, build, write

AT = "2026-11-28T10:00:00Z"

OPEN = """\
title: Slow dashboards
impact: minor
components: {dashboard: degraded_performance}
started_at: 2026-11-28T09:00:00Z
updates:
  - at: 2026-11-28T09:10:00Z
    status: investigating
    message: |
      Dashboards are loading slowly for some
      customers in Europe.

      We are investigating.
  - at: 2026-11-28T09:40:00Z
    status: identified
    message: A cache node failed; we are replacing it.
"""

WINDOW = """\
title: Sign-in database move
kind: maintenance
impact: minor
components: {auth: under_maintenance}
scheduled_start: 2026-12-03T06:00:00Z
scheduled_end: 2026-12-03T07:30:00Z
updates:
  - at: 2026-11-27T10:00:00Z
    status: scheduled
    message: We will move the sign-in database to new hardware.
"""


def outage(day: str, minutes: int) -> str:
    return f"""\
title: API errors on {day}
impact: major
components: {{api: major_outage}}
started_at: {day}T12:00:00Z
updates:
  - at: {day}T12:00:00Z
    status: investigating
    message: The API is failing.
  - at: {day}T{12 + minutes // 60:02d}:{minutes % 60:02d}:00Z
    status: resolved
    message: The API works again.
    components: {{api: operational}}
"""


def _project(root: Path, clock: str | None = None) -> Path:
    root.mkdir(parents=True)
    config = (REPO_ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    if clock:
        setting = "      incidents_dir: incidents\n"
        config = config.replace(setting, f"{setting}      clock: {clock}\n")
        assert f"clock: {clock}" in config
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    for folder in ("overrides", "pages"):
        shutil.copytree(REPO_ROOT / folder, root / folder)
    write(root, "incidents/2026/2026-11-28-slow-dashboards.yml", OPEN)
    write(root, "incidents/2026/2026-12-03-sign-in-database-move.yml", WINDOW)
    write(root, "incidents/2026/2026-11-25-api-errors.yml", outage("2026-11-25", 60))
    write(root, "incidents/2026/2026-10-09-api-errors.yml", outage("2026-10-09", 600))
    return root


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("stakeholder")
    out = {}
    for name, clock in (("24h", None), ("12h", "12h")):
        out[name] = base / f"site-{name}"
        build(_project(base / name, clock), AT, out[name])
    return out


@pytest.fixture(scope="module")
def servers(sites: dict[str, Path]) -> Iterator[dict[str, Any]]:
    from tests.support.server import serve
    running = {name: serve(path, "/status/") for name, path in sites.items()}
    yield running
    for server in running.values():
        server.stop()


Browse = Callable[..., Any]


def _top(page: Any, selector: str) -> float:
    box = page.locator(selector).first.bounding_box()
    assert box is not None, f"{selector} is not shown"
    return float(box["y"])


# ---------------------------------------------------------------------------------------------- item 9

@pytest.mark.browser
@pytest.mark.parametrize(("viewport", "scheme"), VARIANTS)
def test_home_reads_in_statuspage_order(servers: dict[str, Any], browse: Browse, viewport: dict[str, int],
                                        scheme: str) -> None:
    visit = browse(servers["24h"].url(""), viewport, scheme)
    page = visit.page
    # One status at the top: the banner, not also the announcement bar the other pages carry.
    assert page.locator(".sp-banner").count() == 1
    assert page.locator(".sp-announce").count() == 0
    subscribe = page.get_by_role("link", name="Subscribe to updates")
    assert subscribe.is_visible() and subscribe.get_attribute("href") == "subscribe/"
    assert _top(page, "text=Subscribe to updates") < viewport["height"], "the button is on the first screen"
    order = ["#active-incidents", "#components", "#maintenance", "#past-incidents"]
    tops = [_top(page, s) for s in order]
    assert tops == sorted(tops), dict(zip(order, tops, strict=True))
    # The window five days away is one compact line, not a card with its whole message.
    maintenance = page.locator("section[aria-labelledby=maintenance]")
    assert maintenance.locator(".sp-entry").count() == 1
    assert maintenance.locator(".sp-card, .sp-message").count() == 0
    assert "Sign-in database move" in maintenance.inner_text()
    # Past incidents day by day, today first, with the quiet days said.
    days = page.locator(".sp-past-day")
    assert days.count() == 15
    assert days.nth(0).locator("h3").inner_text() == "28 Nov 2026"
    assert days.nth(14).locator("h3").inner_text() == "14 Nov 2026"
    assert "Slow dashboards" in days.nth(0).inner_text()
    assert "API errors on 2026-11-25" in days.nth(3).inner_text()
    assert page.get_by_text("No incidents reported.").count() == 13
    visit.assert_clean()


@pytest.mark.browser
@pytest.mark.parametrize(("viewport", "scheme"), VARIANTS)
def test_the_uptime_caption_matches_the_days_shown(servers: dict[str, Any], browse: Browse,
                                                   viewport: dict[str, int], scheme: str) -> None:
    """A phone shows 30 cells, so it says 30 days and gives their uptime; a desktop shows and says 90."""
    page = browse(servers["24h"].url(""), viewport, scheme).page
    api = page.locator("#component-api")
    cells = api.locator(".sp-day")
    shown = sum(1 for n in range(cells.count()) if cells.nth(n).is_visible())
    legend = api.locator(".sp-uptime__legend").inner_text()
    # Minutes counted: whole days before today and today until 10:00; the outages are 60 min (3 days ago)
    # and 600 min (50 days ago), both major (weight 1).
    if viewport == PHONE:
        assert shown == 30
        assert "30 days ago" in legend and "90" not in legend
        assert f"{100 * (1 - 60 / (29 * 1440 + 600)):.2f} % uptime" in legend
    else:
        assert shown == 90
        assert "90 days ago" in legend and "30" not in legend
        assert f"{100 * (1 - 660 / (89 * 1440 + 600)):.2f} % uptime" in legend


# --------------------------------------------------------------------------------------------- item 10

@pytest.mark.browser
@pytest.mark.parametrize(("viewport", "scheme"), VARIANTS)
def test_incident_page_shows_the_latest_update_on_the_first_screen(
        servers: dict[str, Any], browse: Browse, viewport: dict[str, int], scheme: str) -> None:
    visit = browse(servers["24h"].url("incidents/2026-11-28-slow-dashboards/"), viewport, scheme)
    page = visit.page
    latest = page.locator(".sp-update").first
    assert "A cache node failed" in latest.inner_text()
    box = latest.bounding_box()
    assert box is not None and box["y"] + 80 < viewport["height"], box
    assert _top(page, "#updates") < _top(page, "#details"), "updates first, details after"
    state = page.locator(".sp-incident__state").inner_text()
    assert "Minor impact" in state and "Identified" in state and "Next update due by" in state
    visit.assert_clean()


# --------------------------------------------------------------------------------------------- item 11

LINE_BREAKS = """(root) => {
  // The character before each place where the text wraps to a new line.
  const breaks = [];
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  let last = null, lastChar = null;
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (let i = 0; i < node.length; i++) {
      const range = document.createRange();
      range.setStart(node, i); range.setEnd(node, i + 1);
      const rect = range.getBoundingClientRect();
      if (last !== null && rect.top > last + 2) breaks.push(lastChar);
      last = rect.top; lastChar = node.data[i];
    }
  }
  return breaks;
}"""


@pytest.mark.browser
@pytest.mark.parametrize(("viewport", "scheme"), VARIANTS)
def test_subscribe_page_is_styled_and_addresses_wrap_between_words(
        servers: dict[str, Any], browse: Browse, viewport: dict[str, int], scheme: str) -> None:
    visit = browse(servers["24h"].url("subscribe/"), viewport, scheme)
    page = visit.page
    tables = page.locator("table.sp-table")
    assert tables.count() == 3
    for n in range(tables.count()):
        cell = tables.nth(n).locator("tbody td").first
        assert tables.nth(n).evaluate("e => getComputedStyle(e).borderTopStyle") == "solid"
        assert tables.nth(n).locator("tbody tr").nth(1).evaluate(
            "e => [e, ...e.children].some(c => getComputedStyle(c).borderTopStyle === 'solid')"), "rows are ruled"
        assert float(cell.evaluate("e => parseFloat(getComputedStyle(e).paddingLeft)")) > 4
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), "no sideways scrolling"
    addresses = page.locator("code.sp-url")
    assert addresses.count() == 6   # five feeds and the calendar
    wrapped = 0
    for n in range(addresses.count()):
        breaks = addresses.nth(n).evaluate(LINE_BREAKS)
        assert all(ch in "/." for ch in breaks), (addresses.nth(n).inner_text(), breaks)
        wrapped += len(breaks)
    if viewport == PHONE:
        assert wrapped > 0, "on a phone the long addresses do wrap (at a / or .)"
    visit.assert_clean()


# --------------------------------------------------------------------------------------------- item 12

DAY = r"\d{1,2} [A-Z][a-z]{2} \d{4}, "
AGO = r"(?: \(.+\))?"


@pytest.mark.browser
@pytest.mark.parametrize(("viewport", "scheme"), VARIANTS)
@pytest.mark.parametrize(("clock", "hour"), [("24h", r"\d{2}:\d{2}"), ("12h", r"\d{1,2}:\d{2} [AP]M")])
@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_every_time_has_one_format_and_its_zone(servers: dict[str, Any], browse: Browse, viewport: dict[str, int],
                                                scheme: str, clock: str, hour: str, javascript: bool) -> None:
    """A reader in New York with an en-US browser: with the script, times are in their zone; without it, in
    UTC as built. Either way one format on the page, the site's clock, and the zone named."""
    zone = "EST" if javascript else "UTC"
    pattern = re.compile(DAY + hour + " " + zone + AGO)
    first_update = {("24h", True): "28 Nov 2026, 04:10 EST", ("12h", True): "28 Nov 2026, 4:10 AM EST",
                    ("24h", False): "28 Nov 2026, 09:10 UTC", ("12h", False): "28 Nov 2026, 9:10 AM UTC"}
    for path in ("", "incidents/2026-11-28-slow-dashboards/"):
        visit = browse(servers[clock].url(path), viewport, scheme, timezone="America/New_York", locale="en-US",
                       javascript=javascript)
        texts = visit.page.locator("time[data-sp-clock]").all_inner_texts()
        assert len(texts) >= 4
        odd = [t for t in texts if not pattern.fullmatch(t)]
        assert not odd, (path, odd)
        body = visit.page.locator("body").inner_text()
        assert bool(re.search(r"\d [AP]M\b", body)) == (clock == "12h"), "no 12-hour time on a 24-hour page"
        if path:
            assert first_update[clock, javascript] in texts
        visit.assert_clean()


# --------------------------------------------------------------------------------------------- item 13

def test_api_text_keeps_paragraphs_not_the_yaml_wrapping(sites: dict[str, Path]) -> None:
    data = json.loads((sites["24h"] / "api" / "v2" / "incidents.json").read_text(encoding="utf-8"))
    incident = next(i for i in data["incidents"] if i["name"] == "Slow dashboards")
    first = incident["incident_updates"][-1]
    assert first["body"] == "Dashboards are loading slowly for some customers in Europe.\n\nWe are investigating."


def test_feed_entries_link_to_the_update_itself(sites: dict[str, Path]) -> None:
    site = sites["24h"]
    page = html5lib.parse((site / "incidents" / "2026-11-28-slow-dashboards" / "index.html").read_bytes(),
                          namespaceHTMLElements=False)
    ids = {e.get("id") for e in page.iter() if e.get("id")}
    for feed in ("feed.atom", "feed.rss", "incidents/2026-11-28-slow-dashboards/feed.atom"):
        entries = [e for e in feedparser.parse((site / feed).read_bytes()).entries if "Slow dashboards" in e.title]
        assert [e.link.rsplit("#", 1)[1] for e in entries] == ["update-2", "update-1"], feed
        assert all(e.link.startswith("https://quillstack.github.io/status/incidents/2026-11-28-slow-dashboards/#")
                   for e in entries)
        assert {"update-1", "update-2"} <= ids
    items = json.loads((site / "feed.json").read_text(encoding="utf-8"))["items"]
    assert [i["url"].rsplit("#", 1)[1] for i in items if i["title"].startswith("Slow dashboards")] == [
        "update-2", "update-1"]


@pytest.mark.browser
def test_a_feed_link_opens_the_page_at_its_update(servers: dict[str, Any], browse: Browse) -> None:
    visit = browse(servers["24h"].url("incidents/2026-11-28-slow-dashboards/#update-1"), PHONE, "light")
    target = visit.page.locator(":target")
    assert target.get_attribute("id") == "update-1"
    assert "Dashboards are loading slowly" in target.inner_text()
    assert target.is_visible() and visit.page.evaluate("window.scrollY") > 0
    visit.assert_clean()
