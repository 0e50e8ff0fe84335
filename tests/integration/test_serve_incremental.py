"""`statuspress serve` re-renders only the pages a save touches (counted, not timed): the page of the
incident saved and the pages that show it (they link to it), plus the tags index, which reads every tag;
and the feeds that hold it. Every other page body and feed is reused from the build before
(generator/preview.py, render/reuse.py)."""

from __future__ import annotations

import os
import queue
import re
import subprocess
import sys
import threading
import urllib.request
from pathlib import Path

import pytest

from generator.preview import Preview
from tests.support.paths import REPO_ROOT, copy_example

EPOCH = "1795867200"   # 2026-11-28T12:00:00Z: the same clock for every rebuild
INCIDENT = "incidents/2025/2025-05-20-slow-reports-eu.yml"
PAGE = "incidents/2025-05-20-slow-reports-eu.md"
OLD = "Data collection is not\n      affected."
NEW = "Data collection is not\n      affected at all, and no data was lost."
AGGREGATES = {"tags/index.md"}   # lists every tag with its incidents: any incident's change reaches it


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_example(tmp_path / "project")   # outside git: no audit log pages, which list every commit


def save(root: Path) -> None:
    path = root / INCIDENT
    text = path.read_text(encoding="utf-8")
    assert OLD in text
    path.write_text(text.replace(OLD, NEW, 1), encoding="utf-8")


def showing(site: Path, slug: str) -> set[str]:
    """The pages whose HTML links to the incident page `slug` (its own canonical link among them)."""
    return {html.relative_to(site).as_posix() for html in site.rglob("*.html")
            if f'{slug}/"' in html.read_text(encoding="utf-8")}


def html_of(src_uri: str) -> str:
    """Where a generated page is written (directory URLs)."""
    stem = src_uri.removesuffix(".md")
    return f"{stem.removesuffix('index')}index.html" if stem.endswith("index") else f"{stem}/index.html"


def test_a_save_re_renders_only_the_pages_that_show_the_incident(project: Path, tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    said: list[str] = []
    preview = Preview(project / "mkdocs.yml", tmp_path / "site", said.append)
    preview()
    first = preview.cache.last
    assert first is not None
    rendered, pages = first.pages()
    assert len(rendered) == pages > 50

    save(project)
    preview()
    last = preview.cache.last
    assert last is not None
    rendered, pages = last.pages()
    expected = showing(tmp_path / "site", "2025-05-20-slow-reports-eu") | {html_of(src) for src in AGGREGATES}
    assert html_of(PAGE) in expected and len(expected) < pages / 4
    assert {html_of(src) for src in rendered} == expected
    assert f"{len(expected)} of {pages} pages rendered anew" in said[-1]
    files = [slot for slot in last.current if not slot.endswith(".md") and "#" not in slot]   # not a part of one
    feeds = {slot for slot in files if "2025-05-20-slow-reports-eu" in (tmp_path / "site" / slot).read_text("utf-8")}
    assert "incidents/2025-05-20-slow-reports-eu/feed.atom" in feeds and len(feeds) < len(files) / 2
    whole = {slot for slot in last.rendered if "#" not in slot}
    assert whole - set(rendered) == feeds   # and the feeds that hold it, no other
    assert not [slot for slot in last.rendered if slot.startswith("maintenance.ics#")]   # not a window: no event
    incident_files = len(list((project / "incidents").glob("*/*.yml")))
    assert f"; 1 of {incident_files} files read anew" in said[-1]   # the file saved; the others' readings kept

    preview()   # nothing saved: nothing read, nothing rendered
    assert preview.cache.last is not None and preview.cache.last.rendered == []   # neither pages nor feeds
    assert f"; 0 of {incident_files} files read anew" in said[-1]
    assert not (project / ".statuspress-cache").exists()   # serve's cache is its memory: no folder is made


def fetch(url: str) -> str:
    assert url.startswith("http://127.0.0.1:")
    with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 - the loopback server above
        return str(response.read().decode("utf-8"))


def test_the_served_page_shows_the_save(project: Path) -> None:
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(REPO_ROOT)}
    server = subprocess.Popen([sys.executable, "-m", "generator.cli", "serve", "--dev-addr", "127.0.0.1:0"],
                              cwd=project, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in server.stdout or ()], daemon=True).start()

    def next_matching(pattern: str) -> re.Match[str]:
        while True:
            line = lines.get(timeout=120)
            found = re.search(pattern, line)
            if found:
                return found

    try:
        url = next_matching(r"serving (\S+)")[1]
        page_url = url.rstrip("/") + "/incidents/2025-05-20-slow-reports-eu/"
        assert "no data was lost" not in fetch(page_url)
        save(project)
        rebuilt = next_matching(r"(\d+) of (\d+) pages rendered anew")
        assert 0 < int(rebuilt[1]) < int(rebuilt[2]) / 4
        assert "no data was lost" in fetch(page_url)
    finally:
        server.terminate()
        server.wait(timeout=30)
