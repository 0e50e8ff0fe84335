"""A threaded http.server on a free 127.0.0.1 port that serves a built site under its sub-path only.

Everything outside the sub-path (e.g. `/assets/...` when the site lives at `/status/`) is a 404, so a
link or asset that ignores the sub-path fails the way it would on GitHub Pages.
"""

from __future__ import annotations

import http.server
import posixpath
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest

from .site_build import BuiltSite

EXTRA_TYPES = {
    ".atom": "application/atom+xml",
    ".rss": "application/rss+xml",
    ".xml": "application/xml",
    ".json": "application/json",
    ".ics": "text/calendar",
    ".svg": "image/svg+xml",
    ".js": "text/javascript",
    ".webmanifest": "application/manifest+json",
}


@dataclass
class Hit:
    method: str
    path: str
    status: int


@dataclass
class LoopbackServer:
    """A running server; `base_url` ends with the sub-path, e.g. http://127.0.0.1:41234/status/."""

    root: Path
    subpath: str
    port: int
    hits: list[Hit] = field(default_factory=list)
    _httpd: Any = None
    _thread: threading.Thread | None = None

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def base_url(self) -> str:
        return self.origin + self.subpath

    def url(self, rel: str = "") -> str:
        """Absolute URL of a site-root-relative path ('incidents/x/', 'api/v2/summary.json')."""
        return self.base_url + rel.lstrip("/")

    def is_local(self, url: str) -> bool:
        parts = urlsplit(url)
        return parts.scheme in ("http", "https") and parts.netloc == f"127.0.0.1:{self.port}"

    def errors_since(self, start: int) -> list[Hit]:
        """4xx/5xx responses served since hit number `start`."""
        return [h for h in self.hits[start:] if h.status >= 400]

    def stop(self) -> None:
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None


def _handler(server: LoopbackServer) -> type[http.server.SimpleHTTPRequestHandler]:
    root, prefix = server.root, server.subpath

    class Handler(http.server.SimpleHTTPRequestHandler):
        extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, **EXTRA_TYPES}

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, directory=str(root), **kwargs)

        def translate_path(self, path: str) -> str:
            raw = unquote(urlsplit(path).path)
            clean = posixpath.normpath(raw) + ("/" if raw.endswith("/") and raw != "/" else "")
            clean = clean.replace("//", "/")
            if prefix != "/" and clean + "/" == prefix:
                return str(root)  # a folder requested without its slash: /status → 301 /status/
            if not clean.startswith(prefix):
                return str(root / ".outside-the-sub-path-404")
            return super().translate_path("/" + clean[len(prefix) :])

        def end_headers(self) -> None:
            self.send_header("Cache-Control", "no-store")
            super().end_headers()

        def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
            status = int(code) if str(code).isdigit() else 0
            server.hits.append(Hit(self.command, self.path, status))

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
            pass

    return Handler


def serve(root: Path, subpath: str = "/") -> LoopbackServer:
    """Start serving `root` at http://127.0.0.1:<free port><subpath>; call .stop() when done."""
    if not subpath.startswith("/") or not subpath.endswith("/"):
        raise ValueError(f"sub-path must start and end with '/': {subpath!r}")
    server = LoopbackServer(root=root, subpath=subpath, port=0)
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _handler(server))
    httpd.daemon_threads = True
    server.port = httpd.server_address[1]
    server._httpd = httpd
    server._thread = threading.Thread(target=httpd.serve_forever, name="site-server", daemon=True)
    server._thread.start()
    return server


@pytest.fixture(scope="session")
def site_server(built_site: BuiltSite) -> Iterator[LoopbackServer]:
    """The example site served from loopback under its configured sub-path (/status/)."""
    server = serve(built_site.root, built_site.subpath)
    yield server
    server.stop()


@pytest.fixture(scope="session")
def internal_site_server(built_internal_site: BuiltSite) -> Iterator[LoopbackServer]:
    """The example's internal build served from loopback under its own sub-path."""
    server = serve(built_internal_site.root, built_internal_site.subpath)
    yield server
    server.stop()
