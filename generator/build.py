"""Run mkdocs with the statuspress plugin on an already checked project, into an atomic site folder."""

from __future__ import annotations

import logging
import os
from datetime import datetime
from pathlib import Path

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config

from .load import Project
from .output import atomic_site_dir


def build_site(project: Project, now: datetime, site_dir: Path | None = None) -> Path:
    """Build the site; returns the folder written. Raises mkdocs' exceptions on failure."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    # mkdocs stamps pages (sitemap) with SOURCE_DATE_EPOCH: the same --at gives the same bytes.
    os.environ["SOURCE_DATE_EPOCH"] = str(int(now.timestamp()))
    _quiet_mkdocs()
    config_file = project.config.config_file
    target = site_dir or config_file.parent / "site"
    with atomic_site_dir(target) as work:
        config = load_config(str(config_file), site_dir=str(work))
        plugin = config.plugins["statuspress"]
        plugin.build_time = now  # type: ignore[attr-defined]
        plugin.preloaded = project  # type: ignore[attr-defined]
        mkdocs_build(config)
    return target


def _quiet_mkdocs() -> None:
    """Show mkdocs' warnings and errors, not its INFO chatter about pages outside the nav."""
    logger = logging.getLogger("mkdocs")
    if not logger.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(levelname)s: %(message)s"))
        logger.addHandler(handler)
        logger.setLevel(logging.WARNING)
        logger.propagate = False
