"""Two builds into one site folder take turns: the second waits, says so, and then builds; neither reports
something untrue (issue 10, item 17). Two real concurrent processes; the first is held just before its
switch (pausing_build.py) so the overlap is certain, not a matter of timing."""

from __future__ import annotations

from pathlib import Path

from .builds import AT, LATER, Build, run_build, siblings, snapshot, wait_until

EARLIER = "2026-11-28T06:00:00Z"


def test_a_second_build_waits_for_the_first_and_then_builds(tmp_path: Path) -> None:
    reference = tmp_path / "ref" / "site"
    assert run_build(reference, at=LATER).returncode == 0
    site = tmp_path / "out" / "site"
    assert run_build(site, at=EARLIER).returncode == 0
    signals = tmp_path / "signals"
    signals.mkdir()
    first = Build(site, tmp_path / "first.log", at=AT, pause=["built"], signals=signals)
    second = None
    try:
        wait_until(lambda: first.paused_at("built") or not first.running(), "the first build has written its site")
        assert first.running(), first.stderr
        second = Build(site, tmp_path / "second.log", at=LATER)
        wait_until(lambda: "waiting" in second.stderr or not second.running(), "the second build waits or ends")
        assert second.running(), f"the second build did not wait for the first:\n{second.stderr}"
        assert f"waiting for another statuspress build into {site}" in second.stderr
        first.release()
        assert first.wait() == 0, first.stderr
        assert second.wait() == 0, second.stderr
    finally:
        first.kill()
        if second is not None:
            second.kill()
    for build in (first, second):
        assert "left untouched" not in build.stderr
        assert f"built {site}" in build.stderr
    assert snapshot(site) == snapshot(reference), "the site is not the second build's, which ran last"
    assert siblings(site) == ["site"]
