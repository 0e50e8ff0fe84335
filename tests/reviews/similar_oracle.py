"""The plain, quadratic statement of "similar past incidents", kept as the test oracle for the indexed
derive.related.related_ids."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from generator.derive.related import COMPONENT_WEIGHT, LIMIT, TAG_WEIGHT, touched_components
from generator.model import Incident


@dataclass(frozen=True)
class Match:
    id: str
    score: int
    components: tuple[str, ...]   # shared, sorted
    tags: tuple[str, ...]         # shared, sorted


def _start(incident: Incident) -> datetime | None:
    return incident.scheduled_start if incident.is_maintenance else incident.started_at


def similar(target: Incident, candidates: Sequence[Incident], limit: int = LIMIT) -> tuple[Match, ...]:
    """Incidents (not maintenance) that began before `target` and share a component or a tag.

    Score = 2 × shared components + 1 × shared tags (tags compared case-insensitively). Ties go to the
    more recent incident, then to the id, so the order never depends on input order."""
    mine_c = touched_components(target)
    mine_t = {t.lower() for t in target.tags}
    start = _start(target)
    if start is None:
        return ()
    matches: list[tuple[int, float, str, Match]] = []
    for other in candidates:
        began = _start(other)
        if other.id == target.id or other.is_maintenance or began is None or began >= start:
            continue
        shared_c = tuple(sorted(mine_c & touched_components(other)))
        shared_t = tuple(sorted(mine_t & {t.lower() for t in other.tags}))
        score = COMPONENT_WEIGHT * len(shared_c) + TAG_WEIGHT * len(shared_t)
        if score:
            matches.append((-score, -began.timestamp(), other.id, Match(other.id, score, shared_c, shared_t)))
    matches.sort(key=lambda m: m[:3])
    return tuple(m[3] for m in matches[:limit])
