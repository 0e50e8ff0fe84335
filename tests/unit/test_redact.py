"""redact.py: what each audience sees of an incident and of git, driven by the `internal` flags in schema.py."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime
from pathlib import Path

import pytest
from unit_helpers import NOW, incident_of

from generator import schema
from generator.derive import derive_site
from generator.history import ChangeEntry, CommitInfo, Provenance, UpdateProvenance
from generator.model import ActionItem, Audience, Component, Disclosure, Incident, Review, SiteConfig
from generator.redact import for_audience, provenance_for

FULL = """\
title: Webhooks delayed
impact: major
urgency: high
components: {webhooks: partial_outage}
started_at: 2026-11-26T10:00:00Z
roles:
  incident_commander: Ana Lima
  technical_specialists: [Bo Chen]
tags: [queue]
updates:
  - {at: 2026-11-26T10:10:00Z, status: investigating, message: Webhooks are late.}
  - {at: 2026-11-26T11:00:00Z, status: resolved, message: Delivered.}
review:
  summary: A queue filled up.
  timeline:
    - {at: 2026-11-26T10:02:00Z, text: Queue depth alert fires for Ana Lima.}
    - {at: 2026-11-26T10:30:00Z, text: Extra consumers added., public: true}
  action_items:
    - {title: Alert earlier, owner: Bo Chen, type: detect, priority: P2, link: "https://tracker.example/OPS-1"}
  published_at: 2026-11-27T09:00:00Z
  authors: [Ana Lima]
"""
CONFIG = SiteConfig(root=Path("/p"), config_file=Path("/p/mkdocs.yml"), site_url="https://status.example.com/",
                    repo_url="https://git.example.com/status", components=(Component("webhooks", "Webhooks"),),
                    disclosure=Disclosure(internal_site_url="https://status.internal.example/"))


def public_view(incident: Incident, *opted_in: str) -> Incident:
    config = dataclasses.replace(CONFIG, disclosure=Disclosure(public=frozenset(opted_in)))
    _, shown = for_audience(config, (incident,), Audience.PUBLIC)
    assert len(shown) == 1
    return shown[0]


def test_the_public_sees_no_internal_field() -> None:
    full = incident_of(FULL)
    shown = public_view(full)
    assert (shown.roles, shown.urgency) == (None, None)
    assert shown.review is not None
    assert [e.text for e in shown.review.timeline] == ["Extra consumers added."]     # public: true only
    assert shown.review.authors == ()
    assert shown.review.action_items == (ActionItem("Alert earlier", None, full.review.action_items[0].type,
                                                    "P2", None, full.review.action_items[0].status, None),)
    # Everything else is as written.
    assert (shown.title, shown.tags, shown.updates, shown.review.summary) == (
        full.title, full.tags, full.updates, full.review.summary)


def test_priority_disappears_with_urgency() -> None:
    full = incident_of(FULL)
    internal = derive_site(*for_audience(CONFIG, (full,), Audience.INTERNAL), NOW).by_id["2026-11-26-x"]
    public = derive_site(*for_audience(CONFIG, (full,), Audience.PUBLIC), NOW).by_id["2026-11-26-x"]
    assert (internal.priority, public.priority) == ("P2", None)


@pytest.mark.parametrize(("opted_in", "kept"), [
    ("roles", lambda i: i.roles is not None and i.roles.incident_commander == "Ana Lima"),
    ("urgency", lambda i: i.urgency == "high"),
    ("review.timeline", lambda i: len(i.review.timeline) == 2),
    ("review.authors", lambda i: i.review.authors == ("Ana Lima",)),
    ("review.action_items.owner", lambda i: i.review.action_items[0].owner == "Bo Chen"),
    ("review.action_items.link", lambda i: i.review.action_items[0].link == "https://tracker.example/OPS-1"),
])
def test_a_site_can_make_each_internal_field_public(opted_in: str, kept: object) -> None:
    full = incident_of(FULL)
    assert kept(public_view(full, opted_in))                     # type: ignore[operator]
    assert not kept(public_view(full))                           # type: ignore[operator]


def test_every_internal_path_names_the_model_attribute_it_empties() -> None:
    """schema.py and model.py agree: each internal path leads through attributes of the same names."""
    model = {"": Incident, "roles": type(incident_of(FULL).roles), "review": Review,
             "review.timeline": type(incident_of(FULL).review.timeline[0]), "review.action_items": ActionItem}
    for path, _ in schema.internal_fields(schema.INCIDENT_FIELDS):
        parent, _, name = path.rpartition(".")
        assert name in {f.name for f in dataclasses.fields(model[parent])}, path
    assert set(schema.INTERNAL_PATHS) == {p for p, _ in schema.internal_fields(schema.INCIDENT_FIELDS)} | {
        "provenance.commits", "provenance.links", "provenance.authors", "provenance.emails", "provenance.messages"}


def test_drills_and_drafts() -> None:
    drill = dataclasses.replace(incident_of(FULL), id="2026-11-26-drill", drill=True)
    draft = incident_of(FULL.replace("  published_at: 2026-11-27T09:00:00Z\n", ""), name="2026-11-26-draft")
    _, public = for_audience(CONFIG, (drill, draft), Audience.PUBLIC)
    assert [i.id for i in public] == ["2026-11-26-draft"]
    assert (public[0].review, public[0].review_in_progress) == (None, True)
    internal_config, internal = for_audience(CONFIG, (drill, draft), Audience.INTERNAL)
    assert internal == (drill, draft)
    assert (internal_config.audience, internal_config.site_url) == (Audience.INTERNAL,
                                                                   "https://status.internal.example/")


def test_commit_links_need_the_site_to_opt_in() -> None:
    config, _ = for_audience(CONFIG, (), Audience.PUBLIC)
    assert (config.audience, config.site_url, config.repo_url) == (Audience.PUBLIC, CONFIG.site_url, None)
    opted = dataclasses.replace(CONFIG, disclosure=Disclosure(public=frozenset({"provenance.commits",
                                                                                "provenance.links"})))
    assert for_audience(opted, (), Audience.PUBLIC)[0].repo_url == CONFIG.repo_url


DANA = CommitInfo("a" * 40, "Dana Whitfield", "dana@example.com", datetime(2026, 11, 26, 10, tzinfo=UTC),
                  datetime(2026, 11, 26, 10, tzinfo=UTC), "Open the webhook incident")
PROVENANCE = Provenance(
    files={"2026-11-26-x": (DANA,), "2026-11-26-drill": (DANA,)},
    updates={("2026-11-26-x", 0): UpdateProvenance(DANA), ("2026-11-26-drill", 0): UpdateProvenance(DANA)},
    log=(ChangeEntry(DANA, "2026-11-26-x", "incidents/2026/2026-11-26-x.yml", "added"),
         ChangeEntry(DANA, "2026-11-26-drill", "incidents/2026/2026-11-26-drill.yml", "added")))


def public_config(*opted_in: str) -> SiteConfig:
    config = dataclasses.replace(CONFIG, disclosure=Disclosure(public=frozenset(opted_in)))
    return for_audience(config, (), Audience.PUBLIC)[0]


def test_the_public_sees_nothing_of_git_by_default() -> None:
    assert provenance_for(PROVENANCE, public_config(), ["2026-11-26-x"]) is None
    internal = for_audience(CONFIG, (), Audience.INTERNAL)[0]
    assert provenance_for(PROVENANCE, internal, ["2026-11-26-x"]) is PROVENANCE


def test_the_public_sees_only_the_opted_in_parts_of_git_and_only_about_what_it_sees() -> None:
    shown = provenance_for(PROVENANCE, public_config("provenance.commits"), ["2026-11-26-x"])
    assert shown is not None
    commit = dataclasses.replace(DANA, author_name="", author_email="", subject="")
    assert shown.files == {"2026-11-26-x": (commit,)}
    assert shown.updates == {("2026-11-26-x", 0): UpdateProvenance(commit)}
    assert [(e.incident_id, e.commit) for e in shown.log] == [("2026-11-26-x", commit)]
    names = provenance_for(PROVENANCE, public_config("provenance.authors", "provenance.messages"), ["2026-11-26-x"])
    assert names is not None
    assert names.files["2026-11-26-x"] == (dataclasses.replace(DANA, sha="", author_email=""),)
