"""The only writer of the site folder: one build at a time, into a temporary folder beside it, switched in
with one atomic step, replacing only what the previous build wrote.

Beside a site folder `site` a build uses `.site-lock` (an empty lock file, removed when the build ends) and
`.site-tmp-<8 hex digits>` (the folder it writes into; after the switch it holds the previous site until
that is deleted). The switch exchanges the two folders in one system call (Linux `renameat2` with
RENAME_EXCHANGE, macOS `renamex_np` with RENAME_SWAP), so `site` is at every moment either the complete
previous site or the complete new one. Where the system or file system cannot exchange, it falls back to two
renames, and a kill between them leaves no `site` until the next build.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import functools
import os
import re
import secrets
import shutil
import stat
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path

from . import forked, manifest

Notify = Callable[[str], None]
LEGACY_MARKERS = ("index.html", "sitemap.xml")  # what sites of statuspress before manifests hold
SHOWN = 8  # names listed in a message before "and N more"


class UnsafeSiteDir(OSError):
    """The site folder would replace something that is not exactly a previous build."""


class SwitchFailed(OSError):
    """The two-rename fallback failed half-way and could not undo its first step; the message says where the
    previous site is."""


def check_site_dir(site_dir: Path, project: Path, inputs: Iterable[Path]) -> None:
    """Refuse a site folder that holds the project or any input, lies inside an input folder, or is not a
    folder: replacing it would delete them. Reads nothing inside it (see `atomic_site_dir`)."""
    target = site_dir.resolve()
    for path in (project, *inputs):
        held = path.resolve()
        if held == target or held.is_relative_to(target):
            raise UnsafeSiteDir(f"refusing to build into {site_dir}: it holds {path}")
        if path != project and target.is_relative_to(held):
            raise UnsafeSiteDir(f"refusing to build into {site_dir}: it is inside {path}")
    if site_dir.is_symlink() or (site_dir.exists() and not site_dir.is_dir()):
        raise UnsafeSiteDir(f"refusing to replace {site_dir}: it is not a folder")


def check_replaceable(site_dir: Path, unchanged: manifest.Stats | None = None) -> None:
    """Refuse to replace a folder unless it is missing, empty, or holds exactly what the build that wrote
    its manifest wrote: any other file in it, or a built file changed since, would be lost. `unchanged`:
    see manifest.strangers."""
    if not site_dir.is_dir() or not any(site_dir.iterdir()):
        return
    try:
        found = manifest.read(site_dir)
    except manifest.ManifestError as err:
        raise UnsafeSiteDir(f"refusing to replace {site_dir}: {err}") from err
    if found is None or not found.finished:
        if all((site_dir / name).is_file() for name in LEGACY_MARKERS):
            raise UnsafeSiteDir(
                f"refusing to replace {site_dir}: it has no {manifest.NAME}, the list of what a build wrote that "
                f"statuspress checks before it replaces a site folder. It looks like a site built by an earlier "
                f"statuspress or by `mkdocs build`, which do not write one; if nothing in it is yours, delete "
                f"it once (rm -r {site_dir}) and build again")
        raise UnsafeSiteDir(f"refusing to replace {site_dir}: it is not empty and does not look like a built site "
                            f"(no {manifest.NAME}); remove it or choose another --site-dir")
    unknown, changed = manifest.strangers(site_dir, found, unchanged)
    if unknown or changed:
        parts = [f"{what} ({_some(paths)})" for what, paths in
                 (("files the last build did not write", unknown), ("files changed since", changed)) if paths]
        raise UnsafeSiteDir(f"refusing to replace {site_dir}: it holds {' and '.join(parts)}, which replacing "
                            f"it would delete. Move them out of it (a file to publish with the site belongs in "
                            f"the docs_dir folder) or delete them, and build again")


@contextlib.contextmanager
def atomic_site_dir(site_dir: Path, notify: Notify | None = None, unchanged: manifest.Stats | None = None,
                    written: Callable[[manifest.Stats], None] | None = None,
                    known: manifest.Known | None = None) -> Iterator[Path]:
    """Yield an empty folder beside `site_dir` to build into; on success it replaces `site_dir` in one step,
    on failure it is removed and the previous site is left exactly as it was. Holds the site's lock from
    before the checks to after the switch, so builds into one folder take turns (`notify` hears that one
    waits). Call check_site_dir first. `unchanged`: see manifest.strangers; `written` hears, after the switch,
    what the file system said of the new site's files as their digests were read (manifest.finish), while the
    previous site is deleted. `known`: filled by the caller while it builds, see manifest.Known."""
    say = notify or (lambda _message: None)
    site_dir = site_dir.absolute()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    with _site_lock(site_dir, say):
        check_replaceable(site_dir, unchanged)
        for warning in clean_leftovers(site_dir):
            say(warning)
        work = _new_temporary(site_dir)
        try:
            yield work
            seen = manifest.finish(work, known)
            previous = _switch(work, site_dir)
        except BaseException:
            _discard(work)  # whatever failed, `work` is not the site folder
            raise
        # The previous site is deleted in a forked process where one is safe (forked.py), while `written`
        # runs here (the build writes its cache meanwhile); the lock is held until both are done.
        discarding = _in_child_if_safe(functools.partial(_discard, previous, unchanged)) \
            if previous is not None else None
        try:
            if written is not None:
                written(seen)
        finally:
            problem = discarding() if discarding is not None else None
        if problem:
            say(f"warning: kept {previous}, the folder that held the previous site: {problem}")


def _in_child_if_safe(work: Callable[[], str | None]) -> Callable[[], str | None]:
    """`work` started in a forked process where that is safe, else run at once; call the result for its
    outcome."""
    if not forked.can_fork():
        outcome = work()
        return lambda: outcome
    child = forked.InChild(forked.once(work))

    def outcome_of_child() -> str | None:
        try:
            outcome = child.next()
        except forked.ChildFailed:
            return work()   # killed part-way: whatever it left, _discard finishes or explains
        child.end()
        return outcome
    return outcome_of_child


def write_into_site(site_dir: Path, rel: str, data: bytes, say: Notify | None = None) -> Path:
    """Write one file into a site a build made (notify's ledger): see `replace_in_site`."""
    return replace_in_site(site_dir, {rel: data}, say)[0]


def replace_in_site(site_dir: Path, files: Mapping[str, bytes], say: Notify | None = None) -> list[Path]:
    """Write files into a site a build made (notify's ledger, serve's quick rebuild), each atomically, under
    the site's lock, and list them in the site's manifest, so the next build still replaces the folder.
    Refuses a folder that is not a finished build, and a path that is a link or leads out of it (before
    writing anything). No files: nothing is done."""
    if not files:
        return []
    site_dir = site_dir.absolute()
    with _site_lock(site_dir, say or (lambda _message: None)):
        current = manifest.read(site_dir)
        if current is None or not current.finished:
            raise UnsafeSiteDir(f"refusing to write {_some(list(files))} into {site_dir}: it is not a site "
                                "statuspress built")
        targets = [_inside(site_dir, rel) for rel in files]
        for target, data in zip(targets, files.values(), strict=True):
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
            try:
                with os.fdopen(fd, "wb") as handle:
                    handle.write(data)
                os.chmod(tmp, 0o666 & ~_umask())
                os.replace(tmp, target)
            finally:
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(tmp)
        manifest.record(site_dir, *files)
    return targets


def _inside(site_dir: Path, rel: str) -> Path:
    """Where `rel` is in the site; refuses a path through a link or out of the folder."""
    target = site_dir / rel
    for parent in (target, *target.parents):
        if parent == site_dir:
            break
        if parent.is_symlink():
            raise UnsafeSiteDir(f"refusing to write through {parent}: it is a symbolic link")
    if not target.parent.resolve().is_relative_to(site_dir.resolve()):
        raise UnsafeSiteDir(f"refusing to write {rel}: it leads out of {site_dir}")
    return target


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def clean_leftovers(site_dir: Path) -> list[str]:
    """Delete the temporary folders killed builds into `site_dir` left beside it; call with the site's lock
    held, so none belongs to a live build. A folder is deleted only when provably a build's (named like one,
    marked by a manifest, holding nothing its manifest does not list); a warning names each one kept."""
    ours = re.compile(rf"\.{re.escape(site_dir.name)}-tmp-[0-9a-f]{{8}}")
    earlier = re.compile(rf"\.{re.escape(site_dir.name)}-(old|new-[a-z0-9_]{{8}})")
    warnings = []
    for entry in sorted(site_dir.parent.iterdir()):
        if ours.fullmatch(entry.name):
            problem = _discard(entry)
            if problem:
                warnings.append(f"warning: kept {entry}: {problem}")
        elif earlier.fullmatch(entry.name) and entry.is_dir() and not entry.is_symlink():
            warnings.append(f"warning: kept {entry}: it may be a folder a killed build of an earlier statuspress "
                            f"left, but nothing proves it; delete it if nothing in it is yours")
    return warnings


def _discard(folder: Path, unchanged: manifest.Stats | None = None) -> str | None:
    """Delete a build's temporary folder (or the previous site swapped into it) if provably nothing else is in
    it; otherwise keep it and say why. `unchanged`: see manifest.strangers."""
    if folder.is_symlink() or not folder.is_dir():
        return "it is named like a temporary folder of statuspress, but is not a folder"
    try:
        found = manifest.read(folder)
        if found is None and any(folder.iterdir()):
            return f"it has no {manifest.NAME}, so nothing proves a build wrote it; delete it if nothing in it is yours"
        if found is not None and found.finished:
            unknown, changed = manifest.strangers(folder, found, unchanged)
            if unknown or changed:
                return (f"it holds what no build wrote ({_some(unknown + changed)}); move out what you need and "
                        f"delete it")
        _remove(folder)
    except (OSError, manifest.ManifestError) as err:
        return f"it could not be deleted ({err})"
    return None


def _remove(folder: Path) -> None:
    """Delete one of our folders with its manifest last, so a kill part-way leaves it still provably ours."""
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.name == manifest.NAME:
                continue
            if entry.is_dir(follow_symlinks=False):
                shutil.rmtree(entry.path)
            else:
                os.unlink(entry.path)
    with contextlib.suppress(FileNotFoundError):
        os.unlink(folder / manifest.NAME)
    os.rmdir(folder)


def _new_temporary(site_dir: Path) -> Path:
    """A new folder `.<site>-tmp-<hex>` beside the site, with the mode the umask gives (as every folder the
    build writes: a web server running as another user can read the site), marked as a build's."""
    for _ in range(100):
        path = site_dir.parent / f".{site_dir.name}-tmp-{secrets.token_hex(4)}"
        try:
            path.mkdir()
        except FileExistsError:
            continue
        manifest.start(path)
        return path
    raise FileExistsError(errno.EEXIST, "no free name for a temporary folder", str(site_dir.parent))


def _switch(work: Path, site_dir: Path) -> Path | None:
    """Put `work` in place of `site_dir`; returns the folder now holding the previous site (None if none)."""
    if not site_dir.exists():
        os.rename(work, site_dir)
        return None
    if _exchange(work, site_dir):
        return work
    aside = site_dir.parent / f".{site_dir.name}-tmp-{secrets.token_hex(4)}"
    os.rename(site_dir, aside)
    try:
        os.rename(work, site_dir)
    except OSError as err:
        try:
            os.rename(aside, site_dir)
        except OSError:
            raise SwitchFailed(err.errno, f"could not put the new site in place ({err.strerror}); the previous "
                                          f"site is in {aside}", str(site_dir)) from err
        raise
    return aside


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders in one system call; False where this system or file system cannot."""
    call = _exchange_call()
    if call is None:
        return False
    if call(os.fsencode(a), os.fsencode(b)) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(b))


@functools.cache
def _exchange_call() -> Callable[[bytes, bytes], int] | None:
    """The C library's exchanging rename: Linux renameat2(RENAME_EXCHANGE), macOS renamex_np(RENAME_SWAP)."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
    except OSError:
        return None
    if sys.platform.startswith("linux") and hasattr(libc, "renameat2"):
        at_fdcwd, rename_exchange = -100, 2
        renameat2 = libc.renameat2
        renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
        renameat2.restype = ctypes.c_int
        return lambda a, b: int(renameat2(at_fdcwd, a, at_fdcwd, b, rename_exchange))
    if sys.platform == "darwin" and hasattr(libc, "renamex_np"):
        rename_swap = 2
        renamex_np = libc.renamex_np
        renamex_np.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_uint]
        renamex_np.restype = ctypes.c_int
        return lambda a, b: int(renamex_np(a, b, rename_swap))
    return None


@contextlib.contextmanager
def _site_lock(site_dir: Path, say: Notify) -> Iterator[None]:
    """Hold an exclusive lock on `.<site>-lock` beside the site folder (never inside it: the switch replaces
    that). The file is removed at the end; a build that waited on a file removed meanwhile locks anew."""
    path = site_dir.parent / f".{site_dir.name}-lock"
    waited = False
    while True:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o666)
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                if not waited:
                    say(f"waiting for another statuspress build into {site_dir} to finish (it holds {path})")
                    waited = True
                fcntl.flock(fd, fcntl.LOCK_EX)
            held = os.fstat(fd)
            with contextlib.suppress(FileNotFoundError):
                now = os.lstat(path)
                if (now.st_dev, now.st_ino) == (held.st_dev, held.st_ino):
                    break
        except BaseException:
            os.close(fd)
            raise
        os.close(fd)
    try:
        yield
    finally:
        # Never delete a file someone else keeps there: only the empty file a build made.
        with contextlib.suppress(OSError):
            if stat.S_ISREG(held.st_mode) and os.fstat(fd).st_size == 0:
                os.unlink(path)
        os.close(fd)


def _some(paths: list[str]) -> str:
    shown = ", ".join(paths[:SHOWN])
    return shown if len(paths) <= SHOWN else f"{shown} and {len(paths) - SHOWN} more"
