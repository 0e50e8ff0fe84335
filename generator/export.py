"""`statuspress export`: every incident with its derived timings and review status, one row each, as
CSV or JSON, plus the JSON Schema of the JSON, generated from the same column table.

The columns are declared once (COLUMNS): their names, their descriptions (from schema.py's field
table for fields typed in the file, from derive/metrics.py's METRICS for computed timings) and
their JSON types. Durations are in minutes; timestamps are ISO 8601 in UTC.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from . import schema
from .clock import format_utc
from .derive import Site
from .derive.actions import State, Tracker
from .derive.metrics import METRIC_BY_KEY
from .derive.site import IncidentView
from .jsonschema import DIALECT
from .model import Impact, Kind, Urgency

FORMATS = ("csv", "json")

_FIELD_DOCS = {f.name: f.doc for f in schema.INCIDENT_FIELDS}
_REVIEW_DOCS = {f.name: f.doc for f in schema.REVIEW_FIELDS}

Getter = Callable[[IncidentView, Tracker], Any]


@dataclass(frozen=True)
class Column:
    name: str
    doc: str
    json_type: dict[str, Any]
    get: Getter


def _iso(value: datetime | None) -> str | None:
    return format_utc(value) if value is not None else None


def _minutes(value: timedelta | None) -> float | None:
    return None if value is None else round(value.total_seconds() / 60, 2)


_STR = {"type": "string"}
_OPT_STR = {"type": ["string", "null"]}
_TIME = {"type": ["string", "null"], "format": "date-time"}
_MINUTES = {"type": ["number", "null"], "minimum": 0}
_COUNT = {"type": "integer", "minimum": 0}
_LIST = {"type": "array", "items": {"type": "string"}}


def _enum(values: Sequence[str], nullable: bool = False) -> dict[str, Any]:
    plain = [str(v) for v in values]
    if nullable:
        return {"type": ["string", "null"], "enum": [*plain, None]}
    return {"type": "string", "enum": plain}


def _field(name: str, json_type: dict[str, Any], get: Getter) -> Column:
    return Column(name, _FIELD_DOCS[name], json_type, get)


def _metric(key: str) -> Column:
    m = METRIC_BY_KEY[key]
    return Column(f"{key}_minutes", f"{m.label}, in minutes: {m.definition}", _MINUTES,
                  lambda v, t: _minutes(getattr(v.metrics, key)) if v.metrics else None)


def _review_state(view: IncidentView) -> str:
    review = view.incident.review
    if review is None:
        return "none"
    return "published" if review.published_at is not None else "draft"


def _count(state: State | None) -> Getter:
    def get(view: IncidentView, board: Tracker) -> int:
        return sum(1 for t in board.for_incident(view.id) if state is None or t.state is state)
    return get


def _stamp(name: str) -> Column:
    return _field(name, _TIME, lambda v, t: _iso(getattr(v.incident, name)))


COLUMNS: tuple[Column, ...] = (
    Column("id", "The incident id: its file name without .yml, and its permanent URL.", _STR,
           lambda v, t: v.id),
    _field("title", _STR, lambda v, t: v.title),
    _field("kind", _enum(tuple(Kind)), lambda v, t: v.incident.kind.value),
    _field("drill", {"type": "boolean"}, lambda v, t: v.incident.drill),
    _field("impact", _enum(tuple(Impact)), lambda v, t: v.incident.impact.value),
    _field("urgency", _enum(tuple(Urgency), nullable=True),
           lambda v, t: v.incident.urgency.value if v.incident.urgency else None),
    Column("priority", "ITIL priority P1 to P5 from impact and urgency; empty without urgency.", _OPT_STR,
           lambda v, t: v.priority),
    Column("status", "The latest public update's status at export time.", _STR, lambda v, t: v.life.status),
    _field("components", _LIST, lambda v, t: [c.id for c in v.affected]),
    _field("tags", _LIST, lambda v, t: list(v.incident.tags)),
    _stamp("started_at"),
    _stamp("detected_at"),
    _stamp("acknowledged_at"),
    _stamp("mitigated_at"),
    Column("resolved_at", "Time of the update that resolved (or completed) it; empty while open.", _TIME,
           lambda v, t: _iso(v.life.closed_at)),
    _stamp("scheduled_start"),
    _stamp("scheduled_end"),
    Column("duration_minutes", "From the start of impact (or of the window) to resolution, or to export "
           "time while open, in minutes.", _MINUTES, lambda v, t: _minutes(v.duration)),
    _metric("time_to_detect"),
    _metric("time_to_acknowledge"),
    _metric("time_to_mitigate"),
    _metric("time_to_resolve"),
    _metric("time_to_first_update"),
    _metric("longest_update_gap"),
    Column("update_every_minutes", _FIELD_DOCS["update_every"] + " In minutes.", _MINUTES,
           lambda v, t: _minutes(v.metrics.update_every) if v.metrics else None),
    Column("cadence_met", "Whether the longest gap between public updates was within update_every; "
           "empty when not measurable.", {"type": ["boolean", "null"]},
           lambda v, t: v.metrics.cadence_met if v.metrics else None),
    Column("customer_impact_minutes", METRIC_BY_KEY["customer_impact_minutes"].definition, _MINUTES,
           lambda v, t: v.metrics.customer_impact_minutes if v.metrics else None),
    Column("updates", "Number of public updates.", _COUNT, lambda v, t: len(v.updates)),
    Column("review", "Review status: none, draft (no published_at) or published.",
           _enum(("none", "draft", "published")), lambda v, t: _review_state(v)),
    Column("review_published_at", _REVIEW_DOCS["published_at"], _TIME,
           lambda v, t: _iso(v.incident.review.published_at) if v.incident.review else None),
    Column("action_items", "Number of action items in the review.", _COUNT, _count(None)),
    Column("action_items_done", "Action items done.", _COUNT, _count(State.DONE)),
    Column("action_items_overdue", "Action items not done and past their due date at export time.", _COUNT,
           _count(State.OVERDUE)),
    Column("path", "The incident file, relative to the site folder.", _STR, lambda v, t: v.incident.path),
)
HEADERS = tuple(c.name for c in COLUMNS)


def rows(site: Site) -> list[dict[str, Any]]:
    """One dict per incident and maintenance window, oldest first (ties by id)."""
    board = site.tracker
    ordered = sorted(site.incidents, key=lambda v: (v.starts, v.id))
    return [{c.name: c.get(v, board) for c in COLUMNS} for v in ordered]


def to_json(site: Site) -> str:
    document = {"generated_at": _iso(site.now), "columns": {c.name: c.doc for c in COLUMNS},
                "incidents": rows(site)}
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


# OWASP's CSV-injection rule: spreadsheets read a cell starting with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    text = ";".join(str(v) for v in value) if isinstance(value, list) else str(value)
    # A leading quote makes spreadsheets show the cell as text; JSON keeps the value exact.
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def to_csv(site: Site) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADERS)
    for row in rows(site):
        writer.writerow([_cell(row[h]) for h in HEADERS])
    return out.getvalue()


def export_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of `statuspress export --format json`, from COLUMNS."""
    row = {
        "type": "object",
        "properties": {c.name: {"description": c.doc, **c.json_type} for c in COLUMNS},
        "required": list(HEADERS),
        "additionalProperties": False,
    }
    return {
        "$schema": DIALECT,
        "title": "statuspress export",
        "description": "Every incident and maintenance window with its derived timings and review status.",
        "type": "object",
        "properties": {
            "generated_at": {"type": "string", "format": "date-time"},
            "columns": {"type": "object", "additionalProperties": {"type": "string"}},
            "incidents": {"type": "array", "items": row},
        },
        "required": ["generated_at", "columns", "incidents"],
        "additionalProperties": False,
    }


def export(site: Site, fmt: str) -> str:
    if fmt == "csv":
        return to_csv(site)
    if fmt == "json":
        return to_json(site)
    raise ValueError(f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}")
