"""Our pages are framed outside mkdocs' page loop (generator/theme_pages.py), most of them from a shell
rendered once per kind of page: every page of the example, for both audiences, must be byte for byte what
a full theme render of it gives, and the nav tabs, sitemap and search must still list them."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.output.builds import snapshot
from tests.support.paths import EXAMPLE_CONFIG, REPO_ROOT

AT = "2026-11-28T12:00:00Z"

# Builds the example in-process with the real CLI; with "full" every page is rendered in full (no shell).
BUILD = textwrap.dedent("""
    import json, sys
    from generator import cli, theme_pages
    config, site, audience, mode = sys.argv[1:5]
    framers = []
    init = theme_pages.Framer.__init__
    def recording(self, *args, **kwargs):
        init(self, *args, **kwargs)
        framers.append(self)
    theme_pages.Framer.__init__ = recording
    if mode == "full":
        theme_pages.Framer._kind = lambda self, page, ours, body: None
    try:
        cli.main(["build", "--config-file", config, "--at", sys.argv[5], "--site-dir", site, "--audience", audience])
    except SystemExit as done:
        assert not done.code, done.code
    print(json.dumps({"filled": sum(f.filled for f in framers), "kinds": sum(len(f.shells) for f in framers),
                      "trusted": sum(s is not None for f in framers for s in f.shells.values())}))
""")


def build(site: Path, audience: str, mode: str) -> dict[str, int]:
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    env.update(NO_MKDOCS_2_WARNING="1", PYTHONPATH=str(REPO_ROOT))
    done = subprocess.run([sys.executable, "-c", BUILD, str(EXAMPLE_CONFIG), str(site), audience, mode, AT],
                          env=env, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    counts: dict[str, int] = json.loads(done.stdout.strip().splitlines()[-1])
    return counts


@pytest.mark.parametrize("audience", ["public", "internal"])
def test_shells_give_exactly_the_full_theme_render_of_every_page(tmp_path: Path, audience: str) -> None:
    shells = build(tmp_path / "shells", audience, "shells")
    full = build(tmp_path / "full", audience, "full")
    assert full == {"filled": 0, "kinds": 0, "trusted": 0}
    # incidents, reviews, components, tags, history months, audit log pages...: several kinds, most pages
    assert shells["trusted"] >= 4 and shells["filled"] >= 20, shells
    first, second = snapshot(tmp_path / "shells"), snapshot(tmp_path / "full")
    assert sorted(first) == sorted(second)
    assert [rel for rel in first if first[rel] != second[rel]] == []


def test_nav_tabs_sitemap_and_search_still_list_our_pages(tmp_path: Path) -> None:
    build(tmp_path / "site", "public", "shells")
    site = tmp_path / "site"
    incident = (site / "incidents" / "2026-11-28-delayed-event-processing" / "index.html").read_text()
    tabs = re.findall(r'<li class="md-tabs__item[^"]*">\s*<a href="([^"]+)" class="md-tabs__link">\s*(\w+)', incident)
    assert tabs == [("../..", "Status"), ("../../history/", "History"), ("../../reviews/", "Reviews"),
                    ("../../metrics/", "Metrics"), ("../../subscribe/", "Subscribe")]
    history = (site / "history" / "index.html").read_text()
    active = re.findall(r'<li class="md-tabs__item md-tabs__item--active">\s*<a href="[^"]+" class="md-tabs__link">'
                        r'\s*(\w+)', history)
    assert active == ["History"]
    sitemap = (site / "sitemap.xml").read_text()
    for rel in ("incidents/2026-11-28-delayed-event-processing/", "history/", "reviews/", "metrics/"):
        assert f"/status/{rel}</loc>" in sitemap
    index = json.loads((site / "search" / "search_index.json").read_text())
    assert "incidents/2026-11-28-delayed-event-processing/" in {d["location"] for d in index["docs"]}


def test_hand_written_pages_link_to_generated_pages_by_their_markdown_path(tmp_path: Path) -> None:
    """Our pages leave mkdocs' page loop, not its list of files: a hand-written page's link to
    `history/index.md` still becomes the page's URL, with no warning."""
    project = tmp_path / "project"
    project.mkdir()
    for name in ("mkdocs.yml", "incidents", "overrides"):
        source = REPO_ROOT / name
        if source.is_dir():
            shutil.copytree(source, project / name)
        else:
            shutil.copy(source, project / name)
    (project / "pages").mkdir()
    (project / "pages" / "about.md").write_text(
        "# About\n\nSee the [history](history/index.md) and "
        "[an incident](incidents/2026-11-28-delayed-event-processing.md#updates).\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    env.update(NO_MKDOCS_2_WARNING="1", PYTHONPATH=str(REPO_ROOT))
    done = subprocess.run([sys.executable, "-m", "generator.cli", "build", "--at", AT, "--site-dir",
                           str(tmp_path / "site")], cwd=project, env=env, capture_output=True, text=True,
                          timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    assert "about.md" not in done.stderr
    about = (tmp_path / "site" / "about" / "index.html").read_text(encoding="utf-8")
    assert '<a href="../history/">history</a>' in about
    assert '<a href="../incidents/2026-11-28-delayed-event-processing/#updates">an incident</a>' in about
