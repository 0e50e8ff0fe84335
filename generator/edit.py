"""Safe edits of incident files: create one, or append an update, validated before an atomic write.

An edit never rewrites what is already in the file. The existing text is kept byte for
byte (comments, key order, quoting, indentation, line endings) and the new update is
spliced in after the last one, in the file's own indentation; ruamel.yaml emits the new
scalars (scaffold.py). A full load-and-dump round trip cannot promise that: it
normalises spacing in flow maps, indentation of sequences and long lines. Two checks
guard every edit before anything is written:

1. the new text read back equals the old data plus exactly the new update;
2. the new text passes the same validation as `statuspress check` (validate.validate_file).

Then the file is replaced atomically (temp file in the same folder + os.replace), and only
if it did not change on disk in the meantime. A refused edit leaves the file untouched and
comes back as problems at `path:line:col`.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from . import clock, versions
from .config import SiteConfig
from .jsonschema import SCHEMA_PATH
from .model import CLOSING_STATUSES, Kind
from .problems import START, Mark, Problem, Problems, StatuspressError
from .rules.identity import STEM
from .scaffold import Draft, NewUpdate, incident_text, update_flow, update_lines
from .source import MAX_FILE_BYTES, SourceFile, display_path
from .validate import validate_file
from .versions import Change
from .yamlload import MappingNode, Node, ScalarNode, SequenceNode, compose, mark_of, plain_data

BOM = "\ufeff"


class EditRefused(StatuspressError):
    """The edit would make the file invalid, or cannot be made safely; nothing was written."""


class NotFound(LookupError):
    """No incident file for the id given on the command line."""


@dataclass(frozen=True)
class Loaded:
    """An incident file as read for editing."""

    path: Path
    display: str
    raw: bytes
    text: str          # without a BOM
    bom: bool
    kind: str
    closed_by: Mark | None   # where the update that resolved/completed it starts, if any
    last_at: datetime | None = None   # the time of its last update, when it reads as one


# -- finding and reading -------------------------------------------------------------------------

def incidents_root(config: SiteConfig) -> Path:
    return (config.root / config.incidents_dir).resolve()


def locate(config: SiteConfig, ident: str) -> Path:
    """The file of incident `ident` (its id, or a path to its .yml), confined to the incidents folder."""
    root = incidents_root(config)
    if ident.endswith((".yml", ".yaml")) or "/" in ident or os.sep in ident:
        candidate = Path(ident)
        if not candidate.is_absolute():
            candidate = Path.cwd() / candidate
    else:
        if not STEM.match(ident):
            raise NotFound(f"{ident!r} is not an incident id; ids look like 2026-11-28-api-errors "
                           "(the file name without .yml)")
        candidate = root / ident[:4] / f"{ident}.yml"
    if candidate.is_symlink():
        raise NotFound(f"{display_path(candidate)} is a symbolic link; statuspress only edits regular files")
    resolved = candidate.resolve()
    if not resolved.is_relative_to(root) or resolved.suffix != ".yml":
        raise NotFound(f"{ident!r} is not an incident file under {config.incidents_dir}/")
    if not resolved.is_file():
        raise NotFound(f"no incident {ident!r}: {display_path(resolved)} does not exist")
    return resolved


def read(path: Path, cwd: Path | None = None) -> Loaded:
    display = display_path(path, cwd)
    problems = Problems(display)
    if path.stat().st_size > MAX_FILE_BYTES:
        problems.error(START, "file is larger than 1 MiB; statuspress will not edit it")
        raise EditRefused(problems.items)
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        problems.error(START, f"file is not UTF-8 (byte {err.start}); save it as UTF-8 before editing")
        raise EditRefused(problems.items) from err
    bom = text.startswith(BOM)
    text = text.removeprefix(BOM)
    node = compose(text, problems)
    if problems.items or not isinstance(node, MappingNode):
        if not problems.items:
            problems.error(START, "an incident file is a map of fields; fix it before editing")
        raise EditRefused(problems.items)
    kind = _scalar(_child(node, "kind")) or Kind.INCIDENT.value
    return Loaded(path, display, raw, text, bom, kind, _closed_by(node), _last_at(node))


def _child(node: MappingNode, key: str) -> Node | None:
    for k, v in node.value:
        if isinstance(k, ScalarNode) and k.value == key:
            return v
    return None


def _scalar(node: Node | None) -> str | None:
    return str(node.value) if isinstance(node, ScalarNode) else None


def _closed_by(root: MappingNode) -> Mark | None:
    updates = _child(root, "updates")
    if not isinstance(updates, SequenceNode):
        return None
    for item in updates.value:
        if isinstance(item, MappingNode) and _scalar(_child(item, "status")) in CLOSING_STATUSES:
            return mark_of(item)
    return None


def _last_at(root: MappingNode) -> datetime | None:
    updates = _child(root, "updates")
    if not isinstance(updates, SequenceNode) or not updates.value or not isinstance(updates.value[-1], MappingNode):
        return None
    text = _scalar(_child(updates.value[-1], "at"))
    try:
        return clock.parse_at(text) if text else None
    except clock.ClockError:
        return None


# -- splicing an update in -----------------------------------------------------------------------

def splice_update(text: str, update: NewUpdate) -> str:
    """`text` with `update` appended to `updates:`, everything else byte-identical.

    Raises ValueError when the layout is one this function does not handle; the caller
    turns that into a refusal.
    """
    newline = "\r\n" if "\r\n" in text else "\n"
    problems = Problems("-")
    root = compose(text, problems)
    if not isinstance(root, MappingNode) or root.flow_style:
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


# -- checking and writing ------------------------------------------------------------------------

def _same_apart_from(old_text: str, new_text: str, update: NewUpdate) -> bool:
    """The new text holds the old data plus exactly one new update, equal to `update`. Both are read as
    `check` reads them (yamlload.plain_data), so whatever check accepts can be compared.

    Which update is new is decided by the rule the audit uses (versions.py): every published update
    must pair as unchanged and exactly one must be appended, last. The rest of the data must be equal
    too, and so must every published update as plain data (nothing the audit does not look at moved)."""
    old_version, new_version = versions.parse(old_text), versions.parse(new_text)
    if old_version is None or new_version is None:
        return False
    pairs = versions.pair_updates(old_version.updates, new_version.updates)
    if not pairs:
        return False
    *kept, added = pairs
    if added.change is not Change.APPENDED or added.new is None \
            or added.new.index != len(new_version.updates) - 1 \
            or any(p.change is not Change.UNCHANGED or p.added for p in kept):
        return False
    expected = versions.UpdateVersion(added.new.index, update.at.astimezone(UTC), update.status,
                                      update.message.strip(),
                                      tuple(sorted((k, str(v)) for k, v in update.components.items())))
    old, _ = plain_data(old_text)
    new, _ = plain_data(new_text)
    if not isinstance(old, dict) or not isinstance(new, dict):
        return False
    old_updates = old.pop("updates", None) or []
    new_updates = new.pop("updates", None) or []
    return old == new and new_updates[:-1] == old_updates and added.new == expected


def _check(path: Path, display: str, text: str, config: SiteConfig, now: datetime) -> list[Problem]:
    result = validate_file(SourceFile(path, display, text), config.component_ids, now)
    return result.problems.items


def append_update(config: SiteConfig, path: Path, update: NewUpdate, now: datetime,
                  cwd: Path | None = None) -> list[Problem]:
    """Append `update` to the file at `path`; returns the warnings. Raises EditRefused, writing nothing."""
    loaded = read(path, cwd)
    problems = Problems(loaded.display)
    if loaded.closed_by is not None:
        what = "maintenance window was completed" if loaded.kind == Kind.MAINTENANCE.value else \
            "incident was resolved"
        problems.error(loaded.closed_by, f"this {what} by the update at line {loaded.closed_by.line}; "
                       "it takes no further updates (to fix a published update, edit it and add "
                       "'corrected:')")
        raise EditRefused(problems.items)
    try:
        new_text = splice_update(loaded.text, update)
    except ValueError as err:
        problems.error(START, f"cannot append an update safely: {err}; add it by hand")
        raise EditRefused(problems.items) from err
    if not _same_apart_from(loaded.text, new_text, update):
        problems.error(START, "cannot append an update without changing the rest of the file "
                       "(an unusual layout); add it by hand")
        raise EditRefused(problems.items)
    found = _check(path, loaded.display, new_text, config, now)
    if any(p.is_error for p in found):
        raise EditRefused(found)
    write_atomic(path, (BOM if loaded.bom else "") + new_text, expect=loaded.raw)
    return found


def schema_reference(config: SiteConfig, target: Path) -> str:
    """The relative path from a new incident file's folder to the committed JSON Schema."""
    return Path(os.path.relpath(config.root / SCHEMA_PATH, target.parent)).as_posix()


def new_path(config: SiteConfig, draft: Draft) -> Path:
    ident = draft.incident_id
    if not STEM.match(ident):
        raise ValueError(f"{ident!r} is not a safe incident id; use lowercase letters, digits and hyphens")
    return incidents_root(config) / ident[:4] / f"{ident}.yml"


def create(config: SiteConfig, draft: Draft, now: datetime,
           cwd: Path | None = None) -> tuple[Path, list[Problem]]:
    """Write a new incident file; refuses to overwrite. Returns its path and the warnings."""
    path = new_path(config, draft)
    display = display_path(path, cwd)
    text = incident_text(draft, schema_reference(config, path))
    if path.exists() or path.is_symlink():
        problems = Problems(display)
        problems.error(START, "file already exists; statuspress new never overwrites (use statuspress "
                       "update, or --slug for a different name)")
        raise EditRefused(problems.items)
    found = _check(path, display, text, config, now)
    if any(p.is_error for p in found):
        raise EditRefused(found)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, text, expect=None)
    return path, found


def write_atomic(path: Path, text: str, expect: bytes | None) -> None:
    """Replace (or, with expect=None, create) `path` through a temp file in the same folder.

    `expect` is the content the edit was based on: if the file changed meanwhile, refuse.
    Creating never replaces a file that appeared meanwhile.
    """
    data = text.encode("utf-8")
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if expect is None:
            os.chmod(tmp, 0o666 & ~_umask())
            try:
                os.link(tmp, path)      # fails if the file exists: never overwrite
            except FileExistsError as err:
                raise _changed(path, "appeared") from err
            except OSError:             # a file system without hard links
                if path.exists():
                    raise _changed(path, "appeared") from None
                os.replace(tmp, path)
            return
        os.chmod(tmp, path.stat().st_mode & 0o7777)
        if path.read_bytes() != expect:
            raise _changed(path, "changed")
        os.replace(tmp, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)


def replace_file(path: Path, text: str) -> None:
    """Write a generated file (the JSON Schema) atomically, whatever it held before."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(text.encode("utf-8"))
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)


def _changed(path: Path, how: str) -> EditRefused:
    problems = Problems(display_path(path))
    problems.error(START, f"the file {how} on disk while statuspress was editing it; nothing was written, "
                   "try again")
    return EditRefused(problems.items)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


__all__ = ["EditRefused", "Loaded", "NotFound", "append_update", "create", "locate", "read",
           "replace_file", "splice_update", "write_atomic"]
