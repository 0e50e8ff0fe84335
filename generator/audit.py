"""Check that updates published at a base revision are still in the working tree, unchanged or corrected.

Read-only: the base is read with `git rev-parse`, `git merge-base`, `git ls-tree` and one
`git cat-file --batch`; none of them touches the index, the working tree or any ref.

The base defaults to the merge-base of HEAD with the default branch: the first of
``origin/HEAD``, ``origin/main``, ``origin/master``, ``main``, ``master`` that exists. On the
default branch itself that is HEAD, so the audit then covers uncommitted changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from . import schema
from .clock import format_utc
from .history import Checkout, GitUnavailable, locate, parse_ls_tree, read_blobs, run_git
from .load import Project
from .model import Incident, Kind, Update
from .problems import START, Problem, Problems, sort_problems
from .reader import Reader
from .rules.base import Marks
from .source import display_path
from .validate import build_incident
from .yamlload import MappingNode, ScalarNode, compose

DEFAULT_BRANCHES = ("origin/HEAD", "origin/main", "origin/master", "main", "master")
CORRECT_HINT = "restore it, or explain the change with corrected: {at: ..., reason: ...}"


class AuditError(Exception):
    """The audit cannot run (no repository, unknown revision); a usage problem, not a violation."""


@dataclass(frozen=True)
class Snapshot:
    """The incident files at the base revision."""

    rev: str                             # as the user named it
    sha: str
    incidents: dict[str, Incident]       # repository path → incident (read leniently)
    checkout: Checkout

    @property
    def label(self) -> str:
        short = self.sha[:7]
        return short if self.sha.startswith(self.rev) else f"{self.rev} ({short})"


@dataclass(frozen=True)
class AuditResult:
    base: Snapshot
    problems: tuple[Problem, ...]
    files_audited: int

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


def read_base(project: Project, rev: str | None, cwd: Path | None = None) -> Snapshot:
    """The incident files at the base revision; AuditError when git cannot provide them."""
    config = project.config
    try:
        checkout = locate(config.root, config.incidents_dir, allow_shallow=True)
    except GitUnavailable as err:
        raise AuditError(str(err).split(";")[0] + "; audit and summary need git") from err
    name, sha = resolve_base(checkout, rev)
    try:
        listing = parse_ls_tree(run_git(checkout.repo, "ls_tree", "-r", "-z", sha, "--", checkout.prefix))
        paths = {p: s for p, s in listing.items()
                 if p.startswith(checkout.prefix + "/") and p.endswith(".yml")}
        blobs = read_blobs(checkout.toplevel, paths.values())
    except GitUnavailable as err:
        raise AuditError(str(err)) from err
    incidents: dict[str, Incident] = {}
    for path, blob in sorted(paths.items()):
        try:
            text = blobs.get(blob, b"").decode("utf-8").removeprefix("\ufeff")
        except UnicodeDecodeError:
            continue
        display = display_path(checkout.toplevel / path, cwd)
        incident = read_incident(PurePosixPath(path).stem, display, text, config.component_ids)
        if incident is not None:
            incidents[path] = incident
    return Snapshot(name if rev is None else rev, sha, incidents, checkout)


# -- comparing --------------------------------------------------------------------------------------


def _same(a: Update, b: Update) -> bool:
    return (a.at, a.status, a.message) == (b.at, b.status, b.message)


def align(base: tuple[Update, ...], work: tuple[Update, ...]) -> list[tuple[Update, Update | None]]:
    """Pair each published update with its working-tree version, or None when it is gone.

    Unchanged updates pair first, wherever they are; then a changed one pairs with an update at the
    same time, else one with the same message, else the one at its old position, else the next
    unpaired update that carries a correction."""
    pairs: dict[int, Update | None] = {}
    free = list(work)

    def take(b: Update, test: object) -> bool:
        for w in free:
            if test(w):  # type: ignore[operator]
                pairs[b.index] = w
                free.remove(w)
                return True
        return False

    for b in base:
        take(b, lambda w, b=b: _same(w, b))
    tests = (lambda w, b: w.at == b.at, lambda w, b: w.message == b.message, lambda w, b: w.index == b.index,
             lambda w, b: w.corrected is not None)
    for test in tests:
        for b in base:
            if b.index not in pairs:
                take(b, lambda w, b=b, test=test: test(w, b))
    return [(b, pairs.get(b.index)) for b in base]


def _changes(old: Update, new: Update) -> list[tuple[str, str]]:
    """(field, description) for each of at/status/message that differs."""
    out = []
    if old.at != new.at:
        out.append(("at", f"time (now {format_utc(new.at)})"))
    if old.status != new.status:
        out.append(("status", f"status (was {old.status}, now {new.status})"))
    if old.message != new.message:
        out.append(("message", "message"))
    return out


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def compare(base: Incident, work: Incident, marks: Marks, problems: Problems, label: str) -> None:
    """Every way `work` departs from the updates `base` published, as errors at working-tree positions."""
    paired = align(base.updates, work.updates)
    latest = -1
    for old, new in paired:
        n = old.index + 1
        if new is None:
            problems.error(marks.at("updates", "key"),
                           f"published update {n} ({format_utc(old.at)}, {old.status}) was deleted since {label}; "
                           "published updates are append-only: restore it (corrected: explains a change)")
            continue
        changes = _changes(old, new)
        if changes and new.corrected is None:
            problems.error(marks.at("updates", new.index, changes[0][0]),
                           f"published update {n} ({format_utc(old.at)}) has a different "
                           f"{_join([d for _, d in changes])} than at {label}; {CORRECT_HINT}")
        if new.index < latest and new.corrected is None:
            problems.error(marks.at("updates", new.index, "at"),
                           f"published update {n} ({format_utc(old.at)}) moved from position {n} to "
                           f"{new.index + 1} since {label}; published updates keep their order")
        latest = max(latest, new.index)
    kept = {id(new) for _, new in paired if new is not None}
    for new in work.updates:
        if id(new) not in kept and new.index < latest and new.corrected is None:
            problems.error(marks.at("updates", new.index, "at"),
                           f"update {new.index + 1} ({format_utc(new.at)}) is new since {label} but comes before "
                           "published updates; new updates go at the end of the list")


def _repo_path(checkout: Checkout, path: str, cwd: Path | None) -> str | None:
    absolute = ((cwd or Path.cwd()) / path).resolve()
    try:
        return absolute.relative_to(checkout.toplevel).as_posix()
    except ValueError:
        return None


def _rename_target(old: Incident, candidates: dict[str, Incident]) -> str | None:
    """The new file an incident most plausibly moved to: most published updates in common, then its title."""
    best, best_score = None, 0
    for path, new in sorted(candidates.items()):
        score = sum(any(_same(o, n) for n in new.updates) for o in old.updates) * 2 + (old.title == new.title)
        if score > best_score:
            best, best_score = path, score
    return best


def run_audit(project: Project, base: Snapshot, cwd: Path | None = None) -> AuditResult:
    """Compare the base's published updates with the checked working tree."""
    checkout = base.checkout
    work: dict[str, Incident] = {}
    for incident in project.incidents:
        repo_path = _repo_path(checkout, incident.path, cwd)
        if repo_path is not None:
            work[repo_path] = incident
    new_files = {p: i for p, i in work.items() if p not in base.incidents}
    found: list[Problem] = []
    for path, old in base.incidents.items():
        target = path if path in work else None
        if target is None and (checkout.toplevel / path).is_file():
            shown = Problems(display_path(checkout.toplevel / path, cwd))
            shown.error(START, f"cannot audit this file against {base.label}: it has errors "
                        "(run statuspress check)")
            found.extend(shown.items)
            continue
        if target is None:
            target = _rename_target(old, new_files)
            if target is None:
                shown = Problems(old.path)
                shown.error(START, f"incident {old.id} was deleted since {base.label}; published incidents "
                            "stay on the page: resolve or correct them instead")
                found.extend(shown.items)
                continue
            new_files.pop(target)
            moved = Problems(work[target].path)
            moved.warning(START, f"renamed from {old.path} since {base.label}: the incident's permanent URL "
                          f"and feed ids change from {old.id} to {work[target].id}")
            found.extend(moved.items)
        incident = work[target]
        problems = Problems(incident.path)
        compare(old, incident, project.marks[incident.id], problems, base.label)
        found.extend(problems.items)
    return AuditResult(base, tuple(sort_problems(found)), len(base.incidents))


def summary_line(result: AuditResult) -> str:
    errors = len(result.errors)
    warnings = len(result.problems) - errors
    noun = "file" if result.files_audited == 1 else "files"
    head = f"audited {result.files_audited} published {noun} against {result.base.label}"
    if not result.problems:
        return head + ": no violations"
    return f"{head}: {errors} violation{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"


__all__ = ["AuditError", "AuditResult", "Snapshot", "align", "compare", "read_base", "read_incident",
           "resolve_base", "run_audit", "summary_line"]
