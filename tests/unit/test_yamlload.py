"""YAML text → nodes or problems: syntax errors point at the offending token, nothing is constructed."""

from __future__ import annotations

import pytest
from unit_helpers import problems_of

from generator.problems import Problems
from generator.yamlload import compose


@pytest.mark.parametrize(("text", "problem"), [
    # issue 10: libyaml's words are rewritten as what is wrong, where, and what to write instead
    ("title: x\nimpact: major\n  started_at: 2026-11-26T09:00:00Z\n",
     "3:3: error: wrong indentation: 'started_at' is indented more than 'impact' on line 2, which already has "
     "a value; indent it like 'impact' (column 1)"),
    ("title: a: b\n",
     "1:9: error: unquoted ': ' inside the value of 'title': YAML reads it as a new key; put the value in "
     "quotes: title: \"a: b\""),
    # the end of the file is not a place: point at the quote that was never closed
    ('title: x\nimpact: "major\nstarted_at: 2026-11-26T09:00:00Z\n',
     "2:9: error: unclosed quote: the value that starts with \" here is never closed; end it with \" on the "
     "same line"),
    ("title: x\ntags: [db, eu\n",
     "2:7: error: the list opened with '[' here is not closed with ']' (to write text that starts with '[', "
     "put it in quotes)"),
    ("title: x\ntags: {a: b\nimpact: major\n",
     "2:7: error: the map opened with '{' here is not closed with '}' (to write text that starts with '{', "
     "put it in quotes)"),
    ("title: x\n\timpact: major\n",
     "2:1: error: tab character: YAML indents with spaces only; replace the tab with spaces"),
    ("title: x\n- a\n",
     "2:1: error: YAML syntax error: did not find expected key (while parsing a block mapping at line 1)"),
    ("title: x\n---\ntitle: y\n",
     "2:1: error: a second YAML document starts here; the file must hold one: remove this '---' line, or move "
     "what follows to a file of its own"),
    ("title: *x\n",
     "1:8: error: YAML syntax error: found undefined alias"),
], ids=["indent", "colon", "quote", "flow-list", "flow-map", "tab", "dash", "documents", "undefined-alias"])
def test_syntax_errors(text: str, problem: str) -> None:
    assert problems_of(text) == [f"f.yml:{problem}"]


def test_aliases_are_refused_even_when_harmless() -> None:
    assert problems_of("title: &t x\nstarted_at: 2026-11-26T09:00:00Z\nreview: {summary: *t}\n") == [
        "f.yml:3:19: error: YAML aliases (*name) are not allowed in incident files; write the value out",
    ]


def test_merge_keys_are_aliases_too() -> None:
    assert problems_of("base: &b {title: x}\n<<: *b\n") == [
        "f.yml:2:5: error: YAML aliases (*name) are not allowed in incident files; write the value out",
    ]


def test_anchors_without_aliases_are_harmless() -> None:
    assert problems_of("title: &t x\nstarted_at: 2026-11-26T09:00:00Z\nupdates:\n"
                       "  - {at: 2026-11-26T09:05:00Z, status: resolved, message: ok}\n") == []


@pytest.mark.parametrize(("text", "problem"), [
    ("title: !!binary aGVsbG8=\n", "1:8: error: YAML tag !!binary is not allowed; incident files hold plain "
                                   "text, lists and maps"),
    ("title: !!python/tuple [a]\n", "1:8: error: YAML tag !!python/tuple is not allowed; incident files hold "
                                    "plain text, lists and maps"),
    ("title: !<tag:example.com,2026:x> y\n", "1:8: error: YAML tag tag:example.com,2026:x is not allowed; "
                                             "incident files hold plain text, lists and maps"),
    ("title: !!set {a, b}\n", "1:8: error: YAML tag !!set is not allowed; incident files hold plain text, "
                              "lists and maps"),
])
def test_tags_are_refused(text: str, problem: str) -> None:
    assert problems_of(text + "started_at: 2026-11-26T09:00:00Z\n") == [f"f.yml:{problem}"]


def test_standard_tags_are_fine() -> None:
    assert problems_of("title: !!str 2026\nstarted_at: 2026-11-26T09:00:00Z\nupdates:\n"
                       "  - {at: 2026-11-26T09:05:00Z, status: resolved, message: !!str ok}\n") == []


@pytest.mark.parametrize(("text", "problem"), [
    ("title: x\x00\n", "1:9: error: YAML syntax error: control characters are not allowed (U+0000)"),
    ("title: 😀 é\x07\n", "1:11: error: YAML syntax error: control characters are not allowed (U+0007)"),
    ("title: x\nimpact: a\u2028b\n", "2:10: error: character U+2028 is read as a line break by YAML; replace "
                                     "it with a space or a real line break"),
])
def test_characters_yaml_refuses_are_reported_where_they_are(text: str, problem: str) -> None:
    assert problems_of(text) == [f"f.yml:{problem}"]


def test_columns_count_characters_not_bytes() -> None:
    text = "title: 😀 é — x\nimpact: majr\nstarted_at: 2026-11-26T09:00:00Z\ntags: [é, 😀: x]\n"
    assert problems_of(text) == [
        "f.yml:2:9: error: impact 'majr' is not one of none, minor, major, critical (did you mean 'major'?)",
        "f.yml:4:11: error: 'tags[2]' must be text, found a map",
    ]


def test_compose_returns_nodes_with_positions() -> None:
    problems = Problems("f.yml")
    node = compose("title: x\nimpact: major\n", problems)
    assert problems.items == []
    assert node is not None
    assert [(k.value, v.value, v.start_mark.line, v.start_mark.column) for k, v in node.value] == [
        ("title", "x", 0, 7), ("impact", "major", 1, 8)]
