"""Everything the pages, feeds and API show, derived once from the checked incidents and the build time."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from ..model import Component, ComponentStatus, Incident, SiteConfig, Update
from ..policy import priority
from .lifecycle import Lifecycle, Phase, lifecycle, visible_updates
from .metrics import Metrics, incident_metrics
from .related import related_ids
from .status import PageStatus, Segment, UpdateEffect, page_status, status_at, status_history
from .uptime import WINDOW_DAYS, Uptime, uptime

RECENT_DAYS = 14


@dataclass(frozen=True)
class IncidentView:
    """An incident or maintenance window as of the build time."""

    incident: Incident
    life: Lifecycle
    updates: tuple[Update, ...]          # visible at build time, oldest first
    affected: tuple[Component, ...]      # every component it touches, in display order
    priority: str | None
    duration: timedelta | None
    segments: tuple[Segment, ...]        # its non-operational spans per component
    effects: tuple[UpdateEffect, ...]    # what each visible update did to component statuses
    related: tuple[str, ...] = ()        # ids of similar past incidents, most similar first
    metrics: Metrics | None = None       # response metrics (derive/metrics.py); None for maintenance

    @property
    def id(self) -> str:
        return self.incident.id

    @property
    def title(self) -> str:
        return self.incident.title

    @property
    def url(self) -> str:
        return f"incidents/{self.incident.id}/"

    @property
    def starts(self) -> datetime:
        """When it began or is scheduled to: the sort key."""
        inc = self.incident
        value = inc.scheduled_start if inc.is_maintenance else inc.started_at
        assert value is not None
        return value

    @property
    def updates_newest_first(self) -> tuple[Update, ...]:
        return tuple(reversed(self.updates))

    @property
    def latest(self) -> Update | None:
        return self.updates[-1] if self.updates else None


@dataclass(frozen=True)
class ComponentView:
    component: Component
    status: ComponentStatus
    uptime: Uptime
    incidents: tuple[str, ...]           # ids, newest first

    @property
    def id(self) -> str:
        return self.component.id

    @property
    def url(self) -> str:
        return f"components/{self.component.id}/"


@dataclass(frozen=True)
class Group:
    name: str | None                     # None: a component shown on its own
    components: tuple[ComponentView, ...]

    @property
    def status(self) -> ComponentStatus:
        return max((c.status for c in self.components), key=lambda s: s.severity)


@dataclass(frozen=True)
class Month:
    key: str                             # 2026-11
    label: str                           # November 2026
    incidents: tuple[IncidentView, ...]  # newest first


@dataclass(frozen=True)
class Site:
    config: SiteConfig
    now: datetime
    incidents: tuple[IncidentView, ...]  # newest first, incidents and maintenance
    components: tuple[ComponentView, ...]
    groups: tuple[Group, ...]
    page: PageStatus
    active: tuple[IncidentView, ...]     # open incidents
    maintenance_active: tuple[IncidentView, ...]
    maintenance_upcoming: tuple[IncidentView, ...]  # soonest first
    recent: tuple[IncidentView, ...]     # closed in the last RECENT_DAYS, newest first
    months: tuple[Month, ...]            # newest first
    by_id: Mapping[str, IncidentView] = field(default_factory=dict)
    uptime_days: int = WINDOW_DAYS


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


def derive_site(config: SiteConfig, incidents: tuple[Incident, ...], now: datetime) -> Site:
    views = [v for v in (view_incident(i, config, now) for i in incidents) if v is not None]
    similar = related_ids([v.incident for v in views])
    views = [replace(v, related=similar.get(v.id, ())) for v in views]
    views.sort(key=lambda v: (v.starts, v.id), reverse=True)
    all_segments = [s for v in views for s in v.segments]
    by_component: dict[str, list[Segment]] = {}
    for seg in all_segments:
        by_component.setdefault(seg.component, []).append(seg)

    component_views = []
    for component in config.components:
        segs = by_component.get(component.id, [])
        component_views.append(ComponentView(
            component=component,
            status=status_at(component.id, segs, now),
            uptime=uptime(component, segs, now),
            incidents=tuple(v.id for v in views if component in v.affected),
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
    recent_since = now - timedelta(days=RECENT_DAYS)
    recent = tuple(v for v in views if v.life.closed_at and v.life.closed_at >= recent_since
                   and v.life.phase is not Phase.CANCELLED)

    months: dict[str, list[IncidentView]] = {}
    for v in views:
        months.setdefault(v.starts.strftime("%Y-%m"), []).append(v)

    return Site(
        config=config,
        now=now,
        incidents=tuple(views),
        components=tuple(component_views),
        groups=tuple(groups),
        page=page_status((c.status for c in component_views), (v.incident.impact for v in active)),
        active=active,
        maintenance_active=tuple(v for v in maintenance if v.life.phase is Phase.IN_PROGRESS),
        maintenance_upcoming=tuple(sorted((v for v in maintenance if v.life.phase is Phase.UPCOMING),
                                          key=lambda v: v.starts)),
        recent=recent,
        months=tuple(Month(key, datetime.strptime(key, "%Y-%m").strftime("%B %Y"), tuple(items))  # noqa: DTZ007
                     for key, items in months.items()),
        by_id={v.id: v for v in views},
    )
