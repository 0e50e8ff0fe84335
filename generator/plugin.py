"""The mkdocs plugin: a thin adapter from mkdocs events to the pipeline (pipeline.py).

on_config takes the Output `statuspress build` handed over, or (plain `mkdocs build`/`serve`) loads,
checks and runs the pipeline itself, so bad input stops the build before mkdocs touches site_dir;
on_files adds the generated pages and files; on_nav takes our pages out of mkdocs' page loop once the nav
tabs point at them, and on_post_build frames them with the theme (theme_pages.py) and completes the search
index with them (render/search.py).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jinja2
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page as MkdocsPage

from . import clock, collector, manifest, pipeline, theme_pages, theme_patches
from .derive import Site
from .load import load_project
from .model import Audience
from .render import search, theme
from .render.bodies import page_body
from .render.pages import Page, environment
from .render.reuse import Memo, Reuse
from .render.urls import FALLBACK_SITE_URL
from .report import format_problems

log = get_plugin_logger(__name__)
ASSETS = Path(__file__).parent / "assets"
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
    clock = c.Choice(("24h", "12h"), default="24h")
    """How readers see times of day: 24h or 12h."""
    rules = c.Type(dict, default={})
    """The level of a check by rule id (generator/rulebook.py): error, warning or off."""


class StatuspressPlugin(BasePlugin[StatuspressConfig]):
    def __init__(self) -> None:
        self._reset()

    def _reset(self) -> None:
        self.output: pipeline.Output | None = None
        self.site: Site | None = None
        self.pages: dict[str, Page] = {}
        self.progress: Callable[[int, int], None] | None = None
        self.reuse: Reuse | None = None      # outputs of an earlier build to reuse; this build's go in it
        self.search_entries: list[dict[str, str]] = []   # ours, added to the theme's index in on_post_build
        self.taken: list[File] = []          # our pages' files, out of mkdocs' page loop (theme_pages.py)
        self.nav: Navigation | None = None
        self.files: Files | None = None
        self.theme_env: Any = None
        self.framer: theme_pages.Framer | None = None
        self.theme_index: str | None = None  # the theme's own search index, before ours were added
        self.known: manifest.Known = {}      # the digests of the files written from bytes held (manifest.Known)

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self._reset()
        handover = pipeline.handed_over()   # `statuspress build` (and serve): checked and reported already
        output = handover.output if handover is not None else _run_on_the_clock(config)
        self.progress = handover.progress if handover is not None else None
        self.reuse = handover.reuse if handover is not None else None
        if output.history_warning:
            log.warning(output.history_warning)
        self.output, self.site = output, output.site
        site_config = output.site.config
        if site_config.audience is Audience.INTERNAL:  # canonical links and the sitemap: never the public site
            config.site_url = site_config.site_url
            if site_config.site_url is None:
                log.warning(NO_INTERNAL_URL_WARNING)
        self.pages = {page.src_uri: page for page in output.pages}
        if not config.nav:
            config.nav = [{title: uri} for title, uri in DEFAULT_NAV]
        config.extra_css.append("assets/statuspress/statuspress.css")
        config.extra_css.append("assets/statuspress/reviews.css")
        config.extra_javascript.append("assets/statuspress/statuspress.js")
        config.site_name = theme.text(config.site_name)  # the theme prints it raw: text from here on
        if not site_config.font_chosen:  # private by default: no fonts from Google (config.py warns)
            config.theme["font"] = False
        return config

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        generated: dict[str, str | bytes] = {src_uri: "" for src_uri in self.pages}   # never read: no Markdown
        generated.update(self.output.files if self.output else {})
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
        env.bytecode_cache = _compiled_templates()
        theme_pages.take_away(files, self.taken)   # out of mkdocs' page build that follows (see on_nav)
        self.theme_env = theme.install(env)
        assert self.output is not None
        custom_dir = Path(config.theme.custom_dir) if config.theme.custom_dir else None
        self.env = environment(custom_dir, self.theme_env)   # page bodies: the theme's environment, autoescaping
        return self.theme_env

    def on_nav(self, nav: Navigation, /, *, config: MkDocsConfig, files: Files) -> Navigation:
        """With the nav built (its tabs point at our index pages), our pages leave mkdocs' page loop: they
        have no Markdown, and are framed in on_post_build (theme_pages.py). mkdocs lists the pages it will
        read right after this event; our files go back into its list of files once it has (on_pre_page),
        so that hand-written pages' links to them resolve, and leave it again before pages are built
        (on_env)."""
        assert self.site is not None
        self.nav, self.files = nav, files
        self.taken = theme_pages.take_out(files, self.pages, config)
        date = self.site.now.strftime("%Y-%m-%d")
        for file in self.taken:
            theme_pages.prepare(file, self.pages[file.src_uri], date)
        return nav

    def on_pre_page(self, page: MkdocsPage, /, *, config: MkDocsConfig, files: Files) -> MkdocsPage:
        """Every page is dated with the build time, not the clock or SOURCE_DATE_EPOCH (sitemap.xml and the
        gzip header of sitemap.xml.gz): the same --at gives the same bytes."""
        if self.site is not None:
            page.update_date = self.site.now.strftime("%Y-%m-%d")
        theme_pages.put_back(files, self.taken)   # for the links of the hand-written page being read
        return page

    def _frame_our_pages(self, *, config: MkDocsConfig) -> None:
        """Our pages, framed by the theme and written into the site folder, before other plugins' post_build
        (which may post-process the folder) and before the search index is completed."""
        assert self.site is not None and self.nav is not None and self.files is not None
        date = self.site.now.strftime("%Y-%m-%d")
        assert self.output is not None
        frames = Memo(self.site, None, self.reuse) if self.reuse is not None else None
        self.framer = theme_pages.Framer(self.theme_env, config, self.nav, self.files, date, frames)
        memo = Memo(self.site, self.output.provenance, self.reuse)
        # The digests of what we write, for the manifest (manifest.Known), when no other plugin can change a
        # file after us: another one's post_build could rewrite a page within the file system's clock tick.
        known: manifest.Known = self.known if theme_pages.only_ours(config) else {}
        with collector.sparing_what_exists():   # walking the whole site for each collection grew faster than N
            for done, file in enumerate(self.taken, 1):
                ours, page = self.pages[file.src_uri], file.page
                assert page is not None
                body, entries = page_body(memo, self.env, ours, page.url)
                known[file.dest_uri] = theme_pages.write(self.framer.frame(page, ours, body), file)
                self.search_entries.extend(entries)
                if self.progress is not None:
                    self.progress(done, len(self.taken))
        theme_pages.redate_sitemap_gz(config.site_dir, self.site.now)
        if known is self.known:   # and nothing since mkdocs wrote our files has changed them
            for path, data in self.output.files.items():
                with contextlib.suppress(OSError):   # not there: finish lists what is
                    self.known[path] = manifest.told(os.path.join(config.site_dir, path), data)

    def _complete_search_index(self, *, config: MkDocsConfig) -> None:
        """Our pages' entries go into the index the theme's search plugin has just written (render/search.py).
        No index (search off, or another theme): nothing to add to."""
        path = Path(config.site_dir) / "search" / "search_index.json"
        if not path.is_file():
            return
        self.theme_index = path.read_text(encoding="utf-8")
        try:
            merged = search.add_to_index(self.theme_index, self.search_entries)
        except search.IndexMismatch as err:
            raise PluginError(f"{path}: {err}") from err
        path.write_text(merged, encoding="utf-8")

    on_post_build = CombinedEvent(
        event_priority(50)(_frame_our_pages),           # before plugins of default priority
        event_priority(-50)(_complete_search_index),    # after them: mkdocs-material's search wrote its index
    )

    def on_serve(self, server: Any, config: MkDocsConfig, builder: Any) -> Any:
        """Live reload when an incident file changes."""
        if self.site is not None:
            server.watch(str(self.site.config.root / self.site.config.incidents_dir))
        return server

    def on_page_context(self, context: Any, /, *, page: MkdocsPage, config: MkDocsConfig, nav: Any) -> Any:
        context["statuspress"] = self.site
        return context

    def on_template_context(self, context: Any, /, *, template_name: str, config: MkDocsConfig) -> Any:
        """Theme-only pages (404.html) get the Site too: open incidents show in the banner everywhere. The
        sitemap lists our pages too, out of mkdocs' page list since on_nav."""
        context["statuspress"] = self.site
        if template_name == "sitemap.xml":
            context["pages"] = [*context["pages"], *self.taken]
        return context



def _compiled_templates() -> jinja2.BytecodeCache | None:
    """Jinja's own cache of compiled templates, so that a build does not parse and compile the theme's
    templates and ours again (about a quarter of a second): a folder of the user's own in the system's
    temporary folder, which jinja2 makes private and refuses when it is not. Jinja checks each template's
    source against its compiled code before using it. None when there is no such folder."""
    try:
        return jinja2.FileSystemBytecodeCache()
    except (OSError, RuntimeError):
        return None


def _run_on_the_clock(config: MkDocsConfig) -> pipeline.Output:
    """Plain `mkdocs build` and `mkdocs serve`: load, check and build the public site at the clock's time."""
    try:
        now = clock.now()
    except clock.ClockError as err:   # a bad SOURCE_DATE_EPOCH
        raise PluginError(str(err)) from err
    project = load_project(Path(config.config_file_path), now)
    for warning in project.warnings:
        log.warning(format_problems([warning]).rstrip())
    if project.errors:
        raise PluginError("incident files have errors:\n" + format_problems(project.errors).rstrip())
    return pipeline.run(project, now)
