"""One rule for which update is which: two versions of an incident file, paired and classified.

Provenance (history.py), the audit (audit.py), the pull-request summary (summary.py) and the edit
commands (edit.py) all ask the same question: is this update in the newer version the same update
as that one in the older version, and did it change? They all answer it here, so "first published
by" on the page and "update 3 was changed" in the audit always mean the same update.

A version is made either from a file's composed fields as written (`of_fields`, through the lenient
reader in validate.py, for file versions out of git) or from the checked model (`of_incident`); for a
valid file both give equal values (tests/git/test_versions.py). Pure: nothing here reads files, parses
text or runs git.

The pairing rule, in order; each step pairs only updates that are still unpaired, oldest first:

1. same published content (time, status, message and components): the update is unchanged;
2. same time: its text, status or components were edited;
3. same message: its time was edited;
4. same position in the list: everything about it was edited.

An older update left over was deleted; a newer update left over was appended. Each pair is then
unchanged, corrected (its content changed and it gained a correction record) or rewritten (its
content changed without a new record, or a published record was changed or removed).

Incident fields (title, impact, components, the times, …) are compared one by one; a change needs a
new entry in `corrections:` naming the field. Giving a first value to an optional time or to the
urgency is new information, not a rewrite (`statuspress review` adds the response times that way).
The policy for every field of the file is `POLICY`, and docs/auditors.md shows it as a table.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum

from . import schema
from .model import Correction, FieldCorrection, Incident, Update
from .yamlload import MappingNode, Node, ScalarNode, SequenceNode

When = datetime | str   # a time in UTC when it parses, else as written
Value = str | When | tuple[tuple[str, str], ...] | None


class Change(StrEnum):
    UNCHANGED = "unchanged"
    APPENDED = "appended"      # new in the newer version; for a field: a first value where there was none
    CORRECTED = "corrected"    # changed, with a new correction record that explains it
    REWRITTEN = "rewritten"    # changed without one, or a published correction record changed
    DELETED = "deleted"


class Rule(StrEnum):
    """What a published change to a field needs; the values are the words docs/auditors.md uses."""

    FREE = "allowed"
    FIELD_CORRECTION = "with a field correction"
    FIELD_CORRECTION_ONCE_GIVEN = "with a field correction once given"
    UPDATE_CORRECTION = "with an update correction"
    APPEND_ONLY = "append only"


# Every field of an incident file by its dotted path; a nested field not listed inherits its parent's rule.
POLICY: Mapping[str, Rule] = {
    "title": Rule.FIELD_CORRECTION,
    "kind": Rule.FIELD_CORRECTION,
    "impact": Rule.FIELD_CORRECTION,
    "urgency": Rule.FIELD_CORRECTION_ONCE_GIVEN,
    "components": Rule.FIELD_CORRECTION,
    "started_at": Rule.FIELD_CORRECTION,
    "detected_at": Rule.FIELD_CORRECTION_ONCE_GIVEN,
    "acknowledged_at": Rule.FIELD_CORRECTION_ONCE_GIVEN,
    "mitigated_at": Rule.FIELD_CORRECTION_ONCE_GIVEN,
    "scheduled_start": Rule.FIELD_CORRECTION,
    "scheduled_end": Rule.FIELD_CORRECTION,
    "drill": Rule.FIELD_CORRECTION,        # turning a published incident into a drill takes it off the public site
    "update_every": Rule.FREE,
    "roles": Rule.FREE,
    "tags": Rule.FREE,
    "updates": Rule.APPEND_ONLY,
    "updates.at": Rule.UPDATE_CORRECTION,
    "updates.status": Rule.UPDATE_CORRECTION,
    "updates.message": Rule.UPDATE_CORRECTION,
    "updates.components": Rule.UPDATE_CORRECTION,
    "updates.corrected": Rule.APPEND_ONLY,
    "corrections": Rule.APPEND_ONLY,
    "review": Rule.FREE,
}
ONCE_GIVEN = frozenset(name for name, rule in POLICY.items() if rule is Rule.FIELD_CORRECTION_ONCE_GIVEN)
_DEFAULTS: Mapping[str, str] = {"kind": "incident", "impact": "none", "drill": "false"}


def policy_of(path: str) -> Rule:
    """The rule for a dotted field path such as "review.action_items.status"."""
    parts = path.split(".")
    while parts:
        rule = POLICY.get(".".join(parts))
        if rule is not None:
            return rule
        parts.pop()
    raise KeyError(path)


@dataclass(frozen=True)
class Record:
    """A correction record: of an update (field "") or of an incident field."""

    at: When
    reason: str
    field: str = ""


@dataclass(frozen=True)
class UpdateVersion:
    index: int                               # position in the file's `updates:` list
    at: When
    status: str
    message: str
    components: tuple[tuple[str, str], ...] = ()
    records: tuple[Record, ...] = ()

    @property
    def content(self) -> tuple[object, ...]:
        """What subscribers were told: equal content means the same published update, unchanged."""
        return (self.at, self.status, self.message, self.components)


@dataclass(frozen=True)
class IncidentVersion:
    fields: Mapping[str, Value]              # every correctable field; None when not given
    updates: tuple[UpdateVersion, ...] = ()
    records: tuple[Record, ...] = ()         # `corrections:`


@dataclass(frozen=True)
class UpdatePair:
    old: UpdateVersion | None
    new: UpdateVersion | None
    change: Change
    changed: tuple[str, ...] = ()            # which of at, status, message, components differ
    added: tuple[Record, ...] = ()           # correction records new since the older version
    kept: bool = True                        # the older version's records are all still there, unchanged


@dataclass(frozen=True)
class FieldPair:
    field: str
    old: Value
    new: Value
    change: Change
    records: tuple[Record, ...] = ()         # new correction records naming this field


@dataclass(frozen=True)
class Comparison:
    updates: tuple[UpdatePair, ...]          # in the older version's order, then the appended ones
    fields: tuple[FieldPair, ...]            # every correctable field, in schema order
    added: tuple[Record, ...]                # field correction records new since the older version
    kept: bool                               # the older version's field corrections are all still there

    def needless(self) -> tuple[Record, ...]:
        """New field corrections naming a field that did not need one."""
        corrected = {f.field for f in self.fields if f.change is Change.CORRECTED}
        return tuple(r for r in self.added if r.field not in corrected)


# -- pairing --------------------------------------------------------------------------------------

_TESTS: tuple[Callable[[UpdateVersion, UpdateVersion], bool], ...] = (
    lambda o, n: o.content == n.content,    # done by lookup in pair_updates
    lambda o, n: o.at == n.at,
    lambda o, n: o.message == n.message,
    lambda o, n: o.index == n.index,
)


def pair_updates(old: Sequence[UpdateVersion], new: Sequence[UpdateVersion]) -> tuple[UpdatePair, ...]:
    """Each older update with its newer version (or deleted), then the appended ones; see the module doc."""
    matched: dict[int, int] = {}
    free = dict.fromkeys(range(len(new)))   # unpaired newer positions, in order
    by_content: dict[tuple[object, ...], list[int]] = {}
    for j in reversed(range(len(new))):
        by_content.setdefault(new[j].content, []).append(j)
    for i, o in enumerate(old):             # step 1 by lookup: the usual case, and the whole cost
        same = by_content.get(o.content)
        if same:
            matched[i] = same.pop()
            del free[matched[i]]
    for test in _TESTS[1:]:
        for i, o in enumerate(old):
            if i in matched:
                continue
            for j in free:
                if test(o, new[j]):
                    matched[i] = j
                    del free[j]
                    break
    pairs = [_classify(o, new[matched[i]] if i in matched else None) for i, o in enumerate(old)]
    pairs += [UpdatePair(None, new[j], Change.APPENDED, added=new[j].records) for j in free]
    return tuple(pairs)


def _added(old: tuple[Record, ...], new: tuple[Record, ...]) -> tuple[tuple[Record, ...], bool]:
    """The records new since `old`, and whether `old` survives as their unchanged beginning."""
    if new[:len(old)] == old:
        return new[len(old):], True
    return tuple(r for r in new if r not in old), False


def _classify(old: UpdateVersion, new: UpdateVersion | None) -> UpdatePair:
    if new is None:
        return UpdatePair(old, None, Change.DELETED)
    changed = tuple(name for name, a, b in (("at", old.at, new.at), ("status", old.status, new.status),
                                            ("message", old.message, new.message),
                                            ("components", old.components, new.components)) if a != b)
    added, kept = _added(old.records, new.records)
    if not changed and kept:
        change = Change.UNCHANGED
    elif changed and added:
        change = Change.CORRECTED
    else:
        change = Change.REWRITTEN
    return UpdatePair(old, new, change, changed, added, kept)


def compare(old: IncidentVersion, new: IncidentVersion) -> Comparison:
    """Everything that changed from `old` to `new`, classified."""
    added, kept = _added(old.records, new.records)
    fields = []
    for name in schema.CORRECTABLE_FIELDS:
        before, after = old.fields.get(name), new.fields.get(name)
        records = tuple(r for r in added if r.field == name)
        if before == after:
            change = Change.UNCHANGED
        elif before is None and name in ONCE_GIVEN:
            change = Change.APPENDED
        else:
            change = Change.CORRECTED if records else Change.REWRITTEN
        fields.append(FieldPair(name, before, after, change, records))
    return Comparison(pair_updates(old.updates, new.updates), tuple(fields), added, kept)


# -- from the checked model -----------------------------------------------------------------------

def _model_value(incident: Incident, name: str) -> Value:
    value = getattr(incident, name)
    if name == "components":
        return tuple(sorted((k, str(v)) for k, v in value.items()))
    if value is None or isinstance(value, datetime):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"   # as YAML writes it
    return str(value)


def of_update(update: Update) -> UpdateVersion:
    return UpdateVersion(update.index, update.at, update.status, update.message,
                         tuple(sorted((k, str(v)) for k, v in update.components.items())),
                         tuple(_record(c) for c in update.corrections))


def _record(c: Correction | FieldCorrection) -> Record:
    return Record(c.at, c.reason, c.field if isinstance(c, FieldCorrection) else "")


def of_incident(incident: Incident) -> IncidentVersion:
    return IncidentVersion({name: _model_value(incident, name) for name in schema.CORRECTABLE_FIELDS},
                           tuple(of_update(u) for u in incident.updates),
                           tuple(_record(c) for c in incident.corrections))


# -- from the fields as written (file versions out of git, the working tree before an edit) ---------

def of_fields(root: MappingNode) -> IncidentVersion:
    """A file version from its composed map of fields (validate.read_lenient).

    History is immutable, so old versions may hold what `check` refuses today: whatever can be read
    is read, as written (a single `corrected:` map is a list of one, as in the working tree)."""
    top = _children(root)
    fields: dict[str, Value] = {}
    for name in schema.CORRECTABLE_FIELDS:
        node = top.get(name)
        if name == "components":
            fields[name] = _component_pairs(node)
        elif name.endswith(("_at", "_start", "_end")):
            text_value = _text(node)
            fields[name] = None if text_value is None else _when(text_value)
        else:
            fields[name] = _text(node) or _DEFAULTS.get(name)
    updates = top.get("updates")
    items = updates.value if isinstance(updates, SequenceNode) else []
    return IncidentVersion(fields, tuple(_update(index, item) for index, item in enumerate(items)),
                           _records(top.get("corrections"), with_field=True))


def _children(node: MappingNode) -> dict[str, Node]:
    out: dict[str, Node] = {}
    for key, value in node.value:
        if isinstance(key, ScalarNode):
            out.setdefault(str(key.value), value)
    return out


def _text(node: Node | None) -> str | None:
    if not isinstance(node, ScalarNode) or node.tag == "tag:yaml.org,2002:null":
        return None
    return str(node.value).strip() or None


def _when(raw: str) -> When:
    try:
        value = datetime.fromisoformat(raw)
    except ValueError:
        return raw
    if value.tzinfo is None:
        return raw
    try:
        return value.astimezone(UTC)
    except OverflowError:
        return raw


def _component_pairs(node: Node | None) -> tuple[tuple[str, str], ...]:
    if not isinstance(node, MappingNode):
        return ()
    return tuple(sorted((str(k.value), str(v.value)) for k, v in node.value
                        if isinstance(k, ScalarNode) and isinstance(v, ScalarNode)))


def _records(node: Node | None, with_field: bool = False) -> tuple[Record, ...]:
    items = [node] if isinstance(node, MappingNode) else node.value if isinstance(node, SequenceNode) else []
    out = []
    for item in items:
        if isinstance(item, MappingNode):
            values = _children(item)
            at = _text(values.get("at"))
            out.append(Record(_when(at) if at else "", _text(values.get("reason")) or "",
                              (_text(values.get("field")) or "") if with_field else ""))
    return tuple(out)


def _update(index: int, node: Node) -> UpdateVersion:
    if not isinstance(node, MappingNode):
        return UpdateVersion(index, "", "", _text(node) or "")
    values = _children(node)
    at = _text(values.get("at"))
    return UpdateVersion(index, _when(at) if at else "", _text(values.get("status")) or "",
                         _text(values.get("message")) or "", _component_pairs(values.get("components")),
                         _records(values.get("corrected")))


__all__ = ["POLICY", "Change", "Comparison", "FieldPair", "IncidentVersion", "Record", "Rule", "UpdatePair",
           "UpdateVersion", "compare", "of_fields", "of_incident", "of_update", "pair_updates", "policy_of"]
