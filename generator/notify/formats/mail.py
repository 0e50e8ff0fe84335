"""E-mail: one message per update, with a plain-text part and an HTML part. Pure.

The HTML part escapes every text (html.escape) and keeps line breaks; nothing from an update becomes
markup. Headers: List-Unsubscribe (RFC 2369), List-Id, Auto-Submitted (RFC 3834), and a Message-ID made
from the channel and the message key, so a message sent twice has the same id and mail clients can
drop the copy. Recipients are never in the message: it goes to undisclosed recipients, and delivery
gives the addresses to the SMTP server only.
"""

from __future__ import annotations

import hashlib
import html
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, parseaddr
from urllib.parse import quote, urlsplit

from ..channels import Channel
from ..messages import Message, Notice, cut, fit

LIMIT = 512 * 1024
SUBJECT_LIMIT = 200
CONTENT_TYPE = "message/rfc822"
TO = "undisclosed-recipients:;"


def one_line(text: str) -> str:
    """Header values hold no line breaks (header injection) and no runs of spaces."""
    return " ".join(text.split())


def unsubscribe_url(channel: Channel) -> str:
    if channel.unsubscribe:
        return channel.unsubscribe
    address = parseaddr(channel.sender or "")[1]
    return f"mailto:{quote(address, safe='@')}?subject=unsubscribe"


def message_id(channel: Channel, key: str, site_url: str) -> str:
    digest = hashlib.sha256(f"{channel.name}\0{key}".encode()).hexdigest()[:32]
    host = urlsplit(site_url).hostname or "statuspress.invalid"
    return f"<{digest}@{host}>"


def plain(notice: Notice, text: str, unsubscribe: str) -> str:
    lines = [notice.summary, "", f"Status: {notice.status}", f"Posted: {notice.when}"]
    if notice.window_text:
        lines.append(f"Window: {notice.window_text}")
    if notice.affected:
        lines.append(f"Affected: {notice.affected_text}")
    lines += ["", text, "", f"Incident page: {notice.link}", "",
              "--", f"You get this because you subscribed to updates from {notice.site.name}.",
              f"Other ways to follow: {notice.site.subscribe_url}", f"Unsubscribe: {unsubscribe}"]
    return "\n".join(lines) + "\n"


def rich(notice: Notice, text: str, truncated: bool, unsubscribe: str) -> str:
    e = html.escape
    rows = [("Status", notice.status), ("Posted", notice.when)]
    if notice.window_text:
        rows.append(("Window", notice.window_text))
    if notice.affected:
        rows.append(("Affected", notice.affected_text))
    paragraphs = "".join(f"<p>{e(p).replace(chr(10), '<br>')}</p>" for p in text.split("\n\n") if p.strip())
    more = f'<p><a href="{e(notice.link)}">Read the full update</a></p>' if truncated else ""
    facts = "".join(f"<tr><th align=\"left\">{e(k)}</th><td>{e(v)}</td></tr>" for k, v in rows)
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        f"<title>{e(notice.summary)}</title></head>\n<body>\n"
        f"<p>{e(notice.site.name)}</p>\n<h1>{e(notice.summary)}</h1>\n<table>{facts}</table>\n"
        f"{paragraphs}{more}\n<p><a href=\"{e(notice.link)}\">View the incident</a></p>\n"
        f"<hr><p><small>You get this because you subscribed to updates from {e(notice.site.name)}. "
        f"<a href=\"{e(notice.site.subscribe_url)}\">Other ways to follow</a> · "
        f"<a href=\"{e(unsubscribe)}\">Unsubscribe</a></small></p>\n</body></html>\n"
    )


def render(channel: Channel, notice: Notice) -> list[Message]:
    unsubscribe = unsubscribe_url(channel)

    def build(text: str, truncated: bool) -> bytes:
        shown = text + (f"\n\nRead the full update: {notice.link}" if truncated else "")
        msg = EmailMessage(policy=SMTP)
        msg["Subject"] = one_line(cut(f"[{notice.site.name}] {notice.summary}", SUBJECT_LIMIT))
        msg["From"] = one_line(channel.sender or "")
        msg["To"] = TO
        msg["Date"] = format_datetime(notice.site.now)
        msg["Message-ID"] = message_id(channel, notice.key, notice.site.url)
        msg["List-Id"] = f"{one_line(notice.site.name)[:60]} <{notice.site.page_id or 'status'}.statuspress>"
        msg["List-Unsubscribe"] = f"<{unsubscribe}>"
        msg["Auto-Submitted"] = "auto-generated"
        msg["X-Statuspress-Message-Id"] = notice.key
        msg.set_content(plain(notice, shown, unsubscribe))
        msg.add_alternative(rich(notice, text, truncated, unsubscribe), subtype="html")
        # A boundary from the message id, not a random one: a dry run shows the very bytes a run sends.
        msg.set_boundary("=_" + msg["Message-ID"].strip("<>").split("@")[0])
        return msg.as_bytes()

    body, truncated = fit(build, notice.text, LIMIT)
    return [Message(notice.key, notice.summary, body, CONTENT_TYPE, truncated=truncated)]
