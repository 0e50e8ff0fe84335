"""What each file of a built site says, read with a parser for its format: text and link targets.

HTML pages with lxml (text with block boundaries kept, and every attribute but class and style), XML
(sitemap, SVG badges) with lxml, Atom and RSS with feedparser, JSON (API, JSON Feed, search index)
with json (HTML inside a string read as HTML), iCalendar with icalendar. The theme's static assets
(assets/, the search worker) hold no data and are skipped; any other file is read as text.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import feedparser
import icalendar
from lxml import etree
from lxml import html as lxml_html

from .secrets import normal

SKIPPED_DIRS = ("assets/",)
BINARY = (".png", ".jpg", ".jpeg", ".gif", ".ico", ".woff", ".woff2", ".ttf", ".eot")
BLOCK = ("p", "li", "dt", "dd", "td", "th", "tr", "div", "section", "article", "header", "footer", "nav",
         "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "dl", "table", "caption", "details", "summary",
         "blockquote", "pre", "br", "title", "option", "label", "form", "main", "aside", "figure", "time")
SKIPPED_ATTRIBUTES = ("class", "style")


def site_texts(root: Path) -> dict[str, str]:
    """site-relative path → everything the file says, whitespace collapsed. Unreadable files say
    what went wrong, so a broken file is never silently skipped."""
    out: dict[str, str] = {}
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        rel = path.relative_to(root).as_posix()
        if rel.startswith(SKIPPED_DIRS) or rel.endswith(BINARY):
            continue
        out[rel] = normal("\n".join(file_texts(path)))
    return out


def file_texts(path: Path) -> Iterator[str]:
    data = path.read_bytes()
    name = path.name
    if name.endswith(".gz"):
        data, name = gzip.decompress(data), name.removesuffix(".gz")
    if name.endswith(".html"):
        yield from html_texts(lxml_html.document_fromstring(data))
    elif name.endswith((".atom", ".rss")):
        yield from feed_texts(data)
    elif name.endswith(".json"):
        yield from json_texts(json.loads(data))
    elif name.endswith(".ics"):
        yield from calendar_texts(data)
    elif name.endswith((".xml", ".svg")):
        yield from xml_texts(etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True)))
    else:
        yield data.decode("utf-8", "replace")


def html_texts(doc: Any) -> Iterator[str]:
    """The text of an HTML tree with a line break at every block boundary ("Priority" and "P2" in a dt
    and a dd read "Priority P2"), then every attribute value but class and style (links, labels, ids)."""
    for el in doc.iter(*BLOCK):
        el.text = "\n" + (el.text or "")
        el.tail = "\n" + (el.tail or "")
    yield "".join(doc.itertext())
    for el in doc.iter():
        if isinstance(el.tag, str):
            yield from (value for key, value in el.attrib.items() if key not in SKIPPED_ATTRIBUTES)


def _html_fragment(text: str) -> Iterator[str]:
    if "<" in text and ">" in text:
        yield from html_texts(lxml_html.fragment_fromstring(text, create_parent="div"))
    else:
        yield text


def json_texts(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
        yield from _html_fragment(value)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield str(key)
            yield from json_texts(item)
    elif isinstance(value, list):
        for item in value:
            yield from json_texts(item)


def feed_texts(data: bytes) -> Iterator[str]:
    parsed = feedparser.parse(data, sanitize_html=False, resolve_relative_uris=False)
    if parsed.get("bozo") and not parsed.get("entries") and not parsed.get("feed"):
        raise ValueError(f"not a feed: {parsed.get('bozo_exception')}")
    for part in (parsed.feed, *parsed.entries):
        for key, value in part.items():
            if key.endswith("_parsed"):
                continue
            yield from _feed_value(value)


def _feed_value(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield from _html_fragment(value)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _feed_value(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _feed_value(item)


def calendar_texts(data: bytes) -> Iterator[str]:
    for component in icalendar.Calendar.from_ical(data).walk():
        for value in component.values():
            for item in value if isinstance(value, list) else [value]:
                # Text properties are str (unescaped); dates, URIs and the rest say what they hold in to_ical.
                yield str(item) if isinstance(item, str) else item.to_ical().decode("utf-8")


def xml_texts(root: Any) -> Iterator[str]:
    yield "\n".join(root.itertext())
    for el in root.iter():
        if isinstance(el.tag, str):
            yield from (value for key, value in el.attrib.items() if key not in SKIPPED_ATTRIBUTES)


__all__ = ["file_texts", "site_texts"]
