"""The build's notion of "now": --at, else SOURCE_DATE_EPOCH, else the wall clock; always aware."""

from __future__ import annotations

import os
from datetime import UTC, datetime


class ClockError(ValueError):
    """A --at or SOURCE_DATE_EPOCH value that is not a usable time."""


def format_utc(value: datetime) -> str:
    """The one spelling of a moment in messages, files and feeds: ISO 8601 in UTC, to the second, with Z."""
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


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
    """The build time, in UTC, truncated to the second."""
    if at:
        return parse_at(at)
    env = os.environ if environ is None else environ
    epoch = env.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            return datetime.fromtimestamp(int(epoch), UTC)
        except (ValueError, OverflowError) as err:
            raise ClockError(f"SOURCE_DATE_EPOCH is not a number of seconds: {epoch!r}") from err
    return datetime.now(UTC).replace(microsecond=0)
