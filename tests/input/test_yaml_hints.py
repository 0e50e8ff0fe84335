"""Issue 12: hand-editing mistakes named as yamllint would: what is wrong, where, what to write instead.

Whole-file cases with their exact `check` output live in tests/cases/invalid/2026-10-*; these are the
smaller variations, each YAML snippet beside the one line it must give.
"""

from __future__ import annotations

import pytest
from unit_helpers import problems_of

QUOTE = "put the value in quotes: "
CASES = {
    "first line without a space": ("title:x\nimpact: major\n",
                                   "1:6: error: missing space after ':' in 'title:x'; write 'title: x'"),
    "last line without a space": ("title: x\nimpact:major\n",
                                  "2:7: error: missing space after ':' in 'impact:major'; write 'impact: major'"),
    "no space in an update": ("title: x\nupdates:\n  - at: 2026-11-01T09:15:00Z\n    status:investigating\n"
                              "    message: hi\n",
                              "4:11: error: missing space after ':' in 'status:investigating'; "
                              "write 'status: investigating'"),
    "indented further in a map": ("title: x\nroles:\n  incident_commander: a\n    communications_lead: b\n",
                                  "4:5: error: wrong indentation: 'communications_lead' is indented more than "
                                  "'incident_commander' on line 3, which already has a value; indent it like "
                                  "'incident_commander' (column 3)"),
    "a dash under the fields": ("title: x\nupdates:\n  - at: 2026-11-01T09:15:00Z\n    status: investigating\n"
                                "    - at: 2026-11-01T09:20:00Z\n",
                                "5:5: error: wrong indentation: this list item's '-' is at column 5, but the "
                                "other items' '-' are at column 3; line it up with them"),
    "an indented first line": ("  title: x\nimpact: major\n",
                               "1:1: error: wrong indentation: the first field is indented; the fields of an "
                               "incident file start at column 1"),
    "a tab after a dash": ("title: x\ntags:\n  -\ta\n",
                           "3:4: error: tab character: YAML indents with spaces only; replace the tab with spaces"),
    "': ' on a continued line": ("title: x\nupdates:\n  - at: 2026-11-01T09:15:00Z\n    message: We are looking\n"
                                 "      into it: more\n",
                                 "5:14: error: unquoted ': ' inside a value that goes on over several lines: YAML "
                                 "reads it as a new key; put the whole value in quotes, or write it as a block "
                                 "after '|'"),
    "single quote not closed mid-file": ("title: 'API down\nimpact: major\nmessage: 'hi'\n",
                                         "1:8: error: unclosed quote: the value that starts with ' here is not "
                                         "closed on its line; end it with '"),
    "brackets then text": ("title: [EU] outage in region\n",
                           "1:8: error: a value that starts with '[' is a list; to write text, "
                           + QUOTE + 'title: "[EU] outage in region"'),
    "braces then text": ("title: {EU} outage\n",
                         "1:8: error: a value that starts with '{' is a map; to write text, " + QUOTE
                         + 'title: "{EU} outage"'),
    "backtick": ("title: `code` down\n",
                 "1:8: error: an unquoted value cannot start with '`'; " + QUOTE + 'title: "`code` down"'),
    "asterisk": ("title: *bold* outage\n",
                 "1:8: error: an unquoted value cannot start with '*'; " + QUOTE + 'title: "*bold* outage"'),
    "percent": ("title: x\nimpact: %major\n",
                "2:9: error: an unquoted value cannot start with '%'; " + QUOTE + 'impact: "%major"'),
    "text after a block indicator": ("title: x\nmessage: | hello\n",
                                     "2:12: error: text after '|' or '>': the text of a block value starts on the "
                                     "next line, indented"),
    "quotes inside a suggestion": ('title: x\nmessage: "ok" it\'s fixed\n',
                                   "2:15: error: text after the closing \": a value that starts with a quote ends "
                                   "there; " + QUOTE + 'message: "\\"ok\\" it\'s fixed"'),
    "a long value gets no copy": ("title: x\nmessage: Cause: " + "a" * 80 + "\n",
                                  "2:15: error: unquoted ': ' inside the value of 'message': YAML reads it as a new "
                                  "key; put the whole value in quotes"),
    "a comment is not part of the value": ("title: API down: errors  # why\n",
                                           "1:16: error: unquoted ': ' inside the value of 'title': YAML reads it as "
                                           "a new key; " + QUOTE + 'title: "API down: errors"'),
    "roles without a space": ("title: x\nroles: incident_commander:Dana\n",
                              "2:8: error: roles must be a map of fields, found 'incident_commander:Dana'; to make "
                              "it a field, write a space after the ':': 'incident_commander: Dana'"),
}


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_the_mistake_is_named(case: str) -> None:
    text, problem = CASES[case]
    assert [p for p in problems_of(text) if ": error: " in p and "missing required" not in p] == [f"f.yml:{problem}"]


def test_unrecognised_errors_keep_libyaml_words() -> None:
    assert problems_of("title: x\n: y\n") == [
        "f.yml:2:1: error: YAML syntax error: did not find expected key (while parsing a block mapping at line 1)"]
