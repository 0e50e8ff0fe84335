"""E-mail against a real SMTP server (aiosmtpd) that requires STARTTLS and a login: one message per
update, parsed as mail clients parse it; never sent in the clear or to an untrusted certificate."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.notify import run

from .conftest import SMTP_PASSWORD, SmtpServer, start_smtp
from .helpers import Project, update
from .test_run import notify


@pytest.fixture
def two_updates(project: Project, tmp_path: Path) -> tuple[Path, Path]:
    previous = project.render("2026-11-28T09:00:00Z", tmp_path / "previous")
    project.incident("2026-11-28-api-errors", update("2026-11-28T09:10:00Z", "investigating", "Errors <b>&</b> more."),
                     update("2026-11-28T09:20:00Z", "resolved", "Fixed."))
    return previous, project.render("2026-11-28T09:30:00Z", tmp_path / "site")


def mail_result(outcome: run.Outcome) -> run.Result:
    return next(r for r in outcome.results if r.channel.name == "mail")


def test_one_message_per_update_with_both_parts(two_updates: tuple[Path, Path], project: Project,
                                                smtp: SmtpServer, env: dict[str, str]) -> None:
    previous, site = two_updates
    assert notify(project, site, env, previous).ok
    assert smtp.logins and len(smtp.mails) == 2
    first, second = (m.message for m in smtp.mails)
    assert [m["Subject"] for m in (first, second)] == ["[Test Status] New incident: Elevated API errors",
                                                        "[Test Status] Resolved: Elevated API errors"]
    assert smtp.mails[0].sender == "status@example.com"
    assert first["List-Unsubscribe"] == "<mailto:status@example.com?subject=unsubscribe>"
    assert first.get_content_type() == "multipart/alternative"
    assert "Errors <b>&</b> more." in first.get_body(("plain",)).get_content()
    assert "Errors &lt;b&gt;&amp;&lt;/b&gt; more." in first.get_body(("html",)).get_content()
    assert "ana@example.org" not in smtp.mails[0].raw.decode()          # recipients only in the envelope


def test_a_server_without_starttls_gets_nothing(two_updates: tuple[Path, Path], project: Project,
                                                tls_ca: object, env: dict[str, str]) -> None:
    previous, site = two_updates
    plain, controller = start_smtp(tls_ca, starttls=False)  # type: ignore[arg-type]
    try:
        text = project.config_file.read_text()
        project.config_file.write_text(text.replace(f"127.0.0.1:{text.split('127.0.0.1:')[1].split()[0]}",
                                                    f"127.0.0.1:{plain.port}"))
        outcome = notify(project, site, env, previous)
    finally:
        controller.stop()
    assert plain.mails == []
    assert mail_result(outcome).error == (f"127.0.0.1:{plain.port} does not offer STARTTLS; refusing to send in "
                                          "the clear (after 1 attempt)")


def test_an_untrusted_certificate_or_a_wrong_password_is_not_retried(
        two_updates: tuple[Path, Path], project: Project, smtp: SmtpServer, env: dict[str, str],
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    previous, site = two_updates
    empty_ca = tmp_path / "none.pem"
    empty_ca.write_text("")
    monkeypatch.setenv("SSL_CERT_FILE", str(empty_ca))
    monkeypatch.setenv("SSL_CERT_DIR", str(tmp_path))
    error = mail_result(notify(project, site, env, previous)).error or ""
    assert error.startswith("TLS certificate not trusted") and error.endswith("(after 1 attempt)")
    monkeypatch.setenv("SSL_CERT_FILE", str(smtp.ca_file))
    error = mail_result(notify(project, site, {**env, "SMTP_PASSWORD": SMTP_PASSWORD + "x"}, previous)).error
    assert error is not None and error.startswith("SMTP 535") and error.endswith("(after 1 attempt)")
    assert smtp.mails == []


def test_recipients_from_a_file_outside_the_repository(two_updates: tuple[Path, Path], project: Project,
                                                       smtp: SmtpServer, env: dict[str, str], tmp_path: Path) -> None:
    previous, site = two_updates
    outside = tmp_path / "secrets" / "subscribers.txt"
    outside.parent.mkdir()
    outside.write_text("# our subscribers\nzed@example.org\n\nyan@example.net\n")
    text = project.config_file.read_text().replace("recipients_env: MAIL_TO",
                                                   "recipients_file: $SECRETS/subscribers.txt")
    project.config_file.write_text(text)
    assert notify(project, site, {**env, "SECRETS": str(outside.parent)}, previous).ok
    assert [m.recipients for m in smtp.mails] == [["zed@example.org", "yan@example.net"]] * 2

    inside = project.root / "subscribers.txt"
    inside.write_text("leak@example.org\n")
    project.config_file.write_text(text.replace("$SECRETS/subscribers.txt", "$HERE/subscribers.txt"))
    outcome = notify(project, site, {**env, "HERE": str(project.root)}, previous)
    assert "is inside the repository" in (mail_result(outcome).error or "")
    assert len(smtp.mails) == 2


def test_an_unset_secret_fails_only_its_channel(two_updates: tuple[Path, Path], project: Project,
                                                smtp: SmtpServer, env: dict[str, str]) -> None:
    previous, site = two_updates
    outcome = notify(project, site, {k: v for k, v in env.items() if k != "MAIL_TO"}, previous)
    assert mail_result(outcome).error == "the environment variable MAIL_TO (the recipients) is not set"
    assert [r.channel.name for r in outcome.results if r.ok] == ["hook", "slack", "teams", "discord"]
