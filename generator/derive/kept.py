"""What one build derived per incident, kept in serve's memory for the next build. Pure: no I/O.

serve takes each unchanged file's incident from memory (readings.py): the very same object, build after
build. Its public version (redact.py) and its view (site.py `view_incident`) are then the same too, and are
not made again, when

- the settings they depend on are equal: what the audience may see, for the public version; the site
  settings, for the view;
- and, for the view, the build time cannot change it: the incident was closed by the time of the build
  the view was made in, and every time the incident holds had passed at both builds' times. Each
  comparison derive makes between a time of the incident and the build time then comes out the same, and
  no span of it runs on to the build time (tests/unit/test_kept_views.py checks this on generated
  incidents at pairs of build times).

Keeping the objects themselves, not equal copies, is also what lets the next build's digests
(render/reuse.py) know an unchanged view without pickling it again.

Similar incidents (related.py) are kept by value, not by object: they are worked out again only when
what related_ids reads of some incident changed. That part alone is kept in the cache file of
`build --incremental`, under the fingerprint of the code (build.py `prepare`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from ..model import Incident, SiteConfig
from .related import related_inputs
from .views import IncidentView

# A date (not a time) holds in every time zone: it has passed everywhere two days after it began in UTC.
_DATE_PASSED_AFTER = timedelta(days=2)


@dataclass(frozen=True)
class _Viewed:
    incident: Incident        # the object viewed (kept alive, so that its id is not reused)
    config: SiteConfig
    now: datetime
    view: IncidentView | None


class KeptViews:
    """The public versions and views of one build, for the next (see the module's docstring)."""

    def __init__(self) -> None:
        self._public: dict[int, tuple[Incident, Hashable, Incident]] = {}
        self._views: dict[int, _Viewed] = {}
        self._related: dict[int, tuple[IncidentView, tuple[str, ...], IncidentView]] = {}
        self._next_public: dict[int, tuple[Incident, Hashable, Incident]] = {}
        self._next_views: dict[int, _Viewed] = {}
        self._next_related: dict[int, tuple[IncidentView, tuple[str, ...], IncidentView]] = {}
        self._latest: dict[int, tuple[Incident, datetime | None]] = {}   # the latest time each incident holds
        self._next_latest: dict[int, tuple[Incident, datetime | None]] = {}
        self._similar: tuple[tuple[object, ...], Mapping[str, tuple[str, ...]]] | None = None
        self._equal: dict[tuple[int, int], tuple[SiteConfig, SiteConfig, bool]] = {}
        self.made = 0   # views made anew in the current build

    def __getstate__(self) -> dict[str, Any]:
        """A cache file (build --incremental) keeps the similar incidents alone: they are found by value;
        the rest is found by object, and objects are new in another process."""
        return {"similar": self._similar}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__()   # type: ignore[misc]
        self._similar = state.get("similar")

    def start(self) -> None:
        """A new build: what the last one made becomes what this one may reuse; only that is kept after it."""
        self._public, self._next_public = self._next_public, {}
        self._views, self._next_views = self._next_views, {}
        self._related, self._next_related = self._next_related, {}
        self._latest, self._next_latest = self._next_latest, {}
        self._equal = {}
        self.made = 0

    def public(self, incident: Incident, settings: Hashable, make: Callable[[Incident], Incident]) -> Incident:
        """`make(incident)`, the incident as the public sees it under `settings`, or the one made before."""
        kept = self._public.get(id(incident))
        if kept is None or kept[0] is not incident or kept[1] != settings:
            kept = (incident, settings, make(incident))
        self._next_public[id(incident)] = kept
        return kept[2]

    def view(self, incident: Incident, config: SiteConfig, now: datetime,
             make: Callable[[], IncidentView | None]) -> IncidentView | None:
        """`make()`, the incident's view at `now`, or the one made before when it cannot differ."""
        kept = self._views.get(id(incident))
        if kept is None or kept.incident is not incident or not self._same_view(kept, config, now):
            kept = _Viewed(incident, config, now, make())
            self.made += 1
        self._next_views[id(incident)] = kept
        return kept.view

    def similar(self, incidents: Sequence[Incident],
                make: Callable[[Sequence[Incident]], Mapping[str, tuple[str, ...]]]) -> Mapping[str, tuple[str, ...]]:
        """`make(incidents)` (related.related_ids), or the last build's when what it reads is unchanged."""
        inputs = tuple(related_inputs(incident) for incident in incidents)
        if self._similar is None or self._similar[0] != inputs:
            self._similar = (inputs, make(incidents))
        return self._similar[1]

    def _same_view(self, kept: _Viewed, config: SiteConfig, now: datetime) -> bool:
        """Whether the view made at `kept.now` is the view at `now`: closed then, with nothing in it later
        than either build time, under equal settings."""
        if kept.view is None or kept.view.life.closed_at is None:
            return False
        if any(segment.end is None for segment in kept.view.segments):
            return False
        latest = self._latest_of(kept.incident)
        return latest is not None and latest <= min(kept.now, now) and self._equal_configs(kept.config, config)

    def _latest_of(self, incident: Incident) -> datetime | None:
        """The latest time the incident holds: worked out when a kept view is first offered again (never, in
        a build that is not followed by another in the same process), then kept with the incident."""
        known = self._latest.get(id(incident))
        if known is None or known[0] is not incident:
            known = (incident, _latest(incident))
        self._next_latest[id(incident)] = known
        return known[1]

    def _equal_configs(self, a: SiteConfig, b: SiteConfig) -> bool:
        """a == b, compared once per pair in a build (a SiteConfig holds every component)."""
        if a is b:
            return True
        known = self._equal.get((id(a), id(b)))
        if known is None or known[0] is not a or known[1] is not b:
            known = self._equal[(id(a), id(b))] = (a, b, a == b)
        return known[2]

    def with_related(self, view: IncidentView, related: tuple[str, ...]) -> IncidentView:
        """The view with its related incidents: the same object as before when both are unchanged."""
        kept = self._related.get(id(view))
        if kept is None or kept[0] is not view or kept[1] != related:
            kept = (view, related, dataclasses.replace(view, related=related))
        self._next_related[id(view)] = kept
        return kept[2]


def _latest(value: Any) -> datetime | None:
    """The latest time anywhere in `value` (a model dataclass, walked through its fields and sequences); a
    date counts as passed two days after it began in UTC. None when it holds none."""
    found: list[datetime] = []
    _collect(value, found)
    return max(found) if found else None


def _collect(value: Any, found: list[datetime]) -> None:
    if isinstance(value, datetime):
        found.append(value if value.tzinfo is not None else value.replace(tzinfo=UTC))
    elif isinstance(value, date):
        found.append(datetime.combine(value, time(), UTC) + _DATE_PASSED_AFTER)
    elif isinstance(value, tuple | list | frozenset | set):
        for item in value:
            _collect(item, found)
    elif isinstance(value, dict):
        for key, item in value.items():
            _collect(key, found)
            _collect(item, found)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for field in dataclasses.fields(value):
            _collect(getattr(value, field.name), found)
