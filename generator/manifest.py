"""What a build wrote into a site folder: `.statuspress-manifest`, the mark that a folder is statuspress's to replace.

The file is plain text. Its first line names the format and its version; each further line is the SHA-256 of
one file the build wrote, two spaces, and the file's path relative to the site folder (sorted, `/`-separated,
percent-encoded where it holds a space, `%`, a control or a non-ASCII character), the layout `sha256sum`
prints, so `tail -n +2 .statuspress-manifest | sha256sum --check` verifies a copy of the site. A build marks
its temporary folder the moment it creates it with the first line and ` unfinished`, and writes the list
(atomically, replacing that line) only once everything else is written.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, unquote

NAME = ".statuspress-manifest"
MAGIC = "statuspress-site-manifest"
VERSION = "1"
HEADER = f"{MAGIC} {VERSION}"
UNFINISHED = f"{HEADER} unfinished"
SAFE = "/!$&'()*+,;=:@"  # kept as they are besides letters, digits and _.-~ (no space, %, backslash, control)


# path → what the file system said of a file when its digest was read: size, times of modification and
# of change, inode and device. Any write, truncation, chmod, touch or replacement changes at least the
# change time (`st_ctime_ns`), which no user can set back.
Stats = dict[str, tuple[int, ...]]
# path → (SHA-256, Stats key) of a file the build wrote from bytes it held (`write`, `told`): `finish` lists
# that digest without reading the file back while the file system still reports the file exactly so.
Known = dict[str, tuple[str, tuple[int, ...]]]


class ManifestError(ValueError):
    """A manifest this version cannot read: not ours, damaged, or from a newer statuspress."""


@dataclass(frozen=True)
class Manifest:
    """A folder's manifest: `finished` once the build wrote everything; `files` maps path → sha256."""

    finished: bool
    files: dict[str, str]


def start(folder: Path) -> None:
    """Mark a new, empty temporary folder as a build's own before anything else goes into it."""
    (folder / NAME).write_text(UNFINISHED + "\n", encoding="utf-8")


def write(path: str, data: bytes) -> tuple[str, tuple[int, ...]]:
    """Write `data` to the file `path` (making its folder), as `open(path, "wb")` does; returns its SHA-256 and
    what the file system said of it once written, for `finish` (see `Known`)."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC, 0o666)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
        written = os.fstat(fd)
    finally:
        os.close(fd)
    return hashlib.sha256(data).hexdigest(), _stat_key(written)


def told(path: str, data: bytes) -> tuple[str, tuple[int, ...]]:
    """For `finish` (see `Known`): the SHA-256 of `data`, which was just written to `path` and nothing can have
    changed since, and what the file system says of that file."""
    return hashlib.sha256(data).hexdigest(), _stat_key(os.stat(path, follow_symlinks=False))


def finish(folder: Path, known: Known | None = None) -> Stats:
    """List every file now in `folder` (a build's complete output) in its manifest, in one atomic step.
    Returns what the file system said of each file as it was read (see `stats`). `known`: the digests of
    files the build wrote from bytes it held, taken while a file is still exactly as then."""
    known = known or {}
    own = (NAME, f"{NAME}.partial")
    files = sorted((rel, entry) for rel, entry in _entries(folder)
                   if entry.is_file(follow_symlinks=False) and rel not in own)
    lines = [HEADER]
    seen: Stats = {}
    for rel, entry in files:
        before = _stat_key(entry.stat(follow_symlinks=False))
        digest, then = known.get(rel, ("", ()))
        if then == before:
            lines.append(f"{digest}  {quote(rel, safe=SAFE)}")
            seen[rel] = before
            continue
        lines.append(f"{_sha256(entry.path)}  {quote(rel, safe=SAFE)}")
        if _stat_key(os.stat(entry.path, follow_symlinks=False)) == before:
            seen[rel] = before
    partial = folder / f"{NAME}.partial"
    partial.write_text("\n".join(lines) + "\n", encoding="utf-8")
    os.replace(partial, folder / NAME)
    return seen


def record(folder: Path, *rels: str) -> None:
    """After files of a finished site were written or replaced in place (notify's ledger, serve's quick
    rebuild), list them with their new SHA-256, atomically, so the next build still knows the folder for its own."""
    current = read(folder)
    if current is None or not current.finished:
        raise ManifestError(f"{folder} is not a finished statuspress site")
    files = dict(current.files)
    for rel in rels:
        files[rel] = _sha256(os.fspath(folder / rel))
    lines = [HEADER, *(f"{digest}  {quote(path, safe=SAFE)}" for path, digest in sorted(files.items()))]
    partial = folder / f"{NAME}.partial"
    partial.write_text("\n".join(lines) + "\n", encoding="utf-8")
    os.replace(partial, folder / NAME)


def read(folder: Path) -> Manifest | None:
    """The manifest of `folder`; None when it has none (a regular file named NAME). Raises ManifestError."""
    path = folder / NAME
    if not path.is_file() or path.is_symlink():
        return None
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as err:
        raise ManifestError(f"{path} cannot be read: {err}") from err
    head = lines[0].split() if lines else []
    if head[:1] != [MAGIC]:
        raise ManifestError(f"{path} is not a statuspress manifest")
    if lines[0] not in (HEADER, UNFINISHED):
        raise ManifestError(f"{path} is in a format this statuspress does not know ({lines[0]!r}; "
                            f"it reads {HEADER!r}): written by a newer version?")
    files = {}
    for number, line in enumerate(lines[1:], start=2):
        digest, sep, rel = line.partition("  ")
        if not sep or len(digest) != 64 or not rel:
            raise ManifestError(f"{path}:{number}: damaged line {line!r}")
        files[unquote(rel)] = digest
    return Manifest(finished=lines[0] == HEADER, files=files)




def _stat_key(st: os.stat_result) -> tuple[int, ...]:
    return st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev


def strangers(folder: Path, manifest: Manifest, unchanged: Stats | None = None) -> tuple[list[str], list[str]]:
    """What replacing `folder` would lose beyond what its build wrote: (paths the build did not write, files
    changed since). Symbolic links and other special files are never a build's; an empty folder the build did
    not make is listed as `path/`. `unchanged`: the files' Stats as of a time their digests were those in
    `manifest` (what `finish` saw, kept by the build cache); a file the file system still reports exactly so
    is not read again."""
    unchanged = unchanged or {}
    made = {"/".join(parts[:n]) for parts in (rel.split("/") for rel in manifest.files) for n in range(1, len(parts))}
    unknown: list[str] = []
    changed: list[str] = []
    for rel, entry in _entries(folder):
        if entry.is_dir(follow_symlinks=False):
            if rel not in made and _empty(entry.path):
                unknown.append(rel + "/")
        elif rel == NAME:
            continue
        elif rel not in manifest.files or not entry.is_file(follow_symlinks=False):
            unknown.append(rel)
        elif unchanged.get(rel) == _stat_key(entry.stat(follow_symlinks=False)):
            continue
        elif _sha256(entry.path) != manifest.files[rel]:
            changed.append(rel)
    return sorted(unknown), sorted(changed)


def _entries(folder: Path) -> Iterator[tuple[str, os.DirEntry[str]]]:
    """(`/`-separated path relative to `folder`, entry) of everything under it; symbolic links not followed."""
    stack = [("", os.fspath(folder))]
    while stack:
        prefix, top = stack.pop()
        with os.scandir(top) as entries:
            for entry in entries:
                rel = prefix + entry.name
                yield rel, entry
                if entry.is_dir(follow_symlinks=False):
                    stack.append((rel + "/", entry.path))


def _empty(path: str) -> bool:
    with os.scandir(path) as entries:
        return next(entries, None) is None


def _sha256(path: str) -> str:
    with open(path, "rb") as data:
        return hashlib.file_digest(data, "sha256").hexdigest()
