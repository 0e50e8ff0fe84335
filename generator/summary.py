"""What a pull request changes on the status page, as Markdown for a PR comment.

New incidents, new updates with the text subscribers will receive, status changes of the page,
its components and its incidents at the build time, and the audit's violations.

Every free-text value (titles, component names, messages, correction reasons, audit messages) is
written as Markdown that shows exactly its text: titles and names on one line, and nothing in them
can make a heading, list, table, link (bare URLs included), image, HTML, emphasis or a GitHub
@mention of its own.
Messages are quoted line by line as typed (their Markdown shown, not applied), so a message cannot
forge the comment's structure either.
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

from .audit import AuditResult, Snapshot, _repo_path
from .derive.site import Site, derive_site
from .load import Project
from .model import Audience, Incident, Update
from .redact import for_audience


def _when(value: datetime) -> str:
    return value.strftime("%Y-%m-%d %H:%M UTC")


def _label(status: str) -> str:
    return status.replace("_", " ").capitalize()


# Backslash escapes where CommonMark (GitHub) and Python-Markdown both honour them; character
# references for the rest (an entity is always text, never syntax, in both).
_ESCAPES = {**{c: "\\" + c for c in "\\`*_[]|#+-.!()"},
            "&": "&amp;", "<": "&lt;", ">": "&gt;", "~": "&#126;", "$": "&#36;", "=": "&#61;"}
_INLINE = re.compile(r"[\\`*_\[\]|&<>~$]")
_LINE_START = re.compile(r"^(?:[#+\-=]|\d+[.)])")      # headings, list items, setext underlines
_MENTION = re.compile(r"@(?=[A-Za-z0-9])")              # GitHub links and notifies @name
_AUTOLINK = re.compile(r"(?<=[A-Za-z]):(?=//)|(?<=www)\.", re.IGNORECASE)  # GitHub links bare URLs


def _text(value: str) -> str:
    """`value` as one line of Markdown showing exactly its text (whitespace runs and line breaks,
    Unicode ones included, become one space)."""
    line = _INLINE.sub(lambda m: _ESCAPES[m.group()], " ".join(value.split()))
    line = _LINE_START.sub(lambda m: m.group()[:-1] + _ESCAPES[m.group()[-1]], line)
    line = _AUTOLINK.sub(lambda m: f"&#{ord(m.group())};", line)
    return _MENTION.sub("@&#8203;", line)   # a zero-width space keeps the @ and stops the mention


def _quote(text: str) -> list[str]:
    """A message as a block quote, one quoted line per line typed; blank lines keep paragraphs apart."""
    return [("> " + _text(line)).rstrip() for line in text.strip().splitlines()]


def _code(text: str) -> str:
    return "`" + " ".join(text.split()).replace("`", "'") + "`"


def _new_incident(incident: Incident, site: Site) -> str:
    names = {c.id: c.name for c in site.config.components}
    kind = "maintenance" if incident.is_maintenance else f"{incident.impact.value} incident"
    if incident.drill:
        kind = f"{incident.impact.value} drill (internal build only: subscribers see nothing of it)"
    if incident.is_maintenance and incident.scheduled_start and incident.scheduled_end:
        when = f"scheduled {_when(incident.scheduled_start)} to {_when(incident.scheduled_end)}"
    else:
        when = f"started {_when(incident.started_at)}" if incident.started_at else "no start time"
    affects = ", ".join(f"{_text(names.get(c, c))} ({_label(s.value).lower()})"
                        for c, s in incident.components.items())
    return (f"- **{_text(incident.title)}** {_code(incident.id)}: {kind}, {when}"
            + (f"; affects {affects}" if affects else ""))


def _update_lines(update: Update) -> list[str]:
    lines = [f"**{_label(update.status)}** · {_when(update.at)}", "", *_quote(update.message)]
    if update.corrected is not None:
        lines += ["", f"_Corrected {_when(update.corrected.at)}: {_text(update.corrected.reason)}_"]
    return lines


def summarize(project: Project, base: Snapshot, audit: AuditResult, now: datetime,
              cwd: Path | None = None) -> str:
    """The PR comment: Markdown, deterministic for a given working tree, base and time."""
    checkout = base.checkout
    work = {p: i for i in project.incidents if (p := _repo_path(checkout, i.path, cwd)) is not None}
    base_by_id = {i.id: i for i in base.incidents.values()}
    # Status changes as subscribers see them: the public view (no drills) before and after.
    old_site = derive_site(*for_audience(project.config, tuple(sorted(base.incidents.values(), key=lambda i: i.id)),
                                         Audience.PUBLIC), now)
    new_site = derive_site(*for_audience(project.config, project.incidents, Audience.PUBLIC), now)

    new_incidents = [i for p, i in sorted(work.items()) if p not in base.incidents and i.id not in base_by_id]
    new_updates: list[tuple[Incident, list[Update]]] = []
    for incident in sorted(work.values(), key=lambda i: i.id):
        if incident.drill:
            continue
        old = base_by_id.get(incident.id)
        published = {(u.at, u.status, u.message) for u in old.updates} if old else set()
        fresh = [u for u in incident.updates if (u.at, u.status, u.message) not in published]
        if fresh:
            new_updates.append((incident, fresh))

    out = [f"## Status page changes against {base.label}", ""]
    if new_incidents:
        out += ["### New incidents", "", *(_new_incident(i, new_site) for i in new_incidents), ""]
    if new_updates:
        out += ["### New updates", "", "What subscribers will receive, oldest first.", ""]
        for incident, updates in new_updates:
            out += [f"#### {_text(incident.title)} ({_code(incident.id)})", ""]
            for update in updates:
                out += [*_update_lines(update), ""]
    changes = _status_changes(old_site, new_site)
    if changes:
        out += [f"### Status changes (as of {_when(now)})", "", "| | before | after |", "|---|---|---|",
                *changes, ""]
    if not (new_incidents or new_updates or changes):
        out += ["No incident, update or status changes.", ""]
    out += ["### Audit", ""]
    if audit.errors:
        count = len(audit.errors)
        out += [f"{count} violation{'s' * (count != 1)} of the append-only rule:", ""]
        out += [f"- {_code(f'{p.path}:{p.line}:{p.col}')} {_text(p.message)}" for p in audit.errors]
    else:
        out += [f"No violations: every update published at {base.label} is unchanged or explicitly "
                "corrected."]
    warnings = [p for p in audit.problems if not p.is_error]
    if warnings:
        out += ["", *(f"- warning: {_code(f'{p.path}:{p.line}:{p.col}')} {_text(p.message)}"
                      for p in warnings)]
    return "\n".join(out).rstrip("\n") + "\n"


def _status_changes(old: Site, new: Site) -> list[str]:
    rows = []
    if old.page.description != new.page.description:
        rows.append(f"| Page | {old.page.description} | {new.page.description} |")
    old_components = {c.id: c.status for c in old.components}
    for view in new.components:
        before = old_components.get(view.id)
        if before is not None and before != view.status:
            rows.append(f"| {_text(view.component.name)} | {before.label} | {view.status.label} |")
    for incident in new.incidents:
        before_view = old.by_id.get(incident.id)
        was = _label(before_view.life.status) if before_view else "(new)"
        now = _label(incident.life.status)
        if was != now:
            rows.append(f"| {_text(incident.title)} | {was} | {now} |")
    return rows


__all__ = ["summarize"]
