"""Everything the pages, feeds and API show, derived once from the checked incidents and the build time."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from functools import partial

from ..model import Component, Incident, SiteConfig
from ..policy import priority
from .actions import tracker
from .kept import KeptViews
from .lifecycle import Phase, lifecycle, visible_updates
from .metrics import incident_metrics
from .related import related_ids
from .reviews import awaiting_review, reviewed
from .status import Segment, page_status, status_at, status_history
from .tags import tags
from .trends import trends
from .uptime import uptime
from .views import ComponentView, Group, IncidentView, Month, PastDay, Site

__all__ = ["ComponentView", "Group", "IncidentView", "Month", "PastDay", "Site", "derive_site", "view_incident"]

# The home page lists past incidents day by day, as Statuspage does: today and the 14 days before.
PAST_DAYS = 15


def _affected(incident: Incident, order: Mapping[str, int], by_id: Mapping[str, Component]) -> tuple[Component, ...]:
    ids = set(incident.components)
    for update in incident.updates:
        ids.update(update.components)
    return tuple(by_id[i] for i in sorted(ids, key=lambda i: order.get(i, len(order))) if i in by_id)


def view_incident(incident: Incident, config: SiteConfig, now: datetime) -> IncidentView | None:
    """The incident as of `now`; None when nothing of it is public yet."""
    life = lifecycle(incident, now)
    updates = visible_updates(incident, now)
    if not updates and life.began_at is None:
        return None
    order = {c.id: n for n, c in enumerate(config.components)}
    by_id = {c.id: c for c in config.components}
    affected = _affected(incident, order, by_id)
    history = status_history(incident, life, [c.id for c in affected], now)
    return IncidentView(
        incident=incident,
        life=life,
        updates=updates,
        affected=affected,
        priority=priority(incident),
        duration=life.duration(now),
        segments=history.segments,
        effects=history.effects,
        metrics=incident_metrics(incident, updates, history.segments, now),
    )


def past_days(views: list[IncidentView], now: datetime, days: int = PAST_DAYS) -> tuple[PastDay, ...]:
    """Each of the last `days` days (UTC, today first) with the incidents and maintenance that began on it
    and have begun by `now`; cancelled windows are left out (nothing happened)."""
    today = now.astimezone(UTC).date()
    by_day: dict[date, list[IncidentView]] = {}
    for v in views:   # newest first already
        if v.starts <= now and v.life.phase is not Phase.CANCELLED:
            by_day.setdefault(v.starts.astimezone(UTC).date(), []).append(v)
    return tuple(PastDay(day, tuple(by_day.get(day, ())))
                 for day in (today - timedelta(days=n) for n in range(days)))


def derive_site(config: SiteConfig, incidents: tuple[Incident, ...], now: datetime,
                kept: KeptViews | None = None) -> Site:
    """The Site at `now`. `kept`: the views the last build made (serve), reused where they cannot differ."""
    if kept is None:
        made = (view_incident(i, config, now) for i in incidents)
    else:
        made = (kept.view(i, config, now, partial(view_incident, i, config, now)) for i in incidents)
    views = [v for v in made if v is not None]
    pool = [v.incident for v in views]
    similar = related_ids(pool) if kept is None else kept.similar(pool, related_ids)
    if kept is None:
        views = [replace(v, related=similar.get(v.id, ())) for v in views]
    else:
        views = [kept.with_related(v, similar.get(v.id, ())) for v in views]
    views.sort(key=lambda v: (v.starts, v.id), reverse=True)
    # Drills (internal builds only) are listed and labelled, but never change a status or count as downtime.
    real = [v for v in views if not v.incident.drill]
    all_segments = [s for v in real for s in v.segments]
    by_component: dict[str, list[Segment]] = {}
    for seg in all_segments:
        by_component.setdefault(seg.component, []).append(seg)

    affecting: dict[str, list[str]] = {}   # component id → the incidents affecting it, in the views' order
    for v in views:
        for affected in v.affected:
            affecting.setdefault(affected.id, []).append(v.id)
    component_views = []
    for component in config.components:
        segs = by_component.get(component.id, [])
        component_views.append(ComponentView(
            component=component,
            status=status_at(component.id, segs, now),
            uptime=uptime(component, segs, now),
            incidents=tuple(affecting.get(component.id, ())),
        ))

    groups: list[Group] = []
    for view in component_views:
        name = view.component.group
        if name is not None and groups and groups[-1].name == name:
            groups[-1] = Group(name, (*groups[-1].components, view))
        elif name is not None and any(g.name == name for g in groups):
            index = next(n for n, g in enumerate(groups) if g.name == name)
            groups[index] = Group(name, (*groups[index].components, view))
        else:
            groups.append(Group(name, (view,)))

    incidents_only = [v for v in views if not v.incident.is_maintenance]
    maintenance = [v for v in views if v.incident.is_maintenance]
    active = tuple(v for v in incidents_only if v.life.phase is Phase.OPEN)

    months: dict[str, list[IncidentView]] = {}
    for v in views:
        months.setdefault(v.starts.strftime("%Y-%m"), []).append(v)

    return Site(
        config=config,
        now=now,
        incidents=tuple(views),
        tags=tags(views),
        reviews=reviewed(views),
        awaiting_review=awaiting_review(views),
        tracker=tracker((v.incident for v in views), now),
        trends=trends(real, component_views, now),
        trends_with_drills=trends(views, component_views, now) if len(real) < len(views) else None,
        components=tuple(component_views),
        groups=tuple(groups),
        page=page_status((c.status for c in component_views),
                         (v.incident.impact for v in active if not v.incident.drill)),
        active=active,
        maintenance_active=tuple(v for v in maintenance if v.life.phase is Phase.IN_PROGRESS),
        maintenance_upcoming=tuple(sorted((v for v in maintenance if v.life.phase is Phase.UPCOMING),
                                          key=lambda v: v.starts)),
        past_days=past_days(views, now),
        months=tuple(Month(key, datetime.strptime(key, "%Y-%m").strftime("%B %Y"), tuple(items))  # noqa: DTZ007
                     for key, items in months.items()),
        by_id={v.id: v for v in views},
    )
