"""The git history part of the build cache: what one read of git history found, kept for the next read.

`statuspress build --incremental` and `serve` make a KeptHistory from their Cache (cache.py) before the
pipeline runs: it holds history.py's `Known` from the last build (or an empty one). The pipeline hands
it to the history read, in whichever process that runs, and leaves what the read found in `found`;
`save` stores what the next read can reuse, once the build has succeeded. Plain `statuspress build` and
`mkdocs build` make none, and read and write no cache.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .cache import Cache
    from .history import Found, Known

NAME = "history"   # one for every audience: the history is read in full, then narrowed (redact.py)


class KeptHistory:
    """`known`: what the last build's read found (Known() when there is none); `found`: what this build's
    read found, set by pipeline.run (None when git could not be read)."""

    def __init__(self, cache: Cache) -> None:
        from .history import Known  # git: only for a build that reads history

        self._cache = cache
        stored = cache.read(NAME)
        self.known: Known = stored if isinstance(stored, Known) else Known()
        self.found: Found | None = None

    def save(self) -> None:
        """Keep what this build's read used, for the next one (nothing when it could not read git)."""
        if self.found is not None:
            self._cache.write(NAME, self.known.after(self.found))
