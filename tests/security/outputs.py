"""Parse every kind of file statuspress publishes and list whatever in it could run.

One function per format, each with the parser a reader's software would use: html5lib for pages and
for the HTML inside feeds, the search index and JSON Feed; lxml and feedparser for Atom and RSS (raw,
not sanitised by feedparser, and trusting its guess of which RSS texts are HTML); json for JSON Feed
and the API; icalendar and vobject for the calendar; lxml for SVG
and the sitemap. `live_in_site` walks a built site folder and refuses files it does not know.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import feedparser
import icalendar
import vobject
from lxml import etree

from tests.security.inert import dangerous_url, elements, live_html, live_svg

HTML_TYPES = ("text/html", "application/xhtml+xml")
URL_KEYS = {"url", "external_url", "home_page_url", "feed_url", "shortlink", "link", "href", "image",
            "banner_image", "icon", "favicon"}
# Files the theme and statuspress copy unchanged: no user data goes into them.
STATIC = ("assets/", "search/lunr.js", "search/worker.js", "sitemap.xml.gz")


def _walk_json(value: Any, path: str = "") -> Iterator[tuple[str, str, str]]:
    """(path, key, string) for every string in a JSON document."""
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, str):
                yield path, key, item
            else:
                yield from _walk_json(item, f"{path}.{key}")
    elif isinstance(value, list):
        for n, item in enumerate(value):
            if isinstance(item, str):
                yield path, str(n), item
            else:
                yield from _walk_json(item, f"{path}[{n}]")


def live_in_json(rel: str, data: bytes) -> list[str]:
    """The API and other JSON: parses, no raw < or > (HTML-safe even if served as HTML), safe URLs."""
    document = json.loads(data)
    found = [f"{rel}: raw {c!r} in the JSON bytes" for c in ("<", ">") if c.encode() in data]
    found += [f"{rel}{p}.{k}: {v!r}" for p, k, v in _walk_json(document) if k in URL_KEYS and dangerous_url(v)]
    return found


def live_in_search_index(rel: str, data: bytes) -> list[str]:
    """Titles hold escaped text only, texts only <p> paragraphs of escaped text."""
    found: list[str] = []
    for doc in json.loads(data)["docs"]:
        where = f"{rel} {doc['location']}"
        found += live_html(doc["title"], f"{where} title", fragment=True)
        found += live_html(doc["text"], f"{where} text", fragment=True)
        found += [f"{where} title: <{tag}>" for tag in elements(doc["title"])]
        found += [f"{where} text: <{tag}>" for tag in elements(doc["text"]) if tag != "p"]
    return found


def _details(entry: Any) -> Iterator[tuple[str, Any]]:
    for key in ("title_detail", "subtitle_detail", "summary_detail", "rights_detail"):
        if key in entry:
            yield key, entry[key]
    for n, content in enumerate(entry.get("content", [])):
        yield f"content[{n}]", content


def _links(entry: Any) -> Iterator[str]:
    for key in ("link", "id", "comments", "image", "icon", "logo"):
        value = entry.get(key)
        if isinstance(value, str):
            yield value
        elif isinstance(value, dict) and isinstance(value.get("href"), str):
            yield value["href"]
    for link in entry.get("links", []):
        yield link.get("href", "")
    for enclosure in entry.get("enclosures", []):
        yield enclosure.get("href", "")


def live_in_feed(rel: str, data: bytes) -> list[str]:
    """Atom, RSS and JSON Feed through feedparser without its sanitiser: HTML parts parsed, links checked."""
    if rel.endswith(".json"):
        return live_in_json_feed(rel, data)
    etree.fromstring(data, parser=etree.XMLParser(resolve_entities=False, no_network=True))  # well-formed
    parsed = feedparser.parse(data, sanitize_html=False, resolve_relative_uris=False)
    found = [f"{rel}: not a well-formed feed: {parsed.get('bozo_exception')}"] if parsed.bozo else []
    for n, entry in enumerate([parsed.feed, *parsed.entries]):
        where = f"{rel} entry {n}"
        for key, detail in _details(entry):
            if detail.get("type") in HTML_TYPES:
                found += live_html(detail.get("value", ""), f"{where} {key}", fragment=True)
        found += [f"{where} link {url!r}" for url in _links(entry) if dangerous_url(url)]
    return found


def live_in_json_feed(rel: str, data: bytes) -> list[str]:
    """JSON Feed 1.1 (feedparser 6 does not read it): content_html parsed as HTML, the rest is text
    by the spec; URLs checked and the bytes HTML-safe like the API's."""
    found = live_in_json(rel, data)
    for item in json.loads(data)["items"]:
        found += live_html(item.get("content_html", ""), f"{rel} {item['id']} content_html", fragment=True)
    return found


def live_in_calendar(rel: str, data: bytes) -> list[str]:
    """Parses with icalendar and validates with vobject; no HTML description, URLs safe."""
    calendar = icalendar.Calendar.from_ical(data)
    vobject.readOne(data.decode("utf-8")).validate(raiseException=True)
    found: list[str] = []
    for component in calendar.walk():
        for name, value in component.property_items(recursive=False):
            if name in ("URL", "ATTACH", "TZURL", "SOURCE") and dangerous_url(str(value)):
                found.append(f"{rel} {name}: {value!r}")
            if name == "X-ALT-DESC":
                found += live_html(str(value), f"{rel} X-ALT-DESC", fragment=True)
    return found


def live_in_sitemap(rel: str, data: bytes) -> list[str]:
    root = etree.fromstring(data, parser=etree.XMLParser(resolve_entities=False, no_network=True))
    return [f"{rel}: {loc.text!r}" for loc in root.iter("{*}loc") if dangerous_url(loc.text or "")]


def live_in_file(rel: str, data: bytes) -> list[str]:
    """Whatever could run in one published file, parsed as its format."""
    if rel.endswith(".html"):
        return live_html(data, rel)
    if rel == "search/search_index.json":
        return live_in_search_index(rel, data)
    if rel.endswith((".atom", ".rss")) or rel == "feed.json":
        return live_in_feed(rel, data)
    if rel.endswith(".json"):
        return live_in_json(rel, data)
    if rel.endswith(".ics"):
        return live_in_calendar(rel, data)
    if rel.endswith(".svg"):
        return live_svg(data, rel)
    if rel == "sitemap.xml":
        return live_in_sitemap(rel, data)
    raise AssertionError(f"{rel}: a published file of a kind this test does not parse; teach it")


def live_in_site(root: Path) -> tuple[int, list[str]]:
    """(files parsed, problems) for a built site folder."""
    parsed, found = 0, []
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        rel = path.relative_to(root).as_posix()
        if rel.startswith(STATIC):
            continue
        found += live_in_file(rel, path.read_bytes())
        parsed += 1
    return parsed, found
