"""Hypothesis strategies: valid incident files generated from the field rules, and mutations of any file.

`valid_files()` draws an incident or a maintenance window that `check` must accept: every rule of
docs/reference.md is built in (times in order and not after NOW, one closing update at the end, ids
from the example mkdocs.yml), with free text drawn from all of Unicode except what no page can carry,
and dumped by PyYAML in a random layout. `mutated()` then breaks a file the way hands, editors and
attackers do: bytes, lines, indentation, keys, values, types, timestamps, Unicode and YAML syntax.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import yaml
from hypothesis import strategies as st

from generator import schema
from generator.characters import forbidden_character

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
COMPONENT_IDS = ("api", "dashboard", "auth", "webhooks", "ingest", "query")
REPO_ROOT = Path(__file__).resolve().parents[2]


def _publishable(text: str) -> bool:
    return forbidden_character(text) is None and not re.search("[\x85\u2028\u2029\ufeff]", text)


# Free text: a pool of lines mixing every script, symbols, HTML and Markdown syntax, RTL marks and emoji
# (drawn from the pool, which keeps 10,000 examples fast), plus fully random text in the title.
_TOKENS = ["API", "errors", "<script>alert(1)</script>", "**bold**", "[x](javascript:alert(1))", "eu-west-1", "café",
           "日本語", "\u202eRTL", "&amp;", "# heading", "- item", "`code`", "a: b", "#1", "'quoted'", '"double"',
           "{curly}", "[square]", "50%", "@here", "\t", "<img src=x onerror=alert(1)>", "]]>", "Ωμέγα", "עברית",
           "العربية", "😀👍🏽", "\u00a0", "z\u0301", "\U0001d54f", "\ufffd", "\ue000", "~~~", "|", ">", "*", "&", "!",
           "\\", "%", "{{ x }}", "{% raw %}", "$(rm -rf)", "'; DROP TABLE", "\u200b", "\u2066isolate\u2069"]


def _pool(size: int) -> list[str]:
    import random

    rng = random.Random(20261128)
    blocks = [(0x20, 0x7E), (0xA0, 0x24F), (0x370, 0x52F), (0x590, 0x6FF), (0x900, 0x97F), (0x3040, 0x30FF),
              (0x4E00, 0x4FFF), (0xAC00, 0xACFF), (0x1F300, 0x1F64F), (0x2000, 0x2027), (0x202A, 0x206F)]
    lines = []
    while len(lines) < size:
        parts = []
        for _ in range(rng.randint(1, 6)):
            if rng.random() < 0.5:
                parts.append(rng.choice(_TOKENS))
            else:
                low, high = rng.choice(blocks)
                parts.append("".join(chr(rng.randint(low, high)) for _ in range(rng.randint(1, 10))))
        line = " ".join(parts)
        if line.strip() and _publishable(line):
            lines.append(line)
    return lines


_LINES = _pool(600)
_CHARS = st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\x85\u2028\u2029\ufeff")
_line = st.sampled_from(_LINES)
_random_line = st.text(_CHARS, min_size=1, max_size=40).filter(
    lambda s: bool(s.strip()) and "\n" not in s and "\r" not in s and _publishable(s))
_markdown = st.lists(_line, min_size=1, max_size=4).map("\n".join)
_SLUGS = [f"{word}-{n}" for n, word in enumerate(("api-errors", "x", "db", "0", "sign-in", "a" * 30) * 5)]


def _stamp(value: datetime, style: int) -> Any:
    """A time as the file may spell it: Z, an offset, or (for PyYAML to emit plain) a datetime."""
    if style == 0:
        return value.strftime("%Y-%m-%dT%H:%M:%SZ")
    if style == 1:
        return value.astimezone(timezone(timedelta(hours=2))).isoformat()
    return value


@st.composite
def _times(draw: st.DrawFn, start: datetime, count: int, end: datetime) -> list[datetime]:
    """`count` strictly increasing whole-minute times in [start, end]."""
    span = int((end - start).total_seconds() // 60)
    if span < count:
        return []
    minutes = sorted(draw(st.sets(st.integers(0, span), min_size=count, max_size=count)))
    return [start + timedelta(minutes=m) for m in minutes]


@st.composite
def incident_data(draw: st.DrawFn) -> tuple[str, dict[str, Any], int]:
    """(file stem, data, timestamp style) of an incident or a maintenance window check must accept."""
    style = draw(st.integers(0, 2))
    maintenance = draw(st.booleans())
    data: dict[str, Any] = {"title": draw(st.one_of(_line, _random_line))}
    if maintenance or draw(st.booleans()):
        data["kind"] = "maintenance" if maintenance else "incident"
    if draw(st.booleans()):
        data["impact"] = draw(st.sampled_from(("none", "minor", "major", "critical")))
    if draw(st.booleans()):
        data["urgency"] = draw(st.sampled_from(("low", "medium", "high")))
    ids = draw(st.lists(st.sampled_from(COMPONENT_IDS), unique=True, max_size=3))
    if ids or draw(st.booleans()):
        data["components"] = {i: draw(st.sampled_from(schema.COMPONENT_STATUSES)) for i in ids}
    if draw(st.booleans()):
        data["tags"] = draw(st.lists(_line, max_size=3))
    if draw(st.booleans()):
        data["update_every"] = draw(st.sampled_from(("15m", "30m", "1h", "1h30m", "2h", "1d", "365d")))
    if draw(st.booleans()):
        data["roles"] = {k: draw(_line) for k in ("incident_commander", "communications_lead", "service_desk")
                         if draw(st.booleans())}
        if draw(st.booleans()):
            data["roles"]["technical_specialists"] = draw(st.lists(_line, max_size=3))
    start = NOW - timedelta(minutes=draw(st.integers(0, 400 * 24 * 60)))
    count = draw(st.integers(0, 5))
    if maintenance:
        window_start = start + timedelta(minutes=draw(st.integers(0, 60 * 24 * 60)))
        window_end = window_start + timedelta(minutes=draw(st.integers(1, 24 * 60)))
        data["scheduled_start"] = _stamp(window_start, style)
        data["scheduled_end"] = _stamp(window_end, style)
        statuses = schema.MAINTENANCE_STATUSES
        when = window_start
        first_update = start - timedelta(days=7)
    else:
        data["started_at"] = _stamp(start, style)
        statuses = schema.INCIDENT_STATUSES
        when = start
        first_update = start
        later = draw(_times(start, 3, NOW)) if draw(st.booleans()) else []
        for name, value in zip(("detected_at", "acknowledged_at", "mitigated_at"), later, strict=False):
            if draw(st.booleans()):
                data[name] = _stamp(value, style)
    times = draw(_times(first_update, count, NOW))
    updates = []
    for n, at in enumerate(times):
        last = n == len(times) - 1
        choices = statuses if last else [s for s in statuses if s not in ("resolved", "completed", "cancelled")]
        update: dict[str, Any] = {"at": _stamp(at, style), "status": draw(st.sampled_from(choices)),
                                  "message": draw(_markdown)}
        if draw(st.integers(0, 4)) == 0:
            update["components"] = {i: draw(st.sampled_from(schema.COMPONENT_STATUSES))
                                    for i in draw(st.lists(st.sampled_from(COMPONENT_IDS), unique=True, min_size=1,
                                                           max_size=2))}
        if draw(st.integers(0, 5)) == 0 and at < NOW:
            fixed = at + (NOW - at) * draw(st.floats(0, 1))
            update["corrected"] = {"at": _stamp(fixed.replace(microsecond=0), style),
                                 "reason": "Fixed: " + draw(_line)}   # a reason says something in words
        updates.append(update)
    if updates or draw(st.booleans()):
        data["updates"] = updates
    if not maintenance and draw(st.integers(0, 2)) == 0:
        data["review"] = draw(_review(start))
    day = when.astimezone(UTC).date().isoformat()
    slug = draw(st.sampled_from(_SLUGS))
    return f"{day}-{slug}", data, style


@st.composite
def _review(draw: st.DrawFn, start: datetime) -> dict[str, Any]:
    review: dict[str, Any] = {}
    for spec in schema.REVIEW_FIELDS:
        if not draw(st.booleans()):
            continue
        if spec.type == schema.MARKDOWN:
            review[spec.name] = draw(_markdown)
        elif spec.type in (schema.MARKDOWN_LIST, schema.TEXT_LIST):
            review[spec.name] = draw(st.lists(_markdown if spec.type == schema.MARKDOWN_LIST else _line, max_size=3))
        elif spec.name == "timeline":
            review[spec.name] = [{"at": _stamp(at, 0), "text": draw(_markdown)}
                                 for at in draw(_times(start - timedelta(hours=2), draw(st.integers(0, 4)), NOW))]
        elif spec.name == "action_items":
            review[spec.name] = [draw(_action_item()) for _ in range(draw(st.integers(0, 3)))]
        elif spec.name == "published_at":
            review[spec.name] = _stamp(start + (NOW - start) * draw(st.floats(0, 1)), 0)
    return review


@st.composite
def _action_item(draw: st.DrawFn) -> dict[str, Any]:
    item: dict[str, Any] = {"title": draw(_line), "owner": draw(_line),
                            "type": draw(st.sampled_from(("prevent", "mitigate", "detect", "process")))}
    if draw(st.booleans()):
        item["due"] = draw(st.dates(date(1970, 1, 1), date(2999, 12, 31)))
    if draw(st.booleans()):
        item["status"] = draw(st.sampled_from(("open", "in_progress", "done")))
    if draw(st.booleans()):
        item["priority"] = draw(_line)
    if draw(st.booleans()):
        item["link"] = f"https://tracker.example.com/OPS-{draw(st.integers(1, 99999))}"
    return item


@st.composite
def valid_files(draw: st.DrawFn) -> tuple[str, str]:
    """(stem, text) of a valid incident file, dumped in a random PyYAML layout."""
    stem, data, _ = draw(incident_data())
    text = yaml.safe_dump(data, allow_unicode=draw(st.booleans()), sort_keys=draw(st.booleans()),
                          default_flow_style=draw(st.sampled_from((False, None, True))),
                          indent=draw(st.integers(2, 6)), width=draw(st.sampled_from((40, 80, 1000))),
                          explicit_start=draw(st.booleans()))
    return stem, text


def seed_files() -> list[tuple[str, str]]:
    """Every example incident and every case file of tests/cases, valid or not."""
    paths = sorted((REPO_ROOT / "incidents").rglob("*.yml")) + sorted((REPO_ROOT / "tests" / "cases").rglob("*.yml"))
    return [(p.stem, p.read_text(encoding="utf-8")) for p in paths]


# -- mutations ------------------------------------------------------------------------------------

FIELD_NAMES = sorted({f.name for f in schema.INCIDENT_FIELDS} | {f.name for f in schema.UPDATE_FIELDS}
                     | {f.name for f in schema.REVIEW_FIELDS} | {f.name for f in schema.ACTION_ITEM_FIELDS}
                     | {f.name for f in schema.ROLES_FIELDS} | {"reason", "text", "<<", "?", "-", ""})
VALUES = ["", "~", "null", "[]", "{}", "[a, b]", "{a: b}", "{api: major_outage}", "- x", "0", "-1", "1e999",
          ".inf", ".nan", "0x1F", "0o17", "true", "no", "2026-13-45T99:99:99Z", "0001-01-01T00:00:00Z",
          "9999-12-31T23:59:59-01:00", "2026-11-28T12:05:00Z", "2026-11-28T12:10:01Z", "2999-12-31T23:59:59Z",
          "1969-12-31T23:59:59Z", "2026-02-30T09:00:00Z", "2026-11-28", "2026-11-28T09:00:00",
          "2026-11-28T09:00:00+25:00", '"\\x01"', '"\\uFFFE"', '"\\x85"', '"\\ud800"', '"\\U0010FFFF"', '"\\e[31m"',
          "'single'", '"double"', "|", ">", "|-\n  block", "&a x", "*a", "!!python/object/apply:os.system [ls]",
          "!!binary aGk=", "!!str 12", "!!int x", "!custom x", "@x", "`x`", "%x", "<script>alert(1)</script>",
          "javascript:alert(1)", "\u202eevil", "😀", "\u00a0", "x" * 5000, "[" * 200 + "]" * 200, "a: b: c",
          "investigating", "resolved", "completed", "cancelled", "major_outage", "under_maintenance",
          "maintenance", "incident", "critical", "15m", "0m", "99999999d", "https://x", "ftp://x", "-", "? x",
          "#", "'", '"', "]", "}", "\t", "a\tb"]
SYNTAX = [": ", "- ", "[", "]", "{", "}", '"', "'", "#", "|", ">", "\n---\n", "\n...\n", "? ", "&a ", "*a ",
          "!t ", "%YAML 1.1\n", "\t", ",", "\r", "\r\n", "\\", "\n  ", "\n- ", ": |\n", "\x00", "\ufeff", "\u2028",
          "\x85", "\x7f", "\ud7ff", "\U0001f600", "\u202e"]
_TIMESTAMP = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})?")
_KEY = re.compile(r"^(\s*(?:- )?)([^\s:#][^:#]*?)(\s*:)", re.M)


def _pos(draw: st.DrawFn, size: int) -> int:
    return draw(st.integers(0, max(0, size)))


@st.composite
def mutation(draw: st.DrawFn, text: str) -> str:
    kind = draw(st.integers(0, 11))
    lines = text.split("\n")
    if kind == 0:  # bytes: flip, insert or cut, then decode as the source reader would or give up
        data = bytearray(text.encode("utf-8"))
        at = _pos(draw, len(data) - 1)
        op = draw(st.integers(0, 2))
        if op == 0 and data:
            data[at] ^= 1 << draw(st.integers(0, 7))
        elif op == 1:
            data[at:at] = bytes([draw(st.integers(0, 255))])
        else:
            del data[at:at + draw(st.integers(1, 20))]
        return data.decode("utf-8", errors="replace")
    if kind == 1 and lines:  # lines: delete, duplicate, swap, move
        a, b = _pos(draw, len(lines) - 1), _pos(draw, len(lines) - 1)
        op = draw(st.integers(0, 3))
        if op == 0:
            del lines[a]
        elif op == 1:
            lines.insert(a, lines[b])
        elif op == 2:
            lines[a], lines[b] = lines[b], lines[a]
        else:
            lines.insert(b, lines.pop(a))
        return "\n".join(lines)
    if kind == 2 and lines:  # indentation
        a = _pos(draw, len(lines) - 1)
        op = draw(st.integers(0, 2))
        if op == 0:
            lines[a] = " " * draw(st.integers(1, 6)) + lines[a]
        elif op == 1:
            lines[a] = lines[a][draw(st.integers(1, 4)):] if lines[a].startswith(" ") else lines[a]
        else:
            lines[a] = re.sub(r"^( +)", lambda m: "\t" * max(1, len(m.group(1)) // 2), lines[a])
        return "\n".join(lines)
    if kind == 3:  # keys: rename one to another field, a typo or nothing
        keys = list(_KEY.finditer(text))
        if keys:
            m = keys[_pos(draw, len(keys) - 1)]
            new = draw(st.one_of(st.sampled_from(FIELD_NAMES), st.text(max_size=8)))
            return text[:m.start(2)] + new + text[m.end(2):]
    if kind in (4, 5):  # values and types: replace what follows a key on its line
        keys = list(_KEY.finditer(text))
        if keys:
            m = keys[_pos(draw, len(keys) - 1)]
            end = text.find("\n", m.end(3))
            end = len(text) if end < 0 else end
            value = draw(st.one_of(st.sampled_from(VALUES), st.text(max_size=30)))
            return text[:m.end(3)] + " " + value + text[end:]
    if kind == 6:  # timestamps: shift one, drop its offset, or break it
        stamps = list(_TIMESTAMP.finditer(text))
        if stamps:
            m = stamps[_pos(draw, len(stamps) - 1)]
            op = draw(st.integers(0, 2))
            if op == 0:
                try:
                    value = datetime.fromisoformat(m.group()) + timedelta(
                        minutes=draw(st.integers(-10**6, 10**7)))
                    new = value.isoformat()
                except (ValueError, OverflowError):
                    new = m.group()
            elif op == 1:
                new = re.sub(r"(Z|[+-]\d{2}:\d{2})$", "", m.group())
            else:
                new = draw(st.sampled_from(VALUES))
            return text[:m.start()] + new + text[m.end():]
    if kind == 7:  # Unicode anywhere
        at = _pos(draw, len(text))
        char = draw(st.characters(blacklist_categories=("Cs",)))
        return text[:at] + char + text[at:]
    if kind == 8:  # YAML syntax anywhere
        at = _pos(draw, len(text))
        return text[:at] + draw(st.sampled_from(SYNTAX)) + text[at:]
    if kind == 9:  # line endings and the end of the file
        return draw(st.sampled_from((text.replace("\n", "\r\n"), text.replace("\n", "\r"), text.rstrip("\n"),
                                     "\ufeff" + text, text + "\n\n\n", text[: len(text) // 2])))
    if kind == 10 and lines:  # a double-quoted value with escapes
        a = _pos(draw, len(lines) - 1)
        escape = draw(st.sampled_from(("\\x01", "\\0", "\\e", "\\N", "\\_", "\\L", "\\uFDD0", "\\U0001FFFE",
                                       "\\t", "\\x7f", "\\u00e9", "\\\\", '\\"')))
        lines[a] = re.sub(r":\s+(.*)$", lambda m: f': "{escape}{m.group(1)}"', lines[a], count=1)
        return "\n".join(lines)
    # flow style: a whole file on one line, or comments everywhere
    return draw(st.sampled_from((" ".join(lines), "\n".join(line + "  # c" for line in lines))))


@st.composite
def mutated(draw: st.DrawFn, seeds: list[tuple[str, str]]) -> tuple[str, str]:
    """(stem, text): a seed file or a generated valid one, broken one to four times."""
    stem, text = draw(st.one_of(st.sampled_from(seeds), valid_files()))
    for _ in range(draw(st.integers(1, 4))):
        text = draw(mutation(text))
    if draw(st.integers(0, 20)) == 0:
        stem = draw(st.sampled_from(("", "x", "2026-11-26", "2026-13-01-x", "2026-11-26-UPPER", "2026-11-26-é",
                                     "2026-11-26-" + "a" * 200, "../2026-11-26-x", "2026-11-26-a b")))
    return stem, text
