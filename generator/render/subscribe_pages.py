"""The Subscribe page (push channels, every feed, the calendar, the API and the badges) and the API's page
for humans."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from ..derive import Site
from . import api, ics, urls
from .feeds import FEED_LIMIT
from .page import Page


@dataclass(frozen=True)
class Link:
    """One subscribable file: where it is (site-root-relative), its absolute URL and what it holds."""

    path: str
    absolute: str
    title: str
    kind: str           # Atom, RSS 2.0, JSON Feed 1.1, iCalendar, JSON, SVG
    description: str


def _link(site: Site, path: str, title: str, kind: str, description: str) -> Link:
    return Link(path, urls.absolute(site, path), title, kind, description)


def feed_links(site: Site) -> list[Link]:
    """The site-wide feeds, in the order the Subscribe page lists them (and pages advertise them)."""
    return [
        _link(site, "feed.atom", "All updates", "Atom",
              "Every public update to every incident and maintenance window."),
        _link(site, "feed.rss", "All updates", "RSS 2.0", "The same entries for RSS readers."),
        _link(site, "feed.json", "All updates", "JSON Feed 1.1", "The same entries as JSON Feed."),
        _link(site, "history.atom", "Incident history", "Atom",
              "One entry per incident or maintenance window, updated as it changes."),
        _link(site, "history.rss", "Incident history", "RSS 2.0", "The same history for RSS readers."),
    ]


def calendar_link(site: Site) -> Link:
    return _link(site, ics.PATH, "Maintenance calendar", "iCalendar",
                 "Every maintenance window, for Google Calendar, Outlook or Apple Calendar.")


def api_links(site: Site) -> list[Link]:
    return [_link(site, api.PREFIX + name, name, "JSON", text) for name, text in api.ENDPOINTS]


@dataclass(frozen=True)
class PushChannel:
    """A notification channel as readers may see it: its name and kind, never where it sends."""

    name: str
    type: str           # webhook, slack, teams, discord, email
    kind: str           # Slack, Microsoft Teams, Discord, E-mail, Webhook (Statuspage format)
    covers: str         # "Incidents and maintenance, all components"
    description: str | None


def push_channels(site: Site) -> list[PushChannel]:
    names = {c.id: c.name for c in site.config.components}
    out = []
    for channel in site.config.channels:
        kinds = " and ".join(channel.kinds).capitalize()
        scope = ", ".join(names.get(c, c) for c in channel.components) if channel.components else "all components"
        out.append(PushChannel(channel.name, channel.type.value, channel.type.label, f"{kinds}; {scope}",
                               channel.description))
    return out


def pages(site: Site) -> Iterator[Page]:
    context = {
        "feeds": feed_links(site),
        "calendar": calendar_link(site),
        "webcal": "webcal://" + calendar_link(site).absolute.split("://", 1)[1],
        "endpoints": api_links(site),
        "badge": _link(site, "badge.svg", "Page status", "SVG", "The page-wide status."),
        "feed_limit": FEED_LIMIT,
        "channels": push_channels(site),
    }
    yield Page("subscribe.md", "Subscribe", "statuspress/subscribe.html", context,
               description=f"Follow {site.config.site_name} by feed, calendar, API or badge.")
    yield Page("api/index.md", "Status API", "statuspress/api.html", context,
               description=f"The Statuspage-compatible JSON API of {site.config.site_name}.")
