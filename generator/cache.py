"""The build cache, `.statuspress-cache/` beside mkdocs.yml: what one build made that the next can reuse.

`statuspress build --incremental` reads it before building and writes it after a build that
succeeded. It holds, per audience, what the last build made (page bodies and feeds:
render/reuse.py) under a fingerprint of everything else they depend on: statuspress' own code and
templates, the versions of the libraries that write them (RENDERING_LIBRARIES), mkdocs.yml and the
theme overrides. A build with another fingerprint starts afresh. It also holds what the last loads read of
each incident file (readings.py) and, for every audience, what the last read of git history found, by
commit and blob sha (history.py's `Known`, under `code_fingerprint`). The cache only saves time: a
build with it writes the same bytes as one without.

The cache is pickled, and unpickling can run code, so it is read only from a folder that is a real
folder (not a link), that the user running the build owns and nobody else may write to, and in which
git tracks nothing (a pull request cannot bring a cache with it). Otherwise it is left unread and the
build says why. Git ignores the folder (.gitignore); CI keeps it between runs (docs/deploy.md).
"""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
import stat
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import collector
from .pickles import UNREADABLE

if TYPE_CHECKING:
    from .render.reuse import Reuse

FOLDER = ".statuspress-cache"
FORMAT = b"statuspress-cache-1"
# The libraries whose versions decide the bytes of a reused output besides our own code: the theme and
# mkdocs, the templates and Markdown, the HTML sanitiser, and the writers of feeds (feedgen on lxml) and
# of the calendar (icalendar).
RENDERING_LIBRARIES = ("mkdocs", "mkdocs-material", "jinja2", "markdown", "nh3", "feedgen", "lxml", "icalendar")
GENERATOR = Path(__file__).parent


class Cache:
    """One project's cache folder; or, `in_memory`, the same kept in this process only (`serve`).
    `warn` hears why a cache was left unread. `last` is what the last build made (its pages rendered
    anew among them: render/reuse.py)."""

    def __init__(self, config_file: Path, warn: Callable[[str], None], in_memory: bool = False) -> None:
        self.config_file = config_file
        self.folder = config_file.parent / FOLDER
        self.warn = warn
        self.memory: dict[str, Any] | None = {} if in_memory else None
        self.pending: dict[str, Any] = {}   # written to disk by `save`
        self.last: Reuse | None = None

    def fingerprint(self, overrides: Path | None) -> bytes:
        """Everything a reused output depends on besides its own values and the Site (render/reuse.py)."""
        h = hashlib.blake2b(digest_size=16)
        h.update(FORMAT)
        for name in RENDERING_LIBRARIES:
            h.update(f"{name}={_version(name)}\n".encode())
        h.update(_own_code())
        for path in _files_under(GENERATOR, (".html", ".css", ".js")):   # read anew: serve may outlive an edit
            _add_file(h, path, GENERATOR)
        _add_file(h, self.config_file, self.config_file.parent)
        if overrides is not None and overrides.is_dir():
            for path in _files_under(overrides, None):
                _add_file(h, path, overrides)
        return h.digest()

    def read(self, name: str) -> Any:
        """What `write` stored under `name`, or None: no cache yet, another fingerprint's, or one not safe
        to read (said through `warn`)."""
        if self.memory is not None:
            return self.memory.get(name)
        path = self.folder / f"{name}.pickle"
        if not path.exists() and not path.is_symlink():
            return None
        why = self._unsafe(path)
        if why is not None:
            self.warn(f"{path}: not read, {why}; building in full")
            return None
        try:
            with path.open("rb") as handle:
                if handle.read(len(FORMAT)) != FORMAT:
                    return None
                with collector.paused():   # unpickling makes many objects: the collector would walk them all
                    return pickle.load(handle)   # noqa: S301 - only from a folder _unsafe accepted
        except (OSError, *UNREADABLE):
            self.warn(f"{path}: unreadable, building in full")
            return None

    def write(self, name: str, value: Any) -> None:
        """Store `value` under `name`: in memory at once; on disk when `save` is called, which the build
        does only once it has succeeded (bad input writes nothing, the cache included)."""
        if self.memory is not None:
            self.memory[name] = value
        else:
            self.pending[name] = value

    def write_pickled(self, name: str, data: bytes) -> None:
        """`write` for a value another process pickled already (protocol 5): written to disk as it is.
        Only for a cache folder: serve's memory keeps objects."""
        assert self.memory is None, "an in-memory cache keeps objects, not pickles"
        self.pending[name] = _Pickled(data)

    def save(self) -> None:
        """Write what `write` was given, each file replaced in one rename. A cache that cannot be written
        is said through `warn`; the build it follows has succeeded all the same."""
        pending, self.pending = self.pending, {}
        if self.memory is not None or not pending:
            return   # serve's memory holds it already; nothing to write makes no folder
        try:
            if self.folder.is_symlink():
                raise OSError(f"{self.folder} is a link")
            self.folder.mkdir(mode=0o700, exist_ok=True)
            for name, value in pending.items():
                fd, temp = tempfile.mkstemp(prefix=f".{name}-", dir=self.folder)
                try:
                    with os.fdopen(fd, "wb") as handle:
                        handle.write(FORMAT)
                        if isinstance(value, _Pickled):
                            handle.write(value.data)
                        else:
                            with collector.paused():
                                pickle.dump(value, handle, protocol=5)
                    os.replace(temp, self.folder / f"{name}.pickle")
                except BaseException:
                    Path(temp).unlink(missing_ok=True)
                    raise
        except OSError as err:
            self.warn(f"the build cache was not written: {err}")

    def _unsafe(self, path: Path) -> str | None:
        """Why `path` must not be unpickled, or None."""
        for item in (self.folder, path):
            info = os.lstat(item)
            if stat.S_ISLNK(info.st_mode):
                return f"{item.name} is a link"
            if info.st_uid != os.getuid():
                return f"{item.name} belongs to another user"
            if info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
                return f"{item.name} is writable by others"
        if self._git_tracks_files:
            return "git tracks files in it"
        return None

    @functools.cached_property
    def _git_tracks_files(self) -> bool:
        """Asked of git once per build, however many parts of the cache it reads."""
        return _tracked_by_git(self.folder)


@dataclass(frozen=True)
class _Pickled:
    data: bytes


def code_fingerprint(libraries: tuple[str, ...]) -> bytes:
    """statuspress' own Python code and the versions of `libraries`: everything a value computed from git
    objects alone depends on besides git (history.py keeps parsed blobs under it)."""
    h = hashlib.blake2b(digest_size=16)
    h.update(FORMAT)
    for name in libraries:
        h.update(f"{name}={_version(name)}\n".encode())
    h.update(_own_code())
    return h.digest()


@functools.cache
def _own_code() -> bytes:
    """A digest of statuspress' own Python code, read once per process: the code a process runs does not
    change under it. Every part of the cache is kept under it (outputs, readings, history)."""
    h = hashlib.blake2b(digest_size=16)
    for path in _files_under(GENERATOR, (".py",)):
        _add_file(h, path, GENERATOR)
    return h.digest()


def _tracked_by_git(folder: Path) -> bool:
    try:
        listed = subprocess.run(["git", "ls-files", "-z", "--", "."], cwd=folder, capture_output=True,
                                check=False, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return False   # no git: nothing can be tracked
    return listed.returncode == 0 and bool(listed.stdout)


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "none"


def _files_under(folder: Path, suffixes: tuple[str, ...] | None) -> list[Path]:
    found = []
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = sorted(d for d in dirnames if d != "__pycache__")
        found += [Path(dirpath, f) for f in sorted(filenames) if suffixes is None or f.endswith(suffixes)]
    return found


def _add_file(h: Any, path: Path, base: Path) -> None:
    h.update(path.relative_to(base).as_posix().encode() + b"\0")
    try:
        h.update(path.read_bytes())
    except OSError:
        h.update(b"\0unreadable")
