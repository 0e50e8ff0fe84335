"""Formatting helpers for templates: times, durations, percentages, labels and relative links."""

from __future__ import annotations

import functools
import posixpath
import re
from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime, timedelta

import jinja2
from markupsafe import Markup, escape

from ..clock import format_utc, human_time
from ..derive.uptime import Day
from ..model import Component
from .markdown import to_html


def _clock(context: jinja2.runtime.Context) -> str:
    """The site's clock (mkdocs.yml `clock:`), from the page's `site`."""
    site = context.get("site")
    return site.config.clock if site is not None else "24h"


@jinja2.pass_context
def human_time_filter(context: jinja2.runtime.Context, value: datetime) -> str:
    return human_time(value, _clock(context))


@jinja2.pass_context
def time_tag(context: jinja2.runtime.Context, value: datetime | None, text: str | None = None) -> Markup:
    """<time datetime> in UTC; statuspress.js rewrites a text it wrote (no `text` given) in the reader's time
    zone, in the same format (data-sp-clock)."""
    if value is None:
        return Markup("")
    if text is not None:
        return Markup(f'<time datetime="{escape(format_utc(value))}">{escape(text)}</time>')  # noqa: S704 - escaped
    return _clock_time_tag(value.astimezone(UTC), _clock(context))


def day_tag(value: date) -> Markup:
    """<time datetime> of a UTC day, as a page says it: 28 Nov 2026 (a page that shows the build's day
    rather than its moment is the same all day: serve and `--incremental` do not make it again)."""
    return Markup(f'<time datetime="{value.isoformat()}">{value.strftime("%-d %b %Y")}</time>')  # noqa: S704 - a date only


# A site prints each moment on several pages (its incident's, the history, its components' and tags'
# pages, as a similar incident): about 17,000 different moments among 40,000 time tags at 3,000
# incidents. The tag depends on the UTC moment alone, so each is made once. Unbounded like the Markdown
# caches (render/markdown.py): it holds what the site shows, a few hundred bytes a moment.
@functools.cache
def _clock_time_tag(utc: datetime, clock: str) -> Markup:
    """The tag of a moment that statuspress.js rewrites in the reader's time zone; built with escape() and an
    f-string rather than Markup.format (string.Formatter), which cost more than the rest of the tag."""
    return Markup(f'<time datetime="{escape(format_utc(utc))}" data-sp-clock="{escape(clock)}">'  # noqa: S704
                  f"{escape(human_time(utc, clock))}</time>")


def duration(value: timedelta | None) -> str:
    if value is None:
        return ""
    minutes = int(value.total_seconds() // 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    parts = [f"{days}d"] if days else []
    if hours:
        parts.append(f"{hours}h")
    if mins or not parts:
        parts.append(f"{mins}m")
    return " ".join(parts)


def percent(value: float | None) -> str:
    if value is None:
        return "no data"
    return f"{value:.2f} %"


def label(value: object) -> str:
    """Enum values as words: partial_outage → Partial outage."""
    text = str(value).replace("_", " ")
    return text[:1].upper() + text[1:]


def breakable(address: str) -> Markup:
    """An address that a narrow screen may wrap after a "/" or "." but never inside a word."""
    return Markup("<wbr>").join(escape(part) for part in re.split(r"(?<=[/.])(?!/)", address))


@jinja2.pass_context
def component_links(context: jinja2.runtime.Context, components: Iterable[Component]) -> Markup:
    """Links to the components' pages, comma-separated: `{{ view.affected | component_links }}`. A filter
    rather than a macro: lists of incidents print one per incident (20,000 at 3,000 incidents), and a
    macro call with a template loop cost twice what this does."""
    url = context.resolve("url")   # the page's relative_to
    links = [f'<a href="{escape(url(f"components/{c.id}/"))}">{escape(c.name)}</a>' for c in components]
    return Markup(", ".join(links))  # noqa: S704 - escaped above


@jinja2.pass_context
def day_text(context: jinja2.runtime.Context, day: Day) -> Markup:
    """What one day of the uptime bar says, in words: `{{ d | day_text }}` (the cell's label and tooltip). A
    filter rather than a macro: a page of components prints 90 per component, and the macro was a third of
    rendering such a page. Incidents are looked up in the page's `site`, so a page's reads are recorded."""
    out = [f'<strong class="sp-day__date">{day.day.strftime("%-d %b %Y")}</strong>']
    if not day.counted:
        out.append(": no data")
        return Markup("".join(out))  # noqa: S704 - a date only
    parts = [f"{what} {_minutes(value)}" for what, value in (
        ("major outage", day.major_minutes), ("partial outage", day.partial_minutes),
        ("degraded performance", day.degraded_minutes), ("maintenance", day.maintenance_minutes)) if value]
    out.append(f": {_minutes(day.downtime_minutes)} downtime" if day.downtime_minutes else ": no downtime")
    if parts:
        out.append(f" ({', '.join(parts)})")
    by_id = context.resolve("site").by_id
    shown = [incident_id for incident_id in day.incidents if incident_id in by_id]
    if shown:
        url = context.resolve("url")   # the page's relative_to
        links = []
        for incident_id in shown:
            view = by_id[incident_id]
            links.append(f'<a href="{escape(url(view.url))}">{escape(view.title)}</a>')
        out.append(f'.<span class="sp-day__incidents"> Incidents: {"; ".join(links)}</span>')
    return Markup("".join(out))  # noqa: S704 - escaped above


def _minutes(value: float) -> str:
    """Whole minutes as the bar writes them: 45m, 1h, 2h 5m (rounded as Jinja's round filter does)."""
    m = int(round(value, 0))
    if m >= 60:
        return f"{m // 60}h {m % 60}m" if m % 60 else f"{m // 60}h"
    return f"{m}m"


def markdown(text: str | None) -> Markup:
    return Markup(to_html(text or ""))  # noqa: S704 - to_html escapes raw HTML and sanitises with nh3


def relative_to(page_url: str) -> Callable[[str], str]:
    """A function turning a site-root-relative path ('incidents/x/') into a link relative to the page."""
    # Both are paths from the site root, so the link is "up" out of the page's folder to the longest
    # shared prefix, then down to the target (posixpath.relpath is correct too, and ten times slower).
    here = [part for part in posixpath.dirname("/" + page_url).split("/") if part]
    up = "../" * len(here)
    top = here[0] + "/" if here else None

    def url(target: str) -> str:
        if target.startswith(("http://", "https://", "mailto:", "#")):
            return target
        path = target.lstrip("/")
        if top is None or not path.startswith(top):   # nothing shared: most links (components, other sections)
            return up + path or "./"
        parts = path.split("/")
        shared = 0
        while shared < len(here) and shared < len(parts) - 1 and here[shared] == parts[shared]:
            shared += 1
        return "../" * (len(here) - shared) + "/".join(parts[shared:]) or "./"

    return url


def install(env: jinja2.Environment) -> None:
    env.filters.update(iso=format_utc, human_time=human_time_filter, time=time_tag, duration=duration, percent=percent,
                       label=label, markdown=markdown, escape=escape,
                       breakable=breakable, component_links=component_links, day_text=day_text, day=day_tag)
