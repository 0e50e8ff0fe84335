"""The generated pages: which exist, what each one shows, and their bodies rendered with Jinja2.

mkdocs-material draws the frame (header, search, palette, footer); a page body comes from a template
in generator/templates/statuspress/, which a site may override in <custom_dir>/statuspress/.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from ..derive import Site
from . import filters, theme


@dataclass(frozen=True)
class Page:
    """One generated page. `src_uri` ends in .md; with directory URLs, `a/b.md` is served at `a/b/`."""

    src_uri: str
    title: str
    template: str                          # body template, e.g. "statuspress/incident.html"
    context: Mapping[str, Any] = field(default_factory=dict)
    description: str | None = None
    search: bool = True                    # False: left out of the search index (render/search.py)

    def theme_meta(self) -> dict[str, Markup]:
        """`title` and `description` as mkdocs-material must print them: escaped text (render/theme.py)."""
        meta = {"title": theme.text(self.title)}
        if self.description:
            meta["description"] = theme.text(self.description)
        return meta

    def front_matter(self) -> str:
        """The Markdown source mkdocs sees; the body itself is swapped in at on_page_content. Title and
        description are written escaped, so they are text wherever mkdocs or the theme prints them."""
        lines = ["---"] + [f"{key}: {_yaml_str(str(value))}" for key, value in self.theme_meta().items()]
        lines += ["hide:", "  - navigation", "  - toc"]
        # Always excluded from mkdocs-material's own HTML parse; the plugin indexes pages with
        # `search` itself (render/search.py), which is several times faster.
        lines += ["search:", "  exclude: true"]
        return "\n".join(lines) + "\n---\n\n" + "statuspress page\n"


def _yaml_str(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


PageBuilder = Callable[[Site], Iterable[Page]]


def page_builders() -> list[PageBuilder]:
    """Every builder of generated pages, in a fixed order."""
    from . import review_pages, status_pages, subscribe_pages

    return [status_pages.pages, review_pages.pages, subscribe_pages.pages]


def site_pages(site: Site) -> list[Page]:
    pages: dict[str, Page] = {}
    for builder in page_builders():
        for page in builder(site):
            if page.src_uri in pages:
                raise ValueError(f"two pages claim {page.src_uri}")
            pages[page.src_uri] = page
    return list(pages.values())


def environment(override_dir: Path | None = None) -> jinja2.Environment:
    loaders: list[jinja2.BaseLoader] = []
    if override_dir is not None:
        loaders.append(jinja2.FileSystemLoader(str(override_dir)))
    loaders.append(jinja2.PackageLoader("generator", "templates"))
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,  # one build renders thousands of pages; do not stat templates for each
    )
    filters.install(env)
    return env


def render_body(env: jinja2.Environment, page: Page, site: Site, page_url: str) -> str:
    """The HTML body of `page`, with links relative to `page_url` so the site works under a sub-path."""
    template = env.get_template(page.template)
    return template.render(site=site, page_url=page_url, url=filters.relative_to(page_url), **page.context)
