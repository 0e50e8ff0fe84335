"""`statuspress build --incremental` writes exactly what a full build writes, byte for byte, after every
kind of change a push can bring; and it reuses most page bodies while doing so (generator/cache.py,
generator/render/bodies.py). The project is a copy of the example in a real git repository, with real
commits between the builds."""

from __future__ import annotations

import os
import pickle
import re
import subprocess
import sys
from pathlib import Path

import pytest

from generator.cache import FORMAT
from tests.output.builds import snapshot
from tests.support.paths import REPO_ROOT, copy_example

AT = "2026-11-28T12:00:00Z"
LATER = "2026-11-29T08:30:00Z"
INCIDENT = "incidents/2025/2025-05-20-slow-reports-eu.yml"
TOLD = re.compile(r"(\d+) of (\d+) pages rendered anew")
READ = re.compile(r"(\d+) of (\d+) incident files read anew")


def git(root: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "Dana Whitfield", "GIT_AUTHOR_EMAIL": "dana@example.com",
           "GIT_COMMITTER_NAME": "Dana Whitfield", "GIT_COMMITTER_EMAIL": "dana@example.com",
           "GIT_AUTHOR_DATE": "2026-11-28T09:00:00Z", "GIT_COMMITTER_DATE": "2026-11-28T09:00:00Z"}
    return subprocess.run(["git", *args], cwd=root, env=env, capture_output=True, text=True, check=True).stdout


def build(root: Path, site: Path, *extra: str, at: str = AT) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    env.update(NO_MKDOCS_2_WARNING="1", PYTHONPATH=str(REPO_ROOT))
    done = subprocess.run([sys.executable, "-m", "generator.cli", "build", "--at", at, "--site-dir", str(site),
                           *extra], cwd=root, env=env, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    return done


def read_anew(done: subprocess.CompletedProcess[str]) -> tuple[int, int]:
    told = READ.search(done.stderr)
    assert told is not None, done.stderr
    return int(told[1]), int(told[2])


def rendered_anew(done: subprocess.CompletedProcess[str]) -> tuple[int, int]:
    told = TOLD.search(done.stderr)
    assert told is not None, done.stderr
    return int(told[1]), int(told[2])


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = copy_example(tmp_path / "project")
    (root / ".gitignore").write_text("/site*/\n/.statuspress-cache/\n", encoding="utf-8")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "The example status site")
    return root


def append_update(root: Path) -> None:
    path = root / INCIDENT
    text = path.read_text(encoding="utf-8")
    assert "updates:\n" in text
    path.write_text(text.replace("updates:\n", "updates:\n  - at: 2025-05-20T13:10:00Z\n    status: investigating\n"
                                 "    message: We are looking into slow report generation in the EU region.\n", 1),
                    encoding="utf-8")


def add_incident(root: Path) -> None:
    (root / "incidents/2026/2026-11-27-status-emails-delayed.yml").write_text(
        "title: Status emails delayed\nimpact: minor\ncomponents:\n  email: degraded_performance\n"
        "started_at: 2026-11-27T09:50:00Z\nupdates:\n"
        "  - at: 2026-11-27T10:00:00Z\n    status: investigating\n    message: Status emails reach readers late.\n"
        "  - at: 2026-11-27T10:40:00Z\n    status: resolved\n    message: Emails are on time again.\n",
        encoding="utf-8")


def delete_incident(root: Path) -> None:
    (root / "incidents/2025/2025-01-22-webhook-delivery-delays.yml").unlink()


def rename_site(root: Path) -> None:
    path = root / "mkdocs.yml"
    text = path.read_text(encoding="utf-8")
    site_name = re.search(r"^site_name: .*$", text, re.M)
    assert site_name is not None
    path.write_text(text.replace(site_name[0], "site_name: Acme Status (renamed)", 1), encoding="utf-8")


def test_incremental_builds_equal_full_builds_after_each_change(project: Path, tmp_path: Path) -> None:
    first = build(project, tmp_path / "site-inc", "--incremental")
    done, total = rendered_anew(first)
    assert done == total > 20   # a cold cache: every page
    files = read_anew(first)[1]
    assert read_anew(first) == (files, files) and files > 10

    # How many incident files each build reads again: only those the change touched.
    steps = [("append an update", append_update, AT, 1), ("add an incident", add_incident, AT, 1),
             ("delete an incident", delete_incident, AT, 0), ("nothing but the clock", None, LATER, 0),
             ("rename the site in mkdocs.yml", rename_site, LATER, 0)]
    for number, (what, change, at, read) in enumerate(steps):
        if change is not None:
            change(project)
            git(project, "add", "-A")
            git(project, "commit", "-q", "-m", what)
        incremental = build(project, tmp_path / "site-inc", "--incremental", at=at)
        full = build(project, tmp_path / f"site-full-{number}", at=at)
        assert snapshot(tmp_path / "site-inc") == snapshot(tmp_path / f"site-full-{number}"), what
        done, total = rendered_anew(incremental)
        if change is rename_site:
            assert done == total, "a new mkdocs.yml is a new fingerprint: nothing is reused"
        else:
            assert 0 < done < total / 2, (what, done, total)
        assert "rendered anew" not in full.stderr and "read anew" not in full.stderr
        assert read_anew(incremental)[0] == read, what


def test_a_nav_entry_showing_an_incident_title_follows_the_incident(project: Path, tmp_path: Path) -> None:
    """A page listed in mkdocs.yml's nav without a title shows under the incident's own title in every page's
    nav: frames rendered in full and reused from the cache must follow a new title."""
    path = project / "mkdocs.yml"
    incident_page = "incidents/2025-05-20-slow-reports-eu.md"
    path.write_text(path.read_text(encoding="utf-8") + f"nav:\n  - Status: index.md\n  - {incident_page}\n",
                    encoding="utf-8")
    git(project, "commit", "-qam", "An incident in the nav")
    build(project, tmp_path / "site-inc", "--incremental")
    incident = project / INCIDENT
    text = incident.read_text(encoding="utf-8")
    title = re.search(r"^title: .*$", text, re.M)
    assert title is not None
    incident.write_text(text.replace(title[0], "title: Reports were slow in the EU region", 1), encoding="utf-8")
    git(project, "commit", "-qam", "A new title")
    build(project, tmp_path / "site-inc", "--incremental")
    build(project, tmp_path / "site-full")
    home = (tmp_path / "site-inc" / "index.html").read_text(encoding="utf-8")
    assert "Reports were slow in the EU region" in home   # in the nav of a page the change did not touch
    assert snapshot(tmp_path / "site-inc") == snapshot(tmp_path / "site-full")


def test_the_internal_audience_keeps_its_own_cache(project: Path, tmp_path: Path) -> None:
    build(project, tmp_path / "pub", "--incremental")
    internal = build(project, tmp_path / "int", "--incremental", "--audience", "internal")
    done, total = rendered_anew(internal)
    assert done == total   # the public build's bodies are never offered to the internal one
    append_update(project)
    git(project, "commit", "-qam", "An update")
    again = build(project, tmp_path / "int", "--incremental", "--audience", "internal")
    build(project, tmp_path / "int-full", "--audience", "internal")
    assert snapshot(tmp_path / "int") == snapshot(tmp_path / "int-full")
    assert rendered_anew(again)[0] < total / 2


class _Trap:
    """Unpickling this writes a file: the proof that a cache was loaded."""

    def __init__(self, proof: Path) -> None:
        self.proof = proof

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (os.mkdir, (str(self.proof),))


@pytest.mark.parametrize("how", ["tracked by git", "a link", "writable by others"])
def test_a_cache_that_is_not_safe_to_read_is_never_unpickled(project: Path, tmp_path: Path, how: str) -> None:
    proof = tmp_path / "proof"
    folder = project / ".statuspress-cache"
    real = tmp_path / "elsewhere" if how == "a link" else folder
    real.mkdir(mode=0o700)
    for name in ("outputs-public", "readings", "history"):   # outputs, incident files, git history
        (real / f"{name}.pickle").write_bytes(FORMAT + pickle.dumps(_Trap(proof / name)))
    if how == "a link":
        folder.symlink_to(real)
    elif how == "tracked by git":
        git(project, "add", "-f", ".statuspress-cache")
        git(project, "commit", "-qm", "A pull request brings a cache")
    else:
        folder.chmod(0o777)
    proof.mkdir()
    done = build(project, tmp_path / "site", "--incremental")
    assert list(proof.iterdir()) == []
    assert all(f"{name}.pickle: not read" in done.stderr for name in ("outputs-public", "readings", "history"))
    assert rendered_anew(done)[0] == rendered_anew(done)[1]   # built in full
    assert read_anew(done)[0] == read_anew(done)[1]


def test_builds_without_incremental_neither_read_nor_write_the_cache(project: Path, tmp_path: Path) -> None:
    """Plain `statuspress build` and plain `mkdocs build` leave .statuspress-cache/ alone: a trap planted in
    it is never unpickled, and nothing is added."""
    proof = tmp_path / "proof"
    proof.mkdir()
    folder = project / ".statuspress-cache"
    folder.mkdir(mode=0o700)
    for name in ("outputs-public", "readings", "history"):
        (folder / f"{name}.pickle").write_bytes(FORMAT + pickle.dumps(_Trap(proof / name)))
    before = {path.name: path.read_bytes() for path in folder.iterdir()}
    done = build(project, tmp_path / "site")
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    env.update(NO_MKDOCS_2_WARNING="1", PYTHONPATH=str(REPO_ROOT))
    mkdocs = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "--site-dir", str(tmp_path / "mk")],
                            cwd=project, env=env, capture_output=True, text=True, timeout=300, check=False)
    assert mkdocs.returncode == 0, mkdocs.stderr
    assert (tmp_path / "mk" / "index.html").is_file()
    assert list(proof.iterdir()) == []
    assert {path.name: path.read_bytes() for path in folder.iterdir()} == before
    assert "not read" not in done.stderr + mkdocs.stderr
