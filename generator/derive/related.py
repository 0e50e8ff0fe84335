"""Similar past incidents: earlier incidents sharing components and tags, ranked deterministically. Pure."""

from __future__ import annotations

import heapq
from bisect import bisect_left
from collections.abc import Iterator, Mapping, Sequence
from datetime import datetime
from itertools import combinations

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


WIDE = 10   # an incident with more components and tags than this is not indexed by subset (2**WIDE entries)


def related_ids(incidents: Sequence[Incident], limit: int = LIMIT) -> Mapping[str, tuple[str, ...]]:
    """For every incident, the ids of its similar past incidents, most similar first.

    Incidents (not maintenance) that began before it and share a component or a tag; score = 2 × shared
    components + 1 × shared tags (tags compared case-insensitively); ties go to the more recent incident,
    then to the id, so the order never depends on input order (tests/reviews/similar_oracle.py states it
    plainly).

    The work per incident does not grow with the past: every incident is indexed under each subset of its
    components and tags, in start order. An earlier incident sharing exactly the subset S with the target
    scores weight(S) and sits in S's list; if it is not among the `limit` latest earlier entries of that
    list (with any entries starting at the same time as the last of them), those entries all score at
    least as much and began later, so it cannot make the list. The candidates are therefore the latest
    entries of the lists of the target's subsets. Incidents with more than WIDE components and tags are
    not indexed but compared with every later incident, and such an incident as the target counts scores
    over all the earlier incidents sharing a component or a tag with it."""
    pool = sorted((i for i in incidents if not i.is_maintenance and i.started_at is not None),
                  key=lambda i: (i.started_at, i.id))
    keys = [_keys(i) for i in pool]
    stamps = [_started(i).timestamp() for i in pool]
    by_subset: dict[frozenset[tuple[int, str]], list[int]] = {}   # positions in `pool`, ascending
    wide: list[int] = []
    for at, mine in enumerate(keys):
        if len(mine) > WIDE:
            wide.append(at)
            continue
        for subset in _subsets(mine):
            by_subset.setdefault(subset, []).append(at)
    subset_stamps = {subset: [stamps[at] for at in ats] for subset, ats in by_subset.items()}
    out: dict[str, tuple[str, ...]] = {}
    for at, target in enumerate(pool):
        mine, start = keys[at], stamps[at]
        if len(mine) > WIDE:
            candidates = {other for other in range(bisect_left(stamps, start)) if mine & keys[other]}
        else:
            candidates = {other for other in wide if stamps[other] < start and mine & keys[other]}
            for subset in _subsets(mine):
                if subset in by_subset:
                    candidates.update(_latest(by_subset[subset], subset_stamps[subset], start, limit))
        ranked = heapq.nsmallest(limit, candidates, key=lambda other: (
            -sum(weight for weight, _ in mine & keys[other]), -stamps[other], pool[other].id))
        out[target.id] = tuple(pool[other].id for other in ranked)
    return out


def related_inputs(incident: Incident) -> tuple[object, ...]:
    """Everything related_ids reads of an incident: equal inputs give equal results."""
    return incident.id, incident.is_maintenance, incident.started_at, _keys(incident)


def _keys(incident: Incident) -> frozenset[tuple[int, str]]:
    """What an incident can share, each with its weight."""
    return frozenset([(COMPONENT_WEIGHT, c) for c in touched_components(incident)]
                     + [(TAG_WEIGHT, t.lower()) for t in incident.tags])


def _subsets(keys: frozenset[tuple[int, str]]) -> Iterator[frozenset[tuple[int, str]]]:
    """Every non-empty subset."""
    items = sorted(keys)
    for size in range(1, len(items) + 1):
        for subset in combinations(items, size):
            yield frozenset(subset)


def _latest(positions: list[int], starts: list[float], before: float, limit: int) -> list[int]:
    """The `limit` latest positions that started before `before`, and any more starting with the last."""
    end = bisect_left(starts, before)
    first = max(end - limit, 0)
    if first < end:
        first = bisect_left(starts, starts[first], 0, first)
    return positions[first:end]
