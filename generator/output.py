"""The only writer of the site folder: build into a temporary sibling, then swap it in atomically."""

from __future__ import annotations

import contextlib
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

# What every previous build holds; a folder without them is not ours to replace.
BUILD_MARKERS = ("index.html", "sitemap.xml")


class UnsafeSiteDir(OSError):
    """The site folder would replace something that is not a previous build."""


def check_site_dir(site_dir: Path, project: Path, inputs: Iterable[Path]) -> None:
    """Refuse a site folder that holds the project or any input, lies inside an input folder, or
    already holds something other than a previous build: replacing it would delete it."""
    target = site_dir.resolve()
    for path in (project, *inputs):
        held = path.resolve()
        if held == target or held.is_relative_to(target):
            raise UnsafeSiteDir(f"refusing to build into {site_dir}: it holds {path}")
        if path != project and target.is_relative_to(held):
            raise UnsafeSiteDir(f"refusing to build into {site_dir}: it is inside {path}")
    if site_dir.is_symlink() or (site_dir.exists() and not site_dir.is_dir()):
        raise UnsafeSiteDir(f"refusing to replace {site_dir}: it is not a folder")
    if site_dir.is_dir() and any(site_dir.iterdir()) and not all((site_dir / m).is_file() for m in BUILD_MARKERS):
        raise UnsafeSiteDir(f"refusing to replace {site_dir}: it is not empty and does not look like a built "
                            f"site (no {' and '.join(BUILD_MARKERS)}); remove it or choose another --site-dir")


@contextlib.contextmanager
def atomic_site_dir(site_dir: Path) -> Iterator[Path]:
    """Yield an empty folder next to `site_dir`; on success it replaces `site_dir`, on failure it is
    removed and the previous site is left exactly as it was. Call check_site_dir first."""
    site_dir = site_dir.absolute()
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
    shutil.rmtree(old, ignore_errors=True)
