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
