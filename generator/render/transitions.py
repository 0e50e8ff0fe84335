"""What each public update did to component statuses: (component, old, new) per update, oldest first.

The feeds say which components an update affects, and the Statuspage API lists them as
`affected_components`. This follows SPEC's rules within one incident: the listed statuses apply from
the start (a maintenance window: when it opens), an update's `components:` changes them from that
update on, and the closing update returns everything to operational.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..derive.site import IncidentView
from ..model import CLOSING_STATUSES, ComponentStatus, MaintenanceStatus, Update

OPERATIONAL = ComponentStatus.OPERATIONAL


@dataclass(frozen=True)
class Change:
    component: str                 # component id
    old: ComponentStatus
    new: ComponentStatus


@dataclass(frozen=True)
class UpdateEffect:
    update: Update
    statuses: dict[str, ComponentStatus]   # every affected component's status after this update
    changes: tuple[Change, ...]            # the first update lists every component, later ones what moved


def _window_open(view: IncidentView, update: Update) -> bool:
    inc = view.incident
    if not inc.is_maintenance:
        return True
    if update.status in (MaintenanceStatus.IN_PROGRESS.value, MaintenanceStatus.VERIFYING.value):
        return True
    return inc.scheduled_start is not None and update.at >= inc.scheduled_start and \
        update.status != MaintenanceStatus.SCHEDULED.value


def effects(view: IncidentView) -> list[UpdateEffect]:
    inc = view.incident
    order = [c.id for c in view.affected]
    state: dict[str, ComponentStatus] = {cid: OPERATIONAL for cid in order}
    opened = False
    out: list[UpdateEffect] = []
    for n, update in enumerate(view.updates):
        new = dict(state)
        if update.status in CLOSING_STATUSES:
            new = {cid: OPERATIONAL for cid in order}
        else:
            if not opened and _window_open(view, update):
                opened = True
                new.update(inc.components)
            if opened:
                new.update(update.components)
        ids = order if n == 0 else [cid for cid in order if new[cid] is not state[cid]]
        changes = tuple(Change(cid, state[cid], new[cid]) for cid in ids)
        out.append(UpdateEffect(update, new, changes))
        state = new
    return out
