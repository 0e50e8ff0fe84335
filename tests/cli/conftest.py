"""Fixtures for the CLI tests; the helpers themselves live in cli_helpers.py."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_helpers import TmpProject


@pytest.fixture
def tmp_project(tmp_path: Path) -> TmpProject:
    """An empty project: a copy of the repo's mkdocs.yml in tmp_path/site, no incidents yet."""
    root = tmp_path / "site"
    root.mkdir()
    return TmpProject(root)
