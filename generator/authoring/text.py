"""The YAML text of new things: a whole incident or maintenance file, and one timeline update. No I/O.

ruamel.yaml emits the free-text scalars (titles, messages), so that quoting, block
scalars and indentation indicators are always right; the structural lines around them
are fixed templates whose values are already checked (slugs, enums, UTC timestamps).
Every emitted scalar is read back with the loader `check` uses and falls back to a
double-quoted JSON string if the two YAML versions could disagree (`yes`, `on`, …).
"""

from __future__ import annotations

import io
import json
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.scalarstring import LiteralScalarString

from ..clock import format_utc
from ..model import IncidentStatus, Kind, MaintenanceStatus

SCHEMA_COMMENT = "# yaml-language-server: $schema={path}"
MAX_ID = 40                                # short enough to type, read aloud and keep in a URL
MAX_SLUG = MAX_ID - len("2026-11-28-")     # the name part after the date
SMALL_WORDS = frozenset({"a", "an", "and", "at", "by", "for", "from", "in", "is", "of", "on", "or", "the",
                         "to", "with"})
DEFAULT_INDENT = 2

FIRST_STATUS = {Kind.INCIDENT.value: IncidentStatus.INVESTIGATING.value,
                Kind.MAINTENANCE.value: MaintenanceStatus.SCHEDULED.value}
CLOSING_STATUS = {Kind.INCIDENT.value: IncidentStatus.RESOLVED.value,
                  Kind.MAINTENANCE.value: MaintenanceStatus.COMPLETED.value}
CLOSING_MESSAGE = {Kind.INCIDENT.value: "This incident has been resolved.",
                   Kind.MAINTENANCE.value: "The scheduled maintenance has been completed."}


@dataclass(frozen=True)
class NewUpdate:
    """One timeline entry to append."""

    at: datetime
    status: str
    message: str
    components: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Draft:
    """Everything `statuspress new` asks for."""

    title: str
    kind: str
    impact: str
    first: NewUpdate
    components: Mapping[str, str] = field(default_factory=dict)
    started_at: datetime | None = None        # incidents; defaults to the first update's time
    scheduled_start: datetime | None = None   # maintenance
    scheduled_end: datetime | None = None
    urgency: str | None = None
    slug: str | None = None

    @property
    def day(self) -> datetime:
        """The moment whose UTC date names the file."""
        if self.kind == Kind.MAINTENANCE.value and self.scheduled_start is not None:
            return self.scheduled_start
        return self.started_at or self.first.at

    @property
    def incident_id(self) -> str:
        return f"{self.day.astimezone(UTC).date().isoformat()}-{self.slug or slugify(self.title)}"


def slugify(title: str, limit: int = MAX_SLUG) -> str:
    """'Elevated error rates on the API (EU)' → 'elevated-error-rates-api-eu': lowercase ASCII words
    without the small ones (on, the, for …), as many whole words as fit in `limit` characters."""
    ascii_text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii")
    words = [w for w in (re.sub(r"[^a-z0-9]+", "-", token).strip("-") for token in ascii_text.lower().split())
             if w]
    kept = [w for w in words if w not in SMALL_WORDS] or words
    slug = ""
    for word in kept:
        longer = f"{slug}-{word}" if slug else word
        if len(longer) > limit:
            break
        slug = longer
    return slug or (kept[0][:limit].strip("-") if kept else "") or "incident"


def scalar_lines(key: str, value: str, indent: int = DEFAULT_INDENT) -> list[str]:
    """`key: value` as YAML lines (no newlines), the value emitted by ruamel.yaml.

    Multi-line text becomes a literal block (`|`), one line text plain or quoted as needed.
    """
    text = value.strip("\n")
    multiline = "\n" in text
    emitter = YAML(typ="rt")
    emitter.width = 1_000_000          # never fold a long line
    emitter.indent(mapping=indent, sequence=indent + 2, offset=indent)
    buffer = io.StringIO()
    emitter.dump({key: LiteralScalarString(text + "\n") if multiline else text}, buffer)
    lines = buffer.getvalue().splitlines()
    if _reads_back(lines, key, text + ("\n" if multiline else "")):
        return lines
    return [f"{key}: {json.dumps(text, ensure_ascii=False)}"]


def _reads_back(lines: Sequence[str], key: str, expected: str) -> bool:
    """True when YAML 1.1 (PyYAML, what `check` composes with) reads the same string."""
    try:
        loaded = yaml.safe_load("\n".join(lines) + "\n")
    except yaml.YAMLError:  # pragma: no cover - ruamel emitted something PyYAML cannot read
        return False
    return isinstance(loaded, dict) and loaded.get(key) == expected


def flow_map(values: Mapping[str, str]) -> str:
    """`{api: major_outage, auth: degraded_performance}`; keys are checked slugs, values enums."""
    return "{" + ", ".join(f"{k}: {v}" for k, v in values.items()) + "}"


UPDATE_KEYS = ("at", "status", "message", "components")


def update_lines(update: NewUpdate, indent: int = DEFAULT_INDENT,
                 order: Sequence[str] = UPDATE_KEYS) -> list[str]:
    """An update as the lines of a block mapping (no leading `- `, no indentation)."""
    keys = [k for k in order if k in UPDATE_KEYS] + [k for k in UPDATE_KEYS if k not in order]
    lines: list[str] = []
    for key in keys:
        if key == "at":
            lines.append(f"at: {format_utc(update.at)}")
        elif key == "status":
            lines.append(f"status: {update.status}")
        elif key == "message":
            lines.extend(scalar_lines("message", update.message, indent))
        elif key == "components" and update.components:
            lines.append(f"components: {flow_map(update.components)}")
    return lines


def update_flow(update: NewUpdate) -> str:
    """An update as a one-line flow mapping, for files that write `updates: [...]`."""
    parts = [f"at: {format_utc(update.at)}", f"status: {update.status}",
             f"message: {json.dumps(update.message.strip(), ensure_ascii=False)}"]
    if update.components:
        parts.append(f"components: {flow_map(update.components)}")
    return "{" + ", ".join(parts) + "}"


def incident_text(draft: Draft, schema_path: str | None) -> str:
    """The whole file for a new incident or maintenance window, first update included."""
    lines: list[str] = []
    if schema_path:
        lines.append(SCHEMA_COMMENT.format(path=schema_path))
    lines.extend(scalar_lines("title", draft.title))
    lines.append(f"kind: {draft.kind}")
    lines.append(f"impact: {draft.impact}")
    if draft.urgency:
        lines.append(f"urgency: {draft.urgency}")
    if draft.components:
        lines.append("components:")
        lines.extend(f"  {k}: {v}" for k, v in draft.components.items())
    if draft.kind == Kind.MAINTENANCE.value:
        assert draft.scheduled_start is not None and draft.scheduled_end is not None
        lines.append(f"scheduled_start: {format_utc(draft.scheduled_start)}")
        lines.append(f"scheduled_end: {format_utc(draft.scheduled_end)}")
    else:
        lines.append(f"started_at: {format_utc(draft.started_at or draft.first.at)}")
    lines.append("updates:")
    body = update_lines(draft.first)
    lines.append("  - " + body[0])
    lines.extend(("    " + line) if line else "" for line in body[1:])
    return "\n".join(lines) + "\n"
