"""The words of one day of the uptime bar (render/filters.day_text): the cell's label and its tooltip."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import jinja2

from generator.derive.uptime import Day
from generator.render import filters


def words(day: Day, by_id: dict | None = None, page: str = "components/api/") -> str:
    env = jinja2.Environment(autoescape=True)
    filters.install(env)
    site = SimpleNamespace(by_id=by_id or {})
    return env.from_string("{{ d | day_text }}").render(d=day, site=site, url=filters.relative_to(page))


def day(**values: object) -> Day:
    fields = dict(day=date(2026, 11, 27), counted=True, downtime_minutes=0.0, major_minutes=0.0, partial_minutes=0.0,
                  degraded_minutes=0.0, maintenance_minutes=0.0, level="operational", incidents=())
    return Day(**{**fields, **values})   # type: ignore[arg-type]


def test_a_day_without_data_or_trouble() -> None:
    assert words(day(counted=False)) == '<strong class="sp-day__date">27 Nov 2026</strong>: no data'
    assert words(day()) == '<strong class="sp-day__date">27 Nov 2026</strong>: no downtime'


def test_minutes_are_rounded_and_written_in_hours_and_minutes() -> None:
    text = words(day(downtime_minutes=125.4, major_minutes=100.0, partial_minutes=59.5, degraded_minutes=0.4,
                     maintenance_minutes=60.0))
    assert text == ('<strong class="sp-day__date">27 Nov 2026</strong>: 2h 5m downtime (major outage 1h 40m, '
                    'partial outage 1h, degraded performance 0m, maintenance 1h)')


def test_incidents_link_from_the_page_and_their_titles_are_escaped() -> None:
    views = {"2026-11-27-a": SimpleNamespace(url="incidents/2026-11-27-a/", title="API <b>down</b> & out"),
             "2026-11-27-b": SimpleNamespace(url="incidents/2026-11-27-b/", title="Slow")}
    touching = ("2026-11-27-a", "gone", "2026-11-27-b")   # "gone": not in this audience's site
    text = words(day(downtime_minutes=3.0, major_minutes=3.0, incidents=touching), views)
    assert text.endswith(': 3m downtime (major outage 3m).<span class="sp-day__incidents"> Incidents: '
                         '<a href="../../incidents/2026-11-27-a/">API &lt;b&gt;down&lt;/b&gt; &amp; out</a>; '
                         '<a href="../../incidents/2026-11-27-b/">Slow</a></span>')
