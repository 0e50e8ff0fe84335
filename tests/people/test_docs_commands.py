"""Item 1: every shell block of README.md and docs/guide.md runs verbatim, in order, on a fresh clone.

The clone is the working tree's files (tracked and new, not ignored) in a new git repository. Its
`.venv` stands in for the one `make build` creates: it links to the venv running these tests and has
fresh install stamps, so `make build` builds without installing (tests/people/test_make.py covers what
it installs). A block preceded by `<!-- not run: why -->` is skipped; the set of those is pinned below.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
import yaml

from tests.support.paths import REPO_ROOT

DOCS = ("README.md", "docs/guide.md")
BLOCK = re.compile(r"^(?:<!-- not run: (?P<why>[^\n]*?) -->\n)?```(?P<lang>sh|bash|shell)\n(?P<body>.*?)^```$",
                   re.S | re.M)
NOT_RUN = [
    ("docs/guide.md", "the clone address is a placeholder for your own status repository"),
    ("docs/guide.md", "needs your GitHub remote"),
]


@dataclass(frozen=True)
class Block:
    doc: str
    line: int
    body: str
    why_not: str | None


def shell_blocks(doc: str) -> list[Block]:
    text = (REPO_ROOT / doc).read_text(encoding="utf-8")
    return [Block(doc, text.count("\n", 0, m.start("body")) + 1, m.group("body"), m.group("why"))
            for m in BLOCK.finditer(text)]


def test_only_the_pinned_blocks_are_skipped() -> None:
    skipped = [(b.doc, b.why_not) for doc in DOCS for b in shell_blocks(doc) if b.why_not]
    assert skipped == NOT_RUN
    assert all(shell_blocks(doc) for doc in DOCS)


def fresh_clone(dest: Path, env: dict[str, str]) -> Path:
    """The working tree's files in a new repository with one commit, and a stand-in `.venv`."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                            cwd=REPO_ROOT, capture_output=True, check=True).stdout.decode().split("\0")
    for rel in filter(None, listed):
        source = REPO_ROOT / rel
        if source.is_file() and not source.is_symlink():
            (dest / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, dest / rel)
    for args in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-q", "-m", "Fresh clone"]):
        subprocess.run(["git", *args], cwd=dest, env=env, check=True)
    venv = dest / ".venv"
    venv.mkdir()
    for name in ("bin", "lib", "lib64", "include", "pyvenv.cfg"):
        if (Path(sys.prefix) / name).exists():
            (venv / name).symlink_to(Path(sys.prefix) / name)
    for stamp in (".installed", ".installed-test"):
        (venv / stamp).touch()
    return dest


def environment(home: Path, clone: Path) -> dict[str, str]:
    keep = {k: v for k, v in os.environ.items()
            if k not in ("SOURCE_DATE_EPOCH", "EDITOR", "VISUAL", "PYTHONPATH", "VIRTUAL_ENV", "MAKEFLAGS", "MFLAGS",
                         "MAKELEVEL", "MAKEOVERRIDES")}
    person = {"GIT_AUTHOR_NAME": "Ellie Marsh", "GIT_AUTHOR_EMAIL": "ellie@example.com",
              "GIT_COMMITTER_NAME": "Ellie Marsh", "GIT_COMMITTER_EMAIL": "ellie@example.com"}
    # What `source .venv/bin/activate` (the guide's set-up) would do.
    path = f"{clone / '.venv' / 'bin'}{os.pathsep}{keep['PATH']}"
    return {**keep, **person, "HOME": str(home), "PATH": path, "NO_MKDOCS_2_WARNING": "1",
            "GIT_CONFIG_NOSYSTEM": "1"}


def run_blocks(doc: str, tmp_path: Path) -> tuple[Path, list[str]]:
    """Run every runnable block of `doc` in order in one fresh clone; returns it and each block's output."""
    if sys.prefix == sys.base_prefix:
        pytest.skip("the tests are not running in a venv to stand in for .venv")
    home, clone = tmp_path / "home", tmp_path / "clone"
    home.mkdir()
    clone.mkdir()
    env = environment(home, clone)
    fresh_clone(clone, env)
    dry = subprocess.run(["make", "-n", "build"], cwd=clone, env=env, capture_output=True, text=True, check=True)
    assert "pip" not in dry.stdout, f"the stand-in .venv would be reinstalled:\n{dry.stdout}"
    outputs = []
    for block in shell_blocks(doc):
        if block.why_not:
            continue
        done = subprocess.run(["bash", "-e", "-o", "pipefail", "-c", block.body], cwd=clone, env=env,
                              stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=300, check=False)
        assert done.returncode == 0, (f"{doc}:{block.line}: the block failed ({done.returncode}):\n{block.body}\n"
                                      f"--- stdout\n{done.stdout}--- stderr\n{done.stderr}")
        outputs.append(done.stdout + done.stderr)
    return clone, outputs


def updates(path: Path) -> list[str]:
    return [u["status"] for u in yaml.safe_load(path.read_text(encoding="utf-8"))["updates"]]


def test_the_readme_commands_work_on_a_fresh_clone(tmp_path: Path) -> None:
    before = datetime.now(UTC).date().isoformat()
    clone, outputs = run_blocks("README.md", tmp_path)
    quick_start = outputs[0]
    assert re.search(r"checked \d+ files: no problems\n", quick_start), quick_start   # nothing overdue, no warning
    assert (clone / "site" / "index.html").is_file()
    [path] = clone.glob("incidents/*/*-elevated-api-errors.yml")
    assert path.stem[:10] in (before, datetime.now(UTC).date().isoformat())   # the id carries today's date
    assert updates(path) == ["investigating", "identified", "resolved"]
    assert "next update due by" in outputs[1]


def test_the_guide_commands_work_on_a_fresh_clone(tmp_path: Path) -> None:
    clone, _ = run_blocks("docs/guide.md", tmp_path)
    [incident] = clone.glob("incidents/*/*-elevated-api-errors.yml")
    assert updates(incident) == ["investigating", "identified", "monitoring", "resolved"]
    monitoring = yaml.safe_load(incident.read_text(encoding="utf-8"))["updates"][2]["message"]
    assert monitoring == ("A fix is deployed and error rates are falling.\n\n"
                          "We are watching them closely and will post again within 30 minutes.\n")
    [window] = clone.glob("incidents/*/*-sign-in-database-upgrade.yml")
    assert updates(window) == ["scheduled", "in_progress", "completed"]
    reviewed = yaml.safe_load((clone / "incidents/2026/2026-11-28-delayed-event-processing.yml").read_text())
    assert "TODO" in reviewed["review"]["summary"]
    log = subprocess.run(["git", "log", "--format=%s", "incident/elevated-api-errors"], cwd=clone,
                         capture_output=True, text=True, check=True).stdout
    assert log.splitlines()[0] == "Incident: elevated API errors"
