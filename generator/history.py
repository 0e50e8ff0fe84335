"""Provenance: who committed each incident file, and who first published or later edited each update.

Read from the project's git history (gitrepo.py) with five git processes, whatever the number of files:
two `git rev-parse` (is the clone shallow, is there a commit), then

1. ``git log --no-merges -M --raw --no-abbrev -z -- <project folder>`` lists every commit that
   touched an incident file, with the old and new blob of each changed file (so renames are
   followed, out of an earlier incidents_dir too, and every change is compared with the commit's
   own parent, never with a neighbour);
2. ``git ls-tree`` lists the incident files at HEAD;
3. ``git cat-file --batch`` streams every blob those name, once each.

(GitPython, which runs the first four, also asks ``git version`` when it starts.) Each blob is read
leniently (validate.read_lenient) and its updates are paired across versions by the one rule in
versions.py, which the audit, the summary and the edit commands use too. The working-tree files are
read through source.py, as `check` reads them.

Merge commits are skipped (``--no-merges``): a merge adds no content of its own, and the commits
on the merged branch carry the author who wrote each update. A change made only while resolving
a merge conflict is therefore not attributed to anyone here; ``statuspress audit`` still compares
content, so it cannot hide a rewrite.

Outside git, in a repository without commits, or in a shallow clone (where every file would seem
to date from the tip commit) the result is an empty `Provenance` with one warning; nothing raises.

The results are plain frozen data: derive/ and render/ use them without importing git.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from . import collector, gitrepo, versions
from .gitrepo import ZERO_SHA, Checkout, CommitInfo, FileChange, GitUnavailable
from .source import decode, read_file
from .validate import read_lenient
from .versions import Change, UpdateVersion


@dataclass(frozen=True)
class ChangeEntry:
    """One commit's change to one incident file, for the site-wide audit log."""

    commit: CommitInfo
    incident_id: str            # the id the file has now (or had when it was deleted)
    path: str                   # repository path after this change (before it, for a deletion)
    change: str                 # added | modified | renamed | deleted
    old_path: str | None = None  # for a rename: where it came from


@dataclass(frozen=True)
class UpdateProvenance:
    """The commit that first published an update, and every later commit that changed it (oldest first)."""

    first: CommitInfo
    edits: tuple[CommitInfo, ...] = ()


@dataclass(frozen=True)
class Provenance:
    """Everything git says about the incident files; empty with a `warning` when git cannot say."""

    files: Mapping[str, tuple[CommitInfo, ...]] = field(default_factory=dict)   # id → commits, newest first
    updates: Mapping[tuple[str, int], UpdateProvenance] = field(default_factory=dict)  # (id, index) →
    log: tuple[ChangeEntry, ...] = ()                                              # newest first
    warning: str | None = None

    @property
    def available(self) -> bool:
        return self.warning is None


# -- updates inside a blob --------------------------------------------------------------------------


def updates_in(data: bytes) -> tuple[UpdateVersion, ...]:
    """The `updates:` of one file version; () when it does not read (it had problems then, not now)."""
    text = decode(data)
    version = read_lenient(text).version if text is not None else None
    return version.updates if version is not None else ()


# -- putting it together ----------------------------------------------------------------------------


def _incident_id(path: str) -> str:
    return PurePosixPath(path).stem


def _is_incident(path: str, prefix: str) -> bool:
    return path.startswith(prefix + "/") and path.endswith((".yml", ".yaml"))


def read_history(root: Path, incidents_dir: str = "incidents") -> Provenance:
    """Provenance of every incident file under `root/incidents_dir`; never raises for git trouble.

    Update indices refer to the working-tree files (what the build shows); an update changed but
    not yet committed keeps the provenance of its committed version."""
    try:
        checkout = gitrepo.locate(root, incidents_dir)
        # The whole project, not only today's incidents folder: incidents_dir may have moved, and
        # renames out of the old folder lead back to the commits that wrote each file there.
        log = gitrepo.commits(checkout)
        return _build(checkout, log, gitrepo.tree(checkout, "HEAD", checkout.prefix))
    except GitUnavailable as err:
        return Provenance(warning=str(err))


def _build(checkout: Checkout, commits: list[tuple[CommitInfo, list[FileChange]]],
           head_files: dict[str, str]) -> Provenance:
    prefix = checkout.prefix
    # Newest first: follow each path back through renames to the lineage it belongs to now.
    lineage_of: dict[str, str] = {}     # path as of the commit being read → lineage key
    deleted_count = 0
    per_lineage: dict[str, list[tuple[CommitInfo, FileChange]]] = {}
    log: list[ChangeEntry] = []
    for info, changes in commits:
        for change in changes:
            if not _is_incident(change.path, prefix) and change.path not in lineage_of:
                continue            # not an incident, nor an incident's earlier place
            key = lineage_of.get(change.path, change.path)
            if change.status == "D":
                # Older commits at this path belong to a file that is gone (or was re-created later).
                deleted_count += 1
                key = f"{change.path}\0deleted{deleted_count}"
                lineage_of[change.path] = key
            else:
                lineage_of.setdefault(change.path, key)
            if change.status == "A":
                lineage_of.pop(change.path, None)  # older commits at this path are another file
            if change.status == "R" and change.old_path:
                lineage_of[change.old_path] = key
                if change.path in lineage_of and change.path != change.old_path:
                    lineage_of.pop(change.path)
            per_lineage.setdefault(key, []).append((info, change))
            kind = {"A": "added", "D": "deleted", "R": "renamed"}.get(change.status, "modified")
            current = key.split("\0")[0] if "\0" in key else key
            log.append(ChangeEntry(info, _incident_id(current), change.path, kind, change.old_path))

    current_paths = sorted(path for path in head_files if _is_incident(path, prefix))
    blobs = gitrepo.read_blobs(checkout.toplevel, [
        *(sha for path in current_paths for _, change in per_lineage.get(path, ())
          for sha in (change.old_blob, change.new_blob)),
        *(head_files[path] for path in current_paths)])
    parsed: dict[str, tuple[UpdateVersion, ...]] = {}

    def updates_of(sha: str) -> tuple[UpdateVersion, ...]:
        if sha == ZERO_SHA:
            return ()
        if sha not in parsed:
            parsed[sha] = updates_in(blobs.get(sha, b""))
        return parsed[sha]

    with collector.paused():
        return _provenance(checkout, current_paths, per_lineage, head_files, blobs, updates_of, log)


def _provenance(checkout: Checkout, current_paths: list[str],
                per_lineage: dict[str, list[tuple[CommitInfo, FileChange]]], head_files: dict[str, str],
                blobs: dict[str, bytes], updates_of: Callable[[str], tuple[UpdateVersion, ...]],
                log: list[ChangeEntry]) -> Provenance:
    files: dict[str, tuple[CommitInfo, ...]] = {}
    update_prov: dict[tuple[str, int], UpdateProvenance] = {}
    for path in current_paths:
        items = per_lineage.get(path, [])
        incident_id = _incident_id(path)
        files[incident_id] = tuple(dict.fromkeys(info for info, _ in items))
        head = head_files[path]
        lineages = _Lineages()
        for info, change in reversed(items):
            lineages.step(info, change.old_blob, updates_of(change.old_blob), change.new_blob,
                          updates_of(change.new_blob))
        committed = lineages.ids_of(head, updates_of(head), items[0][0] if items else None)
        for index, head_index in _to_working_tree(checkout.toplevel / path, blobs.get(head),
                                                  updates_of(head)).items():
            prov = lineages.provenance(committed[head_index])
            if prov is not None:
                update_prov[(incident_id, index)] = prov
    return Provenance(files=files, updates=update_prov, log=tuple(log), warning=None)


class _Lineages:
    """One file's updates followed through its commits, oldest first, by the rule in versions.py.

    Each update gets a lineage id when it first appears; the commit that made it appear published it,
    and every later commit whose pairing says it changed (or gained a correction) edited it. Each change
    is paired with the version it was made on (its parent's blob), never with a neighbour in the log."""

    def __init__(self) -> None:
        self._ids: dict[str, list[int]] = {ZERO_SHA: []}   # blob → lineage id of each of its updates
        self._by_content: dict[tuple[object, ...], int] = {}
        self._first: dict[int, CommitInfo | None] = {}
        self._edits: dict[int, list[CommitInfo]] = {}

    def _new(self, info: CommitInfo | None) -> int:
        lineage = len(self._first)
        self._first[lineage] = info
        return lineage

    def ids_of(self, blob: str, updates: tuple[UpdateVersion, ...], info: CommitInfo | None) -> list[int]:
        """The lineage ids of a version's updates. A version no commit here produced (a merge's own
        content) is matched by content where it can be; the rest are credited to `info`."""
        known = self._ids.get(blob)
        if known is None:
            known = [self._by_content.get(u.content, -1) for u in updates]
            known = [lineage if lineage >= 0 else self._new(info) for lineage in known]
            self._ids[blob] = known
        return known

    def step(self, info: CommitInfo, old_blob: str, old: tuple[UpdateVersion, ...], new_blob: str,
             new: tuple[UpdateVersion, ...]) -> None:
        old_ids = self.ids_of(old_blob, old, info)
        new_ids = [0] * len(new)
        for pair in versions.pair_updates(old, new):
            if pair.new is None:
                continue
            if pair.old is None:
                lineage = self._new(info)
            else:
                lineage = old_ids[pair.old.index]
                if pair.change is not Change.UNCHANGED or pair.added:
                    self._edits.setdefault(lineage, []).append(info)
            new_ids[pair.new.index] = lineage
            self._by_content[pair.new.content] = lineage
        self._ids[new_blob] = new_ids

    def provenance(self, lineage: int) -> UpdateProvenance | None:
        first = self._first.get(lineage)
        if first is None:
            return None
        edits = tuple(dict.fromkeys(e for e in self._edits.get(lineage, ()) if e is not first))
        return UpdateProvenance(first, edits)


def _to_working_tree(path: Path, committed_text: bytes | None,
                     committed: tuple[UpdateVersion, ...]) -> dict[int, int]:
    """Working-tree update index → committed (HEAD) index, paired by versions.py. An update changed but
    not yet committed keeps the provenance of its committed version; one not committed yet has none.
    A file `check` would not read (a link, too large, not UTF-8) has none either."""
    source, _ = read_file(path, path.as_posix())
    if source is None:
        return {}
    if committed_text is not None and source.data == committed_text:
        return {index: index for index in range(len(committed))}
    version = read_lenient(source.text).version
    return {pair.new.index: pair.old.index
            for pair in versions.pair_updates(committed, version.updates if version is not None else ())
            if pair.old is not None and pair.new is not None}


__all__ = ["ChangeEntry", "CommitInfo", "Provenance", "UpdateProvenance", "read_history", "updates_in"]
