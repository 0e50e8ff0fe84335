"""One `git log` pass → who committed each incident file and who first published or later edited each update.

The history is read with exactly two git processes, whatever the number of files:

1. ``git log --no-merges -M --raw --no-abbrev -z -- <project folder>`` lists every commit that
   touched an incident file, with the old and new blob of each changed file (so renames are
   followed, out of an earlier incidents_dir too, and every change is compared with the commit's
   own parent, never with a neighbour);
2. ``git cat-file --batch`` streams every blob those changes name, once each.

Each blob's ``updates:`` are composed with the fast libyaml path and paired across versions by the
one rule in versions.py, which the audit, the summary and the edit commands use too.

Merge commits are skipped (``--no-merges``): a merge adds no content of its own, and the commits
on the merged branch carry the author who wrote each update. A change made only while resolving
a merge conflict is therefore not attributed to anyone here; ``statuspress audit`` still compares
content, so it cannot hide a rewrite.

Outside git, in a repository without commits, or in a shallow clone (where every file would seem
to date from the tip commit) the result is an empty `Provenance` with one warning; nothing raises.

The results are plain frozen data: derive/ and render/ use them without importing git.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

import git

from . import collector, versions
from .versions import Change, UpdateVersion

ZERO_SHA = "0" * 40
_RS, _US = "\x1e", "\x1f"
LOG_FORMAT = "%x1e%H%x1f%an%x1f%ae%x1f%aI%x1f%cI%x1f%s"
# -z output is never quoted; these options keep user config (colour, signatures) out of what we parse.
LOG_OPTIONS = ("--no-merges", "--date-order", "-M", "--raw", "--no-abbrev", "-z", "--no-color",
               "--no-show-signature", "--encoding=UTF-8", f"--format={LOG_FORMAT}")
GIT_ENV = {"GIT_OPTIONAL_LOCKS": "0", "GIT_TERMINAL_PROMPT": "0", "GIT_LITERAL_PATHSPECS": "1", "LC_ALL": "C"}

NO_GIT_WARNING = ("{root} is not in a git repository; pages are built without the audit trail "
                  "(who posted each update and when)")
SHALLOW_WARNING = ("{root} is a shallow git clone, so every file would seem to date from the newest commit; "
                   "pages are built without the audit trail. Fetch the full history (git fetch --unshallow, "
                   "or actions/checkout with fetch-depth: 0)")
NO_COMMITS_WARNING = ("the git repository at {root} has no commits yet; "
                      "pages are built without the audit trail")
GIT_FAILED_WARNING = "could not read git history ({reason}); pages are built without the audit trail"


@dataclass(frozen=True)
class CommitInfo:
    """One commit, as an auditor reads it. Dates are what the client wrote; see docs/auditors.md."""

    sha: str
    author_name: str
    author_email: str
    authored_at: datetime
    committed_at: datetime
    subject: str

    @property
    def short(self) -> str:
        return self.sha[:7]


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


class GitUnavailable(Exception):
    """Git cannot answer for this folder; the message is the user-facing warning."""


# -- the git processes ------------------------------------------------------------------------------


def _repo(root: Path) -> git.Repo:
    try:
        return git.Repo(root, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError, git.GitCommandNotFound) as err:
        raise GitUnavailable(NO_GIT_WARNING.format(root=root)) from err


def run_git(repo: git.Repo, command: str, *args: str) -> bytes:
    """One read-only git command through GitPython, as bytes; GitUnavailable on any failure."""
    try:
        out = getattr(repo.git, command)(*args, stdout_as_string=False, env=GIT_ENV,
                                         strip_newline_in_stdout=False)
    except git.GitCommandError as err:
        lines = str(err.stderr or "").strip().strip("'").strip().splitlines()
        reason = lines[-1].removeprefix("stderr: ").strip("' ") if lines else f"git {command} failed"
        raise GitUnavailable(GIT_FAILED_WARNING.format(reason=reason)) from err
    except git.GitCommandNotFound as err:
        raise GitUnavailable(GIT_FAILED_WARNING.format(reason="git is not installed")) from err
    return out if isinstance(out, bytes) else str(out).encode()


@dataclass(frozen=True)
class Checkout:
    """Where the project sits in its repository."""

    repo: git.Repo
    toplevel: Path
    prefix: str                 # incidents_dir relative to the repository root, posix
    shallow: bool
    project: str = ""           # the folder holding mkdocs.yml, relative to the repository root ("" at the top)

    def path_of(self, relative: str) -> str:
        """A path relative to the project folder (an incidents_dir, mkdocs.yml) as a repository path."""
        return PurePosixPath(self.project or ".", relative).as_posix().removeprefix("./")


def locate(root: Path, incidents_dir: str, allow_shallow: bool = False) -> Checkout:
    """The repository holding `root`; GitUnavailable (with the warning to show) when there is none usable."""
    root = root.resolve()
    repo = _repo(root)
    if repo.bare or repo.working_tree_dir is None:
        raise GitUnavailable(NO_GIT_WARNING.format(root=root))
    toplevel = Path(repo.working_tree_dir).resolve()
    shallow = run_git(repo, "rev_parse", "--is-shallow-repository").strip() == b"true"
    if shallow and not allow_shallow:
        raise GitUnavailable(SHALLOW_WARNING.format(root=root))
    try:
        repo.git.rev_parse("--verify", "--quiet", "HEAD^{commit}")
    except git.GitCommandError as err:
        raise GitUnavailable(NO_COMMITS_WARNING.format(root=root)) from err
    project = root.relative_to(toplevel).as_posix() if root != toplevel else ""
    prefix = PurePosixPath(project or ".", incidents_dir).as_posix().removeprefix("./")
    return Checkout(repo, toplevel, prefix, shallow, project)


class CatFile:
    """One `git cat-file --batch` process for a whole run, asked for objects as often as needed.

    Objects are named by sha or as `<rev>:<path>`; a writer thread feeds the names while the answers
    are read, so a long list cannot deadlock on full pipes."""

    def __init__(self, cwd: Path) -> None:
        try:
            self._proc = subprocess.Popen(["git", "cat-file", "--batch"], cwd=cwd, stdin=subprocess.PIPE,
                                          stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                          env={**os.environ, **GIT_ENV})
        except OSError as err:
            raise GitUnavailable(GIT_FAILED_WARNING.format(reason=f"git: {err.strerror}")) from err

    def read(self, names: Iterable[str]) -> dict[str, bytes]:
        """name → content of every named object that exists (blobs only)."""
        wanted = list(dict.fromkeys(n for n in names if n != ZERO_SHA and "\n" not in n))
        proc = self._proc
        if not wanted or proc.stdin is None or proc.stdout is None:
            return {}
        stdin = proc.stdin

        def feed() -> None:
            with contextlib.suppress(BrokenPipeError):
                stdin.write("".join(n + "\n" for n in wanted).encode("utf-8"))
                stdin.flush()

        writer = threading.Thread(target=feed, daemon=True)
        writer.start()
        found: dict[str, bytes] = {}
        out = proc.stdout
        for name in wanted:
            header = out.readline().rstrip(b"\n")
            if header.endswith((b" missing", b" ambiguous")):
                continue
            parts = header.split()
            if len(parts) != 3:     # not what git answers: stop it, so the writer cannot block on a full pipe
                proc.kill()
                break
            data = out.read(int(parts[2]))
            out.read(1)  # the newline after each object
            if parts[1] == b"blob":
                found[name] = data
        writer.join()
        return found

    def close(self) -> None:
        for stream in (self._proc.stdin, self._proc.stdout):
            if stream is not None:
                with contextlib.suppress(OSError):
                    stream.close()
        self._proc.wait()

    def __enter__(self) -> CatFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def read_blobs(cwd: Path, shas: Iterable[str]) -> dict[str, bytes]:
    """Every named blob through one `git cat-file --batch` process."""
    wanted = [s for s in shas if s != ZERO_SHA]
    if not wanted:
        return {}
    with CatFile(cwd) as cat:
        return cat.read(wanted)


# -- parsing the log --------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Change:
    status: str                 # A M D R T
    old_blob: str
    new_blob: str
    old_path: str | None
    path: str


def _parse_date(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(UTC)


def parse_log(text: str) -> list[tuple[CommitInfo, list[_Change]]]:
    """The -z --raw output of LOG_FORMAT, newest commit first."""
    commits: list[tuple[CommitInfo, list[_Change]]] = []
    for record in text.split(_RS)[1:]:
        header, _, rest = record.partition("\0")
        sha, name, email, authored, committed, subject = header.split(_US, 5)
        info = CommitInfo(sha, name, email, _parse_date(authored), _parse_date(committed), subject)
        tokens = rest.lstrip("\n").split("\0")
        changes: list[_Change] = []
        i = 0
        while i < len(tokens):
            meta = tokens[i]
            if not meta.startswith(":"):
                i += 1
                continue
            parts = meta.split()
            status = parts[4][0]
            if status in "RC":
                old, new = tokens[i + 1], tokens[i + 2]
                i += 3
            else:
                old, new = None, tokens[i + 1]
                i += 2
            if status == "C":  # a copy leaves the original in place: the new file is an addition
                status, old = "A", None
            changes.append(_Change(status, parts[2], parts[3], old, new))
        commits.append((info, changes))
    return commits


# -- updates inside a blob --------------------------------------------------------------------------


def updates_in(data: bytes) -> tuple[UpdateVersion, ...]:
    """The `updates:` of one file version; () when it does not parse (it had problems then, not now)."""
    try:
        text = data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError:
        return ()
    version = versions.parse(text)
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
        checkout = locate(root, incidents_dir)
        # The whole project, not only today's incidents folder: incidents_dir may have moved, and
        # renames out of the old folder lead back to the commits that wrote each file there.
        scope = ("--", checkout.project) if checkout.project else ()
        raw = run_git(checkout.repo, "log", *LOG_OPTIONS, "HEAD", *scope)
        listing = run_git(checkout.repo, "ls_tree", "-r", "-z", "HEAD", "--", checkout.prefix)
        head_files = parse_ls_tree(listing)
        return _build(checkout, parse_log(raw.decode("utf-8", "replace")), head_files)
    except GitUnavailable as err:
        return Provenance(warning=str(err))


def parse_ls_tree(raw: bytes) -> dict[str, str]:
    """path → blob sha."""
    out: dict[str, str] = {}
    for entry in raw.decode("utf-8", "replace").split("\0"):
        meta, _, path = entry.partition("\t")
        parts = meta.split()
        if len(parts) == 3 and parts[1] == "blob":
            out[path] = parts[2]
    return out


def _build(checkout: Checkout, commits: list[tuple[CommitInfo, list[_Change]]],
           head_files: dict[str, str]) -> Provenance:
    prefix = checkout.prefix
    # Newest first: follow each path back through renames to the lineage it belongs to now.
    lineage_of: dict[str, str] = {}     # path as of the commit being read → lineage key
    deleted_count = 0
    per_lineage: dict[str, list[tuple[CommitInfo, _Change]]] = {}
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
    blobs = read_blobs(checkout.toplevel, [
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
                per_lineage: dict[str, list[tuple[CommitInfo, _Change]]], head_files: dict[str, str],
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
    not yet committed keeps the provenance of its committed version; one not committed yet has none."""
    try:
        text = path.read_bytes()
    except OSError:
        return {}
    if committed_text is not None and text == committed_text:
        return {index: index for index in range(len(committed))}
    return {pair.new.index: pair.old.index for pair in versions.pair_updates(committed, updates_in(text))
            if pair.old is not None and pair.new is not None}


__all__ = ["CatFile", "ChangeEntry", "Checkout", "CommitInfo", "GitUnavailable", "Provenance", "UpdateProvenance",
           "locate", "parse_log", "parse_ls_tree", "read_blobs", "read_history", "run_git", "updates_in"]
