"""Read one incident file's text: strictly, as `check` does, or leniently, for old revisions and edits.

This is the one reader of incident files; both modes compose the text with yamlload.py and read its
fields against schema.py with reader.py.

- Strict (`validate_file`): every problem, with the rules (rules/) run on what could be read; an
  Incident only when there is no error. `check`, the build, and the edit commands' last look at the
  text they are about to write. It is done in two steps: `read_strict`, everything that does not
  depend on the build time (a pure function of the text, the paths, the component ids and the rule
  levels, which the load cache keeps from one build to the next: readings.py), then `finish`, what
  does at the build time given: times after it (reader.py: not_ahead) and the advice (rules/).
- Lenient (`read_lenient`): a version of a file that may hold what `check` refuses today: git history
  is immutable, and an edit reads a file before anything is proven about it. It never fails; whatever
  can be read is read, and the three views the other commands compare come from one composed tree:
  `incident()` the typed model, problems ignored (the audit's base, the summary's old site, the edit
  commands' look at the file); `version` the published content (versions.py decides which update is
  which: provenance, the audit, the edit commands' proof); `data` the values exactly as written (the
  edit commands' proof that nothing else changed).
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from functools import cached_property
from typing import Any

from . import schema, versions
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
from .problems import START, Mark, Problem, Problems
from .reader import PastTime, Reader, missing_space, not_ahead
from .rules import ADVICE, RULES
from .rules.base import Marks
from .source import SourceFile
from .yamlload import MappingNode, ScalarNode, SequenceNode, compose, data_of, mark_of


@dataclass(frozen=True)
class FileResult:
    incident: Incident | None
    marks: Marks
    problems: Problems


def _fields_of(text: str, problems: Problems) -> MappingNode | None:
    """The map of fields a file's text holds, or None with the problems that say why not."""
    node = compose(text, problems)
    if isinstance(node, ScalarNode) and node.tag == "tag:yaml.org,2002:null" and not node.value:
        node = None  # only a '---' line: as empty as an empty file
    if node is None:
        if not problems.items:
            problems.error(START, "file is empty; an incident needs at least a title", "incident-shape")
        return None
    if not isinstance(node, MappingNode):
        kind = "a list" if isinstance(node, SequenceNode) else "a single value"
        problems.error(mark_of(node), f"an incident file is a map of fields (title:, impact:, updates: …), "
                       f"found {kind}{missing_space(node)}", "incident-shape")
        return None
    return node


@dataclass(frozen=True)
class Reading:
    """A strict read of one file short of the build time: what `finish` needs to give the file's result at
    any build time, and nothing else. Each field is a value of the file's text, its paths, the component
    ids and the rule levels alone."""

    display: str                         # how messages name the file
    path: str                            # its real path, as the rules see it
    levels: Mapping[str, str]            # the site's rule levels (rulebook.py)
    incident: Incident | None            # with the real path; None when the file has an error at any build time
    marks: Marks
    problems: tuple[Problem, ...]        # in the order found
    past: tuple[PastTime, ...]           # times that may not lie after the build time, in the order read

    @functools.cached_property
    def shown(self) -> Incident | None:
        """The incident as a build shows it, named by its display path: made once per reading, so that a
        reading kept in memory (serve) gives the same object at every build (derive/kept.py keeps views
        by it)."""
        return replace(self.incident, path=self.display) if self.incident is not None else None


def validate_file(source: SourceFile, component_ids: tuple[str, ...], now: datetime,
                  levels: Mapping[str, str] | None = None) -> FileResult:
    """Strict: the file as `check` reads it, with every problem at the site's levels (rulebook.py); an
    Incident only when there is no error."""
    return finish(read_strict(source, component_ids, levels), now)


def read_strict(source: SourceFile, component_ids: tuple[str, ...],
                levels: Mapping[str, str] | None = None) -> Reading:
    """Everything `validate_file` finds that does not depend on the build time."""
    levels = levels or {}
    # Rules see the real path: the display path depends on the working directory and may lack the
    # year folder (when run from inside it), which the identity rule compares with the file name.
    path = source.path.as_posix()
    problems = Problems(source.display, levels)
    node = _fields_of(source.text, problems)
    if node is None:
        return Reading(source.display, path, levels, None, Marks({}), tuple(problems.items), ())
    reader = Reader(problems, component_ids, kind=_peek_kind(node), text=source.text)
    data = reader.read_object(node, schema.INCIDENT_FIELDS, (), "incident") or {}
    marks = Marks(reader.marks)
    _check_kind_fields(data, marks, problems)
    incident = build_incident(source.path.stem, path, data)   # given the display path by `finish`
    for rule in RULES:
        rule(incident, marks, problems)
    marks.pack()
    return Reading(source.display, path, levels, None if problems.has_errors else incident, marks,
                   tuple(problems.items), tuple(reader.past))


def finish(reading: Reading, now: datetime) -> FileResult:
    """The file's strict result at build time `now`: the reading's problems with those of its times after
    `now`, each where the reader found it, then the advice (only for a file without errors)."""
    problems = Problems(reading.display, reading.levels)
    done = 0
    for time in reading.past:
        problems.items.extend(reading.problems[done:time.after])
        done = time.after
        not_ahead(time, now, problems)
    problems.items.extend(reading.problems[done:])
    if reading.incident is None or problems.has_errors:
        return FileResult(None, reading.marks, problems)
    for advice in ADVICE:
        advice(reading.incident, reading.marks, problems, now)
    if problems.has_errors:
        return FileResult(None, reading.marks, problems)
    return FileResult(reading.shown, reading.marks, problems)


@dataclass(frozen=True)
class FileVersion:
    """One version of an incident file, read leniently: its map of fields (None when the text holds none)
    and the problems that a strict read would begin with (YAML syntax, not a map)."""

    fields: MappingNode | None
    problems: Problems

    @property
    def kind(self) -> str:
        """incident or maintenance, as `kind:` says when it says one of them (else incident, the default)."""
        return _peek_kind(self.fields) if self.fields is not None else Kind.INCIDENT.value

    @cached_property
    def version(self) -> versions.IncidentVersion | None:
        """The published content, as versions.py pairs and compares it."""
        return versions.of_fields(self.fields) if self.fields is not None else None

    @cached_property
    def data(self) -> dict[str, Any] | None:
        """Every value exactly as written: nothing converted, so nothing can fail to convert."""
        return data_of(self.fields) if self.fields is not None else None

    def incident(self, stem: str, display: str, component_ids: tuple[str, ...]) -> tuple[Incident | None, Marks]:
        """The typed model of whatever reads as valid (a refused value is left out), and the positions of the
        values; problems are ignored, and so is the build time."""
        if self.fields is None:
            return None, Marks({})
        reader = Reader(Problems(display), component_ids, kind=_peek_kind(self.fields))
        data = reader.read_object(self.fields, schema.INCIDENT_FIELDS, (), "incident") or {}
        try:
            return build_incident(stem, display, data), Marks(reader.marks)
        except (KeyError, ValueError, TypeError, AttributeError):
            return None, Marks(reader.marks)


def read_lenient(text: str, display: str = "-") -> FileVersion:
    """Lenient: a version of a file, never refused; see the module docstring."""
    problems = Problems(display)
    return FileVersion(_fields_of(text, problems), problems)


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
        problems.error(marks.at(name, "key"), f"{name!r} does not belong here: {advice}", "kind-field")
    for name in needed:
        if name not in data and not marks.has(name):
            problems.error(marks.at(), f"missing required field {name!r}", "required-field")


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


__all__ = ["FileResult", "FileVersion", "Mark", "Reading", "build_incident", "finish", "read_lenient", "read_strict",
           "validate_file"]
