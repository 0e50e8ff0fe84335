"""Strict readings of incident files (validate.Reading), kept from one load to the next in the build cache.

A reading is a pure function of a file's text, its real and display paths, the component ids and the
rule levels, and of the code that reads it: statuspress' own modules, PyYAML with libyaml, and Python
(whose Unicode tables decide which characters are letters or forbidden). Readings are stored under a
digest of all of these, so a load reads again only the files whose digest it has not stored; every
reading, reused or new, is then finished at this load's build time (validate.finish), and a load with
the cache reports exactly what one without it reports.

The digest is of the text, not of modification times: a CI checkout gives every file a new one. In a
cache folder each reading is stored pickled on its own, so a load that reuses most of them writes them
back as they were read; `serve` keeps them in memory as they are. What a load did not use (files
deleted, or changed since) is left out of what it stores.
"""

from __future__ import annotations

import functools
import hashlib
import pickle
import sys
import unicodedata
from collections.abc import Mapping
from typing import TYPE_CHECKING

import yaml

from .pickles import loads_as
from .source import SourceFile
from .validate import Reading, read_strict

if TYPE_CHECKING:
    from .cache import Cache

NAME = "readings"


class Readings:
    """The readings a load takes from `cache` (None: none, and none kept), and the ones it uses."""

    def __init__(self, cache: Cache | None, component_ids: tuple[str, ...], levels: Mapping[str, str]) -> None:
        self.cache = cache
        self.component_ids = component_ids
        self.levels = levels
        stored = cache.read(NAME) if cache is not None else None
        self.stored: dict[bytes, Reading | bytes] = stored if isinstance(stored, dict) else {}
        self.used: dict[bytes, Reading | bytes] = {}
        # Kept as they are in memory (`serve`); pickled one by one for a cache folder.
        self._in_memory = cache is not None and cache.memory is not None
        self.read = 0   # files read anew: not in the cache, or changed since
        self.keys: dict[str, bytes] = {}   # display path → the digest its reading is stored under
        self._settings = _settings_digest(component_ids, levels) if cache is not None else None

    def of(self, source: SourceFile) -> Reading:
        """The file's reading: stored under the same digest, or read now."""
        if self._settings is None:
            self.read += 1
            return read_strict(source, self.component_ids, self.levels)
        h = self._settings.copy()
        for part in (source.path.as_posix(), source.display, source.text):
            h.update(part.encode("utf-8", "surrogatepass") + b"\0")
        key = self.keys[source.display] = h.digest()
        stored = self.stored.get(key)
        if stored is not None:
            reading = stored if isinstance(stored, Reading) else loads_as(stored, Reading)
            if reading is not None:
                self.used[key] = stored
                return reading
        self.read += 1
        reading = read_strict(source, self.component_ids, self.levels)
        self.used[key] = reading if self._in_memory else pickle.dumps(reading, protocol=5)
        return reading

    def keep(self) -> None:
        """Store the readings this load used, and only those, for the next load."""
        if self.cache is not None:
            self.cache.write(NAME, self.used)


def _settings_digest(component_ids: tuple[str, ...], levels: Mapping[str, str]) -> hashlib.blake2b:
    """A hash, to be completed per file, of everything a reading depends on besides the file."""
    h = hashlib.blake2b(_code_digest(), digest_size=16)
    h.update(repr((component_ids, sorted(levels.items()))).encode("utf-8", "surrogatepass") + b"\0")
    return h


@functools.cache
def _code_digest() -> bytes:
    """statuspress' Python code, and the versions of Python, its Unicode tables, PyYAML and libyaml."""
    from .cache import code_fingerprint

    h = hashlib.blake2b(code_fingerprint(("PyYAML",)), digest_size=16)
    binding = getattr(yaml, "_yaml", None)   # libyaml's, when PyYAML was built with it
    libyaml = binding.get_version_string() if binding is not None else "none"
    h.update(f"{NAME}-1 {sys.version} unicode {unicodedata.unidata_version} pyyaml {yaml.__version__} "
             f"libyaml {libyaml}\0".encode())
    return h.digest()
