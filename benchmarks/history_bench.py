"""Time `read_history` on a synthetic repository: FILES incident files, COMMITS commits.

    .venv/bin/python benchmarks/history_bench.py [--files 3000] [--commits 6000] [--keep DIR]

The repository is written by one `git fast-import` process (a few seconds at most), then
`read_history` runs three times and the best time is printed. The history mixes what a real
status repository holds: each file is added with its first update by one of two authors, later
commits append updates, about one commit in ten corrects a published message with a
new entry in its `corrected:` list, and about one in fifty renames a file. Target: under 3 s on 2 cores.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from generator.history import read_history  # noqa: E402

START = datetime(2023, 11, 28, tzinfo=UTC)
AUTHORS = (("Dana Whitfield", "dana@example.com"), ("Sam Ortiz", "sam@example.com"))
STATUSES = ("investigating", "identified", "monitoring", "resolved")


def _stamp(value: datetime) -> str:
    return value.strftime("%Y-%m-%dT%H:%M:%SZ")


def render(n: int, path_slug: str, updates: list[tuple[datetime, str, str, tuple[str, ...]]]) -> str:
    started = updates[0][0] - timedelta(minutes=5)
    lines = [f"title: Synthetic incident {n} ({path_slug})", "impact: minor", "components:",
             "  api: degraded_performance", f"started_at: {_stamp(started)}", "updates:"]
    for at, status, message, corrected in updates:
        lines += [f"  - at: {_stamp(at)}", f"    status: {status}", "    message: |",
                  f"      {message}"]
        if corrected:
            lines.append("    corrected:")
            for when in corrected:
                lines += [f"      - at: {when}", "        reason: The first text named the wrong region."]
    return "\n".join(lines) + "\n"


def build_repo(target: Path, files: int, commits: int) -> None:
    subprocess.run(["git", "init", "-q", "-b", "main", str(target)], check=True)
    state: dict[int, tuple[str, list[tuple[datetime, str, str, tuple[str, ...]]]]] = {}
    chunks: list[bytes] = []
    clock = START
    for k in range(commits):
        clock += timedelta(minutes=7)
        name, email = AUTHORS[k % 2]
        ops: list[str] = []
        if k < files:
            started = START + timedelta(hours=5 * k)
            path = f"incidents/{started.year}/{started:%Y-%m-%d}-incident-{k}.yml"
            state[k] = (path, [(started + timedelta(minutes=10), "investigating",
                                f"We are investigating errors in incident {k}.", ())])
            subject, n = f"Open incident {k}", k
        else:
            n = (k * 7919) % files
            path, updates = state[n]
            if k % 50 == 0:
                new_path = path.replace(".yml", "-renamed.yml")
                ops.append(f"R {path} {new_path}")
                state[n] = (new_path, updates)
                subject = f"Rename incident {n}"
            elif k % 10 == 0:
                at, status, message, corrected = updates[0]
                updates[0] = (at, status, message + " (corrected)", (*corrected, _stamp(clock)))
                subject = f"Correct the first update of incident {n}"
            else:
                last = updates[-1]
                status = STATUSES[min(len(updates), 3)] if last[1] != "resolved" else "resolved"
                if last[1] == "resolved":
                    updates[-1] = (last[0], last[1], last[2] + " Thanks for your patience.", last[3])
                else:
                    next_at = last[0] + timedelta(minutes=30)
                    updates.append((next_at, status, f"Update {len(updates)} for {n}.", ()))
                subject = f"Update incident {n}"
        path, updates = state[n]
        body = render(n, Path(path).stem, updates).encode()
        stamp = int(clock.timestamp())
        message = subject.encode()
        header = (f"commit refs/heads/main\nauthor {name} <{email}> {stamp} +0000\n"
                  f"committer {name} <{email}> {stamp} +0000\ndata {len(message)}\n").encode()
        chunks.append(header + message + b"\n")
        for op in ops:
            chunks.append(op.encode() + b"\n")
        chunks.append(f"M 100644 inline {path}\ndata {len(body)}\n".encode() + body + b"\n")
    subprocess.run(["git", "fast-import", "--quiet"], cwd=target, input=b"".join(chunks), check=True)
    subprocess.run(["git", "checkout", "-q", "main"], cwd=target, check=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=3000)
    parser.add_argument("--commits", type=int, default=6000)
    parser.add_argument("--keep", type=Path, help="build the repository here and keep it")
    args = parser.parse_args()
    os.environ.setdefault("GIT_CONFIG_GLOBAL", os.devnull)
    with tempfile.TemporaryDirectory() as tmp:
        target = args.keep or Path(tmp) / "repo"
        began = time.perf_counter()
        build_repo(target, args.files, args.commits)
        print(f"built {args.files} files, {args.commits} commits in {time.perf_counter() - began:.2f} s")
        best = float("inf")
        for _ in range(3):
            began = time.perf_counter()
            prov = read_history(target, "incidents")
            best = min(best, time.perf_counter() - began)
        assert prov.warning is None, prov.warning
        print(f"read_history: {best:.2f} s (best of 3) for {len(prov.files)} files, {len(prov.log)} changes, "
              f"{len(prov.updates)} updates with provenance")


if __name__ == "__main__":
    main()
