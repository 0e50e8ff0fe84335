"""What the pages, feeds and API show: immutable views of the incidents and components as of the build time."""

from __future__ import annotations

import functools
import hashlib
import pickle
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from ..model import Component, ComponentStatus, Incident, SiteConfig, Update
from .lifecycle import Lifecycle
from .metrics import Metrics
from .status import PageStatus, Segment, UpdateEffect
from .uptime import WINDOW_DAYS, Uptime

if TYPE_CHECKING:
    from .actions import Tracker
    from .trends import Trends


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
        """The title as shown everywhere; a drill's says so (drills are only in internal builds)."""
        return f"Drill: {self.incident.title}" if self.incident.drill else self.incident.title

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

    # A view is frozen, so what is worked out from it alone is worked out once, on first use: serve keeps
    # the views of unchanged incidents from build to build, and a cache file from process to process
    # (derive/kept.py). Pickles, and so the digests that decide reuse (render/reuse.py), hold the fields
    # alone (__getstate__).

    @functools.cached_property
    def first_public(self) -> datetime:
        """When the incident first appeared publicly: its first update, else when it began."""
        if self.updates:
            return self.updates[0].at
        return self.life.began_at or self.starts

    @functools.cached_property
    def last_changed(self) -> datetime:
        """The last time anything public about it changed (an update or its correction, a correction of
        the incident, the window opening or closing)."""
        moments = [max((c.at for c in u.corrections), default=u.at) for u in self.updates]
        moments += [c.at for c in self.incident.corrections]
        if self.life.began_at is not None:
            moments.append(self.life.began_at)
        if self.life.closed_at is not None:
            moments.append(self.life.closed_at)
        return max(moments) if moments else self.starts

    @functools.cached_property
    def effects_newest_first(self) -> tuple[tuple[tuple[datetime, str, int], UpdateEffect], ...]:
        """Each visible update's effect, newest first, with its place in a site-wide order of updates:
        (when posted, incident id, position)."""
        keyed = [((effect.update.at, self.incident.id, effect.update.index), effect) for effect in self.effects]
        keyed.sort(key=lambda k: k[0], reverse=True)
        return tuple(keyed)

    @functools.cached_property
    def digest(self) -> bytes:
        """A digest of the view's pickle: equal digests, equal views. The memo's digest of the view
        (render/reuse.py); a view a cache file kept comes with the digest it had (derive/kept.py)."""
        return hashlib.blake2b(pickle.dumps(self, protocol=5), digest_size=16, person=b"view").digest()

    def __getstate__(self) -> dict[str, object]:
        return {name: self.__dict__[name] for name in _VIEW_FIELDS}


_VIEW_FIELDS = tuple(f.name for f in fields(IncidentView))


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
class Tag:
    name: str
    slug: str
    incidents: tuple[IncidentView, ...]     # newest first

    @property
    def url(self) -> str:
        return f"tags/{self.slug}/"


@dataclass(frozen=True)
class PastDay:
    """One day of the home page's past incidents: what began that day (UTC), newest first; often nothing."""

    day: date
    incidents: tuple[IncidentView, ...]


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
    past_days: tuple[PastDay, ...]       # the last PAST_DAYS days, today first
    months: tuple[Month, ...]            # newest first
    tags: tuple[Tag, ...]                # by slug
    reviews: tuple[IncidentView, ...]    # with a review, newest first
    awaiting_review: tuple[IncidentView, ...]  # resolved major or critical incidents without one
    tracker: Tracker                     # every review's action items, as of the build time
    trends: Trends                       # the metrics page (drills left out)
    by_id: Mapping[str, IncidentView] = field(default_factory=dict)
    trends_with_drills: Trends | None = None  # internal builds with drills: the same, drills counted
    uptime_days: int = WINDOW_DAYS
