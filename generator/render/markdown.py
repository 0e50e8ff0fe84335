"""Markdown → safe HTML: raw HTML is escaped, links keep only allow-listed schemes."""

from __future__ import annotations

import html
import re
from functools import cache

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


# Each text is converted once per process and shared by its page, feeds, search, API and calendar. The
# caches are unbounded: a bounded one (8192 entries) thrashed from about 2,500 incidents on, converting
# each message once per place that shows it; they hold what the site holds, plus texts since edited in
# a long `serve`.
@cache
def to_html(text: str) -> str:
    """Render an update message or review section. Raw HTML in the source is shown as text; the
    result is then sanitised, so nothing executable survives, whatever Markdown produced."""
    paragraphs = _plain_paragraphs(text)
    if paragraphs is not None:
        html = "\n".join(f"<p>{paragraph}</p>" for paragraph in paragraphs)
    else:
        html = _converter().convert(text)
    return nh3.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, url_schemes=URL_SCHEMES,
                     link_rel="nofollow noopener")


# Most messages are plain sentences, which Python-Markdown turns into one <p> per paragraph, the text
# as it is; it costs about 150 µs a message to find that out (0.45 s at 3,000 incidents). A text
# that cannot be more than that is written directly: only letters, digits, spaces and punctuation
# that means nothing to Markdown (no `*_[]<>&#|` and the like), paragraphs separated by exactly one
# blank line, and no line that starts with a space (code), a digit or "-" (lists, rules, headings) or
# ends with one (a line break). Anything else goes through Python-Markdown; a property test compares
# the two.
_PLAIN_TEXT = re.compile(r"[A-Za-z0-9 ,.;:'\"!?()%/\n-]*")
_NOT_PLAIN_START = frozenset(" -0123456789")


def _plain_paragraphs(text: str) -> list[str] | None:
    """The paragraphs of `text` when Markdown would make nothing but paragraphs of it, else None."""
    if not text or not _PLAIN_TEXT.fullmatch(text):
        return None
    paragraphs = text.split("\n\n")
    for paragraph in paragraphs:
        for line in paragraph.split("\n"):
            if not line or line[0] in _NOT_PLAIN_START or line[-1] == " ":
                return None
    return paragraphs


# Where plain text breaks: a blank line after each block, a line break after each list item or <br>.
_BLOCK_END = re.compile(r"</(?:p|ul|ol|blockquote|h[3-6]|pre|table)>|<hr\s*/?>")
_LINE_END = re.compile(r"</(?:li|tr)>|<br\s*/?>")
_PRE = re.compile(r"<pre>.*?</pre>", re.S)


@cache
def to_text(text: str) -> str:
    """Plain text for places that take no markup (API bodies, iCalendar, feed summaries, notifications):
    a paragraph is one line however the YAML wrapped it, paragraphs are separated by a blank line, list
    items are "- " lines and code blocks keep their lines. The caller escapes for its format."""
    rendered = to_html(text).replace("<li>", "<li>- ")
    parts, last = [], 0
    for pre in _PRE.finditer(rendered):
        parts += [_flowing(rendered[last:pre.start()]), _plain(pre.group(0)).strip("\n") + "\n\n"]
        last = pre.end()
    parts.append(_flowing(rendered[last:]))
    return re.sub(r"\n{3,}", "\n\n", "".join(parts)).strip()


def _plain(fragment: str) -> str:
    return html.unescape(nh3.clean(fragment, tags=set()))


def _flowing(fragment: str) -> str:
    """Text outside code blocks: a line break inside a block is the YAML's wrapping and becomes a space."""
    marked = _BLOCK_END.sub(lambda m: m.group(0) + "\n\n", fragment.replace("\n", " "))
    marked = _LINE_END.sub(lambda m: m.group(0) + "\n", marked)
    return "\n".join(re.sub(r"[ \t]+", " ", line).strip() for line in _plain(marked).split("\n"))
