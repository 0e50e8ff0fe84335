"""Fault injection against real servers: timeouts, 5xx, 429 with Retry-After, an SMTP 451, a channel
that keeps failing. Over repeated runs every message arrives exactly once, in order, and one failing
channel never holds up the others."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from generator.notify import run
from generator.notify.retry import Backoff, retry_after

from .conftest import FAST, SmtpServer
from .helpers import Project, Receiver, update

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
UPDATES = [update(f"2026-11-28T09:{10 + 5 * n}:00Z", "investigating" if n == 0 else "identified", f"Update {n}.")
           for n in range(4)]
IDS = [f"2026-11-28-api-errors-{n}" for n in range(1, 4)]


def notify(project: Project, site: Path, env: dict[str, str], previous: Path | None = None, budget: float = 4,
           backoff: Backoff = FAST) -> run.Outcome:
    return run.notify(project.config, site, previous, NOW, env, budget=budget, backoff=backoff)


@pytest.fixture
def scene(project: Project, tmp_path: Path) -> tuple[Path, Path]:
    """Published: the first update. Built: three more, for every channel."""
    project.incident("2026-11-28-api-errors", UPDATES[0])
    previous = project.render("2026-11-28T09:12:00Z", tmp_path / "previous")
    project.incident("2026-11-28-api-errors", *UPDATES)
    return previous, project.render("2026-11-28T09:30:00Z", tmp_path / "site")


def ids(receiver: Receiver, path: str) -> list[str]:
    return [r.message_id.split("+")[0] for r in receiver.on(path) if "+component" not in r.message_id]


def test_timeouts_5xx_and_429_are_retried_within_the_budget(project: Project, scene: tuple[Path, Path],
                                                            receiver: Receiver, smtp: SmtpServer,
                                                            env: dict[str, str]) -> None:
    previous, site = scene
    receiver.fail("/slack", 1.0, (500, {}), (503, {}))               # a hang past the timeout, then two 5xx
    receiver.fail("/teams", (429, {"Retry-After": "1"}))              # rate limited: told to wait a second
    receiver.fail("/hook", (502, {}), 1.0)
    smtp.faults.extend(["451 4.3.0 Try again later"])                 # a transient SMTP reply
    started = time.monotonic()
    outcome = notify(project, site, env, previous)
    assert outcome.ok, [r.error for r in outcome.results]
    for path in ("/slack", "/teams", "/discord", "/hook"):
        assert ids(receiver, path) == IDS, path
    assert [str(m.message["X-Statuspress-Message-Id"]) for m in smtp.mails] == IDS
    teams = [outcome for path, outcome in receiver.attempts if path == "/teams"]
    assert teams[:2] == ["429", "200"]
    assert time.monotonic() - started >= 1.0                          # Retry-After was honoured


def test_a_channel_that_keeps_failing_is_reported_and_retried_next_run_without_duplicates_or_losses(
        project: Project, scene: tuple[Path, Path], receiver: Receiver, smtp: SmtpServer,
        env: dict[str, str]) -> None:
    previous, site = scene
    receiver.fail("/discord", *[(500, {})] * 200)                    # 500 for longer than the budget
    receiver.fail("/teams", *[(429, {"Retry-After": "30"})])         # asks for longer than the budget
    outcome = notify(project, site, env, previous, budget=1.5)

    assert not outcome.ok
    failed = {r.channel.name: r for r in outcome.results if not r.ok}
    assert set(failed) == {"discord", "teams"}
    assert "HTTP 500" in (failed["discord"].error or "") and "budget" in (failed["discord"].error or "")
    assert "HTTP 429" in (failed["teams"].error or "") and "30 s" in (failed["teams"].error or "")
    # The others were not held up.
    assert ids(receiver, "/slack") == IDS and ids(receiver, "/hook") == IDS and len(smtp.mails) == 3

    receiver.faults["/discord"].clear()
    receiver.fail("/discord", (500, {}))                              # one more blip on the next run
    again = notify(project, site, env)                                 # the ledger written by the first run
    assert again.ok, [r.error for r in again.results]
    for path in ("/slack", "/teams", "/discord", "/hook"):
        assert ids(receiver, path) == IDS, path                        # each once, in order
    assert len(smtp.mails) == 3

    third = notify(project, site, env)
    assert third.ok and sum(len(d.messages) for d in third.deliveries) == 0
    assert len(receiver.accepted) == 4 * 3 and len(smtp.mails) == 3


def test_a_webhook_event_half_sent_resumes_with_the_part_not_sent(
        project: Project, tmp_path: Path, receiver: Receiver, env: dict[str, str]) -> None:
    previous = project.render("2026-11-28T09:00:00Z", tmp_path / "previous")
    project.incident("2026-11-28-api-errors", UPDATES[0])       # a new incident: the incident and a component
    site = project.render("2026-11-28T09:30:00Z", tmp_path / "site")
    receiver.fail("/hook", None, (400, {}))                       # the incident goes, its component does not
    first = notify(project, site, env, previous)
    hook = next(r for r in first.results if r.channel.name == "hook")
    assert hook.error == "HTTP 400 Bad Request (after 1 attempt)"
    assert [r.message_id for r in receiver.on("/hook")] == ["2026-11-28-api-errors-0+incident"]

    assert notify(project, site, env).ok
    assert [r.message_id for r in receiver.on("/hook")] == [
        "2026-11-28-api-errors-0+incident", "2026-11-28-api-errors-0+component:api"]
    assert notify(project, site, env).ok and len(receiver.on("/hook")) == 2


def test_a_permanent_4xx_is_not_retried_and_later_messages_wait_for_it(
        project: Project, scene: tuple[Path, Path], receiver: Receiver, env: dict[str, str]) -> None:
    previous, site = scene
    receiver.fail("/slack", (404, {}))
    outcome = notify(project, site, env, previous)
    slack = next(r for r in outcome.results if r.channel.name == "slack")
    assert slack.error == "HTTP 404 Not Found (after 1 attempt)" and slack.sent == ()
    assert [o for path, o in receiver.attempts if path == "/slack"] == ["404"]   # not retried, nothing after it
    assert notify(project, site, env).ok
    assert ids(receiver, "/slack") == IDS


def test_a_slow_success_can_arrive_twice_with_the_same_dedup_id(
        project: Project, scene: tuple[Path, Path], receiver: Receiver, env: dict[str, str]) -> None:
    """At least once: a server that accepts after the client gave up gets the retry too, and can tell."""
    previous, site = scene
    receiver.fail("/slack", ("slow", 1.0))
    assert notify(project, site, env, previous).ok
    slack = receiver.on("/slack")
    assert [r.message_id for r in slack] == [IDS[0], IDS[0], IDS[1], IDS[2]]
    assert slack[0].body == slack[1].body


def test_retry_after_takes_seconds_or_an_http_date() -> None:
    now = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
    assert retry_after("7", now) == 7.0
    assert retry_after("Sat, 28 Nov 2026 12:00:30 GMT", now) == 30.0
    assert retry_after("Sat, 28 Nov 2026 11:00:00 GMT", now) == 0.0
    assert retry_after("soon", now) is None and retry_after(None, now) is None
