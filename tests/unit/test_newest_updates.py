"""The feeds' newest updates (render/feeds.newest_updates) stop reading incidents once none can be among the
newest: the same list as sorting every update of every incident."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.derive.views import IncidentView
from generator.render.feeds import newest_updates


@dataclass(frozen=True)
class _Update:
    at: datetime
    index: int


@dataclass(frozen=True)
class _Effect:
    update: _Update


@dataclass(frozen=True)
class _View:
    """Just what newest_updates reads of an IncidentView."""

    id: str
    effects: tuple[_Effect, ...]

    @property
    def incident(self) -> _View:
        return self

    effects_newest_first = functools.cached_property(IncidentView.effects_newest_first.func)  # type: ignore[attr-defined]


START = datetime(2026, 1, 1, tzinfo=UTC)


def every_update_sorted(views: list[_View], limit: int | None) -> list[tuple[str, int]]:
    keyed = sorted(((e.update.at, v.id, e.update.index), v.id) for v in views for e in v.effects)
    return [(view_id, key[2]) for key, view_id in reversed(keyed)][:limit]


@settings(max_examples=300, deadline=None)
@given(hours=st.lists(st.lists(st.integers(0, 60), max_size=6), max_size=14),
       limit=st.one_of(st.none(), st.integers(1, 12)))
def test_the_newest_updates_are_those_of_a_full_sort(hours: list[list[int]], limit: int | None) -> None:
    views = [_View(f"2026-01-{n + 1:02}-x", tuple(_Effect(_Update(START + timedelta(hours=h), i))
                                                 for i, h in enumerate(at)))
             for n, at in enumerate(hours)]
    found = [(view.id, effect.update.index) for view, effect in newest_updates(views, limit)]  # type: ignore[arg-type]
    assert found == every_update_sorted(views, limit)
