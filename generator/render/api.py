"""The Statuspage-compatible public API: api/v2/*.json in the shape of Atlassian Statuspage's v2 API.

Existing Statuspage clients, widgets and aggregators read these files unchanged, so the field names,
nesting and value sets are Statuspage's: `page` heads every file; every key is present (null when we
have no value); component groups sit in the flat `components` list with `group: true` and the ids of
their children; incident updates are newest first with `affected_components`. Where our model and
Statuspage's differ, the mapping is stated next to the field below. JSON comes from a serializer.
"""

from __future__ import annotations

import functools
from datetime import datetime
from typing import Any

from ..derive import Site
from ..derive.lifecycle import Phase
from ..derive.site import ComponentView, Group, IncidentView
from ..model import IncidentStatus, MaintenanceStatus
from . import urls
from .feeds import dump_json
from .markdown import to_text

PREFIX = "api/v2/"
TIME_ZONE = "Etc/UTC"
MAX_LISTED = 50          # Statuspage's incidents.json and scheduled-maintenances.json list the 50 most recent

Json = dict[str, Any]


def stamp(value: datetime | None) -> str | None:
    """Statuspage's timestamp form: UTC with milliseconds, e.g. 2026-11-28T09:41:00.000Z."""
    if value is None:
        return None
    return urls.utc(value).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def page_id(site: Site) -> str:
    return urls.slug(site.config.site_name)


def group_id(name: str) -> str:
    """Groups have no id in mkdocs.yml; their slugged name is stable as long as the name is."""
    return "group-" + urls.slug(name)


class _Api:
    """Builds the objects once per Site; every file reuses them, so they agree with each other."""

    def __init__(self, site: Site) -> None:
        self.site = site
        self.page_id = page_id(site)
        self.epoch = urls.site_epoch(site)
        self.page: Json = {
            "id": self.page_id,
            "name": site.config.site_name,
            "url": urls.base_url(site),
            "time_zone": TIME_ZONE,
            "updated_at": stamp(urls.site_updated(site)),
        }
        self.component_by_id: dict[str, Json] = {}
        self.components: list[Json] = self._components()

    # ------------------------------------------------------------------ components
    def _changed_at(self, view: ComponentView) -> datetime:
        """When the component's status last changed as of the build time (its creation if never)."""
        created = self._created(view)
        changed = self._status_changes.get(view.id)
        return created if changed is None else max(created, changed)

    @functools.cached_property
    def _status_changes(self) -> dict[str, datetime]:
        """When each component's status last changed as of the build time, from one pass over every
        incident's status spans; a component no incident touched is not in it."""
        now = self.site.now
        latest: dict[str, datetime] = {}
        for inc in self.site.incidents:
            for seg in inc.segments:
                for moment in (seg.start, seg.end):
                    if moment is not None and moment <= now:
                        known = latest.get(seg.component)
                        if known is None or moment > known:
                            latest[seg.component] = moment
        return latest

    def _created(self, view: ComponentView) -> datetime:
        start = view.component.start_date
        if start is None:
            return self.epoch
        return datetime(start.year, start.month, start.day, tzinfo=self.epoch.tzinfo)

    def _component(self, view: ComponentView, position: int, gid: str | None) -> Json:
        c = view.component
        return {
            "id": c.id,
            "name": c.name,
            "status": view.status.value,
            "created_at": stamp(self._created(view)),
            "updated_at": stamp(self._changed_at(view)),
            "position": position,
            "description": c.description,
            "showcase": True,
            "start_date": c.start_date.isoformat() if c.start_date else None,
            "group_id": gid,
            "page_id": self.page_id,
            "group": False,
            "only_show_if_degraded": False,
        }

    def _group(self, group: Group, position: int, children: list[Json]) -> Json:
        assert group.name is not None
        return {
            "id": group_id(group.name),
            "name": group.name,
            "status": group.status.value,
            "created_at": min(ch["created_at"] for ch in children),
            "updated_at": max(ch["updated_at"] for ch in children),
            "position": position,
            "description": None,
            "showcase": False,
            "start_date": None,
            "group_id": None,
            "page_id": self.page_id,
            "group": True,
            "only_show_if_degraded": False,
            "components": [ch["id"] for ch in children],
        }

    def _components(self) -> list[Json]:
        out: list[Json] = []
        for top, group in enumerate(self.site.groups, start=1):
            if group.name is None:
                for view in group.components:
                    item = self._component(view, top, None)
                    out.append(item)
                    self.component_by_id[view.id] = item
                continue
            gid = group_id(group.name)
            children = [self._component(view, n, gid) for n, view in enumerate(group.components, start=1)]
            out.append(self._group(group, top, children))
            out.extend(children)
            self.component_by_id.update((ch["id"], ch) for ch in children)
        return out

    # ------------------------------------------------------------------ incidents
    def status_of(self, view: IncidentView) -> str:
        """Statuspage's incident status. It has no `cancelled`: a cancelled window reads `completed`,
        its last update saying it was cancelled; a window that simply ran out reads `completed` too."""
        life = view.life
        if not view.incident.is_maintenance:
            return life.status
        if life.phase in (Phase.COMPLETED, Phase.CANCELLED):
            return MaintenanceStatus.COMPLETED.value
        if life.phase is Phase.UPCOMING:
            return MaintenanceStatus.SCHEDULED.value
        if life.status == MaintenanceStatus.VERIFYING.value:
            return life.status
        return MaintenanceStatus.IN_PROGRESS.value

    def _update_status(self, view: IncidentView, status: str) -> str:
        return MaintenanceStatus.COMPLETED.value if status == MaintenanceStatus.CANCELLED.value else status

    def incident(self, view: IncidentView) -> Json:
        inc = view.incident
        names = {c.id: c.name for c in self.site.config.components}
        updates: list[Json] = []
        for effect in view.effects:
            u = effect.update
            affected = [
                {"code": ch.component, "name": names.get(ch.component, ch.component),
                 "old_status": ch.old.value, "new_status": ch.new.value}
                for ch in effect.changes
            ]
            body = to_text(u.message)
            for c in u.corrections:
                body += f"\n\n(Corrected {stamp(c.at)}: {to_text(c.reason)})"
            updates.append({
                "id": f"{inc.id}-{u.index}",
                "status": self._update_status(view, u.status),
                "body": body,
                "incident_id": inc.id,
                "created_at": stamp(u.at),
                "updated_at": stamp(urls.updated_at(u)),
                "display_at": stamp(u.at),
                "affected_components": affected or None,
                "deliver_notifications": True,
                "custom_tweet": None,
                "tweet_id": None,
            })
        updates.reverse()   # newest first, as Statuspage lists them
        monitoring = next((u.at for u in view.updates if u.status == IncidentStatus.MONITORING.value), None)
        started = inc.started_at if not inc.is_maintenance else (view.life.began_at or inc.scheduled_start)
        item: Json = {
            "id": inc.id,
            "name": inc.title,
            "status": self.status_of(view),
            "created_at": stamp(urls.view_published(view)),
            "updated_at": stamp(urls.view_updated(view)),
            "monitoring_at": stamp(monitoring),
            "resolved_at": stamp(view.life.closed_at),
            # Statuspage reports a maintenance window's impact as "maintenance".
            "impact": "maintenance" if inc.is_maintenance else inc.impact.value,
            "shortlink": urls.absolute(self.site, view.url),
            "started_at": stamp(started),
            "page_id": self.page_id,
            "incident_updates": updates,
            "components": [self.component_by_id[c.id] for c in view.affected if c.id in self.component_by_id],
        }
        if inc.is_maintenance:
            item["scheduled_for"] = stamp(inc.scheduled_start)
            item["scheduled_until"] = stamp(inc.scheduled_end)
        return item

    # ------------------------------------------------------------------ files
    def status(self) -> Json:
        return {"indicator": self.site.page.indicator.value, "description": self.site.page.description}

    def files(self) -> dict[str, Json]:
        site = self.site
        incidents = [v for v in site.incidents if not v.incident.is_maintenance]
        maintenance = [v for v in site.incidents if v.incident.is_maintenance]
        unresolved = [self.incident(v) for v in incidents if v.life.phase is Phase.OPEN]
        upcoming = [self.incident(v) for v in site.maintenance_upcoming]
        active = [self.incident(v) for v in site.maintenance_active]
        page = self.page
        return {
            "summary.json": {"page": page, "components": self.components, "incidents": unresolved,
                             "scheduled_maintenances": active + upcoming, "status": self.status()},
            "status.json": {"page": page, "status": self.status()},
            "components.json": {"page": page, "components": self.components},
            "incidents.json": {"page": page, "incidents": [self.incident(v) for v in incidents[:MAX_LISTED]]},
            "incidents/unresolved.json": {"page": page, "incidents": unresolved},
            "scheduled-maintenances.json": {
                "page": page, "scheduled_maintenances": [self.incident(v) for v in maintenance[:MAX_LISTED]]},
            "scheduled-maintenances/upcoming.json": {"page": page, "scheduled_maintenances": upcoming},
            "scheduled-maintenances/active.json": {"page": page, "scheduled_maintenances": active},
        }


ENDPOINTS = (
    ("summary.json", "Page status, every component, unresolved incidents, active and upcoming maintenance."),
    ("status.json", "The page-wide indicator (none, minor, major, critical) and its description."),
    ("components.json", "Every component and component group with its current status."),
    ("incidents.json", "The 50 most recent incidents, newest first, with all their updates."),
    ("incidents/unresolved.json", "Incidents that are not resolved yet."),
    ("scheduled-maintenances.json", "The 50 most recent maintenance windows, latest scheduled first."),
    ("scheduled-maintenances/upcoming.json", "Maintenance windows that have not started, soonest first."),
    ("scheduled-maintenances/active.json", "Maintenance windows in progress or being verified."),
)


def render(site: Site) -> dict[str, bytes]:
    files = _Api(site).files()
    assert tuple(files) == tuple(name for name, _ in ENDPOINTS)
    return {PREFIX + name: dump_json(doc) for name, doc in files.items()}
