"""Tags for the knowledge base: each tag with its incidents, tags that differ only in case or punctuation
sharing one page. Pure."""

from __future__ import annotations

import re
from collections.abc import Iterable

from .views import IncidentView, Tag


def tag_slug(tag: str) -> str:
    """A tag's URL part: lower case, runs of anything but a-z and 0-9 become one hyphen."""
    return re.sub(r"[^a-z0-9]+", "-", tag.casefold()).strip("-") or "tag"


def tags(views: Iterable[IncidentView]) -> tuple[Tag, ...]:
    """Every tag, by slug, each shown under its first spelling in code-point order."""
    by_slug: dict[str, list[IncidentView]] = {}
    names: dict[str, str] = {}
    for view in views:
        for tag in view.incident.tags:
            slug = tag_slug(tag)
            names[slug] = min(names.get(slug, tag), tag)
            listed = by_slug.setdefault(slug, [])
            if not listed or listed[-1] is not view:
                listed.append(view)
    return tuple(Tag(names[s], s, tuple(by_slug[s])) for s in sorted(by_slug))
