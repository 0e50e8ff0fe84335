"""The notification channels declared under `notify:` in mkdocs.yml, checked with positions. No I/O.

The reader (reader.py, driven by schema.CHANNEL_FIELDS) has already checked each field's type; this
module checks what one field cannot say alone: which fields each channel type needs or refuses, that
components exist, that secrets are named by environment variables and never written in the file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from email.utils import parseaddr
from enum import StrEnum
from pathlib import Path
from typing import Any

from ..problems import Problems
from ..reader import allowed, did_you_mean
from ..rules.base import Marks
from ..schema import CHANNEL_TYPES, NOTIFY_KINDS

ENV_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
DEFAULT_SMTP_PORT = 587


class ChannelType(StrEnum):
    WEBHOOK = "webhook"
    SLACK = "slack"
    TEAMS = "teams"
    DISCORD = "discord"
    EMAIL = "email"

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    ChannelType.WEBHOOK: "Webhook (Statuspage format)",
    ChannelType.SLACK: "Slack",
    ChannelType.TEAMS: "Microsoft Teams",
    ChannelType.DISCORD: "Discord",
    ChannelType.EMAIL: "E-mail",
}
assert tuple(t.value for t in ChannelType) == CHANNEL_TYPES

HTTP_TYPES = (ChannelType.WEBHOOK, ChannelType.SLACK, ChannelType.TEAMS, ChannelType.DISCORD)
EMAIL_FIELDS = ("smtp_server", "smtp_user_env", "smtp_password_env", "from", "recipients_env",
                "recipients_file", "unsubscribe")
# Fields each type needs, and fields only some types take.
REQUIRED = {
    ChannelType.WEBHOOK: ("url_env", "secret_env"),
    ChannelType.SLACK: ("url_env",),
    ChannelType.TEAMS: ("url_env",),
    ChannelType.DISCORD: ("url_env",),
    ChannelType.EMAIL: ("smtp_server", "from"),
}
ONLY_FOR = {
    "url_env": HTTP_TYPES,
    "secret_env": (ChannelType.WEBHOOK,),
    **{name: (ChannelType.EMAIL,) for name in EMAIL_FIELDS},
}


@dataclass(frozen=True)
class Channel:
    """One place notify sends to. Holds names of environment variables, never their values."""

    name: str
    type: ChannelType
    description: str | None = None
    components: tuple[str, ...] = ()          # empty: every component
    kinds: tuple[str, ...] = NOTIFY_KINDS
    url_env: str | None = None
    secret_env: str | None = None
    smtp_host: str | None = None
    smtp_port: int = DEFAULT_SMTP_PORT
    smtp_user_env: str | None = None
    smtp_password_env: str | None = None
    sender: str | None = None
    recipients_env: str | None = None
    recipients_file: str | None = None
    unsubscribe: str | None = None

    def wants(self, kind: str, components: tuple[str, ...]) -> bool:
        """Whether an incident (kind "incidents") or maintenance window touching `components` is for us."""
        if kind not in self.kinds:
            return False
        return not self.components or any(c in self.components for c in components)

    def wants_component(self, component: str) -> bool:
        return not self.components or component in self.components

    @property
    def env_names(self) -> tuple[str, ...]:
        """Every environment variable this channel reads, for docs, CI and dry runs."""
        names = (self.url_env, self.secret_env, self.smtp_user_env, self.smtp_password_env, self.recipients_env)
        return tuple(n for n in names if n)


def read_channels(raw: list[Any], marks: Marks, problems: Problems, component_ids: tuple[str, ...],
                  project_root: Path) -> tuple[Channel, ...]:
    """Channels from the reader's values of `notify:`; every problem reported at its line and column."""
    out: list[Channel] = []
    seen: set[str] = set()
    for index, item in enumerate(raw):
        if not item or "name" not in item or "type" not in item:
            continue  # the reader reported what was missing or wrong
        channel = _channel(item, index, marks, problems, component_ids, project_root)
        if item["name"] in seen:
            problems.error(marks.at("notify", index, "name"), f"channel name {item['name']!r} is used twice", "config")
            continue
        seen.add(item["name"])
        if channel is not None:
            out.append(channel)
    return tuple(out)


def _channel(item: dict[str, Any], index: int, marks: Marks, problems: Problems,
             component_ids: tuple[str, ...], project_root: Path) -> Channel | None:
    kind = ChannelType(item["type"])
    before = len(problems.items)

    def error(name: str, message: str) -> None:
        problems.error(marks.at("notify", index, name), message, "config")

    for name in REQUIRED[kind]:
        if name not in item:
            error("type", f"a {kind.value} channel needs {name!r}")
    for name, types in ONLY_FOR.items():
        if name in item and kind not in types:
            error(name, f"{name!r} is for {' and '.join(t.value for t in types)} channels, not {kind.value}")
    for name in ("url_env", "secret_env", "smtp_user_env", "smtp_password_env", "recipients_env"):
        if name in item and not ENV_NAME.match(item[name]):
            hint = ("mkdocs.yml is public: put the secret in an environment variable (a CI secret) and "
                    "name that variable here" if ":" in item[name] or "/" in item[name] or "@" in item[name]
                    else "use letters, digits and underscores")
            error(name, f"{name} must name an environment variable, like STATUSPRESS_SLACK_URL; {hint}")
    for component in item.get("components") or []:
        if component not in component_ids:
            position = list(item["components"]).index(component)
            problems.error(marks.at("notify", index, "components", position),
                           f"unknown component {component!r}{did_you_mean(component, component_ids)}; "
                           "components are declared in mkdocs.yml", "unknown-component")
    kinds = item.get("kinds")
    for position, value in enumerate(kinds or []):
        if value not in NOTIFY_KINDS:
            problems.error(marks.at("notify", index, "kinds", position),
                           f"kind {value!r} is not one of {allowed(NOTIFY_KINDS)}{did_you_mean(value, NOTIFY_KINDS)}",
                               "field-value")
    if kinds is not None and not kinds:
        error("kinds", f"kinds is empty; list {allowed(NOTIFY_KINDS)}, or leave it out for both")
    host, port = None, DEFAULT_SMTP_PORT
    if kind is ChannelType.EMAIL:
        host, port = _email_checks(item, error, project_root)
    if len(problems.items) > before:
        return None
    return Channel(
        name=item["name"], type=kind, description=item.get("description"),
        components=tuple(item.get("components") or ()), kinds=tuple(kinds) if kinds else NOTIFY_KINDS,
        url_env=item.get("url_env"), secret_env=item.get("secret_env"), smtp_host=host, smtp_port=port,
        smtp_user_env=item.get("smtp_user_env"), smtp_password_env=item.get("smtp_password_env"),
        sender=item.get("from"), recipients_env=item.get("recipients_env"),
        recipients_file=item.get("recipients_file"), unsubscribe=item.get("unsubscribe"),
    )


def _email_checks(item: dict[str, Any], error: Any, project_root: Path) -> tuple[str | None, int]:
    host: str | None = None
    port = DEFAULT_SMTP_PORT
    if "smtp_server" in item:
        host, port_text = _split_host(item["smtp_server"])
        if not host or "/" in host or not port_text.isdigit() or not 0 < int(port_text) < 65536:
            error("smtp_server", f"smtp_server {item['smtp_server']!r} must be host or host:port, like "
                  "smtp.example.com:587")
        else:
            port = int(port_text)
    if "from" in item and "@" not in parseaddr(item["from"])[1]:
        error("from", f"from {item['from']!r} is not an e-mail address, like Status <status@example.com>")
    if ("recipients_env" in item) == ("recipients_file" in item):
        error("type", "an email channel needs either recipients_env or recipients_file (one of them)")
    if "recipients_file" in item:
        raw = item["recipients_file"]
        path = Path(raw).expanduser()
        if "$" not in raw and not path.is_absolute():
            error("recipients_file", f"recipients_file {raw!r} must be an absolute path outside the "
                  "repository, like /etc/statuspress/subscribers.txt or $RUNNER_TEMP/subscribers.txt")
        elif "$" not in raw and is_inside(path, project_root):
            error("recipients_file", f"recipients_file {raw!r} is inside the repository; subscribers' "
                  "addresses must never be committed: keep the file outside it")
    return host, port


def _split_host(text: str) -> tuple[str, str]:
    """"host", "host:port" or "[v6 address]:port" → (host, port text)."""
    text = text.strip()
    if text.startswith("["):
        host, _, rest = text[1:].partition("]")
        return host, rest.removeprefix(":") or str(DEFAULT_SMTP_PORT)
    host, sep, port = text.partition(":")
    return host, port if sep else str(DEFAULT_SMTP_PORT)


def is_inside(path: Path, root: Path) -> bool:
    """Whether `path` is `root` or below it, after following links (`resolve()`, not string prefixes)."""
    try:
        return path.resolve().is_relative_to(root.resolve())
    except OSError:
        return True
