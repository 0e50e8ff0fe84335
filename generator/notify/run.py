"""One notify run: read the site just built and what was published before, plan, send, record.

`prepare` runs before a deploy: it reads the published site (site_url, or a folder) while it is still
the previous one, and writes the ledger subscribers are at into the new site, so the deploy publishes
it and nothing is lost if the run stops after the deploy. `notify` runs after the deploy: it sends what
the ledger says each channel is owed and writes the ledger again with what went out, for CI to publish.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from ..manifest import ManifestError
from ..model import SiteConfig
from ..output import write_into_site
from .changes import Event, events
from .delivery import Result, deliver_all
from .fetch import FetchError, fetch_site, read_folder
from .ledger import Ledger, parse_ledger, starting_ledger
from .messages import Site
from .plan import Delivery, plan
from .retry import Backoff, Clock
from .snapshot import API_FILES, LEDGER, Snapshot, SnapshotError, parse


class NotifyError(Exception):
    """The run cannot start: no built site, an unreadable previous site. Nothing was sent."""


@dataclass(frozen=True)
class Outcome:
    deliveries: tuple[Delivery, ...]
    results: tuple[Result, ...] = ()
    notes: tuple[str, ...] = ()
    ledger_written: Path | None = None

    @property
    def ok(self) -> bool:
        return all(r.ok for r in self.results)


@dataclass(frozen=True)
class Start:
    current: Snapshot
    events: list[Event]
    ledger: Ledger
    notes: tuple[str, ...]


def starting_point(config: SiteConfig, site_dir: Path, previous_dir: Path | None, fetch_budget: float = 60,
                   use_site_ledger: bool = True) -> Start:
    """The site just built, its events, and the ledger this run starts from (see ledger.py)."""
    try:
        files = read_folder(site_dir)
        current = parse(files)
        site_ledger = parse_ledger(files[LEDGER], str(site_dir / LEDGER)) if LEDGER in files else None
    except SnapshotError as err:
        raise NotifyError(f"{err}; build the site first (statuspress build)") from None
    found = events(current)
    ids = [e.id for e in found]
    names = [c.name for c in config.channels]
    if use_site_ledger and site_ledger is not None and all(site_ledger.knows(n) for n in names):
        return Start(current, found, site_ledger.pruned(names, ids), ())
    previous, published, notes = _previous(config, previous_dir, fetch_budget)
    if use_site_ledger and site_ledger is not None:
        published = site_ledger
    if previous is not None and published is None and _same_api(previous, files):
        notes.append("the published site already shows everything this build does and has no notify ledger: "
                     "if it was deployed before notify ran, nothing new can be found; run "
                     "`statuspress notify --prepare` before the deploy")
    previous_ids = None if previous is None else [e.id for e in events(parse(previous))]
    return Start(current, found, starting_ledger(published, previous_ids, ids, names), tuple(notes))


def _previous(config: SiteConfig, previous_dir: Path | None,
              fetch_budget: float) -> tuple[dict[str, bytes] | None, Ledger | None, list[str]]:
    notes: list[str] = []
    try:
        if previous_dir is not None:
            files: dict[str, bytes] | None = read_folder(previous_dir)
            where = str(previous_dir)
        elif not config.site_url:
            raise NotifyError("mkdocs.yml has no site_url to read the published site from; set it, or pass "
                              "--previous DIR")
        else:
            files = fetch_site(config.site_url, fetch_budget)
            where = config.site_url
        if files is None:
            notes.append(f"nothing is published at {where} yet: everything in this build counts as sent")
            return None, None, notes
        parse(files)  # refuse a previous site that is not one before trusting its ids
        ledger = parse_ledger(files[LEDGER], f"{where} {LEDGER}") if LEDGER in files else None
    except (SnapshotError, FetchError) as err:
        raise NotifyError(f"cannot read the published site: {err}") from None
    return files, ledger, notes


def _same_api(previous: dict[str, bytes], current: dict[str, bytes]) -> bool:
    return all(previous.get(name) == current.get(name) for name in API_FILES)


def prepare(config: SiteConfig, site_dir: Path, previous_dir: Path | None, now: datetime) -> Outcome:
    """Before the deploy: write into the new site the ledger as the published site left it."""
    start = starting_point(config, site_dir, previous_dir, use_site_ledger=False)
    written = write_ledger(site_dir, start.ledger)
    deliveries = plan(config.channels, start.events, start.ledger, Site.of(start.current, now, config.clock))
    return Outcome(tuple(deliveries), notes=start.notes, ledger_written=written)


def notify(config: SiteConfig, site_dir: Path, previous_dir: Path | None, now: datetime, env: Mapping[str, str],
           dry_run: bool = False, budget: float = 60, backoff: Backoff | None = None,
           clock: Clock | None = None) -> Outcome:
    """Send every channel what it is owed (or, with dry_run, only plan it) and record what went out."""
    start = starting_point(config, site_dir, previous_dir)
    deliveries = plan(config.channels, start.events, start.ledger, Site.of(start.current, now, config.clock))
    if dry_run:
        return Outcome(tuple(deliveries), notes=start.notes)
    results = deliver_all(deliveries, env, config.root, budget, backoff or Backoff(), clock or Clock())
    ledger = start.ledger
    for delivery, result in zip(deliveries, results, strict=True):
        ledger = ledger.with_channel(delivery.channel.name, delivery.recorded(result.sent))
    written = write_ledger(site_dir, ledger)
    return Outcome(tuple(deliveries), tuple(results), start.notes, written)


def write_ledger(site_dir: Path, ledger: Ledger) -> Path:
    """site/notify/ledger.json, replaced atomically through the site folder's one writer (output.py), which
    also lists it in the site's manifest; never through a link that leads out of the site."""
    try:
        return write_into_site(site_dir, LEDGER, ledger.to_json())
    except (OSError, ManifestError) as err:
        raise NotifyError(str(err)) from err
