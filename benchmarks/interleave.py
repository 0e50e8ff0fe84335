"""Compare commits' `statuspress build --incremental` on a machine whose speed wanders, run by run.

    python benchmarks/interleave.py [--size 3000] [--rounds 8] REV [REV ...]

Each REV's generator/ is exported as `run.py --rev` does and gets its own clone of the N-incident corpus
(with 2N commits) and its own site folder on tmpfs. Each clone's cache is warmed by one build; then in
every round one incident file is edited and committed in every clone and the build is timed in each,
the order of the commits reversed from one round to the next, so that a slow minute falls on all of
them. Prints each round, then the minimum and the median of each commit (wall seconds of the child).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import run  # noqa: E402 - this folder's run.py, not an installed module


def _build(project: Path, site: Path, pythonpath: str) -> float:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONDONTWRITEBYTECODE": "1", "PYTHONPATH": pythonpath}
    start = time.perf_counter()
    done = subprocess.run([run.STATUSPRESS, "build", "--incremental", "--at", run.AT, "--site-dir", str(site)],
                          cwd=project, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"build failed in {project}:\n{run.tail(done.stderr)}")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("revs", nargs="+", metavar="REV")
    parser.add_argument("--size", type=int, default=3000)
    parser.add_argument("--rounds", type=int, default=8)
    args = parser.parse_args()
    paths = {}
    for rev in args.revs:
        sha = run.use_revision(rev)
        paths[sha] = run.CHILD_ENV.pop("PYTHONPATH")
    with tempfile.TemporaryDirectory(prefix="statuspress-interleave-") as work, \
            tempfile.TemporaryDirectory(prefix="statuspress-interleave-sites-", dir=run.SITE_ROOT) as sites:
        projects = {sha: run._working_copy(args.size, Path(work) / sha) for sha in paths}
        for sha in paths:
            run.log(f"{sha}: warming the cache ...")
            _build(projects[sha], Path(sites) / sha, paths[sha])
        times: dict[str, list[float]] = {sha: [] for sha in paths}
        order = list(paths)
        for number in range(args.rounds):
            for sha in order if number % 2 == 0 else order[::-1]:
                run.edit_one(projects[sha], number)
                run._commit(projects[sha], f"Interleaved edit {number}")
                times[sha].append(_build(projects[sha], Path(sites) / sha, paths[sha]))
            print(number, " ".join(f"{sha} {seconds[-1]:.2f}" for sha, seconds in times.items()), flush=True)
    print(f"\n`statuspress build --incremental` at {args.size}, one file changed, {args.rounds} interleaved rounds\n")
    print("| commit | min, s | median, s |\n|---|---:|---:|")
    for sha, seconds in times.items():
        print(f"| {sha} | {min(seconds):.2f} | {statistics.median(seconds):.2f} |")


if __name__ == "__main__":
    main()
