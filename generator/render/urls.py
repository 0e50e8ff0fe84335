"""Absolute links, stable identifiers and data-derived timestamps shared by the feeds, calendar and API.

Everything a subscriber's client stores (entry ids, GUIDs, UIDs, API ids) is derived from permanent
incident ids and update positions, never from the build clock or a hash of mutable text.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from urllib.parse import urlsplit

from ..derive import Site
from ..derive.site import IncidentView
from ..model import Update

# Used when mkdocs.yml has no site_url: `mkdocs serve`'s default address, so links still resolve locally.
FALLBACK_SITE_URL = "http://127.0.0.1:8000/"
# The date in tag: URIs (RFC 4151). Fixed forever: changing it would change every entry id.
TAG_DATE = "2024"


def base_url(site: Site) -> str:
    """site_url with exactly one trailing slash; keeps its sub-path (https://org.github.io/status/)."""
    url = site.config.site_url or FALLBACK_SITE_URL
    return url.rstrip("/") + "/"


def absolute(site: Site, path: str = "") -> str:
    """An absolute URL for a site-root-relative path ('incidents/x/', 'feed.atom')."""
    return base_url(site) + path.lstrip("/")


def tag_uri(site: Site, specific: str) -> str:
    """tag:<host>,2024:<sub-path/><specific>: stable as long as site_url and the incident id stay."""
    parts = urlsplit(base_url(site))
    host = (parts.hostname or "localhost").lower()
    prefix = parts.path.strip("/")
    return f"tag:{host},{TAG_DATE}:{prefix + '/' if prefix else ''}{specific}"


def update_tag(site: Site, view: IncidentView, update: Update) -> str:
    return tag_uri(site, f"incidents/{view.id}/updates/{update.index}")


def incident_tag(site: Site, view: IncidentView) -> str:
    return tag_uri(site, f"incidents/{view.id}")


def host(site: Site) -> str:
    return (urlsplit(base_url(site)).hostname or "localhost").lower()


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "x"


def utc(value: datetime) -> datetime:
    return value.astimezone(UTC)


def updated_at(update: Update) -> datetime:
    """When an update last changed: its latest correction, else when it was posted."""
    return max((c.at for c in update.corrections), default=update.at)


def view_published(view: IncidentView) -> datetime:
    """When the incident first appeared publicly (IncidentView.first_public)."""
    return view.first_public


def view_updated(view: IncidentView) -> datetime:
    """The last time anything public about it changed (IncidentView.last_changed)."""
    return view.last_changed


def site_epoch(site: Site) -> datetime:
    """The earliest moment in the data: a deterministic stand-in for 'created' when nothing else fits."""
    moments = [view_published(v) for v in site.incidents]
    moments += [datetime(c.start_date.year, c.start_date.month, c.start_date.day, tzinfo=UTC)
                for c in site.config.components if c.start_date is not None]
    return min(moments) if moments else site.now


def site_updated(site: Site) -> datetime:
    """The newest public change anywhere on the site; the epoch when there is none."""
    moments = [view_updated(v) for v in site.incidents]
    return max(moments) if moments else site_epoch(site)
