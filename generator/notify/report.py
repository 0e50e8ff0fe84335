"""notify's output: a dry run in full (text) or as a pull-request summary (Markdown), and a run's results.

Nothing here prints a URL, a key or an address: channels are named by their names, secrets by the
environment variables that hold them.
"""

from __future__ import annotations

from collections.abc import Mapping

from .channels import Channel, ChannelType
from .delivery import MESSAGE_ID_HEADER, SIGNATURE_HEADER, USER_AGENT
from .messages import Message
from .run import Outcome


def _count(n: int) -> str:
    return f"{n} message{'s' * (n != 1)}"


def _name(channel: Channel) -> str:
    return f"{channel.name} ({channel.type.label})"


def dry_run_text(outcome: Outcome, env: Mapping[str, str]) -> str:
    """Every message exactly as it would go out; secrets shown as the variables that hold them."""
    total = sum(len(d.messages) for d in outcome.deliveries)
    lines = [f"note: {n}" for n in outcome.notes]
    if not outcome.deliveries:
        return "\n".join([*lines, "no notification channels in mkdocs.yml (notify: under the plugin)"]) + "\n"
    lines.append(f"dry run: would send {_count(total)} to {len(outcome.deliveries)} "
                 f"channel{'s' * (len(outcome.deliveries) != 1)}")
    for delivery in outcome.deliveries:
        channel = delivery.channel
        lines += ["", f"=== {_name(channel)}: {_count(len(delivery.messages))}"]
        missing = [name for name in channel.env_names if not (env.get(name) or "").strip()]
        if missing:
            lines.append(f"note: {', '.join(missing)} not set here; a real run would fail for this channel")
        for n, message in enumerate(delivery.messages, start=1):
            lines += ["", f"--- {n}/{len(delivery.messages)}: {message.summary}"
                      + (" (cut to fit)" if message.truncated else "")]
            lines += _wire(channel, message)
    return "\n".join(lines) + "\n"


def _wire(channel: Channel, message: Message) -> list[str]:
    if channel.type is ChannelType.EMAIL:
        to = f"${channel.recipients_env}" if channel.recipients_env else channel.recipients_file
        head = [f"SMTP {channel.smtp_host}:{channel.smtp_port} with STARTTLS, to the recipients in {to}"]
        return [*head, "", message.body.decode("utf-8", "replace").replace("\r\n", "\n").rstrip("\n")]
    head = [f"POST ${channel.url_env}", f"Content-Type: {message.content_type}", f"User-Agent: {USER_AGENT}",
            f"{MESSAGE_ID_HEADER}: {message.key}", *(f"{k}: {v}" for k, v in message.headers)]
    if channel.secret_env:
        head.append(f"{SIGNATURE_HEADER}: sha256=<HMAC-SHA256 of the body with ${channel.secret_env}>")
    return [*head, "", message.body.decode("utf-8")]


def _md(text: str) -> str:
    """Text inside Markdown: no markup, no HTML, no mentions."""
    for char in "\\`*_{}[]()#+-.!|<>@~":
        text = text.replace(char, "\\" + char)
    return " ".join(text.split())


def dry_run_markdown(outcome: Outcome) -> str:
    """Which channels a merge would notify, and with what, for a pull-request comment."""
    lines = ["### Notifications", ""]
    if not outcome.deliveries:
        return "\n".join([*lines, "No notification channels are configured (`notify:` in mkdocs.yml)."]) + "\n"
    total = sum(len(d.messages) for d in outcome.deliveries)
    if not total:
        lines.append("Merging sends no notifications: subscribers have been sent everything this build shows.")
    else:
        lines += ["Merging sends these messages, compared with the published site:", ""]
        for delivery in outcome.deliveries:
            channel = delivery.channel
            lines.append(f"- **{_md(channel.name)}** ({channel.type.label}): "
                         + (_count(len(delivery.messages)) if delivery.messages else "nothing new"))
            lines += [f"  - {_md(m.summary)}" for m in delivery.messages]
    lines += [f"> note: {_md(n)}" for n in outcome.notes]
    return "\n".join(lines) + "\n"


def prepared(outcome: Outcome) -> str:
    total = sum(len(d.messages) for d in outcome.deliveries)
    lines = [f"note: {n}" for n in outcome.notes]
    lines.append(f"wrote {outcome.ledger_written}: after the deploy, notify sends {_count(total)} to "
                 f"{len(outcome.deliveries)} channel{'s' * (len(outcome.deliveries) != 1)}")
    return "\n".join(lines) + "\n"


def results(outcome: Outcome) -> str:
    """One line a channel: what went out, or why not and what happens next."""
    lines = [f"note: {n}" for n in outcome.notes]
    if not outcome.deliveries:
        lines.append("no notification channels in mkdocs.yml (notify: under the plugin); nothing to send")
    for delivery, result in zip(outcome.deliveries, outcome.results, strict=True):
        name = _name(delivery.channel)
        if result.ok:
            lines.append(f"{name}: sent {_count(len(result.sent))}" if result.sent else f"{name}: nothing new")
        else:
            left = result.planned - len(result.sent)
            lines.append(f"error: {name}: {result.error}; sent {len(result.sent)} of {_count(result.planned)}, "
                         f"{left} left for the next run")
        lines += [f"warning: {name}: {w}" for w in result.warnings]
    return "\n".join(lines) + "\n"
