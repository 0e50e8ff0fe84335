"""What each channel is owed this run, as messages, and what the ledger says after the sends. Pure."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from . import formats
from .changes import Event
from .channels import Channel
from .ledger import Ledger
from .messages import Message, Site, notice


@dataclass(frozen=True)
class Delivery:
    """One channel's work: messages in the order they must arrive (oldest event first)."""

    channel: Channel
    messages: tuple[Message, ...]
    start: frozenset[str]                             # the channel's ledger entries before this run
    settled: frozenset[str]                           # events done without a send this run
    parts: tuple[tuple[str, tuple[str, ...]], ...]    # (event id, keys of all its messages)

    def recorded(self, sent: Iterable[str]) -> frozenset[str]:
        """The channel's ledger entries once the messages with keys `sent` have gone out: an event whose
        every message went is listed by its id; for one half sent, the keys of the parts that went."""
        entries = set(self.start) | self.settled | set(sent)
        for event_id, keys in self.parts:
            if all(k in entries for k in keys):
                entries.difference_update(keys)
                entries.add(event_id)
        return frozenset(entries)


def plan(channels: Iterable[Channel], current: list[Event], ledger: Ledger, site: Site) -> list[Delivery]:
    return [_channel_plan(channel, current, ledger.done(channel.name), site) for channel in channels]


def _channel_plan(channel: Channel, current: list[Event], done: frozenset[str], site: Site) -> Delivery:
    owed = [e for e in current if e.id not in done]
    owed_ids = {e.id for e in owed}
    messages: list[Message] = []
    settled: set[str] = set()
    parts: list[tuple[str, tuple[str, ...]]] = []
    for event in owed:
        if not channel.wants(event.group, event.incident.component_ids):
            settled.add(event.id)      # not for this channel, now or later (a changed filter does not replay)
            continue
        if event.corrects in owed_ids:
            settled.add(event.id)      # the update itself is owed too, and goes out with the corrected text
            continue
        mine = formats.render(channel, notice(event, site))
        parts.append((event.id, tuple(m.key for m in mine)))
        messages += [m for m in mine if m.key not in done]
    return Delivery(channel, tuple(messages), done, frozenset(settled), tuple(parts))
