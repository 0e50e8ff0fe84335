"""The shortcuts that make reading incident files fast give what the general code gives.

yamlload.py composes with a resolver cut to the safe loader's tables and looks for aliases only where
the text can hold one; reader.py screens a file's text once for forbidden characters instead of each
value; rules/base.py keeps positions packed; source.py reads a file as large as lstat saw it.
"""

from __future__ import annotations

import os
import pickle
from pathlib import Path

import pytest
import yaml
from unit_helpers import problems_of

from generator import reader, schema, source, yamlload
from generator.problems import Mark, Problems, packed
from generator.reader import Reader
from generator.rules.base import Marks
from generator.yamlload import MappingNode, Node, SequenceNode, compose

# Scalars that each implicit resolver of YAML 1.1 claims, and some that look like one but are not.
SCALARS = [
    "", "~", "null", "Null", "NULL", "nul", "true", "True", "TRUE", "tRue", "yes", "Yes", "no", "NO", "on", "Off",
    "y", "n", "0", "12", "-12", "+12", "0x1F", "0b101", "017", "1_000", "190:20:30", "1.5", "-1.5e+3", ".5", ".inf",
    "-.Inf", ".nan", ".NaN", "1.", "1e3", "2026-11-26", "2026-11-26T09:02:00Z", "2026-11-26 09:02:00 +01:00",
    "2026-1-2", "<<", "=", "==", "investigating", "api", "a b c", "12 monkeys", "x\u00e9", "\u00e9t\u00e9",
]


def _tags(node: Node) -> list[tuple[str, object]]:
    if isinstance(node, MappingNode):
        return [(node.tag, None)] + [tag for key, value in node.value for tag in _tags(key) + _tags(value)]
    if isinstance(node, SequenceNode):
        return [(node.tag, None)] + [tag for item in node.value for tag in _tags(item)]
    return [(node.tag, node.value)]


def _composed(text: str, loader: type) -> object:
    try:
        return _tags(yaml.compose(text, Loader=loader))
    except yaml.YAMLError as err:
        return str(err)


@pytest.mark.parametrize("style", ["{}", "'{}'", '"{}"', "[{}]", "{{{}: x}}", "|\n  {}"])
def test_the_cut_resolver_tags_every_scalar_as_pyyaml_does(style: str) -> None:
    for scalar in SCALARS:
        text = "v: " + style.format(scalar) + "\n"
        assert _composed(text, yamlload._Composer) == _composed(text, yamlload._Loader), text


def test_the_safe_loader_has_no_path_resolvers_for_the_cut_resolver_to_skip() -> None:
    assert not yamlload._Loader.yaml_path_resolvers


def test_the_cut_resolver_keeps_the_tags_that_are_refused() -> None:
    assert [p for p in problems_of("title: x\n<<: y\n=: z\n") if "tag" in p] == [
        "f.yml:2:1: error: YAML tag !!merge is not allowed",
        "f.yml:3:1: error: YAML tag !!value is not allowed",
    ]


@pytest.mark.parametrize("text", [
    "title: 'bold *text* & more'\n",    # both characters, no alias
    "title: '*x'\nimpact: major\n",     # '*' alone
    "title: &t x\n",                    # an anchor alone
])
def test_asterisks_and_ampersands_without_an_alias_are_not_aliases(text: str) -> None:
    problems = Problems("f.yml")
    assert compose(text, problems) is not None
    assert problems.items == []


def test_an_alias_is_found_among_asterisks_and_ampersands() -> None:
    assert problems_of("title: &t '*x* & y'\nreview: {summary: *t}\n") == [
        "f.yml:2:19: error: YAML aliases (*name) are not allowed in incident files; write the value out",
    ]


@pytest.mark.parametrize(("text", "may"), [
    ("title: plain ascii\n\ttab and\r\nbreaks\n", False),
    ("title: caf\u00e9 \u2014 \U0001F600\n", False),
    ("title: a\\b\n", True),                     # a backslash: maybe an escape in double quotes
    ("title: a\x01b\n", True),
    ("title: a\x7fb\n", True),
    ("title: caf\u00e9\x01\n", True),
    ("title: caf\u00e9 \ufffe\n", True),
    ("title: \U0001FFFF\n", True),
    ("title: \x85\n", True),
])
def test_a_text_is_screened_for_what_its_values_may_hold(text: str, may: bool) -> None:
    assert reader._may_hold_forbidden(text) is may


@pytest.mark.parametrize("escape", ["\\x01", "\\u0085", "\\N", "\\uFFFE", "\\U0001FFFE"])
def test_an_escaped_forbidden_character_in_an_ascii_file_is_still_found(escape: str) -> None:
    found = [p for p in problems_of(f'title: "ok{escape}"\n') if "contains" in p]
    assert len(found) == 1 and found[0].startswith("f.yml:1:11: error: title contains the "), found


def test_without_the_text_every_value_is_looked_at() -> None:
    node = compose('title: "a\\x01b"\n', Problems("f.yml"))
    assert isinstance(node, MappingNode)
    found = Problems("f.yml")
    Reader(found).read_object(node, schema.INCIDENT_FIELDS, (), "incident")
    assert [p.code for p in found.items] == ["forbidden-character"]


def test_a_packed_position_converts_back() -> None:
    node = compose("title: x\nimpact:\n    major\n", Problems("f.yml"))
    assert isinstance(node, MappingNode)
    value = node.value[1][1]
    assert Mark.from_packed(packed(value.start_mark)) == Mark(3, 5) == Mark.from_yaml(value.start_mark)
    assert Mark.from_packed(packed(type("M", (), {"line": 70000, "column": 1048576})())) == Mark(70001, 1048577)


def test_marks_fall_back_to_the_enclosing_value_and_survive_pickling() -> None:
    marks = Marks({(): 0, ("updates",): 2 << 32 | 2, ("updates", 0, "at"): 3 << 32 | 8})
    assert marks.at("updates", 0, "at") == Mark(4, 9)
    assert marks.at("updates", 0, "message") == Mark(3, 3)
    assert marks.at("title") == Mark(1, 1)
    assert Marks({}).at("title") == Mark(1, 1)
    assert marks.has("updates") and not marks.has("updates", 0)
    again = pickle.loads(pickle.dumps(marks))  # noqa: S301 - what this test pickled
    assert again == marks and again.at("updates", 0, "at") == Mark(4, 9)
    assert again != Marks({(): 0})


def test_packed_marks_answer_as_before_and_pickle_as_they_are() -> None:
    held = {(): 0, ("title",): 1 << 32 | 7}
    marks = Marks(dict(held))
    marks.pack()
    assert pickle.dumps(marks) == pickle.dumps(Marks(dict(held)))
    assert marks == Marks(dict(held))
    assert marks.at("title") == Mark(2, 8) and marks.has("title") and not marks.has("impact")


def test_a_file_that_grew_after_lstat_is_read_on_up_to_the_cap(tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "2026-11-26-x.yml"
    path.write_bytes(b"title: " + b"x" * 5000 + b"\n")
    real = os.lstat(path)

    class Shrunk:   # what lstat saw before the file grew
        st_mode = real.st_mode
        st_size = 100

    monkeypatch.setattr(Path, "lstat", lambda self: Shrunk())
    read = source.read_file(path, "f.yml")[0]
    assert read is not None and read.text == path.read_text()
    monkeypatch.setattr(source, "MAX_FILE_BYTES", 1000)
    read = source.read_file(path, "f.yml")[0]
    assert read is not None and read.text == path.read_text()[:1001]
