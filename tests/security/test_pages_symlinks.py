"""Issue 10, security 3: a symbolic link in docs_dir (pages/) is refused, never published.

mkdocs follows links in docs_dir and copies whatever they point to into the site. `check` and `build`
refuse every link there, to a file or a folder, pointing outside the project or inside it (one rule,
as for incident files: a reviewer of the repository sees what gets published), and the docs_dir
itself must be a real folder. The build writes nothing; the linked content appears nowhere.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.security.project import AT, write_project

OUTSIDE_TEXT = "TOP-OUTSIDE_TEXT-0451 outside the project"
FILE_LINK = "is a symbolic link; mkdocs would publish what it points to: put the file itself in pages/ [file-link]"
FOLDER_LINK = ("is a symbolic link; mkdocs would publish the folder it points to: put a real folder in pages/ "
               "[file-link]")
GOOD = """\
title: Elevated error rates
impact: minor
started_at: 2026-11-20T08:00:00Z
updates:
  - at: 2026-11-20T08:10:00Z
    status: resolved
    message: Fixed.
"""


def statuspress(cwd: Path, *args: str) -> tuple[int, list[str], str]:
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    env.update(NO_MKDOCS_2_WARNING="1", PYTHONPATH=str(Path(__file__).resolve().parents[2]))
    done = subprocess.run([sys.executable, "-m", "generator.cli", *args, "--at", AT], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=120, check=False)
    assert "Traceback" not in done.stdout + done.stderr
    return done.returncode, done.stdout.splitlines(), done.stderr


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "secret.md").write_text(f"# Secret\n\n{OUTSIDE_TEXT}\n", encoding="utf-8")
    write_project(tmp_path / "project", {"2026-11-20-errors": GOOD}, pages={"about.md": "# About\n\nHello.\n"})
    return tmp_path / "project"


def refused(project: Path, expected: list[str]) -> None:
    """`check` reports exactly `expected`; `build` too, writes no site, and the secret is nowhere."""
    assert statuspress(project, "check")[:2] == (1, expected)
    code, out, err = statuspress(project, "build")
    assert (code, out) == (1, expected)
    assert "nothing was written" in err
    assert not (project / "site").exists()
    assert OUTSIDE_TEXT not in out + [err]


def test_a_linked_file_pointing_outside_is_refused(project: Path) -> None:
    (project / "pages" / "secret.md").symlink_to(project.parent / "outside" / "secret.md")
    refused(project, [f"pages/secret.md:1:1: error: {FILE_LINK}"])


def test_a_link_to_etc_passwd_is_refused(project: Path) -> None:
    (project / "pages" / "passwd.md").symlink_to("/etc/passwd")
    refused(project, [f"pages/passwd.md:1:1: error: {FILE_LINK}"])


def test_a_linked_folder_is_refused_and_not_walked(project: Path) -> None:
    (project / "pages" / "guides").mkdir()
    (project / "pages" / "guides" / "more").symlink_to(project.parent / "outside", target_is_directory=True)
    refused(project, [f"pages/guides/more:1:1: error: {FOLDER_LINK}"])


def test_a_link_inside_the_project_is_refused_too(project: Path) -> None:
    (project / "pages" / "copy.md").symlink_to("about.md")
    (project / "pages" / "incidents").symlink_to("../incidents", target_is_directory=True)
    refused(project, [f"pages/copy.md:1:1: error: {FILE_LINK}", f"pages/incidents:1:1: error: {FOLDER_LINK}"])


def test_a_dangling_link_is_refused(project: Path) -> None:
    (project / "pages" / "gone.md").symlink_to("nowhere.md")
    refused(project, [f"pages/gone.md:1:1: error: {FILE_LINK}"])


def test_the_docs_dir_itself_must_not_be_a_link(project: Path) -> None:
    (project / "pages" / "about.md").unlink()
    (project / "pages").rmdir()
    (project / "pages").symlink_to(project.parent / "outside", target_is_directory=True)
    refused(project, ["pages:1:1: error: docs_dir 'pages' is a symbolic link; make it a real folder inside the "
                      "project [file-link]"])


def test_hidden_entries_are_left_alone(project: Path) -> None:
    """mkdocs never publishes dot files (its default exclude_docs), and editors keep lock links there."""
    (project / "pages" / ".#about.md").symlink_to("someone@host.1234:1700000000")
    assert statuspress(project, "check")[:2] == (0, [])
    code, _, err = statuspress(project, "build")
    assert code == 0, err
    assert (project / "site" / "about" / "index.html").is_file()


@pytest.mark.parametrize("setting", ["../outside", "/etc", "pages/../../outside"])
def test_a_docs_dir_outside_the_project_is_refused_where_it_is_written(project: Path, setting: str) -> None:
    config = project / "mkdocs.yml"
    lines = config.read_text(encoding="utf-8").splitlines()
    line = next(n for n, text in enumerate(lines, start=1) if text.startswith("docs_dir:"))
    lines[line - 1] = f"docs_dir: {setting}"
    config.write_text("\n".join(lines) + "\n", encoding="utf-8")
    refused(project, [f"mkdocs.yml:{line}:11: error: docs_dir {setting!r} must name a folder inside the "
                      "project, like pages [config]"])
