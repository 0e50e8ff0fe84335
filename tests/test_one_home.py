"""One home per rule (docs/architecture.md): every output that shows a rule's result agrees with the others.

Each test builds its own small project with `statuspress build` (mkdocs included) or reads real git
history, and reads the outputs the way their readers do: HTML with lxml, the Atom feed with feedparser,
the API as JSON.
"""

from __future__ import annotations

import json
import os
import re
import sys
from datetime import UTC, datetime
from pathlib import Path

import feedparser
import lxml.html
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent / "cli"))
sys.path.insert(0, str(Path(__file__).resolve().parent / "git"))

from cli_helpers import statuspress  # noqa: E402
from git_helpers import DANA, FIRST, HEAD_LINES, ID, PATH, SAM, SECOND, V2, Repo  # noqa: E402
from git_helpers import run as git_run  # noqa: E402

from generator.audit import load_with_base, run_audit  # noqa: E402
from generator.history import read_history  # noqa: E402
from generator.versions import Change  # noqa: E402

SITE = """\
site_name: One home
site_url: https://status.example.com/
plugins:
  - statuspress:
      components:
        - id: api
          name: Public API
        - id: dashboard
          name: Dashboard
"""

WINDOW = """\
kind: maintenance
title: Database upgrade
components: {api: under_maintenance}
scheduled_start: 2026-11-28T10:00:00Z
scheduled_end: 2026-11-28T12:00:00Z
updates:
  - at: 2026-11-28T09:00:00Z
    status: scheduled
    message: We will upgrade the database.
  - at: 2026-11-28T10:05:00Z
    status: scheduled
    message: The start is delayed by an hour.
"""
STARTED = """\
  - at: 2026-11-28T11:00:00Z
    status: in_progress
    message: The upgrade has started.
"""


def build(root: Path, at: str) -> Path:
    result = statuspress(root, "build", "--at", at)
    assert result.code == 0, result
    return root / "site"


def project(tmp_path: Path, files: dict[str, str]) -> Path:
    root = tmp_path / "site-project"
    root.mkdir()
    (root / "mkdocs.yml").write_text(SITE, encoding="utf-8")
    for relative, text in files.items():
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / relative).write_text(text, encoding="utf-8")
    return root


def home_status(site: Path, component: str) -> str:
    """The status the home page shows in a component's row, from its status class."""
    page = lxml.html.parse(str(site / "index.html"))
    badge, = page.xpath(f"//li[@id='component-{component}']/div[@class='sp-component__head']"
                        "/span[contains(concat(' ', @class, ' '), ' sp-status ')]")
    status, = re.findall(r"sp-status--([a-z_-]+)", badge.get("class"))
    return status.replace("-", "_")


def api(site: Path, name: str) -> dict:  # type: ignore[type-arg]
    return json.loads((site / "api" / "v2" / name).read_text(encoding="utf-8"))


@pytest.mark.parametrize(("at", "expected"), [
    ("2026-11-28T10:30:00Z", "operational"),          # past scheduled_start, but the last update delayed it
    ("2026-11-28T11:15:00Z", "under_maintenance"),    # in_progress: the window is open
])
def test_a_delayed_window_has_one_status_everywhere(tmp_path: Path, at: str, expected: str) -> None:
    """docs/spec.md: a `scheduled` update after scheduled_start delays the window until `in_progress`.
    The home page, components.json, summary.json, the maintenance's last update in the API and the
    Atom feed entry of that update all say the same."""
    text = WINDOW + (STARTED if expected == "under_maintenance" else "")
    root = project(tmp_path, {"incidents/2026/2026-11-28-db-upgrade.yml": text})
    site = build(root, at)

    assert home_status(site, "api") == expected
    assert {c["id"]: c["status"] for c in api(site, "components.json")["components"]}["api"] == expected
    assert {c["id"]: c["status"] for c in api(site, "summary.json")["components"]}["api"] == expected
    window, = api(site, "scheduled-maintenances.json")["scheduled_maintenances"]
    # Newest first; an update lists the components it moved (the first one: every component it names).
    moves = [c for u in window["incident_updates"] for c in u["affected_components"] or () if c["code"] == "api"]
    assert moves[0]["new_status"] == expected
    feed = feedparser.parse((site / "feed.atom").read_bytes())
    assert not feed.bozo, feed.bozo_exception
    entry = feed.entries[0]     # newest first: the latest update
    assert f"Public API ({expected.replace('_', ' ')})" in entry.content[0].value


OUTAGE = """\
title: API outage
impact: major
components: {api: major_outage}
started_at: 2026-11-26T09:00:00Z
updates:
  - at: 2026-11-26T09:00:00Z
    status: investigating
    message: The API is down.
  - at: 2026-11-26T10:00:00Z
    status: identified
    message: Partly back.
    components: {api: partial_outage}
  - at: 2026-11-26T11:40:00Z
    status: resolved
    message: Fixed.
"""


def _text(path: Path) -> str:
    """A page's text, each element's text apart from the next."""
    root = lxml.html.parse(str(path)).getroot()
    for hidden in root.xpath("//script | //style"):
        hidden.drop_tree()
    return " ".join(" ".join(root.itertext()).split())


def test_weighted_downtime_is_the_same_on_every_page(tmp_path: Path) -> None:
    """60 min of major outage and 100 min of partial outage weigh 60 + 0.3 × 100 = 90 min (derive/downtime.py):
    the component's uptime bar and percentage (component page and home page) and the metrics page's
    downtime per component agree."""
    root = project(tmp_path, {"incidents/2026/2026-11-26-api-outage.yml": OUTAGE})
    site = build(root, "2026-11-28T12:00:00Z")
    component = _text(site / "components" / "api" / "index.html")
    assert "26 Nov 2026 : 1h 30m downtime (major outage 1h, partial outage 1h 40m)" in component
    percent = f"{100 * (1 - 90 / (90 * 24 * 60)):.2f} % uptime"
    assert percent in component and percent in _text(site / "index.html")
    metrics = _text(site / "metrics" / "index.html")
    assert "Downtime per component Component Downtime Public API 1h 30m Dashboard 0m" in metrics


THIRD = """\
  - at: 2026-11-26T10:30:00Z
    status: monitoring
    message: A fix is deployed.
"""
CORRECTED = "    corrected: {at: 2026-11-26T10:20:00Z, reason: 'It was the dashboard, not the API.'}\n"


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Repo:
    """A real repository, without the user's or the system's git config (as tests/git/conftest.py)."""
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    root = tmp_path / "status"
    root.mkdir()
    made = Repo(root)
    made.git("init", "-q", "-b", "main")
    return made


def test_provenance_audit_and_summary_pair_the_same_updates(repo: Repo) -> None:
    """The first update is corrected and a third appended after two were published: provenance (who edited
    what), the audit's pairing and the summary's lists all come from versions.py, and all say the first
    update changed, the second did not, the third is new."""
    repo.write("mkdocs.yml", SITE)
    repo.write(PATH, V2)
    published = repo.commit("Open the API incident", DANA, "2026-11-26T09:45:00Z")
    repo.write(PATH, HEAD_LINES + FIRST.replace("on the API", "on the dashboard") + CORRECTED + SECOND + THIRD)
    later = repo.commit("Correct the first update, post the third", SAM, "2026-11-26T10:35:00Z")

    provenance = read_history(repo.root)
    by_update = {index: provenance.updates[(ID, index)] for index in range(3)}
    assert [(p.first.sha, tuple(c.sha for c in p.edits)) for p in by_update.values()] == [
        (published, (later,)), (published, ()), (later, ())]
    edited = {index for index, p in by_update.items() if p.edits}
    new = {index for index, p in by_update.items() if p.first.sha == later}

    now = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
    checked, base = load_with_base(repo.root / "mkdocs.yml", now, "HEAD~1", repo.root)
    result = run_audit(checked, base, repo.root)
    assert result.problems == ()
    pair, = result.pairs
    assert pair.comparison is not None
    changes = {p.new.index: p.change for p in pair.comparison.updates if p.new is not None}
    assert {i for i, c in changes.items() if c is Change.CORRECTED} == edited == {0}
    assert {i for i, c in changes.items() if c is Change.APPENDED} == new == {2}
    assert changes[1] is Change.UNCHANGED

    summary = git_run(repo.root, "summary", "--at", "2026-11-26T12:00:00Z", "--base", "HEAD~1")
    assert summary.code == 0, summary
    times = {"09:15": 0, "09:40": 1, "10:30": 2}
    sections = dict(re.findall(r"^### (.+?)\n(.*?)(?=^### |\Z)", summary.stdout, re.M | re.S))
    listed = {name: {times[t] for t in re.findall(r"2026-11-26 (\d\d:\d\d) UTC\*?\*?\n", body) if t in times}
              for name, body in sections.items()}
    assert listed.get("Changed updates") == edited
    assert listed.get("New updates") == new
