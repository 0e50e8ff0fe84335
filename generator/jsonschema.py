"""The JSON Schema (draft 2020-12) of an incident file, generated from the field table in schema.py.

Editors use it through a `# yaml-language-server: $schema=` comment to validate and
autocomplete as a comms lead types. It mirrors what `statuspress check` accepts for a
single file; checks across fields (order of updates, dates in the file name) stay in
the rules. Values are described as a YAML 1.2 editor sees them: timestamps and dates
are strings.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from . import schema
from .model import Component, Kind

DIALECT = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_PATH = "schema/incident.schema.json"   # relative to the folder holding mkdocs.yml

# What the reader accepts, as patterns an editor can check (ECMA 262 subset, no lookarounds).
TIMESTAMP_PATTERN = (r"^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]+)?)?"
                     r"([Zz]|[+-][0-9]{2}(:?[0-9]{2})?)$")
DATE_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
DURATION_PATTERN = r"^([0-9]+d([0-9]+h)?([0-9]+m)?|[0-9]+h([0-9]+m)?|[0-9]+m)$"
URL_PATTERN = r"^(https://|http://|mailto:)"

_STRING: dict[str, Any] = {"type": "string", "minLength": 1}


def _plain_types() -> dict[schema.Type, dict[str, Any]]:
    return {
        schema.TEXT: dict(_STRING),
        schema.MARKDOWN: dict(_STRING),
        schema.TIMESTAMP: {"type": "string", "pattern": TIMESTAMP_PATTERN},
        schema.DATE: {"type": "string", "pattern": DATE_PATTERN},
        schema.DURATION: {"type": "string", "pattern": DURATION_PATTERN},
        schema.TEXT_LIST: {"type": ["array", "null"], "items": dict(_STRING)},
        schema.MARKDOWN_LIST: {"type": ["array", "null"], "items": dict(_STRING)},
        schema.SLUG: {"type": "string", "pattern": schema.SLUG_PATTERN, "maxLength": 64},
        schema.URL: {"type": "string", "pattern": URL_PATTERN},
        schema.COMPONENT_MAP: {"$ref": "#/$defs/componentMap"},
        schema.BOOL: {"type": "boolean"},
    }


_EXAMPLE_TYPES = (schema.TEXT, schema.MARKDOWN, schema.TIMESTAMP, schema.DATE, schema.DURATION,
                  schema.SLUG, schema.URL)


INTERNAL_NOTE = " Internal: only the internal build shows it, unless mkdocs.yml lists it under audience: public."


def describe(spec: schema.Field) -> str:
    """The field's description as an editor shows it on hover; internal fields say so."""
    return spec.doc + (INTERNAL_NOTE if spec.internal else "")


def _field(spec: schema.Field) -> dict[str, Any]:
    kind = spec.type
    out: dict[str, Any]
    if isinstance(kind, schema.Object):
        out = _object(kind.fields)
    elif isinstance(kind, schema.ObjectList) and kind.single:
        # A list of maps, or (the older form) one map: the object keywords apply only to a map and
        # `items` only to a list, so one schema describes both.
        out = {**_object(kind.fields), "type": ["array", "object", "null"], "items": _object(kind.fields)}
    elif isinstance(kind, schema.ObjectList):
        out = {"type": ["array", "null"], "items": _object(kind.fields)}
    elif isinstance(kind, schema.Enum):
        out = {"type": "string", "enum": list(kind.values)}
    elif isinstance(kind, schema.StatusByKind):
        # The allowed values depend on the file's kind; the top level narrows them (see _by_kind).
        out = {"type": "string", "enum": sorted({v for values in kind.values.values() for v in values})}
    else:
        out = dict(_plain_types()[kind])
    out = {"description": describe(spec), **out}
    if spec.internal:
        out["x-internal"] = True    # an annotation: validators ignore it, tools may read it
    scalar = kind in _EXAMPLE_TYPES or isinstance(kind, schema.Enum | schema.StatusByKind)
    if spec.example is not None and scalar:
        out["examples"] = [spec.example]
    return out


def _object(fields: Sequence[schema.Field]) -> dict[str, Any]:
    out: dict[str, Any] = {
        "type": "object",
        "properties": {f.name: _field(f) for f in fields},
        "additionalProperties": False,
    }
    required = [f.name for f in fields if f.required]
    if required:
        out["required"] = required
    return out


def _status_values(kind: str) -> list[str]:
    for spec in schema.UPDATE_FIELDS:
        if isinstance(spec.type, schema.StatusByKind):
            return list(spec.type.values[kind])
    raise AssertionError("UPDATE_FIELDS has no StatusByKind field")  # pragma: no cover


def _by_kind() -> dict[str, Any]:
    """Maintenance and incidents differ in which time fields belong and which update statuses apply."""

    def branch(kind: str, needed: Sequence[str], forbidden: frozenset[str]) -> dict[str, Any]:
        properties: dict[str, Any] = {name: False for name in sorted(forbidden)}
        properties["updates"] = {"items": {"properties": {"status": {"enum": _status_values(kind)}}}}
        return {"required": list(needed), "properties": properties}

    return {
        "if": {"properties": {"kind": {"const": Kind.MAINTENANCE.value}}, "required": ["kind"]},
        "then": branch(Kind.MAINTENANCE.value, ("scheduled_start", "scheduled_end"), schema.INCIDENT_ONLY),
        "else": branch(Kind.INCIDENT.value, ("started_at",), schema.MAINTENANCE_ONLY),
    }


def _component_map(components: Sequence[Component]) -> dict[str, Any]:
    status = {"$ref": "#/$defs/componentStatus"}
    out: dict[str, Any] = {
        "type": "object",
        "description": "Component ids (declared in mkdocs.yml) mapped to their status.",
        "propertyNames": {"pattern": schema.SLUG_PATTERN},
    }
    if components:
        out["properties"] = {c.id: {**status, "description": c.name} for c in components}
        out["additionalProperties"] = False
    else:
        out["additionalProperties"] = status
    return out


def incident_schema(components: Sequence[Component] = ()) -> dict[str, Any]:
    """The schema as a dict; with components, their ids are the only keys allowed (and autocompleted)."""
    top = _object(schema.INCIDENT_FIELDS)
    return {
        "$schema": DIALECT,
        "$comment": "Generated by `statuspress schema` from generator/schema.py and the components in "
                    "mkdocs.yml; do not edit by hand.",
        "title": "statuspress incident or maintenance file",
        "description": "One incident or maintenance window: incidents/<YYYY>/<YYYY-MM-DD>-<slug>.yml.",
        **top,
        "allOf": [_by_kind()],
        "$defs": {
            "componentStatus": {"type": "string", "enum": list(schema.COMPONENT_STATUSES)},
            "componentMap": _component_map(components),
        },
    }


def render(components: Sequence[Component] = ()) -> str:
    """The schema as the bytes committed to schema/incident.schema.json (stable, newline-terminated)."""
    return json.dumps(incident_schema(components), indent=2, ensure_ascii=False) + "\n"
