"""Run mkdocs with the statuspress plugin on an already checked project, into an atomic site folder."""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config

from .load import Project
from .model import Audience
from .output import Notify, atomic_site_dir, check_site_dir

# Each audience's own default folder beside mkdocs.yml, so an internal build never lands where the
# public site is published from.
DEFAULT_SITE_DIRS = {Audience.PUBLIC: "site", Audience.INTERNAL: "site-internal"}


def build_site(project: Project, now: datetime, site_dir: Path | None = None,
               progress: Callable[[int, int], None] | None = None, notify: Notify | None = None,
               audience: Audience = Audience.PUBLIC) -> Path:
    """Build the site for `audience`; returns the folder written. `notify` hears that the build waits for
    another one into the same folder, and warnings about folders beside it that it kept. Raises mkdocs'
    exceptions, or OSError (UnsafeSiteDir among them) on failure, and then nothing was replaced (unless it
    is output.SwitchFailed, whose message says where the previous site is)."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    _quiet_mkdocs()
    config_file = project.config.config_file
    target = site_dir or config_file.parent / DEFAULT_SITE_DIRS[audience]
    config = load_config(str(config_file), site_dir=str(target))
    inputs = [project.config.root / project.config.incidents_dir, Path(config.docs_dir), config_file]
    if config.theme.custom_dir:
        inputs.append(Path(config.theme.custom_dir))
    check_site_dir(target, project.config.root, inputs)
    with atomic_site_dir(target, notify) as work, _source_date(now):
        config = load_config(str(config_file), site_dir=str(work))
        plugin = config.plugins["statuspress"]
        plugin.build_time = now  # type: ignore[attr-defined]
        plugin.preloaded = project  # type: ignore[attr-defined]
        plugin.progress = progress  # type: ignore[attr-defined]
        plugin.audience = audience  # type: ignore[attr-defined]
        mkdocs_build(config)
    return target


@contextlib.contextmanager
def _source_date(now: datetime) -> Iterator[None]:
    """mkdocs stamps pages (sitemap) with SOURCE_DATE_EPOCH: the same --at gives the same bytes."""
    before = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(int(now.timestamp()))
    try:
        yield
    finally:
        if before is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = before


def _quiet_mkdocs() -> None:
    """Show mkdocs' warnings and errors, not its INFO chatter about pages outside the nav."""
    logger = logging.getLogger("mkdocs")
    if not logger.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(levelname)s: %(message)s"))
        logger.addHandler(handler)
        logger.setLevel(logging.WARNING)
        logger.propagate = False
