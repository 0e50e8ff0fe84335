"""Similar past incidents: earlier incidents sharing components and tags, ranked deterministically. Pure."""

from __future__ import annotations

import heapq
from bisect import bisect_left
from collections.abc import Mapping, Sequence
from datetime import datetime

from ..model import Incident

COMPONENT_WEIGHT = 2    # a shared component says more about the failure than a shared tag
TAG_WEIGHT = 1
LIMIT = 5


def touched_components(incident: Incident) -> frozenset[str]:
    """Components listed at the top or changed by any update."""
    ids = set(incident.components)
    for update in incident.updates:
        ids.update(update.components)
    return frozenset(ids)


def _started(incident: Incident) -> datetime:
    """started_at of an incident in related_ids' pool, which holds started incidents only."""
    assert incident.started_at is not None
    return incident.started_at


def related_ids(incidents: Sequence[Incident], limit: int = LIMIT) -> Mapping[str, tuple[str, ...]]:
    """For every incident, the ids of its similar past incidents, most similar first.

    Incidents (not maintenance) that began before it and share a component or a tag; score = 2 × shared
    components + 1 × shared tags (tags compared case-insensitively); ties go to the more recent incident,
    then to the id, so the order never depends on input order. Found through an inverted index of
    components and tags whose postings are sorted by start, so each incident only walks the earlier
    incidents that share something with it (tests/reviews/similar_oracle.py states it plainly)."""
    pool = sorted((i for i in incidents if not i.is_maintenance and i.started_at is not None),
                  key=lambda i: (i.started_at, i.id))
    comps = {i.id: touched_components(i) for i in pool}
    tags = {i.id: frozenset(t.lower() for t in i.tags) for i in pool}
    postings: dict[tuple[int, str], list[Incident]] = {}
    for incident in pool:                     # in start order, so every posting list is sorted
        for c in comps[incident.id]:
            postings.setdefault((COMPONENT_WEIGHT, c), []).append(incident)
        for t in tags[incident.id]:
            postings.setdefault((TAG_WEIGHT, t), []).append(incident)
    starts = {key: [_started(i) for i in items] for key, items in postings.items()}
    newest_first = {i.id: -i.started_at.timestamp() for i in pool}  # type: ignore[union-attr]
    out: dict[str, tuple[str, ...]] = {}
    for target in pool:
        start = _started(target)
        keys = [(COMPONENT_WEIGHT, c) for c in comps[target.id]] + [(TAG_WEIGHT, t) for t in tags[target.id]]
        scores: dict[str, int] = {}
        for key in keys:
            items = postings[key]
            for other in items[:bisect_left(starts[key], start)]:   # strictly earlier
                scores[other.id] = scores.get(other.id, 0) + key[0]
        best = heapq.nsmallest(limit, scores, key=lambda i: (-scores[i], newest_first[i], i))
        out[target.id] = tuple(best)
    return out
