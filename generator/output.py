"""The only writer of the site folder: build into a temporary sibling, then swap it in atomically."""

from __future__ import annotations

import contextlib
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path


@contextlib.contextmanager
def atomic_site_dir(site_dir: Path) -> Iterator[Path]:
    """Yield an empty folder next to `site_dir`; on success it replaces `site_dir`, on failure it is
    removed and the previous site is left exactly as it was."""
    site_dir = site_dir.absolute()
    if site_dir.exists() and (site_dir.is_symlink() or not site_dir.is_dir()):
        raise OSError(f"{site_dir} exists and is not a folder; refusing to replace it")
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}-new-", dir=site_dir.parent))
    try:
        yield work
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    old = site_dir.parent / f".{site_dir.name}-old"
    shutil.rmtree(old, ignore_errors=True)
    if site_dir.exists():
        site_dir.rename(old)
    work.rename(site_dir)
    work = site_dir
    shutil.rmtree(old, ignore_errors=True)
