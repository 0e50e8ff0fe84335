"""The built status site as files, without a browser: determinism, atomicity, sub-path hosting, no
third-party assets, the 404 page, a linear sidebar nav, paginated history, and plain `mkdocs build`."""

from __future__ import annotations

import hashlib
import html
import html.parser
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.support.paths import EXAMPLE_CONFIG
from tests.support.site_build import BuildFailed, BuiltSite, build_site

REPO = EXAMPLE_CONFIG.parent


def snapshot(root: Path) -> dict[str, str]:
    """Every file under `root` (relative path → sha256 of its bytes)."""
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def copy_project(dest: Path) -> Path:
    """A private copy of the example project (mkdocs.yml, incidents/, overrides/, pages/)."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy2(REPO / "mkdocs.yml", dest / "mkdocs.yml")
    for folder in ("incidents", "overrides", "pages"):
        if (REPO / folder).is_dir():
            shutil.copytree(REPO / folder, dest / folder)
        else:
            (dest / folder).mkdir()
    return dest / "mkdocs.yml"


class Links(html.parser.HTMLParser):
    """(tag, attribute, value, rel) of every href/src in a page, and the sidebar nav's links."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, str, str, str]] = []
        self.primary_nav: list[str] = []
        self._nav_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "nav" and "md-nav--primary" in a.get("class", "").split():
            self._nav_depth = 1
        elif tag == "nav" and self._nav_depth:
            self._nav_depth += 1
        for attr in ("href", "src"):
            if attr in a:
                self.links.append((tag, attr, a[attr], a.get("rel", "")))
                if tag == "a" and attr == "href" and self._nav_depth:
                    self.primary_nav.append(a[attr])

    def handle_endtag(self, tag: str) -> None:
        if tag == "nav" and self._nav_depth:
            self._nav_depth -= 1


def parse(path: Path) -> Links:
    parser = Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


# ------------------------------------------------------------------------------------ determinism


def test_two_builds_at_the_same_time_are_byte_identical(built_site: BuiltSite, tmp_path: Path) -> None:
    again = build_site(tmp_path / "again")
    first, second = snapshot(built_site.root), snapshot(again.root)
    assert sorted(first) == sorted(second)
    differing = [path for path in first if first[path] != second[path]]
    assert not differing, f"{len(differing)} files differ between two builds, e.g. {differing[:10]}"


def test_a_different_build_time_changes_the_pages(built_site: BuiltSite, tmp_path: Path) -> None:
    later = build_site(tmp_path / "later", at="2026-11-28T13:00:00Z")
    assert later.read_text("") != built_site.read_text("")


# --------------------------------------------------------------------------------------- atomicity


def test_bad_input_leaves_the_previous_site_untouched(tmp_path: Path) -> None:
    config = copy_project(tmp_path / "project")
    site = build_site(tmp_path / "site", config_file=config)
    before = snapshot(site.root)
    (config.parent / "incidents" / "2026" / "2026-11-29-broken.yml").write_text(
        "title: Broken\nimpact: enormous\nstarted_at: 2026-11-29T10:00:00Z\nupdates: []\n", encoding="utf-8")
    with pytest.raises(BuildFailed):
        build_site(tmp_path / "site", config_file=config)
    assert snapshot(site.root) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["project", "site"], "a temporary folder was left"


def test_a_failure_inside_mkdocs_leaves_the_previous_site_untouched(tmp_path: Path) -> None:
    config = copy_project(tmp_path / "project")
    site = build_site(tmp_path / "site", config_file=config)
    before = snapshot(site.root)
    # A hand-written page where statuspress generates one: the plugin refuses it in on_files,
    # after mkdocs has started writing into its (temporary) site folder.
    (config.parent / "pages" / "index.md").write_text("# Mine\n", encoding="utf-8")
    with pytest.raises(BuildFailed, match="collides"):
        build_site(tmp_path / "site", config_file=config)
    assert snapshot(site.root) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["project", "site"], "a temporary folder was left"


# ------------------------------------------------------------------------- sub-path, no third party


def test_every_internal_link_is_relative_or_under_the_site_path(built_site: BuiltSite) -> None:
    subpath = built_site.subpath
    assert subpath == "/status/"
    bad = []
    for page in built_site.html_pages:
        for tag, attr, value, _rel in parse(page).links:
            parts = urlsplit(value)
            if parts.scheme or value.startswith("//"):
                continue  # absolute URLs: checked below
            if parts.path.startswith("/") and not parts.path.startswith(subpath):
                bad.append(f"{built_site.rel(page)}: <{tag} {attr}={value!r}>")
    assert not bad, "links that break under a sub-path:\n  " + "\n  ".join(bad[:30])


def test_absolute_links_to_the_site_itself_use_site_url(built_site: BuiltSite) -> None:
    host = urlsplit(built_site.site_url).netloc
    for page in built_site.html_pages:
        for _tag, _attr, value, _rel in parse(page).links:
            parts = urlsplit(value)
            if parts.netloc == host:
                assert parts.path.startswith(built_site.subpath), f"{built_site.rel(page)}: {value}"


def test_no_script_style_font_or_image_comes_from_a_third_party(built_site: BuiltSite) -> None:
    bad = []
    for page in built_site.html_pages:
        for tag, attr, value, rel in parse(page).links:
            third_party = bool(urlsplit(value).scheme in ("http", "https") or value.startswith("//"))
            loads = attr == "src" or (tag == "link" and set(rel.split()) & {
                "stylesheet", "preconnect", "preload", "prefetch", "dns-prefetch", "modulepreload", "icon"})
            if third_party and loads:
                bad.append(f"{built_site.rel(page)}: <{tag} {attr}={value!r} rel={rel!r}>")
    assert not bad, "third-party requests at view time:\n  " + "\n  ".join(bad[:30])
    css = "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in built_site.files("**/*.css"))
    assert "fonts.googleapis.com" not in css and "fonts.gstatic.com" not in css


def test_the_theme_does_not_fetch_repository_facts(built_site: BuiltSite) -> None:
    """mkdocs-material asks api.github.com for stars and forks when the repo link is a 'source' component."""
    assert 'data-md-component="source"' not in built_site.read_text("")


# ------------------------------------------------------------------------------- pages and the nav


def test_the_404_page_exists_and_links_home(built_site: BuiltSite) -> None:
    text = built_site.read_text("404.html")
    assert "Page not found" in text
    assert 'href="/status/."' in text or 'href="/status/"' in text


def test_every_incident_and_component_has_a_page(built_site: BuiltSite, example_model) -> None:  # noqa: ANN001
    for view in example_model.incidents:
        assert built_site.path(view.url).is_file(), view.url
    for cv in example_model.components:
        assert built_site.path(cv.url).is_file(), cv.url


def test_incident_pages_are_not_in_the_sidebar_nav(built_site: BuiltSite, example_model) -> None:  # noqa: ANN001
    for rel in ("", "history/", example_model.incidents[0].url, example_model.components[0].url):
        nav = parse(built_site.path(rel)).primary_nav
        assert nav, f"{rel or 'index'}: no sidebar nav found"
        listed = [href for href in nav if "incidents/" in href or "components/" in href]
        assert not listed, f"{rel or 'index'}: incident or component pages in the nav: {listed[:5]}"


def test_history_is_paginated_with_links_both_ways(built_site: BuiltSite, example_model) -> None:  # noqa: ANN001
    months = len(example_model.months)
    pages = -(-months // 6)
    assert pages >= 2, "the example should span more than one history page"
    assert built_site.path("history/").is_file()
    for n in range(2, pages + 1):
        assert built_site.path(f"history/page-{n}/").is_file()
    assert not built_site.path(f"history/page-{pages + 1}/").exists()
    first, second = built_site.read_text("history/"), built_site.read_text("history/page-2/")
    assert 'href="page-2/"' in first and 'rel="next"' in first
    assert 'href="../"' in second and 'rel="prev"' in second
    # every incident is on exactly one history page
    listed = "".join(built_site.read_text(f"history/page-{n}/" if n > 1 else "history/") for n in range(1, pages + 1))
    for view in example_model.incidents:
        assert listed.count(f'id="incident-{view.id}"') == 1, view.id


def test_pages_work_without_javascript(built_site: BuiltSite, example_model) -> None:  # noqa: ANN001
    """The status is in the HTML itself, not filled in by a script."""
    home = built_site.read_text("")
    assert example_model.page.description in home
    for view in example_model.active:
        assert view.title in home
    for cv in example_model.components:
        assert cv.component.name in home and cv.status.label in home
    assert home.count('class="sp-day ') == len(example_model.components) * example_model.uptime_days


def test_feed_autodiscovery_links(built_site: BuiltSite, example_model) -> None:  # noqa: ANN001
    home = built_site.read_text("")
    for feed in ("feed.atom", "feed.rss", "feed.json", "history.atom"):
        assert f'href="{feed}"' in home
    for view in example_model.incidents:
        incident = built_site.read_text(view.url)
        assert f'type="application/atom+xml" title="{html.escape(view.title)} (Atom)" href="feed.atom"' in incident


# ---------------------------------------------------------------------------------- plain mkdocs


def test_plain_mkdocs_build_works(tmp_path: Path) -> None:
    config = copy_project(tmp_path / "project")
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", SOURCE_DATE_EPOCH="1795867200")
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d",
                           str(tmp_path / "out")], cwd=config.parent, env=env, capture_output=True, text=True,
                          timeout=300, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    home = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert 'class="sp-banner' in home
    public = [p.stem for p in config.parent.glob("incidents/*/*.yml") if "\ndrill: true" not in p.read_text()]
    assert public and all((tmp_path / "out" / "incidents" / stem / "index.html").is_file() for stem in public)


def test_open_incidents_are_announced_on_every_page(built_site: BuiltSite, example_model) -> None:  # noqa: ANN001
    """...but the home page, which shows them under its one status banner (issue 13, item 9)."""
    assert example_model.active, "the example has an open incident at its build time"
    titles = [v.title for v in example_model.active]
    for page in built_site.html_pages:
        text = page.read_text(encoding="utf-8")
        if "<html" not in text:
            continue  # redirect stubs and fragments
        home = built_site.rel(page) == "index.html"
        assert ('class="sp-announce"' in text) != home and all(t in text for t in titles), built_site.rel(page)


# ------------------------------------------------------------------------- a site folder that is not ours

@pytest.mark.parametrize("where", [".", "..", "incidents", "incidents/2026/site", "pages/site", "overrides"])
def test_a_site_dir_holding_or_inside_the_project_inputs_is_refused(tmp_path: Path, where: str) -> None:
    """Replacing such a folder would delete the project; nothing is touched. (mkdocs' own config check
    refuses the docs_dir cases first, in its words; ours covers the rest.)"""
    config = copy_project(tmp_path / "project")
    before = snapshot(tmp_path)
    target = (config.parent / where).resolve() if where != ".." else tmp_path
    with pytest.raises(BuildFailed, match=r"refusing to build into .*(holds|is inside)|should not be within"):
        build_site(target, config_file=config)
    assert snapshot(tmp_path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["project"], "a temporary folder was left"


def test_a_folder_that_is_not_a_previous_build_is_not_replaced(tmp_path: Path) -> None:
    config = copy_project(tmp_path / "project")
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "todo.txt").write_text("mine\n", encoding="utf-8")
    with pytest.raises(BuildFailed, match="does not look like a built site"):
        build_site(notes, config_file=config)
    assert (notes / "todo.txt").read_text(encoding="utf-8") == "mine\n"
    assert sorted(p.name for p in notes.iterdir()) == ["todo.txt"]


def test_a_previous_build_and_an_empty_folder_are_replaced(tmp_path: Path) -> None:
    """...but a file put into a previous build is not deleted with it: the build refuses (tests/output/)."""
    config = copy_project(tmp_path / "project")
    empty = tmp_path / "empty"
    empty.mkdir()
    assert (build_site(empty, config_file=config).root / "index.html").is_file()
    before = snapshot(empty)
    build_site(empty, config_file=config)
    assert snapshot(empty) == before
    (empty / "stale.html").write_text("old\n", encoding="utf-8")
    with pytest.raises(BuildFailed, match="stale.html"):
        build_site(empty, config_file=config)
    assert (empty / "stale.html").read_text(encoding="utf-8") == "old\n"


def test_a_tag_or_component_named_index_gets_its_own_page(tmp_path: Path) -> None:
    """`index` is what mkdocs calls a folder's page; such a tag or component must not take over the tag
    list or vanish."""
    config = copy_project(tmp_path / "project")
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("        - id: support\n", "        - id: index\n          name: Index service\n"
                                   "        - id: support\n", 1), encoding="utf-8")
    (config.parent / "incidents" / "2026" / "2026-11-27-index-lag.yml").write_text(
        "title: Index lag\nimpact: minor\ncomponents: {index: degraded_performance}\n"
        "started_at: 2026-11-27T08:00:00Z\ntags: [index]\nupdates:\n"
        "  - {at: 2026-11-27T08:05:00Z, status: investigating, message: Looking.}\n"
        "  - {at: 2026-11-27T09:00:00Z, status: resolved, message: Fixed.}\n", encoding="utf-8")
    site = build_site(tmp_path / "site", config_file=config)
    assert "Index lag" in site.read_text("tags/index/index.html")
    assert "Index lag" in site.read_text("components/index/index.html")
    assert 'href="index/"' in site.read_text("tags/index.html")   # the tag list still lists it


def test_the_search_index_is_the_themes_with_each_generated_page_once(built_site: BuiltSite) -> None:
    """The seam (render/search.py): mkdocs-material writes the index (its config, hand-written pages),
    statuspress adds its generated pages in on_post_build, each once."""
    index = json.loads(built_site.read_text("search/search_index.json"))
    assert set(index["config"]) == {"lang", "separator", "pipeline", "fields"}
    pages = [d["location"] for d in index["docs"] if "#" not in d["location"]]
    assert len(pages) == len(set(pages))
    assert {"reviews/", "incidents/2026-11-28-delayed-event-processing/"} <= set(pages)
