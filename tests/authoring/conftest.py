"""Shared helpers for the authoring tests: the repository root and a throwaway site to edit."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]

MKDOCS_YML = """\
site_name: Test Status
site_url: https://example.org/status/
plugins:
  - statuspress:
      components:
        - id: api
          name: Public API
        - id: dashboard
          name: Web dashboard
        - id: auth
          name: Sign-in
"""


class JsonLoader(yaml.SafeLoader):
    """YAML → JSON-compatible values: timestamps and dates stay strings, as a YAML 1.2 editor sees them."""


JsonLoader.yaml_implicit_resolvers = {
    first: [r for r in resolvers if r[0] != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def load_json_compatible(text: str) -> object:
    return yaml.load(text, Loader=JsonLoader)  # noqa: S506 - a SafeLoader subclass


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A minimal project (mkdocs.yml + empty incidents/) as the working directory."""
    (tmp_path / "mkdocs.yml").write_text(MKDOCS_YML)
    (tmp_path / "incidents").mkdir()
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    return tmp_path


@pytest.fixture
def example_site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the repository's example site (mkdocs.yml + incidents/) as the working directory."""
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    shutil.copytree(ROOT / "incidents", tmp_path / "incidents")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    return tmp_path
