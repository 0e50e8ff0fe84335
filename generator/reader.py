"""Read a composed YAML tree against a field table from schema.py: typed values, positions and problems.

The reader never stops at the first problem: each field is checked on its own, so a
file with five mistakes reports five lines.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any, NamedTuple

from . import clock, rulebook, schema
from .characters import describe_character, forbidden_character, written_at
from .problems import Mark, Problems, packed
from .yamlload import SAFE_TAGS, MappingNode, Node, ScalarNode, SequenceNode, mark_of, offset_to_mark

MAX_DEPTH = 32
_DURATION = re.compile(r"^(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?$")
_SLUG = re.compile(schema.SLUG_PATTERN)
_URL_SCHEMES = ("https://", "http://", "mailto:")
_NULL = "tag:yaml.org,2002:null"
_BOOL = "tag:yaml.org,2002:bool"
# Far enough apart for any real incident, near enough that date arithmetic downstream cannot overflow.
MIN_YEAR, MAX_YEAR = 1970, 2999
MAX_DURATION = timedelta(days=365)
Path = tuple[str | int, ...]


def did_you_mean(word: str, choices: list[str] | tuple[str, ...]) -> str:
    by_lower = {choice.lower(): choice for choice in choices}  # 'API' suggests 'api'
    close = difflib.get_close_matches(word.lower(), list(by_lower), n=1, cutoff=0.6)
    return f" (did you mean {by_lower[close[0]]!r}?)" if close else ""


def allowed(values: tuple[str, ...]) -> str:
    return ", ".join(values)


def _is_list(kind: schema.Type) -> bool:
    """A list type: its field may be left empty."""
    return (kind is schema.TEXT_LIST or kind is schema.MARKDOWN_LIST
            or isinstance(kind, schema.ObjectList | schema.EnumList))


# The ASCII characters that characters.py allows, to screen an ASCII text faster than its full set can.
_ASCII_ALLOWED = bytes(code for code in range(128) if forbidden_character(chr(code)) is None)


def _may_hold_forbidden(text: str) -> bool:
    """Whether a scalar composed from `text` may hold a character that no page or feed can carry. A value
    is made of its text's characters, but for the escapes of double quotes, which start with a backslash:
    in a text with neither, no value holds one."""
    if "\\" in text:
        return True
    if text.isascii():   # what is left once the allowed characters are taken out is forbidden
        return bool(text.encode("ascii").translate(None, _ASCII_ALLOWED))
    return forbidden_character("".join(set(text))) is not None   # each character once: a third of the time


# Each field table by its fields' names. The table is kept with its index, so that its id stays its own.
_BY_NAME: dict[int, tuple[tuple[schema.Field, ...], dict[str, schema.Field]]] = {}


def _by_name(fields: tuple[schema.Field, ...]) -> dict[str, schema.Field]:
    held = _BY_NAME.get(id(fields))
    if held is None or held[0] is not fields:
        held = _BY_NAME[id(fields)] = (fields, {f.name: f for f in fields})
    return held[1]


class PastTime(NamedTuple):
    """A time read from a field that records something that happened (not a planned one), with the
    number of problems the file had when it was read: `not_ahead` adds its problems there. The build
    time is not the reader's to know, so that a file's reading stays the same from one build to the
    next (validate.py). (A named tuple: a file has dozens, made faster than a frozen dataclass.)"""

    value: datetime
    raw: str
    at: int         # its position, packed (problems.py)
    name: str
    after: int


@dataclass
class Reader:
    """Walks nodes for one file; values come back as plain dicts/lists, positions go to `marks`."""

    problems: Problems
    component_ids: tuple[str, ...] = ()
    kind: str = "incident"
    text: str = ""      # the text the nodes were composed from, for positions inside a value
    # libyaml's 0-based marks, packed (problems.py), converted only when a problem needs one (rules/base.py)
    marks: dict[Path, int] = field(default_factory=dict)
    # The times that record something that happened, for `not_ahead` once the build time is known.
    past: list[PastTime] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._screen = not self.text or _may_hold_forbidden(self.text)   # no text given: every value is looked at

    # -- structure -------------------------------------------------------------------------------

    def _enter(self, node: Node, path: Path) -> bool:
        """Refuse unsafe tags and runaway nesting; record the node's position. (yamlload refused aliases.)"""
        self.marks[path] = packed(node.start_mark)
        if node.tag not in SAFE_TAGS:
            self.problems.error(mark_of(node), f"YAML tag {_short_tag(node.tag)} is not allowed; "
                                "incident files hold plain text, lists and maps", "yaml-unsafe")
            return False
        if len(path) > MAX_DEPTH:
            self.problems.error(mark_of(node), f"nested deeper than {MAX_DEPTH} levels", "yaml-unsafe")
            return False
        if self._screen and isinstance(node, ScalarNode) and forbidden_character(node.value) is not None:
            return self.publishable(node, next((part for part in reversed(path) if isinstance(part, str)), "value"))
        return True

    def publishable(self, node: ScalarNode, name: str) -> bool:
        """Refuse a scalar holding a character that no page or feed can carry, at that character."""
        index = forbidden_character(str(node.value))
        if index is None:
            return True
        self.problems.error(self._forbidden_mark(node), f"{name} contains {describe_character(node.value[index])}, "
                            "which cannot appear in a web page or feed; remove it", "forbidden-character")
        return False

    def _forbidden_mark(self, node: ScalarNode) -> Mark:
        """Where the character is written: raw, or (in double quotes) the escape that makes it."""
        start, end = node.start_mark.index, node.end_mark.index
        if not self.text or end > len(self.text):
            return mark_of(node)
        offset = written_at(self.text, start, end, double_quoted=node.style == '"')
        return offset_to_mark(self.text, offset) if offset is not None else mark_of(node)

    def read_object(self, node: Node, fields: tuple[schema.Field, ...], path: Path,
                    what: str) -> dict[str, Any] | None:
        if not self._enter(node, path):
            return None
        if not isinstance(node, MappingNode):
            self.problems.error(mark_of(node), f"{what} must be a map of fields, found {_describe(node)}"
                                f"{missing_space(node)}", "field-value")
            return None
        by_name = _by_name(fields)
        values: dict[str, Any] = {}
        first_seen: dict[str, Node] = {}   # each key's node
        for key_node, value_node in node.value:
            key = self._key(key_node, path)
            if key is None:
                continue
            if key in first_seen:
                # In a list item, the usual cause is a new item whose '- ' was left out.
                item = "; a new list item starts with '- '" if path and isinstance(path[-1], int) else ""
                self.problems.error(mark_of(key_node), f"duplicate key {key!r} (first at line "
                                    f"{mark_of(first_seen[key]).line}){item}", "duplicate-key")
                continue
            first_seen[key] = key_node
            spec = by_name.get(key)
            if spec is None:
                self.problems.error(mark_of(key_node), f"unknown field {key!r} in {what}"
                                    f"{did_you_mean(key, list(by_name))}", "unknown-field")
                continue
            self.marks[(*path, key, "key")] = packed(key_node.start_mark)
            value = self.read_value(value_node, spec, (*path, key))
            if value is not None:
                values[key] = value
        for spec in fields:
            if spec.required and spec.name not in first_seen:
                where = "" if not path else f" in {what}"
                self.problems.error(mark_of(node), f"missing required field {spec.name!r}{where}", "required-field")
        return values

    def _key(self, node: Node, path: Path) -> str | None:
        if not isinstance(node, ScalarNode):
            self.problems.error(mark_of(node), "keys must be plain names", "yaml-unsafe")
            return None
        if node.tag not in SAFE_TAGS:
            self.problems.error(mark_of(node), f"YAML tag {_short_tag(node.tag)} is not allowed", "yaml-unsafe")
            return None
        return str(node.value)   # keys are never published: an unknown one is shown with repr()

    # -- values ----------------------------------------------------------------------------------

    def read_value(self, node: Node, spec: schema.Field, path: Path) -> Any:
        kind = spec.type
        if not self._enter(node, path):
            return None
        if isinstance(node, ScalarNode):
            if node.tag == _NULL:
                if spec.required or not _is_list(kind):
                    self.problems.error(mark_of(node), f"{spec.name!r} is empty; give it a value or remove it",
                                        "field-value")
                return None
            if kind is schema.TEXT or kind is schema.MARKDOWN:   # a third of all values: no need to look on
                return self._text(node, spec.name)
        if isinstance(kind, schema.Object):
            return self.read_object(node, kind.fields, path, spec.name)
        if isinstance(kind, schema.ObjectList):
            if kind.single and isinstance(node, MappingNode):  # the older one-map form: a list of one
                return [self.read_object(node, kind.fields, (*path, 0), spec.name)]
            items = self._sequence(node, spec)
            if items is None:
                return None
            out = []
            for index, item in enumerate(items):
                value = self.read_object(item, kind.fields, (*path, index), f"{spec.name}[{index + 1}]")
                out.append(value)
            return out
        if kind is schema.TEXT_LIST or kind is schema.MARKDOWN_LIST:
            items = self._sequence(node, spec)
            if items is None:
                return None
            texts = []
            for index, item in enumerate(items):
                if self._enter(item, (*path, index)):
                    text = self._text(item, f"{spec.name}[{index + 1}]")
                    if text is not None:
                        texts.append(text)
            return texts
        if isinstance(kind, schema.EnumList):
            items = self._sequence(node, spec)
            if items is None:
                return None
            names = []
            for index, item in enumerate(items):
                if self._enter(item, (*path, index)):
                    text = self._text(item, f"{spec.name}[{index + 1}]")
                    if text is not None and self._enum(text, item, spec.name, kind.values) is not None:
                        names.append(text)
            return names
        if kind is schema.COMPONENT_MAP:
            return self._component_map(node, spec, path)
        if kind is schema.RULE_LEVELS:
            return self._rule_levels(node, spec, path)
        if not isinstance(node, ScalarNode):
            expected = self._expected(kind)
            sep = ";" if "," in expected else ","  # "one of a, b, c; found a list"
            self.problems.error(mark_of(node), f"{spec.name!r} must be {expected}{sep} "
                                f"found {_describe(node)}", "field-value")
            return None
        # The position of a scalar is looked up only for a problem: most values have none.
        raw = str(node.value)
        if kind is schema.TEXT or kind is schema.MARKDOWN:
            return self._text(node, spec.name)
        if kind is schema.TIMESTAMP:
            when = self._timestamp(raw, node, spec.name)
            if when is not None and not spec.planned:
                # Kept even when refused: the timeline rules still compare it with its neighbours.
                self.past.append(PastTime(when, raw, packed(node.start_mark), spec.name, len(self.problems.items)))
            return when
        if isinstance(kind, schema.StatusByKind):
            return self._enum(raw, node, spec.name, kind.values.get(self.kind, ()),
                              f" for kind: {self.kind}")
        if isinstance(kind, schema.Enum):
            return self._enum(raw, node, spec.name, kind.values)
        if kind is schema.DATE:
            return self._date(raw, node, spec.name)
        if kind is schema.DURATION:
            return self._duration(raw, node, spec.name)
        if kind is schema.SLUG:
            if not _SLUG.match(raw) or len(raw) > 64:
                self.problems.error(mark_of(node), f"{spec.name} {raw!r} is not a safe id: use lowercase "
                                    "letters, digits and hyphens, starting with a letter or digit (at most 64)",
                                    "field-value")
                return None
            return raw
        if kind is schema.URL:
            if not raw.startswith(_URL_SCHEMES):
                self.problems.error(mark_of(node), f"{spec.name} must start with https://, http:// or mailto:",
                                    "field-value")
                return None
            return raw
        if kind is schema.BOOL:
            if node.tag == _BOOL and raw.lower() in ("true", "false"):
                return raw.lower() == "true"
            self.problems.error(mark_of(node), f"{spec.name} must be true or false, found {_describe(node)}",
                                "field-value")
            return None
        raise AssertionError(f"unhandled field type {kind}")  # pragma: no cover - schema and reader disagree

    def _expected(self, kind: schema.Type) -> str:
        """How a message names what a scalar field wants."""
        if isinstance(kind, schema.Enum):
            return "one of " + allowed(kind.values)
        if isinstance(kind, schema.StatusByKind):
            return "one of " + allowed(kind.values.get(self.kind, ()))
        if kind in (schema.TEXT, schema.MARKDOWN, schema.BOOL):
            return kind.name
        return _article(kind.name)

    def _sequence(self, node: Node, spec: schema.Field) -> list[Node] | None:
        if not isinstance(node, SequenceNode):
            self.problems.error(mark_of(node), f"{spec.name!r} must be a list (one '- ' item per line), "
                                f"found {_describe(node)}", "field-value")
            return None
        return list(node.value)

    def _text(self, node: Node, name: str) -> str | None:
        if not isinstance(node, ScalarNode):
            self.problems.error(mark_of(node), f"{name!r} must be text, found {_describe(node)}", "field-value")
            return None
        text = str(node.value).strip()
        if not text:
            self.problems.error(mark_of(node), f"{name!r} is empty; give it a value or remove it", "field-value")
            return None
        return text

    def _component_map(self, node: Node, spec: schema.Field, path: Path) -> dict[str, str] | None:
        if not isinstance(node, MappingNode):
            self.problems.error(mark_of(node), f"{spec.name!r} must map component ids to statuses, "
                                f"like {{api: partial_outage}}; found {_describe(node)}{missing_space(node)}",
                                "field-value")
            return None
        out: dict[str, str] = {}
        seen: dict[str, Node] = {}   # each key's node
        for key_node, value_node in node.value:
            key = self._key(key_node, path)
            if key is None:
                continue
            if key in seen:
                self.problems.error(mark_of(key_node), f"duplicate key {key!r} (first at line "
                                    f"{mark_of(seen[key]).line})", "duplicate-key")
                continue
            seen[key] = key_node
            self.marks[(*path, key, "key")] = packed(key_node.start_mark)
            if key not in self.component_ids:
                self.problems.error(mark_of(key_node), f"unknown component {key!r}"
                                    f"{did_you_mean(key, self.component_ids)}; components are declared "
                                    "in mkdocs.yml", "unknown-component")
                continue
            if not self._enter(value_node, (*path, key)):
                continue
            if not isinstance(value_node, ScalarNode):
                self.problems.error(mark_of(value_node), f"status of {key!r} must be one of "
                                    f"{allowed(schema.COMPONENT_STATUSES)}", "field-value")
                continue
            status = self._enum(str(value_node.value), value_node, f"{key} status", schema.COMPONENT_STATUSES)
            if status is not None:
                out[key] = status
        return out

    def _rule_levels(self, node: Node, spec: schema.Field, path: Path) -> list[tuple[str, str]] | None:
        """`rules:` in mkdocs.yml: rule id → level, only for rules that may change (rulebook.py)."""
        if not isinstance(node, MappingNode):
            self.problems.error(mark_of(node), f"{spec.name!r} must map rule ids to levels, like "
                                f"{{update-overdue: off}}; found {_describe(node)}", "config")
            return None
        out: list[tuple[str, str]] = []
        for key_node, value_node in node.value:
            key = self._key(key_node, path)
            if key is None:
                continue
            rule = rulebook.RULES.get(key)
            if rule is None:
                self.problems.error(mark_of(key_node), f"unknown rule {key!r}"
                                    f"{did_you_mean(key, list(rulebook.RULES))}; the rules are listed in "
                                    "docs/rules.md", "config")
                continue
            if rule.fixed is not None:
                self.problems.error(mark_of(key_node), f"rule {key!r} cannot be changed: {rule.fixed}",
                                    "config")
                continue
            if not isinstance(value_node, ScalarNode) or str(value_node.value) not in rulebook.LEVELS:
                self.problems.error(mark_of(value_node), f"level of {key!r} must be one of "
                                    f"{allowed(rulebook.LEVELS)}", "config")
                continue
            out.append((key, str(value_node.value)))
        return out

    def _enum(self, raw: str, node: Node, name: str, values: tuple[str, ...], where: str = "") -> str | None:
        if raw in values:
            return raw
        self.problems.error(mark_of(node), f"{name} {raw!r} is not one of {allowed(values)}{where}"
                            f"{did_you_mean(raw, values)}", "field-value")
        return None

    def _timestamp(self, raw: str, node: Node, name: str) -> datetime | None:
        try:
            value = datetime.fromisoformat(raw.strip())
        except ValueError:
            self.problems.error(mark_of(node), f"{name} {raw!r} is not a timestamp; write it like "
                                "2026-11-26T09:02:00Z or 2026-11-26T10:02:00+01:00", "field-value")
            return None
        if value.tzinfo is None or len(raw.strip()) <= 10:
            self.problems.error(mark_of(node), f"{name} {raw!r} has no UTC offset; add Z for UTC or an offset "
                                "like +01:00", "field-value")
            return None
        try:
            year = value.astimezone(UTC).year
        except OverflowError:
            year = value.year
        return value if self._in_range(year, raw, node, name) else None

    def _date(self, raw: str, node: Node, name: str) -> date | None:
        try:
            value = date.fromisoformat(raw.strip())
        except ValueError:
            self.problems.error(mark_of(node), f"{name} {raw!r} is not a date; write it like 2026-12-15",
                                "field-value")
            return None
        return value if self._in_range(value.year, raw, node, name) else None

    def _in_range(self, year: int, raw: str, node: Node, name: str) -> bool:
        if MIN_YEAR <= year <= MAX_YEAR:
            return True
        self.problems.error(mark_of(node), f"{name} {raw!r} is out of range; use a year from {MIN_YEAR} to "
                            f"{MAX_YEAR}", "field-value")
        return False

    def _duration(self, raw: str, node: Node, name: str) -> timedelta | None:
        match = _DURATION.match(raw.strip())
        if not raw.strip() or not match:
            self.problems.error(mark_of(node), f"{name} {raw!r} is not a duration; write it like 15m, 1h, "
                                "1h30m or 1d", "field-value")
            return None
        if any(len(part or "") > 6 for part in match.groups()):
            value = MAX_DURATION * 2  # too many digits to be meant; also keeps int() and timedelta() in range
        else:
            days, hours, minutes = (int(part or 0) for part in match.groups())
            value = timedelta(days=days, hours=hours, minutes=minutes)
        if value <= timedelta(0):
            self.problems.error(mark_of(node), f"{name} must be longer than zero", "field-value")
            return None
        if value > MAX_DURATION:
            self.problems.error(mark_of(node), f"{name} {raw!r} is too long; at most 365d", "field-value")
            return None
        return value


def not_ahead(time: PastTime, now: datetime, problems: Problems) -> None:
    """A time of something that happened may be up to clock.SKEW after the build time (a warning:
    the site leaves it out until then), never more (an error: most likely a mistyped date)."""
    ahead = time.value - now
    if ahead <= timedelta(0):
        return
    if ahead <= clock.SKEW:
        problems.warning(Mark.from_packed(time.at), f"{time.name} {time.raw!r} is {_span(ahead)} after the build time "
                         f"({clock.format_utc(now)}); the site leaves it out until a build after then", "clock-skew")
        return
    problems.error(Mark.from_packed(time.at), f"{time.name} {time.raw!r} is {_span(ahead)} after the build time "
                   f"({clock.format_utc(now)}); it records something that happened, so it cannot be in the "
                   "future: check the date", "future-time")


def _span(delta: timedelta) -> str:
    """A time span in its two largest units: '29 days 22 h', '10 min 1 s'."""
    days, rest = divmod(int(delta.total_seconds()), 86400)
    units = ((days, " day" if days == 1 else " days"), (rest // 3600, " h"), (rest % 3600 // 60, " min"),
             (rest % 60, " s"))
    return " ".join([f"{n}{unit}" for n, unit in units if n][:2]) or "less than 1 s"


_NO_SPACE = re.compile(r"^[\w-]+:[^\s/:]")


def missing_space(node: Node) -> str:
    """Advice for a scalar found where a map belongs that reads like `key:value` without the space."""
    if isinstance(node, ScalarNode) and not node.style and _NO_SPACE.match(str(node.value)):
        key, _, value = str(node.value).partition(":")
        return f"; to make it a field, write a space after the ':': '{key}: {value.split()[0]}'"
    return ""


def _short_tag(tag: str) -> str:
    return "!!" + tag.removeprefix("tag:yaml.org,2002:") if tag.startswith("tag:yaml.org,2002:") else tag


def _describe(node: Node) -> str:
    if isinstance(node, MappingNode):
        return "a map"
    if isinstance(node, SequenceNode):
        return "a list"
    return f"{node.value!r}" if len(str(node.value)) < 40 else "text"


def _article(name: str) -> str:
    return ("an " if name[:1] in "aeiou" else "a ") + name
