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

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path, PurePosixPath

from . import schema, versions
from .clock import format_utc
from .config import is_project_folder, parse_config
from .history import CatFile, Checkout, GitUnavailable, locate, parse_ls_tree, run_git
from .load import Project
from .model import Incident, Kind
from .problems import START, Problem, Problems, sort_problems
from .reader import Reader
from .rules.base import Marks
from .source import display_path
from .validate import build_incident
from .versions import Change, Comparison, Record, UpdatePair
from .yamlload import MappingNode, ScalarNode, compose

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
    """The incident files at the base revision."""

    rev: str                             # as the user named it
    sha: str
    incidents: dict[str, Incident]       # repository path → incident (read leniently)
    checkout: Checkout
    prefix: str = ""                     # the base's incidents folder, as a repository path

    @property
    def label(self) -> str:
        short = self.sha[:7]
        return short if self.sha.startswith(self.rev) else f"{self.rev} ({short})"


@dataclass(frozen=True)
class FilePair:
    """A published incident file and what became of it in the working tree."""

    old_path: str                        # repository path at the base
    old: Incident
    new_path: str | None = None          # repository path now; None when it is gone
    new: Incident | None = None          # None when gone, or when the file now has errors
    comparison: Comparison | None = None

    @property
    def renamed(self) -> bool:
        return self.new is not None and self.new.id != self.old.id


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


def read_incident(stem: str, display: str, text: str, component_ids: tuple[str, ...]) -> Incident | None:
    """Whatever can be read of one file version, problems ignored: the base is history, not input."""
    problems = Problems(display)
    node = compose(text, problems)
    if not isinstance(node, MappingNode):
        return None
    kind = next((str(v.value) for k, v in node.value if isinstance(k, ScalarNode) and k.value == "kind"
                 and isinstance(v, ScalarNode) and v.value in (Kind.INCIDENT.value, Kind.MAINTENANCE.value)),
                Kind.INCIDENT.value)
    reader = Reader(problems, component_ids, kind=kind)
    data = reader.read_object(node, schema.INCIDENT_FIELDS, (), "incident")
    try:
        return build_incident(stem, display, data or {})
    except (KeyError, ValueError, TypeError, AttributeError):
        return None


def _base_settings(project: Project, text: bytes | None) -> tuple[str, tuple[str, ...]]:
    """incidents_dir and component ids from the base's mkdocs.yml; today's where it has none usable."""
    config = project.config
    if text is None:
        return config.incidents_dir, config.component_ids
    try:
        decoded = text.decode("utf-8")
    except UnicodeDecodeError:
        return config.incidents_dir, config.component_ids
    base, _ = parse_config(decoded, config.config_file, Problems(str(config.config_file)))
    folder = base.incidents_dir if is_project_folder(base.incidents_dir) else config.incidents_dir
    return folder, base.component_ids or config.component_ids


def read_base(project: Project, rev: str | None, cwd: Path | None = None) -> Snapshot:
    """The incident files at the base revision; AuditError when git cannot provide them."""
    config = project.config
    try:
        checkout = locate(config.root, config.incidents_dir, allow_shallow=True)
    except GitUnavailable as err:
        raise AuditError(str(err).split(";")[0] + "; audit and summary need git") from err
    name, sha = resolve_base(checkout, rev)
    config_name = f"{sha}:{checkout.path_of(config.config_file.name)}"
    try:
        with CatFile(checkout.toplevel) as cat:
            incidents_dir, component_ids = _base_settings(project, cat.read([config_name]).get(config_name))
            prefix = checkout.path_of(incidents_dir)
            listing = parse_ls_tree(run_git(checkout.repo, "ls_tree", "-r", "-z", sha, "--", prefix))
            paths = {p: s for p, s in listing.items() if p.startswith(prefix + "/") and p.endswith(".yml")}
            blobs = cat.read(paths.values())
    except GitUnavailable as err:
        raise AuditError(str(err)) from err
    incidents: dict[str, Incident] = {}
    for path, blob in sorted(paths.items()):
        try:
            text = blobs.get(blob, b"").decode("utf-8").removeprefix("\ufeff")
        except UnicodeDecodeError:
            continue
        display = display_path(checkout.toplevel / path, cwd)
        incident = read_incident(PurePosixPath(path).stem, display, text, component_ids)
        if incident is not None:
            incidents[path] = incident
    return Snapshot(name if rev is None else rev, sha, incidents, checkout, prefix)


# -- pairing files ----------------------------------------------------------------------------------


def _repo_path(checkout: Checkout, path: str, cwd: Path | None) -> str | None:
    absolute = ((cwd or Path.cwd()) / path).resolve()
    try:
        return absolute.relative_to(checkout.toplevel).as_posix()
    except ValueError:
        return None


def _inside(path: str, prefix: str) -> str | None:
    """`path` relative to the folder `prefix`, or None when it is not inside it."""
    return path[len(prefix) + 1:] if path.startswith(prefix + "/") else None


def _rename_target(old: Incident, candidates: dict[str, Incident]) -> str | None:
    """The new file an incident most plausibly moved to: most published updates in common, then its title."""
    published = {versions.of_update(u).content for u in old.updates}
    best, best_score = None, 0
    for path, new in sorted(candidates.items()):
        common = sum(versions.of_update(u).content in published for u in new.updates)
        score = common * 2 + (old.title == new.title)
        if score > best_score:
            best, best_score = path, score
    return best


def pair_files(project: Project, base: Snapshot, cwd: Path | None = None
               ) -> tuple[list[FilePair], dict[str, Incident], list[Problem]]:
    """Each published file with its working-tree version, the files new since the base, and the
    problems of pairing (a deleted incident, a file that now has errors, a rename)."""
    checkout = base.checkout
    work: dict[str, Incident] = {}
    for incident in project.incidents:
        repo_path = _repo_path(checkout, incident.path, cwd)
        if repo_path is not None and _inside(repo_path, checkout.prefix) is not None:
            work[repo_path] = incident
    by_place = {_inside(path, checkout.prefix): path for path in work}
    places = {path: _inside(path, base.prefix) for path in base.incidents}
    new_files = {p: i for p, i in work.items() if _inside(p, checkout.prefix) not in places.values()}
    pairs: list[FilePair] = []
    found: list[Problem] = []
    for path, old in sorted(base.incidents.items()):
        place = places[path] or ""
        target = by_place.get(place)
        if target is None and (checkout.toplevel / checkout.prefix / place).is_file():
            shown = Problems(display_path(checkout.toplevel / checkout.prefix / place, cwd))
            shown.error(START, f"cannot audit this file against {base.label}: it has errors "
                        "(run statuspress check)")
            found.extend(shown.items)
            pairs.append(FilePair(path, old, checkout.prefix + "/" + place))
            continue
        if target is None:
            target = _rename_target(old, new_files)
            if target is None:
                shown = Problems(old.path)
                shown.error(START, f"incident {old.id} was deleted since {base.label}; published incidents "
                            "stay on the page: resolve or correct them instead")
                found.extend(shown.items)
                pairs.append(FilePair(path, old))
                continue
            new_files.pop(target)
        new = work[target]
        if new.id != old.id:
            moved = Problems(new.path)
            moved.warning(START, f"renamed from {old.path} since {base.label}: the incident's permanent URL "
                          f"and feed ids change from {old.id} to {new.id}")
            found.extend(moved.items)
        comparison = versions.compare(versions.of_incident(old), versions.of_incident(new))
        pairs.append(FilePair(path, old, target, new, comparison))
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
                           "published updates are append-only: restore it (corrected: explains a change)")
            continue
        if not pair.kept:
            lost = _lost(old.records, new.records)
            problems.error(marks.at("updates", new.index, "corrected", "key"),
                           f"published update {n} ({at}): its correction of {_time(lost.at)} was changed or "
                           f"removed since {label}; published corrections are append-only: restore it")
        if pair.changed and not pair.added:
            problems.error(marks.at("updates", new.index, pair.changed[0]),
                           f"published update {n} ({at}) has {_differences(pair)} than at {label}; "
                           f"{AGAIN_HINT if old.records else CORRECT_HINT}")
        if pair.change is Change.UNCHANGED and pair.added:
            problems.warning(marks.at("updates", new.index, "corrected", len(old.records)),
                             f"published update {n} ({at}) has a new correction but did not change since "
                             f"{label}; {NEEDLESS}")
        if new.index < latest and pair.change is not Change.CORRECTED:
            problems.error(marks.at("updates", new.index, "at"),
                           f"published update {n} ({at}) moved from position {n} to {new.index + 1} since "
                           f"{label}; published updates keep their order")
        latest = max(latest, new.index)
    for pair in comparison.updates:
        if pair.old is None and pair.new is not None and pair.new.index < latest:
            problems.error(marks.at("updates", pair.new.index, "at"),
                           f"update {pair.new.index + 1} ({_time(pair.new.at)}) is new since {label} but comes "
                           "before published updates; new updates go at the end of the list")


def _check_fields(comparison: Comparison, records: tuple[Record, ...], old_records: tuple[Record, ...],
                  marks: Marks, problems: Problems, label: str) -> None:
    if not comparison.kept:
        lost = _lost(old_records, records)
        problems.error(marks.at("corrections", "key"),
                       f"the correction of {lost.field} at {_time(lost.at)} was changed or removed since "
                       f"{label}; published corrections are append-only: restore it")
    for field in comparison.fields:
        if field.change is Change.REWRITTEN:
            problems.error(marks.at(field.field),
                           f"{field.field} changed since {label} (was {_value(field.field, field.old)}, now "
                           f"{_value(field.field, field.new)}); {FIELD_HINT.format(field=field.field)}")
    changes = {f.field: f.change for f in comparison.fields}
    for record in comparison.needless():
        why = ("was given its first value, which needs no correction"
               if changes.get(record.field) is Change.APPENDED else "did not change")
        problems.warning(marks.at("corrections", records.index(record)),
                         f"a correction of {record.field} was added since {label}, but {record.field} {why}; "
                         f"{NEEDLESS}")


def compare(pair: FilePair, marks: Marks, problems: Problems, label: str) -> None:
    """Every way the working tree departs from what the base published, at working-tree positions."""
    assert pair.comparison is not None and pair.new is not None
    _check_updates(pair.comparison, marks, problems, label)
    old_records = versions.of_incident(pair.old).records
    _check_fields(pair.comparison, versions.of_incident(pair.new).records, old_records, marks, problems, label)


def run_audit(project: Project, base: Snapshot, cwd: Path | None = None) -> AuditResult:
    """Compare what the base published with the checked working tree."""
    pairs, new_files, found = pair_files(project, base, cwd)
    for pair in pairs:
        if pair.new is None or pair.comparison is None:
            continue
        problems = Problems(pair.new.path)
        compare(pair, project.marks[pair.new.id], problems, base.label)
        found.extend(problems.items)
    return AuditResult(base, tuple(sort_problems(found)), len(base.incidents), tuple(pairs), new_files)


def summary_line(result: AuditResult) -> str:
    errors = len(result.errors)
    warnings = len(result.problems) - errors
    noun = "file" if result.files_audited == 1 else "files"
    head = f"audited {result.files_audited} published {noun} against {result.base.label}"
    if not result.problems:
        return head + ": no violations"
    return f"{head}: {errors} violation{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"


__all__ = ["AuditError", "AuditResult", "FilePair", "Snapshot", "compare", "pair_files", "read_base",
           "read_incident", "resolve_base", "run_audit", "summary_line"]
