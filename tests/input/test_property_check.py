"""Issue 10, "done means": 10,000 generated and mutated incident files through check, derive and render.

Every file goes through `check`'s Python API (validate_file) and must come back as problems, never as
an exception, each problem at a real 1-based line and column of the file. Every file without errors
then goes through derive_site, every output file (feeds, API, calendar, badges, charts) and every page
body, and the edit commands (update, review) on a copy in a temporary project. The examples are drawn
with a fixed seed, so a run is repeatable; STATUSPRESS_PROPERTY_SCALE=10 draws ten times as many (and
STATUSPRESS_PROPERTY_RANDOM=1 a fresh seed) when hunting for new crashes.
"""

from __future__ import annotations

import os
import re
import tempfile
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.authoring.files import EditRefused
from generator.authoring.review import scaffold_review
from generator.authoring.text import NewUpdate
from generator.authoring.update import append_update
from generator.config import load_config
from generator.derive import derive_site
from generator.model import Incident
from generator.problems import Problem
from generator.render import search
from generator.render.outputs import render_files
from generator.render.pages import environment, render_body, site_pages
from generator.source import SourceFile
from generator.validate import validate_file

from .incident_strategies import NOW, REPO_ROOT, mutated, seed_files, valid_files

SCALE = int(os.environ.get("STATUSPRESS_PROPERTY_SCALE", "1"))
FILES_A_SITE = 3
# 8,100 mutated files and 650 sites of 3 generated files: 10,050 files a run.
MUTATED, GENERATED = 8100 * SCALE, 650 * SCALE
CONFIG, _ = load_config(REPO_ROOT / "mkdocs.yml")
ENV = environment(REPO_ROOT / "overrides")
SEEDS = seed_files()
_BREAKS = re.compile(r"\r\n|\r|\n")


def _settings(examples: int) -> settings:
    return settings(max_examples=examples, deadline=None, database=None,
                    derandomize=os.environ.get("STATUSPRESS_PROPERTY_RANDOM") != "1",
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                           HealthCheck.filter_too_much])


def _check(stem: str, text: str) -> tuple[Incident | None, list[Problem]]:
    """validate_file as `check` calls it for incidents/<year>/<stem>.yml, the BOM removed as source.py does."""
    text = text.removeprefix("\ufeff")
    path = Path(f"/project/incidents/{stem[:4] or '0000'}/{stem or 'x'}.yml")
    result = validate_file(SourceFile(path, "f.yml", text), CONFIG.component_ids, NOW)
    lines = _BREAKS.split(text)
    for p in result.problems.items:
        assert p.line >= 1 and p.col >= 1, p
        assert p.line <= len(lines), (p, len(lines))
        assert p.col <= len(lines[p.line - 1]) + 1, (p, lines[p.line - 1])
    return result.incident, result.problems.items


def _derive_and_render(*incidents: Incident) -> None:
    """The whole site of these incidents: derive, every output file, every page body, its search entries.
    Only the components they name are configured (each costs a 90-day uptime bar on several pages)."""
    used = {c for i in incidents for c in i.components} | {c for i in incidents for u in i.updates
                                                           for c in u.components}
    config = replace(CONFIG, components=tuple(c for c in CONFIG.components if c.id in used) or CONFIG.components[:1])
    site = derive_site(config, tuple(sorted(incidents, key=lambda i: i.id)), NOW)
    files = render_files(site)
    assert files
    for page in site_pages(site):
        url = page.src_uri.removesuffix(".md").removesuffix("index") + ("" if page.src_uri.endswith("index.md")
                                                                         else "/")
        body = render_body(ENV, page, site, url)
        if page.search:
            search.entries(url, page.title, body)


def _edit(stem: str, text: str, incident: Incident) -> None:
    """`update` (or `review` of a resolved incident) on the file in a temporary project: done or refused."""
    with tempfile.TemporaryDirectory() as tmp:
        config = replace(CONFIG, root=Path(tmp), config_file=Path(tmp) / "mkdocs.yml")
        path = Path(tmp) / "incidents" / stem[:4] / f"{stem}.yml"
        path.parent.mkdir(parents=True)
        path.write_text(text, encoding="utf-8")
        try:
            if incident.review is None and not incident.is_maintenance and incident.updates and \
                    incident.updates[-1].status == "resolved":
                scaffold_review(config, path, NOW, cwd=Path(tmp))
            else:
                append_update(config, path, NewUpdate(NOW, "verifying" if incident.is_maintenance else "monitoring",
                                                      "Watching."), NOW, cwd=Path(tmp))
        except EditRefused as refused:
            assert refused.problems and all(p.line >= 1 and p.col >= 1 for p in refused.problems)
            assert path.read_text(encoding="utf-8") == text


@_settings(GENERATED)
@given(st.lists(valid_files(), min_size=FILES_A_SITE, max_size=FILES_A_SITE), st.integers(0, 9))
def test_generated_files_pass_check_derive_render_and_edit(files: list[tuple[str, str]], edit: int) -> None:
    """Three generated files a site: they must pass check, and derive and render together."""
    incidents = []
    for n, (stem, text) in enumerate(files):
        incident, problems = _check(f"{stem}-{n}", text)
        assert incident is not None, [f"{p.line}:{p.col}: {p.message}" for p in problems if p.is_error]
        incidents.append(incident)
    _derive_and_render(*incidents)
    if edit == 0:
        _edit(f"{files[0][0]}-0", files[0][1], incidents[0])


@_settings(MUTATED)
@given(mutated(SEEDS))
def test_mutated_files_never_crash_check_derive_or_render(file: tuple[str, str]) -> None:
    stem, text = file
    incident, _ = _check(stem, text)
    if incident is not None:
        _derive_and_render(incident)


@pytest.mark.parametrize(("stem", "text"), SEEDS, ids=[s for s, _ in SEEDS])
def test_every_seed_file_as_it_is(stem: str, text: str) -> None:
    incident, _ = _check(stem, text)
    if incident is not None:
        _derive_and_render(incident)
