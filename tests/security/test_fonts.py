"""Issue 10, security 6: a site is private by default, so no reader's browser calls Google Fonts.

mkdocs-material loads its fonts from fonts.googleapis.com / fonts.gstatic.com unless `theme.font` is
false. With a minimal mkdocs.yml (no font setting) the plugin turns fonts off; a font the user chose
is kept, and `check` warns at its line that readers' browsers will call a third party.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from generator.cli import main
from tests.security.browsing import watched_page
from tests.security.project import AT
from tests.support.server import LoopbackServer, serve
from tests.support.site_build import BuiltSite, build_site

FONT_HOSTS = ("fonts.googleapis.com", "fonts.gstatic.com")
MINIMAL = """\
site_name: Minimal Status
theme:
  name: material
plugins:
  - search
  - statuspress:
      components:
        - id: api
          name: Public API
"""
INCIDENT = """\
title: Elevated error rates
impact: minor
components:
  api: degraded_performance
started_at: 2026-11-28T08:00:00Z
updates:
  - at: 2026-11-28T08:10:00Z
    status: resolved
    message: Error rates are back to normal.
"""
WARNING = ("warning: theme.font makes every reader's browser fetch fonts from Google Fonts, a third "
           "party; remove it (statuspress then turns fonts off and the theme uses system fonts) or set "
           "font: false [third-party-fonts]")


def project(root: Path, config: str) -> Path:
    (root / "incidents" / "2026").mkdir(parents=True)
    (root / "incidents" / "2026" / "2026-11-28-errors.yml").write_text(INCIDENT, encoding="utf-8")
    (root / "docs").mkdir()
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    return root / "mkdocs.yml"


def check(config: Path) -> tuple[int, list[str]]:
    previous = Path.cwd()
    os.chdir(config.parent)
    try:
        result = CliRunner().invoke(main, ["check", "--at", AT], catch_exceptions=False)
    finally:
        os.chdir(previous)
    return result.exit_code, result.stdout.splitlines()


@pytest.fixture(scope="module")
def minimal(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    root = tmp_path_factory.mktemp("fonts")
    return build_site(root / "site", config_file=project(root / "project", MINIMAL), at=AT)


def test_minimal_site_loads_no_google_fonts(minimal: BuiltSite) -> None:
    pages = minimal.html_pages
    assert len(pages) > 10
    assert [minimal.rel(p) for p in pages if any(h in p.read_text(encoding="utf-8") for h in FONT_HOSTS)] == []


def test_minimal_config_gets_no_font_warning(minimal: BuiltSite) -> None:
    assert check(minimal.config_file) == (0, [])


@pytest.mark.parametrize(("theme", "line", "col"), [
    ("theme:\n  name: material\n  font:\n    text: Inter\n", 4, 3),
    ("theme:\n  font: {text: Inter, code: Fira Code}\n  name: material\n", 3, 3),
])
def test_a_chosen_font_is_kept_and_warned_about_where_it_is_written(tmp_path: Path, theme: str, line: int,
                                                                    col: int) -> None:
    config = project(tmp_path / "project", MINIMAL.replace("theme:\n  name: material\n", theme))
    assert check(config) == (0, [f"mkdocs.yml:{line}:{col}: {WARNING}"])
    site = build_site(tmp_path / "site", config_file=config, at=AT)
    assert "fonts.googleapis.com/css?family=Inter" in site.read_text("")


@pytest.mark.parametrize("font", ["false", "False", "no"])
def test_fonts_turned_off_by_hand_need_no_warning(tmp_path: Path, font: str) -> None:
    config = project(tmp_path / "project", MINIMAL.replace("  name: material\n", f"  name: material\n  font: {font}\n"))
    assert check(config) == (0, [])


# ----------------------------------------------------------------------------------------- in chromium


@pytest.fixture(scope="module")
def server(minimal: BuiltSite) -> Iterator[LoopbackServer]:
    running = serve(minimal.root, minimal.subpath)
    yield running
    running.stop()


@pytest.mark.browser
@pytest.mark.parametrize("rel", ["", "incidents/2026-11-28-errors/", "history/", "components/api/", "404.html"])
def test_the_browser_makes_no_third_party_request(chromium: Any, server: LoopbackServer, rel: str) -> None:
    with watched_page(chromium, server) as seen:
        response = seen.page.goto(server.url(rel), wait_until="networkidle")
        assert response is not None and response.ok
        assert (seen.third_party, seen.page_errors) == ([], [])
