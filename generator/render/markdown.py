"""Markdown → safe HTML: raw HTML is escaped, links keep only allow-listed schemes."""

from __future__ import annotations

import html
import re
from functools import lru_cache

import markdown as md
import nh3

ALLOWED_TAGS = {
    "a", "p", "br", "strong", "em", "code", "pre", "ul", "ol", "li", "blockquote", "h3", "h4", "h5", "h6",
    "hr", "table", "thead", "tbody", "tr", "th", "td", "del",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"align"}, "td": {"align"}}
URL_SCHEMES = {"https", "http", "mailto"}


class _NoRawHtml(md.extensions.Extension):
    """Treat raw HTML in Markdown as text: it is escaped and shown, never interpreted."""

    def extendMarkdown(self, markdown: md.Markdown) -> None:  # noqa: N802 - Python-Markdown's API
        markdown.preprocessors.deregister("html_block")
        markdown.inlinePatterns.deregister("html")


_CONVERTERS: list[md.Markdown] = []


def _converter() -> md.Markdown:
    """One converter, reset between texts: building a Markdown instance costs more than converting a message."""
    if not _CONVERTERS:
        _CONVERTERS.append(md.Markdown(extensions=["sane_lists", "tables", _NoRawHtml()], output_format="html"))
    return _CONVERTERS[0].reset()


@lru_cache(maxsize=8192)
def to_html(text: str) -> str:
    """Render an update message or review section. Raw HTML in the source is shown as text; the
    result is then sanitised, so nothing executable survives, whatever Markdown produced."""
    html = _converter().convert(text)
    return nh3.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, url_schemes=URL_SCHEMES,
                     link_rel="nofollow noopener")


def to_text(text: str) -> str:
    """Plain text for places that take no markup (API bodies, iCalendar, feed summaries): the
    Markdown's words with list items kept as "- " lines; the caller escapes for its format."""
    rendered = to_html(text).replace("<li>", "<li>- ")
    return re.sub(r"\n{3,}", "\n\n", html.unescape(nh3.clean(rendered, tags=set()))).strip()
