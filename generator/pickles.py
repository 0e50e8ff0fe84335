"""Unpickling what statuspress pickled itself into its build cache (a folder cache.py found safe to read,
or serve's memory): one home for what a damaged pickle, or one written by other code, raises; and for
pickling many entries in groups, so that a build pickles again only the groups where an entry changed."""

from __future__ import annotations

import pickle
import zlib
from collections.abc import Mapping
from typing import TypeVar

T = TypeVar("T")
K = TypeVar("K", str, bytes)
V = TypeVar("V")

# What unpickling bytes that are cut short, damaged, or name classes this code no longer has raises.
UNREADABLE = (EOFError, pickle.UnpicklingError, AttributeError, ImportError, TypeError, ValueError)


def loads_as(data: bytes, kind: type[T]) -> T | None:
    """`data` unpickled when it holds a `kind`; None when it cannot be read or holds something else."""
    try:
        value = pickle.loads(data)   # noqa: S301 - only bytes this code pickled (see the module's docstring)
    except UNREADABLE:
        return None
    return value if isinstance(value, kind) else None


# Entries are pickled in groups by key: one pickle per entry made loading slow (3,000 small pickles), one
# for all made every build pickle them all again.
GROUPS = 64


def group_of(key: str | bytes) -> int:
    """The group an entry's key falls in, the same in every process."""
    data = key.encode("utf-8", "surrogatepass") if isinstance(key, str) else key
    return zlib.crc32(data) % GROUPS


def pickled_in_groups(entries: Mapping[K, V], read: Mapping[int, tuple[bytes, Mapping[K, V]]]) -> dict[int, bytes]:
    """`entries` pickled, a dict per group. `read`: each group as read back (its bytes, and the entries
    they gave); a group that holds exactly those entries, the very same objects, is its bytes as read."""
    groups: dict[int, dict[K, V]] = {}
    for key, entry in entries.items():
        groups.setdefault(group_of(key), {})[key] = entry
    pickled = {}
    for number, group in groups.items():
        data, was = read.get(number, (b"", {}))
        unchanged = was.keys() == group.keys() and all(was[key] is entry for key, entry in group.items())
        pickled[number] = data if unchanged else pickle.dumps(group, protocol=5)
    return pickled
