"""Issue 10, done-means: the XSS vector list in every free-text field, and nothing is live anywhere.

Two real `statuspress build`s put every vector of tests/security/hostile.py into every free-text field
of an incident file (title, message, tag, correction reason, roles, every review section and list
item, timeline text, action item title, owner and priority, authors; the link gets LINK_VECTORS), of
maintenance windows, and into component names, groups and descriptions and the site name in
mkdocs.yml. Every published file is then parsed as its format (tests/security/outputs.py): HTML pages,
the search index, Atom/RSS/JSON feeds and the HTML inside them, the JSON API, the calendar, the SVG
badges and the sitemap. Then Hypothesis mixes vectors with arbitrary text, field by field, through
load → derive → render at the function level (page bodies, search entries, what the theme prints of
titles and descriptions, feeds, API, calendar, badges).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.cli import main
from generator.derive import derive_site
from generator.history import ChangeEntry, CommitInfo, Provenance, UpdateProvenance
from generator.model import Component, SiteConfig
from generator.render import audit_pages, search, theme
from generator.render.outputs import render_files
from generator.render.pages import environment, render_body, site_pages
from generator.source import SourceFile
from generator.validate import validate_file
from tests.security.hostile import FIELDS, LINK_VECTORS, VECTORS, hostile_incident, hostile_maintenance
from tests.security.inert import live_html
from tests.security.outputs import live_in_file, live_in_search_index, live_in_site
from tests.security.project import AT, write_project
from tests.support.site_build import build_site

NOW = datetime.fromisoformat(AT).astimezone(UTC)
ENV = environment(None)   # compiled templates are reused across examples
FIRST_DAY = datetime(2026, 9, 1, 8, 0, tzinfo=UTC)


def vector(n: int) -> str:
    return VECTORS[n % len(VECTORS)]


def hostile_project(root: Path, mix: int) -> Path:
    """One incident per vector, every field holding a vector: with mix 0, incident i holds vector i in
    every field; otherwise field f holds vector i + mix * (f + 1), so vectors also meet each other."""
    n = len(VECTORS)
    components = [{"id": f"c{i}", "name": vector(i + mix), "group": vector(i + 2 * mix + 1),
                   "description": vector(i + 3 * mix + 2)} for i in range(n)]
    incidents = {}
    for i in range(n):
        values = {field: vector(i + mix * (f + 1)) for f, field in enumerate(FIELDS)}
        start = FIRST_DAY + timedelta(days=2 * i)
        incidents[f"{start:%Y-%m-%d}-v{i}"] = hostile_incident(
            values, LINK_VECTORS[i % len(LINK_VECTORS)], start, f"c{i}", resolved=i % 10 != 3)
    for k, offset in enumerate([-6 * 24 * 60, -3 * 24 * 60, -30, 24 * 60, 2 * 24 * 60]):  # past, running, upcoming
        window = NOW + timedelta(minutes=offset)
        incidents[f"{window:%Y-%m-%d}-window{k}"] = hostile_maintenance(
            vector(k * 7 + mix), vector(k * 7 + mix + 1), window, f"c{k}")
    channels = [(f"channel-{k}", vector(k + mix * 3 + 1)) for k in range(5)]   # names are slugs
    return write_project(root, incidents, site_name=f"Status {vector(mix * 5)}", components=components,
                         channel_text=channels)


@pytest.mark.parametrize(("mix", "audience"), [(0, "public"), (1, "public"), (0, "internal")])
def test_every_vector_in_every_field_of_a_real_build_is_inert(tmp_path: Path, mix: int, audience: str) -> None:
    """The internal build (issue 12) publishes the fields the public one leaves out (roles, owners,
    authors, the review timeline, drafts), so it is parsed too."""
    config = hostile_project(tmp_path / "project", mix)
    site = build_site(tmp_path / "site", config_file=config, at=AT, extra_args=("--audience", audience))
    parsed, problems = live_in_site(site.root)
    assert problems == []
    assert parsed > 6 * len(VECTORS)                      # pages, feeds, API, badges: everything was parsed
    home = site.read_text("")
    assert "alert(1)" in home and "onerror=alert(2)" in home   # the vectors are on the page, as text
    # Open incidents are announced in the theme's frame on every page but the home page (one status there).
    assert "sp-announce__list" in site.read_text("history/") and "sp-announce__list" not in home


def test_dangerous_links_are_refused_by_check(tmp_path: Path) -> None:
    """The one URL field: a javascript:, data: or vbscript: action item link never gets to a build."""
    values = dict.fromkeys(FIELDS, "plain")
    incidents = {f"2026-11-0{n + 1}-link{n}": hostile_incident(values, url, datetime(2026, 11, n + 1, tzinfo=UTC),
                                                                "api")
                 for n, url in enumerate(["javascript:alert(1)", " JAVASCRIPT:alert(2)", "data:text/html,x",
                                          "vbscript:msgbox(3)"])}
    config = write_project(tmp_path / "project", incidents)
    result = CliRunner().invoke(main, ["check", "--at", AT, "--config-file", str(config)], catch_exceptions=False)
    errors = [line for line in result.stdout.splitlines() if ": error: " in line]
    assert result.exit_code == 1
    assert len(errors) == 4 and all("link must start with https://, http:// or mailto:" in e for e in errors)


# ---------------------------------------------------------------------------------- with Hypothesis

_TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Co", "Cn")) | st.sampled_from(
    "<>\"'&;:/=()[]{}!#`*_\\\n\t\u202e\u2066\u200b"), max_size=12)
HOSTILE = st.one_of(
    st.sampled_from(VECTORS),
    st.builds(lambda a, v, b: f"{a}{v}{b}", _TEXT, st.sampled_from(VECTORS), _TEXT),
    st.builds(lambda v, w: f"{v} {w}", st.sampled_from(VECTORS), st.sampled_from(VECTORS)),
).filter(lambda s: s.strip() and "\r" not in s)


def _page_url(src_uri: str) -> str:
    stem = src_uri[:-3]
    if stem == "index" or stem.endswith("/index"):
        return stem[:-5]
    return stem + "/"


def _theme_frame(page: Any, site_name: str) -> str:
    """What mkdocs-material prints of a page's title and description, raw, as base.html does."""
    meta = page.theme_meta()
    name = theme.text(site_name)
    return (f'<title>{meta["title"]} - {name}</title><title>{theme.striptags(meta["title"])}</title>'
            f'<meta name="description" content="{meta.get("description", "")}">'
            f'<a title="{name}" aria-label="{meta["title"]}">{meta["title"]}</a><h1>{meta["title"]}</h1>')


def _provenance(incident_id: str, author: str, email: str, subject: str) -> Provenance:
    """Git history whose author and commit subject are hostile too: they are shown on incident pages."""
    when = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
    commit = CommitInfo("0123456789abcdef0123456789abcdef01234567", author, email, when, when, subject)
    return Provenance(files={incident_id: (commit,)}, updates={(incident_id, 0): UpdateProvenance(commit)},
                      log=(ChangeEntry(commit, incident_id, f"incidents/2026/{incident_id}.yml", "added"),))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(values=st.fixed_dictionaries({field: HOSTILE for field in FIELDS}),
       component=st.tuples(HOSTILE, HOSTILE, HOSTILE), site_name=HOSTILE, link=st.sampled_from(LINK_VECTORS),
       resolved=st.booleans(), commit=st.tuples(HOSTILE, HOSTILE, HOSTILE))
def test_hostile_text_in_any_field_renders_inert(values: dict[str, str], component: tuple[str, str, str],
                                                 site_name: str, link: str, resolved: bool,
                                                 commit: tuple[str, str, str]) -> None:
    text = hostile_incident(values, link, datetime(2026, 11, 20, 8, 0, tzinfo=UTC), "api", resolved=resolved)
    source = SourceFile(Path("/project/incidents/2026/2026-11-20-hostile.yml"), "2026-11-20-hostile.yml", text)
    result = validate_file(source, ("api",), NOW)
    assert result.incident is not None, [p.message for p in result.problems.items]
    name, group, description = component
    config = SiteConfig(root=Path("/project"), config_file=Path("/project/mkdocs.yml"), site_name=site_name,
                        site_url="https://status.example.com/", repo_url="https://git.example.com/status",
                        components=(Component("api", name, group, description),))
    site = derive_site(config, (result.incident,), NOW)

    problems: list[str] = []
    for rel, data in render_files(site).items():            # feeds, calendar, API, badges
        problems += live_in_file(rel, data)
    provenance = _provenance(result.incident.id, *commit)
    index: list[dict[str, str]] = []
    for page in [*site_pages(site), *audit_pages.pages(site, provenance)]:
        body = render_body(ENV, page, site, _page_url(page.src_uri), provenance)
        problems += live_html(body, page.src_uri, fragment=True)
        problems += live_html(_theme_frame(page, site_name), f"{page.src_uri} theme frame", fragment=True)
        if page.search:
            index += search.entries(_page_url(page.src_uri), page.title, body)
    problems += live_in_search_index("search index", json.dumps({"docs": index}).encode())
    assert problems == []

