"""Formatting helpers for templates: times, durations, percentages, labels and relative links."""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from datetime import datetime, timedelta

import jinja2
from markupsafe import Markup, escape

from ..clock import format_utc
from .markdown import to_html


def human_time(value: datetime) -> str:
    return value.strftime("%d %b %Y, %H:%M UTC").lstrip("0")


def time_tag(value: datetime | None, text: str | None = None) -> Markup:
    """<time datetime> in UTC; the optional script may localise the text in the reader's time zone."""
    if value is None:
        return Markup("")
    return Markup('<time datetime="{}">{}</time>').format(format_utc(value), text or human_time(value))


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


def markdown(text: str | None) -> Markup:
    return Markup(to_html(text or ""))  # noqa: S704 - to_html escapes raw HTML and sanitises with nh3


def relative_to(page_url: str) -> Callable[[str], str]:
    """A function turning a site-root-relative path ('incidents/x/') into a link relative to the page."""
    # Both are paths from the site root, so the link is "up" out of the page's folder to the longest
    # shared prefix, then down to the target (posixpath.relpath is correct too, and ten times slower).
    here = [part for part in posixpath.dirname("/" + page_url).split("/") if part]

    def url(target: str) -> str:
        if target.startswith(("http://", "https://", "mailto:", "#")):
            return target
        parts = target.lstrip("/").split("/")
        shared = 0
        while shared < len(here) and shared < len(parts) - 1 and here[shared] == parts[shared]:
            shared += 1
        return "../" * (len(here) - shared) + "/".join(parts[shared:]) or "./"

    return url


def install(env: jinja2.Environment) -> None:
    env.filters.update(iso=format_utc, human_time=human_time, time=time_tag, duration=duration, percent=percent,
                       label=label, markdown=markdown, escape=escape)
