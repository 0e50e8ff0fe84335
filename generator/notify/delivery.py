"""Sending: HTTP POSTs and SMTP with STARTTLS, each channel in its own thread with its own time budget.

A channel sends its messages in order and stops at the first one that cannot be delivered within the
budget, so a subscriber never reads update 3 before update 2; what was not sent stays owed in the
ledger and goes out on the next run. Secrets are read from the environment here and nowhere else, and
never appear in a report: errors name the channel, the status and the variable, not the URL.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import http.client
import os
import re
import smtplib
import ssl
import urllib.error
import urllib.request
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from email.utils import parseaddr
from ipaddress import ip_address
from pathlib import Path
from typing import Protocol
from urllib.parse import urlsplit

from .. import __version__
from .channels import Channel, ChannelType, is_inside
from .messages import Message
from .plan import Delivery
from .retry import (
    DEFAULT_BACKOFF,
    SYSTEM_CLOCK,
    Backoff,
    Clock,
    GaveUp,
    SendFailed,
    is_transient,
    retry_after,
    with_retries,
)

MAX_RECIPIENTS_FILE = 1024 * 1024
SIGNATURE_HEADER = "X-Statuspress-Signature"
MESSAGE_ID_HEADER = "X-Statuspress-Message-Id"
USER_AGENT = f"statuspress/{__version__} (+notify)"


class ChannelNotReady(Exception):
    """A channel's settings cannot be used in this environment (a variable unset, a file missing)."""


@dataclass(frozen=True)
class Result:
    channel: Channel
    planned: int
    sent: tuple[str, ...] = ()
    error: str | None = None
    warnings: tuple[str, ...] = field(default_factory=tuple)

    @property
    def ok(self) -> bool:
        return self.error is None


class Sender(Protocol):
    def send(self, message: Message, timeout: float) -> None: ...

    def close(self) -> None: ...


# -- environment -----------------------------------------------------------------------------------


def env_value(env: Mapping[str, str], name: str | None, what: str) -> str:
    value = (env.get(name) or "").strip() if name else ""
    if not value:
        raise ChannelNotReady(f"the environment variable {name} ({what}) is not set")
    return value


def _url(env: Mapping[str, str], name: str | None) -> str:
    url = env_value(env, name, "the webhook URL")
    parts = urlsplit(url)
    loopback = parts.hostname == "localhost"
    with contextlib.suppress(ValueError):
        loopback = loopback or ip_address(parts.hostname or "").is_loopback
    if not parts.hostname or not (parts.scheme == "https" or parts.scheme == "http" and loopback):
        raise ChannelNotReady(f"{name} must hold an https:// URL (plain http:// only to this machine)")
    return url


def recipients(channel: Channel, env: Mapping[str, str], project_root: Path) -> list[str]:
    if channel.recipients_env:
        text = env_value(env, channel.recipients_env, "the recipients")
        source = channel.recipients_env
    else:
        text, source = _recipients_file(channel, env, project_root)
    found: list[str] = []
    for n, raw in enumerate(text.replace(",", "\n").splitlines(), start=1):
        item = raw.strip()
        if not item or item.startswith("#"):
            continue
        address = parseaddr(item)[1]
        if "@" not in address or any(c.isspace() for c in address):
            raise ChannelNotReady(f"{source}: entry {n} is not an e-mail address")
        found.append(address)
    if not found:
        raise ChannelNotReady(f"{source} lists no recipients")
    return sorted(set(found), key=found.index)


def _recipients_file(channel: Channel, env: Mapping[str, str], project_root: Path) -> tuple[str, str]:
    raw = channel.recipients_file or ""
    expanded = os.path.expanduser(_expand(raw, env))
    path = Path(expanded)
    if "$" in expanded or not path.is_absolute():
        raise ChannelNotReady(f"recipients_file {raw!r} names an unset variable or is not an absolute path")
    if is_inside(path, project_root):
        raise ChannelNotReady(f"recipients_file {raw!r} is inside the repository; keep subscribers' addresses "
                              "outside it")
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_RECIPIENTS_FILE + 1)
    except OSError as err:
        raise ChannelNotReady(f"cannot read recipients_file {raw!r}: {err.strerror}") from None
    if len(data) > MAX_RECIPIENTS_FILE:
        raise ChannelNotReady(f"recipients_file {raw!r} is larger than 1 MB")
    try:
        return data.decode("utf-8"), raw
    except UnicodeDecodeError:
        raise ChannelNotReady(f"recipients_file {raw!r} is not UTF-8") from None


def _expand(text: str, env: Mapping[str, str]) -> str:
    """$NAME and ${NAME} from `env` (not os.environ: tests and callers pass theirs)."""
    return re.sub(r"\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))",
                  lambda m: env.get(m.group(1) or m.group(2), m.group(0)), text)


def check_ready(channel: Channel, env: Mapping[str, str], project_root: Path) -> None:
    """Raise ChannelNotReady when the channel could not send in this environment."""
    sender(channel, env, project_root).close()


# -- HTTP ------------------------------------------------------------------------------------------


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """A redirected POST would be replayed as a GET without its body: report the 3xx instead."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # urllib's signature
        return None


class HttpSender:
    def __init__(self, url: str, secret: bytes | None = None) -> None:
        self.url = url
        self.secret = secret
        self.opener = urllib.request.build_opener(_NoRedirects)

    def headers(self, message: Message) -> dict[str, str]:
        headers = {"Content-Type": message.content_type, "User-Agent": USER_AGENT,
                   MESSAGE_ID_HEADER: message.key, **dict(message.headers)}
        if self.secret is not None:
            headers[SIGNATURE_HEADER] = "sha256=" + sign(self.secret, message.body)
        return headers

    def send(self, message: Message, timeout: float) -> None:
        # The scheme is https (or http to loopback), checked in _url: never file: or ftp:.
        request = urllib.request.Request(self.url, data=message.body, headers=self.headers(message),  # noqa: S310
                                         method="POST")
        try:
            with self.opener.open(request, timeout=timeout) as response:
                response.read(64 * 1024)
        except urllib.error.HTTPError as err:
            raise SendFailed(f"HTTP {err.code} {err.reason}".rstrip(), is_transient(err.code),
                             retry_after(err.headers.get("Retry-After") if err.headers else None)) from None
        except TimeoutError:
            raise SendFailed(f"no answer within {timeout:.1f} s", True) from None
        except urllib.error.URLError as err:
            reason = err.reason
            if isinstance(reason, TimeoutError):
                raise SendFailed(f"no answer within {timeout:.1f} s", True) from None
            if isinstance(reason, ssl.SSLCertVerificationError):
                raise SendFailed(f"TLS certificate not trusted: {reason.verify_message}", False) from None
            raise SendFailed(f"cannot connect: {getattr(reason, 'strerror', None) or reason}", True) from None
        except (OSError, http.client.HTTPException) as err:
            raise SendFailed(f"connection failed: {err.__class__.__name__}", True) from None

    def close(self) -> None:
        pass


def sign(secret: bytes, body: bytes) -> str:
    """HMAC-SHA256 of the exact request body, hex; receivers compare with hmac.compare_digest."""
    return hmac.new(secret, body, hashlib.sha256).hexdigest()


# -- SMTP ------------------------------------------------------------------------------------------


class SmtpSender:
    """One connection per channel run, STARTTLS always (with the system's trusted certificates)."""

    def __init__(self, host: str, port: int, sender: str, to: list[str], user: str | None = None,
                 password: str | None = None) -> None:
        self.host, self.port, self.sender, self.to = host, port, sender, to
        self.user, self.password = user, password
        self.connection: smtplib.SMTP | None = None
        self.refused: list[str] = []

    def _connect(self, timeout: float) -> smtplib.SMTP:
        smtp = smtplib.SMTP(self.host, self.port, timeout=timeout)
        try:
            smtp.ehlo()
            if not smtp.has_extn("starttls"):
                raise SendFailed(f"{self.host}:{self.port} does not offer STARTTLS; refusing to send in the clear",
                                 False)
            smtp.starttls(context=ssl.create_default_context())
            smtp.ehlo()
            if self.user:
                smtp.login(self.user, self.password or "")
        except BaseException:
            smtp.close()
            raise
        return smtp

    def send(self, message: Message, timeout: float) -> None:
        try:
            if self.connection is None:
                self.connection = self._connect(timeout)
            elif self.connection.sock is not None:
                self.connection.sock.settimeout(timeout)
            refused = self.connection.sendmail(self.sender, self.to, message.body)
        except SendFailed:
            raise
        except smtplib.SMTPRecipientsRefused:
            self.close()
            raise SendFailed("the server refused every recipient", False) from None
        except smtplib.SMTPResponseException as err:
            self.close()
            said = err.smtp_error
            text = " ".join((said.decode("utf-8", "replace") if isinstance(said, bytes) else str(said)).split())
            raise SendFailed(f"SMTP {err.smtp_code} {text[:200]}", 400 <= err.smtp_code < 500) from None
        except ssl.SSLCertVerificationError as err:
            self.close()
            raise SendFailed(f"TLS certificate not trusted: {err.verify_message}", False) from None
        except TimeoutError:
            self.close()
            raise SendFailed(f"no answer within {timeout:.1f} s", True) from None
        except (smtplib.SMTPException, OSError) as err:
            self.close()
            raise SendFailed(f"SMTP connection failed: {err.__class__.__name__}", True) from None
        self.refused += sorted(refused)

    def close(self) -> None:
        if self.connection is not None:
            try:
                self.connection.quit()
            except (smtplib.SMTPException, OSError):
                self.connection.close()
            self.connection = None


def sender(channel: Channel, env: Mapping[str, str], project_root: Path) -> Sender:
    """The channel's sender, with its secrets read from `env`; raises ChannelNotReady."""
    if channel.type is ChannelType.EMAIL:
        assert channel.smtp_host is not None and channel.sender is not None
        user = env_value(env, channel.smtp_user_env, "the SMTP user") if channel.smtp_user_env else None
        password = env_value(env, channel.smtp_password_env, "the SMTP password") if channel.smtp_password_env \
            else None
        return SmtpSender(channel.smtp_host, channel.smtp_port, parseaddr(channel.sender)[1],
                          recipients(channel, env, project_root), user, password)
    url = _url(env, channel.url_env)
    secret = env_value(env, channel.secret_env, "the signing key").encode() if channel.secret_env else None
    return HttpSender(url, secret)


# -- running -----------------------------------------------------------------------------------------


def deliver(delivery: Delivery, send: Sender, budget: float, backoff: Backoff = DEFAULT_BACKOFF,
            clock: Clock = SYSTEM_CLOCK) -> Result:
    """Send one channel's messages in order until one cannot be delivered within the budget."""
    deadline = clock.monotonic() + budget
    sent: list[str] = []
    error = None
    try:
        for message in delivery.messages:
            with_retries(lambda timeout, m=message: send.send(m, timeout), deadline, backoff, clock)  # type: ignore[misc]
            sent.append(message.key)
    except GaveUp as failure:
        error = str(failure)
    finally:
        send.close()
    warnings: tuple[str, ...] = ()
    if isinstance(send, SmtpSender) and send.refused:
        warnings = (f"the server refused {len(set(send.refused))} recipient(s)",)
    return Result(delivery.channel, len(delivery.messages), tuple(sent), error, warnings)


def deliver_all(deliveries: Sequence[Delivery], env: Mapping[str, str], project_root: Path, budget: float,
                backoff: Backoff = DEFAULT_BACKOFF, clock: Clock = SYSTEM_CLOCK) -> list[Result]:
    """Every channel at once, each in its own thread: one slow or failing channel never holds up another."""

    def one(delivery: Delivery) -> Result:
        try:
            send = sender(delivery.channel, env, project_root)
        except ChannelNotReady as err:
            return Result(delivery.channel, len(delivery.messages), error=str(err))
        if not delivery.messages:
            send.close()
            return Result(delivery.channel, 0)
        return deliver(delivery, send, budget, backoff, clock)

    if not deliveries:
        return []
    with ThreadPoolExecutor(max_workers=len(deliveries), thread_name_prefix="notify") as pool:
        return list(pool.map(one, deliveries))
