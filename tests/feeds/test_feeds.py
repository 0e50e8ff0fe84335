"""Atom, RSS and JSON Feed output read by third-party parsers: feedparser, jing (RFC 4287), jsonschema."""

from __future__ import annotations

import json
import shutil
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

import feedparser
import jsonschema
import pytest

from generator.derive import Site
from generator.render import feeds as feeds_module
from generator.render.feeds import FEED_LIMIT

from .conftest import ATOM_RNC, EXAMPLE_CONFIG, render

SITE_URL = "https://quillstack.github.io/status/"


def xml_feeds(files: dict[str, bytes]) -> list[str]:
    return sorted(p for p in files if p.endswith((".atom", ".rss")))




def expected_counts(site: Site) -> dict[str, int]:
    """How many entries each feed must have, counted from the derived model, not from our renderer."""
    every_update = min(sum(len(v.updates) for v in site.incidents), FEED_LIMIT)
    history = min(len(site.incidents), FEED_LIMIT)
    counts = {"feed.atom": every_update, "feed.rss": every_update, "feed.json": every_update,
              "history.atom": history, "history.rss": history}
    for v in site.incidents:
        counts[f"incidents/{v.id}/feed.atom"] = len(v.updates)
    for c in site.components:
        counts[f"components/{c.id}/feed.atom"] = min(sum(len(v.updates) for v in site.incidents
                                                         if c.component in v.affected), FEED_LIMIT)
    return counts


def test_every_feed_exists(example_files: dict[str, bytes], example_site: Site) -> None:
    assert set(expected_counts(example_site)) <= set(example_files)
    assert len(example_site.incidents) > 10 and len(example_site.components) > 10


def test_feedparser_reads_every_feed_with_right_counts(example_files: dict[str, bytes],
                                                        example_site: Site) -> None:
    counts = expected_counts(example_site)
    for path in xml_feeds(example_files):
        parsed = feedparser.parse(example_files[path])
        assert parsed.bozo == 0, (path, parsed.get("bozo_exception"))
        assert parsed.version == ("atom10" if path.endswith(".atom") else "rss20"), path
        assert len(parsed.entries) == counts[path], path
    # feedparser 6.0 does not read JSON Feed; its schema test is below.
    assert len(json.loads(example_files["feed.json"])["items"]) == counts["feed.json"]


def test_entries_newest_first_with_data_dates(example_files: dict[str, bytes]) -> None:
    for path in xml_feeds(example_files):
        parsed = feedparser.parse(example_files[path])
        # update feeds sort by posting time; history by last change (RSS has only pubDate, which moves)
        key = "published_parsed" if path.startswith(("feed.", "incidents/", "components/")) or \
            path.endswith(".rss") else "updated_parsed"
        dates = [e[key] for e in parsed.entries]
        assert dates == sorted(dates, reverse=True), path


def test_global_feed_has_every_update_of_the_active_incident(own_files: dict[str, bytes]) -> None:
    parsed = feedparser.parse(own_files["feed.atom"])
    ids = [e.id for e in parsed.entries]
    prefix = "tag:quillstack.github.io,2024:status/incidents/2026-11-28-delayed-events/updates/"
    assert ids[:2] == [prefix + str(n) for n in (1, 0)]
    top = parsed.entries[0]
    assert top.title == "Delayed event processing: Identified"
    assert top.link == SITE_URL + "incidents/2026-11-28-delayed-events/#update-2"  # the update itself
    assert top.published == "2026-11-28T11:38:00+00:00"
    assert "Event ingestion (degraded performance)" in top.content[0].value
    assert len(set(ids)) == len(ids)


def test_history_entry_updated_moves_with_each_update(own_files: dict[str, bytes], own_config: Path) -> None:
    parsed = feedparser.parse(own_files["history.atom"])
    entry = next(e for e in parsed.entries if e.id.endswith("incidents/2026-11-28-delayed-events"))
    assert entry.published == "2026-11-28T10:10:00+00:00"
    assert entry.updated == "2026-11-28T11:38:00+00:00"
    at = datetime(2026, 11, 28, 10, 15, tzinfo=UTC)
    earlier = feedparser.parse(render(own_config, at)["history.atom"])
    entry = next(e for e in earlier.entries if e.id.endswith("incidents/2026-11-28-delayed-events"))
    assert entry.updated == "2026-11-28T10:10:00+00:00"


def test_links_are_absolute_under_the_site_sub_path(example_files: dict[str, bytes]) -> None:
    for path in xml_feeds(example_files):
        parsed = feedparser.parse(example_files[path])
        assert parsed.feed.link.startswith(SITE_URL), path
        for entry in parsed.entries:
            assert entry.link.startswith(SITE_URL + "incidents/"), (path, entry.link)
    rss = feedparser.parse(example_files["feed.rss"])
    assert rss.feed.link == SITE_URL
    comp = feedparser.parse(example_files["components/api/feed.atom"])
    assert comp.feed.link == SITE_URL + "components/api/"
    self_links = [ln.href for ln in comp.feed.links if ln.rel == "self"]
    assert self_links == [SITE_URL + "components/api/feed.atom"]


def test_feeds_do_not_depend_on_the_build_clock(example_files: dict[str, bytes]) -> None:
    """Nothing was posted between 11:38 and 12:10, so a build 5 minutes later has the same feeds."""
    later = render(EXAMPLE_CONFIG, datetime(2026, 11, 28, 12, 5, tzinfo=UTC))
    for path in xml_feeds(example_files) + ["feed.json"]:
        assert later[path] == example_files[path], path
    for path in xml_feeds(example_files):
        assert b"2026-11-28T12:00" not in example_files[path], path


def test_ids_are_stable_when_new_updates_arrive() -> None:
    """An earlier build's entries keep their ids, titles and dates in a later build."""
    before = feedparser.parse(render(EXAMPLE_CONFIG, datetime(2026, 11, 28, 10, 15, tzinfo=UTC))["feed.atom"])
    after = feedparser.parse(render(EXAMPLE_CONFIG, datetime(2026, 11, 28, 12, 0, tzinfo=UTC))["feed.atom"])
    old = {e.id: (e.title, e.published, e.updated) for e in before.entries}
    new = {e.id: (e.title, e.published, e.updated) for e in after.entries}
    assert old.items() <= new.items()
    assert len(new) - len(old) == 3   # 10:38, 11:08 and 11:38


@pytest.mark.validators
def test_every_atom_file_validates_against_rfc4287_schema(example_dir: Path,
                                                          example_files: dict[str, bytes]) -> None:
    if not ATOM_RNC.is_file():
        pytest.skip(f"RFC 4287 RELAX NG schema not found at {ATOM_RNC}")
    if shutil.which("jing") is None:
        pytest.skip("jing is not installed (run `make test-tools`)")
    atoms = [str(example_dir / p) for p in example_files if p.endswith(".atom")]
    assert len(atoms) > 30
    result = subprocess.run(["jing", "-c", str(ATOM_RNC), *atoms], capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


# JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/): the fields the spec requires, and the types of
# the ones we use.
JSON_FEED_SCHEMA = {
    "type": "object",
    "required": ["version", "title", "items"],
    "properties": {
        "version": {"const": "https://jsonfeed.org/version/1.1"},
        "title": {"type": "string"},
        "home_page_url": {"type": "string", "format": "uri"},
        "feed_url": {"type": "string", "format": "uri"},
        "description": {"type": "string"},
        "language": {"type": "string"},
        "authors": {"type": "array", "items": {"type": "object", "anyOf": [
            {"required": ["name"]}, {"required": ["url"]}, {"required": ["avatar"]}]}},
        "items": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["id"],
                "anyOf": [{"required": ["content_html"]}, {"required": ["content_text"]}],
                "properties": {
                    "id": {"type": "string"},
                    "url": {"type": "string", "format": "uri"},
                    "title": {"type": "string"},
                    "content_html": {"type": "string"},
                    "content_text": {"type": "string"},
                    "date_published": {"type": "string", "format": "date-time"},
                    "date_modified": {"type": "string", "format": "date-time"},
                    "tags": {"type": "array", "items": {"type": "string"}},
                },
            },
        },
    },
}


def test_json_feed_validates_against_json_feed_1_1(example_files: dict[str, bytes],
                                                   example_site: Site) -> None:
    doc = json.loads(example_files["feed.json"])
    jsonschema.validate(doc, JSON_FEED_SCHEMA, format_checker=jsonschema.FormatChecker())
    atom = feedparser.parse(example_files["feed.atom"])
    assert [i["id"] for i in doc["items"]] == [e.id for e in atom.entries]
    dates = [datetime.fromisoformat(i["date_published"]) for i in doc["items"]]
    assert dates == sorted(dates, reverse=True)
    assert all(d <= example_site.now for d in dates)
    assert dates[0] - dates[-1] > timedelta(days=300)


def test_site_wide_feeds_keep_the_newest_entries_only(example_site: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    """Feeds are a window, not an archive: past the limit the oldest entries drop out, and
    per-incident feeds stay complete."""
    monkeypatch.setattr(feeds_module, "FEED_LIMIT", 5)
    files = feeds_module.render(example_site)
    newest = sorted(((u.at, v.id, u.index) for v in example_site.incidents for u in v.updates), reverse=True)[:5]
    parsed = feedparser.parse(files["feed.atom"])
    assert [e.id.rsplit("/", 3)[-3:] for e in parsed.entries] == [
        [vid, "updates", str(index)] for _, vid, index in newest]
    assert len(feedparser.parse(files["history.rss"]).entries) == 5
    assert len(json.loads(files["feed.json"])["items"]) == 5
    busiest = max(example_site.incidents, key=lambda v: len(v.updates))
    assert len(busiest.updates) > 5
    assert len(feedparser.parse(files[f"incidents/{busiest.id}/feed.atom"]).entries) == len(busiest.updates)
