"""Real temporary git repositories, isolated from user and system git config and from outer repositories."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from git_helpers import MKDOCS, Repo, wrap_git

WRAPPER = """\
#!/bin/sh
printf '%s\\n' "$*" >> "{log}"
exec "{git}" "$@"
"""


@pytest.fixture(autouse=True)
def isolated_git(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No user or system git config, no outer repository, no clock-dependent build time."""
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    for name in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def repo(tmp_path: Path) -> Repo:
    root = tmp_path / "status"
    root.mkdir()
    r = Repo(root)
    r.git("init", "-q", "-b", "main")
    r.write("mkdocs.yml", MKDOCS)
    return r


@pytest.fixture
def git_log(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every git process started from now on appends its arguments to the returned file."""
    log = tmp_path / "git.log"
    wrap_git(tmp_path / "bin", monkeypatch, WRAPPER, log=log)
    return log

