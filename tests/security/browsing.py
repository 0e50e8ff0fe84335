"""Open a page of a site built by a security test in Debian's chromium, recording what would be an attack
or a leak: JavaScript dialogs (every payload here calls alert), uncaught errors and third-party requests.

Like tests/support/browser.py's `open_page`, but for any served site, not only the example one.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from tests.support.browser import DESKTOP
from tests.support.server import LoopbackServer


@dataclass
class Watched:
    page: Any  # playwright.sync_api.Page
    dialogs: list[str] = field(default_factory=list)        # alert/confirm/prompt messages
    page_errors: list[str] = field(default_factory=list)
    third_party: list[str] = field(default_factory=list)    # requests to any host but the loopback server


@contextmanager
def watched_page(chromium: Any, server: LoopbackServer) -> Iterator[Watched]:
    """A fresh context and page; every non-loopback request is recorded and aborted."""
    context = chromium.new_context(viewport=DESKTOP, service_workers="block", reduced_motion="reduce")
    page = context.new_page()
    seen = Watched(page)

    def route(r: Any) -> None:
        if server.is_local(r.request.url):
            r.continue_()
        else:
            seen.third_party.append(r.request.url)
            r.abort("blockedbyclient")

    def dialog(d: Any) -> None:
        seen.dialogs.append(d.message)
        d.dismiss()

    context.route("**/*", route)
    page.on("dialog", dialog)
    page.on("pageerror", lambda e: seen.page_errors.append(str(e)))
    try:
        yield seen
    finally:
        context.close()
