"""Read-only access to the git repository that holds the project: where it is, its log, trees and blobs.

Every git process statuspress starts goes through here: `run_git` for one command (through GitPython),
`CatFile` for one `git cat-file --batch` process that streams any number of objects. Nothing here
touches the index, the working tree or a ref (GIT_OPTIONAL_LOCKS=0), and user settings that would
change what git prints (colour, signatures, quoting, the locale) are kept out of what is parsed.
What the answers mean is the callers' business: provenance (history.py), the audit (audit.py).
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import subprocess
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

import git

ZERO_SHA = "0" * 40
_RS, _US = "\x1e", "\x1f"
LOG_FORMAT = "%x1e%H%x1f%an%x1f%ae%x1f%aI%x1f%cI%x1f%s"
# Which commits the log lists, and in which order (`rev_list` walks the same way).
WALK_OPTIONS = ("--no-merges", "--date-order")
# -z output is never quoted; these options keep user config (colour, signatures) out of what we parse.
LOG_OPTIONS = (*WALK_OPTIONS, "-M", "--raw", "--no-abbrev", "-z", "--no-color",
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


def blob_id(data: bytes, like: str) -> str:
    """The sha git gives a blob holding `data`, in the object format of the sha `like` (SHA-1 or SHA-256):
    equal to a blob's sha exactly when `data` are that blob's bytes."""
    digest = hashlib.sha256() if len(like) == 64 else hashlib.sha1(usedforsecurity=False)
    digest.update(b"blob %d\0" % len(data))
    digest.update(data)
    return digest.hexdigest()


# -- parsing the log --------------------------------------------------------------------------------


@dataclass(frozen=True)
class FileChange:
    """One file changed by one commit, as `git log --raw` lists it."""

    status: str                 # A M D R T
    old_blob: str
    new_blob: str
    old_path: str | None
    path: str


def _parse_date(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(UTC)


def parse_log(text: str) -> list[tuple[CommitInfo, tuple[FileChange, ...]]]:
    """The -z --raw output of LOG_FORMAT, newest commit first."""
    return [parse_record(record) for record in split_log(text).values()]


def split_log(text: str) -> dict[str, str]:
    """The -z --raw output of LOG_FORMAT as commit sha → that commit's record (for `parse_record`), in order."""
    return {record.partition(_US)[0]: record for record in text.split(_RS)[1:]}


@functools.lru_cache(maxsize=1 << 16)
def parse_record(record: str) -> tuple[CommitInfo, tuple[FileChange, ...]]:
    """One commit of the -z --raw output of LOG_FORMAT, and the files it changed. Remembered by its text:
    serve reads the same records at every save (history.py keeps them)."""
    header, _, rest = record.partition("\0")
    sha, name, email, authored, committed, subject = header.split(_US, 5)
    info = CommitInfo(sha, name, email, _parse_date(authored), _parse_date(committed), subject)
    tokens = rest.lstrip("\n").split("\0")
    changes: list[FileChange] = []
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
        changes.append(FileChange(status, parts[2], parts[3], old, new))
    return info, tuple(changes)


def _scope(checkout: Checkout) -> tuple[str, ...]:
    return ("--", checkout.project) if checkout.project else ()


def commits(checkout: Checkout) -> list[tuple[CommitInfo, tuple[FileChange, ...]]]:
    """Every commit reachable from HEAD that changed a file in the project folder (the whole repository
    when the project is at its top), newest first, each with the files it changed."""
    return parse_log(log_text(checkout, "HEAD"))


def log_text(checkout: Checkout, *revisions: str) -> str:
    """`git log` of `revisions` with LOG_OPTIONS in the project folder: `HEAD` for the whole history,
    or `--no-walk=unsorted` and commit shas for those commits alone (each compared with its parent all the same)."""
    raw = run_git(checkout.repo, "log", *LOG_OPTIONS, *revisions, *_scope(checkout))
    return raw.decode("utf-8", "replace")


def rev_list(checkout: Checkout) -> list[str]:
    """The shas of the commits `commits` lists, in the same order (the same walk, without reading any diff)."""
    raw = run_git(checkout.repo, "rev_list", *WALK_OPTIONS, "HEAD", *_scope(checkout))
    return raw.decode("ascii", "replace").split()


def tree(checkout: Checkout, rev: str, folder: str) -> dict[str, str]:
    """Repository path → blob sha of every file under `folder` at `rev`."""
    return parse_ls_tree(run_git(checkout.repo, "ls_tree", "-r", "-z", rev, "--", folder))


def parse_ls_tree(raw: bytes) -> dict[str, str]:
    """path → blob sha."""
    out: dict[str, str] = {}
    for entry in raw.decode("utf-8", "replace").split("\0"):
        meta, _, path = entry.partition("\t")
        parts = meta.split()
        if len(parts) == 3 and parts[1] == "blob":
            out[path] = parts[2]
    return out


__all__ = ["GIT_ENV", "LOG_OPTIONS", "WALK_OPTIONS", "ZERO_SHA", "CatFile", "Checkout", "CommitInfo", "FileChange",
           "GitUnavailable", "blob_id", "commits", "locate", "log_text", "parse_log", "parse_ls_tree", "parse_record",
           "read_blobs", "rev_list", "run_git", "split_log", "tree"]
