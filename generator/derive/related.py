"""Similar past incidents: earlier incidents sharing components and tags, ranked deterministically. Pure."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from ..model import Incident

COMPONENT_WEIGHT = 2    # a shared component says more about the failure than a shared tag
TAG_WEIGHT = 1
LIMIT = 5


@dataclass(frozen=True)
class Match:
    id: str
    score: int
    components: tuple[str, ...]   # shared, sorted
    tags: tuple[str, ...]         # shared, sorted


def touched_components(incident: Incident) -> frozenset[str]:
    """Components listed at the top or changed by any update."""
    ids = set(incident.components)
    for update in incident.updates:
        ids.update(update.components)
    return frozenset(ids)


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


def related_ids(incidents: Sequence[Incident], limit: int = LIMIT) -> Mapping[str, tuple[str, ...]]:
    """For every incident, the ids of its similar past incidents, most similar first (same ranking
    as `similar`, through an inverted index so that thousands of incidents stay fast)."""
    pool = [i for i in incidents if not i.is_maintenance and i.started_at is not None]
    comps = {i.id: touched_components(i) for i in pool}
    tags = {i.id: frozenset(t.lower() for t in i.tags) for i in pool}
    by_component: dict[str, list[Incident]] = {}
    by_tag: dict[str, list[Incident]] = {}
    for incident in pool:
        for c in comps[incident.id]:
            by_component.setdefault(c, []).append(incident)
        for t in tags[incident.id]:
            by_tag.setdefault(t, []).append(incident)
    out: dict[str, tuple[str, ...]] = {}
    for target in pool:
        start = target.started_at
        assert start is not None
        scores: dict[str, int] = {}
        began: dict[str, datetime] = {}
        for postings, keys, weight in ((by_component, comps[target.id], COMPONENT_WEIGHT),
                                       (by_tag, tags[target.id], TAG_WEIGHT)):
            for key in keys:
                for other in postings[key]:
                    assert other.started_at is not None
                    if other.id != target.id and other.started_at < start:
                        scores[other.id] = scores.get(other.id, 0) + weight
                        began[other.id] = other.started_at
        ranked = sorted(scores, key=lambda i: (-scores[i], -began[i].timestamp(), i))
        out[target.id] = tuple(ranked[:limit])
    return out
