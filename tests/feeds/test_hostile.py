"""Hostile Markdown in incident messages and titles comes out inert and well-formed everywhere."""

from __future__ import annotations

import json
import re

import feedparser
import html5lib
import icalendar
import vobject
from lxml import etree

HOSTILE_ID = "2026-11-27-hostile"
# Real tags (escaped ones read &lt;...) that must never come through; attributes are checked on the tree.
EXECUTABLE = re.compile(r"<\s*/?\s*(script|iframe|img|style|object|embed|svg|math|div|b)\b", re.IGNORECASE)
# The Markdown links [click me](javascript:alert(3)) and [data](data:...) must lose their targets.
FORBIDDEN_TAGS = {"script", "iframe", "img", "style", "object", "embed", "svg", "div", "b"}
LINK_TARGETS = ("alert(3)", "PHNjcmlwdD4=")


def assert_inert_html(fragment: str, where: str) -> None:
    """Parse an HTML fragment the way a browser would and look for anything that could run or restyle."""
    doc = html5lib.parseFragment(fragment, treebuilder="etree", namespaceHTMLElements=False)
    for el in doc.iter():
        tag = el.tag if isinstance(el.tag, str) else ""
        assert tag.lower() not in FORBIDDEN_TAGS, (where, tag)
        for name, value in el.attrib.items():
            assert not name.lower().startswith("on"), (where, name)
            if name.lower() in {"href", "src"}:
                assert value.startswith(("https://", "http://", "mailto:")), (where, value)


def test_hostile_project_renders_everything(hostile_files: dict[str, bytes]) -> None:
    assert f"incidents/{HOSTILE_ID}/feed.atom" in hostile_files
    for path, data in hostile_files.items():
        for target in LINK_TARGETS:
            assert target.encode() not in data, (path, target)


def test_xml_feeds_are_well_formed_and_inert(hostile_files: dict[str, bytes]) -> None:
    paths = [p for p in hostile_files if p.endswith((".atom", ".rss"))]
    assert "feed.atom" in paths and "history.rss" in paths
    for path in paths:
        etree.fromstring(hostile_files[path])                 # well-formed XML, or this raises
        parsed = feedparser.parse(hostile_files[path])
        assert parsed.bozo == 0, (path, parsed.get("bozo_exception"))
        hostile = [e for e in parsed.entries if HOSTILE_ID in e.id or "hostile-window" in e.id]
        if path in ("feed.atom", "feed.rss", "history.atom", "history.rss"):
            assert hostile, path
        for entry in hostile:
            # the raw (unsanitised by feedparser) HTML we published
            raw = _raw_entry_html(hostile_files[path], entry.id)
            assert_inert_html(raw, path)
            assert not EXECUTABLE.search(raw), (path, EXECUTABLE.search(raw))
            assert "alert" in raw     # the text is kept, shown as text


def _raw_entry_html(data: bytes, entry_id: str) -> str:
    root = etree.fromstring(data)
    ns = {"a": "http://www.w3.org/2005/Atom"}
    for entry in root.iterfind(".//a:entry", ns):
        if entry.findtext("a:id", namespaces=ns) == entry_id:
            return entry.findtext("a:content", namespaces=ns) or ""
    for item in root.iterfind(".//item"):
        if item.findtext("guid") == entry_id:
            return item.findtext("description") or ""
    raise AssertionError(f"no entry {entry_id}")


def test_titles_are_text(hostile_files: dict[str, bytes]) -> None:
    parsed = feedparser.parse(hostile_files["feed.atom"])
    titles = [e.title for e in parsed.entries if HOSTILE_ID in e.id]
    title = "Hostile <script>alert('title')</script> ]]> & incident"
    assert titles and all(t.startswith(title) for t in titles)
    root = etree.fromstring(hostile_files["feed.atom"])
    ns = {"a": "http://www.w3.org/2005/Atom"}
    assert all(t.get("type") in (None, "text") for t in root.iterfind(".//a:entry/a:title", ns))


def test_json_feed_and_api_are_inert(hostile_files: dict[str, bytes]) -> None:
    for path in ["feed.json", *(p for p in hostile_files if p.startswith("api/v2/"))]:
        raw = hostile_files[path]
        assert b"<" not in raw and b">" not in raw, path     # HTML-significant characters are \\u-escaped
        json.loads(raw)
    feed = json.loads(hostile_files["feed.json"])
    for item in feed["items"]:
        if HOSTILE_ID in item["id"]:
            assert_inert_html(item["content_html"], "feed.json")
            assert not EXECUTABLE.search(item["content_html"])
    incidents = json.loads(hostile_files["api/v2/incidents.json"])["incidents"]
    hostile = next(i for i in incidents if i["id"] == HOSTILE_ID)
    assert hostile["name"].startswith("Hostile <script>")    # plain text, the way Statuspage serves names
    for update in hostile["incident_updates"]:
        assert not any(t in update["body"] for t in LINK_TARGETS)   # Markdown links reduced to their text


def test_calendar_is_well_formed(hostile_files: dict[str, bytes]) -> None:
    cal = icalendar.Calendar.from_ical(hostile_files["maintenance.ics"])
    event = next(e for e in cal.walk("VEVENT") if str(e["UID"]).startswith("2026-12-10-hostile-window"))
    assert str(event["SUMMARY"]).startswith("Maintenance <img")
    assert "click me" in str(event["DESCRIPTION"])
    assert not any(t in str(event["DESCRIPTION"]) for t in LINK_TARGETS)
    vobject.readOne(hostile_files["maintenance.ics"].decode("utf-8")).validate(raiseException=True)


def test_badges_are_well_formed(hostile_files: dict[str, bytes]) -> None:
    for path in (p for p in hostile_files if p.endswith(".svg")):
        root = etree.fromstring(hostile_files[path])
        assert root.find("{http://www.w3.org/2000/svg}title") is not None, path
