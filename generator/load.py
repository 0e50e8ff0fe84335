"""The front door used by the CLI and the mkdocs plugin: config + incident files → a checked Project."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from . import collector
from .config import SiteConfig, is_project_folder, load_config
from .model import Incident
from .problems import START, Problem, Problems, sort_problems
from .readings import Readings
from .rules.base import Marks
from .rules.review import draft_overdue
from .source import SeenFiles, find_links, read_sources
from .validate import finish

if TYPE_CHECKING:
    from .cache import Cache


@dataclass(frozen=True)
class Project:
    config: SiteConfig
    incidents: tuple[Incident, ...]     # sorted by id; only files without errors
    problems: tuple[Problem, ...]       # sorted; errors and warnings
    marks: dict[str, Marks]             # positions by incident id, for later checks (audit)
    files_checked: int = 0
    files_read: int = 0                 # of those, read anew rather than taken from the cache (readings.py)
    # incident id → a digest of everything its incident was read from (the readings.py key): equal digests,
    # equal incidents. Only with a cache; derive/kept.py finds a cache file's views by it.
    read_from: dict[str, bytes] = field(default_factory=dict)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]


def load_project(config_file: Path, now: datetime, cwd: Path | None = None, cache: Cache | None = None) -> Project:
    """Read and check everything; never raises for bad input: problems come back as values.

    `cache`: reuse the readings of the files unchanged since a load that stored them there, and store
    this load's (readings.py). The Project is the same with or without it. The readings are given to the
    cache whatever the files' problems (each file's is its own, so in `serve` after a fix only the fixed
    file is read again); `build --incremental` saves the cache to disk only after a build that succeeded."""
    config, problems = load_config(config_file, cwd)
    if is_project_folder(config.incidents_dir):   # else load_config has said why, at its line in mkdocs.yml
        sources, source_problems = read_sources(config.root, config.incidents_dir, cwd, _seen_files(cache))
        problems.extend(source_problems)
    else:
        sources = []
    problems.extend(find_links(config.root, config.docs_dir, cwd))
    incidents: list[Incident] = []
    marks: dict[str, Marks] = {}
    read_from: dict[str, bytes] = {}
    first_path: dict[str, str] = {}
    with collector.paused():
        readings = Readings(cache, config.component_ids, config.levels)
        results = [(source, finish(readings.of(source), now)) for source in sources]
    for source, result in results:
        problems.extend(result.problems.items)
        stem = source.path.stem
        if stem in first_path:
            dup = Problems(source.display)
            dup.error(START, f"incident id {stem!r} is already used by {first_path[stem]}", "duplicate-id")
            problems.extend(dup.items)
            continue
        first_path[stem] = source.display
        if result.incident is not None:
            incidents.append(result.incident)
            marks[stem] = result.marks
            if source.display in readings.keys:
                read_from[stem] = readings.keys[source.display]
    incidents.sort(key=lambda i: i.id)
    readings.keep()
    return Project(config, tuple(incidents), tuple(sort_problems(problems)), marks, len(sources), readings.read,
                   read_from)


def _seen_files(cache: Cache | None) -> SeenFiles | None:
    """serve's memory of the incident files it read (source.SeenFiles); none for a cache folder."""
    if cache is None or cache.memory is None:
        return None
    seen = cache.memory.get(SEEN_FILES)
    if not isinstance(seen, SeenFiles):
        seen = cache.memory[SEEN_FILES] = SeenFiles()
    return seen


SEEN_FILES = "seen-files"


def with_deadlines(project: Project, now: datetime) -> Project:
    """The project with the process deadlines that `--strict` holds it to, as warnings: a draft review
    still unpublished `review_due` after its incident was resolved. Plain `check` leaves them out: a
    late draft is the team's business, not a fault in the files, and the files stay clean on any day."""
    late: list[Problem] = []
    for incident in project.incidents:
        found = Problems(incident.path, project.config.levels)
        draft_overdue(incident, project.marks[incident.id], found, now, project.config.disclosure.review_due)
        late += found.items
    if not late:
        return project
    return replace(project, problems=tuple(sort_problems([*project.problems, *late])))
