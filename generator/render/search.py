"""Search-index entries for generated pages, made from their rendered bodies.

mkdocs-material's search plugin parses every page's HTML with Python's HTMLParser, which was a third
of the build time at 1000 incidents. Our pages are excluded from that parse (front matter
`search: exclude: true`) and indexed here instead: one entry per page, plus one per `<h2 id>` section,
with the text found by regular expressions over HTML we rendered ourselves.

The seam to the theme's index is one file: after mkdocs-material's search plugin has written
search/search_index.json (mkdocs' post_build event), the statuspress plugin reads it, adds our
entries after the theme's (`add_to_index`) and writes it back (docs/architecture.md, "Theme seam").
"""

from __future__ import annotations

import html
import json
import re

from .reuse import ByObject

_SECTION = re.compile(r'<h2\b[^>]*\bid="([^"]+)"[^>]*>(.*?)</h2>', re.S)
_BLOCK_END = re.compile(r"</(?:p|li|dd|dt|td|th|h[1-6]|pre|blockquote|div|section)>", re.I)
_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"[ \t\r\f\v]+")
_LINES = re.compile(r"\s*\n\s*")
_HIDDEN = re.compile(r"<(svg|script|style)\b.*?</\1>", re.S | re.I)


def plain_text(fragment: str) -> str:
    """Readable text of an HTML fragment: tags dropped, blocks on their own lines, entities decoded
    and then escaped again, since the search index holds HTML."""
    text = _HIDDEN.sub(" ", fragment).replace("\n", " ")
    text = _BLOCK_END.sub("\n", text)
    text = html.unescape(_TAG.sub(" ", text))
    text = _LINES.sub("\n", _SPACE.sub(" ", text)).strip()
    return "".join(f"<p>{html.escape(line, quote=False)}</p>" for line in text.split("\n") if line.strip())


def entries(url: str, title: str, body: str) -> list[dict[str, str]]:
    """The page as search entries in mkdocs-material's format: location, title, text. The theme puts
    titles and texts into the page as HTML, so both hold escaped text only; `title` is plain text."""
    parts = _SECTION.split(body)
    found = [{"location": url, "title": html.escape(title), "text": plain_text(parts[0])}]
    for anchor, heading, content in zip(parts[1::3], parts[2::3], parts[3::3], strict=True):
        text = html.unescape(_TAG.sub("", heading)).strip()
        found.append({"location": f"{url}#{anchor}", "title": html.escape(text), "text": plain_text(content)})
    return found


class IndexMismatch(ValueError):
    """The theme's search index is not the {"config": ..., "docs": [...]} document statuspress adds to."""


def add_to_index(theme_index: str, ours: list[dict[str, str]],
                 written: ByObject[dict[str, str], str] | None = None) -> str:
    """The theme's search/search_index.json with our entries added after its own, written the way
    mkdocs-material writes it (compact JSON, ASCII). `written`: our entries as JSON, kept by the entry
    (serve reuses the entries of unchanged page bodies: the same dicts)."""
    try:
        document = json.loads(theme_index)
    except ValueError as err:
        raise IndexMismatch(f"the theme's search index is not JSON: {err}") from err
    if not isinstance(document, dict) or not isinstance(document.get("docs"), list):
        raise IndexMismatch('the theme\'s search index has no "docs" list; this mkdocs-material release is not '
                             "one statuspress supports")
    if written is None or not ours:   # one build: the whole at once
        document["docs"].extend(ours)
        return _dumps(document)
    # Each entry is written on its own (the same JSON as within the list) and spliced in where a marker is.
    document["docs"].append(_MARKER)
    head = _dumps(document)
    marker = _dumps(_MARKER)
    if head.count(marker) != 1:   # the theme's own entries hold the marker's text
        document["docs"][-1:] = ours
        return _dumps(document)
    return head.replace(marker, ",".join(written.get(entry, _dumps) for entry in ours))


_MARKER = "statuspress-our-entries-7q"


def _dumps(value: object) -> str:
    return json.dumps(value, separators=(",", ":"), default=str)
