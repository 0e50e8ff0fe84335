"""Helpers for git tests: a real repository with commits by two authors at fixed times, and CLI runs."""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main

MKDOCS = """\
site_name: Test Status
site_url: https://status.example.com/
plugins:
  - statuspress:
      components:
        - id: api
          name: Public API
        - id: dashboard
          name: Web dashboard
"""


@dataclass(frozen=True)
class Person:
    name: str
    email: str


DANA = Person("Dana Whitfield", "dana@example.com")
SAM = Person("Sam Ortiz", "sam@example.com")


@dataclass(frozen=True)
class Run:
    code: int
    stdout: str
    stderr: str


class Repo:
    """A git repository in a temporary folder, holding mkdocs.yml and incident files."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def git(self, *args: str, env: dict[str, str] | None = None) -> str:
        done = subprocess.run(["git", *args], cwd=self.root, capture_output=True, text=True, check=True,
                              env={**os.environ, **(env or {})})
        return done.stdout.strip()

    def write(self, rel: str, text: str) -> None:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")

    def commit(self, message: str, who: Person, when: str) -> str:
        """Stage everything and commit as `who` at `when` (ISO 8601); returns the full sha."""
        self.git("add", "-A")
        self.git("commit", "-q", "-m", message, env={
            "GIT_AUTHOR_NAME": who.name, "GIT_AUTHOR_EMAIL": who.email, "GIT_AUTHOR_DATE": when,
            "GIT_COMMITTER_NAME": who.name, "GIT_COMMITTER_EMAIL": who.email, "GIT_COMMITTER_DATE": when})
        return self.git("rev-parse", "HEAD")

    def state(self) -> tuple[str, str, bytes]:
        """HEAD, `git status --porcelain` and the index bytes: what audit and summary must not change."""
        index = (self.root / ".git" / "index").read_bytes()
        status = self.git("status", "--porcelain", "--untracked-files=all", env={"GIT_OPTIONAL_LOCKS": "0"})
        return self.git("rev-parse", "HEAD"), status, index


def wrap_git(folder: Path, monkeypatch: pytest.MonkeyPatch, script: str, **fields: object) -> None:
    """Put a `git` shell script first on PATH for the rest of the test: `script` formatted with `fields`
    and `git`, the real one's path (which the script runs)."""
    real = shutil.which("git")
    assert real is not None
    folder.mkdir()
    wrapper = folder / "git"
    wrapper.write_text(script.format(git=real, **fields))
    wrapper.chmod(0o755)
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ['PATH']}")


def run(cwd: Path, *args: str) -> Run:
    """`statuspress ARGS` in-process, in `cwd`."""
    previous = Path.cwd()
    os.chdir(cwd)
    try:
        result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    finally:
        os.chdir(previous)
    return Run(result.exit_code, result.stdout, result.stderr)


PATH = "incidents/2026/2026-11-26-api-errors.yml"
ID = "2026-11-26-api-errors"
AT = "2026-11-26T12:00:00Z"

HEAD_LINES = """\
title: Elevated error rates on the public API
impact: major
components:
  api: partial_outage
started_at: 2026-11-26T09:02:00Z
updates:
"""
FIRST = """\
  - at: 2026-11-26T09:15:00Z
    status: investigating
    message: We are investigating elevated error rates on the API.
"""
SECOND = """\
  - at: 2026-11-26T09:40:00Z
    status: identified
    message: A faulty configuration push was identified.
"""
V1 = HEAD_LINES + FIRST
V2 = HEAD_LINES + FIRST + SECOND


def published(repo: Repo) -> tuple[str, str]:
    """Dana opens the incident with one update; Sam posts the second. Returns both shas."""
    repo.write(PATH, V1)
    c1 = repo.commit("Open API incident", DANA, "2026-11-26T09:20:00Z")
    repo.write(PATH, V2)
    c2 = repo.commit("API incident: identified", SAM, "2026-11-26T09:45:00Z")
    return c1, c2


def subcommands(lines: list[str]) -> list[str]:
    """The git subcommands of a `git_log`, without GitPython's `git version` probes (made when it starts)."""
    return [line.split()[0] for line in lines if line != "version"]
