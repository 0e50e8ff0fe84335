"""Fixtures for the input-hardening tests: a throwaway project, and the CLI helpers of tests/cli."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

for _helpers in ("cli", "unit"):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / _helpers))

from cli_helpers import REPO_ROOT, TmpProject  # noqa: E402


@pytest.fixture
def tmp_project(tmp_path: Path) -> TmpProject:
    """An empty project: a copy of the repo's mkdocs.yml in tmp_path/site, no incidents yet."""
    root = tmp_path / "site"
    root.mkdir()
    return TmpProject(root)


@pytest.fixture
def site_project(tmp_project: TmpProject) -> TmpProject:
    """tmp_project with what a real build needs besides mkdocs.yml: the theme overrides and pages/."""
    shutil.copytree(REPO_ROOT / "overrides", tmp_project.root / "overrides")
    (tmp_project.root / "pages").mkdir()
    return tmp_project
