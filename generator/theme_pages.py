"""Generated pages framed by the theme, outside mkdocs' per-page loop.

mkdocs reads, converts and renders every Markdown page it knows: for a generated page that is a new
Markdown instance (about 2 ms) and mkdocs-material's main.html (about 1.7 ms) each. statuspress' pages
have no Markdown, so the plugin takes them out of mkdocs' list once the navigation is built (the nav
tabs still point at them) and frames them here, with the theme's own Jinja environment, the context
mkdocs would give them (`mkdocs.commands.build.get_context`) and the plugins' page_context and
post_page events, into the same site folder. The sitemap gets them through its template context.
"""

from __future__ import annotations

import gzip
import os
from collections.abc import Callable, Iterable
from datetime import UTC, datetime

import jinja2
from mkdocs.commands.build import get_context
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page as MkdocsPage
from mkdocs.structure.toc import get_toc
from mkdocs.utils import write_file

from .render.page import Page

Body = Callable[[Page, str], str]   # (page, its URL) → its rendered body


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
           mkdocs_page: MkdocsPage, body: str) -> str:
    """One page framed by the theme, as mkdocs' own page build does it."""
    mkdocs_page.content = body
    mkdocs_page.active = True   # the nav tab holding the page shows as current
    try:
        context = get_context(nav, files, config, mkdocs_page)
        template = env.get_template(mkdocs_page.meta.get("template", "main.html"))
        context = config.plugins.on_page_context(context, page=mkdocs_page, config=config, nav=nav)
        html = template.render(context)
        return str(config.plugins.on_post_page(html, page=mkdocs_page, config=config))
    finally:
        mkdocs_page.active = False


def write(html: str, file: File) -> None:
    write_file(html.encode("utf-8", errors="xmlcharrefreplace"), file.abs_dest_path)



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
