"""Shields-style status badges: badge.svg for the page, components/<id>/badge.svg for each component.

Flat two-part badges (grey label, coloured message) like shields.io's, with a <title> and an
aria-label so screen readers and hover tooltips say the same as the picture. Text widths come from a
fixed per-character table (Verdana 11px, as shields uses), so the same text always gives the same bytes.
"""

from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr

from ..derive import Site
from ..derive.status import UNDER_MAINTENANCE
from ..model import ComponentStatus, Impact

SVG_NS = "http://www.w3.org/2000/svg"
LABEL_COLOUR = "#555"
# Colours with at least 4.5:1 contrast against white text (WCAG AA), in shields' hues.
INDICATOR_COLOUR = {
    Impact.NONE: "#2e7d32",       # green
    Impact.MINOR: "#8a6d00",      # yellow-brown
    Impact.MAJOR: "#c2410c",      # orange
    Impact.CRITICAL: "#c62828",   # red
}
STATUS_COLOUR = {
    ComponentStatus.OPERATIONAL: INDICATOR_COLOUR[Impact.NONE],
    ComponentStatus.DEGRADED_PERFORMANCE: INDICATOR_COLOUR[Impact.MINOR],
    ComponentStatus.PARTIAL_OUTAGE: INDICATOR_COLOUR[Impact.MAJOR],
    ComponentStatus.MAJOR_OUTAGE: INDICATOR_COLOUR[Impact.CRITICAL],
    ComponentStatus.UNDER_MAINTENANCE: "#1565c0",   # blue
}
MAINTENANCE_COLOUR = STATUS_COLOUR[ComponentStatus.UNDER_MAINTENANCE]

_NARROW = set("fijlrtI!|.,:;'()[] ")
_WIDE = set("mwMW@%")


def text_width(text: str) -> int:
    """Approximate rendered width in px of `text` in 11px Verdana."""
    width = 0.0
    for ch in text:
        if ch in _NARROW:
            width += 3.9
        elif ch in _WIDE:
            width += 10.5
        elif ch.isupper() or ch.isdigit():
            width += 7.6
        else:
            width += 6.6
    return int(round(width))


def badge(label: str, message: str, colour: str) -> bytes:
    lw = text_width(label) + 10
    mw = text_width(message) + 10
    total = lw + mw
    title = f"{label}: {message}"
    aria = quoteattr(title)
    shadow = 'fill="#010101" fill-opacity=".3" aria-hidden="true"'
    svg = f"""<svg xmlns="{SVG_NS}" width="{total}" height="20" role="img" aria-label={aria}>
  <title>{escape(title)}</title>
  <linearGradient id="s" x2="0" y2="100%">
    <stop offset="0" stop-color="#bbb" stop-opacity=".1"/>
    <stop offset="1" stop-opacity=".1"/>
  </linearGradient>
  <clipPath id="r"><rect width="{total}" height="20" rx="3" fill="#fff"/></clipPath>
  <g clip-path="url(#r)">
    <rect width="{lw}" height="20" fill="{LABEL_COLOUR}"/>
    <rect x="{lw}" width="{mw}" height="20" fill="{colour}"/>
    <rect width="{total}" height="20" fill="url(#s)"/>
  </g>
  <g fill="#fff" text-anchor="middle" font-family="Verdana,Geneva,DejaVu Sans,sans-serif" font-size="11">
    <text x="{lw / 2:g}" y="15" {shadow}>{escape(label)}</text>
    <text x="{lw / 2:g}" y="14">{escape(label)}</text>
    <text x="{lw + mw / 2:g}" y="15" {shadow}>{escape(message)}</text>
    <text x="{lw + mw / 2:g}" y="14">{escape(message)}</text>
  </g>
</svg>
"""
    return svg.encode("utf-8")


def page_badge(site: Site) -> bytes:
    indicator = site.page.indicator
    colour = INDICATOR_COLOUR[indicator]
    if site.page.description == UNDER_MAINTENANCE:
        colour = MAINTENANCE_COLOUR
    return badge("status", site.page.description.lower(), colour)


def render(site: Site) -> dict[str, bytes]:
    out = {"badge.svg": page_badge(site)}
    for view in site.components:
        out[f"components/{view.id}/badge.svg"] = badge(
            view.component.name, view.status.label.lower(), STATUS_COLOUR[view.status])
    return out
