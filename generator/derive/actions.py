"""The action-item tracker: every review's action items with their state at build time, by owner. Pure."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import StrEnum

from ..model import ActionItem, ActionStatus, Incident


class State(StrEnum):
    OVERDUE = "overdue"          # not done and its due date is before the build date
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    DONE = "done"


STATE_ORDER = (State.OVERDUE, State.OPEN, State.IN_PROGRESS, State.DONE)


def state_of(item: ActionItem, today: date) -> State:
    if item.status is ActionStatus.DONE:
        return State.DONE
    if item.due is not None and item.due < today:
        return State.OVERDUE
    return State.IN_PROGRESS if item.status is ActionStatus.IN_PROGRESS else State.OPEN


@dataclass(frozen=True)
class TrackedItem:
    item: ActionItem
    incident_id: str
    incident_title: str
    state: State
    days_overdue: int | None = None  # whole days past the due date, for overdue items


@dataclass(frozen=True)
class Owner:
    name: str                        # "" for items whose owner this audience may not see
    items: tuple[TrackedItem, ...]   # overdue first, then open, in progress, done; by due date within

    def count(self, state: State | str) -> int:
        return sum(1 for t in self.items if t.state == state)


@dataclass(frozen=True)
class Tracker:
    today: date                      # the build date, in UTC
    owners: tuple[Owner, ...]        # by name, case-insensitively

    @property
    def by_owner(self) -> bool:
        """Whether the items have owners to group by (the public build hides them by default)."""
        return any(o.name for o in self.owners)

    @property
    def items(self) -> tuple[TrackedItem, ...]:
        return tuple(t for o in self.owners for t in o.items)

    def count(self, state: State | str) -> int:
        return sum(o.count(state) for o in self.owners)

    def by_state(self, state: State | str) -> tuple[TrackedItem, ...]:
        return tuple(sorted((t for t in self.items if t.state == state), key=_order))

    def for_incident(self, incident_id: str) -> tuple[TrackedItem, ...]:
        return tuple(t for o in self.owners for t in o.items if t.incident_id == incident_id)


def _order(t: TrackedItem) -> tuple[int, date, str, str]:
    return (STATE_ORDER.index(t.state), t.item.due or date.max, t.incident_id, t.item.title)


def tracker(incidents: Iterable[Incident], now: datetime) -> Tracker:
    """Every action item of every review, with its state as of `now` (a due date is a whole UTC day:
    an item due today is not yet overdue). Items without an owner share one owner named ""."""
    today = now.astimezone(UTC).date()
    by_owner: dict[str, list[TrackedItem]] = {}
    spellings: dict[str, dict[str, int]] = {}
    for incident in incidents:
        if incident.review is None:
            continue
        for item in incident.review.action_items:
            state = state_of(item, today)
            late = (today - item.due).days if state is State.OVERDUE and item.due else None
            name = " ".join((item.owner or "").split())
            key = name.casefold()      # "Hana Sato" and "hana  sato" are one owner
            by_owner.setdefault(key, []).append(TrackedItem(item, incident.id, incident.title, state, late))
            spellings.setdefault(key, {}).setdefault(name, 0)
            spellings[key][name] += 1
    owners = []
    for key in sorted(by_owner):
        # Shown as its most used spelling (ties: the first in code-point order).
        name = min(spellings[key], key=lambda n: (-spellings[key][n], n))
        owners.append(Owner(name, tuple(sorted(by_owner[key], key=_order))))
    return Tracker(today, tuple(owners))
