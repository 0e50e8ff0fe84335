"""Where an incident's file is, and how files are written: atomically, and never over a change.

`locate` turns an id (or a path) from the command line into a file confined to the incidents folder;
`write_atomic` replaces a file through a temp file in the same folder only if it still holds what the
edit was based on, and creates one only if none appeared meanwhile.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from ..config import SiteConfig
from ..jsonschema import SCHEMA_PATH
from ..problems import START, Problems, StatuspressError
from ..rules.identity import STEM
from ..source import display_path


class EditRefused(StatuspressError):
    """The edit would make the file invalid, or cannot be made safely; nothing was written."""


class NotFound(LookupError):
    """No incident file for the id given on the command line."""


def incidents_root(config: SiteConfig) -> Path:
    return (config.root / config.incidents_dir).resolve()


def locate(config: SiteConfig, ident: str) -> Path:
    """The file of incident `ident` (its id, or a path to its .yml), confined to the incidents folder."""
    root = incidents_root(config)
    if ident.endswith((".yml", ".yaml")) or "/" in ident or os.sep in ident:
        candidate = Path(ident)
        if not candidate.is_absolute():
            candidate = Path.cwd() / candidate
    else:
        if not STEM.match(ident):
            raise NotFound(f"{ident!r} is not an incident id; ids look like 2026-11-28-api-errors "
                           "(the file name without .yml)")
        candidate = root / ident[:4] / f"{ident}.yml"
    if candidate.is_symlink():
        raise NotFound(f"{display_path(candidate)} is a symbolic link; statuspress only edits regular files")
    resolved = candidate.resolve()
    if not resolved.is_relative_to(root) or resolved.suffix != ".yml":
        raise NotFound(f"{ident!r} is not an incident file under {config.incidents_dir}/")
    if not resolved.is_file():
        raise NotFound(f"no incident {ident!r}: {display_path(resolved)} does not exist")
    return resolved


def new_path(config: SiteConfig, ident: str) -> Path:
    """Where the file of a new incident `ident` goes."""
    if not STEM.match(ident):
        raise ValueError(f"{ident!r} is not a safe incident id; use lowercase letters, digits and hyphens")
    return incidents_root(config) / ident[:4] / f"{ident}.yml"


def schema_reference(config: SiteConfig, target: Path) -> str:
    """The relative path from a new incident file's folder to the committed JSON Schema."""
    return Path(os.path.relpath(config.root / SCHEMA_PATH, target.parent)).as_posix()


def write_atomic(path: Path, text: str, expect: bytes | None) -> None:
    """Replace (or, with expect=None, create) `path` through a temp file in the same folder.

    `expect` is the content the edit was based on: if the file changed meanwhile, refuse.
    Creating never replaces a file that appeared meanwhile.
    """
    data = text.encode("utf-8")
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if expect is None:
            os.chmod(tmp, 0o666 & ~_umask())
            try:
                os.link(tmp, path)      # fails if the file exists: never overwrite
            except FileExistsError as err:
                raise _changed(path, "appeared") from err
            except OSError:             # a file system without hard links
                if path.exists():
                    raise _changed(path, "appeared") from None
                os.replace(tmp, path)
            return
        os.chmod(tmp, path.stat().st_mode & 0o7777)
        if path.read_bytes() != expect:
            raise _changed(path, "changed")
        os.replace(tmp, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)


def replace_file(path: Path, text: str) -> None:
    """Write a generated file (the JSON Schema) atomically, whatever it held before."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(text.encode("utf-8"))
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)


def _changed(path: Path, how: str) -> EditRefused:
    problems = Problems(display_path(path))
    problems.error(START, f"the file {how} on disk while statuspress was editing it; nothing was written, "
                   "try again", "edit-refused")
    return EditRefused(problems.items)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


__all__ = ["EditRefused", "NotFound", "incidents_root", "locate", "new_path", "replace_file", "schema_reference",
           "write_atomic"]
