"""Build a status site with the real `statuspress build` command, once per session for the example data.

The build runs in a child process (the CLI users run, with mkdocs' global state kept out of the test
process) into a temporary folder, at a fixed `--at` so every page is reproducible. `site_url` is left
as the config has it (`https://quillstack.github.io/status/`), so its sub-path is served for real.
"""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cached_property
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml

from .paths import EXAMPLE_CONFIG, REPO_ROOT

EXAMPLE_AT = "2026-11-28T12:00:00Z"


class BuildFailed(AssertionError):
    """`statuspress build` exited non-zero; the message carries its output."""


@dataclass(frozen=True)
class BuiltSite:
    """A built site folder and what it was built from."""

    root: Path  # the site folder (index.html, incidents/, feed.atom, api/v2/ ...)
    config_file: Path
    at: datetime
    site_url: str  # as configured, e.g. https://quillstack.github.io/status/

    @property
    def subpath(self) -> str:
        """The path the site is hosted under: '/status/' for the example, '/' without a site_url."""
        path = urlsplit(self.site_url).path if self.site_url else "/"
        return path if path.endswith("/") else path + "/"

    def path(self, rel: str) -> Path:
        """A file of the site; `rel` is site-root-relative ('incidents/x/', 'feed.atom')."""
        target = self.root / rel
        return target / "index.html" if rel.endswith("/") or rel == "" else target

    def read_text(self, rel: str) -> str:
        return self.path(rel).read_text(encoding="utf-8")

    def files(self, pattern: str) -> list[Path]:
        """Files matching a glob under the site root, sorted (e.g. '**/*.html', '**/feed.atom')."""
        return sorted(p for p in self.root.glob(pattern) if p.is_file())

    @cached_property
    def html_pages(self) -> list[Path]:
        """Every generated HTML page, sorted."""
        return self.files("**/*.html")

    def rel(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix()


def site_url_of(config_file: Path) -> str:
    """`site_url` from an mkdocs.yml (which may hold !!python tags: read only the top-level key)."""
    for line in config_file.read_text(encoding="utf-8").splitlines():
        if line.startswith("site_url:"):
            value = yaml.safe_load(line.partition(":")[2]) or ""
            return str(value)
    return ""


def internal_site_url_of(config_file: Path) -> str:
    """The plugin's `audience: internal_site_url:` (read with statuspress' own config reader)."""
    from generator.config import load_config

    config, _ = load_config(config_file)
    return config.disclosure.internal_site_url or ""


def build_site(
    dest: Path, *, config_file: Path = EXAMPLE_CONFIG, at: str = EXAMPLE_AT, extra_args: tuple[str, ...] = ()
) -> BuiltSite:
    """Run `statuspress build` for `config_file` into `dest`; raise BuildFailed with its output on error.
    With `--audience internal` among `extra_args`, the site's URL is the internal one."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    env.pop("SOURCE_DATE_EPOCH", None)
    cmd = [
        sys.executable,
        "-m",
        "generator.cli",
        "build",
        "--config-file",
        str(config_file),
        "--at",
        at,
        "--site-dir",
        str(dest),
        *extra_args,
    ]
    proc = subprocess.run(
        cmd, cwd=config_file.parent, env=env, capture_output=True, text=True, timeout=300, check=False
    )
    if proc.returncode != 0:
        raise BuildFailed(f"{' '.join(cmd)} exited {proc.returncode}\n{proc.stdout}{proc.stderr}")
    return BuiltSite(
        root=dest,
        config_file=config_file,
        at=datetime.fromisoformat(at).astimezone(UTC),
        site_url=internal_site_url_of(config_file) if "internal" in extra_args else site_url_of(config_file),
    )


# ------------------------------------------------------------------------------------------ fixtures


@pytest.fixture(scope="session")
def example_at() -> datetime:
    """The frozen build time of the example site."""
    return datetime.fromisoformat(EXAMPLE_AT).astimezone(UTC)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The example site (repo mkdocs.yml + incidents/), built once per session at EXAMPLE_AT."""
    return build_site(tmp_path_factory.mktemp("example-site") / "site")


@pytest.fixture(scope="session")
def built_internal_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The example site built for the incident team (`--audience internal`), once per session."""
    return build_site(tmp_path_factory.mktemp("example-internal") / "site", extra_args=("--audience", "internal"))


def example_site_model(at: datetime, audience: str = "public") -> Any:
    """The derived model (generator.derive.Site) of the example for `audience`, by the build's own
    pipeline (load → redact → derive) at `at`."""
    from generator.derive import derive_site
    from generator.load import load_project
    from generator.model import Audience
    from generator.redact import for_audience

    project = load_project(EXAMPLE_CONFIG, at, cwd=REPO_ROOT)
    assert not project.errors, project.errors
    config, incidents = for_audience(project.config, project.incidents, Audience(audience))
    return derive_site(config, incidents, at)


@pytest.fixture(scope="session")
def example_model(example_at: datetime) -> Any:
    """The derived model the public example site was built from: expected values for page assertions,
    computed by the same pipeline at the same time."""
    return example_site_model(example_at)


@pytest.fixture(scope="session")
def internal_model(example_at: datetime) -> Any:
    """The derived model the internal example site was built from."""
    return example_site_model(example_at, "internal")
