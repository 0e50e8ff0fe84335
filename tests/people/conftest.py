"""Fixtures for the tests of issue 13: a small project as the working directory, loopback servers for
sites built from it, and chromium pages opened at a given width and colour scheme."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.support.browser import PHONE, Visit
from tests.support.paths import copy_example
from tests.support.server import LoopbackServer, serve

from .helpers import MKDOCS_YML


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project with three components and no incidents, as the working directory."""
    root = tmp_path / "project"
    (root / "incidents").mkdir(parents=True)
    (root / "pages").mkdir()
    (root / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")
    monkeypatch.chdir(root)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    return root


@pytest.fixture
def styled_project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The example's mkdocs.yml, theme overrides and pages, with no incidents, as the working directory."""
    root = copy_example(tmp_path / "styled", ("overrides", "pages"))
    monkeypatch.chdir(root)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    return root


@pytest.fixture
def served() -> Iterator[Any]:
    """`served(site_dir)` → a loopback server for it under /status/; stopped after the test."""
    servers: list[LoopbackServer] = []

    def start(site_dir: Path, subpath: str = "/status/") -> LoopbackServer:
        servers.append(serve(site_dir, subpath))
        return servers[-1]

    yield start
    for server in servers:
        server.stop()


@pytest.fixture
def browse(chromium: Any) -> Iterator[Any]:
    """`browse(url, viewport, scheme)` → Visit in a fresh context that blocks and records anything not
    on 127.0.0.1, console errors and page errors (as tests/support/browser.py's open_page does)."""
    contexts: list[Any] = []

    def open_url(url: str, viewport: dict[str, int], scheme: str, expect_ok: bool = True, timezone: str = "UTC",
                 locale: str = "en-GB", javascript: bool = True) -> Visit:
        context = chromium.new_context(viewport=viewport, color_scheme=scheme, timezone_id=timezone,
                                       locale=locale, is_mobile=viewport == PHONE, has_touch=viewport == PHONE,
                                       service_workers="block", reduced_motion="reduce",
                                       java_script_enabled=javascript)
        contexts.append(context)
        visit = Visit(page=None, url=url)

        def route(r: Any) -> None:
            if r.request.url.startswith("http://127.0.0.1:"):
                r.continue_()
            else:
                visit.blocked.append(r.request.url)
                r.abort("blockedbyclient")

        context.route("**/*", route)
        page = context.new_page()
        visit.page = page
        page.on("console", lambda m: visit.console_errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: visit.page_errors.append(str(e)))
        response = page.goto(url, wait_until="load")
        assert response is not None
        if expect_ok:
            assert response.ok, f"{url}: HTTP {response.status}"
        return visit

    yield open_url
    for context in contexts:
        context.close()
