"""The newcomer's path from the README and the guide: fork, post an incident, update it, see it built."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main

from .conftest import ROOT


@pytest.fixture
def fork(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name in ("mkdocs.yml", "incidents", "overrides", "pages", "schema"):
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, tmp_path / name)
        elif source.exists():
            shutil.copy(source, tmp_path / name)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    return tmp_path


def test_post_update_and_build(fork: Path) -> None:
    runner = CliRunner()

    def run(*args: str) -> str:
        result = runner.invoke(main, list(args), catch_exceptions=False)
        assert result.exit_code == 0, result.output
        return result.stdout

    path = run("new", "--title", "Elevated API errors", "--impact", "major",
               "--component", "api=partial_outage", "--message", "We are investigating elevated error rates.",
               "--at", "2026-11-28T12:00:00Z").strip()
    assert path == "incidents/2026/2026-11-28-elevated-api-errors.yml"
    run("update", "2026-11-28-elevated-api-errors", "--status", "identified",
        "--message", "A faulty configuration push is being rolled back.", "--at", "2026-11-28T12:20:00Z")
    run("check", "--at", "2026-11-28T12:30:00Z")
    run("build", "--at", "2026-11-28T12:30:00Z")

    page = (fork / "site" / "incidents" / "2026-11-28-elevated-api-errors" / "index.html").read_text()
    assert "Elevated API errors" in page
    assert "A faulty configuration push is being rolled back." in page
    assert "Elevated API errors" in (fork / "site" / "index.html").read_text()
    feed = (fork / "site" / "feed.atom").read_text()
    assert "We are investigating elevated error rates." in feed
    assert "A faulty configuration push is being rolled back." in feed
