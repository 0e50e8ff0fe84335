"""Same data and the same --at give the same bytes, in-process and through `statuspress build`."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from lxml import etree

from generator.derive import Site

from .conftest import EXAMPLE_CONFIG, REPO_ROOT, render

OUR_FILES = ("feed.atom", "feed.rss", "feed.json", "history.atom", "history.rss", "maintenance.ics",
             "api/v2/summary.json", "badge.svg")


def test_two_renders_are_byte_identical(example_files: dict[str, bytes]) -> None:
    again = render(EXAMPLE_CONFIG)
    assert list(again) == list(example_files)
    assert again == example_files


def test_badges_are_accessible_svg(example_files: dict[str, bytes], example_site: Site) -> None:
    svg = "{http://www.w3.org/2000/svg}"
    page = etree.fromstring(example_files["badge.svg"])
    assert page.findtext(f"{svg}title") == "status: minor service outage"
    assert page.get("role") == "img" and page.get("aria-label") == "status: minor service outage"
    for view in example_site.components:
        root = etree.fromstring(example_files[f"components/{view.id}/badge.svg"])
        assert root.findtext(f"{svg}title") == f"{view.component.name}: {view.status.label.lower()}"
        assert int(root.get("width")) > 60


def test_statuspress_build_twice_gives_identical_files(tmp_path: Path) -> None:
    """The real command (mkdocs plugin included) puts our files in the site, the same bytes each time."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    sites = []
    for n in (1, 2):
        site = tmp_path / f"site{n}"
        result = subprocess.run(
            [sys.executable, "-m", "generator.cli", "build", "--site-dir", str(site),
             "--at", "2026-11-28T12:00:00Z"],
            cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=300)
        assert result.returncode == 0, result.stdout + result.stderr
        sites.append(site)
    files = render(EXAMPLE_CONFIG)
    for rel, data in files.items():
        assert (sites[0] / rel).read_bytes() == data, rel
        assert (sites[1] / rel).read_bytes() == data, rel
    pages = {"subscribe/index.html": ("../feed.atom", "../maintenance.ics", "../api/v2/summary.json",
                                      "../components/api/feed.atom", "../badge.svg"),
             "api/index.html": ("v2/summary.json", "v2/scheduled-maintenances/active.json")}
    for rel, targets in pages.items():
        html = (sites[0] / rel).read_text(encoding="utf-8")
        assert (sites[1] / rel).read_text(encoding="utf-8") == html
        for target in targets:
            assert f'="{target}"' in html, (rel, target)   # href, or src for the badge
