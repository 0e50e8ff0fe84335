"""The ledger: what each channel has been sent, published with the site as notify/ledger.json. Pure.

A static site built on a fresh CI runner remembers nothing but the repository and the site it
published, so that is where delivery state lives. For each channel the ledger holds the ids of the
events it is done with (sent, or not for it) and the keys of single messages already sent for an event
that is not done yet (a webhook sends an incident and then one message per component change).

Reading it: a channel is owed every current event that its entry does not list. A channel the ledger
does not know (the first run, or a channel just added) starts from the previously published site:
what that site showed counts as done, so it is told only what is new. Entries are pruned to the events
of the current site, so the file stays as small as the API's window.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from .snapshot import SnapshotError, decode_json

FORMAT = 1
PART = "+"      # message key = event id, or event id + "+" + part ("<id>+component:api")


def event_of(key: str) -> str:
    return key.split(PART, 1)[0]


@dataclass(frozen=True)
class Ledger:
    channels: Mapping[str, frozenset[str]] = field(default_factory=dict)

    def knows(self, channel: str) -> bool:
        return channel in self.channels

    def done(self, channel: str) -> frozenset[str]:
        return self.channels.get(channel, frozenset())

    def with_channel(self, channel: str, entries: Iterable[str]) -> Ledger:
        return Ledger({**self.channels, channel: frozenset(entries)})

    def pruned(self, channels: Iterable[str], event_ids: Iterable[str]) -> Ledger:
        """Only the configured channels, and only entries about events that still exist."""
        live = set(event_ids)
        wanted = set(channels)
        return Ledger({name: frozenset(k for k in keys if event_of(k) in live)
                       for name, keys in self.channels.items() if name in wanted})

    def to_json(self) -> bytes:
        """Deterministic bytes: the same state always writes the same file (CI compares them)."""
        doc = {"statuspress_notify_ledger": FORMAT,
               "channels": {name: sorted(self.channels[name]) for name in sorted(self.channels)}}
        return (json.dumps(doc, indent=1, ensure_ascii=True) + "\n").encode("ascii")


def starting_ledger(published: Ledger | None, previous_ids: Iterable[str] | None, current_ids: Iterable[str],
                    channels: Iterable[str]) -> Ledger:
    """Where this run starts: the published ledger, with every channel it does not know starting from
    the previous site's events (or, when nothing was ever published, from the current ones)."""
    current = list(current_ids)
    baseline = frozenset(current if previous_ids is None else previous_ids)
    ledger = published or Ledger()
    names = list(channels)
    for name in names:
        if not ledger.knows(name):
            ledger = ledger.with_channel(name, baseline)
    return ledger.pruned(names, current)


def parse_ledger(data: bytes, path: str) -> Ledger:
    """A published ledger; raises SnapshotError when it is not one."""
    doc = decode_json(data, path)
    channels = doc.get("channels") if isinstance(doc, dict) else None
    if not isinstance(doc, dict) or doc.get("statuspress_notify_ledger") != FORMAT or not isinstance(channels, dict):
        raise SnapshotError(f"{path}: not a statuspress notify ledger (format {FORMAT})")
    out: dict[str, frozenset[str]] = {}
    for name, keys in channels.items():
        if not isinstance(keys, list) or not all(isinstance(k, str) for k in keys):
            raise SnapshotError(f"{path}: channel {name!r} must list message ids")
        out[str(name)] = frozenset(keys)
    return Ledger(out)
