"""Drive Debian's chromium through Playwright (never `playwright install`), against the loopback server.

Every browser context blocks any request that is not to the loopback server and records it, so a
page that would fetch a font, script or beacon from a third party fails its test instead of
silently reaching the internet. Console errors, uncaught page errors and failed loopback responses
are recorded per visit too.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest

from .paths import CHROMIUM, INSTALL_HINT
from .server import LoopbackServer

LAUNCH_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


@dataclass
class Visit:
    """One page opened in a fresh browser context, with everything it did wrong."""

    page: Any  # playwright.sync_api.Page
    url: str
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)  # uncaught exceptions in page scripts
    blocked: list[str] = field(default_factory=list)  # third-party requests (aborted)
    bad_responses: list[str] = field(default_factory=list)  # loopback 4xx/5xx and failed loads

    def problems(self) -> list[str]:
        return (
            [f"console error: {m}" for m in self.console_errors]
            + [f"uncaught page error: {m}" for m in self.page_errors]
            + [f"third-party request (blocked): {u}" for u in self.blocked]
            + [f"failed loopback request: {r}" for r in self.bad_responses]
        )

    def assert_clean(self) -> None:
        """No console error, no uncaught exception, no third-party request, no broken local resource."""
        problems = self.problems()
        assert not problems, f"{self.url}:\n  " + "\n  ".join(problems)


OpenPage = Callable[..., Visit]


def launch(playwright: Any) -> Any:
    """Launch Debian's chromium; skip the calling test with the reason when it is missing."""
    if not CHROMIUM.exists():
        pytest.skip(f"chromium not found at {CHROMIUM}: {INSTALL_HINT}")
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    """One headless chromium for the session (skips the browser tests when it is not installed)."""
    if not CHROMIUM.exists():
        pytest.skip(f"chromium not found at {CHROMIUM}: {INSTALL_HINT}")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("the playwright Python package is missing: pip install -e '.[test]'")
    with sync_playwright() as p:
        browser = launch(p)
        yield browser
        browser.close()


@pytest.fixture
def open_page(chromium: Any, site_server: LoopbackServer) -> Iterator[OpenPage]:
    """Open a site page in a fresh context: `open_page("incidents/x/", javascript=False,
    color_scheme="dark", viewport=PHONE, timezone_id="Asia/Kolkata")` → Visit (after network idle)."""
    yield from _opener(chromium, site_server)


@pytest.fixture
def open_internal_page(chromium: Any, internal_site_server: LoopbackServer) -> Iterator[OpenPage]:
    """As open_page, on the example's internal build (`statuspress build --audience internal`)."""
    yield from _opener(chromium, internal_site_server)


def _opener(chromium: Any, site_server: LoopbackServer) -> Iterator[OpenPage]:
    contexts: list[Any] = []

    def _open(
        rel: str = "",
        *,
        javascript: bool = True,
        color_scheme: str = "light",
        viewport: dict[str, int] | None = None,
        timezone_id: str = "UTC",
        locale: str = "en-GB",
        mobile: bool = False,
        wait_until: str = "networkidle",
    ) -> Visit:
        context = chromium.new_context(
            java_script_enabled=javascript,
            color_scheme=color_scheme,
            viewport=viewport or DESKTOP,
            timezone_id=timezone_id,
            locale=locale,
            is_mobile=mobile,
            has_touch=mobile,
            service_workers="block",
            reduced_motion="reduce",
        )
        contexts.append(context)
        url = site_server.url(rel)
        visit = Visit(page=None, url=url)

        def route(r: Any) -> None:
            req_url = r.request.url
            if site_server.is_local(req_url):
                r.continue_()
            else:
                visit.blocked.append(req_url)
                r.abort("blockedbyclient")

        context.route("**/*", route)
        page = context.new_page()
        visit.page = page
        page.on(
            "console",
            lambda m: (
                visit.console_errors.append(f"{m.text} @ {m.location.get('url', '')}")
                if m.type == "error"
                else None
            ),
        )
        page.on("pageerror", lambda e: visit.page_errors.append(str(e)))
        page.on(
            "response",
            lambda r: (
                visit.bad_responses.append(f"{r.status} {r.url}")
                if r.status >= 400 and site_server.is_local(r.url)
                else None
            ),
        )
        page.on(
            "requestfailed",
            lambda r: (
                visit.bad_responses.append(f"{r.failure} {r.url}") if site_server.is_local(r.url) else None
            ),
        )
        response = page.goto(url, wait_until=wait_until)
        assert response is not None and response.ok, f"{url}: HTTP {response and response.status}"
        return visit

    yield _open
    for context in contexts:
        context.close()
