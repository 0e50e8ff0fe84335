"""Similar past incidents, the action-item tracker, trends and charts, on small hand-made sites."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

import pytest
from lxml import etree

from generator.derive import related
from generator.derive.actions import State, state_of, tracker
from generator.derive.related import related_ids
from generator.derive.reviews import merged_timeline
from generator.derive.tags import tag_slug
from generator.derive.trends import percentile, spread
from generator.model import ActionItem, ActionStatus, ActionType
from generator.render import charts

from .helpers import NOW, incident, site
from .similar_oracle import similar


def make(name: str, components: str, tags: str = "[]", impact: str = "minor", hours: int = 1) -> str:
    day = name[:10]
    return f"""\
title: {name}
impact: {impact}
components: {components}
tags: {tags}
started_at: {day}T10:00:00Z
detected_at: {day}T10:05:00Z
updates:
  - at: {day}T10:10:00Z
    status: investigating
    message: Looking.
  - at: {day}T{10 + hours:02d}:00:00Z
    status: resolved
    message: Fixed.
"""


def test_related_ranks_by_shared_components_then_tags_then_recency() -> None:
    target = incident(make("2026-11-20-target", "{api: partial_outage, auth: degraded_performance}",
                           "[database, eu-west]"), "2026-11-20-target")
    both = incident(make("2026-05-01-both", "{api: major_outage, auth: major_outage}"), "2026-05-01-both")
    api_tags = incident(make("2026-03-01-api-tags", "{api: partial_outage}", "[Database, eu-west]"),
                        "2026-03-01-api-tags")          # 2 + 2 = 4, ties with `both`, older
    api_old = incident(make("2025-01-01-api-old", "{api: partial_outage}"), "2025-01-01-api-old")  # 2
    api_new = incident(make("2026-01-01-api-new", "{api: partial_outage}"), "2026-01-01-api-new")  # 2
    tag_only = incident(make("2026-02-01-tag", "{webhooks: partial_outage}", "[eu-west]"), "2026-02-01-tag")
    unrelated = incident(make("2026-02-02-none", "{webhooks: partial_outage}"), "2026-02-02-none")
    later = incident(make("2026-11-25-later", "{api: partial_outage}"), "2026-11-25-later")  # not past
    pool = [later, unrelated, tag_only, api_new, api_old, api_tags, both, target]

    expected = ("2026-05-01-both", "2026-03-01-api-tags", "2026-01-01-api-new", "2025-01-01-api-old",
                "2026-02-01-tag")
    assert tuple(m.id for m in similar(target, pool)) == expected
    assert similar(target, pool)[1].tags == ("database", "eu-west")
    assert related_ids(pool)["2026-11-20-target"] == expected
    assert related_ids(list(reversed(pool)))["2026-11-20-target"] == expected   # input order is irrelevant
    assert related_ids(pool, limit=2)["2026-11-20-target"] == expected[:2]
    assert related_ids(pool)["2025-01-01-api-old"] == ()


def test_related_is_wired_into_the_site() -> None:
    a = incident(make("2026-01-01-a", "{api: partial_outage}"), "2026-01-01-a")
    b = incident(make("2026-02-01-b", "{api: partial_outage}"), "2026-02-01-b")
    assert site(a, b).by_id["2026-02-01-b"].related == ("2026-01-01-a",)


def item(status: ActionStatus, due: date | None, owner: str = "Ana") -> ActionItem:
    return ActionItem(title=f"{status} {due}", owner=owner, type=ActionType.PREVENT, due=due, status=status)


def test_overdue_means_not_done_and_due_before_the_build_date() -> None:
    today = date(2026, 11, 28)
    assert state_of(item(ActionStatus.OPEN, date(2026, 11, 27)), today) is State.OVERDUE
    assert state_of(item(ActionStatus.IN_PROGRESS, date(2026, 11, 27)), today) is State.OVERDUE
    assert state_of(item(ActionStatus.OPEN, date(2026, 11, 28)), today) is State.OPEN      # due today
    assert state_of(item(ActionStatus.IN_PROGRESS, date(2026, 12, 1)), today) is State.IN_PROGRESS
    assert state_of(item(ActionStatus.DONE, date(2020, 1, 1)), today) is State.DONE
    assert state_of(item(ActionStatus.OPEN, None), today) is State.OPEN


REVIEWED = make("2026-11-01-reviewed", "{api: partial_outage}") + """\
review:
  summary: A summary.
  timeline:
    - at: 2026-11-01T10:05:00Z
      text: Alert fires.
    - at: 2026-11-01T10:10:00Z
      text: On-call joins.
  action_items:
    - {title: Fix the cache key, owner: Hana, type: prevent, due: 2026-11-27, status: in_progress}
    - {title: Alert on hit rate, owner: Priya, type: detect, due: 2026-11-20, status: done}
    - {title: Backoff, owner: hana, type: mitigate, due: 2026-12-11}
    - {title: Runbook, owner: Hana, type: process}
"""


def test_tracker_at_a_fixed_build_time_groups_by_owner() -> None:
    inc = incident(REVIEWED, "2026-11-01-reviewed")
    board = tracker([inc], datetime(2026, 11, 28, 23, 59, tzinfo=UTC))
    assert [o.name for o in board.owners] == ["Hana", "Priya"]      # "hana" is the same owner
    hana = board.owners[0]
    assert [(t.item.title, t.state, t.days_overdue) for t in hana.items] == [
        ("Fix the cache key", State.OVERDUE, 1), ("Backoff", State.OPEN, None), ("Runbook", State.OPEN, None)]
    assert (board.count(State.OVERDUE), board.count(State.OPEN), board.count(State.DONE)) == (1, 2, 1)
    # A day earlier nothing was overdue yet.
    assert tracker([inc], datetime(2026, 11, 27, 0, 0, tzinfo=UTC)).count(State.OVERDUE) == 0


def test_merged_timeline_marks_public_and_internal() -> None:
    inc = incident(REVIEWED, "2026-11-01-reviewed")
    entries = merged_timeline(site(inc).by_id[inc.id])
    assert [(e.at.strftime("%H:%M"), e.public) for e in entries] == [
        ("10:05", False), ("10:10", False), ("10:10", True), ("11:00", True)]


def test_percentiles_and_median() -> None:
    assert percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90) == 9
    assert percentile([5], 90) == 5
    s = spread([timedelta(minutes=m) for m in (10, 20, 30, 40)])
    assert (s.median, s.p90, s.count) == (timedelta(minutes=25), timedelta(minutes=40), 4)
    assert spread([]).median is None


def test_trends_per_month_quarter_and_component() -> None:
    a = incident(make("2026-10-05-a", "{api: major_outage}", impact="major", hours=2), "2026-10-05-a")
    b = incident(make("2026-11-05-b", "{api: partial_outage, auth: partial_outage}", hours=1),
                 "2026-11-05-b")
    c = incident(make("2026-08-05-c", "{dashboard: major_outage}", impact="critical", hours=3),
                 "2026-08-05-c")
    data = site(a, b, c).trends
    assert len(data.months) == 24 and data.months[-1].key == "2026-11"
    counts = {m.key: dict((i.value, n) for i, n in m.counts) for m in data.months}
    assert counts["2026-10"]["major"] == 1 and counts["2026-11"]["minor"] == 1
    assert counts["2026-08"]["critical"] == 1
    q4 = next(q for q in data.quarters if q.key == "2026-Q4")
    assert q4.incidents == 2
    assert q4.resolve.median == timedelta(minutes=90)      # 2h and 1h
    assert q4.resolve.p90 == timedelta(hours=2)
    assert q4.detect.median == timedelta(minutes=5)
    per = {c.component.id: c for c in data.components}
    assert (per["api"].incidents, per["api"].downtime_minutes) == (2, 120 + 0.3 * 60)
    assert per["webhooks"].incidents == 0


def test_charts_are_accessible_svg_with_a_data_table() -> None:
    html = str(charts.column_chart("c1", "Incidents <per> month", "A description", ["Jan", "Feb"],
                                   [charts.Series("Minor", "minor", (1.0, None))], stacked=True))
    root = etree.fromstring(html.encode())
    ns = {"s": "http://www.w3.org/2000/svg"}
    svg = root.find("s:svg", ns)
    assert svg is not None and svg.get("role") == "img"
    assert svg.get("aria-labelledby") == "c1-title c1-desc"
    assert svg.find("s:title", ns).text == "Incidents <per> month"
    assert svg.find("s:desc", ns).text == "A description"
    assert "currentColor" in html and "var(--sp-chart-minor" in html
    rows = root.findall("details/table/tbody/tr")
    assert [[c.text for c in r] for r in rows] == [["Jan", "1"], ["Feb", "no data"]]
    assert re.search(r"<summary>Data table: Incidents &lt;per&gt; month</summary>", html)


def test_tag_slugs() -> None:
    assert tag_slug("eu-west") == "eu-west"
    assert tag_slug("Retry Storm!") == "retry-storm"
    assert tag_slug("../../etc") == "etc"
    assert tag_slug("***") == "tag"


def test_now_is_the_helpers_build_time() -> None:
    assert NOW.tzinfo is UTC


@pytest.mark.parametrize("wide", [10, 3, 0])
def test_related_matches_the_oracle_on_crowded_random_pools(wide: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """Few components and tags, many incidents starting at the same hour: ties everywhere, so the indexed
    search must pick exactly what the plain statement ranks first; with `wide` lowered, incidents with many
    components and tags take the unindexed paths (some, then all of them)."""
    import random

    monkeypatch.setattr(related, "WIDE", wide)
    rng = random.Random(15)
    comps, tag_words = ["api", "auth", "webhooks"], ["Database", "database", "eu-west", "dns"]
    for _ in range(4):
        pool = []
        for n in range(60):
            day = date(2026, 1, 1) + timedelta(days=rng.randrange(12))
            name = f"{day.isoformat()}-i{n}"
            picked = rng.sample(comps, rng.randint(1, 3))
            tags = rng.sample(tag_words, rng.randint(0, 2))
            pool.append(incident(make(name, "{" + ", ".join(f"{c}: partial_outage" for c in picked) + "}",
                                      "[" + ", ".join(tags) + "]"), name))
        for limit in (1, 5, 12):
            found = related_ids(pool, limit=limit)
            for target in pool:
                assert found[target.id] == tuple(m.id for m in similar(target, pool, limit)), target.id
