"""One incident file's text → an Incident and its problems, driven by schema.py and the rules."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any

from . import schema
from .model import (
    ActionItem,
    ActionStatus,
    ActionType,
    ComponentStatus,
    Correction,
    FieldCorrection,
    Impact,
    Incident,
    Kind,
    Review,
    Roles,
    TimelineEvent,
    Update,
    Urgency,
)
from .problems import START, Mark, Problems
from .reader import Reader, missing_space
from .rules import ADVICE, RULES
from .rules.base import Marks
from .source import SourceFile
from .yamlload import MappingNode, ScalarNode, SequenceNode, compose, mark_of


@dataclass(frozen=True)
class FileResult:
    incident: Incident | None
    marks: Marks
    problems: Problems


def validate_file(source: SourceFile, component_ids: tuple[str, ...], now: datetime) -> FileResult:
    problems = Problems(source.display)
    node = compose(source.text, problems)
    if isinstance(node, ScalarNode) and node.tag == "tag:yaml.org,2002:null" and not node.value:
        node = None  # only a '---' line: as empty as an empty file
    if node is None:
        if not problems.items:
            problems.error(START, "file is empty; an incident needs at least a title")
        return FileResult(None, Marks({}), problems)
    if not isinstance(node, MappingNode):
        kind = "a list" if isinstance(node, SequenceNode) else "a single value"
        problems.error(mark_of(node), f"an incident file is a map of fields (title:, impact:, updates: …), "
                       f"found {kind}{missing_space(node)}")
        return FileResult(None, Marks({}), problems)
    reader = Reader(problems, component_ids, kind=_peek_kind(node), text=source.text, now=now)
    data = reader.read_object(node, schema.INCIDENT_FIELDS, (), "incident") or {}
    marks = Marks(reader.marks)
    stem = source.path.stem
    _check_kind_fields(data, marks, problems)
    incident = build_incident(stem, source.display, data)
    # Rules see the real path: the display path depends on the working directory and may lack the
    # year folder (when run from inside it), which the identity rule compares with the file name.
    checked = replace(incident, path=source.path.as_posix())
    for rule in RULES:
        rule(checked, marks, problems, now)
    if not problems.has_errors:
        for rule in ADVICE:
            rule(checked, marks, problems, now)
    return FileResult(None if problems.has_errors else incident, marks, problems)


def _peek_kind(node: MappingNode) -> str:
    for key, value in node.value:
        if (isinstance(key, ScalarNode) and key.value == "kind" and isinstance(value, ScalarNode)
                and value.value in (Kind.INCIDENT.value, Kind.MAINTENANCE.value)):
            return str(value.value)
    return Kind.INCIDENT.value


def _check_kind_fields(data: dict[str, Any], marks: Marks, problems: Problems) -> None:
    needed: tuple[str, ...]
    if data.get("kind", "incident") == Kind.MAINTENANCE.value:
        wrong, needed = schema.INCIDENT_ONLY, ("scheduled_start", "scheduled_end")
        advice = "maintenance windows use scheduled_start and scheduled_end"
    else:
        wrong, needed = schema.MAINTENANCE_ONLY, ("started_at",)
        advice = "only kind: maintenance is scheduled; incidents use started_at"
    for name in sorted(wrong & data.keys(), key=lambda n: marks.at(n, "key").line):
        problems.error(marks.at(name, "key"), f"{name!r} does not belong here: {advice}")
    for name in needed:
        if name not in data and not marks.has(name):
            problems.error(marks.at(), f"missing required field {name!r}")


def _components(raw: Mapping[str, str] | None) -> dict[str, ComponentStatus]:
    return {key: ComponentStatus(value) for key, value in (raw or {}).items()}


def build_incident(stem: str, display: str, data: dict[str, Any]) -> Incident:
    """Typed model from read data. Values that had problems are absent from `data`; they are left
    out here too, so that the rules can still check what remains."""
    # An update whose status or message had a problem still has a time: keeping it lets the timeline
    # rules check its order too. (Files with problems never get past validation, so "" is never shown.)
    updates = tuple(
        Update(
            at=u["at"].astimezone(UTC),
            status=u.get("status", ""),
            message=u.get("message", ""),
            components=_components(u.get("components")),
            corrections=tuple(Correction(c["at"].astimezone(UTC), c["reason"], number)
                              for number, c in enumerate(u.get("corrected") or ())
                              if c and {"at", "reason"} <= c.keys()),
            index=index,
        )
        for index, u in enumerate(data.get("updates") or [])
        if u and "at" in u
    )
    roles = data.get("roles")
    return Incident(
        id=stem,
        path=display,
        title=data.get("title", ""),
        kind=Kind(data.get("kind", Kind.INCIDENT.value)),
        impact=Impact(data.get("impact", Impact.NONE.value)),
        urgency=Urgency(data["urgency"]) if "urgency" in data else None,
        components=_components(data.get("components")),
        started_at=_utc(data.get("started_at")),
        detected_at=_utc(data.get("detected_at")),
        acknowledged_at=_utc(data.get("acknowledged_at")),
        mitigated_at=_utc(data.get("mitigated_at")),
        scheduled_start=_utc(data.get("scheduled_start")),
        scheduled_end=_utc(data.get("scheduled_end")),
        update_every=data.get("update_every"),
        roles=Roles(
            incident_commander=roles.get("incident_commander"),
            communications_lead=roles.get("communications_lead"),
            technical_specialists=tuple(roles.get("technical_specialists") or ()),
            service_desk=roles.get("service_desk"),
        ) if roles else None,
        drill=data.get("drill", False),
        tags=tuple(data.get("tags") or ()),
        updates=updates,
        corrections=tuple(FieldCorrection(c["at"].astimezone(UTC), c["field"], c["reason"], number)
                          for number, c in enumerate(data.get("corrections") or ())
                          if c and {"at", "field", "reason"} <= c.keys()),
        review=_review(data["review"]) if data.get("review") is not None else None,
    )


def _review(r: dict[str, Any]) -> Review:
    return Review(
        summary=r.get("summary"),
        impact=r.get("impact"),
        root_cause=r.get("root_cause"),
        contributing_factors=tuple(r.get("contributing_factors") or ()),
        trigger=r.get("trigger"),
        detection=r.get("detection"),
        resolution=r.get("resolution"),
        went_well=tuple(r.get("went_well") or ()),
        went_wrong=tuple(r.get("went_wrong") or ()),
        lucky=tuple(r.get("lucky") or ()),
        lessons=r.get("lessons"),
        timeline=tuple(TimelineEvent(e["at"].astimezone(UTC), e["text"], e.get("public", False))
                       for e in r.get("timeline") or () if e and {"at", "text"} <= e.keys()),
        action_items=tuple(
            ActionItem(
                title=a["title"],
                owner=a["owner"],
                type=ActionType(a["type"]),
                priority=a.get("priority"),
                due=a.get("due"),
                status=ActionStatus(a.get("status", ActionStatus.OPEN.value)),
                link=a.get("link"),
            )
            for a in r.get("action_items") or () if a and {"title", "owner", "type"} <= a.keys()
        ),
        published_at=_utc(r.get("published_at")),
        authors=tuple(r.get("authors") or ()),
    )


def _utc(value: datetime | None) -> datetime | None:
    return value.astimezone(UTC) if value is not None else None


__all__ = ["FileResult", "Mark", "build_incident", "validate_file"]
