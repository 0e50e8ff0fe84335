"""Issue 10, item 7: a character that no web page or feed can carry is refused where it is typed.

Control characters (except tab and line breaks), DEL, C1 controls, lone surrogates and Unicode
noncharacters (U+FDD0-U+FDEF, U+xFFFE, U+xFFFF) reach YAML only through double-quoted escapes
("a\\x01b"); libyaml itself refuses them raw. `check` must point at the escape, the writing
commands must refuse them, and nothing that `check` accepts may crash the build.
"""

from __future__ import annotations

import json

import pytest
from cli_helpers import AT, GOOD_INCIDENT, TmpProject, statuspress
from unit_helpers import incident_of, problems_of

from generator import schema
from generator.characters import forbidden_character

ID = "2026-11-26-api-errors"
FILE = f"incidents/2026/{ID}.yml"
FORBIDDEN = {
    "NUL": ("\\0", "the control character U+0000"),
    "SOH": ("\\x01", "the control character U+0001"),
    "backspace": ("\\b", "the control character U+0008"),
    "vertical tab": ("\\v", "the control character U+000B"),
    "form feed": ("\\f", "the control character U+000C"),
    "escape": ("\\e", "the control character U+001B"),
    "US": ("\\x1f", "the control character U+001F"),
    "DEL": ("\\x7f", "the control character U+007F"),
    "C1 PAD": ("\\x80", "the control character U+0080"),
    "C1 NEL": ("\\N", "the control character U+0085"),
    "C1 APC": ("\\x9f", "the control character U+009F"),
    "FDD0": ("\\uFDD0", "the noncharacter U+FDD0"),
    "FFFE": ("\\uFFFE", "the noncharacter U+FFFE"),
    "FFFF": ("\\uffff", "the noncharacter U+FFFF"),
    "1FFFE": ("\\U0001FFFE", "the noncharacter U+1FFFE"),
    "10FFFF": ("\\U0010FFFF", "the noncharacter U+10FFFF"),
}
ALLOWED = {"tab": ("\\t", "\t"), "nbsp": ("\\_", "\u00a0"), "emoji": ("\\U0001F600", "\U0001F600"),
           "FFFD": ("\\uFFFD", "\ufffd"), "e acute": ("\\xe9", "é"), "private use": ("\\uE000", "\ue000")}


@pytest.mark.parametrize("case", FORBIDDEN, ids=list(FORBIDDEN))
def test_forbidden_characters_are_reported_at_the_escape(case: str) -> None:
    escape, what = FORBIDDEN[case]
    text = f'title: "API {escape} down"\nstarted_at: 2026-11-26T09:00:00Z\n'
    assert problems_of(text) == [
        f"f.yml:1:13: error: title contains {what}, which cannot appear in a web page or feed; remove it"]


@pytest.mark.parametrize("case", ALLOWED, ids=list(ALLOWED))
def test_other_characters_are_text(case: str) -> None:
    escape, char = ALLOWED[case]
    incident = incident_of(f'title: "API {escape} down"\nstarted_at: 2026-11-26T09:00:00Z\n'
                           "updates:\n  - {at: 2026-11-26T09:05:00Z, status: resolved, message: ok}\n")
    assert incident.title == f"API {char} down"


def test_the_column_counts_characters_and_earlier_escapes() -> None:
    """Earlier escapes and non-ASCII letters move the column like any character does."""
    text = 'title: "é\\"ü\\\\ \\t \\x01"\nstarted_at: 2026-11-26T09:00:00Z\n'
    assert problems_of(text)[0].startswith("f.yml:1:19: error: title contains the control character U+0001")


def test_a_folded_double_quoted_value_points_at_the_line_of_the_escape() -> None:
    text = 'title: "API\n  down \\x01 now"\nstarted_at: 2026-11-26T09:00:00Z\n'
    assert problems_of(text)[0].startswith("f.yml:2:8: error: title contains the control character U+0001")


def _text_fields(fields: tuple[schema.Field, ...], path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    out = []
    for spec in fields:
        if isinstance(spec.type, schema.Object | schema.ObjectList):
            out += _text_fields(spec.type.fields, (*path, spec.name))
        elif spec.type in (schema.TEXT, schema.MARKDOWN, schema.TEXT_LIST, schema.MARKDOWN_LIST):
            out.append((*path, spec.name))
    return out


TEXT_FIELDS = _text_fields(schema.INCIDENT_FIELDS)


def _file_with(path: tuple[str, ...], value: str) -> str:
    """A valid resolved incident with `value` (a YAML scalar) in the text field at `path`."""
    data = {
        "title": "API errors", "impact": "major", "started_at": "2026-11-26T09:02:00Z",
        "updates": [{"at": "2026-11-26T09:15:00Z", "status": "resolved", "message": "Fixed.",
                     "corrected": {"at": "2026-11-26T09:20:00Z", "reason": "Typo."}}],
        "review": {"timeline": [{"at": "2026-11-26T09:05:00Z", "text": "Alert."}],
                   "action_items": [{"title": "Canary", "owner": "Platform", "type": "prevent"}]},
        "roles": {},
        "corrections": [{"at": "2026-11-26T09:20:00Z", "field": "impact", "reason": "It was major."}],
    }
    node = data
    for key in path[:-1]:
        node = node.setdefault(key, {})
        if isinstance(node, list):
            node = node[0]
    node[path[-1]] = "@VALUE@"
    spec = _field(path)
    text = json.dumps(data, indent=1)  # JSON is YAML (flow style): every value double-quoted
    replacement = f"[{value}]" if spec.type in (schema.TEXT_LIST, schema.MARKDOWN_LIST) else value
    return text.replace('"@VALUE@"', replacement)


def _field(path: tuple[str, ...]) -> schema.Field:
    fields = schema.INCIDENT_FIELDS
    spec = None
    for name in path:
        spec = next(f for f in fields if f.name == name)
        fields = getattr(spec.type, "fields", ())
    assert spec is not None
    return spec


def test_every_text_field_is_covered() -> None:
    assert len(TEXT_FIELDS) >= 20
    assert ("updates", "corrected", "reason") in TEXT_FIELDS and ("review", "went_well") in TEXT_FIELDS


@pytest.mark.parametrize("path", TEXT_FIELDS, ids=[".".join(p) for p in TEXT_FIELDS])
def test_every_text_field_refuses_a_control_character(path: tuple[str, ...]) -> None:
    good = _file_with(path, '"plain words"')
    assert [p for p in problems_of(good) if ": error: " in p] == []
    bad = _file_with(path, '"a\\x01b"')
    line_no, line = next((n, line) for n, line in enumerate(bad.splitlines(), 1) if "\\x01" in line)
    col = line.index("\\x01") + 1
    errors = [p for p in problems_of(bad) if ": error: " in p]
    assert errors == [f"f.yml:{line_no}:{col}: error: {path[-1]} contains the control character U+0001, "
                      "which cannot appear in a web page or feed; remove it"]


def test_keys_are_never_published_and_show_escaped() -> None:
    text = '"ti\\x01tle": x\ntitle: x\nstarted_at: 2026-11-26T09:00:00Z\n'
    assert problems_of(text)[0] == "f.yml:1:1: error: unknown field 'ti\\x01tle' in incident (did you mean 'title'?)"


def test_forbidden_character_finds_the_first() -> None:
    assert forbidden_character("ok\ttext\r\n") is None
    assert forbidden_character("a\ufffeb\x01") == 1
    assert forbidden_character("\ud800") == 0


# -- the commands --------------------------------------------------------------------------------


def test_check_fails_and_build_writes_nothing(site_project: TmpProject) -> None:
    site_project.write(FILE, GOOD_INCIDENT.replace("title: Elevated error rates on the public API",
                                                   'title: "Elevated \\x01 errors"'))
    expected = (f"{FILE}:1:18: error: title contains the control character U+0001, which cannot appear "
                "in a web page or feed; remove it [forbidden-character]\n")
    run = site_project.check()
    assert (run.code, run.stdout) == (1, expected)
    build = statuspress(site_project.root, "build", "--at", AT)
    assert (build.code, build.stdout) == (1, expected)
    assert not (site_project.root / "site").exists()


@pytest.mark.parametrize("bad", ["a\x01b", "a\x7fb", "a\x85b", "a\ufffeb", "a\udcedb"],
                         ids=["SOH", "DEL", "NEL", "FFFE", "surrogate"])
@pytest.mark.parametrize("option", ["--title", "--message"])
def test_new_refuses_it(tmp_project: TmpProject, bad: str, option: str) -> None:
    args = {"--title": "API errors", "--message": "Looking into it."}
    args[option] = bad
    run = statuspress(tmp_project.root, "new", "--at", AT, "--impact", "minor", "--slug", "api",
                      *[x for pair in args.items() for x in pair])
    assert run.code == 2
    assert run.stderr.splitlines()[-1] == (
        f"Error: Invalid value for '{option}': contains the {_what(bad[1])}, which cannot appear in a web "
        "page or feed; remove it")
    assert not (tmp_project.root / "incidents").exists()


def _what(char: str) -> str:
    code = ord(char)
    kind = "lone surrogate" if 0xD800 <= code <= 0xDFFF else \
        "noncharacter" if code in (0xFFFE, 0xFFFF) else "control character"
    return f"{kind} U+{code:04X}"


@pytest.mark.parametrize("command", ["update", "resolve"])
def test_update_and_resolve_refuse_it(tmp_project: TmpProject, command: str) -> None:
    path = tmp_project.write(FILE, GOOD_INCIDENT.replace(
        "  - at: 2026-11-26T10:30:00Z\n    status: resolved\n    message: Error rates are back to normal.\n",
        ""))
    before = path.read_bytes()
    extra = ("--status", "monitoring") if command == "update" else ()
    run = statuspress(tmp_project.root, command, ID, "--at", AT, *extra, "--message", "x\x1by")
    assert run.code == 2
    assert run.stderr.splitlines()[-1] == (
        "Error: Invalid value for '--message': contains the control character U+001B, which cannot appear "
        "in a web page or feed; remove it")
    assert path.read_bytes() == before


def test_a_component_name_in_mkdocs_yml(tmp_project: TmpProject) -> None:
    tmp_project.config("name: Public API", 'name: "Public \\x07 API"')
    run = tmp_project.check()
    line = next(n for n, text in enumerate((tmp_project.root / "mkdocs.yml").read_text().splitlines(), 1)
                if "\\x07" in text)
    assert (run.code, run.stdout) == (1, f"mkdocs.yml:{line}:25: error: name contains the control character "
                                          "U+0007, which cannot appear in a web page or feed; remove it "
                                          "[forbidden-character]\n")


def test_site_name_and_other_settings_in_mkdocs_yml(tmp_project: TmpProject) -> None:
    """site_name reaches every feed: a control character in it stopped the build after check passed."""
    text = (tmp_project.root / "mkdocs.yml").read_text(encoding="utf-8")
    site_name = next(line for line in text.splitlines() if line.startswith("site_name:"))
    tmp_project.config(site_name, 'site_name: "Quill\\x01stack"')
    line = next(n for n, t in enumerate((tmp_project.root / "mkdocs.yml").read_text().splitlines(), 1)
                if t.startswith("site_name:"))
    run = tmp_project.check()
    assert (run.code, run.stdout) == (1, f"mkdocs.yml:{line}:18: error: site_name contains the control character "
                                          "U+0001, which cannot appear in a web page or feed; remove it "
                                          "[forbidden-character]\n")
