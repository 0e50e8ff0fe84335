"""Each channel's message: markup in updates escaped for that channel, never passed on raw; long updates
cut to the channel's limit with a link to the incident. The API comes from the real renderer."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from email import message_from_bytes, policy
from pathlib import Path

import pytest

from generator.notify import formats
from generator.notify.changes import events
from generator.notify.channels import Channel, ChannelType
from generator.notify.fetch import read_folder
from generator.notify.formats import discord, mail, slack, statuspage, teams
from generator.notify.messages import Message, Site, notice
from generator.notify.snapshot import parse

from .helpers import Project, update

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
HOSTILE = ("Use `<!channel>` & <script>alert(1)</script> **now** @everyone <@123> "
           "[click](https://evil.example) {{DATE(2026-01-01T00:00:00Z)}}\n\n- a list item\n\nSee ticket #42.")
LINK = "https://status.example.com/incidents/2026-11-28-api-errors/"
CHANNELS = {
    ChannelType.WEBHOOK: Channel("hook", ChannelType.WEBHOOK, url_env="U", secret_env="S"),  # noqa: S106 - a name
    ChannelType.SLACK: Channel("slack", ChannelType.SLACK, url_env="U"),
    ChannelType.TEAMS: Channel("teams", ChannelType.TEAMS, url_env="U"),
    ChannelType.DISCORD: Channel("discord", ChannelType.DISCORD, url_env="U"),
    ChannelType.EMAIL: Channel("mail", ChannelType.EMAIL, smtp_host="smtp.example.com", sender="S <s@example.com>",
                               recipients_env="TO"),
}


def rendered(tmp_path: Path, message: str) -> dict[ChannelType, list[Message]]:
    project = Project.create(tmp_path / "p", "        - {name: x, type: slack, url_env: X}")
    project.incident("2026-11-28-api-errors", update("2026-11-28T09:10:00Z", "investigating", message))
    snapshot = parse(read_folder(project.render("2026-11-28T09:30:00Z", tmp_path / "site")))
    (event,) = events(snapshot)
    site = Site.of(snapshot, NOW)
    return {kind: formats.render(channel, notice(event, site)) for kind, channel in CHANNELS.items()}


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> dict[ChannelType, list[Message]]:
    return rendered(tmp_path_factory.mktemp("hostile"), HOSTILE)


def test_slack_escapes_ampersand_and_angle_brackets(hostile: dict[ChannelType, list[Message]]) -> None:
    (message,) = hostile[ChannelType.SLACK]
    payload = json.loads(message.body)
    text = payload["blocks"][1]["text"]["text"]
    assert payload["blocks"][1]["text"]["type"] == "mrkdwn"
    assert "&lt;!channel&gt; &amp; &lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "&lt;@123&gt;" in text
    every_text = json.dumps(payload)
    assert "<!channel>" not in every_text and "<script>" not in every_text and "<@123>" not in every_text
    # The only Slack links are ours.
    links = re.findall(r"<([^>|]+)\|", every_text)
    assert set(links) == {LINK, "https://status.example.com/"}
    assert payload["blocks"][0] == {"type": "header", "text": {"type": "plain_text", "emoji": False,
                                                                 "text": "New incident: Elevated API errors"}}


def test_discord_pings_nobody_and_escapes_markdown(hostile: dict[ChannelType, list[Message]]) -> None:
    (message,) = hostile[ChannelType.DISCORD]
    payload = json.loads(message.body)
    assert payload["allowed_mentions"] == {"parse": []}
    (embed,) = payload["embeds"]
    description = embed["description"]
    assert "\\<\\@123\\>" in description and "\\@everyone" in description
    assert "\\<script\\>" in description and "\\<!channel\\>" in description
    assert "\\- a list item" in description and "\\#42" in description
    assert "[click]" not in description and "(https://evil.example)" not in description
    assert embed["url"] == LINK and embed["title"] == "New incident: Elevated API errors"


def test_teams_sends_an_adaptive_card_with_escaped_markdown(hostile: dict[ChannelType, list[Message]]) -> None:
    (message,) = hostile[ChannelType.TEAMS]
    payload = json.loads(message.body)
    assert payload["type"] == "message"
    (attachment,) = payload["attachments"]
    assert attachment["contentType"] == "application/vnd.microsoft.card.adaptive"
    card = attachment["content"]
    assert (card["type"], card["version"]) == ("AdaptiveCard", "1.4")
    body = card["body"][-1]["text"]
    assert "\\<script\\>" in body and "\\[click\\]\\(https://evil.example\\)" not in body
    assert "\\{\\{DATE" in body                       # no Adaptive Card date function either
    assert "\\- a list item" in body and "\\#42" in body
    assert card["actions"] == [{"type": "Action.OpenUrl", "title": "View the incident", "url": LINK}]


def test_email_has_plain_text_and_escaped_html_and_list_unsubscribe(
        hostile: dict[ChannelType, list[Message]]) -> None:
    (message,) = hostile[ChannelType.EMAIL]
    parsed = message_from_bytes(message.body, policy=policy.default)
    assert parsed["Subject"] == "[Test Status] New incident: Elevated API errors"
    assert parsed["To"] == "undisclosed-recipients:;"
    assert parsed["List-Unsubscribe"] == "<mailto:s@example.com?subject=unsubscribe>"
    assert parsed["Auto-Submitted"] == "auto-generated"
    assert re.fullmatch(r"<[0-9a-f]{32}@status\.example\.com>", parsed["Message-ID"])
    text = parsed.get_body(("plain",)).get_content()
    html = parsed.get_body(("html",)).get_content()
    assert "<script>alert(1)</script>" in text                       # plain text is plain
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script" not in html
    assert f'<a href="{LINK}">View the incident</a>' in html


def test_the_same_event_gives_the_same_bytes(tmp_path: Path, hostile: dict[ChannelType, list[Message]]) -> None:
    """What --dry-run prints is what a run sends: no random boundary, id or order."""
    again = rendered(tmp_path, HOSTILE)
    assert {k: [m.body for m in v] for k, v in again.items()} == {k: [m.body for m in v] for k, v in hostile.items()}


LIMITS = {
    ChannelType.SLACK: lambda m: len(json.loads(m.body)["blocks"][1]["text"]["text"]) <= slack.SECTION_LIMIT,
    ChannelType.DISCORD: lambda m: len(json.loads(m.body)["embeds"][0]["description"]) <= discord.DESCRIPTION_LIMIT,
    ChannelType.TEAMS: lambda m: len(m.body) <= teams.LIMIT,
    ChannelType.EMAIL: lambda m: len(m.body) <= mail.LIMIT,
    ChannelType.WEBHOOK: lambda m: len(m.body) <= statuspage.LIMIT,
}


# Update sizes, and which channels must cut them (escaping grows the text: & is &amp; in Slack, \u0026 in JSON).
CUT_AT = {5_000: {ChannelType.SLACK, ChannelType.DISCORD},
          40_000: {ChannelType.SLACK, ChannelType.DISCORD, ChannelType.TEAMS},
          900_000: set(ChannelType)}          # incident files are limited to 1 MiB


@pytest.mark.parametrize("size", sorted(CUT_AT))
def test_a_long_update_is_cut_to_the_channel_limit_with_a_link_to_the_incident(tmp_path: Path, size: int) -> None:
    words = ("All & <systems> " * (size // 16 + 1))[:size]
    by_kind = rendered(tmp_path, words)
    for kind, messages in by_kind.items():
        first = messages[0]
        assert LIMITS[kind](first), kind
        cut = first.truncated
        assert cut == (kind in CUT_AT[size]), (kind, size)
        if cut:
            text = first.body.decode("utf-8", "replace")
            if kind is ChannelType.EMAIL:
                text = message_from_bytes(first.body, policy=policy.default).get_body(("plain",)).get_content()
            assert "Read the full update" in text and LINK in text, kind
            assert "…" in text or "\\u2026" in text, kind


@pytest.mark.parametrize(("clock", "posted"), [("24h", "28 Nov 2026, 09:10 UTC"), ("12h", "28 Nov 2026, 9:10 AM UTC")])
def test_every_channel_writes_times_as_the_pages_do(tmp_path: Path, clock: str, posted: str) -> None:
    """Issue 13 item 12: one time format everywhere, the site's clock (mkdocs.yml `clock:`) included."""
    project = Project.create(tmp_path / "p", "        - {name: x, type: slack, url_env: X}")
    project.incident("2026-11-28-api-errors", update("2026-11-28T09:10:00Z", "investigating", "Errors."))
    snapshot = parse(read_folder(project.render("2026-11-28T09:30:00Z", tmp_path / "site")))
    (event,) = events(snapshot)
    message = notice(event, Site.of(snapshot, NOW, clock))
    assert message.when == posted
    for kind, channel in CHANNELS.items():
        for sent in formats.render(channel, message):
            if kind is ChannelType.EMAIL:
                mime = message_from_bytes(sent.body, policy=policy.default)
                body = "".join(part.get_content() for part in mime.walk() if part.get_content_type() == "text/plain")
            else:
                body = json.loads(sent.body).__repr__()
            if kind is not ChannelType.WEBHOOK:   # Statuspage's payload carries ISO times only
                assert posted in body, kind
            assert "2026-11-28 09:10" not in body, kind
