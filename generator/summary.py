"""What a pull request changes on the status page, as Markdown for a PR comment.

New incidents, new updates with the text subscribers will receive, published updates and fields
that changed (with the corrections that explain them), status changes of the page, its components
and its incidents at the build time, and the audit's violations. Which update is new and which was
changed is the audit's pairing (versions.py).

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

from .audit import AuditResult, FilePair, Snapshot
from .derive.site import Site, derive_site
from .load import Project
from .model import Audience, Incident, Update
from .redact import for_audience
from .versions import Change, FieldPair


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


def _update_lines(update: Update, corrections: int = 0) -> list[str]:
    """An update as subscribers read it; with the last `corrections` correction notes (those this change adds)."""
    lines = [f"**{_label(update.status)}** · {_when(update.at)}", "", *_quote(update.message)]
    for record in update.corrections[len(update.corrections) - corrections:] if corrections else ():
        lines += ["", f"_Corrected {_when(record.at)}: {_text(record.reason)}_"]
    return lines


def _value(value: object) -> str:
    if value is None:
        return "not given"
    if isinstance(value, datetime):
        return _when(value)
    if isinstance(value, tuple):
        return ", ".join(f"{k} ({_label(v).lower()})" for k, v in value) or "none"
    return _text(str(value))


def _field_line(incident: Incident, pair: FieldPair) -> str:
    head = (f"- **{_text(incident.title)}** ({_code(incident.id)}): {pair.field} was {_value(pair.old)}, "
            f"now {_value(pair.new)}.")
    notes = [f"_Corrected {_when(c.at)}: {_text(c.reason)}_" for c in incident.corrections
             if c.field == pair.field and (c.at, c.reason) in {(r.at, r.reason) for r in pair.records}]
    return " ".join([head, *notes]) if notes else head + " _Changed without a correction: see the audit below._"


def _changes(pairs: tuple[FilePair, ...]) -> tuple[list[tuple[Incident, list[Update]]],
                                                   list[tuple[Incident, list[tuple[Update, int]]]],
                                                   list[str]]:
    """From the audit's pairing (versions.py): appended updates, changed updates, changed fields."""
    appended: list[tuple[Incident, list[Update]]] = []
    changed: list[tuple[Incident, list[tuple[Update, int]]]] = []
    fields: list[str] = []
    for pair in sorted(pairs, key=lambda p: p.new.id if p.new else ""):
        if pair.new is None or pair.comparison is None:
            continue
        by_index = {u.index: u for u in pair.new.updates}
        fresh = [by_index[u.new.index] for u in pair.comparison.updates
                 if u.change is Change.APPENDED and u.new is not None]
        edited = [(by_index[u.new.index], len(u.added) if u.change is Change.CORRECTED else 0)
                  for u in pair.comparison.updates
                  if u.change in (Change.CORRECTED, Change.REWRITTEN) and u.new is not None]
        if fresh:
            appended.append((pair.new, fresh))
        if edited:
            changed.append((pair.new, sorted(edited, key=lambda e: e[0].index)))
        fields += [_field_line(pair.new, f) for f in pair.comparison.fields
                   if f.change in (Change.CORRECTED, Change.REWRITTEN)]
    return appended, changed, fields


def summarize(project: Project, base: Snapshot, audit: AuditResult, now: datetime,
              cwd: Path | None = None) -> str:
    """The PR comment: Markdown, deterministic for a given working tree, base and time."""
    # Status changes as subscribers see them: the public view (no drills) before and after.
    old_site = derive_site(*for_audience(project.config, tuple(sorted(base.incidents.values(), key=lambda i: i.id)),
                                         Audience.PUBLIC), now)
    new_site = derive_site(*for_audience(project.config, project.incidents, Audience.PUBLIC), now)
    new_incidents = sorted((audit.new_files or {}).values(), key=lambda i: i.id)
    appended, changed, fields = _changes(audit.pairs)
    # A drill is listed as new, but subscribers receive nothing of it.
    new_updates = sorted([(i, list(i.updates)) for i in new_incidents if i.updates and not i.drill]
                         + [(i, u) for i, u in appended if not i.drill], key=lambda item: item[0].id)

    out = [f"## Status page changes against {base.label}", ""]
    if new_incidents:
        out += ["### New incidents", "", *(_new_incident(i, new_site) for i in new_incidents), ""]
    if new_updates:
        out += ["### New updates", "", "What subscribers will receive, oldest first.", ""]
        for incident, updates in new_updates:
            out += [f"#### {_text(incident.title)} ({_code(incident.id)})", ""]
            for update in updates:
                out += [*_update_lines(update, len(update.corrections)), ""]
    if changed:
        out += ["### Changed updates", "", "Published updates that now read differently, as subscribers will "
                "see them.", ""]
        for incident, edits in changed:
            out += [f"#### {_text(incident.title)} ({_code(incident.id)})", ""]
            for update, added in edits:
                note = [] if added else ["", "_Changed without a correction: see the audit below._"]
                out += [*_update_lines(update, added), *note, ""]
    if fields:
        out += ["### Changed fields", "", *fields, ""]
    changes = _status_changes(old_site, new_site)
    if changes:
        out += [f"### Status changes (as of {_when(now)})", "", "| | before | after |", "|---|---|---|",
                *changes, ""]
    if not (new_incidents or new_updates or changed or fields or changes):
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
