"""Microsoft Teams workflow webhooks ("Post to a channel when a webhook request is received"): a message
whose attachment is an Adaptive Card. Pure.

TextBlocks render a subset of Markdown (emphasis, lists, links), so text is backslash-escaped the
CommonMark way; facts go into a FactSet, the link into an Action.OpenUrl. A Teams message holds about
28 KB; a longer update is cut and ends with a link to the incident.
"""

from __future__ import annotations

import json
import re

from ..channels import Channel
from ..messages import Message, Notice, cut, fit

LIMIT = 28 * 1024
CARD_VERSION = "1.4"
CONTENT_TYPE = "application/json; charset=utf-8"

_INLINE = re.compile(r"([\\*_~`\[\]()<>#|{}])")
_LINE_START = re.compile(r"^(\s*)([-+>]|\d+\.)", re.MULTILINE)


def escape(text: str) -> str:
    """CommonMark backslash escapes for emphasis, links, code and HTML-like text; list and quote markers
    at a line's start."""
    return _LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), _INLINE.sub(r"\\\1", text))


def render(channel: Channel, notice: Notice) -> list[Message]:
    def build(text: str, truncated: bool) -> bytes | None:
        body = escape(text)
        if truncated:
            body += f"\n\n[Read the full update]({notice.link})"
        facts = [{"title": "Status", "value": escape(notice.status)}, {"title": "Posted", "value": notice.when}]
        if notice.window_text:
            facts.append({"title": "Window", "value": notice.window_text})
        if notice.affected:
            facts.append({"title": "Affected", "value": escape(notice.affected_text)})
        card = {
            "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
            "type": "AdaptiveCard",
            "version": CARD_VERSION,
            "body": [
                {"type": "TextBlock", "text": escape(cut(notice.site.name, 200)), "size": "Small",
                 "isSubtle": True, "wrap": True},
                {"type": "TextBlock", "text": escape(cut(notice.summary, 500)), "size": "Medium",
                 "weight": "Bolder", "wrap": True},
                {"type": "FactSet", "facts": facts},
                {"type": "TextBlock", "text": body, "wrap": True},
            ],
            "actions": [{"type": "Action.OpenUrl", "title": "View the incident", "url": notice.link}],
        }
        payload = {"type": "message", "attachments": [
            {"contentType": "application/vnd.microsoft.card.adaptive", "contentUrl": None, "content": card}]}
        return json.dumps(payload, ensure_ascii=False).encode("utf-8")

    body, truncated = fit(build, notice.text, LIMIT)
    return [Message(notice.key, notice.summary, body, CONTENT_TYPE, truncated=truncated)]
