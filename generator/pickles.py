"""Unpickling what statuspress pickled itself into its build cache (a folder cache.py found safe to read,
or serve's memory): one home for what a damaged pickle, or one written by other code, raises."""

from __future__ import annotations

import pickle
from typing import TypeVar

T = TypeVar("T")

# What unpickling bytes that are cut short, damaged, or name classes this code no longer has raises.
UNREADABLE = (EOFError, pickle.UnpicklingError, AttributeError, ImportError, TypeError, ValueError)


def loads_as(data: bytes, kind: type[T]) -> T | None:
    """`data` unpickled when it holds a `kind`; None when it cannot be read or holds something else."""
    try:
        value = pickle.loads(data)   # noqa: S301 - only bytes this code pickled (see the module's docstring)
    except UNREADABLE:
        return None
    return value if isinstance(value, kind) else None
