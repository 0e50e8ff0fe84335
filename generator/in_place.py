"""serve's quick rebuild: a save that changes what pages say, but not which pages there are, is written into
the served folder in place, without running mkdocs again.

After a full build (build.py), serve keeps what mkdocs made of the site's settings: the theme's Jinja
environment, the navigation, the list of files, the frame of each kind of page (theme_pages.Framer), the
theme's own search index, and what the statuspress plugin made. The next save runs the pipeline as every
build does (with serve's memory cache: only the bodies and feeds the save touched are made anew), then

- frames again each page whose body was made anew or whose kind's frame changed (the banner of open
  incidents is in every frame), and the pages rendered in full (those in the nav, and pages the banner
  links to);
- renders the theme's own templates again (404.html), but not the sitemap, which lists the same pages
  with the same date;
- adds this build's search entries to the theme's index;
- and replaces every file whose bytes changed, each atomically (output.replace_in_site: the preview
  server never sends a half-written page), listing the new digests in the folder's manifest.

The result is the folder a full build would write, byte for byte (tests/integration/test_in_place.py).
It is only done where that holds by construction: the same pages and files in the same order, the same
build day (pages carry it), the same fingerprint (statuspress' code, mkdocs.yml, the theme overrides),
no hand-written pages (mkdocs renders those), and no plugins but statuspress and the theme's search.
Any other save takes the full build, and serve starts again from that.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mkdocs.commands.build import _build_template
from mkdocs.config.defaults import MkDocsConfig

from . import collector, theme_pages
from .build import Prepared
from .output import replace_in_site
from .render import search
from .render.bodies import page_body
from .render.reuse import ByObject, Memo

SEARCH_INDEX = "search/search_index.json"


@dataclass
class InPlace:
    """What the last build into `site_dir` left to rebuild it in place."""

    config: MkDocsConfig   # the last full build's, its statuspress plugin holding what it made
    site_dir: Path
    fingerprint: bytes
    index: str | None      # the search index as written, ours added
    docs: tuple[tuple[str, int, int], ...]   # the files in docs_dir then (name, size, modified)
    _entry_texts: ByObject[dict[str, str], str] = field(default_factory=ByObject)   # our search entries as JSON

    @property
    def overrides(self) -> Path | None:
        """The theme overrides folder (custom_dir), part of the fingerprint."""
        return Path(self.config.theme.custom_dir) if self.config.theme.custom_dir else None

    @classmethod
    def after(cls, config: MkDocsConfig, site_dir: Path, fingerprint: bytes) -> InPlace | None:
        """What a quick rebuild starts from, after a full build with `config`; None when that site cannot
        be rebuilt in place (hand-written pages, other plugins)."""
        plugin = config.plugins.get("statuspress")
        if plugin is None or plugin.files is None or plugin.framer is None:
            return None
        if not theme_pages.only_ours(config):
            return None
        if any(True for _ in plugin.files.documentation_pages()):
            return None   # hand-written pages: mkdocs converts and frames them
        index_path = site_dir / SEARCH_INDEX
        index = index_path.read_text(encoding="utf-8") if plugin.theme_index is not None else None
        return cls(config, site_dir, fingerprint, index, _files_in(_docs_dir(plugin)))

    def fits(self, prepared: Prepared) -> bool:
        """Whether this build writes the same pages and files as the last one, on the same day, under the
        same fingerprint."""
        plugin, output = self._plugin, prepared.output
        before = plugin.output
        return (prepared.fingerprint == self.fingerprint and prepared.reuse is not None
                and _files_in(_docs_dir(plugin)) == self.docs   # mkdocs copies or renders them
                and output.site.now.strftime("%Y-%m-%d") == before.site.now.strftime("%Y-%m-%d")
                and output.site.config.audience is before.site.config.audience
                and [page.src_uri for page in output.pages] == [page.src_uri for page in before.pages]
                and list(output.files) == list(before.files)
                and output.history_warning == before.history_warning)

    def rebuild(self, prepared: Prepared) -> list[str]:
        """Write what `prepared` changes into the site folder; returns the paths written. Call `fits` first."""
        plugin, output = self._plugin, prepared.output
        assert prepared.reuse is not None
        before = plugin.output
        plugin.output, plugin.site, plugin.reuse = output, output.site, prepared.reuse
        plugin.pages = {page.src_uri: page for page in output.pages}
        changed: dict[str, bytes] = {}
        with collector.sparing_what_exists():
            entries = self._frame_pages(plugin, prepared, changed)
            for name in self.config.theme.static_templates:
                if name != "sitemap.xml":    # the same pages on the same day: the same sitemap
                    html = self._theme_template(name, plugin)
                    if not self._holds(name, html):
                        changed[name] = html
        changed.update((path, data) for path, data in output.files.items() if before.files.get(path) != data)
        if plugin.theme_index is not None:
            self._entry_texts = self._entry_texts.next()
            index = search.add_to_index(plugin.theme_index, entries, self._entry_texts)
            if index != self.index:
                changed[SEARCH_INDEX] = index.encode("utf-8")
                self.index = index
        replace_in_site(self.site_dir, changed)
        return sorted(changed)

    @property
    def _plugin(self) -> Any:
        return self.config.plugins["statuspress"]

    def _frame_pages(self, plugin: Any, prepared: Prepared, changed: dict[str, bytes]) -> list[dict[str, str]]:
        """Frame the pages whose HTML may have changed into `changed`; every page's search entries."""
        assert prepared.reuse is not None
        date = prepared.output.site.now.strftime("%Y-%m-%d")
        pages = [theme_pages.prepare(file, plugin.pages[file.src_uri], date) for file in plugin.taken]
        before = plugin.framer   # the new one is made once every page has its new title (the nav shows some)
        framer = theme_pages.Framer(plugin.theme_env, self.config, plugin.nav, plugin.files, date,
                                    Memo(prepared.output.site, None, prepared.reuse))
        framer.follow(before)
        memo = Memo(prepared.output.site, prepared.output.provenance, prepared.reuse)
        rendered = prepared.reuse.rendered
        entries: list[dict[str, str]] = []
        for file, page in zip(plugin.taken, pages, strict=True):
            ours = plugin.pages[file.src_uri]
            count = len(rendered)
            body, found = page_body(memo, plugin.env, ours, page.url)
            entries.extend(found)
            new_body = len(rendered) > count
            if new_body or not framer.same_frame(before, page, ours, body):
                html = framer.frame(page, ours, body).encode("utf-8", errors="xmlcharrefreplace")
                if new_body or not self._holds(file.dest_uri, html):
                    changed[file.dest_uri] = html
        plugin.framer = framer
        return entries

    def _holds(self, rel: str, data: bytes) -> bool:
        """Whether the site's file `rel` holds `data` already (a page framed again, unchanged)."""
        try:
            return (self.site_dir / rel).read_bytes() == data
        except OSError:
            return False

    def _theme_template(self, name: str, plugin: Any) -> bytes:
        """One of the theme's own templates (404.html), as mkdocs renders it, with this build's Site."""
        template = plugin.theme_env.get_template(name)
        html = _build_template(name, template, plugin.files, self.config, plugin.nav)
        return html.encode("utf-8")


def _docs_dir(plugin: Any) -> Path:
    """docs_dir as mkdocs.yml names it (a build without one uses an empty stand-in: build.py)."""
    settings = plugin.site.config
    return Path(settings.root) / settings.docs_dir


def _files_in(folder: Path) -> tuple[tuple[str, int, int], ...]:
    """Every file under `folder` (mkdocs' docs_dir), with its size and modification time."""
    found = []
    for path in sorted(folder.rglob("*")) if folder.is_dir() else ():
        if path.is_file():
            st = path.stat()
            found.append((path.relative_to(folder).as_posix(), st.st_size, st.st_mtime_ns))
    return tuple(found)
