"""Crashes and wrong positions the property tests (test_property_check.py) found, kept as plain cases."""

from __future__ import annotations

from unit_helpers import problems_of


def test_a_lone_carriage_return_is_a_line_break_for_every_position() -> None:
    """libyaml breaks lines at CR as editors do; reader errors counted only LF, so a control character
    after a lone CR was reported past the end of the line before it."""
    assert problems_of("title: x\r\x1f\n") == [
        "f.yml:2:1: error: YAML syntax error: control characters are not allowed (U+001F)"]


def test_the_end_of_the_file_is_not_past_the_last_line() -> None:
    """libyaml reports "end of stream" one line past a file without a final newline."""
    assert problems_of("{title: ") == [
        "f.yml:1:1: error: the map opened with '{' here is not closed with '}' before the end of the file (to "
        "write text that starts with '{', put it in quotes)"]
    assert problems_of("title: x\nimpact: ") == ["f.yml:1:1: error: missing required field 'started_at'",
                                                 "f.yml:2:8: error: 'impact' is empty; give it a value or remove it"]
