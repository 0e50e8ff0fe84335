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
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

from feedgen.feed import FeedGenerator
from markupsafe import Markup, escape

from ..clock import format_utc, human_time
from ..derive import Site
from ..derive.site import IncidentView
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

@dataclass(frozen=True)
class _Shared:
    """What every entry of one incident's updates has in common."""

    link: str                      # the incident's page
    more: str                      # the closing link to it
    categories: tuple[str, ...]


def _update_entry(site: Site, view: IncidentView, effect: UpdateEffect, shared: _Shared, clock: str,
                  components: str) -> Entry:
    update = effect.update
    status = label(update.status)
    head = f"<p><strong>{escape(status)}</strong> · {escape(human_time(update.at, clock))}</p>"
    correction = "".join(f"<p><em>Corrected {escape(human_time(c.at, clock))}: "
                         f"{escape(to_text(c.reason))}</em></p>" for c in update.corrections)
    return Entry(
        id=urls.update_tag(site, view, update),
        title=f"{view.title}: {status}",
        link=f"{shared.link}#{update.anchor}",   # the update itself, on its incident's page
        published=urls.utc(update.at),
        updated=urls.utc(urls.updated_at(update)),
        html=head + to_html(update.message) + correction + components + shared.more,
        text=f"{status}. {to_text(update.message)}",
        categories=shared.categories,
    )


class _Entries:
    """Each update's entry, made once (and only when a feed shows it) and shared by every feed it is in.
    What entries have in common is made once too: an incident's link and categories, and the words
    for each component in each status."""

    def __init__(self, site: Site) -> None:
        self.site = site
        self.names = {c.id: c.name for c in site.config.components}
        self.clock = site.config.clock
        self._made: dict[tuple[str, int], Entry] = {}
        self._shared: dict[str, _Shared] = {}
        self._component_words: dict[tuple[str, object], str] = {}

    def of(self, view: IncidentView, effect: UpdateEffect) -> Entry:
        key = (view.id, effect.update.index)
        entry = self._made.get(key)
        if entry is None:
            entry = self._made[key] = _update_entry(self.site, view, effect, self._shared_by(view), self.clock,
                                                    self._components_line(effect))
        return entry

    def _shared_by(self, view: IncidentView) -> _Shared:
        shared = self._shared.get(view.id)
        if shared is None:
            link = urls.absolute(self.site, view.url)
            kind = "Maintenance" if view.incident.is_maintenance else "Incident"
            shared = self._shared[view.id] = _Shared(link, f'<p><a href="{escape(link)}">{escape(view.title)}</a></p>',
                                                     (kind, *(c.name for c in view.affected)))
        return shared

    def _components_line(self, effect: UpdateEffect) -> str:
        parts = [self._words(cid, status) for cid, status in effect.statuses.items()]
        if not parts:
            return ""
        return f"<p><strong>Affected components:</strong> {', '.join(parts)}</p>"

    def _words(self, cid: str, status: object) -> str:
        key = (cid, status)
        words = self._component_words.get(key)
        if words is None:
            words = f"{escape(self.names.get(cid, cid))} ({escape(label(status).lower())})"
            self._component_words[key] = words
        return words


def newest_updates(views: Iterable[IncidentView], limit: int | None = None) -> list[tuple[IncidentView, UpdateEffect]]:
    """The visible updates of `views`, newest first (ties broken by incident id and position), at most
    `limit` of them. The incidents are taken newest update first, and only until no update of the next
    one could be among the newest `limit`."""
    if limit is not None and limit <= 0:
        return []
    ordered = sorted((view for view in views if view.effects),
                     key=lambda view: view.effects_newest_first[0][0], reverse=True)
    chosen: list[tuple[tuple[datetime, str, int], IncidentView, UpdateEffect]] = []
    for view in ordered:
        if limit is not None and len(chosen) >= limit:
            chosen.sort(key=lambda k: k[0], reverse=True)
            del chosen[limit:]
            if view.effects_newest_first[0][0] < chosen[-1][0]:
                break
        chosen.extend((key, view, effect) for key, effect in view.effects_newest_first)
    chosen.sort(key=lambda k: k[0], reverse=True)
    return [(view, effect) for _, view, effect in chosen[:limit]]


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


def newest_changed(views: Iterable[IncidentView], limit: int | None = None) -> list[IncidentView]:
    """Incidents, the most recently changed first, at most `limit`."""
    keyed = sorted(((urls.view_updated(v), v.id, v) for v in views), key=lambda k: k[:2], reverse=True)
    return [v for _, _, v in keyed[:limit]]


# ---------------------------------------------------------------------------------------- feeds

def _feed(site: Site, path: str, title: str, subtitle: str, page: str, entries: tuple[Entry, ...],
          epoch: datetime, moving: bool = False) -> Feed:
    updated = max((e.updated for e in entries), default=epoch)
    return Feed(path, title, subtitle, urls.absolute(site, page), entries, updated, moving)


@dataclass(frozen=True)
class Plan:
    """One feed to write: where, in which formats, what it shows (the updates or incidents it holds) and
    how it is made from the Site. A feed is a function of what it shows and of the Site it reads, so
    `render` reuses it while both are unchanged (render/reuse.py)."""

    path: str
    formats: tuple[str, ...]
    shows: tuple[object, ...]
    make: Callable[[Site], Feed]


def _titles(kind: str, name: str, subject: str) -> tuple[str, str]:
    """A feed's title and subtitle: the site's feed, an incident's or a component's."""
    if kind == "site":
        return f"{name}: all updates", f"Every public update to incidents and maintenance on {name}."
    if kind == "incident":
        return f"{name}: {subject}", f"Updates to {subject}."
    return f"{name}: {subject}", f"Incidents and maintenance affecting {subject}."


def plans(site: Site, epoch: datetime) -> list[Plan]:
    """Every feed: the whole site's, each incident's and each component's. Each `make` takes every value
    it shows from `shows` or from the Site it is given, which records what it reads. An update shows as
    its incident's view and its position: the view holds the update and its effect."""

    def updates_feed(path: str, kind: str, subject: str, page: str,
                     shown: Callable[[], list[tuple[IncidentView, UpdateEffect]]]) -> Callable[[Site], Feed]:
        def make(seen: Site) -> Feed:
            title, subtitle = _titles(kind, seen.config.site_name, subject)
            entries = _Entries(seen)
            return _feed(seen, path, title, subtitle, page, tuple(entries.of(v, e) for v, e in shown()), epoch)
        return make

    def history(seen: Site) -> Feed:
        name = seen.config.site_name
        return _feed(seen, "history", f"{name}: incident history",
                     f"One entry per incident and maintenance window on {name}, updated as it changes.", "history/",
                     tuple(_history_entry(seen, v) for v in changed), epoch, moving=True)

    newest = newest_updates(site.incidents, FEED_LIMIT)
    changed = newest_changed(site.incidents, FEED_LIMIT)
    found = [Plan("feed", ("atom", "rss", "json"), _updates_shown(newest),
                  updates_feed("feed", "site", "", "", lambda: newest)),
             Plan("history", ("atom", "rss"), tuple(changed), history)]
    for view in site.incidents:   # a feed made again only when its incident changed: sorted then
        path = f"incidents/{view.id}/feed"
        found.append(Plan(path, ("atom",), (view,), updates_feed(
            path, "incident", view.title, view.url, lambda view=view: newest_updates([view]))))  # type: ignore[misc]
    affecting: dict[str, list[IncidentView]] = {component.component.id: [] for component in site.components}
    for view in site.incidents:
        for c in view.affected:
            if c.id in affecting:
                affecting[c.id].append(view)
    for component in site.components:
        c = component.component
        path = f"components/{c.id}/feed"
        shown = newest_updates(affecting[c.id], FEED_LIMIT)
        found.append(Plan(path, ("atom",), (c, component.url, *_updates_shown(shown)),
                          updates_feed(path, "component", c.name, component.url, lambda shown=shown: shown)))  # type: ignore[misc]
    return found


def _updates_shown(shown: list[tuple[IncidentView, UpdateEffect]]) -> tuple[object, ...]:
    """What a feed of updates shows, for its reuse: each update as its incident's view and position."""
    return tuple((view, effect.update.index) for view, effect in shown)


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
    """Every feed file, each reused through `memo` while what it shows and reads is unchanged."""
    memo = memo if memo is not None else Memo(site, None)
    epoch = urls.utc(urls.site_epoch(site))
    out: dict[str, bytes] = {}
    for plan in plans(site, epoch):
        for fmt in plan.formats:
            def make(seen: Site, _: object, plan: Plan = plan, fmt: str = fmt) -> bytes:
                return _write(seen, plan.make(seen), fmt)

            path = f"{plan.path}.{fmt}"
            out[path] = memo.get(path, (plan.shows, epoch, fmt), make)
    return out


def _write(site: Site, feed: Feed, fmt: str) -> bytes:
    if fmt == "json":
        return _json_feed(site, feed)
    if fmt == "atom":
        return bytes(_generator(site, feed, fmt).atom_str(pretty=True))
    return bytes(_generator(site, feed, fmt).rss_str(pretty=True))
