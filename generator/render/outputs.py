"""The file renderers: each takes the derived Site and returns {relative path: bytes}."""

from __future__ import annotations

import functools
from collections.abc import Callable

from ..derive import Site
from .reuse import Memo

FileRenderer = Callable[[Site], dict[str, bytes]]


def file_renderers(memo: Memo) -> list[FileRenderer]:
    """Every renderer whose files land in the built site, in a fixed order. The per-incident feeds, one
    file per incident, and the calendar's events go through `memo`; the other files each read the whole
    site."""
    from . import api, badges, feeds, ics

    return [functools.partial(feeds.render, memo=memo), functools.partial(ics.render, memo=memo), api.render,
            badges.render]


def render_files(site: Site, memo: Memo | None = None) -> dict[str, bytes]:
    """All generated files; two renderers claiming one path is a bug, not a silent overwrite. A renderer
    may reuse through `memo` what an earlier build made (render/reuse.py)."""
    memo = memo if memo is not None else Memo(site, None)
    out: dict[str, bytes] = {}
    for renderer in file_renderers(memo):
        for path, data in renderer(site).items():
            if path in out:
                raise ValueError(f"two renderers write {path}")
            out[path] = data
    return dict(sorted(out.items()))
