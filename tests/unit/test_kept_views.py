"""derive/kept.py: serve reuses an unchanged incident's view from the last build only where the build time
cannot change it, and a build in another process takes it from a cache file on the same conditions, for
an incident read from the same digest under the same settings. Checked here on generated incidents:
wherever KeptViews reuses a view made at one build time, deriving it at the other build time gives an
equal view; and it does reuse closed incidents."""

from __future__ import annotations

import pickle
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.derive import Site, derive_site
from generator.derive.kept import KeptViews
from generator.derive.related import related_ids
from generator.derive.site import view_incident
from generator.derive.views import IncidentView
from generator.model import Audience, Component, Incident, SiteConfig
from generator.redact import for_audience
from generator.validate import validate_file
from tests.input.incident_strategies import COMPONENT_IDS, NOW, valid_files
from tests.unit.unit_helpers import source

CONFIG = SiteConfig(root=Path("/p"), config_file=Path("/p/mkdocs.yml"),
                    components=tuple(Component(i, i.title()) for i in COMPONENT_IDS))
# Build times before, at and after the generated incidents' times (all at or before NOW).
RESOLVED = """title: Errors
started_at: 2026-11-20T10:00:00Z
components: {api: partial_outage}
updates:
  - {at: 2026-11-20T10:05:00Z, status: investigating, message: Looking.}
  - {at: 2026-11-20T11:00:00Z, status: resolved, message: Fixed.}
"""
OFFSETS = st.integers(-400 * 24 * 60, 3 * 24 * 60).map(lambda minutes: NOW + timedelta(minutes=minutes))


def read(stem: str, text: str) -> Incident:
    result = validate_file(source(text, stem), COMPONENT_IDS, NOW)
    assert result.incident is not None, [p.message for p in result.problems.items]
    return result.incident


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(valid_files(), OFFSETS, OFFSETS)
def test_a_view_is_reused_only_where_deriving_it_again_gives_the_same(file: tuple[str, str], first: datetime,
                                                                     second: datetime) -> None:
    incident = read(*file)
    kept = KeptViews()
    kept.start()
    made_first = kept.view(incident, CONFIG, first, lambda: view_incident(incident, CONFIG, first))
    kept.start()
    made_second = kept.view(incident, CONFIG, second, lambda: view_incident(incident, CONFIG, second))
    assert made_second == view_incident(incident, CONFIG, second)
    if kept.made == 0:   # reused: the view made at `first` is the very object given at `second`
        assert made_second is made_first


def test_a_closed_incident_is_viewed_once_and_an_open_one_every_build() -> None:
    text = RESOLVED
    closed = read("2026-11-20-errors", text)
    still_open = read("2026-11-20-open", text.replace("status: resolved", "status: monitoring"))
    kept = KeptViews()
    first = None
    for hour in range(3):
        now = NOW + timedelta(hours=hour)
        kept.start()
        _, public = for_audience(CONFIG, (closed, still_open), Audience.PUBLIC, kept)
        site = derive_site(CONFIG, public, now, kept)
        assert site == derive_site(CONFIG, for_audience(CONFIG, (closed, still_open), Audience.PUBLIC)[1], now)
        assert kept.made == (2 if hour == 0 else 1)   # the open one only, after the first build
        if first is None:
            first = site.by_id["2026-11-20-errors"]
        assert site.by_id["2026-11-20-errors"] is first


def test_a_view_is_made_again_before_the_incidents_last_time_has_passed_at_both_builds() -> None:
    text = RESOLVED
    incident = read("2026-11-20-errors", text)
    kept = KeptViews()
    for now in (datetime(2026, 11, 20, 12, tzinfo=UTC), datetime(2026, 11, 20, 10, 30, tzinfo=UTC)):
        kept.start()
        view = kept.view(incident, CONFIG, now, lambda now=now: view_incident(incident, CONFIG, now))
        assert kept.made == 1
        assert view == view_incident(incident, CONFIG, now)


def test_similar_incidents_follow_changed_tags_and_components_and_are_kept_otherwise() -> None:
    text = """title: Errors {n}
started_at: 2026-11-2{n}T10:00:00Z
components: {{api: partial_outage}}
tags: [{tag}]
updates:
  - {{at: 2026-11-2{n}T11:00:00Z, status: resolved, message: Fixed.}}
"""
    first = read("2026-11-21-a", text.format(n=1, tag="db"))
    second = read("2026-11-22-b", text.format(n=2, tag="db"))
    retagged = read("2026-11-22-b", text.format(n=2, tag="dns").replace("api:", "dashboard:"))
    reworded = read("2026-11-22-b", text.format(n=2, tag="db").replace("Fixed.", "Mended."))
    kept = KeptViews()
    calls: list[int] = []

    def counted(incidents):   # noqa: ANN001, ANN202 - the signature of related_ids
        calls.append(len(incidents))
        return related_ids(incidents)

    for pair, calls_after in (((first, second), 1), ((first, reworded), 1), ((first, retagged), 2)):
        kept.start()
        assert kept.similar(pair, counted) == related_ids(pair)
        assert len(calls) == calls_after
    assert related_ids((first, second))["2026-11-22-b"] == ("2026-11-21-a",)
    assert related_ids((first, retagged))["2026-11-22-b"] == ()


def test_a_cache_file_keeps_the_similar_incidents_and_no_object() -> None:
    text = RESOLVED
    incident = read("2026-11-20-errors", text)
    kept = KeptViews()
    kept.start()
    kept.view(incident, CONFIG, NOW, lambda: view_incident(incident, CONFIG, NOW))
    kept.similar((incident,), related_ids)
    again = pickle.loads(pickle.dumps(kept))   # noqa: S301 - bytes this test just made
    calls: list[object] = []
    again.start()
    assert again.similar((read("2026-11-20-errors", text),), lambda pool: calls.append(pool) or {}) == \
        related_ids((incident,))
    assert calls == []
    again.view(incident, CONFIG, NOW, lambda: view_incident(incident, CONFIG, NOW))
    assert again.made == 1   # without what each incident was read from, no view is found


def _built(kept: KeptViews, incidents: tuple[Incident, ...], read_from: dict[str, bytes], now: datetime,
           audience: Audience = Audience.PUBLIC, config: SiteConfig = CONFIG) -> Site:
    """One build's derive with `kept`, as pipeline.run does it."""
    kept.start(read_from)
    config, shown = for_audience(config, incidents, audience, kept)
    return derive_site(config, shown, now, kept)


def _in_another_process(kept: KeptViews) -> KeptViews:
    again = pickle.loads(pickle.dumps(kept))   # noqa: S301 - bytes this test just made
    assert isinstance(again, KeptViews)
    return again


@pytest.mark.parametrize("audience", list(Audience))
def test_a_cache_file_keeps_closed_views_by_what_their_incidents_were_read_from(audience: Audience) -> None:
    closed = read("2026-11-20-errors", RESOLVED)
    still_open = read("2026-11-20-open", RESOLVED.replace("status: resolved", "status: monitoring"))
    read_from = {"2026-11-20-errors": b"errors, version 1", "2026-11-20-open": b"open, version 1"}
    first = KeptViews()
    _built(first, (closed, still_open), read_from, NOW, audience)
    assert first.made == 2

    # Another process reads both files again: new objects, the same digests.
    again = _in_another_process(first)
    incidents = (read("2026-11-20-errors", RESOLVED),
                 read("2026-11-20-open", RESOLVED.replace("status: resolved", "status: monitoring")))
    later = NOW + timedelta(days=3)
    site = _built(again, incidents, read_from, later, audience)
    assert again.made == 1   # the open incident's view only
    assert site == derive_site(*for_audience(CONFIG, incidents, audience), later)
    view = site.by_id["2026-11-20-errors"]
    assert view.incident is site.incidents[[v.id for v in site.incidents].index(view.id)].incident
    assert "digest" in view.__dict__   # its digest came with it, and is its own:
    assert view.digest == IncidentView.digest.func(view) == view_incident(view.incident, CONFIG, later).digest

    # And the next process again, from what the second one kept.
    third = _in_another_process(again)
    _built(third, incidents, read_from, later, audience)
    assert third.made == 1


def test_a_stored_view_is_not_taken_for_a_changed_file_other_settings_or_an_earlier_time() -> None:
    closed = read("2026-11-20-errors", RESOLVED)
    read_from = {"2026-11-20-errors": b"errors, version 1"}
    kept = KeptViews()
    _built(kept, (closed,), read_from, NOW)
    stored = pickle.dumps(kept)

    def made(read_from: dict[str, bytes], now: datetime, text: str = RESOLVED, config: SiteConfig = CONFIG,
             audience: Audience = Audience.PUBLIC) -> int:
        again = pickle.loads(stored)   # noqa: S301 - bytes this test just made
        incident = read("2026-11-20-errors", text)
        site = _built(again, (incident,), read_from, now, audience, config)
        assert site == derive_site(*for_audience(config, (incident,), audience), now)
        return again.made

    assert made(read_from, NOW) == 0
    edited = RESOLVED.replace("Fixed.", "Mended.")
    assert made({"2026-11-20-errors": b"errors, version 2"}, NOW, edited) == 1   # the file changed
    assert made({}, NOW) == 1                                                     # read without a cache
    assert made(read_from, datetime(2026, 11, 20, 10, 30, tzinfo=UTC)) == 1       # before it was resolved
    renamed = replace(CONFIG, components=(Component("api", "Public API"), *CONFIG.components[1:]))
    assert made(read_from, NOW, config=renamed) == 1                              # other site settings
    shows_more = replace(CONFIG, disclosure=replace(CONFIG.disclosure, public=frozenset({"roles"})))
    assert made(read_from, NOW, config=shows_more) == 1                           # the public sees more


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(valid_files(), OFFSETS, OFFSETS)
def test_a_view_from_a_cache_file_is_taken_only_where_deriving_it_again_gives_the_same(
        file: tuple[str, str], first: datetime, second: datetime) -> None:
    read_from = {file[0]: b"version 1"}
    kept = KeptViews()
    _built(kept, (read(*file),), read_from, first)
    again = _in_another_process(kept)
    incidents = (read(*file),)
    site = _built(again, incidents, read_from, second)
    assert site == derive_site(*for_audience(CONFIG, incidents, Audience.PUBLIC), second)


def test_a_cache_file_writes_back_as_read_the_groups_of_views_taken_back_unchanged() -> None:
    """Views are stored pickled in groups: a build that took a group's every view back writes its bytes
    back as read; a changed file's old and new groups alone are pickled again."""
    stems = [f"2026-11-{day:02d}-errors" for day in range(1, 21)]

    def incidents() -> tuple[Incident, ...]:
        return tuple(read(stem, RESOLVED.replace("2026-11-20", stem[:10])) for stem in stems)

    read_from = {stem: f"{stem}, version 1".encode() for stem in stems}
    first = KeptViews()
    _built(first, incidents(), read_from, NOW)
    again = _in_another_process(first)
    _built(again, incidents(), read_from, NOW)
    assert again.made == 0
    groups = again.__getstate__()["groups"]
    assert len(groups) > 2 and all(data is again._groups[number] for number, data in groups.items())

    edited = {**read_from, stems[3]: b"a new version"}
    third = _in_another_process(again)
    _built(third, incidents(), edited, NOW)
    assert third.made == 1
    written = third.__getstate__()["groups"]
    pickled_again = {number for number, data in written.items() if data is not third._groups.get(number)}
    assert 1 <= len(pickled_again) <= 2
    fourth = _in_another_process(third)
    site = _built(fourth, incidents(), edited, NOW)
    assert fourth.made == 0 and site == derive_site(*for_audience(CONFIG, incidents(), Audience.PUBLIC), NOW)


def test_a_view_made_again_the_same_keeps_its_group_as_read() -> None:
    """An incident that holds a time later than the build (an action item due next week) is viewed again at
    every build; when that view is the one the cache file kept, its group is still written back as read."""
    due = (NOW + timedelta(days=7)).date().isoformat()
    reviewed = RESOLVED + f"""review:
  summary: A queue filled up.
  action_items:
    - {{title: Alert earlier, owner: Platform, type: detect, priority: P2, due: {due}}}
  published_at: 2026-11-21T09:00:00Z
"""
    stems = [f"2026-11-{day:02d}-errors" for day in range(1, 21)]

    def incidents() -> tuple[Incident, ...]:
        return tuple(read(stem, reviewed.replace("2026-11-20", stem[:10])) for stem in stems)

    read_from = {stem: f"{stem}, version 1".encode() for stem in stems}
    first = KeptViews()
    _built(first, incidents(), read_from, NOW, Audience.INTERNAL)
    again = _in_another_process(first)
    site = _built(again, incidents(), read_from, NOW, Audience.INTERNAL)
    assert again.made == len(stems)   # each holds a time after the build: viewed again
    assert site == derive_site(*for_audience(CONFIG, incidents(), Audience.INTERNAL), NOW)
    groups = again.__getstate__()["groups"]
    assert len(groups) > 2 and all(data is again._groups[number] for number, data in groups.items())
