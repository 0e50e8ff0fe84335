"""A killed build never leaves the site folder missing or mixed, and the next build removes what it left
(issue 10, item 16). Real processes of the example project, stopped at exact points by pausing_build.py;
tests/output/test_kill.py does the same on 1,500 incidents at many moments."""

from __future__ import annotations

from pathlib import Path

from .builds import AT, LATER, Build, run_build, siblings, snapshot, wait_until


def whole_sites(tmp_path: Path) -> tuple[Path, dict[str, str], dict[str, str]]:
    """tmp/out/site built at AT, and the snapshots of a complete build at AT and at LATER."""
    references = {}
    for at in (AT, LATER):
        ref = tmp_path / "ref" / at[-9:-7] / "site"
        done = run_build(ref, at=at)
        assert done.returncode == 0, done.stderr
        references[at] = snapshot(ref)
    site = tmp_path / "out" / "site"
    assert run_build(site, at=AT).returncode == 0
    assert snapshot(site) == references[AT]
    return site, references[AT], references[LATER]


def test_a_build_killed_just_before_the_switch_keeps_the_old_site_and_the_next_build_cleans_up(
        tmp_path: Path) -> None:
    site, old, new = whole_sites(tmp_path)
    signals = tmp_path / "signals"
    signals.mkdir()
    build = Build(site, tmp_path / "killed.log", at=LATER, pause=["built"], signals=signals)
    try:
        wait_until(lambda: build.paused_at("built") or not build.running(), "the build has written its site")
        assert build.running(), build.stderr
    finally:
        build.kill()
    assert snapshot(site) == old
    done = run_build(site, at=LATER)
    assert done.returncode == 0, done.stderr
    assert snapshot(site) == new
    assert siblings(site) == ["site"], "the next build left a temporary folder or lock behind"


def test_a_build_killed_inside_the_switch_leaves_a_whole_site(tmp_path: Path) -> None:
    """The switch is one step: there is no moment at which `site` is missing. (A two-step swap pauses at
    `site-moved`, with the old site renamed away and the new one not yet in place.)"""
    site, old, new = whole_sites(tmp_path)
    signals = tmp_path / "signals"
    signals.mkdir()
    build = Build(site, tmp_path / "killed.log", at=LATER, pause=["site-moved"], signals=signals)
    try:
        wait_until(lambda: build.paused_at("site-moved") or not build.running(), "the switch")
    finally:
        build.kill()
    assert site.is_dir(), f"no site folder after a kill inside the switch; beside it: {siblings(site)}"
    assert snapshot(site) in (old, new), "the site folder is neither the old build nor the new one"
    done = run_build(site, at=LATER)
    assert done.returncode == 0, done.stderr
    assert snapshot(site) == new
    assert siblings(site) == ["site"]
