"""Keep Python's cyclic garbage collector from walking the incident data again and again.

Reading thousands of incident files builds millions of short- and long-lived objects (YAML nodes,
models, positions). Every automatic collection walks all the live ones, and at 3,000 files those
walks cost a third of `statuspress check` and of `audit`. The data holds no reference cycles, so
reference counting frees each object the moment it is unused; the pause only skips the walks.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused() -> Iterator[None]:
    """No automatic cyclic collection inside the block; the collector's previous state after it."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()



@contextmanager
def sparing_what_exists() -> Iterator[None]:
    """Inside the block the collector runs, for the objects made inside it: everything alive when it
    starts (the incident data, the derived site) is set aside and not walked, then handed back. For work
    that may make reference cycles (templates) over a large, long-lived heap."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()
