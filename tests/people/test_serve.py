"""Item 4: `statuspress serve` prints the URL it serves (with the site's sub-path), rebuilds after each
save, and shows build problems in the page, escaped, until a save fixes them; it never leaves the
browser waiting on the old site."""

from __future__ import annotations

import html
import os
import re
import select
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.support.paths import REPO_ROOT
from tests.support.validators import assert_axe_clean

from .helpers import PHONE, VARIANTS, run, write

GOOD = """\
title: Delayed exports
impact: minor
components: {exports: degraded_performance}
started_at: 2026-11-28T09:00:00Z
updates:
  - at: 2026-11-28T09:10:00Z
    status: investigating
    message: Exports are running late.
"""
BROKEN = "title: [unclosed\n"
PROBLEM = ("incidents/2026/2026-11-28-delayed-exports.yml:1:8: error: the list opened with '[' here is not closed "
           "with ']' (to write text that starts with '[', put it in quotes) [yaml-syntax]")
URL_LINE = re.compile(r"serving (http://127\.0\.0\.1:\d+/status/) \(rebuilds when you save; Ctrl\+C stops\)\n")


@dataclass
class Served:
    proc: subprocess.Popen[str]
    url: str

    def get(self, rel: str = "") -> tuple[int, str]:
        try:
            with urllib.request.urlopen(self.url + rel, timeout=30) as response:  # noqa: S310 - loopback
                return response.status, response.read().decode()
        except urllib.error.HTTPError as err:
            return err.code, err.read().decode()

    def wait_for(self, status: int, text: str, timeout: float = 30) -> str:
        """Poll the home page until it answers `status` with `text` in it (a rebuild takes a second)."""
        deadline = time.monotonic() + timeout
        seen: tuple[int, str] = (0, "")
        while time.monotonic() < deadline:
            seen = self.get()
            if seen[0] == status and text in seen[1]:
                return seen[1]
            time.sleep(0.3)
        raise AssertionError(f"no {status} page with {text!r} after {timeout} s; last: {seen[0]} {seen[1][:500]}")


def start(cwd: Path, *args: str) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    env.update(NO_MKDOCS_2_WARNING="1", PYTHONPATH=str(REPO_ROOT), PYTHONUNBUFFERED="1")
    return subprocess.Popen([sys.executable, "-m", "generator.cli", "serve", *args], cwd=cwd, env=env,
                            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)


def first_line(proc: subprocess.Popen[str], timeout: float = 60) -> str:
    assert proc.stdout is not None
    ready, _, _ = select.select([proc.stdout], [], [], timeout)
    assert ready, "serve printed nothing"
    return proc.stdout.readline()


def serve_dirs() -> set[str]:
    return {p.name for p in Path(tempfile.gettempdir()).glob("statuspress-serve-*")}


@pytest.fixture
def serving(styled_project: Path) -> Iterator[Served]:
    before = serve_dirs()
    proc = start(styled_project, "-a", "127.0.0.1:0")
    line = first_line(proc)
    match = URL_LINE.fullmatch(line)
    assert match, line
    yield Served(proc, match.group(1))
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=30) == 0
    assert serve_dirs() <= before, "serve left its temporary site folder behind"


def test_serve_prints_its_url_with_the_sub_path_and_serves_the_site(serving: Served) -> None:
    status, body = serving.get()
    assert status == 200
    assert "All Systems Operational" in body
    with urllib.request.urlopen(serving.url.removesuffix("status/"), timeout=30) as response:  # noqa: S310
        assert response.url == serving.url      # / redirects to the sub-path


def test_a_broken_save_shows_the_problem_in_the_page_and_a_fix_brings_the_site_back(
        styled_project: Path, serving: Served) -> None:
    path = write(styled_project, "incidents/2026/2026-11-28-delayed-exports.yml", BROKEN)
    body = serving.wait_for(500, "The site could not be built")
    assert f'<ul id="problems">\n<li>{html.escape(PROBLEM)}</li>\n</ul>' in body
    assert "<p>checked 1 file: 1 error, 0 warnings</p>" in body
    assert serving.get("incidents/")[0] == 500            # every page says so, not only the home page
    assert serving.get("assets/statuspress/statuspress.css")[0] == 200   # assets still load
    path.write_text(GOOD)
    body = serving.wait_for(200, "Delayed exports")
    assert '<h1 class="sp-banner__text">Minor Service Outage</h1>' in body


def test_problems_in_the_page_are_escaped(styled_project: Path, serving: Served) -> None:
    write(styled_project, "incidents/2026/2026-11-28-delayed-exports.yml",
          GOOD.replace("{exports: degraded_performance}", '{"<img src=x onerror=alert(1)>": major_outage}'))
    body = serving.wait_for(500, "unknown component")
    assert "&lt;img src=x onerror=alert(1)&gt;" in body
    assert "<img" not in body


def test_a_project_broken_from_the_start_is_served_with_its_problems(styled_project: Path) -> None:
    write(styled_project, "incidents/2026/2026-11-28-delayed-exports.yml", BROKEN)
    proc = start(styled_project, "-a", "127.0.0.1:0")
    try:
        match = URL_LINE.fullmatch(first_line(proc))
        assert match
        served = Served(proc, match.group(1))
        assert html.escape(PROBLEM) in served.wait_for(500, "The site could not be built")
    finally:
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=30) == 0
    assert proc.stderr is not None
    assert PROBLEM + "\n" in proc.stderr.read()


def test_a_taken_port_is_a_clear_error(styled_project: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        proc = start(styled_project, "-a", f"127.0.0.1:{port}")
        out, err = proc.communicate(timeout=120)
    assert (proc.returncode, out) == (1, "")
    assert err.endswith(f"error: cannot serve on 127.0.0.1:{port}: Address already in use\n")


def test_a_bad_address_is_a_usage_error(styled_project: Path) -> None:
    result = run("serve", "-a", "localhost")
    assert (result.code, result.stdout, result.stderr) == (2, "", (
        "Usage: statuspress serve [OPTIONS]\nTry 'statuspress serve --help' for help.\n\n"
        "Error: Invalid value for '--dev-addr': 'localhost' is not IP:PORT, like 127.0.0.1:8000\n"))


def test_the_readme_sends_people_to_serve_not_to_the_file_system() -> None:
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    assert "Open `site/index.html`" not in readme
    assert "run `make serve` and open the address it prints" in readme
    assert "Opening `site/index.html` from the file system does not work" in readme


@pytest.mark.browser
@pytest.mark.parametrize(("viewport", "scheme"), VARIANTS)
def test_the_browser_shows_the_problem_and_reloads_by_itself_when_it_is_fixed(
        styled_project: Path, serving: Served, browse: Any, viewport: dict[str, int], scheme: str) -> None:
    path = write(styled_project, "incidents/2026/2026-11-28-delayed-exports.yml", BROKEN)
    serving.wait_for(500, "The site could not be built")
    visit = browse(serving.url, viewport, scheme, expect_ok=False)
    page = visit.page
    assert page.get_by_role("heading", name="The site could not be built").is_visible()
    problems = page.locator("#problems li")
    assert problems.all_inner_texts() == [PROBLEM]
    assert problems.first.is_visible()
    if viewport == PHONE:   # the long line wraps instead of widening the page
        assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    assert_axe_clean(page, f"the build-failure page ({scheme})")
    assert not visit.blocked and not visit.page_errors
    path.write_text(GOOD)
    page.wait_for_selector(".sp-banner__text", timeout=30_000)   # livereload brought the site back
    assert page.get_by_text("Delayed exports").first.is_visible()
