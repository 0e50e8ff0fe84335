"""Check that what was published at a base revision is still in the working tree, unchanged or corrected.

Published means every field of every incident file at the base: its updates (append-only; a change
needs a new record in the update's `corrected:` list) and its incident fields (title, impact,
components, times; a change needs a new entry in `corrections:`). Which update is which, and what
counts as changed, is decided by versions.py, the rule provenance and the summary use too.
docs/auditors.md has the table of every field.

The incidents are found wherever they are: the base's own mkdocs.yml says where they were
(`incidents_dir` may have changed since), files are paired by their place in that folder, and a
file that is gone is looked for among the new ones by content (a rename). Read-only, with a fixed
number of git processes whatever the number of files: `git rev-parse` (and `git merge-base`), one
`git ls-tree` and one `git cat-file --batch`; none of them touches the index, the working tree or a ref.

The base defaults to the merge-base of HEAD with the default branch: the first of
``origin/HEAD``, ``origin/main``, ``origin/master``, ``main``, ``master`` that exists. On the
default branch itself that is HEAD, so the audit then covers uncommitted changes.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path, PurePosixPath

from . import collector, gitrepo, versions
from .clock import format_utc
from .config import is_project_folder, load_config, parse_config
from .gitrepo import CatFile, Checkout, GitUnavailable, run_git
from .load import Project, load_project
from .model import Incident, SiteConfig
from .problems import START, Problem, Problems, sort_problems
from .rules.base import Marks
from .source import decode, display_path, read_file
from .validate import FileVersion, read_lenient
from .versions import Change, Comparison, Record, UpdatePair

DEFAULT_BRANCHES = ("origin/HEAD", "origin/main", "origin/master", "main", "master")
CORRECT_HINT = "restore it, or explain the change with corrected: {at: ..., reason: ...}"
AGAIN_HINT = "it was corrected before, so this change needs a new entry in its corrected: list"
FIELD_HINT = ("a published field changes only with a correction: add {{at: ..., field: {field}, reason: ...}} "
              "to corrections:")
NEEDLESS = "remove the correction, or make the change it explains"


class AuditError(Exception):
    """The audit cannot run (no repository, unknown revision); a usage problem, not a violation."""


@dataclass(frozen=True)
class Snapshot:
    """The incident files at the base revision, read when asked (most are usually unchanged)."""

    rev: str                             # as the user named it
    sha: str
    files: Mapping[str, bytes]           # repository path → content, every .yml under the base's incidents folder
    checkout: Checkout
    prefix: str                          # the base's incidents folder, as a repository path
    component_ids: tuple[str, ...] = ()  # the base's components
    cwd: Path | None = None
    _read: dict[str, FileVersion | None] = field(default_factory=dict, compare=False, repr=False)
    _incidents: dict[str, Incident | None] = field(default_factory=dict, compare=False, repr=False)

    @property
    def label(self) -> str:
        short = self.sha[:7]
        return short if self.sha.startswith(self.rev) else f"{self.rev} ({short})"

    def display(self, path: str) -> str:
        return display_path(self.checkout.toplevel / path, self.cwd)

    def _version(self, path: str) -> FileVersion | None:
        """The file read leniently (the base is history, not input), once; None when it is not UTF-8."""
        if path not in self._read:
            text = decode(self.files[path]) if path in self.files else None
            self._read[path] = None if text is None else read_lenient(text, self.display(path))
        return self._read[path]

    def version(self, path: str) -> versions.IncidentVersion | None:
        """What the file published, for comparing (versions.py); None when it cannot be read."""
        read = self._version(path)
        return read.version if read is not None else None

    def incident(self, path: str) -> Incident | None:
        """The file as a model of whatever reads as valid."""
        if path not in self._incidents:
            read = self._version(path)
            self._incidents[path] = None if read is None else read.incident(
                PurePosixPath(path).stem, self.display(path), self.component_ids)[0]
        return self._incidents[path]

    @property
    def incidents(self) -> dict[str, Incident]:
        """Every readable incident file at the base: repository path → incident."""
        return {path: incident for path in sorted(self.files) if (incident := self.incident(path)) is not None}


@dataclass(frozen=True)
class FilePair:
    """A published incident file and what became of it in the working tree."""

    old_path: str                        # repository path at the base
    old_id: str
    new_path: str | None = None          # repository path now; None when it is gone
    new: Incident | None = None          # None when gone, or when the file now has errors
    comparison: Comparison | None = None  # None when the file is byte for byte what it was, or unreadable
    old_version: versions.IncidentVersion | None = None
    new_version: versions.IncidentVersion | None = None


@dataclass(frozen=True)
class AuditResult:
    base: Snapshot
    problems: tuple[Problem, ...]
    files_audited: int
    pairs: tuple[FilePair, ...] = ()
    new_files: Mapping[str, Incident] | None = None   # repository path → incident not published at the base

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]


# -- reading the base -------------------------------------------------------------------------------


def resolve_base(checkout: Checkout, rev: str | None) -> tuple[str, str]:
    """(name, sha) of the base commit: `rev`, or the merge-base of HEAD with the default branch."""
    if rev is not None:
        try:
            found = run_git(checkout.repo, "rev_parse", "--verify", "--end-of-options", rev + "^{commit}")
        except GitUnavailable as err:
            hint = " (a shallow clone may not hold it: fetch with fetch-depth: 0)" if checkout.shallow else ""
            raise AuditError(f"unknown revision {rev!r}{hint}") from err
        return rev, found.decode().strip()
    for branch in DEFAULT_BRANCHES:
        try:
            run_git(checkout.repo, "rev_parse", "--verify", "--quiet", branch + "^{commit}")
        except GitUnavailable:
            continue
        try:
            sha = run_git(checkout.repo, "merge_base", "HEAD", branch).decode().strip()
        except GitUnavailable as err:
            raise AuditError(f"HEAD and {branch} share no history; pass --base REV") from err
        return f"merge-base with {branch}", sha
    raise AuditError("no default branch (origin/HEAD, origin/main, origin/master, main, master); "
                     "pass --base REV")


def _base_settings(config: SiteConfig, text: bytes | None) -> tuple[str, tuple[str, ...]]:
    """incidents_dir and component ids from the base's mkdocs.yml; today's where it has none usable."""
    if text is None:
        return config.incidents_dir, config.component_ids
    try:
        decoded = text.decode("utf-8")
    except UnicodeDecodeError:
        return config.incidents_dir, config.component_ids
    base, _ = parse_config(decoded, config.config_file, Problems(str(config.config_file)))
    folder = base.incidents_dir if is_project_folder(base.incidents_dir) else config.incidents_dir
    return folder, base.component_ids or config.component_ids


def read_base(config: SiteConfig, rev: str | None, cwd: Path | None = None) -> Snapshot:
    """The incident files at the base revision; AuditError when git cannot provide them."""
    try:
        checkout = gitrepo.locate(config.root, config.incidents_dir, allow_shallow=True)
    except GitUnavailable as err:
        raise AuditError(str(err).split(";")[0] + "; audit and summary need git") from err
    name, sha = resolve_base(checkout, rev)
    config_name = f"{sha}:{checkout.path_of(config.config_file.name)}"
    try:
        with CatFile(checkout.toplevel) as cat:
            incidents_dir, component_ids = _base_settings(config, cat.read([config_name]).get(config_name))
            prefix = checkout.path_of(incidents_dir)
            listing = gitrepo.tree(checkout, sha, prefix)
            paths = {p: s for p, s in listing.items() if p.startswith(prefix + "/") and p.endswith(".yml")}
            blobs = cat.read(paths.values())
    except GitUnavailable as err:
        raise AuditError(str(err)) from err
    files = {path: blobs[blob] for path, blob in sorted(paths.items()) if blob in blobs}
    return Snapshot(name if rev is None else rev, sha, files, checkout, prefix, component_ids, cwd)


def load_with_base(config_file: Path, now: datetime, rev: str | None,
                   cwd: Path | None = None) -> tuple[Project, Snapshot]:
    """The checked working tree and the base revision, read side by side: git streams the base in a
    second thread while this one checks the working tree. AuditError as read_base."""
    config, _ = load_config(config_file, cwd)
    with ThreadPoolExecutor(max_workers=1) as pool:
        base = pool.submit(read_base, config, rev, cwd)
        project = load_project(config_file, now, cwd)
        return project, base.result()


# -- pairing files ----------------------------------------------------------------------------------


def _repo_paths(checkout: Checkout, incidents: tuple[Incident, ...], cwd: Path | None) -> dict[str, Incident]:
    """Repository path → incident, for the working-tree incidents inside the repository."""
    here = str((cwd or Path.cwd()).resolve())
    top = str(checkout.toplevel) + os.sep
    out: dict[str, Incident] = {}
    for incident in incidents:
        absolute = os.path.normpath(os.path.join(here, incident.path))  # source.py refuses symbolic links
        if absolute.startswith(top):
            out[PurePosixPath(Path(absolute[len(top):])).as_posix()] = incident
    return out


def _inside(path: str, prefix: str) -> str | None:
    """`path` relative to the folder `prefix`, or None when it is not inside it."""
    return path[len(prefix) + 1:] if path.startswith(prefix + "/") else None


def _rename_target(old: versions.IncidentVersion, candidates: dict[str, versions.IncidentVersion]) -> str | None:
    """The new file an incident most plausibly moved to: most published updates in common, then its title."""
    published = {u.content for u in old.updates}
    best, best_score = None, 0
    for path, new in sorted(candidates.items()):
        common = sum(u.content in published for u in new.updates)
        score = common * 2 + (old.fields["title"] == new.fields["title"])
        if score > best_score:
            best, best_score = path, score
    return best


def _unchanged(checkout: Checkout, path: str, published: bytes) -> bool:
    source, _ = read_file(checkout.toplevel / path, path)
    return source is not None and source.data == published


def pair_files(project: Project, base: Snapshot, cwd: Path | None = None
               ) -> tuple[list[FilePair], dict[str, Incident], list[Problem]]:
    """Each published file with its working-tree version, the files new since the base, and the
    problems of pairing (a deleted incident, a file that now has errors, a rename)."""
    checkout = base.checkout
    work = {p: i for p, i in _repo_paths(checkout, project.incidents, cwd).items()
            if _inside(p, checkout.prefix) is not None}
    by_place = {_inside(path, checkout.prefix): path for path in work}
    places = {path: _inside(path, base.prefix) or "" for path in base.files}
    new_files = {p: i for p, i in work.items() if _inside(p, checkout.prefix) not in places.values()}
    new_versions: dict[str, versions.IncidentVersion] = {}
    pairs: list[FilePair] = []
    found: list[Problem] = []
    for path in sorted(base.files):
        place, old_id = places[path], PurePosixPath(path).stem
        target = by_place.get(place)
        if target is not None and _unchanged(checkout, target, base.files[path]):
            pairs.append(FilePair(path, old_id, target, work[target]))
            continue
        old = base.version(path)
        if old is None:
            continue                     # it could not be read then: nothing was published from it
        if target is None and (checkout.toplevel / checkout.prefix / place).is_file():
            shown = Problems(display_path(checkout.toplevel / checkout.prefix / place, cwd))
            shown.error(START, f"cannot audit this file against {base.label}: it has errors "
                        "(run statuspress check)", "audit-unreadable")
            found.extend(shown.items)
            pairs.append(FilePair(path, old_id, checkout.prefix + "/" + place, old_version=old))
            continue
        if target is None:
            for candidate, incident in new_files.items():
                new_versions.setdefault(candidate, versions.of_incident(incident))
            target = _rename_target(old, new_versions)
            if target is None:
                shown = Problems(base.display(path))
                shown.error(START, f"incident {old_id} was deleted since {base.label}; published incidents "
                            "stay on the page: resolve or correct them instead", "published-deleted")
                found.extend(shown.items)
                pairs.append(FilePair(path, old_id, old_version=old))
                continue
            new_files.pop(target)
            new_versions.pop(target)
        new = work[target]
        if new.id != old_id:
            moved = Problems(new.path, project.config.levels)
            moved.warning(START, f"renamed from {base.display(path)} since {base.label}: the incident's permanent URL "
                          f"and feed ids change from {old_id} to {new.id}", "incident-renamed")
            found.extend(moved.items)
        version = versions.of_incident(new)
        pairs.append(FilePair(path, old_id, target, new, versions.compare(old, version), old, version))
    return pairs, new_files, found


# -- comparing --------------------------------------------------------------------------------------


def _time(value: versions.When) -> str:
    return format_utc(value) if isinstance(value, datetime) else str(value)


def _value(field: str, value: versions.Value) -> str:
    if value is None:
        return "not given"
    if isinstance(value, tuple):
        return "{" + ", ".join(f"{k}: {v}" for k, v in value) + "}"
    if isinstance(value, datetime):
        return format_utc(value)
    return f"'{value}'" if field == "title" else str(value)


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _differences(pair: UpdatePair) -> str:
    """'a different time (now …) and status (was …, now …)' for the fields that changed."""
    old, new = pair.old, pair.new
    assert old is not None and new is not None
    shown = {"at": f"time (now {_time(new.at)})", "status": f"status (was {old.status}, now {new.status})",
             "message": "message",
             "components": f"components (was {_value('', old.components)}, now {_value('', new.components)})"}
    items = [shown[name] for name in pair.changed]
    return ("different " if pair.changed[0] == "components" else "a different ") + _join(items)


def _lost(old: tuple[Record, ...], new: tuple[Record, ...]) -> Record:
    """The first published record that is no longer where it was, as it was."""
    return next(r for i, r in enumerate(old) if i >= len(new) or new[i] != r)


def _check_updates(comparison: Comparison, marks: Marks, problems: Problems, label: str) -> None:
    latest = -1
    for pair in comparison.updates:
        old, new = pair.old, pair.new
        if old is None:
            continue
        n, at = old.index + 1, _time(old.at)
        if new is None:
            problems.error(marks.at("updates", "key"),
                           f"published update {n} ({at}, {old.status}) was deleted since {label}; "
                           "published updates are append-only: restore it (corrected: explains a change)",
                               "published-deleted")
            continue
        if not pair.kept:
            lost = _lost(old.records, new.records)
            problems.error(marks.at("updates", new.index, "corrected", "key"),
                           f"published update {n} ({at}): its correction of {_time(lost.at)} was changed or "
                           f"removed since {label}; published corrections are append-only: restore it",
                           "published-changed")
        if pair.changed and not pair.added:
            problems.error(marks.at("updates", new.index, pair.changed[0]),
                           f"published update {n} ({at}) has {_differences(pair)} than at {label}; "
                           f"{AGAIN_HINT if old.records else CORRECT_HINT}", "published-changed")
        if pair.change is Change.UNCHANGED and pair.added:
            problems.warning(marks.at("updates", new.index, "corrected", len(old.records)),
                             f"published update {n} ({at}) has a new correction but did not change since "
                             f"{label}; {NEEDLESS}", "needless-correction")
        if new.index < latest and pair.change is not Change.CORRECTED:
            problems.error(marks.at("updates", new.index, "at"),
                           f"published update {n} ({at}) moved from position {n} to {new.index + 1} since "
                           f"{label}; published updates keep their order", "published-changed")
        latest = max(latest, new.index)
    for pair in comparison.updates:
        if pair.old is None and pair.new is not None and pair.new.index < latest:
            problems.error(marks.at("updates", pair.new.index, "at"),
                           f"update {pair.new.index + 1} ({_time(pair.new.at)}) is new since {label} but comes "
                           "before published updates; new updates go at the end of the list", "update-inserted")


def _check_fields(comparison: Comparison, records: tuple[Record, ...], old_records: tuple[Record, ...],
                  marks: Marks, problems: Problems, label: str) -> None:
    if not comparison.kept:
        lost = _lost(old_records, records)
        problems.error(marks.at("corrections", "key"),
                       f"the correction of {lost.field} at {_time(lost.at)} was changed or removed since "
                       f"{label}; published corrections are append-only: restore it", "published-changed")
    for pair in comparison.fields:
        if pair.change is Change.REWRITTEN:
            problems.error(marks.at(pair.field),
                           f"{pair.field} changed since {label} (was {_value(pair.field, pair.old)}, now "
                           f"{_value(pair.field, pair.new)}); {FIELD_HINT.format(field=pair.field)}",
                           "published-changed")
    changes = {f.field: f.change for f in comparison.fields}
    for record in comparison.needless():
        why = ("was given its first value, which needs no correction"
               if changes.get(record.field) is Change.APPENDED else "did not change")
        problems.warning(marks.at("corrections", records.index(record)),
                         f"a correction of {record.field} was added since {label}, but {record.field} {why}; "
                         f"{NEEDLESS}", "needless-correction")


def compare(pair: FilePair, marks: Marks, problems: Problems, label: str) -> None:
    """Every way the working tree departs from what the base published, at working-tree positions."""
    assert pair.comparison is not None and pair.old_version is not None and pair.new_version is not None
    _check_updates(pair.comparison, marks, problems, label)
    _check_fields(pair.comparison, pair.new_version.records, pair.old_version.records, marks, problems, label)


def run_audit(project: Project, base: Snapshot, cwd: Path | None = None) -> AuditResult:
    """Compare what the base published with the checked working tree."""
    with collector.paused():
        pairs, new_files, found = pair_files(project, base, cwd)
    for pair in pairs:
        if pair.new is None or pair.comparison is None:
            continue
        problems = Problems(pair.new.path, project.config.levels)
        compare(pair, project.marks[pair.new.id], problems, base.label)
        found.extend(problems.items)
    return AuditResult(base, tuple(sort_problems(found)), len(pairs), tuple(pairs), new_files)


def summary_line(result: AuditResult) -> str:
    errors = len(result.errors)
    warnings = len(result.problems) - errors
    noun = "file" if result.files_audited == 1 else "files"
    head = f"audited {result.files_audited} published {noun} against {result.base.label}"
    if not result.problems:
        return head + ": no violations"
    return f"{head}: {errors} violation{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"


__all__ = ["AuditError", "AuditResult", "FilePair", "Snapshot", "compare", "load_with_base", "pair_files", "read_base",
           "resolve_base", "run_audit", "summary_line"]
