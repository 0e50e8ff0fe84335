"""maintenance.ics: every maintenance window as an iCalendar VEVENT (RFC 5545), built with `icalendar`.

Subscribed calendars match events by UID and take the copy with the highest SEQUENCE, so:
- UID is the incident id at the site's host, never anything that changes;
- SEQUENCE counts the public updates after the first announcement. Updates are append-only, so the
  number only grows, and every change a subscriber can see (status, text, cancellation) bumps it;
- DTSTAMP and LAST-MODIFIED are the latest update's time, CREATED the first's: data, not the clock.

STATUS: TENTATIVE while the window is only scheduled, CONFIRMED once it opened, CANCELLED if cancelled.
No METHOD property: this is a published calendar file, not an iTIP message. RFC 5546 requires an
ORGANIZER on every METHOD:PUBLISH event and we have no organiser address, so strict iTIP checkers
(libical) reject METHOD:PUBLISH without one; without METHOD, RFC 5545 asks for no ORGANIZER.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..clock import human_time
from ..derive import Site
from ..derive.lifecycle import Phase
from ..derive.site import IncidentView
from . import urls
from .filters import label
from .markdown import to_text
from .reuse import Memo

if TYPE_CHECKING:
    from icalendar import Calendar, Event

PATH = "maintenance.ics"


def _status(view: IncidentView) -> str:
    if view.life.phase is Phase.CANCELLED:
        return "CANCELLED"
    if view.life.phase is Phase.UPCOMING:
        return "TENTATIVE"
    return "CONFIRMED"


def _description(site: Site, view: IncidentView) -> str:
    lines = [f"Status: {label(view.life.status)}"]
    if view.affected:
        lines.append("Affected components: " + ", ".join(c.name for c in view.affected))
    for update in view.updates_newest_first:
        lines += ["", f"{label(update.status)}, {human_time(update.at, site.config.clock)}:", to_text(update.message)]
    lines += ["", urls.absolute(site, view.url)]
    return "\n".join(lines)


def event(site: Site, view: IncidentView) -> Event:
    from icalendar import Event  # only when an event is written: a build that reuses them all needs none

    inc = view.incident
    assert inc.scheduled_start is not None and inc.scheduled_end is not None   # validated
    ev = Event()
    ev.add("uid", f"{inc.id}@{urls.host(site)}")
    ev.add("dtstamp", urls.utc(urls.view_updated(view)))
    ev.add("created", urls.utc(urls.view_published(view)))
    ev.add("last-modified", urls.utc(urls.view_updated(view)))
    ev.add("sequence", max(len(view.updates) - 1, 0))
    ev.add("dtstart", urls.utc(inc.scheduled_start))
    ev.add("dtend", urls.utc(inc.scheduled_end))
    ev.add("summary", f"{'Cancelled: ' if view.life.phase is Phase.CANCELLED else ''}{inc.title}")
    ev.add("description", _description(site, view))
    ev.add("url", urls.absolute(site, view.url))
    ev.add("status", _status(view))
    ev.add("transp", "TRANSPARENT")   # a window on someone's calendar should not block their time
    ev.add("categories", ["Maintenance", *(c.name for c in view.affected)])
    return ev


def calendar(site: Site) -> Calendar:
    """The calendar with its own properties, and no events yet."""
    from icalendar import Calendar

    cal = Calendar()
    name = " ".join(site.config.site_name.split())   # icalendar writes X- properties unescaped: one line
    cal.add("prodid", f"-//statuspress//{name}//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", f"{name}: maintenance")
    cal.add("x-wr-caldesc", f"Scheduled maintenance windows on {name}.")
    cal.add("x-wr-timezone", "UTC")
    return cal


def windows(site: Site) -> list[IncidentView]:
    """Every maintenance window, in the calendar's order."""
    return sorted((v for v in site.incidents if v.incident.is_maintenance), key=lambda v: (v.starts, v.id))


_END = b"END:VCALENDAR\r\n"


def render(site: Site, memo: Memo | None = None) -> dict[str, bytes]:
    """maintenance.ics. icalendar writes a calendar as its own lines, then each event's, then END:VCALENDAR:
    the calendar's own lines and each event are written on their own, through `memo` (reused while their
    values and what they read of the Site are unchanged), and the calendar put together from them."""
    memo = memo if memo is not None else Memo(site, None)
    head = memo.get(f"{PATH}#calendar", (), lambda seen, _: calendar(seen).to_ical())
    if not head.endswith(_END):   # not the icalendar this was written for: let it write the whole
        whole = calendar(site)
        for view in windows(site):
            whole.add_component(event(site, view))
        return {PATH: whole.to_ical()}
    events = [memo.get(f"{PATH}#{view.id}", (view,),
                       lambda seen, _, view=view: event(seen, view).to_ical())   # type: ignore[misc]
              for view in windows(site)]
    return {PATH: head[: -len(_END)] + b"".join(events) + _END}
