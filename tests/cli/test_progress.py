"""Long work shows progress: `build` redraws "rendering pages n/N" at a terminal, and says nothing in CI logs."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

from generator.build import build_site
from generator.cli import _progress_bar
from generator.clock import parse_at
from generator.load import load_project

REPO = Path(__file__).resolve().parents[2]
AT = parse_at("2026-11-28T12:00:00Z")


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_bar_redraws_every_25_pages_and_ends_the_line(monkeypatch: pytest.MonkeyPatch) -> None:
    screen = Terminal()
    monkeypatch.setattr(sys, "stderr", screen)
    show = _progress_bar()
    assert show is not None
    for done in range(1, 61):
        show(done, 60)
    assert screen.getvalue() == "\rrendering pages 25/60\rrendering pages 50/60\rrendering pages 60/60\n"


def test_no_bar_without_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stderr", io.StringIO())
    assert _progress_bar() is None


def test_the_build_reports_every_page_it_renders(tmp_path: Path) -> None:
    seen: list[tuple[int, int]] = []
    project = load_project(REPO / "mkdocs.yml", AT)
    build_site(project, AT, tmp_path / "site", progress=lambda done, total: seen.append((done, total)))
    pages = len(list((tmp_path / "site").rglob("index.html")))   # every generated page is a folder index
    assert [done for done, _ in seen] == list(range(1, len(seen) + 1))
    assert {total for _, total in seen} == {len(seen)}
    assert len(seen) == pages
