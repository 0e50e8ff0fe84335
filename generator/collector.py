"""Keep Python's cyclic garbage collector from walking the incident data again and again.

Reading thousands of incident files builds millions of short- and long-lived objects (YAML nodes,
models, positions). Every automatic collection walks all the live ones, and at 3,000 files those
walks cost a third of `statuspress check` and of `audit`. The data holds no reference cycles, so
reference counting frees each object the moment it is unused; the pause only skips the walks.
"""

from __future__ import annotations

import atexit
import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused() -> Iterator[None]:
    """No automatic cyclic collection inside the block; the collector's previous state after it. What the
    block made and still holds is then counted with the oldest objects: the next collection of the young
    would otherwise walk all of it at once (tens of milliseconds after each large block at 3,000 files).
    Cyclic garbage made inside the block waits for the next full collection."""
    enabled = gc.isenabled()
    outermost = gc.get_freeze_count() == 0   # not inside sparing_what_exists, whose set-aside objects stay so
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            if outermost:
                gc.freeze()     # every tracked object set aside, then handed back as the oldest generation
                gc.unfreeze()
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


def no_last_collection() -> None:
    """End this process without the interpreter's last collections, which walk the whole heap for nothing
    (every object is freed at exit anyway): 0.7 s after an incremental build at 3,000 incidents. At exit,
    everything alive is set aside first. Objects in reference cycles are then not finalized at exit, which
    Python never promises; every file statuspress writes is closed by its `with` block. Idempotent."""
    if not _SPARED_AT_EXIT:   # once, however many commands a process runs (tests run many)
        atexit.register(gc.freeze)
        _SPARED_AT_EXIT.append(True)


_SPARED_AT_EXIT: list[bool] = []   # whether no_last_collection has registered its step
