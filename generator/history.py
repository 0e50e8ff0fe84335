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
read through source.py, as `check` reads them, and compared with their committed blob by sha; with the
cache, a file lstat finds exactly as an earlier read saw it (`Seen`) is not read again.

With the build cache (`statuspress build --incremental`, `serve`: history_cache.py) a read reuses
what the last one found (`Known`): each commit's log record and each blob's updates, by the sha that
names them. Then ``git rev-list`` (the same walk as step 1, without diffs: cheap) gives the commits
and their order, ``git log --no-walk`` reads only the commits not known, and ``git cat-file`` only the
blobs not known (none: no process). Taking the order from git, never merging two logs by date, is what
makes the Provenance equal to a cold read's (tests/git/test_history_cache.py).

Merge commits are skipped (``--no-merges``): a merge adds no content of its own, and the commits
on the merged branch carry the author who wrote each update. A change made only while resolving
a merge conflict is therefore not attributed to anyone here; ``statuspress audit`` still compares
content, so it cannot hide a rewrite.

Outside git, in a repository without commits, or in a shallow clone (where every file would seem
to date from the tip commit) the result is an empty `Provenance` with one warning; nothing raises.

The results are plain frozen data: derive/ and render/ use them without importing git.
"""

from __future__ import annotations

import os
import stat
import time
from collections import ChainMap
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from . import collector, gitrepo, versions
from .cache import code_fingerprint
from .gitrepo import ZERO_SHA, Checkout, CommitInfo, FileChange, GitUnavailable
from .source import Signature, decode, read_file, settled, signature
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
    """PurePosixPath(path).stem, without making a path (it is asked for every change of every commit)."""
    name = path.rpartition("/")[2]
    dot = name.rfind(".")
    return name[:dot] if 0 < dot < len(name) - 1 else name


def _is_incident(path: str, prefix: str) -> bool:
    return path.startswith(prefix + "/") and path.endswith((".yml", ".yaml"))


def read_history(root: Path, incidents_dir: str = "incidents") -> Provenance:
    """Provenance of every incident file under `root/incidents_dir`; never raises for git trouble.

    Update indices refer to the working-tree files (what the build shows); an update changed but
    not yet committed keeps the provenance of its committed version."""
    return read_history_reusing(root, incidents_dir, None)[0]


@dataclass(frozen=True)
class Known:
    """What earlier history reads found, kept in the build cache (cache.py) for the next read. Both maps
    are keyed by the sha that names their content, so an entry never goes stale: a commit's record is
    what `git log` prints for it (its own diff with its parent), a blob's updates are what it holds.
    Under another `fingerprint` (statuspress' code, PyYAML, git) or `scope` nothing is reused."""

    fingerprint: bytes = b""
    scope: str = ""                                                          # the project folder
    records: Mapping[str, str] = field(default_factory=dict)                 # commit sha → log record
    updates: Mapping[str, tuple[UpdateVersion, ...]] = field(default_factory=dict)   # blob sha → its updates
    files: Mapping[str, FileHistory] = field(default_factory=dict)           # path at HEAD → its history
    worktree: Mapping[str, Seen] = field(default_factory=dict)               # path → its working-tree file

    def after(self, found: Found) -> Known:
        """What the next read can reuse: what `found` used, from here or from `found`; the rest is dropped."""
        same = (self.fingerprint, self.scope) == (found.fingerprint, found.scope)
        records, updates = (self.records, self.updates) if same else ({}, {})
        new_updates = _interned(found.updates, updates.values())
        return Known(found.fingerprint, found.scope,
                     {sha: records[sha] if sha in records else found.records[sha] for sha in found.commits},
                     {sha: updates[sha] if sha in updates else new_updates[sha] for sha in found.blobs},
                     found.files, found.worktree)


@dataclass(frozen=True)
class FileHistory:
    """One incident file's history as of HEAD, worked out from its commits: named by `changes` (the
    sha, old blob and new blob of each commit that changed it, newest first) and its `head` blob, which
    determine it. `commits` for Provenance.files; `published[i]` is the provenance of update i of the
    HEAD version."""

    head: str
    changes: tuple[tuple[str, str, str], ...]
    commits: tuple[CommitInfo, ...]
    published: tuple[UpdateProvenance | None, ...]


@dataclass(frozen=True)
class Found:
    """What one read used and what it read anew (for `Known.after`)."""

    fingerprint: bytes
    scope: str
    commits: tuple[str, ...]                              # every commit of the history, newest first
    records: dict[str, str]                               # the log records of those not known before
    blobs: tuple[str, ...]                                # every blob read or reused
    updates: dict[str, tuple[UpdateVersion, ...]]         # the updates of those not known before
    files: dict[str, FileHistory]                         # every incident file at HEAD
    worktree: dict[str, Seen]                             # the working-tree files whose blob is known


def read_history_reusing(root: Path, incidents_dir: str, known: Known | None) -> tuple[Provenance, Found | None]:
    """`read_history`, reusing what `known` holds: only commits and blobs it does not hold are read from
    git and parsed. With `known` (Known() for an empty cache) it also says what it found, for the next
    read; with None it keeps nothing."""
    try:
        checkout = gitrepo.locate(root, incidents_dir)
        fingerprint = _fingerprint(checkout) if known is not None else b""
        if known is not None and (known.fingerprint, known.scope) != (fingerprint, checkout.project):
            known = Known()
        # The whole project, not only today's incidents folder: incidents_dir may have moved, and
        # renames out of the old folder lead back to the commits that wrote each file there.
        order, records = _log_records(checkout, known)
        commits = [gitrepo.parse_record(records[sha]) for sha in order]
        head_files = gitrepo.tree(checkout, "HEAD", checkout.prefix)
        provenance, used, parsed, files, worktree = _build(checkout, commits, head_files, known or Known())
    except GitUnavailable as err:
        return Provenance(warning=str(err)), None
    if known is None:
        return provenance, None
    return provenance, Found(fingerprint, checkout.project, tuple(order),
                             {sha: record for sha, record in records.items() if sha not in known.records},
                             used, parsed, files, worktree)


def _fingerprint(checkout: Checkout) -> bytes:
    git_version = ".".join(map(str, checkout.repo.git.version_info))
    return code_fingerprint(("PyYAML",)) + git_version.encode()


def _log_records(checkout: Checkout, known: Known | None) -> tuple[list[str], Mapping[str, str]]:
    """The shas of the project's commits, newest first, and a record for each: from `known` where it has
    one, else from `git log`. With some known, `git rev-list` (the same walk, no diffs) gives the order, and
    `git log --no-walk` reads only the commits missing; with none (or most missing), one `git log`."""
    if known is not None and known.records:
        order = gitrepo.rev_list(checkout)
        missing = [sha for sha in order if sha not in known.records]
        if len(missing) <= max(len(order) // 2, 1):
            found = gitrepo.split_log(gitrepo.log_text(checkout, "--no-walk=unsorted", *missing)) if missing else {}
            if set(found) == set(missing):
                return order, ChainMap(found, dict(known.records))
    records = gitrepo.split_log(gitrepo.log_text(checkout, "HEAD"))
    return list(records), records


def _interned(updates: dict[str, tuple[UpdateVersion, ...]],
              known: Iterable[tuple[UpdateVersion, ...]]) -> dict[str, tuple[UpdateVersion, ...]]:
    """`updates` with each update equal to one already seen replaced by that one: successive versions of a
    file repeat most of its updates, and a pickle stores a shared object once (half the cache's size)."""
    if not updates:
        return updates
    seen: dict[UpdateVersion, UpdateVersion] = {}
    for versions_ in known:
        for update in versions_:
            seen.setdefault(update, update)
    return {sha: tuple(seen.setdefault(u, u) for u in versions_) for sha, versions_ in updates.items()}


def _build(checkout: Checkout, commits: list[tuple[CommitInfo, tuple[FileChange, ...]]], head_files: dict[str, str],
           reusable: Known
           ) -> tuple[Provenance, tuple[str, ...], dict[str, tuple[UpdateVersion, ...]], dict[str, FileHistory],
                      dict[str, Seen]]:
    """The Provenance, every blob it used, the updates of those not known (read and parsed here), each
    file's history, and what was seen of the working-tree files. A file whose commits and HEAD blob are
    those of a known FileHistory is not worked out again: its blobs are neither read nor parsed."""
    known = reusable.updates
    prefix = checkout.prefix
    per_lineage, log, changes_of = _walk(commits, prefix)
    current_paths = sorted(path for path in head_files if _is_incident(path, prefix))
    histories = {path: _file_history_known(reusable.files.get(path), head_files[path], changes_of.get(path, ()))
                 for path in current_paths}
    started = time.time_ns()
    working: dict[str, object | str | None] = {}
    worktree: dict[str, Seen] = {}
    toplevel = str(checkout.toplevel)
    for path in current_paths:
        working[path], seen = _working_file(os.path.join(toplevel, path), head_files[path],
                                            reusable.worktree.get(path), started)
        if seen is not None:
            worktree[path] = seen
    used = tuple(dict.fromkeys(sha for sha in (
        *(sha for path in current_paths for _, change in per_lineage.get(path, ())
          for sha in (change.old_blob, change.new_blob)),
        *(head_files[path] for path in current_paths)) if sha != ZERO_SHA))
    to_work_out = {sha for path in current_paths if histories[path] is None
                   for sha in (head_files[path], *(s for _, change in per_lineage.get(path, ())
                                                   for s in (change.old_blob, change.new_blob)))}
    to_work_out.update(head_files[path] for path in current_paths if isinstance(working[path], str))
    blobs = gitrepo.read_blobs(checkout.toplevel, [sha for sha in used if sha not in known and sha in to_work_out])
    parsed: dict[str, tuple[UpdateVersion, ...]] = {}

    def updates_of(sha: str) -> tuple[UpdateVersion, ...]:
        if sha == ZERO_SHA:
            return ()
        reused = known.get(sha)
        if reused is not None:
            return reused
        if sha not in parsed:
            parsed[sha] = updates_in(blobs.get(sha, b""))
        return parsed[sha]

    with collector.paused():
        provenance, files = _provenance(current_paths, per_lineage, head_files, updates_of, log, histories,
                                        working)
    # A blob git did not give (a partial clone) read as empty: not kept, so a later read asks again; nor is
    # a file history worked out from one.
    missing = {sha for sha in used if sha not in known and sha not in blobs and sha in to_work_out}
    kept_files = {path: history for path, history in files.items()
                  if not missing or not missing.intersection(_blobs(history))}
    return provenance, tuple(sha for sha in used if sha in known or sha in blobs), \
        {sha: updates for sha, updates in parsed.items() if sha in blobs}, kept_files, worktree


Changes = tuple[tuple[str, str, str], ...]   # one file's commits, newest first: (sha, old blob, new blob)
Walk = tuple[Mapping[str, tuple[tuple[CommitInfo, FileChange], ...]], tuple[ChangeEntry, ...], Mapping[str, Changes]]
_LAST_WALK: dict[tuple[str, tuple[str, ...]], Walk] = {}   # serve walks the same commits at every save


def _walk(commits: list[tuple[CommitInfo, tuple[FileChange, ...]]], prefix: str) -> Walk:
    """Each incident file's changes (by the path it has now, or a key of its own once deleted), newest
    first, the site-wide log of changes, and each file's changes as a FileHistory names them: remembered
    for the last list of commits walked."""
    key = (prefix, tuple(info.sha for info, _ in commits))
    walked = _LAST_WALK.get(key)
    if walked is None:
        walked = _walk_commits(commits, prefix)
        _LAST_WALK.clear()
        _LAST_WALK[key] = walked
    return walked


def _walk_commits(commits: list[tuple[CommitInfo, tuple[FileChange, ...]]], prefix: str) -> Walk:
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
    return ({key: tuple(items) for key, items in per_lineage.items()}, tuple(log),
            {key: _changes(items) for key, items in per_lineage.items()})


def _provenance(current_paths: list[str], per_lineage: Mapping[str, tuple[tuple[CommitInfo, FileChange], ...]],
                head_files: dict[str, str], updates_of: Callable[[str], tuple[UpdateVersion, ...]],
                log: tuple[ChangeEntry, ...], histories: Mapping[str, FileHistory | None],
                working: Mapping[str, object | str | None]) -> tuple[Provenance, dict[str, FileHistory]]:
    files: dict[str, tuple[CommitInfo, ...]] = {}
    update_prov: dict[tuple[str, int], UpdateProvenance] = {}
    worked_out: dict[str, FileHistory] = {}
    for path in current_paths:
        items = per_lineage.get(path, ())
        history = histories.get(path) or _file_history(head_files[path], items, updates_of)
        worked_out[path] = history
        incident_id = _incident_id(path)
        files[incident_id] = history.commits
        for index, head_index in _to_working_tree(working[path], len(history.published),
                                                  partial(updates_of, history.head)).items():
            prov = history.published[head_index]
            if prov is not None:
                update_prov[(incident_id, index)] = prov
    return Provenance(files=files, updates=update_prov, log=tuple(log), warning=None), worked_out


def _blobs(history: FileHistory) -> tuple[str, ...]:
    return (history.head, *(blob for _, old, new in history.changes for blob in (old, new)))


def _changes(items: Iterable[tuple[CommitInfo, FileChange]]) -> tuple[tuple[str, str, str], ...]:
    return tuple((info.sha, change.old_blob, change.new_blob) for info, change in items)


def _file_history_known(known: FileHistory | None, head: str, changes: Changes) -> FileHistory | None:
    """`known` when the same commits made the same HEAD blob (so it would be worked out the same)."""
    if known is None or known.head != head or known.changes != changes:
        return None
    return known


def _file_history(head: str, items: tuple[tuple[CommitInfo, FileChange], ...],
                  updates_of: Callable[[str], tuple[UpdateVersion, ...]]) -> FileHistory:
    """One file's updates followed through its commits, oldest first (_Lineages)."""
    lineages = _Lineages()
    for info, change in reversed(items):
        lineages.step(info, change.old_blob, updates_of(change.old_blob), change.new_blob,
                      updates_of(change.new_blob))
    committed = lineages.ids_of(head, updates_of(head), items[0][0] if items else None)
    return FileHistory(head, _changes(items), tuple(dict.fromkeys(info for info, _ in items)),
                       tuple(lineages.provenance(lineage) for lineage in committed))


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


COMMITTED = object()   # a working-tree file whose bytes are its HEAD blob's


@dataclass(frozen=True)
class Seen:
    """A working-tree file as a read saw it: what lstat said (source.signature) and the blob sha of its
    bytes. While lstat says exactly the same, the file holds the same bytes. Kept only for a file written
    well before the read (source.settled)."""

    stat: Signature
    blob: str


def _working_file(path: str, committed_blob: str, before: Seen | None,
                  started: int) -> tuple[object | str | None, Seen | None]:
    """A working-tree file's text when it differs from its committed (HEAD) blob, COMMITTED when it does
    not, None when `check` would not read it (a link, too large, not UTF-8): it has no provenance then.
    And what was seen of it, to keep. A file seen `before` exactly as it is now is not read again, unless
    its text is needed."""
    try:
        info = os.lstat(path)
    except OSError:
        return None, None
    if before is not None and before.stat == signature(info) and before.blob == committed_blob:
        return COMMITTED, before   # the signature holds the mode: a regular file, as when it was kept
    source, _ = read_file(Path(path), path)
    if source is None:
        return None, None
    blob = gitrepo.blob_id(source.data, committed_blob)
    seen = Seen(signature(info), blob) if settled(info, started) and stat.S_ISREG(info.st_mode) else None
    return (COMMITTED if blob == committed_blob else source.text), seen


def _to_working_tree(working: object | str | None, committed_count: int,
                     committed: Callable[[], tuple[UpdateVersion, ...]]) -> dict[int, int]:
    """Working-tree update index → committed (HEAD) index, paired by versions.py. An update changed but
    not yet committed keeps the provenance of its committed version; one not committed yet has none."""
    if working is None:
        return {}
    if working is COMMITTED:
        return {index: index for index in range(committed_count)}
    assert isinstance(working, str)
    version = read_lenient(working).version
    return {pair.new.index: pair.old.index
            for pair in versions.pair_updates(committed(), version.updates if version is not None else ())
            if pair.old is not None and pair.new is not None}


__all__ = ["ChangeEntry", "CommitInfo", "Found", "Known", "Provenance", "UpdateProvenance", "read_history",
           "read_history_reusing", "updates_in"]
