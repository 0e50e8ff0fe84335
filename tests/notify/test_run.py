"""notify end to end against real servers: what is new reaches every channel once, in order, and a
re-run on the same site sends nothing. The API comes from the real renderer at chosen build times."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from generator.notify import run
from generator.notify.snapshot import LEDGER

from .conftest import FAST, SmtpServer
from .helpers import Project, Receiver, update

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)


def notify(project: Project, site: Path, env: dict[str, str], previous: Path | None = None,
           budget: float = 5) -> run.Outcome:
    return run.notify(project.config, site, previous, NOW, env, budget=budget, backoff=FAST)


def sent_ids(receiver: Receiver, path: str) -> list[str]:
    return [r.message_id for r in receiver.on(path)]


def mail_ids(smtp: SmtpServer) -> list[str]:
    return [str(m.message["X-Statuspress-Message-Id"]) for m in smtp.mails]


@pytest.fixture
def published(project: Project, tmp_path: Path) -> Path:
    """The site as published at 09:30: one incident with its first update."""
    project.incident("2026-11-28-api-errors", update("2026-11-28T09:10:00Z", "investigating", "Looking into it."))
    return project.render("2026-11-28T09:30:00Z", tmp_path / "previous")


def test_every_new_update_reaches_every_channel_once_and_a_rerun_sends_nothing(
        project: Project, published: Path, tmp_path: Path, receiver: Receiver, smtp: SmtpServer,
        env: dict[str, str]) -> None:
    project.incident("2026-11-28-api-errors", update("2026-11-28T09:10:00Z", "investigating", "Looking into it."),
                     update("2026-11-28T09:40:00Z", "identified", "A bad deploy; rolling back."))
    project.incident("2026-11-28-slow-dashboard", update("2026-11-28T09:50:00Z", "investigating", "Slow pages."),
                     title="Slow dashboard", component="dashboard")
    project.maintenance("2026-12-01-db-upgrade", "2026-12-01T06:00:00Z", "2026-12-01T07:00:00Z",
                        update("2026-11-28T09:45:00Z", "scheduled", "We will upgrade the database."))
    site = project.render("2026-11-28T10:00:00Z", tmp_path / "site")

    outcome = notify(project, site, env, previous=published)

    assert outcome.ok, [r.error for r in outcome.results]
    in_order = ["2026-11-28-api-errors-1", "2026-12-01-db-upgrade-0", "2026-11-28-slow-dashboard-0"]
    assert sent_ids(receiver, "/slack") == in_order
    assert sent_ids(receiver, "/teams") == in_order
    assert sent_ids(receiver, "/discord") == [in_order[0], in_order[2]]       # kinds: [incidents]
    assert [i.split("+")[0] for i in sent_ids(receiver, "/hook")] == [
        in_order[0], in_order[1], in_order[2], in_order[2]]   # the new incident's component change too
    assert receiver.bad_signatures == 0
    assert mail_ids(smtp) == in_order
    assert all(m.recipients == ["ana@example.org", "bo@example.net", "cy@example.com"] for m in smtp.mails)
    ledger = json.loads((site / LEDGER).read_text())
    assert set(ledger["channels"]) == {"hook", "slack", "teams", "discord", "mail"}

    before = (len(receiver.accepted), len(smtp.mails))
    again = notify(project, site, env)                   # the same site, its ledger now beside it
    assert again.ok and sum(len(d.messages) for d in again.deliveries) == 0
    assert (len(receiver.accepted), len(smtp.mails)) == before


def test_headlines_say_what_happened(project: Project, published: Path, tmp_path: Path, receiver: Receiver,
                                     env: dict[str, str]) -> None:
    project.incident("2026-11-28-api-errors", update("2026-11-28T09:10:00Z", "investigating", "Looking into it."),
                     update("2026-11-28T09:40:00Z", "resolved", "Fixed."))
    project.maintenance("2026-11-28-db-upgrade", "2026-11-28T10:00:00Z", "2026-11-28T11:00:00Z",
                        update("2026-11-28T09:45:00Z", "scheduled", "We will upgrade the database."))
    project.maintenance("2026-11-28-cache-swap", "2026-11-28T12:00:00Z", "2026-11-28T13:00:00Z",
                        update("2026-11-28T09:46:00Z", "scheduled", "Swapping the cache."),
                        update("2026-11-28T09:47:00Z", "cancelled", "Called off."), title="Cache swap")
    site = project.render("2026-11-28T09:50:00Z", tmp_path / "site")
    assert notify(project, site, env, previous=published).ok
    headers = [r.json["blocks"][0]["text"]["text"] for r in receiver.on("/slack")]
    assert headers == ["Resolved: Elevated API errors", "Maintenance scheduled: Database upgrade",
                       "Maintenance scheduled: Cache swap", "Maintenance cancelled: Cache swap"]

    # The window opens and closes on schedule, with no update saying so: subscribers are told both.
    for at, expected in (("2026-11-28T10:05:00Z", "Maintenance started: Database upgrade"),
                         ("2026-11-28T11:05:00Z", "Maintenance completed: Database upgrade")):
        project.render(at, site)
        assert notify(project, site, env).ok
        assert receiver.on("/slack")[-1].json["blocks"][0]["text"]["text"] == expected
    assert len(receiver.on("/slack")) == 6
    project.render("2026-11-28T11:30:00Z", site)
    assert notify(project, site, env).ok and len(receiver.on("/slack")) == 6


def test_a_correction_is_sent_as_a_correction_with_the_corrected_text(
        project: Project, published: Path, tmp_path: Path, receiver: Receiver, env: dict[str, str]) -> None:
    site = project.render("2026-11-28T09:30:00Z", tmp_path / "site")
    assert notify(project, site, env, previous=published).ok and receiver.accepted == []
    project.incident("2026-11-28-api-errors", update("2026-11-28T09:10:00Z", "investigating",
                                                     "Looking into it (EU only).", corrected="2026-11-28T09:35:00Z"))
    project.render("2026-11-28T09:40:00Z", site)
    assert notify(project, site, env).ok
    slack = receiver.on("/slack")
    assert [r.json["blocks"][0]["text"]["text"] for r in slack] == ["Correction: Elevated API errors"]
    assert "Looking into it (EU only)." in slack[0].json["blocks"][1]["text"]["text"]
    hook = receiver.on("/hook")[0].json
    assert hook["incident"]["incident_updates"][0]["body"].startswith("Looking into it (EU only).")


def test_an_update_and_its_correction_both_new_go_out_once_corrected(
        project: Project, published: Path, tmp_path: Path, receiver: Receiver, env: dict[str, str]) -> None:
    project.incident("2026-11-28-api-errors", update("2026-11-28T09:10:00Z", "investigating", "Looking into it."),
                     update("2026-11-28T09:40:00Z", "identified", "The EU region.",
                            corrected="2026-11-28T09:41:00Z"))
    site = project.render("2026-11-28T09:45:00Z", tmp_path / "site")
    assert notify(project, site, env, previous=published).ok
    assert sent_ids(receiver, "/slack") == ["2026-11-28-api-errors-1"]


def test_component_filters_and_channels_added_later(project: Project, published: Path, tmp_path: Path,
                                                    receiver: Receiver, env: dict[str, str]) -> None:
    text = project.config_file.read_text()
    project.config_file.write_text(text.replace("          url_env: SLACK_URL\n",
                                                "          url_env: SLACK_URL\n          components: [dashboard]\n"))
    project.incident("2026-11-28-api-errors", update("2026-11-28T09:10:00Z", "investigating", "Looking into it."),
                     update("2026-11-28T09:40:00Z", "identified", "A bad deploy."))
    site = project.render("2026-11-28T10:00:00Z", tmp_path / "site")
    assert notify(project, site, env, previous=published).ok
    assert receiver.on("/slack") == [] and len(receiver.on("/teams")) == 1

    # Widening the filter later does not replay what the channel was not meant to get then.
    project.config_file.write_text(text)
    assert notify(project, site, env).ok
    assert receiver.on("/slack") == []

    # A channel added later starts from the published site, not from the beginning of time.
    project.config_file.write_text(text.replace("      notify:\n", "      notify:\n        - name: late\n"
                                                "          type: slack\n          url_env: LATE_URL\n"))
    project.incident("2026-11-28-api-errors", update("2026-11-28T09:10:00Z", "investigating", "Looking into it."),
                     update("2026-11-28T09:40:00Z", "identified", "A bad deploy."),
                     update("2026-11-28T10:20:00Z", "resolved", "Fixed."))
    project.render("2026-11-28T10:30:00Z", site)
    assert notify(project, site, {**env, "LATE_URL": receiver.url("/late")}, previous=site).ok
    assert sent_ids(receiver, "/late") == []     # --previous is the site itself: nothing new for it


def test_a_previous_folder_that_is_not_a_site_is_refused_and_nothing_is_sent(
        project: Project, tmp_path: Path, receiver: Receiver, env: dict[str, str]) -> None:
    project.incident("2026-11-28-api-errors", update("2026-11-28T09:10:00Z", "investigating", "Looking into it."))
    site = project.render("2026-11-28T09:30:00Z", tmp_path / "site")
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(run.NotifyError, match="is missing"):
        notify(project, site, env, previous=empty)
    assert receiver.accepted == []
