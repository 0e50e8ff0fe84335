"""Put a new update into an incident file's own text: everything already there stays byte for byte.

The existing text keeps its comments, key order, quoting, indentation and line endings; the new update
is spliced in after the last one, in the file's own indentation, its scalars emitted by ruamel.yaml
(text.py). A full load-and-dump round trip cannot promise that: it normalises spacing in flow maps,
indentation of sequences and long lines. Whether the result holds exactly the one new update is
proven afterwards (update.py, through edit.py). Pure: text in, text out.
"""

from __future__ import annotations

from ..validate import read_lenient
from ..yamlload import MappingNode, Node, ScalarNode, SequenceNode
from .text import NewUpdate, update_flow, update_lines


def _child(node: MappingNode, key: str) -> Node | None:
    for k, v in node.value:
        if isinstance(k, ScalarNode) and k.value == key:
            return v
    return None


def splice_update(text: str, update: NewUpdate) -> str:
    """`text` with `update` appended to `updates:`, everything else byte-identical.

    Raises ValueError when the layout is one this function does not handle; the caller
    turns that into a refusal.
    """
    newline = "\r\n" if "\r\n" in text else "\n"
    root = read_lenient(text).fields
    if root is None or root.flow_style:
        raise ValueError("the file is not a block map of fields")
    updates = _child(root, "updates")
    indent = _mapping_indent(root)
    if updates is None:
        body = update_lines(update, indent)
        block = _block_item(body, dash_col=indent, content_col=indent + 2)
        prefix = "" if not text or text.endswith("\n") else newline
        return text + prefix + "updates:" + newline + newline.join(block) + newline
    if isinstance(updates, SequenceNode) and updates.flow_style:
        return _splice_flow(text, updates, update)
    if isinstance(updates, ScalarNode) and updates.tag.endswith(":null") and not updates.value:
        # `updates:` with nothing after it: the list starts on the next line.
        key_line_end = _line_end(text, updates.start_mark.index)
        body = update_lines(update, indent)
        block = _block_item(body, dash_col=indent, content_col=indent + 2)
        return _insert_lines(text, key_line_end, block, newline)
    if not isinstance(updates, SequenceNode) or not updates.value:
        raise ValueError("'updates' is not a list")
    last = updates.value[-1]
    if not isinstance(last, MappingNode) or last.flow_style:
        raise ValueError("the last update is not a block map")
    dash = _dash_before(text, last.start_mark.index)
    line_start = text.rfind("\n", 0, dash) + 1
    dash_col = dash - line_start
    same_line = "\n" not in text[dash:last.start_mark.index]
    content_col = last.start_mark.column if same_line else dash_col + 2
    order = [str(k.value) for k, _ in last.value if isinstance(k, ScalarNode)]
    body = update_lines(update, _scalar_indent(text, last) or indent, order)
    block = _block_item(body, dash_col, content_col)
    return _insert_lines(text, _item_end(text, dash, dash_col), block, newline)


def _block_item(body: list[str], dash_col: int, content_col: int) -> list[str]:
    first = " " * dash_col + "-" + " " * max(1, content_col - dash_col - 1) + body[0]
    return [first] + [(" " * content_col + line) if line else "" for line in body[1:]]


def _insert_lines(text: str, offset: int, lines: list[str], newline: str) -> str:
    before, after = text[:offset], text[offset:]
    lead = "" if not before or before.endswith("\n") else newline
    return before + lead + newline.join(lines) + newline + after


def _line_end(text: str, index: int) -> int:
    end = text.find("\n", index)
    return len(text) if end < 0 else end + 1


def _dash_before(text: str, index: int) -> int:
    """Index of the `-` that opens the sequence item whose content starts at `index`."""
    i = index - 1
    while i >= 0 and text[i] in " \t\r\n":
        i -= 1
    if i < 0 or text[i] != "-":
        raise ValueError("could not find the '-' of the last update (a comment or tag between them?)")
    return i


def _item_end(text: str, dash: int, dash_col: int) -> int:
    """Offset just after the last line that belongs to the item opened at `dash`.

    Lines belong to the item while they are blank or indented deeper than its `-`; trailing
    blank lines and comments at the item's own indentation stay after the new update.
    """
    end = _line_end(text, dash)
    pos = end
    while pos < len(text):
        nxt = _line_end(text, pos)
        line = text[pos:nxt]
        stripped = line.strip()
        if stripped:
            indent = len(line) - len(line.lstrip(" "))
            if indent <= dash_col:
                break
            end = nxt
        pos = nxt
    return end


def _mapping_indent(root: MappingNode) -> int:
    """The file's indentation step, from its first nested block map (2 when there is none)."""
    for key, value in root.value:
        if isinstance(value, MappingNode) and not value.flow_style and value.value:
            step = value.value[0][0].start_mark.column - key.start_mark.column
            if step > 0:
                return step
    return 2


def _scalar_indent(text: str, item: MappingNode) -> int | None:
    """How deep the last update indents the lines of its block scalars, relative to its keys."""
    for key, value in item.value:
        if isinstance(value, ScalarNode) and value.style in ("|", ">"):
            body = text.find("\n", value.start_mark.index) + 1
            while body < value.end_mark.index and text[body:_line_end(text, body)].strip() == "":
                body = _line_end(text, body)
            if 0 < body < value.end_mark.index:
                line = text[body:_line_end(text, body)]
                step = len(line) - len(line.lstrip(" ")) - key.start_mark.column
                if step > 0:
                    return step
    return None


def _splice_flow(text: str, updates: SequenceNode, update: NewUpdate) -> str:
    close = updates.end_mark.index - 1
    if text[close] != "]":
        raise ValueError("could not find the ']' that closes updates")
    separator = ", " if updates.value else ""
    return text[:close] + separator + update_flow(update) + text[close:]


__all__ = ["splice_update"]
