"""What happened, as events with stable ids, read from one API snapshot; what is new since another. Pure.

An event is something a subscriber is told once:
- every public update (the first one opens the incident or schedules the maintenance);
- every correction of a published update (its `updated_at` moved past its `created_at`), told as a
  "Correction" carrying the corrected text;
- a maintenance window that opened or ended on schedule without an update saying so (the API's
  status moved, no update did).

Ids are built from the API's own stable ids, so the same site data gives the same ids on every build
and a re-run finds nothing new.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from .snapshot import Incident, Json, Snapshot

OPENED = ("in_progress", "verifying")


class EventKind(StrEnum):
    UPDATE = "update"
    CORRECTION = "correction"
    STARTED = "started"        # a maintenance window opened on schedule
    COMPLETED = "completed"    # a maintenance window ran to its scheduled end


@dataclass(frozen=True)
class Event:
    id: str
    kind: EventKind
    incident: Incident
    at: str                        # API timestamp of what happened
    update: Json | None = None     # UPDATE and CORRECTION: the API's update object
    position: int = 0              # UPDATE and CORRECTION: the update's place in the timeline, oldest 0
    corrects: str | None = None    # CORRECTION: the id of the update event it corrects

    @property
    def group(self) -> str:
        """The channel filter this falls under: "incidents" or "maintenance"."""
        return "maintenance" if self.incident.is_maintenance else "incidents"

    @property
    def headline(self) -> str:
        """What happened, in a few words: "New incident", "Resolved", "Maintenance started"…"""
        if self.kind is EventKind.CORRECTION:
            return "Correction"
        if self.kind is EventKind.STARTED:
            return "Maintenance started"
        if self.kind is EventKind.COMPLETED:
            return "Maintenance completed"
        assert self.update is not None
        status = str(self.update["status"])
        if not self.incident.is_maintenance:
            return "New incident" if self.position == 0 else status_label(status)
        return _maintenance_headline(self.incident, status, self.position)


def status_label(status: str) -> str:
    return status.replace("_", " ").capitalize()


def _maintenance_headline(incident: Incident, status: str, position: int) -> str:
    if status == "scheduled":
        return "Maintenance scheduled" if position == 0 else "Maintenance update"
    if status == "in_progress":
        earlier = [u["status"] for u in incident.updates[:position]]
        return "Maintenance in progress" if any(s in OPENED for s in earlier) else "Maintenance started"
    if status == "completed":
        # The API has no `cancelled` (it reads `completed`); a window called off before it began is the
        # one that completed without ever resolving.
        return "Maintenance completed" if incident.data.get("resolved_at") else "Maintenance cancelled"
    return "Maintenance " + status_label(status).lower()


def events(snapshot: Snapshot) -> list[Event]:
    """Every event in the snapshot, oldest first."""
    found: list[Event] = []
    for incident in snapshot.incidents:
        found += _incident_events(incident)
    return sorted(found, key=lambda e: (e.at, e.incident.id, e.position, e.kind != EventKind.UPDATE))


def _incident_events(incident: Incident) -> list[Event]:
    out: list[Event] = []
    updates = incident.updates
    for position, update in enumerate(updates):
        uid = str(update["id"])        # "<incident id>-<n>": unique across the site
        out.append(Event(uid, EventKind.UPDATE, incident, str(update["created_at"]), update, position))
        if update["updated_at"] != update["created_at"]:
            out.append(Event(f"{uid}@{update['updated_at']}", EventKind.CORRECTION, incident,
                             str(update["updated_at"]), update, position, corrects=uid))
    if not incident.is_maintenance:
        return out
    said = {str(u["status"]) for u in updates}
    status = incident.data["status"]
    if status in OPENED and not said & {*OPENED, "completed"}:
        at = incident.data.get("started_at") or incident.data.get("scheduled_for") or ""
        out.append(Event(f"{incident.id}/started", EventKind.STARTED, incident, str(at), position=len(updates)))
    if status == "completed" and "completed" not in said:
        at = incident.data.get("resolved_at") or incident.data.get("scheduled_until") or ""
        out.append(Event(f"{incident.id}/completed", EventKind.COMPLETED, incident, str(at),
                         position=len(updates)))
    return out


def new_since(current: Iterable[Event], seen: Iterable[str]) -> list[Event]:
    """The events of `current` whose ids are not in `seen`, in order."""
    known = set(seen)
    return [e for e in current if e.id not in known]
