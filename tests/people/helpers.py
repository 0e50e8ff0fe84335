"""Helpers for the tests of issue 13 (people using statuspress): a small project, `statuspress` runs with
exact (exit code, stdout, stderr), builds, and the four browser variants (phone/desktop, light/dark)."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from tests.support.browser import DESKTOP, PHONE
from tests.support.paths import REPO_ROOT

MKDOCS_YML = """\
site_name: Test Status
site_url: https://example.org/status/
docs_dir: pages
plugins:
  - statuspress:
      components:
        - id: api
          name: Public API
        - id: dashboard
          name: Web dashboard
        - id: auth
          name: Sign-in
"""

# Each browser test runs in all four.
VARIANTS = [pytest.param(viewport, scheme, id=f"{name}-{scheme}")
            for name, viewport in (("phone", PHONE), ("desktop", DESKTOP)) for scheme in ("light", "dark")]


@dataclass(frozen=True)
class Run:
    code: int
    stdout: str
    stderr: str


def run(*args: str, input: str | None = None, env: dict[str, str] | None = None) -> Run:  # noqa: A002
    """`statuspress ARGS` in the current folder through click's runner; standard input is not a terminal."""
    runner = CliRunner(env={"SOURCE_DATE_EPOCH": None, "EDITOR": None, "VISUAL": None, **(env or {})})
    result = runner.invoke(main, list(args), input=input, prog_name="statuspress", catch_exceptions=False)
    return Run(result.exit_code, result.stdout, result.stderr)


def run_process(cwd: Path, *args: str, timeout: float = 120) -> Run:
    """`python -m generator.cli ARGS` in a child process (mkdocs' global state stays out of the test)."""
    env = {k: v for k, v in os.environ.items() if k not in ("SOURCE_DATE_EPOCH", "EDITOR", "VISUAL")}
    env["NO_MKDOCS_2_WARNING"] = "1"
    env["PYTHONPATH"] = str(REPO_ROOT)
    done = subprocess.run([sys.executable, "-m", "generator.cli", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=timeout, check=False, stdin=subprocess.DEVNULL)
    return Run(done.returncode, done.stdout, done.stderr)


def write(root: Path, rel: str, text: str) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def build(root: Path, at: str | None, dest: Path, audience: str = "public") -> Run:
    """`statuspress build` of the project at `root` into `dest` (at `at`, or at the real time when None)."""
    at_args = ("--at", at) if at else ()
    result = run_process(root, "build", "--site-dir", str(dest), "--audience", audience, *at_args)
    assert result.code == 0, result
    return result
