"""The file name is the incident's permanent id: a safe slug whose date matches the incident."""

from __future__ import annotations

import posixpath
import re

from ..model import Incident
from ..problems import START, Problems
from .base import Marks

STEM = re.compile(r"^(\d{4})-(\d{2})-(\d{2})-([a-z0-9][a-z0-9-]*)$")
MAX_ID_LENGTH = 100


def check(incident: Incident, marks: Marks, problems: Problems) -> None:
    match = STEM.match(incident.id)
    if not match or len(incident.id) > MAX_ID_LENGTH:
        problems.error(START, f"file name {incident.id!r} is not a safe incident id: name it "
                       "YYYY-MM-DD-slug.yml with lowercase letters, digits and hyphens (at most 100)", "incident-id")
        return
    folder = posixpath.basename(posixpath.dirname(incident.path))   # the path as pathlib gives it: normalised
    if folder != match.group(1):
        problems.error(START, f"file is in folder {folder!r} but its name starts with {match.group(1)}; "
                       f"move it to incidents/{match.group(1)}/", "id-folder")
    when = incident.scheduled_start if incident.is_maintenance else incident.started_at
    field = "scheduled_start" if incident.is_maintenance else "started_at"
    if when is None:
        return
    day = when.date().isoformat()  # the model holds UTC times
    if incident.id[:10] != day:
        problems.error(marks.at(field), f"file name says {incident.id[:10]} but {field} is on {day} (UTC); "
                       f"rename the file to {day}{incident.id[10:]}.yml", "id-date")
