"""Rendered outputs reused for as long as everything they read is unchanged (`build --incremental`, `serve`).

A page body or a per-incident feed is a pure function of its own values (a page's title, context and
URL; a feed's incident) and of what it reads of the Site and of git's provenance. So making one
through `Memo.get` records what it reads, by path:

    ("site", "config")              an attribute of the Site
    ("site", "by_id", "2026-...")   one incident looked up by id (present or not)
    ("provenance", "updates", key)  one entry of a provenance mapping

and the next build reuses the stored value when its own values and the value at every recorded path
have the same digests as when it was made. An output that would read more (an edited template,
another branch of an `if`) can only do so after something it read changed, and then it is made
again. The paths are the reads of the making the value came from, so a reuse is exact, not a guess
about what a template might read; tests/integration/test_incremental.py compares every file of
incremental builds with full ones.

Everything else an output depends on (statuspress' code and templates, mkdocs.yml, the theme
overrides) is in `Reuse.fingerprint` (cache.py): values stored under another fingerprint are never
offered. Pure: no I/O here; cache.py keeps a Reuse between processes and serve keeps it in memory.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import pickle
import types
import typing
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import Enum
from typing import Any, Generic, TypeVar

from ..derive import Site
from ..derive.views import IncidentView
from ..pickles import loads_as, pickled_in_groups

Path = tuple[Any, ...]   # ("site", name) | ("site", name, key) | ("provenance", name) | ("provenance", name, key)
T = TypeVar("T")
_MISSING = object()
_SHORT = 64   # texts shorter than this many bytes are their own digest (Digests.of)
_KEYED = {"site": {"by_id"}, "provenance": {"files", "updates"}}   # mappings read one key at a time


@dataclass(frozen=True)
class Made:
    """One output as made: its key, what making it read, and the value."""

    key: bytes                       # digest of its own values and the fingerprint
    reads: tuple[Path, ...]          # what making it read, in the order first read
    reads_digest: bytes              # digest of the values at those paths then
    value: Any


@dataclass
class Reuse:
    """What a build may reuse (outputs of an earlier build, by slot: a page's src_uri, a file's path, or a
    part of one, `<src_uri or path>#<part>`: a calendar event, a page's frame),
    stored under `fingerprint`; the build puts its own outputs in `current` and the slots it made anew
    in `rendered`."""

    fingerprint: bytes = b""
    previous: Mapping[str, Made] = field(default_factory=dict)
    current: dict[str, Made] = field(default_factory=dict)
    rendered: list[str] = field(default_factory=list)
    digests: Digests = field(default_factory=lambda: Digests())   # this build's, shared by its Memos
    # The groups of outputs a cache file held, as read (pickled) and as unpickled (see __getstate__).
    groups_read: Mapping[int, tuple[bytes, Mapping[str, Made]]] = field(default_factory=dict, repr=False,
                                                                        compare=False)
    # Each output's own values as given, kept in this process only (serve): the last build's and this one's.
    owns_before: Mapping[str, tuple[object, ...]] = field(default_factory=dict, repr=False, compare=False)
    owns: dict[str, tuple[object, ...]] = field(default_factory=dict, repr=False, compare=False)

    def next(self) -> Reuse:
        """For the build after this one: this one's outputs to reuse, under the same fingerprint, and the
        digests of the incident views it saw (serve keeps unchanged views from one build to the next:
        derive/kept.py), and each output's own values."""
        return Reuse(self.fingerprint, self.current, digests=self.digests.of_views(), groups_read=self.groups_read,
                     owns_before=self.owns)

    def __getstate__(self) -> dict[str, Any]:
        """What a cache file keeps (build --incremental): the fingerprint and the outputs to reuse, pickled in
        groups by slot. A group whose every output is the very one the cache file gave (reused as it was)
        is written back as it was read, so a build pickles again only the groups where an output changed:
        pickling every page body again took a fifth of a second at 3,000 incidents."""
        return {"fingerprint": self.fingerprint, "groups": pickled_in_groups(self.previous, self.groups_read)}

    def __setstate__(self, state: dict[str, Any]) -> None:
        groups = state.get("groups")
        previous: dict[str, Made] = {}
        read: dict[int, tuple[bytes, Mapping[str, Made]]] = {}
        for number, data in (groups.items() if isinstance(groups, dict) else ()):
            group = loads_as(data, dict) if isinstance(data, bytes) else None
            if group:   # else (damaged, other code): its outputs are made again
                previous.update(group)
                read[number] = (data, group)
        fingerprint = state.get("fingerprint")
        self.__init__(fingerprint if isinstance(fingerprint, bytes) else b"", previous,   # type: ignore[misc]
                      groups_read=read)

    def pages(self) -> tuple[list[str], int]:
        """The pages (src_uris) made anew in this build, and how many pages it has."""
        return [slot for slot in self.rendered if slot.endswith(".md")], sum(s.endswith(".md") for s in self.current)


class Memo:
    """Makes the outputs of one build, reusing `reuse.previous` ones whose inputs are unchanged. Without
    a Reuse (a build that keeps nothing) it only makes them: nothing is recorded or digested."""

    def __init__(self, site: Site, provenance: object | None, reuse: Reuse | None = None) -> None:
        self.site, self.provenance = site, provenance
        self.reuse = reuse
        self.digests = reuse.digests if reuse is not None else Digests()
        self._roots = {"site": site, "provenance": provenance}
        self._at: dict[Path, bytes] = {}   # the digest of the value at each path read so far

    def get(self, slot: str, own: tuple[object, ...], make: Callable[[Site, Any], T]) -> T:
        """The output in `slot`: made by `make(site, provenance)` from the Site and provenance it is
        given (recording what it reads), or reused. `own`: every other value it depends on."""
        if self.reuse is None:
            return make(self.site, self.provenance)
        own = (*own, self.provenance is None)
        self.reuse.owns[slot] = own
        old = self.reuse.previous.get(slot)
        if old is not None and self._digest_reads(old.reads) == old.reads_digest:
            before = self.reuse.owns_before.get(slot)   # serve: what the last build gave, in this process
            if (before is not None and _same(before, own)) or old.key == self._key(slot, own):
                self.reuse.current[slot] = old
                return old.value
        reads: dict[Path, None] = {}
        provenance = None if self.provenance is None else _Recording(self.provenance, ("provenance",), reads)
        value = make(_Recording(self.site, ("site",), reads), provenance)   # type: ignore[arg-type]
        self.reuse.current[slot] = Made(self._key(slot, own), tuple(reads), self._digest_reads(tuple(reads)), value)
        self.reuse.rendered.append(slot)
        return value

    def _key(self, slot: str, own: tuple[object, ...]) -> bytes:
        """The digest of an output's slot and own values (each digested on its own), under the fingerprint."""
        assert self.reuse is not None
        return _hash(self.reuse.fingerprint, slot.encode(), *map(self.digests.of, own))

    def _digest_reads(self, reads: tuple[Path, ...]) -> bytes:
        return _hash(*(self._digest_at(path) for path in reads))

    def _digest_at(self, path: Path) -> bytes:
        """The digest of the value at `path` in this build (many outputs read the same paths)."""
        digest = self._at.get(path)
        if digest is None:
            digest = self._at[path] = self.digests.of(self._value_at(path))
        return digest

    def _value_at(self, path: Path) -> object:
        root = self._roots.get(path[0])
        if root is None:
            return _MISSING
        value = getattr(root, path[1], _MISSING)
        if len(path) == 3:
            value = value.get(path[2], _MISSING) if isinstance(value, Mapping) else _MISSING
        return value


def _same(before: Any, now: Any) -> bool:
    """Whether an output's own values are known to be those it was made from without digesting them: equal
    texts, numbers and None, the very same incident views (frozen; Digests keeps theirs by object from one
    build to the next too), and tuples and dicts of such. Anything else is left to the digests."""
    kind = type(now)
    if type(before) is not kind:
        return False
    if kind in _EQUAL_WHEN_EQUAL:
        return bool(before == now)
    if kind is IncidentView:
        return before is now
    if kind is tuple:
        return len(before) == len(now) and all(map(_same, before, now))
    if kind is dict:
        return bool(before.keys() == now.keys()) and all(_same(before[key], value) for key, value in now.items())
    return False


_EQUAL_WHEN_EQUAL = {str, int, float, bool, type(None)}


K = TypeVar("K")
V = TypeVar("V")


class ByObject(Generic[K, V]):
    """Values worked out from objects, kept by the object itself (never an equal copy) for the rest of this
    build and the next: what serve reuses (page bodies, their search entries) is the very same object from
    one build to the next. Each value is kept with its object, so that an id is never taken for another's."""

    def __init__(self, earlier: dict[int, tuple[K, V]] | None = None) -> None:
        self._now: dict[int, tuple[K, V]] = {}
        self._earlier = earlier if earlier is not None else {}

    def get(self, obj: K, make: Callable[[K], V]) -> V:
        known = self._now.get(id(obj)) or self._earlier.get(id(obj))
        value = known[1] if known is not None and known[0] is obj else make(obj)
        self._now[id(obj)] = (obj, value)
        return value

    def next(self) -> ByObject[K, V]:
        """For the next build: what this one kept, and nothing older."""
        return ByObject(self._now)


class _Recording:
    """The Site (or the provenance) as a template sees it, noting each path it reads."""

    __slots__ = ("_target", "_path", "_reads")

    def __init__(self, target: object, path: Path, reads: dict[Path, None]) -> None:
        self._target, self._path, self._reads = target, path, reads

    def __getattr__(self, name: str) -> Any:
        value = getattr(self._target, name)
        if name in _KEYED[self._path[0]] and isinstance(value, Mapping):
            return _RecordingMapping(value, (*self._path, name), self._reads)
        self._reads[(*self._path, name)] = None
        return value


class _RecordingMapping(Mapping[Any, Any]):
    """A mapping of the Site or provenance, noting each key looked up; iterating it reads all of it."""

    def __init__(self, target: Mapping[Any, Any], path: Path, reads: dict[Path, None]) -> None:
        self._target, self._path, self._reads = target, path, reads

    def __getitem__(self, key: Any) -> Any:
        self._reads[(*self._path, key)] = None
        return self._target[key]

    def __contains__(self, key: object) -> bool:
        self._reads[(*self._path, key)] = None
        return key in self._target

    def get(self, key: Any, default: Any = None) -> Any:
        self._reads[(*self._path, key)] = None
        return self._target.get(key, default)

    def __iter__(self) -> Iterator[Any]:
        self._reads[self._path] = None
        return iter(self._target)

    def __len__(self) -> int:
        self._reads[self._path] = None
        return len(self._target)


class Digests:
    """Digests of values for one build. An incident view is pickled once (IncidentView.digest, kept with
    it) and then stands for itself by its digest wherever it appears (months, tags, the Site's lists);
    dataclasses, tuples and mappings are taken apart so that sets are digested in a fixed order (pickle
    writes them in hash order, which differs from one process to the next)."""

    def __init__(self) -> None:
        self._memo: dict[int, tuple[object, bytes]] = {}   # id → (the object, kept alive; its digest)

    def __reduce__(self) -> tuple[type, tuple[()]]:
        return Digests, ()   # ids mean nothing in another process: a cache file keeps none

    def of_views(self) -> Digests:
        """The digests of the incident views alone: a view is frozen, so its digest holds while it lives."""
        kept = Digests()
        kept._memo = {key: known for key, known in self._memo.items() if isinstance(known[0], IncidentView)}
        return kept

    def of(self, value: object) -> bytes:
        """The value's digest: a short text or a number stands for itself (tagged, so that no two values
        of different kinds or lengths read alike: a digest is always hashed with its length); anything
        else is a 16-byte hash."""
        kind = type(value)
        if kind is str:
            data = value.encode("utf-8", "surrogatepass")   # type: ignore[attr-defined]
            return b"s" + data if len(data) < _SHORT else _hash(b"s", data)
        if value is None or kind is bool or kind is int or kind is float:
            return b"p" + repr(value).encode()
        known = self._memo.get(id(value))
        if known is not None and known[0] is value:
            return known[1]
        digest = self._compute(value)
        self._memo[id(value)] = (value, digest)
        return digest

    def _compute(self, value: object) -> bytes:
        if value is _MISSING:
            return _hash(b"missing")
        if isinstance(value, IncidentView):
            return value.digest
        if isinstance(value, tuple | list):
            return _hash(b"seq", *(self.of(item) for item in value))
        if isinstance(value, Mapping):
            return _hash(b"map", *(part for k, v in value.items() for part in (self.of(k), self.of(v))))
        if isinstance(value, set | frozenset):
            return _hash(b"set", *sorted(self.of(item) for item in value))
        whole = not dataclasses.is_dataclass(value) or isinstance(value, type) or _plain(type(value))
        if whole:
            try:
                return _hash(b"pickle", pickle.dumps(value, protocol=5))
            except (TypeError, AttributeError, pickle.PicklingError):
                if not dataclasses.is_dataclass(value) or isinstance(value, type):
                    return os.urandom(16)   # a value with no digest: what holds it is never reused
        return _hash(type(value).__qualname__.encode(),
                     *(self.of(getattr(value, name)) for name in _field_names(type(value))))


_PLAIN: dict[type, bool] = {}
_LEAVES = (str, int, float, bool, type(None), datetime, date, timedelta, Enum)


def _plain(kind: type) -> bool:
    """Whether a dataclass may be pickled whole: by its annotations it holds no incident view (each is
    digested once) and no set (pickled in hash order). A wrong answer costs time, never a wrong reuse:
    pickle writes every value it holds."""
    known = _PLAIN.get(kind)
    if known is None:
        _PLAIN[kind] = False   # while deciding, for a type that holds itself
        try:
            hints = typing.get_type_hints(kind)
        except (NameError, TypeError):   # a name only imported for type checkers
            known = False
        else:
            known = all(_plain_hint(hints[name]) for name in _field_names(kind))
        _PLAIN[kind] = known
    return known


def _plain_hint(hint: Any) -> bool:
    origin = typing.get_origin(hint)
    if origin is None:
        if not isinstance(hint, type) or hint is IncidentView:
            return False   # Any, a type variable, a view
        return issubclass(hint, _LEAVES) or (dataclasses.is_dataclass(hint) and _plain(hint))
    if origin in (tuple, types.UnionType, typing.Union, dict, Mapping):   # pickle keeps a dict's order
        return all(arg is Ellipsis or _plain_hint(arg) for arg in typing.get_args(hint))
    return False   # sets, callables


_FIELDS: dict[type, tuple[str, ...]] = {}


def _field_names(kind: type) -> tuple[str, ...]:
    names = _FIELDS.get(kind)
    if names is None:
        names = _FIELDS[kind] = tuple(f.name for f in dataclasses.fields(kind))
    return names


def _hash(*parts: bytes) -> bytes:
    h = hashlib.blake2b(digest_size=16)
    for part in parts:
        h.update(len(part).to_bytes(8, "little"))
        h.update(part)
    return h.digest()
