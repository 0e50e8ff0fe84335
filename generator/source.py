"""Find and read incident files safely: regular files under incidents_dir only, size-capped, UTF-8;
and refuse symbolic links in docs_dir, which mkdocs would follow and publish.

Every read of an incident file from the working tree goes through here (`read_sources` for `check`,
`read_file` for one file: the edit commands, provenance, the audit), and every version out of git is
decoded by `decode`, so all of them take the same bytes to the same text."""

from __future__ import annotations

import os
import re
import stat
import time
from dataclasses import dataclass
from pathlib import Path

from .problems import START, Mark, Problem, Problems

MAX_FILE_BYTES = 1024 * 1024
YEAR_DIR = re.compile(r"^\d{4}$")
BOM = "\ufeff"


@dataclass(frozen=True)
class SourceFile:
    """An incident file that was read successfully."""

    path: Path          # absolute
    display: str        # how messages name it
    text: str           # without a byte order mark
    bom: bool = False   # the file starts with one (the edit commands keep it)

    @property
    def data(self) -> bytes:
        """The file's bytes, as read."""
        return ((BOM if self.bom else "") + self.text).encode("utf-8")


def decode(data: bytes) -> str | None:
    """The text of an incident file's bytes (a version out of git): UTF-8 without a byte order mark, or
    None when they are not UTF-8."""
    try:
        return data.decode("utf-8").removeprefix(BOM)
    except UnicodeDecodeError:
        return None


def display_path(path: Path, cwd: Path | None = None) -> str:
    """Relative to the working directory when below it, else absolute."""
    base = cwd or Path.cwd()
    try:
        return path.relative_to(base).as_posix()
    except ValueError:
        rel = os.path.relpath(path, base)
        return Path(rel).as_posix() if not rel.startswith("..") else path.as_posix()


# A file written less than this long before it was read may be written again within the same tick of the file
# system's clock, leaving what lstat says of it unchanged: such a read is not remembered (SeenFiles; history.py).
RACY_NS = 2_000_000_000

Signature = tuple[int, int, int, int, int, int]


def signature(info: os.stat_result) -> Signature:
    """What lstat says of a file that changes whenever its bytes do: writing to a file moves its change
    time, which no one can set back (git's index relies on the same)."""
    return info.st_mode, info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino, info.st_dev


def settled(info: os.stat_result, read_at: int) -> bool:
    """Whether a file read at `read_at` (time.time_ns()) had been written long enough before (RACY_NS) for
    its signature to stand for what was read."""
    return max(info.st_mtime_ns, info.st_ctime_ns) < read_at - RACY_NS


class SeenFiles:
    """The incident files the last read found, by path, for serve's next read: a file lstat finds exactly as
    it was (`signature`) is not read again. Pure memory; a cache folder keeps none (file times say nothing in
    another checkout)."""

    def __init__(self) -> None:
        self._earlier: dict[str, tuple[Signature, SourceFile]] = {}
        self._now: dict[str, tuple[Signature, SourceFile]] = {}
        self.read_at = 0

    def begin(self) -> None:
        """A new read: what the last one kept may be reused, and only what this one keeps is kept after it."""
        self._earlier, self._now = self._now, {}
        self.read_at = time.time_ns()

    def get(self, path: Path, display: str, info: os.stat_result) -> SourceFile | None:
        known = self._earlier.get(str(path))
        if known is None or known[0] != signature(info) or known[1].display != display:
            return None
        self._now[str(path)] = known
        return known[1]

    def keep(self, path: Path, info: os.stat_result, source: SourceFile) -> None:
        if settled(info, self.read_at):
            self._now[str(path)] = (signature(info), source)


def read_sources(root: Path, incidents_dir: str, cwd: Path | None = None,
                 seen: SeenFiles | None = None) -> tuple[list[SourceFile], list[Problem]]:
    """Every `*.yml` under `root/incidents_dir/<YYYY>/`, in path order, plus the problems found on the way.
    `seen`: serve's files from its last read, reused where lstat finds them unchanged."""
    if seen is not None:
        seen.begin()
    root = root.resolve()
    folder = root / incidents_dir
    problems: list[Problem] = []

    def refuse(path: Path, message: str, mark: Mark = START, code: str = "file-read") -> None:
        found = Problems(display_path(path, cwd))
        found.error(mark, message, code)
        problems.extend(found.items)

    if folder.is_symlink() or not folder.resolve().is_relative_to(root):
        refuse(folder, f"incidents_dir {incidents_dir!r} must be a folder inside the project, "
               "not a link or a path outside it", code="file-link")
        return [], problems
    if not folder.is_dir():
        if folder.exists():
            refuse(folder, f"incidents_dir {incidents_dir!r} is not a folder")
        return [], problems

    def unreadable(err: OSError) -> None:
        refuse(Path(err.filename or folder), f"cannot read this folder ({err.strerror}); the incident files "
               "in it were not checked")

    sources: list[SourceFile] = []
    for dirpath, dirnames, filenames in os.walk(folder, onerror=unreadable, followlinks=False):
        here = Path(dirpath)
        depth = len(here.relative_to(folder).parts)
        for name in sorted(dirnames):
            sub = here / name
            if name.startswith("."):
                dirnames.remove(name)
            elif sub.is_symlink():
                refuse(sub, "is a symbolic link; incident folders must be real folders", code="file-link")
                dirnames.remove(name)
            elif depth == 0 and not YEAR_DIR.match(name):
                refuse(sub, "unexpected folder; incident files live in incidents/<YYYY>/")
                dirnames.remove(name)
            elif depth >= 1:
                refuse(sub, "unexpected folder; incident files live directly in incidents/<YYYY>/")
                dirnames.remove(name)
        dirnames.sort()
        shown = display_path(here, cwd)   # each file's is this and its name: pathlib's arithmetic once a folder
        for name in sorted(filenames):
            suffix = name[name.rfind("."):] if name.rfind(".") > 0 else ""
            if name.startswith(".") or suffix.lower() not in (".yml", ".yaml"):
                continue
            path = here / name
            try:
                info: os.stat_result | None = os.lstat(path)   # once: _read uses it too
            except OSError:
                info = None   # gone since the folder was listed: _read says why
            if info is not None and stat.S_ISLNK(info.st_mode):
                refuse(path, "is a symbolic link; incident files must be regular files", code="file-link")
                continue
            if suffix != ".yml":   # .yaml, .YML …: the id is the stem, the edit commands open <id>.yml
                refuse(path, f"incident files use the .yml extension; rename it to {path.stem}.yml")
                continue
            if depth != 1:
                refuse(path, "incident files live in incidents/<YYYY>/; move it into its year's folder")
                continue
            display = name if shown == "." else f"{shown}/{name}"
            source = seen.get(path, display, info) if seen is not None and info is not None else None
            if source is None:
                source = _read(path, display, problems, info)
                if source is not None and seen is not None and info is not None:
                    seen.keep(path, info, source)
            if source is not None:
                sources.append(source)
    return sources, problems


def read_file(path: Path, display: str) -> tuple[SourceFile | None, list[Problem]]:
    """One incident file, read as `check` reads each (a regular file, not a link, at most 1 MiB, UTF-8),
    or None and the problems that stopped it."""
    problems: list[Problem] = []
    if path.is_symlink():
        found = Problems(display)
        found.error(START, "is a symbolic link; incident files must be regular files", "file-link")
        return None, found.items
    return _read(path, display, problems), problems


def find_links(root: Path, docs_dir: str, cwd: Path | None = None) -> list[Problem]:
    """An error for every symbolic link in docs_dir (and for docs_dir itself being one). mkdocs follows
    them and publishes what they point to, inside the project or anywhere else. Dot files are left
    alone: mkdocs never publishes them, and editors keep lock links there. A docs_dir outside the
    project is config.py's to report, and is not walked."""
    folder = root / docs_dir
    problems: list[Problem] = []
    if not folder.absolute().is_relative_to(root.absolute()) or ".." in Path(docs_dir).parts:
        return problems

    def refuse(path: Path, message: str) -> None:
        found = Problems(display_path(path, cwd))
        found.error(START, message, "file-link")
        problems.extend(found.items)

    if folder.is_symlink():
        refuse(folder, f"docs_dir {docs_dir!r} is a symbolic link; make it a real folder inside the project")
        return problems
    for dirpath, dirnames, filenames in os.walk(folder, followlinks=False):
        here = Path(dirpath)
        for name in sorted(dirnames):  # os.walk lists links to folders as folders, and does not enter them
            if not name.startswith(".") and (here / name).is_symlink():
                refuse(here / name, "is a symbolic link; mkdocs would publish the folder it points to: put a "
                       f"real folder in {docs_dir}/")
        for name in sorted(filenames):
            if not name.startswith(".") and (here / name).is_symlink():
                refuse(here / name, "is a symbolic link; mkdocs would publish what it points to: put the file "
                       f"itself in {docs_dir}/")
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
    return problems


def _read(path: Path, display: str, problems: list[Problem], info: os.stat_result | None = None) -> SourceFile | None:
    """`info`: what lstat said of the file just now, if asked already."""
    found = Problems(display)
    try:
        info = info if info is not None else path.lstat()
        size = info.st_size
        if not stat.S_ISREG(info.st_mode):
            # a FIFO or device would block or never end; only regular files are read
            found.error(START, "is not a regular file; incident files must be plain files", "file-read")
            return None
        if size > MAX_FILE_BYTES:
            found.error(START, f"file is {size / 1024 / 1024:.1f} MiB; incident files are limited to 1 MiB",
                        "file-read")
            return None
        with open(path, "rb") as handle:
            # As much as lstat saw (reading up to the cap would allocate the cap for every file), and on up
            # to the cap if the file has grown since.
            data = handle.read(size + 1)
            if len(data) > size:
                data += handle.read(MAX_FILE_BYTES + 1 - len(data))
    except OSError as err:
        found.error(START, f"cannot read file: {err.strerror}", "file-read")
        return None
    finally:
        problems.extend(found.items)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        good = data[: err.start].decode("utf-8")
        line = good.count("\n") + 1
        col = len(good) - (good.rfind("\n") + 1) + 1
        found.error(Mark(line, col), f"file is not UTF-8 (byte 0x{data[err.start]:02x}); save it as UTF-8", "file-read")
        problems.extend(found.items)
        return None
    return SourceFile(path, display, text.removeprefix(BOM), text.startswith(BOM))
