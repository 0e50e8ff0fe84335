"""The git history part of the build cache: what one read of git history found, kept for the next read.

`statuspress build --incremental` and `serve` make a KeptHistory from their Cache (cache.py) before the
pipeline runs: it holds history.py's `Known` from the last build (or an empty one), read from the cache
when first asked for. The pipeline hands it to the history read, in whichever process that runs, and
leaves what the read found in `found`; `save` stores what the next read can reuse, once the build has
succeeded. A read in a forked process (`read_and_keep`, pipeline.py) reads the cache file itself and
gives back what the next read can reuse already pickled, so that this process neither reads nor pickles
the history. Plain `statuspress build` and `mkdocs build` make none, and read and write no cache.
"""

from __future__ import annotations

import pickle
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .cache import Cache
    from .history import Found, Known, Provenance

NAME = "history"   # one for every audience: the history is read in full, then narrowed (redact.py)


class KeptHistory:
    """`known`: what the last build's read found (Known() when there is none); `found`: what this build's
    read found, set by pipeline.run (None when git could not be read)."""

    def __init__(self, cache: Cache) -> None:
        self._cache = cache
        self._known: Known | None = None
        self.found: Found | None = None
        self._next: Callable[[], bytes | None] | None = None   # what a forked read pickled, when asked

    @property
    def known(self) -> Known:
        if self._known is None:
            from .history import Known  # git: only for a build that reads history

            stored = self._cache.read(NAME)
            self._known = stored if isinstance(stored, Known) else Known()
        return self._known

    @property
    def in_folder(self) -> bool:
        """Whether the cache is a folder (build --incremental), not serve's memory."""
        return self._cache.memory is None

    def read_and_keep(self, root: Path, incidents_dir: str) -> Iterator[Provenance | bytes | None]:
        """The history read reusing what is known, then what the next read can reuse, pickled (None when
        git could not be read): the work of a forked process, which hands back the provenance as soon as it
        has it, and the rest while the build goes on (see `kept_pickled`)."""
        from .history import read_history_reusing

        provenance, found = read_history_reusing(root, incidents_dir, self.known)
        yield provenance
        yield None if found is None else pickle.dumps(self.known.after(found), protocol=5)

    def kept_pickled(self, fetch: Callable[[], bytes | None]) -> None:
        """How `save` gets what `read_and_keep` pickled in another process."""
        self._next = fetch

    def save(self) -> None:
        """Keep what this build's read used, for the next one (nothing when it could not read git)."""
        if self.found is not None:
            self._cache.write(NAME, self.known.after(self.found))
        elif self._next is not None:
            data = self._next()
            if data is not None:
                self._cache.write_pickled(NAME, data)
