"""The derived Site: lifecycle timings, groups in display order, active/recent/upcoming lists, months,
and the history pagination built on them."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from derive_helpers import API, S, at, incident, maintenance, upd

from generator.config import SiteConfig
from generator.derive import derive_site
from generator.derive.lifecycle import Phase, lifecycle
from generator.model import Component, Impact
from generator.render.status_pages import paginate

COMPONENTS = (API, Component("dashboard", "Dashboard", group="Platform"), Component("support", "Support"),
              Component("ingest", "Ingest", group="Data"), Component("auth", "Auth", group="Platform"))
CONFIG = SiteConfig(root=Path("/p"), config_file=Path("/p/mkdocs.yml"), components=COMPONENTS)


def test_next_update_due_and_overdue() -> None:
    inc = incident(start=0, update_every=timedelta(minutes=30), updates=(upd(10, "investigating"),))
    assert lifecycle(inc, at(20)).next_update_due == at(40)
    assert not lifecycle(inc, at(40)).overdue
    assert lifecycle(inc, at(41)).overdue
    resolved = incident(start=0, updates=(upd(10, "investigating"), upd(20, "resolved")))
    life = lifecycle(resolved, at(600))
    assert (life.phase, life.next_update_due, life.overdue, life.duration(at(600))) == (
        Phase.RESOLVED, None, False, timedelta(minutes=20))


def test_default_cadence_follows_impact() -> None:
    inc = incident(start=0, impact=Impact.MINOR, updates=(upd(0, "investigating"),))
    assert lifecycle(inc, at(5)).next_update_due == at(60)


def test_groups_keep_display_order_and_gather_later_members() -> None:
    site = derive_site(CONFIG, (), at(600))
    assert [(g.name, [c.id for c in g.components]) for g in site.groups] == [
        ("Platform", ["api", "dashboard", "auth"]),
        (None, ["support"]),
        ("Data", ["ingest"]),
    ]


def test_site_lists() -> None:
    now = at(600)
    open_ = incident("2026-11-28-open", start=500, components={"dashboard": S.MAJOR_OUTAGE},
                     updates=(upd(510, "investigating"),))
    closed = incident("2026-11-20-closed", start=0, day=-8, updates=(upd(10, "resolved", day=-8),))
    old = incident("2026-10-01-old", start=0, day=-58, updates=(upd(10, "resolved", day=-58),))
    upcoming = maintenance("2026-11-30-m", start=60, end=120, day=2, updates=(upd(100, "scheduled"),))
    running = maintenance("2026-11-28-m", start=540, end=660, updates=(upd(100, "scheduled"),))
    site = derive_site(CONFIG, (open_, closed, old, upcoming, running), now)
    assert [v.id for v in site.active] == ["2026-11-28-open"]
    # Past incidents day by day, today first, for 15 days: what began each day, upcoming windows not yet.
    assert len(site.past_days) == 15 and site.past_days[0].day == now.date()
    assert [[v.id for v in d.incidents] for d in site.past_days if d.incidents] == [
        ["2026-11-28-m", "2026-11-28-open"], ["2026-11-20-closed"]]
    assert site.past_days[8].day == now.date() - timedelta(days=8) and site.past_days[8].incidents
    assert [v.id for v in site.maintenance_upcoming] == ["2026-11-30-m"]
    assert [v.id for v in site.maintenance_active] == ["2026-11-28-m"]
    assert site.page.description == "Major Service Outage"
    status = {c.id: c.status for c in site.components}
    assert status["dashboard"] is S.MAJOR_OUTAGE and status["api"] is S.UNDER_MAINTENANCE
    assert [m.key for m in site.months] == ["2026-11", "2026-10"]
    assert [v.id for v in site.months[0].incidents] == ["2026-11-30-m", "2026-11-28-m", "2026-11-28-open",
                                                         "2026-11-20-closed"]  # by start, newest first
    assert site.by_id["2026-11-28-open"].affected == (COMPONENTS[1],)
    api = next(c for c in site.components if c.id == "api")
    assert api.incidents == ("2026-11-30-m", "2026-11-28-m", "2026-11-20-closed", "2026-10-01-old")


def test_history_pages_of_six_months_link_both_ways() -> None:
    site = derive_site(CONFIG, tuple(
        incident(f"2026-{m:02d}-01-i", start=0, day=-(11 - m) * 31, updates=(upd(10, "resolved", day=-(11 - m) * 31),))
        for m in range(1, 12)), at(600))
    pages = paginate(site.months)
    assert [(p.number, p.count, len(p.months)) for p in pages] == [(1, 2, 6), (2, 2, 5)]
    assert (pages[0].src_uri, pages[0].url, pages[0].newer_url, pages[0].older_url) == (
        "history/index.md", "history/", None, "history/page-2/")
    assert (pages[1].src_uri, pages[1].newer_url, pages[1].older_url) == ("history/page-2.md", "history/", None)


def test_history_without_incidents_is_one_empty_page() -> None:
    [only] = paginate(())
    assert (only.number, only.count, only.months, only.older_url) == (1, 1, (), None)
