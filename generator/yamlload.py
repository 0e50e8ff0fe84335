"""Compose YAML text into position-carrying nodes, or problems; nothing is ever constructed.

libyaml's C composer (through PyYAML) is the fast read path: it gives every node a
line and column and never runs a constructor, so tags cannot execute anything.
New text for edits is emitted with ruamel.yaml instead (authoring/text.py).
"""

from __future__ import annotations

import re
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from . import yamlhints
from .problems import START, Mark, Problems

try:
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

__all__ = ["MappingNode", "Node", "ScalarNode", "SequenceNode", "compose", "data_of", "mark_of", "offset_to_mark"]

class _Composer(_Loader):
    """libyaml's composer with PyYAML's resolver cut down to what the safe loader holds: implicit tags
    looked up by a scalar's first character, and no path resolvers. Composing calls these three methods
    for every node, and PyYAML's general versions cost as much as the rest of composing."""

    def descend_resolver(self, current_node: Node | None, current_index: object) -> None:
        """Nothing to track: the safe loader has no path resolvers (tests/unit/test_yamlload.py checks)."""

    def ascend_resolver(self) -> None:
        """See descend_resolver."""

    def resolve(self, kind: type[Node], value: Any, implicit: tuple[bool, bool]) -> str:
        """The tag of an untagged node, as PyYAML's BaseResolver.resolve gives it."""
        if kind is ScalarNode:
            if implicit[0]:   # plain: 'true', '12', '2026-11-26' and so on are read as what they look like
                for tag, pattern in _IMPLICIT.get(value[:1], _WILDCARD):
                    if pattern.match(value):
                        return tag
            return _Loader.DEFAULT_SCALAR_TAG
        return _Loader.DEFAULT_SEQUENCE_TAG if kind is SequenceNode else _Loader.DEFAULT_MAPPING_TAG


# The safe loader's implicit resolvers by first character, each followed by those for any character.
_WILDCARD = tuple(_Loader.yaml_implicit_resolvers.get(None, ()))
_IMPLICIT = {first: (*resolvers, *_WILDCARD) for first, resolvers in _Loader.yaml_implicit_resolvers.items()
             if first is not None}

SAFE_TAGS = frozenset(
    "tag:yaml.org,2002:" + name for name in ("str", "int", "float", "bool", "null", "timestamp", "seq", "map")
)


# YAML 1.1 (libyaml) reads these as line breaks, editors do not: every position after one would be off.
_HIDDEN_BREAKS = re.compile("[\x85\u2028\u2029]")


def mark_of(node: Node) -> Mark:
    return Mark.from_yaml(node.start_mark)


_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def offset_to_mark(text: str, offset: int) -> Mark:
    """The 1-based line and column of a character offset, counting line breaks as libyaml does (CRLF, CR, LF)."""
    before = text[:offset]
    breaks = list(_LINE_BREAK.finditer(before))
    start = breaks[-1].end() if breaks else 0
    return Mark(len(breaks) + 1, offset - start + 1)


def compose(text: str, problems: Problems) -> Node | None:
    """One YAML document as a node tree; syntax problems go to `problems`."""
    hidden = None if text.isascii() else _HIDDEN_BREAKS.search(text)
    if hidden:
        problems.error(offset_to_mark(text, hidden.start()), f"character U+{ord(hidden.group()):04X} is read "
                       "as a line break by YAML; replace it with a space or a real line break", "yaml-syntax")
        return None
    found = Problems(problems.path)
    node = _compose(text, found)
    for problem in found.items:  # libyaml may point past the last line ("end of stream"): the file ends there
        mark = _within(text, Mark(problem.line, problem.col))
        problems.error(mark, problem.message, problem.code)
    return node


def _within(text: str, mark: Mark) -> Mark:
    lines = _LINE_BREAK.split(text)
    if mark.line > len(lines):
        return Mark(len(lines), len(lines[-1]) + 1)
    return Mark(mark.line, min(mark.col, len(lines[mark.line - 1]) + 1))


def _compose(text: str, problems: Problems) -> Node | None:
    try:
        node = yaml.compose(text, Loader=_Composer)
    except yaml.MarkedYAMLError as err:
        hint = yamlhints.explain(err, text)
        if hint is not None:
            problems.error(*hint, "yaml-syntax")
            return None
        if _at_end(err.problem_mark, text) and err.context_mark and not _at_end(err.context_mark, text):
            # "unexpected end of stream" is after the last line; the unclosed thing is where it starts.
            problem = err.problem or "unexpected end of the file"
            problems.error(Mark.from_yaml(err.context_mark),
                           f"YAML syntax error: {problem} ({err.context} that starts here)", "yaml-syntax")
            return None
        mark = Mark.from_yaml(err.problem_mark) if err.problem_mark else START
        problems.error(mark, f"YAML syntax error: {_describe(err)}", "yaml-syntax")
        return None
    except yaml.reader.ReaderError as err:
        offset = _char_offset(text, err.position)
        found = f" (U+{ord(text[offset]):04X})" if offset < len(text) else ""
        problems.error(offset_to_mark(text, offset), f"YAML syntax error: {err.reason}{found}", "yaml-syntax")
        return None
    except yaml.YAMLError as err:
        problems.error(START, f"YAML syntax error: {' '.join(str(err).split())}", "yaml-syntax")
        return None
    # A composed alias points at an anchor: without both '*' and '&' in the text there is none to look for.
    if node is not None and "*" in text and "&" in text and _has_alias(node):
        problems.error(_first_alias_mark(text), "YAML aliases (*name) are not allowed in incident files; "
                       "write the value out", "yaml-unsafe")
        return None
    return node


def data_of(node: Node) -> Any:
    """A node tree as dicts, lists and the scalars' text, exactly as written: nothing is constructed, so no
    tag, date or number can fail to convert. The edit commands compare files in this form."""
    if isinstance(node, MappingNode):
        return {_hashable(data_of(key)): data_of(value) for key, value in node.value}
    if isinstance(node, SequenceNode):
        return [data_of(item) for item in node.value]
    return str(node.value)


def _hashable(value: Any) -> Any:
    return value if isinstance(value, str) else repr(value)


def _char_offset(text: str, position: int) -> int:
    """libyaml reports reader errors at a UTF-8 byte offset; positions elsewhere count characters."""
    if _Loader is yaml.SafeLoader:  # pragma: no cover - the pure-Python reader counts characters
        return position
    return len(text.encode("utf-8")[:position].decode("utf-8", errors="ignore"))


def _has_alias(root: Node) -> bool:
    """An alias makes the composer reuse a node; finding a node twice means the file uses one.
    Stops at the first repeat, so an alias bomb costs no more than its text."""
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            return True
        seen.add(id(node))
        if isinstance(node, SequenceNode):
            stack.extend(node.value)
        elif isinstance(node, MappingNode):
            for key, value in node.value:
                stack.append(key)
                stack.append(value)
    return False


def _first_alias_mark(text: str) -> Mark:
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.AliasEvent):
            return Mark.from_yaml(event.start_mark)
    return START  # pragma: no cover - _has_alias found one


def _at_end(mark: object, text: str) -> bool:
    index = getattr(mark, "index", None)
    return isinstance(index, int) and index >= len(text.rstrip())


def _describe(err: yaml.MarkedYAMLError) -> str:
    problem = err.problem or "invalid YAML"
    if problem.startswith("but ") and err.context:
        return f"{err.context}, {problem}"  # "expected a single document in the stream, but found another…"
    if err.context and err.context_mark and err.context_mark != err.problem_mark:
        context_line = err.context_mark.line + 1
        return f"{problem} ({err.context} at line {context_line})"
    if err.context:
        return f"{problem} ({err.context})"
    return problem
