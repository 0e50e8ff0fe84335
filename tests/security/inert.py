"""What in an output could run in a reader's browser or feed reader, found by parsing it.

`live_html` parses a page or fragment with html5lib (the HTML5 parsing algorithm browsers use) and
lists every script we did not put there, every event-handler attribute and every URL attribute with a
javascript:, data: or vbscript: scheme (after the whitespace and control characters a browser strips).
`live_svg` does the same for a standalone SVG parsed as XML. An empty list means inert.
"""

from __future__ import annotations

import json
import re
from typing import Any

import html5lib
from lxml import etree

XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
# Attributes a browser loads or navigates to (plus SVG animation values, which can set an href).
URL_ATTRIBUTES = {"href", "src", "action", "formaction", XLINK_HREF, "xlink:href", "poster", "background",
                  "data", "cite", "ping", "srcset", "to", "from", "values", "by", "srcdoc"}
DANGEROUS_SCHEMES = ("javascript:", "data:", "vbscript:")
# Elements that load or run something whatever their attributes say; none of them is ours.
FOREIGN_ELEMENTS = {"iframe", "frame", "frameset", "object", "embed", "applet", "base", "portal",
                    "animate", "set", "handler", "listener", "foreignobject"}
# The scripts mkdocs-material and statuspress put on every page: inline ones by how they start, files by path.
OUR_INLINE_SCRIPTS = ("__md_scope=new URL(", "var palette=__md_get(", "var target=document.getElementById(")
OUR_SCRIPT_FILES = re.compile(r"^(?:\.\./|\./|/[\w./-]*?)*assets/(?:javascripts/bundle\.[0-9a-f]+\.min\.js"
                              r"|statuspress/statuspress\.js)$")
_STRIPPED = re.compile(r"[\x00-\x20\x7f-\x9f]+")


def dangerous_url(value: str) -> bool:
    """A URL a browser would run or render as a document: browsers drop ASCII whitespace and control
    characters inside the scheme, and entities are already decoded by the parser."""
    return _STRIPPED.sub("", value).lower().startswith(DANGEROUS_SCHEMES)


def _local(name: Any) -> str:
    text = name if isinstance(name, str) else ""
    return text.rsplit("}", 1)[-1].lower()


def _problems(root: Any, where: str, *, our_scripts: bool) -> list[str]:
    found: list[str] = []
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue  # comments
        tag = _local(el.tag)
        if tag == "script":
            if not (our_scripts and _is_ours(el)):
                found.append(f"{where}: <script {dict(el.attrib)}>{(el.text or '')[:80]!r}")
        elif tag in FOREIGN_ELEMENTS:
            found.append(f"{where}: <{tag} {dict(el.attrib)}>")
        elif tag == "meta" and el.get("http-equiv", "").lower() == "refresh":
            found.append(f"{where}: <meta http-equiv=refresh content={el.get('content')!r}>")
        for name, value in el.attrib.items():
            local = _local(name)
            if local.startswith("on"):
                found.append(f"{where}: <{tag}> has event handler {local}={value!r}")
            elif (name in URL_ATTRIBUTES or local in URL_ATTRIBUTES) and dangerous_url(value):
                found.append(f"{where}: <{tag}> {local}={value!r}")
            elif local == "style" and re.search(r"javascript:|expression\s*\(|url\s*\(", value, re.I):
                found.append(f"{where}: <{tag}> style={value!r}")
    return found


def _is_ours(script: Any) -> bool:
    src = script.get("src")
    text = script.text or ""
    if src is not None:
        return bool(OUR_SCRIPT_FILES.match(src)) and not text.strip()
    if script.get("id") == "__config" and script.get("type") == "application/json":
        try:
            json.loads(text)          # a payload that closed the element early would leave broken JSON
        except ValueError:
            return False
        return "</" not in text
    return text.startswith(OUR_INLINE_SCRIPTS) and "alert" not in text


def live_html(document: str | bytes, where: str, *, fragment: bool = False) -> list[str]:
    """Everything live in an HTML page (the theme's own scripts allowed) or fragment (no script at all)."""
    if fragment:
        root = html5lib.parseFragment(document, treebuilder="etree", namespaceHTMLElements=False)
    else:
        root = html5lib.parse(document, treebuilder="etree", namespaceHTMLElements=False)
    return _problems(root, where, our_scripts=not fragment)


def live_svg(document: bytes, where: str) -> list[str]:
    """Everything live in a standalone SVG file (parsed as XML, the way a browser opens one)."""
    root = etree.fromstring(document, parser=etree.XMLParser(resolve_entities=False, no_network=True))
    return _problems(root, where, our_scripts=False)


def elements(fragment: str) -> list[str]:
    """Tag names of every element in an HTML fragment, in document order."""
    root = html5lib.parseFragment(fragment, treebuilder="etree", namespaceHTMLElements=False)
    return [_local(el.tag) for el in root.iter() if isinstance(el.tag, str)][1:]  # [0] is the fragment root


def text_of(fragment: str) -> str:
    """The text a browser shows for an HTML fragment (entities decoded, tags dropped)."""
    root = html5lib.parseFragment(fragment, treebuilder="etree", namespaceHTMLElements=False)
    return "".join(root.itertext())
