"""Page bodies: rendered with Jinja from a page's template and values, with their search entries; made
through the build's Memo (reuse.py), so a body whose inputs are unchanged is reused."""

from __future__ import annotations

from typing import Any

import jinja2

from ..derive import Site
from . import search
from .page import Page
from .pages import render_body
from .reuse import Memo

Body = tuple[str, tuple[dict[str, str], ...]]   # the HTML, and its search entries (none when not searched)


def page_body(memo: Memo, env: jinja2.Environment, page: Page, page_url: str) -> Body:
    """`page`'s body at `page_url`, reused when nothing it reads has changed."""

    def make(site: Site, provenance: Any) -> Body:
        html = render_body(env, page, site, page_url, provenance)
        return html, tuple(search.entries(page_url, page.title, html)) if page.search else ()

    own = (page_url, page.template, page.title, page.description, page.search, dict(page.context))
    return memo.get(page.src_uri, own, make)
