"""The comms-lead docs: every authoring option documented, and the YAML they show passes check."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from generator.cli import main
from generator.source import SourceFile
from generator.validate import validate_file

from .conftest import ROOT

DOCS = ROOT / "docs"
AUTHORING = ("new", "update", "resolve", "schema")


def _text(*names: str) -> str:
    return "\n".join((DOCS / name).read_text(encoding="utf-8") for name in names)


@pytest.mark.parametrize("command", AUTHORING)
def test_every_option_of_the_authoring_commands_is_documented(command: str) -> None:
    text = _text("guide.md", "editor.md")
    assert f"statuspress {command}" in text
    for param in main.commands[command].params:
        for opt in param.opts:
            if opt.startswith("--"):
                assert opt in text, f"{command} {opt} is not documented in docs/guide.md or docs/editor.md"


def test_the_web_editor_template_in_the_guide_passes_check() -> None:
    guide = _text("guide.md")
    template = re.search(r"and paste:\n\n```yaml\n(.*?)```", guide, re.S)
    assert template, "the guide's new-incident template is missing"
    name = re.search(r"`incidents/2026/(2026-11-28-[a-z-]+)\.yml`", guide)
    assert name
    path = ROOT / "incidents" / "2026" / f"{name.group(1)}.yml"
    result = validate_file(SourceFile(path, "guide.yml", template.group(1)), ("api",),
                           datetime(2026, 11, 28, 9, 20, tzinfo=UTC))
    assert result.problems.items == []


@pytest.mark.parametrize("doc", ["guide.md", "deploy.md", "editor.md", "reference.md"])
def test_relative_links_between_docs_resolve(doc: str) -> None:
    for target in re.findall(r"\]\(([^)#:]+\.md)(?:#[^)]*)?\)", _text(doc)):
        assert (DOCS / target).exists(), f"{doc} links to missing {target}"


def test_editor_doc_names_the_committed_schema() -> None:
    assert "schema/incident.schema.json" in _text("editor.md")
    assert Path(ROOT / "schema" / "incident.schema.json").exists()
