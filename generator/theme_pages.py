"""Generated pages framed by the theme, outside mkdocs' per-page loop.

mkdocs reads, converts and renders every Markdown page it knows: for a generated page that is a new
Markdown instance (about 2 ms) and mkdocs-material's main.html (about 1.7 ms) each. statuspress' pages
have no Markdown, so the plugin takes them out of mkdocs' list once the navigation is built (the nav
tabs still point at them) and frames them here, with the theme's own Jinja environment, the context
mkdocs would give them (`mkdocs.commands.build.get_context`) and the plugins' page_context and
post_page events, into the same site folder. The sitemap gets them through its template context.
"""

from __future__ import annotations

import functools
import gzip
import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, cast

import jinja2
from mkdocs.commands.build import get_context
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page as MkdocsPage
from mkdocs.structure.toc import get_toc

from . import manifest
from .render.page import Page
from .render.reuse import ByObject, Memo

Body = Callable[[Page, str], str]   # (page, its URL) → its rendered body
OWN_PLUGINS = ("generator.", "material.plugins.search")   # the modules of statuspress' and the theme's search


def take_out(files: Files, ours: Iterable[str], config: MkDocsConfig) -> list[File]:
    """Remove our pages' files from mkdocs' list (so it neither converts nor renders them), each with a
    mkdocs Page: the nav's own for the pages it lists, a new one for the others."""
    taken = []
    for src_uri in ours:
        file = files.get_file_from_path(src_uri)
        if file is None:
            continue
        if file.page is None:
            MkdocsPage(None, file, config)
        files.remove(file)
        taken.append(file)
    return taken


def put_back(files: Files, taken: list[File]) -> None:
    """Our files back in mkdocs' list (once mkdocs has made its list of pages to read)."""
    for file in taken:
        if files.get_file_from_path(file.src_uri) is None:
            files.append(file)


def take_away(files: Files, taken: list[File]) -> None:
    """Our files out of mkdocs' list again (before it makes its list of pages to build)."""
    for file in taken:
        if files.get_file_from_path(file.src_uri) is file:
            files.remove(file)


def prepare(file: File, page: Page, update_date: str) -> MkdocsPage:
    """The mkdocs Page as mkdocs-material reads it, as if read from front matter and converted."""
    mkdocs_page = file.page
    assert mkdocs_page is not None
    mkdocs_page.meta = page.meta()
    mkdocs_page.markdown = ""
    mkdocs_page.toc = get_toc([])
    mkdocs_page.update_date = update_date
    return mkdocs_page


def render(env: jinja2.Environment, config: MkDocsConfig, nav: Navigation, files: Files,
           mkdocs_page: MkdocsPage, body: str, site: object = None) -> str:
    """One page framed by the theme, as mkdocs' own page build does it. `site`: the Site as the frame
    reads it (a recording of it: render/reuse.py), in place of the one the plugin gives the theme."""
    mkdocs_page.content = body
    mkdocs_page.active = True   # the nav tab holding the page shows as current
    try:
        context = get_context(nav, files, config, mkdocs_page)
        template = env.get_template(mkdocs_page.meta.get("template", "main.html"))
        context = config.plugins.on_page_context(context, page=mkdocs_page, config=config, nav=nav)
        if site is not None and "statuspress" in context:
            cast(dict[str, Any], context)["statuspress"] = site
        html = template.render(context)
        return str(config.plugins.on_post_page(html, page=mkdocs_page, config=config))
    finally:
        mkdocs_page.active = False


def write(html: str, file: File) -> tuple[str, tuple[int, ...]]:
    """The framed page written where mkdocs would write it; what the manifest will list (manifest.Known)."""
    assert file.abs_dest_path is not None
    return manifest.write(file.abs_dest_path, html.encode("utf-8", errors="xmlcharrefreplace"))


def only_ours(config: MkDocsConfig) -> bool:
    """Whether statuspress and the theme's search are the build's only plugins (no other can have changed
    a file the build wrote, or do anything per page)."""
    return all(type(plugin).__module__.startswith(OWN_PLUGINS) for plugin in config.plugins.values())



def redate_sitemap_gz(site_dir: str, now: datetime) -> None:
    """mkdocs gzips sitemap.xml with its pages' newest date in the gzip header, or the clock when its own
    list holds no page (ours are out of it): compress it again the way mkdocs does, dated like the pages
    (midnight UTC of the build day), so the same build time gives the same bytes."""
    path = os.path.join(site_dir, "sitemap.xml.gz")
    if not os.path.isfile(path):
        return
    with open(os.path.join(site_dir, "sitemap.xml"), "rb") as source:
        xml = source.read()
    midnight = datetime(now.year, now.month, now.day, tzinfo=UTC)
    with open(path, "wb") as out, gzip.GzipFile(fileobj=out, filename=path, mode="wb",
                                                mtime=int(midnight.timestamp())) as compressed:
        compressed.write(xml)


# -- shells: the theme's frame rendered once per kind of page, filled per page -------------------------------

SENTINEL = "spsentinel7q"            # lowercase letters and digits: unchanged by escaping and URL quoting
_STEM = re.compile(r"[a-z0-9][a-z0-9-]*")
_BESIDE = re.compile(r'"\.\./([^/"]*)/')
_PROBE_TITLE = "Probe <b>&amp;</b> \"quoted\" 'single' & a/b?c=d#e"


@dataclass(frozen=True)
class Shell:
    """A framed page with each per-page value replaced by a sentinel: literal text and value names,
    alternating (names: title, desc, stem, body)."""

    parts: tuple[str, ...]

    def links_to(self, stem: str) -> bool:
        """Whether the frame links to the page of that file name beside the page (the banner of open
        incidents does): on that page itself the link reads "./", so it is rendered in full."""
        return stem in self._linked

    @functools.cached_property
    def _linked(self) -> frozenset[str]:
        """The file names in the frame's links to pages beside the page ("../<name>/"). A page's name has
        no slash or quote (_STEM), so it is linked exactly when it is one of these."""
        return frozenset(name for part in self.parts[0::2] for name in _BESIDE.findall(part))

    def fill(self, values: dict[str, str]) -> str:
        return "".join(part if i % 2 == 0 else values[part] for i, part in enumerate(self.parts))


class Framer:
    """Frames our pages. Outside the article, pages of one kind (body template, folder, with or without a
    description, with or without their own <h1>) differ only in their title, description, file name and
    body; so a kind's frame is rendered once with sentinels for those (a Shell) and filled per page.

    A shell is trusted only after filling it gives exactly the full render, byte for byte, for the kind's
    first page and for a probe page of that kind whose title and description hold markup, entities and
    quotes; otherwise that kind is rendered in full. Pages in the nav (their tabs, previous and next links
    differ), pages whose values could be confused with a sentinel, and builds where another plugin
    handles page_context or post_page (it could do anything per page) are always rendered in full."""

    def __init__(self, env: jinja2.Environment, config: MkDocsConfig, nav: Navigation, files: Files,
                 update_date: str, memo: Memo | None = None) -> None:
        self.env, self.config, self.nav, self.files, self.update_date = env, config, nav, files, update_date
        self.in_nav = {id(page) for page in nav.pages}
        self.shells: dict[tuple[object, ...], Shell | None] = {}
        self.shell_allowed = all(_owned(method) for event in ("page_context", "post_page")
                                 for method in config.plugins.events[event])
        self.filled = 0   # pages framed from a shell (the tests count them)
        # Frames rendered in full are reused through the build's memo (a build with a cache, serve), unless
        # another plugin handles page events: what it does per page is not recorded.
        self.memo = memo if self.shell_allowed else None
        self._nav_shown = _nav_shown(nav.items)
        self._facts: ByObject[str, tuple[bool, bool]] | None = None   # what bodies hold (_body_facts)

    def follow(self, before: Framer) -> None:
        """For serve's quick rebuild: what `before` (the last build's Framer) found in the bodies it framed
        is taken over (a body serve reuses is the very same string; the memo keeps every body alive)."""
        self._facts = before._facts.next() if before._facts is not None else ByObject()

    def frame(self, page: MkdocsPage, ours: Page, body: str) -> str:
        key = self._kind(page, ours, body)
        if key is None:
            return self._render(page, body)
        if key not in self.shells:
            full = self._render(page, body)
            shell = self._shell(ours, body)
            if shell is not None and shell.links_to(_values(page, ours, body)["stem"]):
                return full   # this page cannot check the shell: the kind's next page will
            self.shells[key] = shell if shell is not None and self._trusted(shell, page, ours, body, full) else None
            return full
        shell = self.shells[key]
        if shell is None or shell.links_to(_values(page, ours, body)["stem"]):
            return self._render(page, body)
        self.filled += 1
        return shell.fill(_values(page, ours, body))

    def same_frame(self, before: Framer, page: MkdocsPage, ours: Page, body: str) -> bool:
        """Whether this page, with a body and values it had in the build `before` framed, is framed exactly
        as `before` framed it, known without framing it: both fill it from one and the same shell (so an
        unchanged page is not framed and written again when only other pages changed)."""
        key = self._kind(page, ours, body)
        if key is None:
            return False
        shell = self.shells.get(key)
        return (shell is not None and shell == before.shells.get(key)
                and not shell.links_to(_values(page, ours, body)["stem"]))

    def _kind(self, page: MkdocsPage, ours: Page, body: str) -> tuple[object, ...] | None:
        folder, stem, shape = _place(ours.src_uri)
        texts = [ours.title] + ([ours.description] if ours.description else [])
        unsafe, heading = self._body_facts(body)
        if (not self.shell_allowed or id(page) in self.in_nav or not folder or not _STEM.fullmatch(stem)
                or unsafe or any(SENTINEL in text or text != " ".join(text.split()) for text in texts)):
            return None
        return ours.template, folder, shape, ours.description is not None, heading

    def _body_facts(self, body: str) -> tuple[bool, bool]:
        """Whether the body holds a sentinel or the search plugin's attributes (it cannot be filled into a
        shell), and whether it has its own <h1>; in serve's quick rebuilds, remembered by the body string."""
        return _body_facts(body) if self._facts is None else self._facts.get(body, _body_facts)

    def _shell(self, ours: Page, body: str) -> Shell | None:
        """The kind's frame with sentinels for the per-page values; None when the body's sentinel is not
        exactly once in it."""
        folder, _, shape = _place(ours.src_uri)
        description = f"{SENTINEL}desc" if ours.description else None
        sentinel_body = f"{SENTINEL}body" + ("<h1>" if "<h1" in body else "")
        fake_uri = f"{folder}/{shape.format(f'{SENTINEL}stem')}"
        html = self._render_fake(fake_uri, ours, f"{SENTINEL}title", description, sentinel_body)
        pieces = re.split(f"({re.escape(sentinel_body)}|{SENTINEL}(?:title|desc|stem))", html)
        if pieces.count(sentinel_body) != 1:
            return None
        return Shell(tuple(piece if i % 2 == 0 else _NAMES.get(piece, "body") for i, piece in enumerate(pieces)))

    def _trusted(self, shell: Shell, page: MkdocsPage, ours: Page, body: str, full: str) -> bool:
        """Filled with this page's values, and with a probe page's whose title and description hold markup,
        entities and quotes, the shell gives exactly the full render."""
        if shell.fill(_values(page, ours, body)) != full:
            return False
        folder, _, shape = _place(ours.src_uri)
        probe_description = _PROBE_TITLE if ours.description else None
        probe = Page(f"{folder}/{shape.format('probe-7q')}", _PROBE_TITLE, ours.template,
                     description=probe_description)
        probe_page = self._fake_page(probe)
        expected = self._render(probe_page, body, variant=_variant(ours, body))
        return shell.fill(_values(probe_page, probe, body)) == expected

    def _render_fake(self, src_uri: str, ours: Page, title: str, description: str | None, body: str) -> str:
        fake = Page(src_uri, title, ours.template, description=description)
        return self._render(self._fake_page(fake), body, variant=_variant(ours, body))

    def _render(self, page: MkdocsPage, body: str, variant: str = "") -> str:
        """The page framed in full: made anew, or with `memo`, reused while its values, its body, the nav's
        titles and links, and what the frame read of the Site are unchanged. The theme, mkdocs.yml (the
        nav's shape, the site's settings) and statuspress' code are the cache's fingerprint."""
        if self.memo is None:
            return render(self.env, self.config, self.nav, self.files, page, body)
        own = (page.url, page.title, dict(page.meta), page.update_date, body, self._nav_shown)
        return self.memo.get(f"{page.file.src_uri}#frame{variant}", own,
                             lambda site, _: render(self.env, self.config, self.nav, self.files, page, body, site))

    def _fake_page(self, fake: Page) -> MkdocsPage:
        """A page that is in no list of mkdocs' (files, nav, sitemap) and is never written."""
        file = File.generated(self.config, fake.src_uri, content="")
        page = MkdocsPage(None, file, self.config)
        prepare(file, fake, self.update_date)
        return page


def _nav_shown(items: Iterable[Any]) -> tuple[tuple[object, ...], ...]:
    """What every frame shows of the nav: each entry's title and link, nested. A page listed in mkdocs.yml
    without a title is shown with the page's own, which a change to an incident file can change."""
    return tuple((type(item).__name__, item.title, getattr(item, "url", None),
                  _nav_shown(getattr(item, "children", None) or ())) for item in items)


def _body_facts(body: str) -> tuple[bool, bool]:
    return SENTINEL in body or "data-search-" in body, "<h1" in body


def _variant(ours: Page, body: str) -> str:
    """What tells apart the kinds of page one folder's fake pages (sentinel, probe) stand for."""
    return f":{ours.template}:{ours.description is not None}:{'<h1' in body}"


_NAMES = {f"{SENTINEL}title": "title", f"{SENTINEL}desc": "desc", f"{SENTINEL}stem": "stem"}


def _values(page: MkdocsPage, ours: Page, body: str) -> dict[str, str]:
    meta = page.meta
    return {"title": str(meta["title"]), "desc": str(meta.get("description", "")),
            "stem": _place(ours.src_uri)[1], "body": body}


def _place(src_uri: str) -> tuple[str, str, str]:
    """(folder, name, shape) of a page: `incidents/x.md` is ("incidents", "x", "{}.md") and
    `components/x/index.md` is ("components", "x", "{}/index.md"); both are served at <folder>/x/."""
    head, _, name = src_uri.rpartition("/")
    if name == "index.md" and head:
        folder, _, stem = head.rpartition("/")
        return folder, stem, "{}/index.md"
    return head, name.removesuffix(".md"), "{}.md"


def _owned(method: Callable[..., Any]) -> bool:
    """Whether a page event handler is statuspress' own or mkdocs-material's search (which only strips
    data-search attributes from the content, see Framer._kind)."""
    module = getattr(method, "__module__", "") or ""
    return module.startswith(OWN_PLUGINS)
