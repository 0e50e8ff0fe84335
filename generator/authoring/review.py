"""`statuspress review ID`: draft a post-incident review in the incident's own file, from its own data.

The review is a draft (no `published_at`): only the internal build shows it, and the public
incident page says "Review in progress". The draft pre-fills what the file already knows (a
timeline of the response timestamps, the roles, detection and resolution sentences with the
computed metrics) and marks the rest TODO.
Missing response timestamps (detected_at, acknowledged_at, mitigated_at) are added with a best
guess from the public timeline and a `# TODO: check` comment, because the metrics need them.

Through the edit primitive (edit.py), the existing text is kept byte for byte: new top-level lines are
inserted after their neighbours and the `review:` block is appended, both emitted by ruamel.yaml's
round-trip dumper (comments included). The result must read back as the old data plus exactly the
new keys, and pass `statuspress check`'s validation, before it replaces the file atomically.
"""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from ..clock import format_utc
from ..config import SiteConfig
from ..derive.lifecycle import closing_update
from ..model import Incident
from ..problems import Problem
from ..render.filters import duration
from ..validate import FileVersion, validate_file
from .edit import Current, Edit, EditRefused, apply, refused

TIMESTAMP_ORDER = ("started_at", "detected_at", "acknowledged_at", "mitigated_at")
TODO = "TODO"


def _hm(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%H:%M UTC")


def guessed_timestamps(incident: Incident) -> dict[str, datetime]:
    """Best guesses for missing response timestamps: detected and acknowledged by the first public
    update, mitigated by the resolution. Never before `started_at`."""
    first = incident.updates[0].at if incident.updates else None
    closing = closing_update(incident.updates)
    out: dict[str, datetime] = {}
    if incident.detected_at is None and first is not None:
        out["detected_at"] = first
    detected = incident.detected_at or out.get("detected_at")
    if incident.acknowledged_at is None and first is not None:
        out["acknowledged_at"] = max(first, detected) if detected else first
    if incident.mitigated_at is None and closing is not None:
        out["mitigated_at"] = closing.at
    start = incident.started_at
    return {k: v for k, v in out.items() if start is None or v >= start}


def draft_review(incident: Incident, now: datetime) -> CommentedMap:
    """The review block for `incident`, with the metrics computed as if the guesses were right."""
    guesses = guessed_timestamps(incident)
    detected = incident.detected_at or guesses.get("detected_at")
    acked = incident.acknowledged_at or guesses.get("acknowledged_at")
    mitigated = incident.mitigated_at or guesses.get("mitigated_at")
    closing = closing_update(incident.updates)

    events: list[tuple[datetime, str]] = []
    if incident.started_at:
        events.append((incident.started_at, "Customer impact begins."))
    if detected:
        events.append((detected, "TODO: how it was detected (alert, customer report …)."))
    if acked:
        events.append((acked, "TODO: who acknowledged it and took command."))
    if mitigated:
        events.append((mitigated, "Customer impact mitigated. TODO: by what."))
    events.sort(key=lambda e: e[0])

    review = CommentedMap()
    review["summary"] = f"{TODO}: what happened, when, for how long and to whom, in a paragraph."
    review.yaml_set_comment_before_after_key(
        "summary", before=f"Drafted by `statuspress review` on {now.strftime('%Y-%m-%d')}: a draft, shown only "
        "in the internal build.\nReplace every TODO, then add published_at to publish it.", indent=2)
    review["impact"] = f"{TODO}: who was affected and how (numbers: requests, customers, minutes)."
    review["trigger"] = f"{TODO}: what set it off."
    review["root_cause"] = f"{TODO}: why it happened."
    review["contributing_factors"] = CommentedSeq([f"{TODO}: what made it worse or more likely."])
    start = incident.started_at
    if detected and start and detected >= start:
        review["detection"] = (f"Detected at {_hm(detected)}, {duration(detected - start)} after impact "
                               f"began. {TODO}: how (alert, customer report …).")
    else:
        review["detection"] = f"{TODO}: how we found out."
    if closing and start:
        review["resolution"] = (f"Resolved at {_hm(closing.at)}, {duration(closing.at - start)} after impact "
                                f"began. {TODO}: what fixed it.")
    else:
        review["resolution"] = f"{TODO}: how it was fixed."
    review["went_well"] = CommentedSeq([f"{TODO}"])
    review["went_wrong"] = CommentedSeq([f"{TODO}"])
    review["lucky"] = CommentedSeq([f"{TODO}"])
    review["lessons"] = f"{TODO}: what we learned."
    timeline = CommentedSeq()
    for at, text in events:
        item = CommentedMap()
        item["at"] = format_utc(at)
        item["text"] = text
        timeline.append(item)
    review["timeline"] = timeline
    review["action_items"] = CommentedSeq()
    roles = incident.roles
    authors = [a for a in ((roles.incident_commander, roles.communications_lead) if roles else ()) if a]
    review["authors"] = CommentedSeq(authors or [TODO])
    return review


def _dump(data: CommentedMap) -> str:
    rt = YAML(typ="rt")
    rt.indent(mapping=2, sequence=4, offset=2)
    rt.width = 100
    out = io.StringIO()
    rt.dump(data, out)
    # Timestamps read as timestamps when plain; ruamel quotes strings that look like them.
    return re.sub(r"'(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)'", r"\1", out.getvalue())


def _top_level_line(lines: list[str], key: str) -> int | None:
    pattern = re.compile(rf"^{re.escape(key)}\s*:")
    return next((n for n, line in enumerate(lines) if pattern.match(line)), None)


def scaffold_text(text: str, incident: Incident, now: datetime) -> tuple[str, dict[str, Any]]:
    """The file's text with the review appended (and missing timestamps inserted); also the keys added."""
    newline = "\r\n" if "\r\n" in text else "\n"
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += newline
    added: dict[str, Any] = {}
    for key, value in guessed_timestamps(incident).items():
        # Insert after the closest earlier timestamp key that is present; they are one-line scalars.
        before = TIMESTAMP_ORDER[:TIMESTAMP_ORDER.index(key)]
        anchor = max((n for k in before if (n := _top_level_line(lines, k)) is not None), default=None)
        line = f"{key}: {format_utc(value)}  # TODO: check; pre-filled by statuspress review{newline}"
        if anchor is None:
            raise ValueError(f"cannot place {key}: no started_at line at the top level")
        lines.insert(anchor + 1, line)
        added[key] = value
    review = CommentedMap()
    review["review"] = draft_review(incident, now)
    block = _dump(review).replace("\n", newline)
    added["review"] = review["review"]
    return "".join(lines) + block, added


def new_keys_only(before: FileVersion, after: FileVersion, added: set[str]) -> bool:
    """`after` holds the data of `before`, value for value as written, plus exactly the keys `added`."""
    old, new = before.data, after.data
    return old is not None and new is not None and set(new) == set(old) | added and all(new[k] == old[k] for k in old)


def scaffold_review(config: SiteConfig, path: Path, now: datetime, cwd: Path | None = None) -> list[Problem]:
    """Add a drafted review to the incident file at `path`; returns warnings. Raises EditRefused and
    writes nothing when the incident already has a review, is maintenance, or the result is invalid."""
    added: set[str] = set()

    def make(current: Current) -> str:
        result = validate_file(current.source, config.component_ids, now, config.levels)
        if any(p.is_error for p in result.problems.items):
            raise EditRefused(result.problems.items)
        incident = result.incident
        if incident is None:
            raise refused(current.display, "the file has errors; run statuspress check and fix them first")
        if incident.is_maintenance:
            raise refused(current.display, "maintenance windows take no post-incident review")
        if incident.review is not None or re.search(r"(?m)^review\s*:", current.source.text):
            raise refused(current.display, "this incident already has a review; edit it in the file")
        text, keys = scaffold_text(current.source.text, incident, now)
        added.update(keys)
        return text

    return apply(config, path, Edit("add a review", make, lambda old, new: new_keys_only(old, new, added)), now, cwd)


__all__ = ["draft_review", "guessed_timestamps", "new_keys_only", "scaffold_review", "scaffold_text"]
