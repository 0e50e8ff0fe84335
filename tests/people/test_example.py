"""Item 3: the example looks alive on a fresh clone on any day: nothing overdue, no window left open; the
suite's frozen moment (2026-11-28T12:00Z) still shows its incident in progress.

Updates cannot be dated ahead of the build (issue 10, item 10), so the example's 5 December window cannot
carry its `completed` update in advance: once it has ended, the page shows it completed by its schedule
and `check` nudges the team, in one warning, to post the update subscribers have not yet had."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from generator.derive import derive_site
from generator.load import load_project
from tests.support.paths import EXAMPLE_CONFIG, REPO_ROOT
from tests.support.site_build import EXAMPLE_AT

from .helpers import VARIANTS, build, run_process

# The day of a fresh clone (now), and days the example passes through later: the maintenance window
# of 5 December, the end of the year, and years on.
DAYS = ["now", "2026-12-05T06:30:00Z", "2026-12-31T23:59:00Z", "2027-06-01T00:00:00Z", "2031-01-01T00:00:00Z"]


WINDOW_END = datetime(2026, 12, 5, 7, 30, tzinfo=UTC)
NUDGE = ("incidents/2026/2026-12-05-sign-in-database-maintenance.yml:13:9: warning: the maintenance window has "
         "ended but is not marked completed; post a 'completed' update [window-open]\n")


@pytest.mark.parametrize("at", DAYS)
def test_the_example_checks_clean_on_any_later_day(at: str) -> None:
    result = run_process(REPO_ROOT, "check", "--at", at)
    ended = at != "now" and datetime.fromisoformat(at) > WINDOW_END or at == "now" and datetime.now(UTC) > WINDOW_END
    assert (result.code, result.stdout) == (0, NUDGE if ended else "")
    expected = r"checked \d+ files: 0 errors, 1 warning\n" if ended else r"checked \d+ files: no problems\n"
    assert re.fullmatch(expected, result.stderr), result.stderr


@pytest.mark.parametrize("at", DAYS)
def test_nothing_is_open_or_overdue_on_any_later_day(at: str) -> None:
    now = datetime.now(UTC) if at == "now" else datetime.fromisoformat(at)
    project = load_project(EXAMPLE_CONFIG, now, cwd=REPO_ROOT)
    site = derive_site(project.config, project.incidents, now)
    assert site.active == ()
    assert [v.id for v in site.incidents if v.life.overdue] == []
    assert [v.id for v in site.incidents if v.incident.is_maintenance and v.life.is_open
            and v.incident.scheduled_end and v.incident.scheduled_end < now] == []


def test_at_the_suites_frozen_moment_the_incident_is_still_in_progress() -> None:
    now = datetime.fromisoformat(EXAMPLE_AT)
    project = load_project(EXAMPLE_CONFIG, now, cwd=REPO_ROOT)
    site = derive_site(project.config, project.incidents, now)
    assert [v.id for v in site.active] == ["2026-11-28-delayed-event-processing"]
    assert not site.active[0].life.overdue
    assert [v.id for v in site.maintenance_upcoming] == ["2026-12-05-sign-in-database-maintenance"]


@pytest.fixture(scope="module")
def example_today(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example built at the real time, as `make build` on a fresh clone does."""
    dest = tmp_path_factory.mktemp("example-today") / "site"
    build(REPO_ROOT, None, dest)
    return dest


@pytest.mark.browser
@pytest.mark.parametrize(("viewport", "scheme"), VARIANTS)
def test_a_fresh_clone_shows_no_overdue_notice(example_today: Path, served: Any, browse: Any,
                                              viewport: dict[str, int], scheme: str) -> None:
    server = served(example_today)
    home = browse(server.url(""), viewport, scheme)
    assert home.page.locator(".sp-banner__text").is_visible()
    assert "overdue" not in home.page.locator("body").inner_text().casefold()
    home.assert_clean()
    incident = browse(server.url("incidents/2026-11-28-delayed-event-processing/"), viewport, scheme)
    text = incident.page.locator("body").inner_text()
    assert "overdue" not in text.casefold()
    assert "No events were lost." in text          # the closing update is public
    incident.assert_clean()
