"""The file renderers: each takes the derived Site and returns {relative path: bytes}."""

from __future__ import annotations

from collections.abc import Callable

from ..derive import Site

FileRenderer = Callable[[Site], dict[str, bytes]]


def file_renderers() -> list[FileRenderer]:
    """Every renderer whose files land in the built site, in a fixed order."""
    from . import api, badges, feeds, ics

    return [feeds.render, ics.render, api.render, badges.render]


def render_files(site: Site) -> dict[str, bytes]:
    """All generated files; two renderers claiming one path is a bug, not a silent overwrite."""
    out: dict[str, bytes] = {}
    for renderer in file_renderers():
        for path, data in renderer(site).items():
            if path in out:
                raise ValueError(f"two renderers write {path}")
            out[path] = data
    return dict(sorted(out.items()))
