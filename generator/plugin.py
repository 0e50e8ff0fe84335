"""The mkdocs plugin: a thin adapter from mkdocs events to load → redact → derive → render.

on_config loads and checks everything, so bad input stops the build before mkdocs touches site_dir,
then narrows it to the build's audience (redact.py: public unless `statuspress build --audience internal`);
on_files adds the generated pages and files; on_page_content swaps in each page's rendered body.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from datetime import datetime
from pathlib import Path
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page as MkdocsPage

from . import clock, theme_patches
from .derive import Site, derive_site
from .history import Provenance, read_history
from .load import Project, load_project
from .model import Audience
from .redact import for_audience, provenance_for
from .render import audit_pages, search, theme
from .render.outputs import render_files
from .render.pages import Page, environment, render_body, site_pages
from .render.urls import FALLBACK_SITE_URL
from .report import format_problems

log = get_plugin_logger(__name__)
ASSETS = Path(__file__).parent / "assets"
# From this many incidents on, git history is read in a second process while this one derives and
# renders (about 2 s saved at 3000 incidents on two cores); below it, a new process costs more than
# it saves.
HISTORY_IN_PARALLEL_FROM = 300
NO_INTERNAL_URL_WARNING = ("mkdocs.yml sets no audience: internal_site_url, so the internal build's feeds, "
                           f"calendar and API link to {FALLBACK_SITE_URL} (the preview address)")
DEFAULT_NAV = (("Status", "index.md"), ("History", "history/index.md"), ("Reviews", "reviews/index.md"),
               ("Metrics", "metrics.md"), ("Subscribe", "subscribe.md"))


class StatuspressConfig(base.Config):
    """Settings under `plugins: - statuspress:` in mkdocs.yml; generator/config.py reads them with positions."""

    incidents_dir = c.Type(str, default="incidents")
    """Folder of incident files, relative to mkdocs.yml."""
    components = c.Type(list, default=[])
    """The components, in display order: id, name, group, description, start_date."""
    review_due = c.Type(str, default="10d")
    """How long after resolution a draft review may stay a draft before `check --strict` fails."""
    audience = c.Type(dict, default={})
    """`public`: internal fields the public build shows too; `internal_site_url`: where the internal build lives."""
    notify = c.Type(list, default=[])
    """Where `statuspress notify` sends each new public update (generator/notify/channels.py)."""
    rules = c.Type(dict, default={})
    """The level of a check by rule id (generator/rulebook.py): error, warning or off."""


class StatuspressPlugin(BasePlugin[StatuspressConfig]):
    def __init__(self) -> None:
        # Set by `statuspress build` before mkdocs runs; plain `mkdocs build` uses the clock.
        self.build_time: datetime | None = None
        self.preloaded: Project | None = None
        self.progress: Callable[[int, int], None] | None = None  # called as pages are rendered
        # Set by `statuspress build --audience`; plain `mkdocs build` and `serve` build the public site.
        self.audience = Audience.PUBLIC
        self._reset()

    def _reset(self) -> None:
        self.rendered = 0
        self.site: Site | None = None
        self.pages: dict[str, Page] = {}
        self.files: dict[str, bytes] = {}
        self.provenance: Provenance | None = None   # what this build shows of git (redact.provenance_for)

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self._reset()
        try:
            now = self.build_time or clock.now()
        except clock.ClockError as err:   # plain `mkdocs build` with a bad SOURCE_DATE_EPOCH
            raise PluginError(str(err)) from err
        project = self.preloaded
        self.preloaded = None  # `serve` reloads from disk on every rebuild
        if project is None:  # plain `mkdocs build` or `serve`; `statuspress build` has reported already
            project = load_project(Path(config.config_file_path), now)
            for warning in project.warnings:
                log.warning(format_problems([warning]).rstrip())
        if project.errors:
            raise PluginError("incident files have errors:\n" + format_problems(project.errors).rstrip())
        # One git log pass; outside git or in a shallow clone: no audit trail and one warning.
        history = _read_history(project)
        # The one boundary: derive and render see only what this audience may see.
        site_config, incidents = for_audience(project.config, project.incidents, self.audience)
        self.site = derive_site(site_config, incidents, now)
        if self.audience is Audience.INTERNAL:  # canonical links and the sitemap: never the public site
            config.site_url = site_config.site_url
            if site_config.site_url is None:
                log.warning(NO_INTERNAL_URL_WARNING)
        self.pages = {page.src_uri: page for page in site_pages(self.site)}
        self.files = render_files(self.site)
        everything = history.result()
        if everything.warning:
            log.warning(everything.warning)
        self.provenance = provenance_for(everything, site_config, (i.id for i in incidents))
        if self.provenance is not None:
            self.pages.update((p.src_uri, p) for p in audit_pages.pages(self.site, self.provenance))
        if not config.nav:
            config.nav = [{title: uri} for title, uri in DEFAULT_NAV]
        config.extra_css.append("assets/statuspress/statuspress.css")
        config.extra_css.append("assets/statuspress/reviews.css")
        config.extra_javascript.append("assets/statuspress/statuspress.js")
        config.site_name = theme.text(config.site_name)  # the theme prints it raw: text from here on
        if not project.config.font_chosen:  # private by default: no fonts from Google (config.py warns)
            config.theme["font"] = False
        self.env = environment(Path(config.theme.custom_dir) if config.theme.custom_dir else None)
        self.env.globals["provenance"] = self.provenance
        return config

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        generated: dict[str, str | bytes] = {p.src_uri: p.front_matter() for p in self.pages.values()}
        generated.update(self.files)
        for asset in sorted(ASSETS.iterdir()):
            generated[f"assets/statuspress/{asset.name}"] = asset.read_bytes()
        for src_uri, content in generated.items():
            if files.get_file_from_path(src_uri) is not None:
                raise PluginError(f"{config.docs_dir}/{src_uri} collides with a page statuspress generates; "
                                  "rename or remove it")
            files.append(File.generated(config, src_uri, content=content))
        return files

    def on_env(self, env: Any, config: MkDocsConfig, files: Files) -> Any:
        """Our two patches to the theme's templates (theme_patches.py); filters that must not unescape our
        titles (render/theme.py); and since the theme's templates do not change during a build, skip a stat
        per include per page."""
        if config.theme.name == "material":   # the patches are to mkdocs-material's templates
            try:
                theme_patches.install(env, config.theme.dirs, config.theme.custom_dir)
            except theme_patches.ThemeMismatch as err:
                raise PluginError(str(err)) from err
        env.auto_reload = False
        return theme.install(env)

    def on_page_markdown(self, markdown: str, /, *, page: MkdocsPage, config: MkDocsConfig, files: Files) -> str:
        """Our pages' title and description reach the theme as escaped text (render/theme.py)."""
        ours = self.pages.get(page.file.src_uri)
        if ours is not None:
            page.meta.update(ours.theme_meta())
        return markdown

    def on_page_content(self, html: str, page: MkdocsPage, config: MkDocsConfig, files: Files) -> str:
        ours = self.pages.get(page.file.src_uri)
        if ours is None or self.site is None:
            return html
        body = render_body(self.env, ours, self.site, page.url)
        self.rendered += 1
        if self.progress is not None:
            self.progress(self.rendered, len(self.pages))
        index = getattr(config.plugins.get("material/search") or config.plugins.get("search"), "search_index", None)
        if ours.search and index is not None:
            index.entries.extend(search.entries(page.url, ours.title, body))
        return body

    def on_serve(self, server: Any, config: MkDocsConfig, builder: Any) -> Any:
        """Live reload when an incident file changes."""
        if self.site is not None:
            server.watch(str(self.site.config.root / self.site.config.incidents_dir))
        return server

    def on_page_context(self, context: Any, /, *, page: MkdocsPage, config: MkDocsConfig, nav: Any) -> Any:
        context["statuspress"] = self.site
        return context

    def on_template_context(self, context: Any, /, *, template_name: str, config: MkDocsConfig) -> Any:
        """Theme-only pages (404.html) get the Site too: open incidents show in the banner everywhere."""
        context["statuspress"] = self.site
        return context


def _read_history(project: Project) -> Future[Provenance]:
    """Provenance from git, read in another process for large sites (see HISTORY_IN_PARALLEL_FROM)."""
    args = (project.config.root, project.config.incidents_dir)
    if len(project.incidents) < HISTORY_IN_PARALLEL_FROM:
        done: Future[Provenance] = Future()
        done.set_result(read_history(*args))
        return done
    # spawn, not fork: `serve` runs threads, and forking a threaded process can deadlock.
    pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"))
    future = pool.submit(read_history, *args)
    pool.shutdown(wait=False)
    return future
