"""Helpers for CLI tests: a throwaway project (the repo's mkdocs.yml + incidents/) and a `statuspress` run."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from click.testing import CliRunner

from generator.cli import main

REPO_ROOT = Path(__file__).resolve().parents[2]
CASES = REPO_ROOT / "tests" / "cases"
# Every check in these tests runs at this frozen time unless a test says otherwise.
AT = "2026-11-28T12:00:00Z"


@dataclass(frozen=True)
class Run:
    code: int
    stdout: str
    stderr: str


def statuspress(cwd: Path, *args: str, env: dict[str, str] | None = None, real_process: bool = False,
                timeout: float = 60) -> Run:
    """Run `statuspress ARGS` in `cwd` with no SOURCE_DATE_EPOCH unless `env` gives one.

    By default in-process through click's CliRunner, with exceptions NOT caught: a crash fails the test
    with its traceback. `real_process=True` runs `python -m generator.cli` in a subprocess instead.
    """
    if real_process:
        environ = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
        environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO_ROOT), environ.get("PYTHONPATH")]))
        environ.update(env or {})
        done = subprocess.run([sys.executable, "-m", "generator.cli", *args], cwd=cwd, env=environ,
                              capture_output=True, text=True, timeout=timeout, check=False)
        return Run(done.returncode, done.stdout, done.stderr)
    runner = CliRunner(env={"SOURCE_DATE_EPOCH": None, **(env or {})})
    before = os.getcwd()
    os.chdir(cwd)
    try:
        result = runner.invoke(main, list(args), prog_name="statuspress", catch_exceptions=False)
    finally:
        os.chdir(before)
    return Run(result.exit_code, result.stdout, result.stderr)


class TmpProject:
    """A project folder holding a copy of the repo's mkdocs.yml and whatever files a test writes."""

    def __init__(self, root: Path) -> None:
        self.root = root
        shutil.copyfile(REPO_ROOT / "mkdocs.yml", root / "mkdocs.yml")

    def write(self, relative: str, content: str | bytes) -> Path:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return path

    def config(self, old: str, new: str) -> None:
        """Edit mkdocs.yml by replacing one exact piece of text."""
        path = self.root / "mkdocs.yml"
        text = path.read_text(encoding="utf-8")
        assert text.count(old) == 1, f"{old!r} is not in mkdocs.yml exactly once"
        path.write_text(text.replace(old, new), encoding="utf-8")

    def check(self, *args: str, at: str | None = AT, env: dict[str, str] | None = None,
              cwd: Path | None = None, real_process: bool = False) -> Run:
        at_args = ("--at", at) if at is not None else ()
        return statuspress(cwd or self.root, "check", *at_args, *args, env=env, real_process=real_process)


# A resolved incident without problems, for tests that need one good file next to a bad one.
GOOD_INCIDENT = """\
title: Elevated error rates on the public API
impact: major
components:
  api: partial_outage
started_at: 2026-11-26T09:02:00Z
updates:
  - at: 2026-11-26T09:15:00Z
    status: investigating
    message: We are investigating elevated error rates on the API.
  - at: 2026-11-26T10:30:00Z
    status: resolved
    message: Error rates are back to normal.
"""
