"""The generated pages: which exist, what each one shows, and their bodies rendered with Jinja2.

mkdocs-material draws the frame (header, search, palette, footer); a page body comes from a template
in generator/templates/statuspress/, which a site may override in <custom_dir>/statuspress/.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import jinja2

from ..derive import Site
from . import filters, review_pages, status_pages, subscribe_pages
from .page import Page

__all__ = ["Page", "environment", "render_body", "site_pages"]

PageBuilder = Callable[[Site], Iterable[Page]]


def page_builders() -> list[PageBuilder]:
    """Every builder of generated pages, in a fixed order."""
    return [status_pages.pages, review_pages.pages, subscribe_pages.pages]


def site_pages(site: Site) -> list[Page]:
    pages: dict[str, Page] = {}
    for builder in page_builders():
        for page in builder(site):
            if page.src_uri in pages:
                raise ValueError(f"two pages claim {page.src_uri}")
            pages[page.src_uri] = page
    return list(pages.values())


def environment(override_dir: Path | None = None, theme_env: jinja2.Environment | None = None) -> jinja2.Environment:
    """The environment page bodies are rendered with: the theme's own (an overlay of `theme_env`, sharing
    its extensions and filters) when given, else a plain one. Either way it autoescapes, which the theme's
    does not, and finds a body template in `override_dir`/statuspress/ before ours."""
    loaders: list[jinja2.BaseLoader] = []
    if override_dir is not None:
        loaders.append(jinja2.FileSystemLoader(str(override_dir)))
    loaders.append(jinja2.PackageLoader("generator", "templates"))
    settings: dict[str, Any] = dict(
        loader=jinja2.ChoiceLoader(loaders),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,  # one build renders thousands of pages; do not stat templates for each
    )
    if theme_env is None:
        env = jinja2.Environment(autoescape=True, **settings)
    else:
        env = theme_env.overlay(autoescape=True, **settings)
        env.filters, env.globals = dict(env.filters), dict(env.globals)   # an overlay shares them: ours stay ours
    filters.install(env)
    return env


def render_body(env: jinja2.Environment, page: Page, site: Site, page_url: str, provenance: object = None) -> str:
    """The HTML body of `page`, with links relative to `page_url` so the site works under a sub-path.
    `provenance`: what git says of the incidents (history.Provenance), None outside git."""
    template = env.get_template(page.template)
    return template.render(site=site, provenance=provenance, page_url=page_url, url=filters.relative_to(page_url),
                           **page.context)
