"""Slack incoming webhooks: a Block Kit message. Pure.

Text goes out as mrkdwn with Slack's three escapes (& < >), so nothing in an update can become a link,
a mention (<!channel>) or a user reference. Limits (Slack's documentation): a header block holds 150
characters, a section's text 3000; a longer update is cut and ends with a link to the incident.
"""

from __future__ import annotations

import json

from ..channels import Channel
from ..messages import Message, Notice, cut, fit

HEADER_LIMIT = 150
SECTION_LIMIT = 3000
FALLBACK_LIMIT = 3000
LIMIT = 40_000                     # bytes of the whole request; far above what the blocks can hold
CONTENT_TYPE = "application/json; charset=utf-8"


def escape(text: str) -> str:
    """Slack's mrkdwn escaping: the only three characters Slack asks apps to escape."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def link(url: str, label: str) -> str:
    return f"<{url.replace('|', '%7C').replace('>', '%3E')}|{escape(label)}>"


def render(channel: Channel, notice: Notice) -> list[Message]:
    def build(text: str, truncated: bool) -> bytes | None:
        body = escape(text)
        if truncated:
            body += "\n" + link(notice.link, "Read the full update")
        if len(body) > SECTION_LIMIT:
            return None
        facts = [f"*Status:* {escape(notice.status)}", f"*Posted:* {notice.when}"]
        if notice.window_text:
            facts.append(f"*Window:* {notice.window_text}")
        if notice.affected:
            facts.append(f"*Affected:* {escape(notice.affected_text)}")
        payload = {
            "text": escape(cut(f"[{notice.site.name}] {notice.summary}", FALLBACK_LIMIT)),
            "blocks": [
                {"type": "header", "text": {"type": "plain_text", "emoji": False,
                                            "text": cut(notice.summary, HEADER_LIMIT)}},
                {"type": "section", "text": {"type": "mrkdwn", "text": body}},
                {"type": "context", "elements": [
                    {"type": "mrkdwn", "text": cut(" · ".join(facts), SECTION_LIMIT)}]},
                {"type": "section", "text": {"type": "mrkdwn", "text": link(notice.link, "View the incident") +
                                             " · " + link(notice.site.url, notice.site.name)}},
            ],
            "unfurl_links": False,
            "unfurl_media": False,
        }
        return json.dumps(payload, ensure_ascii=False).encode("utf-8")

    body, truncated = fit(build, notice.text, LIMIT)
    return [Message(notice.key, notice.summary, body, CONTENT_TYPE, truncated=truncated)]
