"""The one pipeline from a checked project to what a build shows: history → audience → derive → render.

Every caller goes through here with the build time as a value: `statuspress build` and `serve` (through
build.py and the mkdocs plugin), plain `mkdocs build` (the plugin, on the clock), `export`, the golden
tests and the benchmarks. Loading and checking stay in load.py (`load_project`), whose problems the
caller reports; `run` refuses a project with errors.

    project ─ read_history (git; a second process for large sites) ─┐
        └─ redact.for_audience ─ derive_site ─ render_files, site_pages ┴─ provenance_for ─ Output

What comes out is everything statuspress renders without the theme: the derived Site, the list of
generated pages (each with its body template and values) and the files (feeds, calendar, API, badges).
The mkdocs plugin frames each page with the theme.

`statuspress build` runs the pipeline itself, then runs mkdocs inside `handing_over(output)`: the plugin
takes that Output (build time included, as `output.site.now`) instead of loading the project again. Plain
`mkdocs build` and `mkdocs serve` find nothing handed over and run the pipeline on the clock.
"""

from __future__ import annotations

import contextlib
import multiprocessing
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from . import collector
from .derive import Site, derive_site
from .derive.kept import KeptViews
from .load import Project
from .model import Audience
from .redact import for_audience, provenance_for
from .render import audit_pages
from .render.outputs import render_files
from .render.pages import Page, site_pages
from .render.reuse import Memo, Reuse

if TYPE_CHECKING:
    from .forked import InChild
    from .history import Found, Provenance
    from .history_cache import KeptHistory

# From this many incidents on, git history is read in a second process while this one derives and
# renders (about 2 s saved at 3000 incidents on two cores); below it, a new process costs more than
# it saves.
HISTORY_IN_PARALLEL_FROM = 300


class ProjectHasErrors(ValueError):
    """`run` was given a project whose files have errors: report them (load.py) before building."""


@dataclass(frozen=True)
class Output:
    """What one build of one audience shows, short of the theme's frame around each page."""

    site: Site                           # site.now is the build time, site.config.audience the audience
    pages: tuple[Page, ...]              # in a fixed order: the builders' (render/pages.py), then the audit log
    files: dict[str, bytes]              # site-relative path → bytes, sorted by path
    provenance: Provenance | None        # what this audience may see of git; None when nothing
    history_warning: str | None = None   # why there is no audit trail (outside git, shallow clone)


def derive(project: Project, now: datetime, audience: Audience = Audience.PUBLIC) -> Site:
    """The Site `audience` may see at `now`: the incidents narrowed by redact.py, then derived."""
    _refuse_errors(project)
    config, incidents = for_audience(project.config, project.incidents, audience)
    return derive_site(config, incidents, now)


def run(project: Project, now: datetime, audience: Audience = Audience.PUBLIC, *, history: bool = True,
        reuse: Reuse | None = None, kept: KeptHistory | None = None, views: KeptViews | None = None) -> Output:
    """Everything one build shows. `history=False` leaves git out (no audit trail, no warning). `reuse`:
    outputs of an earlier build to reuse where their inputs are unchanged (render/reuse.py). `kept`:
    reuse what an earlier read of git history found, and keep what this one found (history_cache.py).
    `views`: the public versions and views of the incidents the last build made, in memory (serve:
    derive/kept.py)."""
    _refuse_errors(project)
    with collector.paused():   # the walks over every live object grew faster than N (collector.py)
        reading = _read_history(project, kept) if history else None   # imports git: many objects
        if views is not None:
            views.start(project.read_from)
        config, incidents = for_audience(project.config, project.incidents, audience, views)
        site = derive_site(config, incidents, now, views)
        pages = site_pages(site)
        files = render_files(site, Memo(site, None, reuse))
    if reading is None:
        return Output(site, tuple(pages), files, None)
    with collector.paused():   # a second process's result is unpickled meanwhile: many objects at once
        everything, found = reading.result()
    if kept is not None:
        kept.found = found
    provenance = provenance_for(everything, config, (incident.id for incident in incidents))
    if provenance is not None:
        pages.extend(audit_pages.pages(site, provenance))
    return Output(site, tuple(pages), files, provenance, everything.warning)


@dataclass(frozen=True)
class Handover:
    """What `statuspress build` gives the mkdocs plugin for one mkdocs run."""

    output: Output
    progress: Callable[[int, int], None] | None = None   # told (done, total) as pages are rendered
    reuse: Reuse | None = None   # page bodies of an earlier build to reuse (render/reuse.py)


_HANDED_OVER: ContextVar[Handover | None] = ContextVar("statuspress_handover", default=None)


@contextlib.contextmanager
def handing_over(output: Output, progress: Callable[[int, int], None] | None = None,
                 reuse: Reuse | None = None) -> Iterator[None]:
    """Within this block, the mkdocs plugin builds `output` (see `handed_over`)."""
    token = _HANDED_OVER.set(Handover(output, progress, reuse))
    try:
        yield
    finally:
        _HANDED_OVER.reset(token)


def handed_over() -> Handover | None:
    """The Output a caller of mkdocs prepared for this build, or None for plain `mkdocs build`/`serve`."""
    return _HANDED_OVER.get()


def _refuse_errors(project: Project) -> None:
    if project.errors:
        raise ProjectHasErrors(f"{len(project.errors)} error(s) in the incident files; report them first")


def _read_history(project: Project, kept: KeptHistory | None) -> HistoryReading:
    """Provenance from git, read in another process for large sites (see HISTORY_IN_PARALLEL_FROM) unless a
    warm cache in memory (serve) leaves little to read: starting a process and sending it what is known
    then costs more. With a cache folder (build --incremental), a forked process reads the cache's history
    itself and gives back what the next read can reuse already pickled (history_cache.py), where it can
    fork (forked.py)."""
    from . import forked
    from .history import read_history_reusing  # git: only when a build asks for history

    root, folder = project.config.root, project.config.incidents_dir
    if len(project.incidents) >= HISTORY_IN_PARALLEL_FROM and kept is not None and kept.in_folder \
            and forked.can_fork():
        return _ForkedReading(forked.InChild(partial(kept.read_and_keep, root, folder)), kept, root, folder)
    args = (root, folder, kept.known if kept is not None else None)
    warm = kept is not None and bool(kept.known.records)   # then only new commits and blobs are read
    if len(project.incidents) < HISTORY_IN_PARALLEL_FROM or warm:
        done: Future[tuple[Provenance, Found | None]] = Future()
        done.set_result(read_history_reusing(*args))
        return done
    # spawn, not fork: `serve` runs threads, and forking a threaded process can deadlock.
    pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"))
    future = pool.submit(read_history_reusing, *args)
    pool.shutdown(wait=False)
    return future


class HistoryReading(Protocol):
    def result(self) -> tuple[Provenance, Found | None]: ...


@dataclass(frozen=True)
class _ForkedReading:
    """A read in a forked process: the provenance comes back first; what the next read can reuse comes to
    `kept` when it saves, as the child pickled it meanwhile. A child that died before the provenance
    (killed) is replaced by the same read in this process; one that died after it leaves nothing to keep."""

    child: InChild[Provenance | bytes | None]
    kept: KeptHistory
    root: Path
    incidents_dir: str

    def result(self) -> tuple[Provenance, Found | None]:
        from .forked import ChildFailed

        try:
            provenance = self.child.next()
        except ChildFailed:
            here = self.kept.read_and_keep(self.root, self.incidents_dir)
            provenance = next(here)
            self.kept.kept_pickled(partial(next, here))
        else:
            self.kept.kept_pickled(self._pickled)
        assert not isinstance(provenance, bytes | None)
        return provenance, None

    def _pickled(self) -> bytes | None:
        from .forked import ChildFailed

        try:
            data = self.child.next()
        except ChildFailed:
            return None
        self.child.end()
        assert data is None or isinstance(data, bytes)
        return data
