"""Page bodies rendered once and reused for as long as everything they read is unchanged.

A page body is a pure function of its body template, the page's own values (title, description,
context, URL) and what the template reads of the Site and of git's provenance. So rendering a body
records what it reads, by path:

    ("site", "config")              an attribute of the Site
    ("site", "by_id", "2026-...")   one incident looked up by id (present or not)
    ("provenance", "updates", key)  one entry of a provenance mapping

and the next build reuses the stored body when the page's own values and the value at every recorded
path have the same digests as when it was rendered. A template that reads more (an edited template,
another branch of an `if`) can only do so after something it read changed, and then the body is
rendered again. The paths recorded are the reads of the render the body came from, so a reuse is
exact, not a guess about what a template might read; tests/build/test_incremental.py compares every
file of incremental builds with full ones.

What the body cannot see (the theme's frame around it, the feeds, the search index) is made again on
every build from the stored body; `Reuse.rendered` lists the pages rendered anew (`serve` reports
them and a test counts them).
"""

from __future__ import annotations

import dataclasses
import hashlib
import pickle
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import jinja2

from ..derive import Site
from ..derive.views import IncidentView
from . import search
from .page import Page
from .pages import render_body

Path = tuple[Any, ...]   # ("site", name) | ("site", name, key) | ("provenance", name) | ("provenance", name, key)
_MISSING = object()
_KEYED = {"site": {"by_id"}, "provenance": {"files", "updates"}}   # mappings read one key at a time


@dataclass(frozen=True)
class Body:
    """One rendered page body, what it read, and its search entries."""

    key: bytes                       # digest of the page's own values and the templates' fingerprint
    reads: tuple[Path, ...]          # what rendering it read, in the order first read
    reads_digest: bytes              # digest of the values at those paths then
    html: str
    search: tuple[dict[str, str], ...]


@dataclass
class Reuse:
    """What a build may reuse (bodies of an earlier build, stored under `fingerprint`); the build puts
    its own bodies in `current` and the pages it rendered anew in `rendered`."""

    fingerprint: bytes = b""
    previous: Mapping[str, Body] = field(default_factory=dict)
    current: dict[str, Body] = field(default_factory=dict)
    rendered: list[str] = field(default_factory=list)

    def next(self) -> Reuse:
        """For the build after this one: this one's bodies to reuse, under the same fingerprint."""
        return Reuse(self.fingerprint, self.current)


class Bodies:
    """Renders the bodies of one build, reusing `reuse.previous` bodies whose inputs are unchanged, and
    noting this build's bodies in `reuse`."""

    def __init__(self, env: jinja2.Environment, site: Site, provenance: object | None,
                 reuse: Reuse | None = None) -> None:
        self.env, self.site, self.provenance = env, site, provenance
        self.reuse = reuse if reuse is not None else Reuse()
        self.digests = Digests()
        self._roots = {"site": site, "provenance": provenance}

    def body(self, page: Page, page_url: str) -> Body:
        key = self._key(page, page_url)
        old = self.reuse.previous.get(page.src_uri)
        if old is not None and old.key == key and self._digest_reads(old.reads) == old.reads_digest:
            self.reuse.current[page.src_uri] = old
            return old
        reads: dict[Path, None] = {}
        provenance = None if self.provenance is None else _Recording(self.provenance, ("provenance",), reads)
        html = render_body(self.env, page, _Recording(self.site, ("site",), reads), page_url,  # type: ignore[arg-type]
                           provenance)
        entries = tuple(search.entries(page_url, page.title, html)) if page.search else ()
        made = Body(key, tuple(reads), self._digest_reads(tuple(reads)), html, entries)
        self.reuse.current[page.src_uri] = made
        self.reuse.rendered.append(page.src_uri)
        return made

    def _key(self, page: Page, page_url: str) -> bytes:
        d = self.digests.of
        return _hash(self.reuse.fingerprint, page.src_uri.encode(), page_url.encode(), page.template.encode(),
                     d(page.title), d(page.description), d(page.search), d(dict(page.context)),
                     d(self.provenance is None))

    def _digest_reads(self, reads: tuple[Path, ...]) -> bytes:
        return _hash(*(self.digests.of(self._value_at(path)) for path in reads))

    def _value_at(self, path: Path) -> object:
        root = self._roots.get(path[0])
        if root is None:
            return _MISSING
        value = getattr(root, path[1], _MISSING)
        if len(path) == 3:
            value = value.get(path[2], _MISSING) if isinstance(value, Mapping) else _MISSING
        return value


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
    """Digests of values for one build. An incident view is pickled once and then stands for itself by
    its digest wherever it appears (months, tags, the Site's lists); dataclasses, tuples and mappings
    are taken apart so that sets are digested in a fixed order (pickle writes them in hash order, which
    differs from one process to the next)."""

    def __init__(self) -> None:
        self._memo: dict[int, tuple[object, bytes]] = {}   # id → (the object, kept alive; its digest)

    def of(self, value: object) -> bytes:
        kind = type(value)
        if kind is str:
            return _hash(b"s", value.encode("utf-8", "surrogatepass"))   # type: ignore[union-attr]
        if value is None or kind in (bool, int, float):
            return _hash(b"p", repr(value).encode())
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
            return _hash(b"view", pickle.dumps(value, protocol=5))
        if isinstance(value, tuple | list):
            return _hash(b"seq", *(self.of(item) for item in value))
        if isinstance(value, Mapping):
            return _hash(b"map", *(part for k, v in value.items() for part in (self.of(k), self.of(v))))
        if isinstance(value, set | frozenset):
            return _hash(b"set", *sorted(self.of(item) for item in value))
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            return _hash(type(value).__qualname__.encode(),
                         *(self.of(getattr(value, name)) for name in _field_names(type(value))))
        return _hash(b"pickle", pickle.dumps(value, protocol=5))


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
