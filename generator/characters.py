"""Which characters a published text may hold, and where a forbidden one is written in a YAML file."""

from __future__ import annotations

import re

# What no web page or feed can carry (XML 1.0 forbids most of it, HTML calls all of it a parse error):
# control characters but tab and line breaks, DEL, C1 controls, lone surrogates, and the noncharacters.
# libyaml refuses most of them raw; they arrive through double-quoted escapes ("a\x01b") or the command line.
_NONCHARACTERS = "\ufdd0-\ufdef" + "".join(chr(plane << 16 | low) for plane in range(17)
                                            for low in (0xFFFE, 0xFFFF))
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff" + _NONCHARACTERS + "]")
# One escape of a double-quoted scalar; matched left to right, so an escaped backslash is consumed whole.
_ESCAPE = re.compile(r"\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)", re.DOTALL)
_SIMPLE_ESCAPES = {"0": "\0", "a": "\a", "b": "\b", "v": "\v", "f": "\f", "e": "\x1b", "N": "\x85"}


def forbidden_character(text: str) -> int | None:
    """The index of the first character of `text` that no page or feed can carry, or None."""
    match = _FORBIDDEN.search(text)
    return match.start() if match else None


def describe_character(char: str) -> str:
    code = ord(char)
    if 0xD800 <= code <= 0xDFFF:
        kind = "lone surrogate"
    elif 0xFDD0 <= code <= 0xFDEF or code & 0xFFFE == 0xFFFE:
        kind = "noncharacter"
    else:
        kind = "control character"
    return f"the {kind} U+{code:04X}"


def written_at(text: str, start: int, end: int, double_quoted: bool) -> int | None:
    """The offset in `text[start:end]` (one scalar) of the first forbidden character: written raw, or
    in a double-quoted scalar as the escape that makes it (`\\x01`); None when it cannot be found."""
    raw = _FORBIDDEN.search(text, start, end)
    first = raw.start() if raw else end
    if double_quoted:
        for escape in _ESCAPE.finditer(text, start + 1, first):
            if forbidden_character(_unescape(escape.group(1))) is not None:
                return escape.start()
    return first if first < end else None


def _unescape(escape: str) -> str:
    if escape[0] in "xuU" and len(escape) > 1:
        return chr(int(escape[1:], 16))
    return _SIMPLE_ESCAPES.get(escape, "")
