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
what related_ids reads of some incident changed.

A build in another process (`build --incremental`) has no objects to keep, so the cache file keeps, under
the fingerprint of the code and mkdocs.yml (build.py `prepare`), the similar incidents and each closed
incident's view, found by what its incident was read from (load.py `Project.read_from`, a digest of the
file's text and all else its reading depends on) and the audience's settings. Equal digests, equal
incidents: the public version is then taken from the stored view instead of being made again, and the
view itself on the same conditions as above, against the build time it was stored at and the site
settings it was made under. Its digest comes with it, so it is not pickled again to be digested; and the
views are stored in groups, each written back as it was read unless one of its views changed.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from ..model import Incident, SiteConfig
from ..pickles import group_of, loads_as, pickled_in_groups
from .related import related_inputs
from .views import IncidentView

# A date (not a time) holds in every time zone: it has passed everywhere two days after it began in UTC.
_DATE_PASSED_AFTER = timedelta(days=2)


@dataclass(frozen=True)
class _Stored:
    """A view as a cache file keeps it (its public incident in it), with its digest, the build time it was
    made at and the latest time its incident holds."""

    view: IncidentView
    digest: bytes
    now: datetime
    latest: datetime | None


@dataclass(frozen=True)
class _Viewed:
    incident: Incident        # the object viewed (kept alive, so that its id is not reused)
    config: SiteConfig
    now: datetime
    view: IncidentView | None


class KeptViews:
    """The public versions and views of one build, for the next (see the module's docstring)."""

    def __init__(self) -> None:
        self._public: dict[int, tuple[Incident, frozenset[str] | None, Incident]] = {}
        self._views: dict[int, _Viewed] = {}
        self._related: dict[int, tuple[IncidentView, tuple[str, ...], IncidentView]] = {}
        self._next_public: dict[int, tuple[Incident, frozenset[str] | None, Incident]] = {}
        self._next_views: dict[int, _Viewed] = {}
        self._next_related: dict[int, tuple[IncidentView, tuple[str, ...], IncidentView]] = {}
        self._latest: dict[int, tuple[Incident, datetime | None]] = {}   # the latest time each incident holds
        self._next_latest: dict[int, tuple[Incident, datetime | None]] = {}
        self._similar: tuple[tuple[object, ...], Mapping[str, tuple[str, ...]]] | None = None
        self._equal: dict[tuple[int, int], tuple[SiteConfig, SiteConfig, bool]] = {}
        self.made = 0   # views made anew in the current build
        # What a cache file kept (see the module's docstring), and the config its views were made under.
        self._groups: Mapping[int, bytes] = {}            # each group of stored views, pickled (pickles.py)
        self._loaded: dict[int, dict[bytes, _Stored]] = {}   # the groups unpickled so far
        self._stored_config: SiteConfig | None = None
        self._read_from: Mapping[str, bytes] = {}    # this build's (load.py Project.read_from)
        self._keys: dict[int, tuple[Incident, bytes]] = {}   # public version → its key in a cache file
        self._restored: dict[int, tuple[Incident, _Stored, IncidentView]] = {}   # public version → stored view
        self._config: SiteConfig | None = None       # the site settings of this build's views

    def __getstate__(self) -> dict[str, Any]:
        """What a cache file (build --incremental) keeps: the similar incidents, and the views of closed
        incidents by what they were read from (the rest is found by object, and objects are new in
        another process)."""
        return {"similar": self._similar, "config": self._config, "groups": self._to_store()}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__()   # type: ignore[misc]
        self._similar = state.get("similar")
        groups, config = state.get("groups"), state.get("config")
        if isinstance(groups, dict) and isinstance(config, SiteConfig):
            self._groups, self._stored_config = groups, config

    def start(self, read_from: Mapping[str, bytes] | None = None) -> None:
        """A new build: what the last one made becomes what this one may reuse; only that is kept after it.
        `read_from`: what each incident was read from (load.py `Project.read_from`)."""
        self._public, self._next_public = self._next_public, {}
        self._views, self._next_views = self._next_views, {}
        self._related, self._next_related = self._next_related, {}
        self._latest, self._next_latest = self._next_latest, {}
        self._equal = {}
        self._read_from = read_from or {}
        self._keys, self._restored = {}, {}
        self.made = 0

    def public(self, incident: Incident, settings: frozenset[str] | None,
               make: Callable[[Incident], Incident]) -> Incident:
        """`make(incident)`, the incident as the audience sees it under `settings` (the internal fields it
        may see; None: all of them), or the one made before, or the one in a view a cache file kept."""
        key = self._key(incident, settings)
        kept = self._public.get(id(incident))
        if kept is None or kept[0] is not incident or kept[1] != settings:
            kept = (incident, settings, self._restore(key) or make(incident))
        self._next_public[id(incident)] = kept
        if key is not None:
            self._keys[id(kept[2])] = (kept[2], key)
        return kept[2]

    def view(self, incident: Incident, config: SiteConfig, now: datetime,
             make: Callable[[], IncidentView | None]) -> IncidentView | None:
        """`make()`, the incident's view at `now`, or the one made before when it cannot differ."""
        self._config = config
        kept = self._views.get(id(incident))
        if kept is None or kept.incident is not incident or not self._same_view(kept, config, now):
            kept = self._restored_view(incident, config, now)
            if kept is None:
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
        if kept.view is None or not _closed(kept.view):
            return False
        return self._holds_at(self._latest_of(kept.incident), kept.now, kept.config, now, config)

    def _holds_at(self, latest: datetime | None, made_at: datetime, made_under: SiteConfig, now: datetime,
                  config: SiteConfig) -> bool:
        """Whether a closed incident's view made at `made_at` under `made_under` is its view at `now` under
        `config`: every time the incident holds (`latest`) had passed at both, and the settings are equal."""
        return latest is not None and latest <= min(made_at, now) and self._equal_configs(made_under, config)

    def _key(self, incident: Incident, settings: frozenset[str] | None) -> bytes | None:
        """Where a cache file keeps the view of `incident` as seen under `settings`: None when it was not
        read through a cache."""
        read_from = self._read_from.get(incident.id)
        if read_from is None:
            return None
        shown = "all" if settings is None else "\n".join(sorted(settings))
        return hashlib.blake2b(read_from + b"\0" + shown.encode("utf-8", "surrogatepass"), digest_size=16).digest()

    def _restore(self, key: bytes | None) -> Incident | None:
        """The public version in the view a cache file kept under `key`, if any (the view is kept for `view`)."""
        stored = self._stored(key) if key is not None else None
        if stored is None:
            return None
        view = stored.view
        view.__dict__["digest"] = stored.digest   # IncidentView.digest, as worked out when it was stored
        self._restored[id(view.incident)] = (view.incident, stored, view)
        return view.incident

    def _restored_view(self, incident: Incident, config: SiteConfig, now: datetime) -> _Viewed | None:
        """The view a cache file kept of `incident` (a public version `_restore` gave), when it is the view
        at `now`: on the conditions of `_same_view`, against the build time it was stored at."""
        found = self._restored.get(id(incident))
        if found is None or found[0] is not incident or self._stored_config is None:
            return None
        _, stored, view = found
        if not _closed(view) or not self._holds_at(stored.latest, stored.now, self._stored_config, now, config):
            return None
        self._latest[id(incident)] = (incident, stored.latest)
        return _Viewed(incident, config, now, view)

    def _stored(self, key: bytes) -> _Stored | None:
        """What the cache file kept under `key`; its group is unpickled when first asked for."""
        number = group_of(key)
        group = self._loaded.get(number)
        if group is None:
            data = self._groups.get(number)
            group = self._loaded[number] = (loads_as(data, dict) if data is not None else None) or {}
        return group.get(key)

    def _to_store(self) -> dict[int, bytes]:
        """The views of this build's closed incidents, for a cache file: each with its related incidents,
        as pages show it, by the key of its public version (those read through a cache), in groups. A
        group whose every view was taken back from the cache file as it was is written back as it was
        read; only the others are pickled."""
        stored: dict[bytes, _Stored] = {}
        for viewed in self._next_views.values():
            key = self._keys.get(id(viewed.incident))
            if viewed.view is None or key is None or key[0] is not viewed.incident or not _closed(viewed.view):
                continue
            related = self._next_related.get(id(viewed.view))
            view = related[2] if related is not None and related[0] is viewed.view else viewed.view
            restored = self._restored.get(id(viewed.incident))
            if restored is not None and restored[0] is viewed.incident and (
                    restored[2] is view or restored[1].digest == view.digest):
                # As the cache file kept it: taken back, or made again (an incident holding a time later than
                # the stored build time) and the same. Its build time is one the view holds at either way.
                entry = restored[1]
            else:
                entry = _Stored(view, view.digest, viewed.now, self._latest_of(viewed.incident))
            stored[key[1]] = entry
        read = {number: (self._groups[number], group) for number, group in self._loaded.items()
                if number in self._groups}
        return pickled_in_groups(stored, read)

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
            kept = (view, related, view if view.related == related else dataclasses.replace(view, related=related))
        self._next_related[id(view)] = kept
        return kept[2]


def _closed(view: IncidentView) -> bool:
    """Closed, and no span of it runs on."""
    return view.life.closed_at is not None and all(segment.end is not None for segment in view.segments)


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
