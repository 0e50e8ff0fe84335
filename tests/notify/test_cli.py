"""`statuspress notify` as CI runs it: real builds, the published site served over HTTP from loopback,
--prepare before the deploy, notify after it, the ledger published again; --dry-run prints the very
bytes a run sends; a re-run of the same commit sends nothing."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from tests.support.server import LoopbackServer, serve

from .conftest import HOOK_SECRET
from .helpers import Project, Receiver, statuspress, update

MKDOCS = """\
site_name: Test Status
site_url: {site_url}
theme:
  name: material
plugins:
  - statuspress:
      components:
        - id: api
          name: Public API
      notify:
        - name: slack
          type: slack
          url_env: SLACK_URL
        - name: hook
          type: webhook
          url_env: HOOK_URL
          secret_env: HOOK_SECRET
"""
INCIDENT = """\
title: Elevated API errors
impact: major
components:
  api: partial_outage
started_at: 2026-11-28T09:00:00Z
updates:
{updates}"""


@pytest.fixture
def www(tmp_path: Path) -> tuple[Path, LoopbackServer]:
    """What the host serves; a deploy copies the built site here."""
    root = tmp_path / "www"
    root.mkdir()
    server = serve(root, "/")
    yield root, server
    server.stop()


def deploy(site: Path, root: Path) -> None:
    shutil.rmtree(root)
    shutil.copytree(site, root)


def test_build_prepare_deploy_notify_and_rerun(tmp_path: Path, www: tuple[Path, LoopbackServer],
                                               receiver: Receiver) -> None:
    root, server = www
    project = tmp_path / "project"
    (project / "incidents" / "2026").mkdir(parents=True)
    (project / "docs").mkdir()
    (project / "mkdocs.yml").write_text(MKDOCS.format(site_url=server.base_url), encoding="utf-8")
    receiver.secrets["/hook"] = HOOK_SECRET.encode()
    env: dict[str, str | None] = {"SLACK_URL": receiver.url("/slack"), "HOOK_URL": receiver.url("/hook"),
                                  "HOOK_SECRET": HOOK_SECRET}
    incident = project / "incidents" / "2026" / "2026-11-28-api-errors.yml"
    updates = [update("2026-11-28T09:10:00Z", "investigating", "Looking into it.")]

    def publish(at: str) -> tuple[str, str]:
        """One run of publish.yml: build, prepare, deploy, notify, redeploy the ledger when it changed."""
        incident.write_text(INCIDENT.format(updates="".join(updates)), encoding="utf-8")
        assert statuspress(project, "build", "--at", at).code == 0
        prepared = statuspress(project, "notify", "--prepare", "--at", at)
        assert prepared.code == 0, prepared.stderr
        dry = statuspress(project, "notify", "--dry-run", "--at", at, env=env)
        assert dry.code == 0, dry.stderr
        deploy(project / "site", root)
        sent = statuspress(project, "notify", "--at", at, env=env)
        assert sent.code == 0, sent.stdout
        shutil.copy(project / "site" / "notify" / "ledger.json", root / "notify" / "ledger.json")
        return prepared.stderr + sent.stdout, dry.stdout

    out, _ = publish("2026-11-28T09:20:00Z")                   # the first deploy: nothing was published before
    assert "nothing is published at" in out and receiver.accepted == []

    updates.append(update("2026-11-28T09:40:00Z", "identified", "A <bad> deploy & a rollback."))
    updates.append(update("2026-11-28T09:50:00Z", "resolved", "Fixed."))
    out, dry = publish("2026-11-28T10:00:00Z")
    assert out.splitlines()[-2:] == ["slack (Slack): sent 2 messages",
                                     "hook (Webhook (Statuspage format)): sent 3 messages"]
    assert [r.message_id for r in receiver.on("/slack")] == ["2026-11-28-api-errors-1", "2026-11-28-api-errors-2"]
    assert [r.message_id for r in receiver.on("/hook")] == [   # resolving puts the API back to operational
        "2026-11-28-api-errors-1+incident", "2026-11-28-api-errors-2+incident",
        "2026-11-28-api-errors-2+component:api"]
    assert receiver.bad_signatures == 0
    # --dry-run printed exactly the bytes that were then sent.
    printed = [line for line in dry.splitlines() if line.startswith("{")]
    bodies = [r.body.decode() for r in receiver.on("/slack")] + [r.body.decode() for r in receiver.on("/hook")]
    assert printed == bodies
    assert "$HOOK_SECRET" in dry and HOOK_SECRET not in dry and receiver.url("/") not in dry

    accepted = len(receiver.accepted)
    out, dry = publish("2026-11-28T10:00:00Z")                 # the same commit again
    assert len(receiver.accepted) == accepted
    assert "dry run: would send 0 messages to 2 channels" in dry
    assert out.splitlines()[-2:] == ["slack (Slack): nothing new", "hook (Webhook (Statuspage format)): nothing new"]


def test_a_failing_channel_fails_the_run_and_names_channel_and_status(
        tmp_path: Path, www: tuple[Path, LoopbackServer], receiver: Receiver) -> None:
    root, server = www
    project = tmp_path / "project"
    (project / "incidents" / "2026").mkdir(parents=True)
    (project / "mkdocs.yml").write_text(MKDOCS.format(site_url=server.base_url), encoding="utf-8")
    site = project / "site"
    Project(project).render("2026-11-28T09:05:00Z", root)
    (project / "incidents" / "2026" / "2026-11-28-api-errors.yml").write_text(
        INCIDENT.format(updates=update("2026-11-28T09:10:00Z", "investigating", "Looking.")), encoding="utf-8")
    Project(project).render("2026-11-28T09:20:00Z", site)
    receiver.fail("/hook", *[(503, {})] * 100)
    env: dict[str, str | None] = {"SLACK_URL": receiver.url("/slack"), "HOOK_URL": receiver.url("/hook"),
                                  "HOOK_SECRET": HOOK_SECRET}
    # The real backoff: tries at 0 s, 1 s and 3 s; the next would wait 4 s, past the 5 s budget.
    run = statuspress(project, "notify", "--budget", "5", "--at", "2026-11-28T09:20:00Z", env=env)
    assert run.code == 1
    assert run.stdout.splitlines() == [
        "slack (Slack): sent 1 message",
        "error: hook (Webhook (Statuspage format)): HTTP 503 Service Unavailable; the time budget ran out "
        "(after 3 attempts); sent 0 of 2 messages, 2 left for the next run",
    ]
    assert [o for path, o in receiver.attempts if path == "/hook"] == ["503"] * 3
    markdown = statuspress(project, "notify", "--dry-run", "--format", "markdown", env=env)
    assert markdown.stdout == (
        "### Notifications\n\nMerging sends these messages, compared with the published site:\n\n"
        "- **slack** (Slack): nothing new\n"
        "- **hook** (Webhook (Statuspage format)): 2 messages\n"
        "  - New incident: Elevated API errors\n  - Component Public API: partial\\_outage\n")


def test_without_a_site_or_site_url_nothing_is_sent(tmp_path: Path) -> None:
    (tmp_path / "mkdocs.yml").write_text(MKDOCS.format(site_url="https://status.example.com/"), encoding="utf-8")
    run = statuspress(tmp_path, "notify")
    assert run.code == 1
    assert re.match(r"error: .*api/v2/incidents.json is missing.*; build the site first", run.stderr)
    assert run.stderr.endswith("nothing was sent\n")
