"""Issue 10, item 11: no incident file is skipped without a word.

An unreadable folder is an error naming it (its files were not checked); a file with another YAML
extension (.yaml, .YML, .Yml, .YAML) is an error with the name to rename it to, because the stem is
the incident id and every command opens <id>.yml. Hidden files and other extensions (notes.txt,
editor backups) are not incident files and stay quiet.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from cli_helpers import AT, GOOD_INCIDENT, REPO_ROOT, Run, TmpProject

from generator.source import read_sources

UNREADABLE = ("cannot read this folder (Permission denied); the incident files in it were not checked")


@pytest.mark.parametrize("name", ["2026-11-26-a.YML", "2026-11-26-a.Yml", "2026-11-26-a.yaml",
                                  "2026-11-26-a.YAML", "2026-11-26-a.yMl"])
def test_other_yaml_extensions_are_errors_with_the_new_name(tmp_project: TmpProject, name: str) -> None:
    tmp_project.write(f"incidents/2026/{name}", GOOD_INCIDENT)
    run = tmp_project.check()
    assert (run.code, run.stdout) == (1, f"incidents/2026/{name}:1:1: error: incident files use the .yml "
                                         "extension; rename it to 2026-11-26-a.yml [file-read]\n")


def test_other_files_are_not_incident_files(tmp_project: TmpProject) -> None:
    for name in ("notes.txt", "2026-11-26-a.yml~", "2026-11-26-a.yml.orig", ".2026-11-26-a.yml.swp"):
        tmp_project.write(f"incidents/2026/{name}", "not an incident\n")
    assert tmp_project.check() == Run(0, "", "checked 0 files: no problems\n")


def test_an_incidents_dir_that_is_a_file(tmp_project: TmpProject) -> None:
    tmp_project.write("incidents", "a file\n")
    run = tmp_project.check()
    assert (run.code, run.stdout) == (1, "incidents:1:1: error: incidents_dir 'incidents' is not a folder "
                                         "[file-read]\n")


def _project_with_an_unreadable_year(root: Path) -> None:
    for year, count in (("2025", 7), ("2026", 12)):
        for n in range(count):
            text = GOOD_INCIDENT.replace("2026-11-26", f"{year}-11-{n + 1:02d}")
            (root / "incidents" / year).mkdir(parents=True, exist_ok=True)
            (root / "incidents" / year / f"{year}-11-{n + 1:02d}-x.yml").write_text(text, encoding="utf-8")


def test_an_unreadable_year_folder_is_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The OSError a folder without read permission gives, injected where os.walk lists the folder
    (the tests run as root, who may read anything; the next test tries a real unprivileged user)."""
    _project_with_an_unreadable_year(tmp_path)
    blocked = tmp_path / "incidents" / "2025"
    real_scandir = os.scandir

    def scandir(path: str | os.PathLike[str] = ".") -> object:
        if Path(path) == blocked:
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    sources, problems = read_sources(tmp_path, "incidents", cwd=tmp_path)
    assert len(sources) == 12
    assert [(p.path, p.line, p.col, p.severity, p.message) for p in problems] == [
        ("incidents/2025", 1, 1, "error", UNREADABLE)]


def _unprivileged() -> list[str]:
    """A command prefix that runs as nobody, or skip: root reads every folder."""
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("setpriv is not installed: cannot run a check as an unprivileged user")
    prefix = [setpriv, "--reuid=nobody", "--regid=nogroup", "--clear-groups"]
    probe = subprocess.run([*prefix, sys.executable, "-c", "import click, yaml, mkdocs"], capture_output=True,
                           check=False, env={**os.environ, "PYTHONPATH": str(REPO_ROOT)})
    if probe.returncode != 0:
        pytest.skip("the user nobody cannot run this Python (its interpreter or packages are not readable "
                    f"to others): {probe.stderr.decode(errors='replace').strip()[-200:]}")
    return prefix


def test_an_unreadable_year_folder_for_real() -> None:
    prefix = _unprivileged()
    root = Path(tempfile.mkdtemp(prefix="statuspress-unreadable-"))
    try:
        shutil.copyfile(REPO_ROOT / "mkdocs.yml", root / "mkdocs.yml")
        _project_with_an_unreadable_year(root)
        for path in [root, *root.rglob("*")]:
            path.chmod(0o755 if path.is_dir() else 0o644)
        (root / "incidents" / "2025").chmod(0o000)
        done = subprocess.run([*prefix, sys.executable, "-m", "generator.cli", "check", "--at", AT], cwd=root,
                              capture_output=True, text=True, check=False,
                              env={**os.environ, "PYTHONPATH": str(REPO_ROOT)})
        assert (done.returncode, done.stdout, done.stderr) == (
            1, f"incidents/2025:1:1: error: {UNREADABLE} [file-read]\n", "checked 12 files: 1 error, 0 warnings\n")
    finally:
        (root / "incidents" / "2025").chmod(0o755)
        shutil.rmtree(root)


def _opened(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The incident files read (opened) from now on, by name."""
    from generator import source

    opened: list[str] = []
    real = source.open if hasattr(source, "open") else open

    def spy(path: object, *args: object, **kwargs: object):  # noqa: ANN202
        opened.append(Path(str(path)).name)
        return real(path, *args, **kwargs)   # type: ignore[call-overload]

    monkeypatch.setattr(source, "open", spy, raising=False)
    return opened


def test_serve_reads_again_only_the_files_lstat_finds_changed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """SeenFiles (serve): a file lstat finds exactly as the last read saw it is not read again; an edit that
    keeps the size and puts the modification time back is still read (its change time moved), and so is a
    file just written (the same clock tick could hold a second write)."""
    from generator import source
    from generator.source import SeenFiles

    monkeypatch.setattr(source, "RACY_NS", 0)
    folder = tmp_path / "incidents" / "2026"
    folder.mkdir(parents=True)
    for name in ("2026-11-26-a.yml", "2026-11-26-b.yml"):
        (folder / name).write_text(GOOD_INCIDENT, encoding="utf-8")
    seen = SeenFiles()
    first, _ = read_sources(tmp_path, "incidents", seen=seen)
    opened = _opened(monkeypatch)
    again, _ = read_sources(tmp_path, "incidents", seen=seen)
    assert opened == [] and again == first

    target = folder / "2026-11-26-a.yml"
    before = target.stat()
    time.sleep(0.05)   # past the file system clock's tick
    target.write_text(GOOD_INCIDENT.replace("Elevated", "ELEVATED", 1), encoding="utf-8")   # the same size
    assert target.stat().st_size == before.st_size
    os.utime(target, ns=(before.st_atime_ns, before.st_mtime_ns))
    changed, _ = read_sources(tmp_path, "incidents", seen=seen)
    assert opened == ["2026-11-26-a.yml"] and changed[0].text != first[0].text and changed[1] is first[1]

    monkeypatch.setattr(source, "RACY_NS", 3_600 * 10**9)   # every file here was written within the hour
    opened.clear()
    fresh = SeenFiles()
    read_sources(tmp_path, "incidents", seen=fresh)
    read_sources(tmp_path, "incidents", seen=fresh)
    assert sorted(opened) == ["2026-11-26-a.yml", "2026-11-26-a.yml", "2026-11-26-b.yml", "2026-11-26-b.yml"]
