"""The kill test (issue 10, "Done means"): SIGKILL a real `statuspress build` of 1,500 incidents at several
moments. Each time the site folder must hold exactly the previous build or exactly the new one (compared
byte for byte, and against the build's own manifest), never neither or a mix, and the next build must leave
nothing beside it (no temporary folder, no lock file).

The moments: as soon as the temporary folder appears; half-way through writing incident pages; with the
whole new site written and the switch next (a deterministic pause, see pausing_build.py); inside the switch
(the moment the site folder changes; a two-step swap is also paused between its steps); and at a random
time (its seed is in the test id's failure message). About 2 minutes on a 2-core machine; `make test` runs it.
"""

from __future__ import annotations

import hashlib
import os
import random
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

import pytest

from tests.support.paths import REPO_ROOT

from .builds import AT, LATER, Build, run_build, siblings, snapshot

INCIDENTS = 1500
MANIFEST = ".statuspress-manifest"
SEED = int(os.environ.get("STATUSPRESS_KILL_SEED", str(time.time_ns() % 1_000_000)))


@dataclass(frozen=True)
class References:
    config: Path
    old: dict[str, str]          # snapshot of a complete build at AT (the previous site)
    new: dict[str, str]          # snapshot of a complete build at LATER (the build that gets killed)
    old_site: Path
    seconds: float               # how long the LATER build took


def manifest_problems(site: Path) -> list[str]:
    """Where the folder differs from its own manifest: files missing, changed or not listed."""
    lines = (site / MANIFEST).read_text(encoding="utf-8").splitlines()
    assert lines[0] == "statuspress-site-manifest 1", lines[0]
    listed = {unquote(path): digest for digest, _, path in (line.partition("  ") for line in lines[1:])}
    found = {p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
             for p in site.rglob("*") if p.is_file() and p.name != MANIFEST}
    return ([f"missing: {p}" for p in sorted(listed.keys() - found.keys())]
            + [f"not listed: {p}" for p in sorted(found.keys() - listed.keys())]
            + [f"changed: {p}" for p in sorted(listed.keys() & found.keys()) if listed[p] != found[p]])


@pytest.fixture(scope="module")
def references(tmp_path_factory: pytest.TempPathFactory) -> References:
    root = tmp_path_factory.mktemp("kill")
    project = root / "project"
    subprocess.run([sys.executable, str(REPO_ROOT / "benchmarks" / "corpus.py"), str(INCIDENTS), str(project)],
                   check=True, capture_output=True, timeout=120)
    config = project / "mkdocs.yml"
    sites = {}
    seconds = 0.0
    for at in (AT, LATER):
        site = root / "ref" / at[-9:-7] / "site"
        start = time.monotonic()
        done = run_build(site, config=config, at=at)
        seconds = time.monotonic() - start
        assert done.returncode == 0, done.stderr
        assert not manifest_problems(site)
        sites[at] = site
    return References(config, snapshot(sites[AT]), snapshot(sites[LATER]), sites[AT], seconds)


def temporary(site: Path) -> Path | None:
    """The folder a running build writes into: whatever appeared beside the site folder."""
    return next((p for p in site.parent.iterdir() if p.is_dir() and p.name != "site"), None)


def pages_written(site: Path) -> int:
    work = temporary(site)
    try:
        return len(os.listdir(work / "incidents")) if work else 0
    except FileNotFoundError:
        return 0


@dataclass(frozen=True)
class Watch:
    """What a kill condition looks at while the build runs."""

    site: Path
    inode: int              # the site folder's inode before the build
    signals: Path           # pause points reached (pausing_build.py)
    start: float
    random_at: float        # seconds after start, for the "random" moment

    def site_changed(self) -> bool:
        try:
            return os.stat(self.site).st_ino != self.inode
        except FileNotFoundError:
            return True


# moment → (pause points, when to kill, which states the site may be in afterwards)
MOMENTS: dict[str, tuple[list[str], Callable[[Watch], bool], set[str]]] = {
    "temporary folder created": ([], lambda w: temporary(w.site) is not None, {"old"}),
    "mid-render": ([], lambda w: pages_written(w.site) >= INCIDENTS // 2, {"old"}),
    "before the switch": (["built"], lambda w: (w.signals / "built").exists(), {"old"}),
    "inside the switch": (["site-moved"], lambda w: w.site_changed() or (w.signals / "site-moved").exists(),
                          {"old", "new"}),
    "random": ([], lambda w: time.monotonic() - w.start >= w.random_at, {"old", "new"}),
}


@pytest.mark.slow
@pytest.mark.parametrize("moment", list(MOMENTS))
def test_a_killed_build_leaves_the_old_site_or_the_new_one_and_the_next_build_cleans_up(
        references: References, tmp_path: Path, moment: str) -> None:
    pause, kill_now, allowed = MOMENTS[moment]
    site = tmp_path / "out" / "site"
    shutil.copytree(references.old_site, site, symlinks=True)
    signals = tmp_path / "signals"
    signals.mkdir()
    watch = Watch(site, os.stat(site).st_ino, signals, time.monotonic(),
                  random.Random(SEED).uniform(0.1, 0.9) * references.seconds)
    build = Build(site, tmp_path / "killed.log", config=references.config, at=LATER, pause=pause, signals=signals)
    start = watch.start
    try:
        while build.running() and not kill_now(watch):
            if time.monotonic() - start > 300:
                raise AssertionError(f"{moment}: the moment never came\n{build.stderr}")
            time.sleep(0.001 if moment == "inside the switch" else 0.02)
    finally:
        build.kill()
    context = f"killed at {moment!r} after {time.monotonic() - start:.2f} s (seed {SEED}); beside: {siblings(site)}"
    assert site.is_dir(), f"no site folder: {context}"
    now = snapshot(site)
    state = "old" if now == references.old else "new" if now == references.new else "neither"
    assert state in allowed, f"the site is {state}: {context}\n{build.stderr[-2000:]}"
    assert not manifest_problems(site), context

    done = run_build(site, config=references.config, at=LATER)
    assert done.returncode == 0, done.stderr
    assert snapshot(site) == references.new
    assert siblings(site) == ["site"], f"the next build left something beside the site ({context})"
