"""The data model: frozen dataclasses and enums for components, incidents, updates and reviews. No I/O."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .notify.channels import Channel


class ComponentStatus(StrEnum):
    OPERATIONAL = "operational"
    DEGRADED_PERFORMANCE = "degraded_performance"
    PARTIAL_OUTAGE = "partial_outage"
    MAJOR_OUTAGE = "major_outage"
    UNDER_MAINTENANCE = "under_maintenance"

    @property
    def severity(self) -> int:
        """Rank used to pick the worst status when incidents overlap."""
        return _STATUS_SEVERITY[self]

    @property
    def label(self) -> str:
        return _STATUS_LABEL[self]


_STATUS_SEVERITY = {
    ComponentStatus.OPERATIONAL: 0,
    ComponentStatus.UNDER_MAINTENANCE: 1,
    ComponentStatus.DEGRADED_PERFORMANCE: 2,
    ComponentStatus.PARTIAL_OUTAGE: 3,
    ComponentStatus.MAJOR_OUTAGE: 4,
}
_STATUS_LABEL = {
    ComponentStatus.OPERATIONAL: "Operational",
    ComponentStatus.UNDER_MAINTENANCE: "Under maintenance",
    ComponentStatus.DEGRADED_PERFORMANCE: "Degraded performance",
    ComponentStatus.PARTIAL_OUTAGE: "Partial outage",
    ComponentStatus.MAJOR_OUTAGE: "Major outage",
}


class Kind(StrEnum):
    INCIDENT = "incident"
    MAINTENANCE = "maintenance"


class Impact(StrEnum):
    NONE = "none"
    MINOR = "minor"
    MAJOR = "major"
    CRITICAL = "critical"

    @property
    def rank(self) -> int:
        return list(Impact).index(self)


class Urgency(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


class IncidentStatus(StrEnum):
    INVESTIGATING = "investigating"
    IDENTIFIED = "identified"
    MONITORING = "monitoring"
    RESOLVED = "resolved"


class MaintenanceStatus(StrEnum):
    SCHEDULED = "scheduled"
    IN_PROGRESS = "in_progress"
    VERIFYING = "verifying"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


# The update status that closes an incident or a maintenance window.
CLOSING_STATUSES = frozenset({IncidentStatus.RESOLVED.value, MaintenanceStatus.COMPLETED.value,
                              MaintenanceStatus.CANCELLED.value})


class ActionType(StrEnum):
    PREVENT = "prevent"
    MITIGATE = "mitigate"
    DETECT = "detect"
    PROCESS = "process"


class ActionStatus(StrEnum):
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    DONE = "done"


@dataclass(frozen=True)
class Component:
    """A part of the service shown on the page; declared in mkdocs.yml."""

    id: str
    name: str
    group: str | None = None
    description: str | None = None
    start_date: date | None = None


@dataclass(frozen=True)
class Correction:
    """An explicit, visible correction of a published update."""

    at: datetime
    reason: str
    index: int = 0  # position in the update's `corrected` list, for positions in messages


@dataclass(frozen=True)
class FieldCorrection:
    """An explicit, visible correction of a published incident field (title, impact, a time, …)."""

    at: datetime
    field: str
    reason: str
    index: int = 0  # position in the file's `corrections` list, for positions in messages


@dataclass(frozen=True)
class Update:
    """One public timeline entry."""

    at: datetime
    status: str
    message: str
    components: Mapping[str, ComponentStatus] = field(default_factory=dict)
    corrections: tuple[Correction, ...] = ()   # one per change after publication, oldest first
    index: int = 0  # position in the file's `updates` list, for positions in messages and the audit

    @property
    def corrected(self) -> Correction | None:
        """The latest correction, or None when the update was never corrected."""
        return self.corrections[-1] if self.corrections else None

    @property
    def anchor(self) -> str:
        """The update's id on its incident page (#update-1 is the first posted); feeds link to it."""
        return f"update-{self.index + 1}"


@dataclass(frozen=True)
class Roles:
    incident_commander: str | None = None
    communications_lead: str | None = None
    technical_specialists: tuple[str, ...] = ()
    service_desk: str | None = None


@dataclass(frozen=True)
class TimelineEvent:
    """An internal event added by the review; `public` ones are shown in the public build too."""

    at: datetime
    text: str
    public: bool = False


@dataclass(frozen=True)
class ActionItem:
    title: str
    owner: str | None               # required in a file; None once redacted for the public
    type: ActionType
    priority: str | None = None
    due: date | None = None
    status: ActionStatus = ActionStatus.OPEN
    link: str | None = None


@dataclass(frozen=True)
class Review:
    """A post-incident review."""

    summary: str | None = None
    impact: str | None = None
    root_cause: str | None = None
    contributing_factors: tuple[str, ...] = ()
    trigger: str | None = None
    detection: str | None = None
    resolution: str | None = None
    went_well: tuple[str, ...] = ()
    went_wrong: tuple[str, ...] = ()
    lucky: tuple[str, ...] = ()
    lessons: str | None = None
    timeline: tuple[TimelineEvent, ...] = ()
    action_items: tuple[ActionItem, ...] = ()
    published_at: datetime | None = None
    authors: tuple[str, ...] = ()


@dataclass(frozen=True)
class Incident:
    """An incident or a maintenance window, as written in its file."""

    id: str
    path: str
    title: str
    kind: Kind = Kind.INCIDENT
    impact: Impact = Impact.NONE
    urgency: Urgency | None = None
    components: Mapping[str, ComponentStatus] = field(default_factory=dict)
    started_at: datetime | None = None
    detected_at: datetime | None = None
    acknowledged_at: datetime | None = None
    mitigated_at: datetime | None = None
    scheduled_start: datetime | None = None
    scheduled_end: datetime | None = None
    update_every: timedelta | None = None
    roles: Roles | None = None
    drill: bool = False
    tags: tuple[str, ...] = ()
    updates: tuple[Update, ...] = ()
    corrections: tuple[FieldCorrection, ...] = ()   # changes to published incident fields, oldest first
    review: Review | None = None
    # Set by redact.py only: a draft review exists that this audience may not read.
    review_in_progress: bool = False

    @property
    def is_maintenance(self) -> bool:
        return self.kind is Kind.MAINTENANCE


class Audience(StrEnum):
    """Who a build is for: the public site (the default) or the incident team's internal one."""

    PUBLIC = "public"
    INTERNAL = "internal"


DEFAULT_REVIEW_DUE = timedelta(days=10)


@dataclass(frozen=True)
class Disclosure:
    """The `audience:` and `review_due` settings in mkdocs.yml: what the public build shows beyond the
    defaults (paths from schema.INTERNAL_PATHS), where the internal build lives, when drafts are due."""

    public: frozenset[str] = frozenset()
    internal_site_url: str | None = None
    review_due: timedelta = DEFAULT_REVIEW_DUE

    def shows(self, path: str, audience: Audience) -> bool:
        """Whether an internal field (by its schema path) is shown to `audience`."""
        return audience is Audience.INTERNAL or path in self.public


@dataclass(frozen=True)
class SiteConfig:
    """What the pipeline needs from mkdocs.yml (read by config.py)."""

    root: Path                      # folder holding mkdocs.yml
    config_file: Path
    incidents_dir: str = "incidents"
    docs_dir: str = "docs"              # mkdocs' folder of hand-written pages (mkdocs' default)
    font_chosen: bool = False           # theme.font names fonts (from Google Fonts); else the plugin turns them off
    components: tuple[Component, ...] = ()
    site_name: str = "Status"
    site_url: str | None = None
    repo_url: str | None = None
    channels: tuple[Channel, ...] = ()  # `notify:` in mkdocs.yml (generator/notify/channels.py)
    disclosure: Disclosure = field(default_factory=Disclosure)
    clock: str = "24h"                  # `clock:` in mkdocs.yml: how readers see times of day (clock.CLOCKS)
    rule_levels: tuple[tuple[str, str], ...] = ()   # `rules:` in mkdocs.yml: (rule id, level), see rulebook.py
    # Everything as read is for the internal audience; redact.for_audience() narrows it for the public.
    audience: Audience = Audience.INTERNAL

    @property
    def component_ids(self) -> tuple[str, ...]:
        return tuple(c.id for c in self.components)

    @property
    def levels(self) -> dict[str, str]:
        """The levels the site set for rules that may change (problems.Problems applies them)."""
        return dict(self.rule_levels)
