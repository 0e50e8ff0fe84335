"""One generated page: where it lives, its title and the template and values its body is rendered from."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Page:
    """One generated page. `src_uri` ends in .md; with directory URLs, `a/b.md` is served at `a/b/`."""

    src_uri: str
    title: str
    template: str                          # body template, e.g. "statuspress/incident.html"
    context: Mapping[str, Any] = field(default_factory=dict)
    description: str | None = None
    search: bool = True                    # False: left out of the search index (render/search.py)

    def front_matter(self) -> str:
        """The Markdown source mkdocs sees; the body itself is swapped in at on_page_content."""
        lines = ["---", f"title: {_yaml_str(self.title)}", "hide:", "  - navigation", "  - toc"]
        if self.description:
            lines.append(f"description: {_yaml_str(self.description)}")
        # Always excluded from mkdocs-material's own HTML parse; the plugin indexes pages with
        # `search` itself (render/search.py), which is several times faster.
        lines += ["search:", "  exclude: true"]
        return "\n".join(lines) + "\n---\n\n" + "statuspress page\n"


def _yaml_str(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
