"""Real parts for notify tests: a small project whose API is rendered by the real code at chosen times,
an HTTP receiver on a loopback port that checks signatures and can be told to fail, and helpers."""

from __future__ import annotations

import hashlib
import hmac
import http.server
import json
import threading
import time
from collections import defaultdict, deque
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from generator.cli import main
from generator.derive import derive_site
from generator.load import load_project
from generator.render.outputs import render_files

REPO_ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Run:
    code: int
    stdout: str
    stderr: str


def statuspress(cwd: Path, *args: str, env: dict[str, str | None] | None = None) -> Run:
    """`statuspress ARGS` in `cwd`, in process; a crash fails the test with its traceback."""
    import os

    runner = CliRunner(env={"SOURCE_DATE_EPOCH": None, **(env or {})})
    before = os.getcwd()
    os.chdir(cwd)
    try:
        result = runner.invoke(main, list(args), prog_name="statuspress", catch_exceptions=False)
    finally:
        os.chdir(before)
    return Run(result.exit_code, result.stdout, result.stderr)


MKDOCS = """\
site_name: Test Status
site_url: https://status.example.com/
plugins:
  - statuspress:
      components:
        - id: api
          name: Public API
        - id: dashboard
          name: Web dashboard
      notify:
{channels}
"""

INCIDENT = """\
title: {title}
impact: major
components:
  {component}: partial_outage
started_at: 2026-11-28T09:00:00Z
updates:
{updates}
"""

MAINTENANCE = """\
title: {title}
kind: maintenance
impact: minor
components:
  {component}: under_maintenance
scheduled_start: {start}
scheduled_end: {end}
updates:
{updates}
"""


def update(at: str, status: str, message: str, corrected: str | None = None) -> str:
    text = f"  - at: {at}\n    status: {status}\n    message: {json.dumps(message)}\n"
    if corrected:
        text += f"    corrected: {{at: {corrected}, reason: A typo in the first version.}}\n"
    return text


@dataclass
class Project:
    root: Path

    @classmethod
    def create(cls, root: Path, channels: str) -> Project:
        (root / "incidents" / "2026").mkdir(parents=True)
        (root / "mkdocs.yml").write_text(MKDOCS.format(channels=channels), encoding="utf-8")
        return cls(root)

    @property
    def config_file(self) -> Path:
        return self.root / "mkdocs.yml"

    def incident(self, ident: str, *updates: str, title: str = "Elevated API errors",
                 component: str = "api") -> None:
        self._write(ident, INCIDENT.format(title=title, component=component, updates="".join(updates)))

    def maintenance(self, ident: str, start: str, end: str, *updates: str, title: str = "Database upgrade",
                    component: str = "dashboard") -> None:
        self._write(ident, MAINTENANCE.format(title=title, component=component, start=start, end=end,
                                              updates="".join(updates)))

    def _write(self, ident: str, text: str) -> None:
        (self.root / "incidents" / "2026" / f"{ident}.yml").write_text(text, encoding="utf-8")

    def render(self, at: str, site_dir: Path) -> Path:
        """The site's API files as `statuspress build` at `at` writes them (the real renderer)."""
        now = datetime.fromisoformat(at.replace("Z", "+00:00"))
        project = load_project(self.config_file, now)
        assert not project.errors, project.errors
        for rel, data in render_files(derive_site(project.config, project.incidents, now)).items():
            if rel.startswith("api/v2/"):
                target = site_dir / rel
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(data)
        return site_dir

    @property
    def config(self) -> Any:
        from generator.config import load_config

        config, problems = load_config(self.config_file)
        assert not [p for p in problems if p.is_error], problems
        return config


# -- an HTTP receiver -----------------------------------------------------------------------------


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes

    @property
    def json(self) -> Any:
        return json.loads(self.body)

    @property
    def message_id(self) -> str:
        return self.headers["X-Statuspress-Message-Id"]


@dataclass
class Receiver:
    """A loopback HTTP server: records each accepted POST; per path, a secret to verify and a script of
    answers to give first, one a request: seconds to hang without answering, (status, headers),
    ("slow", seconds) to accept and answer too late, or None for a normal 200; then 200."""

    port: int = 0
    secrets: dict[str, bytes] = field(default_factory=dict)
    faults: dict[str, deque[Any]] = field(default_factory=lambda: defaultdict(deque))
    accepted: list[Received] = field(default_factory=list)
    attempts: list[tuple[str, str]] = field(default_factory=list)   # (path, outcome)
    bad_signatures: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)
    _httpd: Any = None

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def on(self, path: str) -> list[Received]:
        return [r for r in self.accepted if r.path == path]

    def fail(self, path: str, *faults: Any) -> None:
        with self.lock:
            self.faults[path].extend(faults)

    def start(self) -> Receiver:
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server's name
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                with receiver.lock:
                    fault = receiver.faults[self.path].popleft() if receiver.faults[self.path] else None
                if isinstance(fault, int | float):                # hang: answer nothing, then drop
                    receiver.attempts.append((self.path, "hang"))
                    time.sleep(fault)
                    self.close_connection = True
                    return
                if isinstance(fault, tuple) and fault[0] == "slow":   # accept, but answer too late
                    with receiver.lock:
                        receiver.accepted.append(Received(self.path, dict(self.headers.items()), body))
                    receiver.attempts.append((self.path, "slow"))
                    time.sleep(fault[1])
                    self._answer(200, {})
                    return
                if fault is not None:
                    status, headers = fault
                    receiver.attempts.append((self.path, str(status)))
                    self._answer(status, headers)
                    return
                secret = receiver.secrets.get(self.path)
                if secret is not None:
                    expected = "sha256=" + hmac.new(secret, body, hashlib.sha256).hexdigest()
                    if not hmac.compare_digest(expected, self.headers.get("X-Statuspress-Signature", "")):
                        receiver.bad_signatures += 1
                        receiver.attempts.append((self.path, "401"))
                        self._answer(401, {})
                        return
                with receiver.lock:
                    receiver.accepted.append(Received(self.path, dict(self.headers.items()), body))
                receiver.attempts.append((self.path, "200"))
                self._answer(200, {})

            def _answer(self, status: int, headers: dict[str, str]) -> None:
                self.send_response(status)
                for key, value in headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
                pass

        httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        httpd.daemon_threads = True
        self.port = httpd.server_address[1]
        self._httpd = httpd
        threading.Thread(target=httpd.serve_forever, name="notify-receiver", daemon=True).start()
        return self

    def stop(self) -> None:
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
