"""pipeline.py: one function from a checked project to what a build shows, with the build time as a value."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from generator import pipeline
from generator.load import load_project
from generator.model import Audience
from generator.problems import START, Problems
from tests.support.paths import EXAMPLE_CONFIG, REPO_ROOT

AT = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
DRILL = "2026-10-14-query-database-failover-game-day"


@pytest.fixture(scope="module")
def project() -> pipeline.Project:
    return load_project(EXAMPLE_CONFIG, AT)


def test_the_build_time_is_the_value_given(project: pipeline.Project) -> None:
    earlier = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
    assert pipeline.run(project, AT, history=False).site.now == AT
    assert pipeline.run(project, earlier, history=False).site.now == earlier


def test_the_audience_narrows_what_is_derived(project: pipeline.Project) -> None:
    public = pipeline.run(project, AT, history=False)
    internal = pipeline.run(project, AT, Audience.INTERNAL, history=False)
    assert public.site.config.audience is Audience.PUBLIC and internal.site.config.audience is Audience.INTERNAL
    assert DRILL in internal.site.by_id and DRILL not in public.site.by_id
    assert f"incidents/{DRILL}.md" in {p.src_uri for p in internal.pages}
    assert f"incidents/{DRILL}.md" not in {p.src_uri for p in public.pages}


def test_files_and_pages_come_out_in_a_fixed_order(project: pipeline.Project) -> None:
    first, second = pipeline.run(project, AT, history=False), pipeline.run(project, AT, history=False)
    assert list(first.files) == sorted(first.files)
    assert first.files == second.files
    assert [p.src_uri for p in first.pages] == [p.src_uri for p in second.pages]


def test_without_history_there_is_no_audit_trail(project: pipeline.Project) -> None:
    output = pipeline.run(project, AT, history=False)
    assert output.provenance is None and output.history_warning is None
    assert not any(p.src_uri.startswith("audit/") for p in output.pages)


def test_with_history_the_audit_log_pages_follow_the_others(project: pipeline.Project) -> None:
    output = pipeline.run(project, AT, Audience.INTERNAL)   # this repository holds the example's history
    assert output.provenance is not None
    uris = [p.src_uri for p in output.pages]
    audit = [i for i, uri in enumerate(uris) if uri.startswith("audit")]
    assert audit and audit == list(range(len(uris) - len(audit), len(uris)))


def test_a_project_with_errors_is_refused(project: pipeline.Project) -> None:
    found = Problems("incidents/x.yml")
    found.error(START, "broken", "yaml-syntax")
    broken = replace(project, problems=(*project.problems, *found.items))
    with pytest.raises(pipeline.ProjectHasErrors):
        pipeline.run(broken, AT)
    with pytest.raises(pipeline.ProjectHasErrors):
        pipeline.derive(broken, AT)


def test_nothing_is_handed_over_outside_a_handover(project: pipeline.Project) -> None:
    output = pipeline.run(project, AT, history=False)
    assert pipeline.handed_over() is None
    with pipeline.handing_over(output):
        handover = pipeline.handed_over()
        assert handover is not None and handover.output is output
    assert pipeline.handed_over() is None


BUILD_WATCHING_MKDOCS = textwrap.dedent("""
    import os, sys
    from pathlib import Path
    from generator import build, cli
    from generator.plugin import StatuspressPlugin
    fresh = vars(StatuspressPlugin())
    seen = []
    missing = object()
    real = build.mkdocs_build
    def watched(config):
        plugin = config.plugins["statuspress"]
        poked = sorted(k for k, v in vars(plugin).items() if k != "config" and fresh.get(k, missing) != v)
        seen.append((os.environ.get("SOURCE_DATE_EPOCH"), poked))
        real(config)
        seen.append(plugin.site.now.isoformat())
    build.mkdocs_build = watched
    try:
        cli.main(["build", "--config-file", sys.argv[1], "--at", "2026-11-28T12:00:00Z", "--site-dir", sys.argv[2]])
    except SystemExit as done:
        assert not done.code, done.code
    finally:
        print(seen)
""")


def test_statuspress_build_hands_the_time_over_as_a_value(tmp_path: Path) -> None:
    """No SOURCE_DATE_EPOCH set for mkdocs and no attributes set on the plugin before mkdocs runs: the
    plugin gets the pipeline's Output, whose build time is --at, and dates the sitemap with it."""
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    env.update(NO_MKDOCS_2_WARNING="1", PYTHONPATH=str(REPO_ROOT))
    site = tmp_path / "site"
    done = subprocess.run([sys.executable, "-c", BUILD_WATCHING_MKDOCS, str(EXAMPLE_CONFIG), str(site)],
                          env=env, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    seen = eval(done.stdout.strip().splitlines()[-1])  # noqa: S307 - our own child's repr of str lists
    (epoch, attributes), built_at = seen
    assert epoch is None
    assert attributes == []
    assert built_at == "2026-11-28T12:00:00+00:00"
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert "<lastmod>2026-11-28</lastmod>" in sitemap and "<lastmod>" + datetime.now(UTC).strftime("%Y-%m-%d") \
        not in sitemap.replace("<lastmod>2026-11-28</lastmod>", "")
