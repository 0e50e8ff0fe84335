"""One published state of the site as notify sees it: the public API's incidents and maintenance. No I/O.

A snapshot is parsed from the bytes of the files a site serves (site-root-relative paths), whether
they were read from a folder or fetched from site_url. Those bytes are treated as untrusted: a
previous site may have been built by another version or tampered with, so the shape is checked here
and a bad file is a SnapshotError with its path, never a crash further on.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

INCIDENTS = "api/v2/incidents.json"
MAINTENANCE = "api/v2/scheduled-maintenances.json"
STATUS = "api/v2/status.json"
LEDGER = "notify/ledger.json"
API_FILES = (INCIDENTS, MAINTENANCE, STATUS)
MAX_FILE_BYTES = 32 * 1024 * 1024

Json = dict[str, Any]
_UPDATE_KEYS = ("id", "status", "body", "created_at", "updated_at")
_INCIDENT_KEYS = ("id", "name", "status", "shortlink")


class SnapshotError(ValueError):
    """A file of the site is missing or not what the public API writes."""


@dataclass(frozen=True)
class Incident:
    """One incident or maintenance window as the API lists it; `data` is its API object, unchanged."""

    data: Json
    is_maintenance: bool

    @property
    def id(self) -> str:
        return str(self.data["id"])

    @property
    def component_ids(self) -> tuple[str, ...]:
        return tuple(str(c["id"]) for c in self.data.get("components") or [] if isinstance(c, dict))

    @property
    def updates(self) -> list[Json]:
        """Oldest first (the API lists them newest first)."""
        return list(reversed(self.data["incident_updates"]))


@dataclass(frozen=True)
class Snapshot:
    page: Json                     # the API's `page` object: id, name, url
    status: Json                   # status.json's `status`: indicator, description ({} when absent)
    incidents: tuple[Incident, ...]


def parse(files: dict[str, bytes]) -> Snapshot:
    """The snapshot in `files` (site-root-relative path → bytes); raises SnapshotError."""
    incidents = _document(files, INCIDENTS)
    maintenance = _document(files, MAINTENANCE)
    status = _document(files, STATUS).get("status", {}) if STATUS in files else {}
    page = incidents.get("page")
    if not isinstance(page, dict) or not isinstance(status, dict):
        raise SnapshotError(f"{INCIDENTS}: no 'page' object; is this a statuspress site?")
    items = [Incident(item, False) for item in _list(incidents, "incidents", INCIDENTS)]
    items += [Incident(item, True) for item in _list(maintenance, "scheduled_maintenances", MAINTENANCE)]
    return Snapshot(page, status, tuple(items))


def decode_json(data: bytes, path: str) -> Any:
    if len(data) > MAX_FILE_BYTES:
        raise SnapshotError(f"{path}: larger than {MAX_FILE_BYTES // (1024 * 1024)} MB")
    try:
        return json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        raise SnapshotError(f"{path}: not JSON ({err})") from None
    except RecursionError:
        raise SnapshotError(f"{path}: nested too deeply") from None


def _document(files: dict[str, bytes], path: str) -> Json:
    if path not in files:
        raise SnapshotError(f"{path} is missing")
    doc = decode_json(files[path], path)
    if not isinstance(doc, dict):
        raise SnapshotError(f"{path}: expected a JSON object")
    return doc


def _list(doc: Json, key: str, path: str) -> list[Json]:
    items = doc.get(key)
    if not isinstance(items, list):
        raise SnapshotError(f"{path}: no {key!r} list")
    for n, item in enumerate(items):
        where = f"{path}: {key}[{n}]"
        if not isinstance(item, dict) or not all(isinstance(item.get(k), str) for k in _INCIDENT_KEYS):
            raise SnapshotError(f"{where} lacks one of {', '.join(_INCIDENT_KEYS)}")
        updates = item.get("incident_updates")
        if not isinstance(updates, list) or not all(
                isinstance(u, dict) and all(isinstance(u.get(k), str) for k in _UPDATE_KEYS) for u in updates):
            raise SnapshotError(f"{where}: incident_updates must be objects with {', '.join(_UPDATE_KEYS)}")
    return items
