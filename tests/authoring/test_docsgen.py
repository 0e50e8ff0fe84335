"""docs/reference.md is generated from schema.py and names every field (like `cog --check`)."""

from __future__ import annotations

import subprocess
import sys

from generator import docsgen, schema

from .conftest import ROOT


def _all_fields(fields: tuple[schema.Field, ...]) -> list[schema.Field]:
    out = []
    for f in fields:
        out.append(f)
        if isinstance(f.type, schema.Object | schema.ObjectList):
            out.extend(_all_fields(f.type.fields))
    return out


def test_committed_reference_is_regenerated() -> None:
    committed = (ROOT / "docs" / "reference.md").read_text(encoding="utf-8")
    assert committed == docsgen.render(), (
        "docs/reference.md is stale: run `python -m generator.docsgen > docs/reference.md`")


def test_module_entry_point_prints_the_reference() -> None:
    result = subprocess.run([sys.executable, "-m", "generator.docsgen"], capture_output=True, text=True,
                            cwd=ROOT, check=True)
    assert result.stdout == docsgen.render()


def test_every_field_and_value_is_documented() -> None:
    text = docsgen.render()
    for f in _all_fields(schema.INCIDENT_FIELDS) + _all_fields(schema.PLUGIN_FIELDS):
        assert f"| `{f.name}` |" in text, f.name
        assert f.doc in text.replace("\\|", "|"), f.name
    for value in schema.COMPONENT_STATUSES + schema.INCIDENT_STATUSES + schema.MAINTENANCE_STATUSES:
        assert f"`{value}`" in text
