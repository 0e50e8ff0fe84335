"""Discord webhooks: one embed. Pure.

Discord renders Markdown in embed text, so every character that could start formatting, a masked link,
a mention or a timestamp is backslash-escaped (Discord shows an escaped character as itself), and
`allowed_mentions` with an empty `parse` list means no @everyone, @here, role or user is ever pinged.
Limits (Discord's documentation): title 256 characters, description 4096, field values 1024, 6000 in
all; a longer update is cut and ends with a link to the incident.
"""

from __future__ import annotations

import json
import re

from ..channels import Channel
from ..messages import Message, Notice, cut, fit

TITLE_LIMIT = 256
DESCRIPTION_LIMIT = 4096
FIELD_LIMIT = 1024
EMBED_LIMIT = 6000
LIMIT = 64 * 1024
CONTENT_TYPE = "application/json; charset=utf-8"
COLOURS = {"none": 0x2E7D32, "minor": 0xF9A825, "major": 0xEF6C00, "critical": 0xC62828, "maintenance": 0x1565C0}

_INLINE = re.compile(r"([\\*_~`|\[\]()<>@#])")
_LINE_START = re.compile(r"^(\s*)([-+>]|\d+\.)", re.MULTILINE)


def escape(text: str) -> str:
    """Backslash before Markdown, mention and emoji syntax; list and quote markers at a line's start."""
    return _LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), _INLINE.sub(r"\\\1", text))


def render(channel: Channel, notice: Notice) -> list[Message]:
    impact = str(notice.event.incident.data.get("impact") or "none")

    def build(text: str, truncated: bool) -> bytes | None:
        description = escape(text)
        if truncated:
            description += f"\n[Read the full update]({notice.link})"
        if len(description) > DESCRIPTION_LIMIT:
            return None
        facts = [("Status", escape(notice.status), True), ("Posted", notice.when, True)]
        if notice.window_text:
            facts.append(("Window", notice.window_text, False))
        if notice.affected:
            facts.append(("Affected", escape(cut(notice.affected_text, FIELD_LIMIT // 2)), False))
        title = escape(cut(notice.summary, TITLE_LIMIT // 2))
        footer = cut(notice.site.name, 200)
        size = len(title) + len(description) + len(footer) + sum(len(k) + len(v) for k, v, _ in facts)
        if size > EMBED_LIMIT:
            return None
        fields = [{"name": k, "value": v, "inline": inline} for k, v, inline in facts]
        embed = {
            "title": title,
            "url": notice.link,
            "description": description,
            "color": COLOURS.get(impact, COLOURS["none"]),
            "fields": fields,
            "timestamp": notice.at.isoformat().replace("+00:00", "Z"),
            "footer": {"text": footer},
        }
        payload = {"embeds": [embed], "allowed_mentions": {"parse": []}}
        return json.dumps(payload, ensure_ascii=False).encode("utf-8")

    body, truncated = fit(build, notice.text, LIMIT)
    return [Message(notice.key, notice.summary, body, CONTENT_TYPE, truncated=truncated)]
