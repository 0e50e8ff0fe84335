"""The pages incident teams learn from: reviews, the action-item tracker, metrics and tags."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import timedelta

from markupsafe import Markup

from ..derive import Site
from ..derive.actions import STATE_ORDER
from ..derive.metrics import METRICS
from ..derive.reviews import merged_timeline
from ..derive.site import IncidentView
from ..derive.tags import tag_slug
from ..derive.trends import Trends
from ..model import Impact
from . import charts
from .filters import duration
from .page import Page


def _hours(value: float | None) -> str:
    return "no data" if value is None else duration(timedelta(hours=value))


def _minutes(value: float | None) -> str:
    return "no data" if value is None else duration(timedelta(minutes=value))


def _h(value: timedelta | None) -> float | None:
    return None if value is None else value.total_seconds() / 3600


def _m(value: timedelta | None) -> float | None:
    return None if value is None else value.total_seconds() / 60


def metric_charts(data: Trends, site: Site) -> dict[str, Markup]:
    months = [m.label for m in data.months]
    quarters = [q.key for q in data.quarters]
    by_impact = [charts.Series(i.value.capitalize(), i.value,
                               tuple(float(dict(m.counts)[i]) for m in data.months)) for i in Impact]
    names = [c.component.name for c in data.components]
    out = {
        "per_month": charts.column_chart(
            "chart-per-month", "Incidents per month by impact",
            f"Stacked columns: the number of incidents that began each month from {months[0]} to "
            f"{months[-1]}, split by impact; {data.incidents} in all.",
            months, by_impact, stacked=True, unit="incidents", head="Month"),
        "resolve": charts.column_chart(
            "chart-resolve", "Time to resolve per quarter (median and 90th percentile)",
            "Columns per quarter: median and 90th percentile of the time from impact to resolution, in "
            "hours, of the incidents that began in the quarter.",
            quarters, [charts.Series("Median", "s1", tuple(_h(q.resolve.median) for q in data.quarters)),
                       charts.Series("90th percentile", "s2",
                                     tuple(_h(q.resolve.p90) for q in data.quarters))],
            unit="hours", head="Quarter", fmt=_hours),
        "detect": charts.column_chart(
            "chart-detect", "Time to detect per quarter (median and 90th percentile)",
            "Columns per quarter: median and 90th percentile of the time from impact to detection, in "
            "minutes, of the incidents that began in the quarter.",
            quarters, [charts.Series("Median", "s1", tuple(_m(q.detect.median) for q in data.quarters)),
                       charts.Series("90th percentile", "s2",
                                     tuple(_m(q.detect.p90) for q in data.quarters))],
            unit="minutes", head="Quarter", fmt=_minutes),
        "component_incidents": charts.bar_chart(
            "chart-component-incidents", "Incidents per component",
            "Horizontal bars: how many incidents affected each component in the period.",
            names, charts.Series("Incidents", "s1", tuple(float(c.incidents) for c in data.components)),
            unit="incidents", head="Component"),
        "component_downtime": charts.bar_chart(
            "chart-component-downtime", "Downtime per component",
            "Horizontal bars: weighted downtime of each component in the period (major outage minutes "
            "plus 0.3 × partial outage minutes).",
            names, charts.Series("Downtime", "critical", tuple(c.downtime_minutes for c in data.components)),
            unit="minutes", head="Component", fmt=_minutes),
        "cadence": charts.column_chart(
            "chart-cadence", "Update-cadence compliance per quarter",
            "Columns per quarter: the percentage of incidents whose public updates never went longer "
            "apart than promised.",
            quarters, [charts.Series("Kept the promised cadence", "ok",
                                     tuple(q.cadence_percent for q in data.quarters))],
            unit="% of incidents", head="Quarter",
            fmt=lambda v: "no data" if v is None else f"{v:.0f} %"),
    }
    return out


def pages(site: Site) -> Iterator[Page]:
    board = site.tracker
    done = site.reviews
    common = {"metric_defs": METRICS, "states": STATE_ORDER, "tag_slug": tag_slug,
              "component_names": {c.id: c.name for c in site.config.components}}
    # A review's text, timeline and action items are found by its template, from its view and the tracker:
    # a page's own values are digested at every build to decide whether to reuse it (render/reuse.py),
    # and these two are new objects at every build.
    yield Page("reviews/index.md", "Post-incident reviews", "statuspress/reviews.html",
               {"reviews": done, "awaiting": site.awaiting_review, "tracker": board, **common},
               description="Post-incident reviews: what happened, why, and what we are changing.")
    for view in done:
        yield Page(f"reviews/{view.id}.md", f"Review: {view.title}", "statuspress/review.html",
                   {"view": view, "merged_timeline": merged_timeline,
                    "tracker": board, "related": _related(site, view),
                    "as_of": site.now.date(), **common},
                   description=_first_line(view.incident.review.summary if view.incident.review else None))
    yield Page("reviews/actions.md", "Action items", "statuspress/actions.html",
               {"tracker": board, **common}, description="Follow-up work from every post-incident review.")
    data = site.trends
    # With drills (internal builds only), a second page counts them too; each links to the other.
    drills = None if site.trends_with_drills is None else "excluded"
    yield Page("metrics.md", "Metrics", "statuspress/metrics.html",
               {"trends": data, "charts": metric_charts(data, site), "drills": drills, **common},
               description="Incident trends: how often, how long, which components.")
    if site.trends_with_drills is not None:
        yield Page("metrics/with-drills.md", "Metrics, drills included", "statuspress/metrics.html",
                   {"trends": site.trends_with_drills, "charts": metric_charts(site.trends_with_drills, site),
                    "drills": "included", **common}, search=False,
                   description="Incident trends with practice incidents (drills) counted.")
    all_tags = site.tags
    yield Page("tags/index.md", "Tags", "statuspress/tags.html", {"tags": all_tags, **common}, search=False)
    for tag in all_tags:
        yield Page(f"tags/{tag.slug}/index.md", f"Tag: {tag.name}", "statuspress/tag.html", {"tag": tag, **common},
                   search=False)


def _related(site: Site, view: IncidentView) -> Sequence[IncidentView]:
    return tuple(site.by_id[i] for i in view.related if i in site.by_id)


def _first_line(text: str | None) -> str | None:
    if not text:
        return None
    line = " ".join(text.split())
    return line if len(line) <= 200 else line[:197].rsplit(" ", 1)[0] + "…"
