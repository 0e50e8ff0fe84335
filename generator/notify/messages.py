"""What every channel says about an event (a Notice), the Message each channel sends, and fitting a
message into a channel's size limit. Pure.

Texts come from the public API, where update bodies are already plain text (Markdown rendered, raw
HTML removed). Each channel format escapes them for its own markup; nothing is passed on raw.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from ..clock import human_time
from .changes import Event, EventKind, status_label
from .snapshot import Json, Snapshot

ELLIPSIS = "…"


@dataclass(frozen=True)
class Message:
    """One send: the exact bytes that go out, and a key that is the same on every run (the dedup id)."""

    key: str
    summary: str                   # one line, for reports and dry runs
    body: bytes                    # the HTTP request body, or the whole RFC 5322 e-mail
    content_type: str              # application/json; charset=utf-8, or message/rfc822
    headers: tuple[tuple[str, str], ...] = ()   # extra HTTP headers that carry no secret
    truncated: bool = False


@dataclass(frozen=True)
class Site:
    """The page as the current snapshot describes it, and when this run happens."""

    name: str
    url: str                       # site_url, with its trailing slash
    page_id: str
    indicator: str                 # none, minor, major, critical
    description: str               # "All Systems Operational"…
    now: datetime
    clock: str = "24h"             # mkdocs.yml `clock:`: times read as on the pages

    @classmethod
    def of(cls, snapshot: Snapshot, now: datetime, clock: str = "24h") -> Site:
        page, status = snapshot.page, snapshot.status
        url = str(page.get("url") or "")
        return cls(str(page.get("name") or "Status"), url if url.endswith("/") else url + "/",
                   str(page.get("id") or ""), str(status.get("indicator") or "none"),
                   str(status.get("description") or ""), now, clock)

    @property
    def subscribe_url(self) -> str:
        return self.url + "subscribe/"


@dataclass(frozen=True)
class Notice:
    """An event in words every channel shares."""

    event: Event
    site: Site
    headline: str                  # "New incident", "Resolved", "Correction", "Maintenance started"
    title: str                     # the incident's name
    status: str                    # "Investigating", "In progress"…
    text: str                      # what subscribers read, plain text
    link: str                      # the incident's page
    at: datetime
    affected: tuple[tuple[str, str], ...]    # (component name, status label)
    window: tuple[datetime, datetime] | None  # a maintenance window's planned start and end

    @property
    def key(self) -> str:
        return self.event.id

    @property
    def summary(self) -> str:
        return f"{self.headline}: {self.title}"

    @property
    def when(self) -> str:
        return human_time(self.at, self.site.clock)

    @property
    def affected_text(self) -> str:
        return ", ".join(f"{name} ({status.lower()})" for name, status in self.affected)

    @property
    def window_text(self) -> str | None:
        if self.window is None:
            return None
        start, end = self.window
        same_day = start.date() == end.date()
        clock = self.site.clock
        return f"{human_time(start, clock)} to {human_time(end, clock, date=not same_day)}"


def notice(event: Event, site: Site) -> Notice:
    data = event.incident.data
    update = event.update
    if update is not None:
        text = str(update["body"])
        status = status_label(str(update["status"]))
    else:
        text = ("The maintenance window opened as scheduled." if event.kind is EventKind.STARTED
                else "The maintenance window ended as scheduled.")
        status = status_label(str(data["status"]))
    window = None
    if data.get("scheduled_for") and data.get("scheduled_until"):
        window = (parse_time(str(data["scheduled_for"])), parse_time(str(data["scheduled_until"])))
    return Notice(event, site, event.headline, str(data["name"]), status, text, str(data["shortlink"]),
                  parse_time(event.at), _affected(data, update), window)


def _affected(data: Json, update: Json | None) -> tuple[tuple[str, str], ...]:
    changes = (update or {}).get("affected_components") or []
    if changes:
        return tuple((str(c.get("name")), status_label(str(c.get("new_status")))) for c in changes
                     if isinstance(c, dict))
    return tuple((str(c.get("name")), status_label(str(c.get("status")))) for c in data.get("components") or []
                 if isinstance(c, dict))


def parse_time(text: str) -> datetime:
    """An API timestamp (2026-11-26T09:15:00.000Z); the Unix epoch when it is not one."""
    try:
        value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return datetime(1970, 1, 1, tzinfo=UTC)
    return value.astimezone(UTC) if value.tzinfo else value.replace(tzinfo=UTC)


def cut(text: str, length: int) -> str:
    """The first `length` characters, ending at a word where one is near, marked with an ellipsis."""
    if length >= len(text):
        return text
    head = text[:max(length, 0)]
    space = head.rfind(" ")
    if space > length * 0.8:
        head = head[:space]
    return head.rstrip() + ELLIPSIS


def fit(build: Callable[[str, bool], bytes | None], text: str, limit: int) -> tuple[bytes, bool]:
    """`build(text, truncated)` with the whole text when the result fits in `limit` bytes (build returns
    None when one of the channel's own field limits is exceeded); else with the longest cut that fits,
    and `truncated` True so the message says where the rest is. Returns (bytes, truncated)."""
    whole = build(text, False)
    if whole is not None and len(whole) <= limit:
        return whole, False
    lo, hi = 0, len(text)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        attempt = build(cut(text, mid), True)
        if attempt is not None and len(attempt) <= limit:
            lo = mid
        else:
            hi = mid - 1
    final = build(cut(text, lo), True)
    if final is None or len(final) > limit:
        raise ValueError("the message does not fit even without its text")  # a bug in a format, not input
    return final, True
