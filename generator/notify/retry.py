"""Retrying a send within a time budget: which failures are worth another try, and how long to wait.

A failure is transient (a timeout, a refused connection, 408, 425, 429 or any 5xx: try again) or
permanent (another 4xx, a TLS certificate that does not verify: trying again cannot help). Waits
double from one second up to 30, unless the server says how long with Retry-After (seconds or an
HTTP date). Nothing is tried once the budget would run out while waiting.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import TypeVar

T = TypeVar("T")
REQUEST_TIMEOUT = 10.0   # seconds one attempt may take, at most


class SendFailed(Exception):
    """One attempt failed; `reason` names the status or the error, never a URL or a secret."""

    def __init__(self, reason: str, transient: bool, retry_after: float | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.transient = transient
        self.retry_after = retry_after


class GaveUp(Exception):
    """No attempt succeeded within the budget, or the failure was permanent."""

    def __init__(self, reason: str, attempts: int) -> None:
        super().__init__(reason)
        self.reason = reason
        self.attempts = attempts

    def __str__(self) -> str:
        return f"{self.reason} (after {self.attempts} attempt{'s' * (self.attempts != 1)})"


def is_transient(status: int) -> bool:
    return status in (408, 425, 429) or status >= 500


def retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds from a Retry-After header: delay-seconds or an HTTP date; None when absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


@dataclass(frozen=True)
class Backoff:
    first: float = 1.0
    factor: float = 2.0
    cap: float = 30.0
    attempt_timeout: float = REQUEST_TIMEOUT

    @property
    def shortest_try(self) -> float:
        """No try starts with less time than this left in the budget."""
        return min(1.0, self.attempt_timeout / 2)

    def wait(self, attempt: int, asked: float | None) -> float:
        """Seconds to wait after failed attempt number `attempt` (1-based)."""
        if asked is not None:
            return asked
        return min(self.cap, self.first * self.factor ** (attempt - 1))


@dataclass(frozen=True)
class Clock:
    """Time as the retry loop sees it; tests pass their own."""

    monotonic: Callable[[], float] = time.monotonic
    sleep: Callable[[float], None] = time.sleep


DEFAULT_BACKOFF = Backoff()
SYSTEM_CLOCK = Clock()


def with_retries(call: Callable[[float], T], deadline: float, backoff: Backoff = DEFAULT_BACKOFF,
                 clock: Clock = SYSTEM_CLOCK) -> T:
    """`call(timeout)` until it succeeds; raises GaveUp on a permanent failure or when the next try would
    start after `deadline` (a clock.monotonic() value)."""
    attempt = 0
    while True:
        attempt += 1
        remaining = deadline - clock.monotonic()
        if remaining <= 0:
            raise GaveUp("the time budget ran out", attempt - 1)
        try:
            return call(min(backoff.attempt_timeout, remaining))
        except SendFailed as failure:
            if not failure.transient:
                raise GaveUp(failure.reason, attempt) from None
            wait = backoff.wait(attempt, failure.retry_after)
            # A try squeezed into the budget's last moments would only time out and hide the real failure.
            if clock.monotonic() + wait + backoff.shortest_try >= deadline:
                asked = f"; asked to retry after {failure.retry_after:g} s" if failure.retry_after is not None else ""
                raise GaveUp(f"{failure.reason}{asked}; the time budget ran out", attempt) from None
            clock.sleep(wait)
