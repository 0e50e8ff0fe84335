"""Fixtures for notify tests: a project, a loopback HTTP receiver, an SMTP server with STARTTLS."""

from __future__ import annotations

import socket
import ssl
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
import trustme
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from generator.notify.retry import Backoff

from .helpers import Project, Receiver

SMTP_USER, SMTP_PASSWORD = "status-bot", "s3cret-password"
# Short waits so fault tests take seconds, not minutes; the logic is the one CI runs.
FAST = Backoff(first=0.05, factor=2.0, cap=0.2, attempt_timeout=0.5)


@dataclass
class Mail:
    sender: str
    recipients: list[str]
    raw: bytes

    @property
    def message(self) -> EmailMessage:
        parsed = message_from_bytes(self.raw, policy=policy.default)
        assert isinstance(parsed, EmailMessage)
        return parsed


@dataclass
class SmtpServer:
    port: int
    ca_file: Path
    mails: list[Mail] = field(default_factory=list)
    faults: deque[str] = field(default_factory=deque)   # SMTP replies to DATA before accepting
    logins: list[str] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802 - aiosmtpd
        if self.faults:
            return self.faults.popleft()
        assert session.ssl is not None, "a message was sent before STARTTLS"
        self.mails.append(Mail(envelope.mail_from, list(envelope.rcpt_tos), envelope.original_content))
        return "250 OK"

    def authenticate(self, server: Any, session: Any, envelope: Any, mechanism: str, auth_data: Any) -> AuthResult:
        ok = isinstance(auth_data, LoginPassword) and auth_data.login == SMTP_USER.encode() and \
            auth_data.password == SMTP_PASSWORD.encode()
        if ok:
            self.logins.append(mechanism)
        return AuthResult(success=ok, handled=False)   # not handled: aiosmtpd answers 535 itself


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def tls_ca(tmp_path_factory: pytest.TempPathFactory) -> tuple[trustme.CA, Path]:
    """A throwaway certificate authority; clients trust it through SSL_CERT_FILE, as OpenSSL reads it."""
    ca = trustme.CA()
    path = tmp_path_factory.mktemp("ca") / "ca.pem"
    ca.cert_pem.write_to_path(str(path))
    return ca, path


def start_smtp(tls_ca: tuple[trustme.CA, Path], starttls: bool = True) -> tuple[SmtpServer, Controller]:
    ca, ca_file = tls_ca
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1", "localhost").configure_cert(context)
    server = SmtpServer(free_port(), ca_file)
    options: dict[str, Any] = {"tls_context": context, "require_starttls": True,
                               "authenticator": server.authenticate, "auth_required": True} if starttls else {}
    controller = Controller(server, hostname="127.0.0.1", port=server.port, **options)
    controller.start()
    return server, controller


@pytest.fixture
def smtp(tls_ca: tuple[trustme.CA, Path], monkeypatch: pytest.MonkeyPatch) -> Iterator[SmtpServer]:
    """aiosmtpd on a free loopback port that requires STARTTLS and a login, with a certificate from tls_ca."""
    server, controller = start_smtp(tls_ca)
    monkeypatch.setenv("SSL_CERT_FILE", str(server.ca_file))
    yield server
    controller.stop()


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    server = Receiver().start()
    yield server
    server.stop()


CHANNELS = """\
        - name: hook
          type: webhook
          url_env: HOOK_URL
          secret_env: HOOK_SECRET
        - name: slack
          type: slack
          url_env: SLACK_URL
        - name: teams
          type: teams
          url_env: TEAMS_URL
        - name: discord
          type: discord
          kinds: [incidents]
          url_env: DISCORD_URL
        - name: mail
          type: email
          smtp_server: 127.0.0.1:{smtp_port}
          from: Test Status <status@example.com>
          smtp_user_env: SMTP_USER
          smtp_password_env: SMTP_PASSWORD
          recipients_env: MAIL_TO
"""
HOOK_SECRET = "whsec-test-0123456789"  # noqa: S105 - a test key for the loopback receiver


@pytest.fixture
def project(tmp_path: Path, smtp: SmtpServer) -> Project:
    return Project.create(tmp_path / "project", CHANNELS.format(smtp_port=smtp.port))


@pytest.fixture
def env(receiver: Receiver, smtp: SmtpServer) -> dict[str, str]:
    receiver.secrets["/hook"] = HOOK_SECRET.encode()
    return {"HOOK_URL": receiver.url("/hook"), "HOOK_SECRET": HOOK_SECRET, "SLACK_URL": receiver.url("/slack"),
            "TEAMS_URL": receiver.url("/teams"), "DISCORD_URL": receiver.url("/discord"),
            "SMTP_USER": SMTP_USER, "SMTP_PASSWORD": SMTP_PASSWORD,
            "MAIL_TO": "ana@example.org, bo@example.net\ncy@example.com"}
