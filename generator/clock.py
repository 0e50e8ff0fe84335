"""The build's notion of "now": --at, else SOURCE_DATE_EPOCH, else the wall clock; always aware."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta

# The build times statuspress supports. Before 1970 there is no SOURCE_DATE_EPOCH and no gzip timestamp
# (mkdocs compresses sitemap.xml with the build time; the gzip header holds unsigned 32-bit seconds, which
# end in 2106); 2099 leaves every date computed from the build time (uptime windows, due dates) in range.
EARLIEST = datetime(1970, 1, 1, tzinfo=UTC)
LATEST = datetime(2099, 12, 31, 23, 59, 59, tzinfo=UTC)
# How far after the build time a posted time may be before it counts as a typo rather than clock skew.
SKEW = timedelta(minutes=10)


class ClockError(ValueError):
    """A --at or SOURCE_DATE_EPOCH value that is not a usable time."""


def format_utc(value: datetime) -> str:
    """The one spelling of a moment in messages, files and feeds: ISO 8601 in UTC, to the second, with Z."""
    utc = value.astimezone(UTC)
    if utc.year < 1000:   # strftime's %Y, whose padding of such years differs between C libraries
        return utc.strftime("%Y-%m-%dT%H:%M:%SZ")
    # The same text as strftime, four times faster (a build prints tens of thousands); %-formatting is a
    # third faster again than str.format or an f-string with a spec per field.
    return "%d-%02d-%02dT%02d:%02d:%02dZ" % (  # noqa: UP031
        utc.year, utc.month, utc.day, utc.hour, utc.minute, utc.second)


# How readers see a time of day (mkdocs.yml `clock:`): pages, feeds, the calendar, notifications and
# statuspress.js (which writes the same shape in the reader's own time zone) all follow it.
CLOCKS = ("24h", "12h")
# Month names in human_time: English whatever the process's locale (what strftime's %b gives in the C
# locale Python starts in, without its cost), as statuspress.js writes them.
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def human_time(value: datetime, clock: str = "24h", date: bool = True) -> str:
    """A moment for people: '28 Nov 2026, 20:06 UTC', or '28 Nov 2026, 8:06 PM UTC' on a 12-hour clock;
    without the date, '20:06 UTC'."""
    value = value.astimezone(UTC)
    hour = f"{value.hour % 12 or 12}:{value.minute:02d} {'AM' if value.hour < 12 else 'PM'}" if clock == "12h" \
        else f"{value.hour:02d}:{value.minute:02d}"
    day = f"{value.day} {MONTHS[value.month - 1]} {value.year}, " if date else ""
    return f"{day}{hour} UTC"


def parse_at(text: str) -> datetime:
    """Parse a --at value: ISO 8601 with an offset (Z allowed), or 'now'."""
    if text == "now":
        return datetime.now(UTC).replace(microsecond=0)
    try:
        value = datetime.fromisoformat(text)
    except ValueError as err:
        raise ClockError(f"not an ISO 8601 time: {text!r} (example: 2026-11-26T09:40:00Z)") from err
    if value.tzinfo is None:
        raise ClockError(f"time has no UTC offset: {text!r} (add Z or +01:00)")
    try:
        return value.astimezone(UTC).replace(microsecond=0)
    except OverflowError as err:
        raise ClockError(f"time is out of range: {text!r}") from err


def now(at: str | None = None, environ: dict[str, str] | None = None) -> datetime:
    """The build time, in UTC, truncated to the second, from EARLIEST to LATEST."""
    if at:
        return _supported(parse_at(at), f"--at {at!r}")
    env = os.environ if environ is None else environ
    epoch = env.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            value = datetime.fromtimestamp(int(epoch), UTC)
        except (ValueError, OverflowError, OSError) as err:
            raise ClockError(f"SOURCE_DATE_EPOCH is not a number of seconds: {epoch!r}") from err
        return _supported(value, f"SOURCE_DATE_EPOCH {epoch} ({_iso(value)})")
    return _supported(datetime.now(UTC).replace(microsecond=0), "the system clock")


def _supported(value: datetime, what: str) -> datetime:
    if EARLIEST <= value <= LATEST:
        return value
    raise ClockError(f"{what} is outside the supported build times {_iso(EARLIEST)} to {_iso(LATEST)}")


def _iso(value: datetime) -> str:
    """format_utc for any year (strftime does not pad years before 1000)."""
    return value.astimezone(UTC).replace(tzinfo=None).isoformat(timespec="seconds") + "Z"
