"""One generated page: where it lives, its title and the template and values its body is rendered from."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup

from . import theme


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

    def meta(self) -> dict[str, Any]:
        """The page's meta as mkdocs-material reads it: escaped title and description, no navigation or
        table of contents sidebar, and out of the theme's own search parse: the plugin indexes pages with
        `search` itself (render/search.py), which is several times faster."""
        return {**self.theme_meta(), "hide": ["navigation", "toc"], "search": {"exclude": True}}
