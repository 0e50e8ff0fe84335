"""Turn libyaml's syntax errors into what a person editing by hand needs: what is wrong, where, what to write.

libyaml says "mapping values are not allowed in this context" for a colon inside an unquoted message
and for a line indented one step too far alike. The rules below look at the error and at the lines
around it and name the usual hand-editing mistakes: a tab, wrong indentation, ': ' inside a value,
an unclosed quote, a list item without '- ', 'key:value' without a space, text after a closing quote,
a value starting with a character YAML reserves. Each rule returns a position and a message, or None
when it does not recognise the case; compose() then falls back to libyaml's own words.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import yaml

from .problems import Mark

# A line that starts a `key: value` pair (optionally a list item's first): indent, dash, key, value.
_KEY_LINE = re.compile(r"^(?P<indent> *)(?P<dash>- +)?(?P<key>[A-Za-z_][\w.-]*)[ \t]*:(?=[ \t]|$)[ \t]*"
                       r"(?P<value>.*)$")
# The same without the space after the colon: `impact:major`.
_NO_SPACE = re.compile(r"^(?P<indent> *)(?P<dash>- +)?(?P<key>[A-Za-z_][\w-]*):(?P<value>[^\s/:][^#]*?)\s*$")
_COMMENT = re.compile(r"[ \t]+#.*$")
_BREAKS = re.compile(r"\r\n|\r|\n")


@dataclass(frozen=True)
class _Error:
    problem: str
    context: str
    line: int          # 0-based, of the problem
    col: int
    context_line: int | None
    context_col: int | None
    lines: list[str]

    def text(self, line: int) -> str:
        return self.lines[line] if 0 <= line < len(self.lines) else ""

    def char(self, line: int, col: int) -> str:
        text = self.text(line)
        return text[col] if 0 <= col < len(text) else ""


Hint = tuple[Mark, str]


def explain(err: yaml.MarkedYAMLError, text: str) -> Hint | None:
    """A position and a message for a common mistake, or None."""
    mark, context = err.problem_mark, err.context_mark
    if mark is None:
        return None
    error = _Error(err.problem or "", err.context or "", mark.line, mark.column,
                   context.line if context else None, context.column if context else None,
                   _BREAKS.split(text))
    for rule in _RULES:
        hint = rule(error)
        if hint is not None:
            return hint
    return None


def _mark(line: int, col: int) -> Mark:
    return Mark(line + 1, col + 1)


def quoted(value: str) -> str:
    """`value` as a YAML quoted scalar: double quotes unless it holds some, then single."""
    if '"' not in value and "\\" not in value:
        return f'"{value}"'
    if "'" not in value:
        return f"'{value}'"
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _suggest(key: str, value: str) -> str:
    value = _COMMENT.sub("", value).strip()
    if not value or len(value) > 70:
        return "put the whole value in quotes"
    return f"put the value in quotes: {key}: {quoted(value)}"


def _content_lines_above(error: _Error, line: int) -> int | None:
    """The nearest line above `line` that holds something other than a comment."""
    for n in range(line - 1, -1, -1):
        stripped = error.text(n).strip()
        if stripped and not stripped.startswith("#"):
            return n
    return None


def _key_col(match: re.Match[str]) -> int:
    return len(match.group("indent")) + len(match.group("dash") or "")


# -- the rules, most specific first -----------------------------------------------------------------


def _tab(error: _Error) -> Hint | None:
    if "tab" not in error.problem and not (error.problem.startswith("found character") and
                                           error.char(error.line, error.col) == "\t"):
        return None
    line = error.text(error.line)
    tab = line.find("\t", 0, len(line) - len(line.lstrip(" \t-")) or None)
    col = tab if tab >= 0 else error.col
    return _mark(error.line, col), "tab character: YAML indents with spaces only; replace the tab with spaces"


def _missing_space(error: _Error) -> Hint | None:
    """`impact:major` is one word to YAML; the error shows up at the line after it or where it ends."""
    candidates = []
    if error.context.startswith("while scanning a simple key") and error.context_line is not None:
        candidates.append(error.context_line)
    if error.problem.startswith(("mapping values are not allowed", "could not find expected ':'")):
        above = _content_lines_above(error, error.line)
        candidates += [error.line] + ([above] if above is not None else [])
    for line in candidates:
        match = _NO_SPACE.match(error.text(line))
        if match and ": " not in error.text(line):
            key, value = match.group("key"), match.group("value")
            colon = _key_col(match) + len(key)
            return _mark(line, colon), (f"missing space after ':' in '{key}:{value}'; write '{key}: {value}'")
    return None


def _colon_in_value(error: _Error) -> Hint | None:
    if not error.problem.startswith("mapping values are not allowed"):
        return None
    line = error.text(error.line)
    match = _KEY_LINE.match(line)
    if match and match.start("value") <= error.col:
        value = line[match.start("value"):]
        return _mark(error.line, error.col), (f"unquoted ': ' inside the value of '{match.group('key')}': YAML "
                                              f"reads it as a new key; {_suggest(match.group('key'), value)}")
    first = line[len(line) - len(line.lstrip(" ")):error.col]
    if " " in first.strip() or first.strip()[:1] == "-":
        # A continuation line of a multi-line value that holds ': '.
        return _mark(error.line, error.col), ("unquoted ': ' inside a value that goes on over several lines: YAML "
                                              "reads it as a new key; put the whole value in quotes, or write it "
                                              "as a block after '|'")
    return None


def _indented_too_far(error: _Error) -> Hint | None:
    """A `key:` indented under a line that already has a value."""
    if not error.problem.startswith("mapping values are not allowed"):
        return None
    line = error.text(error.line)
    key = line.strip()[:error.col - (len(line) - len(line.lstrip(" ")))].rstrip()
    above = _content_lines_above(error, error.line)
    previous = _KEY_LINE.match(error.text(above)) if above is not None else None
    if previous is None or above is None:
        return None
    indent = len(line) - len(line.lstrip(" "))
    col = _key_col(previous)
    return _mark(error.line, indent), (f"wrong indentation: '{key}' is indented more than '{previous.group('key')}' "
                                       f"on line {above + 1}, which already has a value; indent it like "
                                       f"'{previous.group('key')}' (column {col + 1})")


def _list_item(error: _Error) -> Hint | None:
    """A line inside a block list that is neither a new item nor lined up with its item's fields."""
    if not error.problem.startswith("did not find expected '-' indicator") or error.context_line is None:
        return None
    dash = error.context_col or 0
    first = _KEY_LINE.match(error.text(error.context_line))
    item_col = _key_col(first) if first and first.group("dash") else dash + 2
    line = error.text(error.line)
    match = _KEY_LINE.match(line)
    what = f"'{match.group('key')}'" if match else "this line"
    if error.col == dash:
        return _mark(error.line, error.col), (f"missing '- ': {what} is where this list's items start (column "
                                              f"{dash + 1}) but has no '-'; start a new item with '- ', or indent "
                                              f"it to column {item_col + 1} to add it to the item above")
    return _mark(error.line, error.col), (f"wrong indentation: {what} is at column {error.col + 1}, but the fields "
                                          f"of this list item are at column {item_col + 1}; indent it like them")


def _after_closing(error: _Error) -> Hint | None:
    """`message: "ok" thanks` or `title: [EU] outage`: a quoted or bracketed value has more after it."""
    if not error.problem.startswith("did not find expected key"):
        return None
    line = error.text(error.line)
    match = _KEY_LINE.match(line)
    if not match or error.col <= match.start("value"):
        return None
    value = match.group("value")
    opening = value[:1]
    if opening in "\"'":
        return _mark(error.line, error.col), (f"text after the closing {opening}: a value that starts with a quote "
                                              f"ends there; {_suggest(match.group('key'), value)}")
    if opening in "[{":
        kind = "list" if opening == "[" else "map"
        return _mark(error.line, match.start("value")), (f"a value that starts with '{opening}' is a {kind}; to "
                                                         f"write text, {_suggest(match.group('key'), value)}")
    return None


def _unclosed_quote(error: _Error) -> Hint | None:
    if error.context.startswith("while scanning a quoted scalar") and error.context_line is not None:
        quote = error.char(error.context_line, error.context_col or 0) or '"'
        return _mark(error.context_line, error.context_col or 0), (
            f"unclosed quote: the value that starts with {quote} here is never closed; end it with {quote} on "
            "the same line")
    # A quote opened on an earlier line and closed by the opening quote of a later value.
    for n in range(error.line - 1, -1, -1):
        match = _KEY_LINE.match(error.text(n))
        value = _COMMENT.sub("", match.group("value")) if match else ""
        quote = value[:1]
        if quote in ("'", '"') and not _closes(value, quote):
            col = match.start("value") if match else 0
            return _mark(n, col), (f"unclosed quote: the value that starts with {quote} here is not closed on its "
                                   f"line; end it with {quote}")
    return None


def _closes(value: str, quote: str) -> bool:
    body = value[1:]
    if quote == "'":
        return body.replace("''", "").count("'") >= 1
    return re.search(r'(?<!\\)(?:\\\\)*"', body) is not None


def _reserved_start(error: _Error) -> Hint | None:
    """`title: @here …`, `` title: `code` … ``, `title: *bold* …`: characters YAML keeps for itself."""
    reserved = error.problem.startswith("found character that cannot start any token")
    alias = error.context.startswith(("while scanning an alias", "while scanning an anchor"))
    if not (reserved or alias):
        return None
    line_no = error.context_line if alias and error.context_line is not None else error.line
    line = error.text(line_no)
    match = _KEY_LINE.match(line)
    if match is None:
        return None
    start = match.start("value")
    char = line[start:start + 1]
    if reserved and char not in "@`%":
        return None
    return _mark(line_no, start), (f"an unquoted value cannot start with '{char}'; "
                                   f"{_suggest(match.group('key'), match.group('value'))}")


def _misaligned_key(error: _Error) -> Hint | None:
    """A `key:` or a `- ` in a block map at a column that lines up with nothing."""
    if not error.problem.startswith("did not find expected key") or error.context_line is None:
        return None
    line = error.text(error.line)
    indent = len(line) - len(line.lstrip(" "))
    if error.col != indent:
        return None
    if line.lstrip(" ").startswith("- "):
        context = error.text(error.context_line)
        dash = context.rfind("-", 0, error.context_col or 0)
        if dash < 0:
            return None
        return _mark(error.line, indent), (f"wrong indentation: this list item's '-' is at column {indent + 1}, "
                                           f"but the other items' '-' are at column {dash + 1}; line it up "
                                           "with them")
    match = _KEY_LINE.match(line)
    above = _content_lines_above(error, error.line)
    previous = _KEY_LINE.match(error.text(above)) if above is not None else None
    if match is None or previous is None or above is None:
        return None
    return _mark(error.line, indent), (f"wrong indentation: '{match.group('key')}' at column {indent + 1} lines "
                                       f"up with no other field; indent it like '{previous.group('key')}' on "
                                       f"line {above + 1} (column {_key_col(previous) + 1}), or like the fields "
                                       f"of the map it belongs to")


def _bare_list_item(error: _Error) -> Hint | None:
    """A line in a block list without its '- ': YAML looks for a `key:` on it."""
    if not error.context.startswith("while scanning a simple key") or error.context_line is None:
        return None
    line = error.text(error.context_line)
    above = _content_lines_above(error, error.context_line)
    indent = len(line) - len(line.lstrip(" "))
    previous = error.text(above) if above is not None else ""
    if ":" in line or not previous.lstrip(" ").startswith("- ") or \
            len(previous) - len(previous.lstrip(" ")) != indent:
        return None
    item = _COMMENT.sub("", line.strip())
    return _mark(error.context_line, indent), (f"missing '- ': '{item}' is in a list but does not start with '- '; "
                                               f"write '- {item}'")


def _indented_first_line(error: _Error) -> Hint | None:
    if not error.problem.startswith("did not find expected <document start>"):
        return None
    first = next((n for n, text in enumerate(error.lines) if text.strip() and not text.lstrip().startswith("#")),
                 None)
    if first is None or not error.text(first).startswith(" "):
        return None
    return _mark(first, 0), ("wrong indentation: the first field is indented; the fields of an incident file "
                             "start at column 1")


def _block_indicator(error: _Error) -> Hint | None:
    if not error.context.startswith("while scanning a block scalar"):
        return None
    return _mark(error.line, error.col), ("text after '|' or '>': the text of a block value starts on the next "
                                          "line, indented")


def _unclosed_flow(error: _Error) -> Hint | None:
    if not error.context.startswith(("while parsing a flow sequence", "while parsing a flow mapping")) \
            or error.context_line is None:
        return None
    opening = "[" if "sequence" in error.context else "{"
    closing = "]" if opening == "[" else "}"
    kind = "list" if opening == "[" else "map"
    return _mark(error.context_line, error.context_col or 0), (
        f"the {kind} opened with '{opening}' here is not closed with '{closing}' (to write text that starts "
        f"with '{opening}', put it in quotes)")


def _ends_inside_brackets(error: _Error) -> Hint | None:
    """The file ends before a '[' or '{' is closed: point at the bracket, not past the last line."""
    last = len(error.lines) - 1
    if (error.line, error.col) < (last, len(error.lines[last])):
        return None
    opened: list[tuple[int, int, str]] = []
    for n, line in enumerate(error.lines):
        quote = ""
        for col, char in enumerate(line):
            if quote:
                quote = "" if char == quote else quote
            elif char in "\"'" and (col == 0 or line[col - 1] in " [{,:"):
                quote = char
            elif char == "#" and (col == 0 or line[col - 1] in " \t"):
                break
            elif char in "[{":
                opened.append((n, col, char))
            elif char in "]}" and opened:
                opened.pop()
    if not opened:
        return None
    n, col, char = opened[-1]
    kind, closing = ("list", "]") if char == "[" else ("map", "}")
    return _mark(n, col), (f"the {kind} opened with '{char}' here is not closed with '{closing}' before the end of "
                           f"the file (to write text that starts with '{char}', put it in quotes)")


def _second_document(error: _Error) -> Hint | None:
    if "expected a single document" not in error.context + error.problem:
        return None
    return _mark(error.line, error.col), ("a second YAML document starts here; the file must hold one: remove "
                                          "this '---' line, or move what follows to a file of its own")


_RULES: tuple[Callable[[_Error], Hint | None], ...] = (
    _tab, _missing_space, _bare_list_item, _unclosed_flow, _ends_inside_brackets, _block_indicator, _second_document,
    _indented_first_line, _colon_in_value, _indented_too_far, _list_item, _unclosed_quote, _after_closing,
    _misaligned_key, _reserved_start,
)
