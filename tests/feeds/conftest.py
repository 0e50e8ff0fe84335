"""Fixtures for the feed, calendar, API and badge tests: fast in-process renders and a loopback server.

Renders go straight through load → derive → render_files (no mkdocs), so each fixture costs tens of
milliseconds. The hostile project is a temporary copy of the example config with one incident and one
maintenance window whose messages try every trick a feed or API consumer could fall for.
"""

from __future__ import annotations

import http.server
import shutil
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

import pytest

from generator.derive import Site, derive_site
from generator.load import load_project
from generator.model import Audience
from generator.redact import for_audience
from generator.render.outputs import render_files

REPO_ROOT = Path(__file__).resolve().parents[2]
EXAMPLE_CONFIG = REPO_ROOT / "mkdocs.yml"
EXAMPLE_AT = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
ATOM_RNC = REPO_ROOT.parent / "shared" / "schemas" / "atom.rnc"   # RFC 4287's schema, beside the checkout
NODE_MODULES = REPO_ROOT / "tests" / "node" / "node_modules"

HOSTILE_MESSAGE = """\
We are investigating <script>alert('x')</script> reports.

<img src=x onerror="alert(1)"> and <b onmouseover=alert(2)>bold</b> and <div><p>unbalanced
[click me](javascript:alert(3)) and [data](data:text/html;base64,PHNjcmlwdD4=)
<a href="javascript:alert(4)">raw link</a> and a CDATA end ]]> in the middle
<![CDATA[ <script>alert(5)</script> ]]> & an ampersand &amp; an entity &#x3c;script&#x3e;
<iframe src="https://evil.example/"></iframe><style>body{display:none}</style>
"""

HOSTILE_INCIDENT = f"""\
title: "Hostile <script>alert('title')</script> ]]> & incident"
impact: major
components:
  api: partial_outage
started_at: 2026-11-27T08:00:00Z
updates:
  - at: 2026-11-27T08:10:00Z
    status: investigating
    message: |
{''.join('      ' + line + chr(10) for line in HOSTILE_MESSAGE.splitlines())}
  - at: 2026-11-27T09:00:00Z
    status: resolved
    message: "Fixed ]]> <script>alert(6)</script> [x](javascript:void(0))"
"""

HOSTILE_MAINTENANCE = f"""\
title: "Maintenance <img src=x onerror=alert(7)> ]]>"
kind: maintenance
impact: minor
components:
  auth: under_maintenance
scheduled_start: 2026-12-10T06:00:00Z
scheduled_end: 2026-12-10T07:00:00Z
updates:
  - at: 2026-11-27T10:00:00Z
    status: scheduled
    message: |
{''.join('      ' + line + chr(10) for line in HOSTILE_MESSAGE.splitlines())}
"""


def derive(config_file: Path, at: datetime = EXAMPLE_AT, audience: Audience = Audience.PUBLIC) -> Site:
    """The Site a build for `audience` renders from: load → redact → derive, as the build does. An earlier
    `at` replays the past: `check` refuses updates dated after the build time, so the data is checked as
    of the example's own time and only derive goes back."""
    project = load_project(config_file, max(at, EXAMPLE_AT))
    assert not project.errors, [str(p) for p in project.errors]
    config, incidents = for_audience(project.config, project.incidents, audience)
    return derive_site(config, incidents, at)


def render(config_file: Path, at: datetime = EXAMPLE_AT, audience: Audience = Audience.PUBLIC) -> dict[str, bytes]:
    return render_files(derive(config_file, at, audience))


def write_files(files: dict[str, bytes], root: Path) -> Path:
    for rel, data in files.items():
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return root


# The tests' own incidents and windows (the example's may change; tests that pin ids, times and
# statuses read these): one active incident, one resolved, a window done, one run in +01:00 with
# four updates, one only announced. Checked and built at OWN_AT.
OWN_AT = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
OWN = {
    "2026-11-28-delayed-events": """\
title: Delayed event processing
impact: minor
components: {ingest: degraded_performance, query: degraded_performance}
started_at: 2026-11-28T10:00:00Z
updates:
  - at: 2026-11-28T10:10:00Z
    status: investigating
    message: Events are processed with a delay.
  - at: 2026-11-28T11:38:00Z
    status: identified
    message: A slow database node holds the queue back.
""",
    "2026-11-17-query-outage": """\
title: Query engine outage
impact: major
components: {query: major_outage}
started_at: 2026-11-17T08:00:00Z
updates:
  - at: 2026-11-17T08:05:00Z
    status: investigating
    message: Queries fail.
  - at: 2026-11-17T09:30:00Z
    status: resolved
    message: Queries work again.
""",
    "2026-11-10-storage-upgrade": """\
title: Storage upgrade
kind: maintenance
components: {exports: under_maintenance}
scheduled_start: 2026-11-10T02:00:00Z
scheduled_end: 2026-11-10T04:00:00Z
updates:
  - at: 2026-11-03T10:00:00Z
    status: scheduled
    message: We will upgrade the storage.
  - at: 2026-11-10T02:00:00Z
    status: in_progress
    message: The upgrade has started.
  - at: 2026-11-10T03:40:00Z
    status: completed
    message: The upgrade is complete.
""",
    "2026-11-20-ingest-migration": """\
title: Event ingestion pipeline migration (US region)
kind: maintenance
components: {ingest: under_maintenance, exports: under_maintenance}
scheduled_start: 2026-11-21T00:30:00+01:00
scheduled_end: 2026-11-21T03:30:00+01:00
updates:
  - at: 2026-11-14T10:00:00Z
    status: scheduled
    message: We will move event ingestion to a new pipeline.
  - at: 2026-11-20T23:30:00Z
    status: in_progress
    message: The migration has started.
  - at: 2026-11-21T00:30:00Z
    status: in_progress
    message: Half of the traffic is on the new pipeline. Event counts match so far.
  - at: 2026-11-21T02:20:00Z
    status: completed
    message: The migration is complete. Event counts match.
""",
    "2026-12-05-sign-in-maintenance": """\
title: Sign-in database maintenance
kind: maintenance
components: {auth: under_maintenance}
scheduled_start: 2026-12-05T06:00:00Z
scheduled_end: 2026-12-05T07:30:00Z
updates:
  - at: 2026-11-27T09:00:00Z
    status: scheduled
    message: We will upgrade the sign-in database.
""",
}


@pytest.fixture(scope="session")
def own_config(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example's mkdocs.yml (its components and groups) with only the incidents of OWN."""
    root = tmp_path_factory.mktemp("own")
    shutil.copy(EXAMPLE_CONFIG, root / "mkdocs.yml")
    for name, text in OWN.items():
        (root / "incidents" / name[:4]).mkdir(parents=True, exist_ok=True)
        (root / "incidents" / name[:4] / f"{name}.yml").write_text(text, encoding="utf-8")
    return root / "mkdocs.yml"


@pytest.fixture(scope="session")
def own_site(own_config: Path) -> Site:
    return derive(own_config, OWN_AT)


@pytest.fixture(scope="session")
def own_files(own_site: Site) -> dict[str, bytes]:
    return render_files(own_site)


@pytest.fixture(scope="session")
def example_site() -> Site:
    return derive(EXAMPLE_CONFIG)


@pytest.fixture(scope="session")
def example_files(example_site: Site) -> dict[str, bytes]:
    return render_files(example_site)


@pytest.fixture(scope="session")
def example_dir(example_files: dict[str, bytes], tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_files(example_files, tmp_path_factory.mktemp("example-files"))


@pytest.fixture(scope="session")
def hostile_config(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("hostile-project")
    shutil.copy(EXAMPLE_CONFIG, root / "mkdocs.yml")
    (root / "pages").mkdir()
    (root / "incidents" / "2026").mkdir(parents=True)
    (root / "incidents" / "2026" / "2026-11-27-hostile.yml").write_text(HOSTILE_INCIDENT, encoding="utf-8")
    (root / "incidents" / "2026" / "2026-12-10-hostile-window.yml").write_text(HOSTILE_MAINTENANCE,
                                                                               encoding="utf-8")
    return root / "mkdocs.yml"


@pytest.fixture(scope="session")
def hostile_files(hostile_config: Path) -> dict[str, bytes]:
    return render(hostile_config)


class _Quiet(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                      ".json": "application/json", ".atom": "application/atom+xml",
                      ".rss": "application/rss+xml", ".ics": "text/calendar", ".svg": "image/svg+xml"}

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - http.server's signature
        pass


@pytest.fixture(scope="session")
def api_server(example_dir: Path) -> Iterator[str]:
    """The rendered files served from a free 127.0.0.1 port; yields the base URL (no trailing slash)."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), partial(_Quiet, directory=str(example_dir)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
