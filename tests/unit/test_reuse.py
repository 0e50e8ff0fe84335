"""The memo behind incremental builds (generator/render/reuse.py): what it records, when it reuses, and
digests that are the same in every process (so a cache written by one build serves the next)."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from generator import pipeline
from generator.load import load_project
from generator.render.reuse import Digests, Memo, Reuse
from tests.support.paths import EXAMPLE_CONFIG, REPO_ROOT

NOW = datetime(2026, 11, 28, 12, tzinfo=UTC)

DIGEST_SITE = """
from datetime import UTC, datetime
from generator import pipeline
from generator.load import load_project
from generator.render.reuse import Digests
from tests.support.paths import EXAMPLE_CONFIG
now = datetime(2026, 11, 28, 12, tzinfo=UTC)
site = pipeline.derive(load_project(EXAMPLE_CONFIG, now), now)
digests = Digests()
print(digests.of(site.incidents).hex(), digests.of(site.config).hex(), digests.of(site.months).hex())
"""


def example_site() -> Any:
    return pipeline.derive(load_project(EXAMPLE_CONFIG, NOW), NOW)


def test_digests_are_the_same_in_every_process() -> None:
    """pickle writes sets in hash order, which PYTHONHASHSEED changes: the digests must not."""
    seen = set()
    for seed in ("1", "2", "3"):
        env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(REPO_ROOT)}
        done = subprocess.run([sys.executable, "-c", DIGEST_SITE], env=env, capture_output=True, text=True,
                              check=True, timeout=120)
        seen.add(done.stdout.strip())
    assert len(seen) == 1


def test_equal_values_have_equal_digests_and_a_change_shows() -> None:
    one, other = example_site(), example_site()
    assert one.incidents[0] is not other.incidents[0]
    assert Digests().of(one.incidents) == Digests().of(other.incidents)
    view = one.incidents[0]
    changed = replace(view, incident=replace(view.incident, title=view.incident.title + "!"))
    assert Digests().of(changed) != Digests().of(view)


def test_a_value_pickle_cannot_write_is_never_taken_for_an_earlier_one() -> None:
    def unpicklable() -> None:
        pass

    assert Digests().of((unpicklable,)) != Digests().of((unpicklable,))


def test_reads_are_recorded_and_a_change_to_one_of_them_makes_the_output_again() -> None:
    site = example_site()
    first, second = site.incidents[0], site.incidents[1]
    made: list[str] = []

    def make(seen: Any, _: object) -> str:
        made.append("made")
        return f"{seen.by_id[first.id].title} {'x' in seen.by_id} {seen.config.site_name}"

    reuse = Reuse(b"fingerprint")
    value = Memo(site, None, reuse).get("slot", ("own",), make)
    assert reuse.current["slot"].reads == (("site", "by_id", first.id), ("site", "by_id", "x"), ("site", "config"))
    assert Memo(site, None, reuse.next()).get("slot", ("own",), make) == value and len(made) == 1

    # Another incident changes: not read, reused. The incident read changes: made again.
    others = dict(site.by_id)
    others[second.id] = replace(second, incident=replace(second.incident, title="Something else"))
    again = reuse.next()
    Memo(replace(site, by_id=others), None, again).get("slot", ("own",), make)
    assert len(made) == 1 and again.rendered == []
    others[first.id] = replace(first, incident=replace(first.incident, title="Renamed"))
    again = again.next()
    assert Memo(replace(site, by_id=others), None, again).get("slot", ("own",), make).startswith("Renamed")
    assert len(made) == 2 and again.rendered == ["slot"]

    # Its own values, or the fingerprint, differ: made again.
    Memo(site, None, again.next()).get("slot", ("other own",), make)
    Memo(site, None, Reuse(b"another fingerprint", reuse.current)).get("slot", ("own",), make)
    assert len(made) == 4


def test_a_cache_file_writes_back_as_read_the_groups_whose_outputs_were_all_reused() -> None:
    """Outputs are stored pickled in groups by slot: a build that reused a group's every output writes its
    bytes back as read; a changed output's group alone is pickled again."""
    site = example_site()
    slots = [f"incidents/page-{number}.md" for number in range(200)]

    def build(reuse: Reuse, title: str = "") -> Reuse:
        memo = Memo(site, None, reuse)
        for slot in slots:
            shown = title if slot == slots[7] else ""
            memo.get(slot, (slot, shown), lambda seen, _, slot=slot, shown=shown: f"{slot} {shown}")
        return reuse

    def in_another_process(reuse: Reuse) -> Reuse:
        again = pickle.loads(pickle.dumps(reuse.next()))   # noqa: S301 - bytes this test just made
        assert isinstance(again, Reuse) and again.fingerprint == reuse.fingerprint
        return again

    first = build(Reuse(b"fingerprint"))
    second = build(in_another_process(first))
    assert second.rendered == [] and second.previous.keys() == first.current.keys()
    groups = second.next().__getstate__()["groups"]
    assert len(groups) > 10 and all(data is second.groups_read[number][0] for number, data in groups.items())

    third = build(in_another_process(second), title="a new title")
    assert third.rendered == [slots[7]]
    written = third.next().__getstate__()["groups"]
    pickled_again = [number for number, data in written.items() if data is not third.groups_read[number][0]]
    assert len(pickled_again) == 1
    fourth = in_another_process(third)
    assert fourth.previous[slots[7]].value == f"{slots[7]} a new title"
    assert build(fourth, title="a new title").rendered == []


def test_in_one_process_own_values_known_unchanged_are_not_digested(monkeypatch: pytest.MonkeyPatch) -> None:
    """serve: an output whose own values are equal texts and the very same incident views as the last
    build's is reused without digesting them; an equal copy, or a list (which could have changed in place),
    goes through the digests; a changed value makes the output again."""
    site = example_site()
    view = site.incidents[0]
    made: list[str] = []

    def make(seen: Any, _: object) -> str:
        made.append("made")
        return f"{seen.config.site_name} {len(made)}"

    first = Reuse(b"fingerprint")
    Memo(site, None, first).get("incidents/a.md", ("incidents/a/", "Title", {"view": view}), make)
    Memo(site, None, first).get("tags/b.md", ("tags/b/", ["a list"]), make)
    keyed: list[str] = []
    real_key = Memo._key

    def spy(self: Memo, slot: str, own: tuple[object, ...]) -> bytes:
        keyed.append(slot)
        return real_key(self, slot, own)

    monkeypatch.setattr(Memo, "_key", spy)
    second = first.next()
    Memo(site, None, second).get("incidents/a.md", (f"incidents/{'a'}/", "Title", {"view": view}), make)
    Memo(site, None, second).get("tags/b.md", ("tags/b/", ["a list"]), make)
    assert made == ["made", "made"] and keyed == ["tags/b.md"]   # both reused; only the list was digested

    third = second.next()
    Memo(site, None, third).get("incidents/a.md", ("incidents/a/", "Title", {"view": replace(view)}), make)
    assert made == ["made", "made"] and keyed == ["tags/b.md", "incidents/a.md"]   # an equal copy: digested
    fourth = third.next()
    Memo(site, None, fourth).get("incidents/a.md", ("incidents/a/", "New title", {"view": view}), make)
    assert len(made) == 3 and fourth.rendered == ["incidents/a.md"]


@pytest.mark.parametrize("library", ["mkdocs-material", "feedgen", "lxml", "icalendar", "nh3"])
def test_the_fingerprint_follows_the_version_of_each_library_that_writes_outputs(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, library: str) -> None:
    """A reused feed or calendar event is what the last build's feedgen or icalendar wrote: after an upgrade
    that writes other bytes, nothing stored under the old versions may be offered."""
    from generator import cache as cache_module

    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: Example\n", encoding="utf-8")
    cache = cache_module.Cache(config, pytest.fail)
    before = cache.fingerprint(None)
    real = cache_module._version
    monkeypatch.setattr(cache_module, "_version", lambda name: "0.0-upgraded" if name == library else real(name))
    assert cache.fingerprint(None) != before


def test_the_pages_that_say_the_build_day_are_the_same_a_moment_later() -> None:
    """The action items and metrics pages say "as of" and "to" the build's day: rendered moments apart on
    one day they are byte for byte the same (serve and --incremental reuse them), and they move with the day.
    The home page says the moment, so it differs."""
    from generator.render.pages import environment, render_body, site_pages

    env = environment(REPO_ROOT / "overrides")

    def bodies(now: datetime) -> dict[str, str]:
        site = pipeline.derive(load_project(EXAMPLE_CONFIG, now), now)
        return {page.src_uri: render_body(env, page, site, "/" + page.src_uri.removesuffix(".md") + "/")
                for page in site_pages(site) if page.src_uri in ("reviews/actions.md", "metrics.md", "index.md")}

    now, soon = bodies(NOW), bodies(NOW + timedelta(seconds=41))
    tomorrow = bodies(NOW + timedelta(days=1))
    for page in ("reviews/actions.md", "metrics.md"):
        assert now[page] == soon[page] != tomorrow[page], page
        assert '<time datetime="2026-11-28">28 Nov 2026</time>' in now[page]
    assert now["index.md"] != soon["index.md"]
