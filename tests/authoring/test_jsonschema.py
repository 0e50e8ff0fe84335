"""The editor JSON Schema: generated from schema.py, committed, and accepting every example incident."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from generator import schema
from generator.config import load_config
from generator.jsonschema import INTERNAL_NOTE, SCHEMA_PATH, incident_schema, render

from .conftest import ROOT, load_json_compatible

EXAMPLES = sorted((ROOT / "incidents").rglob("*.yml"))


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    committed = json.loads((ROOT / SCHEMA_PATH).read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(committed)
    return jsonschema.Draft202012Validator(committed)


def test_committed_schema_is_regenerated() -> None:
    config, problems = load_config(ROOT / "mkdocs.yml")
    assert problems == []
    expected = render(config.components)
    assert (ROOT / SCHEMA_PATH).read_text(encoding="utf-8") == expected, (
        "schema/incident.schema.json is stale: run `statuspress schema -o schema/incident.schema.json`")


def test_every_schema_field_is_in_the_json_schema() -> None:
    generated = incident_schema()

    def walk(fields: tuple[schema.Field, ...], node: dict) -> None:
        assert node["additionalProperties"] is False
        assert list(node["properties"]) == [f.name for f in fields]
        assert node.get("required", []) == [f.name for f in fields if f.required]
        for f in fields:
            prop = node["properties"][f.name]
            assert prop["description"] == f.doc + (INTERNAL_NOTE if f.internal else "")
            assert prop.get("x-internal", False) is f.internal
            if isinstance(f.type, schema.Object):
                walk(f.type.fields, prop)
            elif isinstance(f.type, schema.ObjectList):
                walk(f.type.fields, prop["items"])
            elif isinstance(f.type, schema.Enum):
                assert prop["enum"] == list(f.type.values)

    walk(schema.INCIDENT_FIELDS, generated)


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_example_incidents_validate(path: Path, validator: jsonschema.Draft202012Validator) -> None:
    data = load_json_compatible(path.read_text(encoding="utf-8"))
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(data)]
    assert errors == []


def test_examples_exist() -> None:
    assert len(EXAMPLES) >= 5


BASE = """\
title: Example
impact: minor
components: {api: partial_outage}
started_at: 2026-11-26T09:02:00Z
updates:
  - at: 2026-11-26T09:15:00Z
    status: investigating
    message: Looking.
"""

MAINTENANCE = """\
title: Example
kind: maintenance
components: {api: under_maintenance}
scheduled_start: 2026-12-05T02:00:00Z
scheduled_end: 2026-12-05T04:00:00Z
updates:
  - at: 2026-11-26T09:15:00Z
    status: scheduled
    message: Planned.
"""


@pytest.mark.parametrize(("text", "error"), [
    (BASE, None),
    (MAINTENANCE, None),
    (BASE.replace("impact: minor", "impact: huge"), "'huge' is not one of"),
    (BASE.replace("impact: minor", "impcat: minor"), "Additional properties are not allowed ('impcat'"),
    (BASE.replace("{api: partial_outage}", "{apii: partial_outage}"), "'apii'"),
    (BASE.replace("{api: partial_outage}", "{api: broken}"), "'broken' is not one of"),
    (BASE.replace("09:02:00Z", "09:02:00"), "does not match"),
    (BASE.replace("status: investigating", "status: scheduled"), "'scheduled' is not one of"),
    (BASE.replace("started_at: 2026-11-26T09:02:00Z\n", ""), "'started_at' is a required property"),
    (BASE.replace("    message: Looking.\n", ""), "'message' is a required property"),
    (MAINTENANCE.replace("status: scheduled", "status: investigating"), "'investigating' is not one of"),
    (MAINTENANCE + "started_at: 2026-12-05T02:00:00Z\n", "False schema does not allow"),
    (BASE + "update_every: 90x\n", "does not match"),
    (BASE + "    corrected: {at: 2026-11-26T09:20:00Z, reason: Wrong region.}\n", None),
    (BASE + "    corrected:\n      - {at: 2026-11-26T09:20:00Z, reason: Wrong region.}\n", None),
    (BASE + "    corrected:\n      - {at: 2026-11-26T09:20:00Z}\n", "'reason' is a required property"),
    (BASE + "corrections:\n  - {at: 2026-11-26T09:20:00Z, field: impact, reason: All customers.}\n", None),
    (BASE + "corrections:\n  - {at: 2026-11-26T09:20:00Z, field: tags, reason: Wrong tags.}\n",
     "'tags' is not one of"),
    (BASE + "drill: true\n", None),
    (BASE + "drill: \"true\"\n", "'true' is not of type 'boolean'"),
])
def test_schema_catches_what_check_catches(text: str, error: str | None) -> None:
    config, _ = load_config(ROOT / "mkdocs.yml")
    validator = jsonschema.Draft202012Validator(incident_schema(config.components))
    messages = [e.message for e in validator.iter_errors(load_json_compatible(text))]
    if error is None:
        assert messages == []
    else:
        assert any(error in m for m in messages), messages
