"""Issue 10, item 13: a docs_dir that does not exist does not stop the build.

git keeps no empty folder, so a fresh clone of a site without hand-written pages has no `pages/`.
Every status page is generated: `statuspress build` and `statuspress serve` build without it, from
an empty stand-in, and create nothing in the project. (Plain `mkdocs build` validates docs_dir before
it loads any plugin, so there the folder must exist: docs/deploy.md says so.)
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
from cli_helpers import AT, REPO_ROOT, TmpProject, statuspress

# The test's own incident and maintenance window (the example's may change).
OWN = {
    "2026/2026-11-17-query-outage.yml": """\
title: Query engine outage
impact: major
components: {query: major_outage}
started_at: 2026-11-17T08:00:00Z
updates:
  - at: 2026-11-17T08:05:00Z
    status: investigating
    message: Queries fail.
  - at: 2026-11-17T09:30:00Z
    status: resolved
    message: Queries work again.
""",
    "2026/2026-12-05-sign-in-maintenance.yml": """\
title: Sign-in database maintenance
kind: maintenance
components: {auth: under_maintenance}
scheduled_start: 2026-12-05T06:00:00Z
scheduled_end: 2026-12-05T07:30:00Z
updates:
  - at: 2026-11-27T09:00:00Z
    status: scheduled
    message: We will upgrade the sign-in database.
""",
}


@pytest.fixture
def fresh_clone(site_project: TmpProject) -> TmpProject:
    """The example project as a fresh clone of a site without hand-written pages: no pages/ folder."""
    shutil.rmtree(site_project.root / "pages")
    for rel, text in OWN.items():
        site_project.write(f"incidents/{rel}", text)
    return site_project


def test_build_without_the_docs_dir(fresh_clone: TmpProject) -> None:
    run = statuspress(fresh_clone.root, "build", "--at", AT)
    assert run.code == 0, run.stderr
    site = fresh_clone.root / "site"
    assert (site / "index.html").is_file()
    assert (site / "incidents" / "2026-11-17-query-outage" / "index.html").is_file()
    assert (site / "incidents" / "2026-12-05-sign-in-maintenance" / "index.html").is_file()
    assert not (fresh_clone.root / "pages").exists()


def test_an_existing_docs_dir_is_still_used(site_project: TmpProject) -> None:
    site_project.write("pages/about.md", "# About us\n\nHand-written.\n")
    assert statuspress(site_project.root, "build", "--at", AT).code == 0
    assert "Hand-written." in (site_project.root / "site" / "about" / "index.html").read_text(encoding="utf-8")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_serve_without_the_docs_dir(fresh_clone: TmpProject) -> None:
    port = _free_port()
    server = subprocess.Popen([sys.executable, "-m", "generator.cli", "serve", "-a", f"127.0.0.1:{port}"],
                              cwd=fresh_clone.root, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                              env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(REPO_ROOT),
                                   "SOURCE_DATE_EPOCH": "1795867200", "NO_MKDOCS_2_WARNING": "1"})
    try:
        body = ""
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and server.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/status/", timeout=5) as response:
                    body = response.read().decode("utf-8")
                break
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.5)
        assert server.poll() is None, server.communicate()[0]
        assert "Query engine" in body
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert not (fresh_clone.root / "pages").exists()
