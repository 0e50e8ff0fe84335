"""Atom, RSS 2.0 and JSON Feed files: one entry per public update (and one per incident for history).

Files: feed.atom, feed.rss, feed.json (every update, newest first), history.atom and history.rss (one
entry per incident, its `updated` moving with each update), incidents/<id>/feed.atom and
components/<id>/feed.atom. Built with feedgen (JSON Feed, which feedgen lacks, with json.dumps). Every
date comes from the data; ids are tag: URIs that never change between builds; links are absolute.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from feedgen.feed import FeedGenerator
from markupsafe import Markup, escape

from ..clock import format_utc, human_time
from ..derive import Site
from ..derive.site import ComponentView, IncidentView
from ..derive.status import UpdateEffect
from ..model import Update
from . import urls
from .filters import label
from .markdown import to_html, to_text
from .reuse import Memo

JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"
LANGUAGE = "en"
# Site-wide and per-component feeds hold the newest entries only, as Statuspage's do: a subscriber
# polling every few hours sees every update, and a feed of years of history would be megabytes per
# poll. Per-incident feeds are complete; the site's history pages are the archive.
FEED_LIMIT = 200


@dataclass(frozen=True)
class Entry:
    """One feed entry, format-neutral."""

    id: str
    title: str
    link: str
    published: datetime
    updated: datetime
    html: str
    text: str
    categories: tuple[str, ...]


@dataclass(frozen=True)
class Feed:
    path: str
    title: str
    subtitle: str
    page: str                      # the HTML page the feed follows (absolute)
    entries: tuple[Entry, ...]     # newest first
    updated: datetime
    moving: bool = False           # history: RSS has no <updated>, so pubDate follows the latest change


# ---------------------------------------------------------------------------------------- entries

def _sanitised(message: str) -> Markup:
    """The update's Markdown as HTML; to_html escapes raw HTML and nh3 allow-lists tags and schemes."""
    return Markup(to_html(message))  # noqa: S704 - sanitised by to_html

# An entry's HTML is put together with escape() and f-strings rather than Markup.format, which goes
# through string.Formatter and cost a third of the feeds; the result is the same string.

def _components_line(names: dict[str, str], effect: UpdateEffect) -> str:
    parts = [f"{escape(names.get(cid, cid))} ({escape(label(status).lower())})"
             for cid, status in effect.statuses.items()]
    if not parts:
        return ""
    return f"<p><strong>Affected components:</strong> {', '.join(parts)}</p>"


def _update_entry(site: Site, view: IncidentView, effect: UpdateEffect, names: dict[str, str]) -> Entry:
    update = effect.update
    link = urls.absolute(site, view.url)
    status = label(update.status)
    head = f"<p><strong>{escape(status)}</strong> · {escape(human_time(update.at, site.config.clock))}</p>"
    correction = "".join(f"<p><em>Corrected {escape(human_time(c.at, site.config.clock))}: "
                         f"{escape(to_text(c.reason))}</em></p>" for c in update.corrections)
    more = f'<p><a href="{escape(link)}">{escape(view.title)}</a></p>'
    html = head + to_html(update.message) + correction + _components_line(names, effect) + more
    kind = "Maintenance" if view.incident.is_maintenance else "Incident"
    return Entry(
        id=urls.update_tag(site, view, update),
        title=f"{view.title}: {status}",
        link=f"{link}#{update.anchor}",   # the update itself, on its incident's page
        published=urls.utc(update.at),
        updated=urls.utc(urls.updated_at(update)),
        html=html,
        text=f"{status}. {to_text(update.message)}",
        categories=(kind, *(c.name for c in view.affected)),
    )


class _Entries:
    """Each update's entry, made once (and only when a feed shows it) and shared by every feed it is in."""

    def __init__(self, site: Site) -> None:
        self.site = site
        self.names = {c.id: c.name for c in site.config.components}
        self._made: dict[tuple[str, int], Entry] = {}

    def of(self, view: IncidentView, effect: UpdateEffect) -> Entry:
        key = (view.id, effect.update.index)
        entry = self._made.get(key)
        if entry is None:
            entry = self._made[key] = _update_entry(self.site, view, effect, self.names)
        return entry


def update_entries(site: Site, views: Iterable[IncidentView], limit: int | None = None,
                   cache: _Entries | None = None) -> tuple[Entry, ...]:
    """The visible updates of `views`, newest first (ties broken by incident id and position), at most
    `limit` of them."""
    cache = cache or _Entries(site)
    keyed = [((effect.update.at, view.id, effect.update.index), view, effect)
             for view in views for effect in view.effects]
    keyed.sort(key=lambda k: k[0], reverse=True)
    return tuple(cache.of(view, effect) for _, view, effect in keyed[:limit])


def _history_entry(site: Site, view: IncidentView) -> Entry:
    link = urls.absolute(site, view.url)
    latest: Update | None = view.latest
    status = label(view.life.status)
    inc = view.incident
    if inc.is_maintenance and inc.scheduled_start and inc.scheduled_end:
        start = human_time(inc.scheduled_start, site.config.clock)
        end = human_time(inc.scheduled_end, site.config.clock)
        when = f"Scheduled {start} to {end}"
    else:
        when = f"{label(inc.impact)} impact"
    head = Markup("<p><strong>{}</strong> · {}</p>").format(status, when)
    body = _sanitised(latest.message) if latest else Markup("")
    affected = Markup(", ").join(escape(c.name) for c in view.affected)
    comps = Markup("<p><strong>Affected components:</strong> {}</p>").format(affected) if affected else ""
    corrections = Markup("").join(Markup("<p><em>{} corrected {}: {}</em></p>").format(
        label(c.field), human_time(c.at, site.config.clock), to_text(c.reason)) for c in inc.corrections)
    more = Markup('<p><a href="{}">{} ({} updates)</a></p>').format(link, view.title, len(view.updates))
    kind = "Maintenance" if inc.is_maintenance else "Incident"
    return Entry(
        id=urls.incident_tag(site, view),
        title=f"{view.title} [{status}]",
        link=link,
        published=urls.utc(urls.view_published(view)),
        updated=urls.utc(urls.view_updated(view)),
        html=str(head + body + comps + corrections + more),
        text=f"{status}. {to_text(latest.message) if latest else when}",
        categories=(kind, *(c.name for c in view.affected)),
    )


def history_entries(site: Site, limit: int | None = None) -> tuple[Entry, ...]:
    """One entry per incident, the most recently changed first, at most `limit`."""
    keyed = sorted(((urls.view_updated(v), v.id, v) for v in site.incidents), key=lambda k: k[:2], reverse=True)
    return tuple(_history_entry(site, v) for _, _, v in keyed[:limit])


# ---------------------------------------------------------------------------------------- feeds

def _feed(site: Site, path: str, title: str, subtitle: str, page: str, entries: tuple[Entry, ...],
          epoch: datetime, moving: bool = False) -> Feed:
    updated = max((e.updated for e in entries), default=epoch)
    return Feed(path, title, subtitle, urls.absolute(site, page), entries, updated, moving)


def site_feeds(site: Site, cache: _Entries, epoch: datetime) -> list[tuple[Feed, tuple[str, ...]]]:
    """The feeds of the whole site and of each component, and the formats each is written in."""
    name = site.config.site_name
    everything = update_entries(site, site.incidents, FEED_LIMIT, cache)
    out: list[tuple[Feed, tuple[str, ...]]] = [
        (_feed(site, "feed", f"{name}: all updates",
               f"Every public update to incidents and maintenance on {name}.", "", everything, epoch),
         ("atom", "rss", "json")),
        (_feed(site, "history", f"{name}: incident history",
               f"One entry per incident and maintenance window on {name}, updated as it changes.", "history/",
               history_entries(site, FEED_LIMIT), epoch, moving=True),
         ("atom", "rss")),
    ]
    for component in site.components:
        out.append((_component_feed(site, component, cache, epoch), ("atom",)))
    return out


def incident_feed(site: Site, view: IncidentView, epoch: datetime) -> Feed:
    """The complete feed of one incident (Atom only)."""
    name = site.config.site_name
    return _feed(site, f"incidents/{view.id}/feed", f"{name}: {view.title}", f"Updates to {view.title}.", view.url,
                 update_entries(site, [view]), epoch)


def _component_feed(site: Site, component: ComponentView, cache: _Entries, epoch: datetime) -> Feed:
    views = [v for v in site.incidents if component.component in v.affected]
    c = component.component
    return _feed(site, f"components/{c.id}/feed", f"{site.config.site_name}: {c.name}",
                 f"Incidents and maintenance affecting {c.name}.", component.url,
                 update_entries(site, views, FEED_LIMIT, cache), epoch)


# RSS 2.0 has no type attribute, and readers (feedparser among them) take a title or description
# that looks like markup for HTML. Such text is written HTML-escaped, so a reader that reads it as
# HTML shows the text; text without markup characters is written as it is, for readers that do not.
_MARKUP_LIKE = re.compile(r"<|&[#A-Za-z]")


def _rss_text(text: str) -> str:
    return html.escape(text, quote=False) if _MARKUP_LIKE.search(text) else text


def _generator(site: Site, feed: Feed, fmt: str) -> FeedGenerator:
    fg = FeedGenerator()
    text = _rss_text if fmt == "rss" else str   # Atom titles say type="text"
    self_url = urls.absolute(site, f"{feed.path}.{fmt}")
    fg.id(self_url)
    fg.title(text(feed.title))
    fg.subtitle(text(feed.subtitle))    # also RSS <description>
    fg.author(name=site.config.site_name, uri=urls.base_url(site))
    fg.link(href=self_url, rel="self",
            type="application/atom+xml" if fmt == "atom" else "application/rss+xml")
    fg.link(href=feed.page, rel="alternate", type="text/html")   # last: feedgen's RSS <link> is the last one
    fg.language(LANGUAGE)
    fg.generator("statuspress", uri="https://github.com/statuspress/statuspress")
    fg.updated(feed.updated)            # feedgen defaults to now: always set from the data
    for entry in feed.entries:
        fe = fg.add_entry(order="append")   # feedgen prepends by default; our order is newest first
        fe.id(entry.id)
        fe.guid(entry.id, permalink=False)
        fe.title(text(entry.title))
        fe.link(href=entry.link, rel="alternate", type="text/html")
        fe.published(entry.updated if feed.moving and fmt == "rss" else entry.published)
        fe.updated(entry.updated)
        if fmt == "atom":
            fe.content(entry.html, type="html")
        else:
            fe.description(entry.html)
        for term in entry.categories:
            fe.category(term=term)
    return fg


def _json_feed(site: Site, feed: Feed) -> bytes:
    doc = {
        "version": JSON_FEED_VERSION,
        "title": feed.title,
        "home_page_url": feed.page,
        "feed_url": urls.absolute(site, f"{feed.path}.json"),
        "description": feed.subtitle,
        "language": LANGUAGE,
        "authors": [{"name": site.config.site_name, "url": urls.base_url(site)}],
        "items": [
            {
                "id": e.id,
                "url": e.link,
                "title": e.title,
                "content_html": e.html,
                "content_text": e.text,
                "date_published": format_utc(e.published),
                "date_modified": format_utc(e.updated),
                "tags": list(e.categories),
            }
            for e in feed.entries
        ],
    }
    return dump_json(doc)


def dump_json(doc: object) -> bytes:
    """Deterministic, HTML-safe JSON: keys in the order built; <, > and & escaped so the bytes never
    read as markup, whatever the messages say (the decoded strings are unchanged)."""
    text = json.dumps(doc, ensure_ascii=False, indent=2)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return (text + "\n").encode("utf-8")


def render(site: Site, memo: Memo | None = None) -> dict[str, bytes]:
    """Every feed file. An incident's feed is reused through `memo` while nothing it reads changes."""
    out: dict[str, bytes] = {}
    epoch = urls.utc(urls.site_epoch(site))
    for feed, formats in site_feeds(site, _Entries(site), epoch):
        for fmt in formats:
            out[f"{feed.path}.{fmt}"] = _write(site, feed, fmt)
    memo = memo if memo is not None else Memo(site, None)
    for view in site.incidents:
        def make(seen: Site, _: object, view: IncidentView = view) -> bytes:
            return _write(seen, incident_feed(seen, view, epoch), "atom")

        path = f"incidents/{view.id}/feed.atom"
        out[path] = memo.get(path, (view, epoch), make)
    return out


def _write(site: Site, feed: Feed, fmt: str) -> bytes:
    if fmt == "json":
        return _json_feed(site, feed)
    if fmt == "atom":
        return bytes(_generator(site, feed, fmt).atom_str(pretty=True))
    return bytes(_generator(site, feed, fmt).rss_str(pretty=True))
