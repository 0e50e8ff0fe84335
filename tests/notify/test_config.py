"""`notify:` in mkdocs.yml: every mistake reported by `statuspress check` at its line and column, secrets
only by environment variable name, and what the example site declares."""

from __future__ import annotations

from pathlib import Path

from generator.config import load_config
from generator.notify.channels import ChannelType

from .helpers import REPO_ROOT, statuspress

HEADER = """\
site_name: T
site_url: https://status.example.com/
plugins:
  - statuspress:
      components:
        - id: api
          name: API
      notify:
"""


def check(tmp_path: Path, channels: str) -> list[str]:
    (tmp_path / "incidents").mkdir(exist_ok=True)
    (tmp_path / "mkdocs.yml").write_text(HEADER + channels, encoding="utf-8")
    run = statuspress(tmp_path, "check")
    assert run.code == (1 if "error" in run.stdout else 0)
    return run.stdout.splitlines()


def test_every_problem_is_reported_at_its_position(tmp_path: Path) -> None:
    lines = check(tmp_path, """\
        - name: slack
          type: slack
          url_env: https://hooks.slack.com/services/T000/B000/XXXX
          secret_env: X
          components: [apx]
        - name: mail
          type: email
          smtp_server: "smtp.example.com:99999"
          from: nobody
          recipients_file: subscribers.txt
          kinds: [incident]
        - name: slack
          type: discord
          url_env: D
        - name: hook
          type: webhook
          urll_env: D
        - name: teams
          type: telegram
""")
    assert lines == [
        "mkdocs.yml:11:20: error: url_env must name an environment variable, like STATUSPRESS_SLACK_URL; "
        "mkdocs.yml is public: put the secret in an environment variable (a CI secret) and name that variable here "
        "[config]",
        "mkdocs.yml:12:23: error: 'secret_env' is for webhook channels, not slack [config]",
        "mkdocs.yml:13:24: error: unknown component 'apx' (did you mean 'api'?); components are declared in "
        "mkdocs.yml [unknown-component]",
        "mkdocs.yml:16:24: error: smtp_server 'smtp.example.com:99999' must be host or host:port, like "
        "smtp.example.com:587 [config]",
        "mkdocs.yml:17:17: error: from 'nobody' is not an e-mail address, like Status <status@example.com> [config]",
        "mkdocs.yml:18:28: error: recipients_file 'subscribers.txt' must be an absolute path outside the "
        "repository, like /etc/statuspress/subscribers.txt or $RUNNER_TEMP/subscribers.txt [config]",
        "mkdocs.yml:19:19: error: kind 'incident' is not one of incidents, maintenance (did you mean 'incidents'?) "
        "[field-value]",
        "mkdocs.yml:20:17: error: channel name 'slack' is used twice [config]",
        "mkdocs.yml:24:17: error: a webhook channel needs 'secret_env' [config]",
        "mkdocs.yml:24:17: error: a webhook channel needs 'url_env' [config]",
        "mkdocs.yml:25:11: error: unknown field 'urll_env' in notify[4] (did you mean 'url_env'?) [unknown-field]",
        "mkdocs.yml:27:17: error: type 'telegram' is not one of webhook, slack, teams, discord, email "
        "(did you mean 'teams'?) [field-value]",
    ]
    assert not any("hooks.slack.com" in line for line in lines)       # a leaked secret is not repeated


def test_a_recipients_file_inside_the_repository_is_refused(tmp_path: Path) -> None:
    inside = tmp_path / "subscribers.txt"
    lines = check(tmp_path, f"""\
        - name: mail
          type: email
          smtp_server: smtp.example.com
          from: s@example.com
          recipients_file: {inside}
""")
    assert lines == [f"mkdocs.yml:13:28: error: recipients_file '{inside}' is inside the repository; subscribers' "
                     "addresses must never be committed: keep the file outside it [config]"]


def test_good_channels_pass_check_and_read_as_channels(tmp_path: Path) -> None:
    assert check(tmp_path, """\
        - name: mail
          type: email
          smtp_server: "[::1]:2525"
          from: Status <s@example.com>
          recipients_file: $RUNNER_TEMP/subscribers.txt
          kinds: [maintenance]
""") == []
    config, _ = load_config(tmp_path / "mkdocs.yml")
    (channel,) = config.channels
    assert (channel.type, channel.smtp_host, channel.smtp_port, channel.kinds) == (
        ChannelType.EMAIL, "::1", 2525, ("maintenance",))
    assert channel.wants("maintenance", ()) and not channel.wants("incidents", ("api",))


def test_the_example_site_declares_a_channel_of_every_type() -> None:
    config, problems = load_config(REPO_ROOT / "mkdocs.yml")
    assert [p for p in problems if p.is_error] == []
    assert {c.type for c in config.channels} == set(ChannelType)
    text = (REPO_ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert "hooks." not in text and "webhook.office" not in text and "discord.com/api" not in text
