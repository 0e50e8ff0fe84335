"""Time `statuspress build` of the whole status site on synthetic corpora, against the issue's targets.

    python benchmarks/site_build.py [--sizes 100,1000,3000] [--repeat 3]

Targets (issue 3, a 2-core machine): 1000 incidents under 6 s, 3000 under 15 s, memory growing linearly.
Corpora come from run.py / corpus.py (benchmarks/out/n<N>/, reused while unchanged); each build goes to a
fresh temporary folder, so concurrent runs never share a site directory. Prints a Markdown table with the
best wall time, the child's peak RSS, pages built, milliseconds per page and the verdict; exit 1 when a
build fails or a target is missed.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import run  # noqa: E402  (benchmarks/ is not a package; run.py owns corpora and child timing)

TARGETS = {1000: 6.0, 3000: 15.0}  # incidents → seconds


def bench(sizes: list[int], repeat: int) -> bool:
    ok = True
    rows = []
    for n in sizes:
        folder = run.ensure_corpus(n)
        work = Path(tempfile.mkdtemp(prefix=f"statuspress-bench-n{n}-"))
        site = work / "site"

        def clean(site: Path = site) -> None:
            shutil.rmtree(site, ignore_errors=True)

        run.log(f"build N={n} ...")
        try:
            runs = run.best_of([run.STATUSPRESS, "build", "--at", run.AT, "--site-dir", str(site)], folder, repeat,
                               clean)
            last = runs[-1]
            if last.returncode != 0:
                ok = False
                rows.append(f"| {n} | failed (exit {last.returncode}) | | | | |")
                run.log(run.tail(last.stdout) + "\n" + run.tail(last.stderr))
                continue
            pages = sum(1 for _ in site.rglob("*.html"))
        finally:
            shutil.rmtree(work, ignore_errors=True)
        best = min(r.seconds for r in runs)
        peak = max(r.max_rss_kb for r in runs) / 1024
        limit = TARGETS.get(n)
        verdict = "" if limit is None else ("met" if best < limit else "NOT met") + f" (< {limit:.0f} s)"
        ok &= limit is None or best < limit
        rows.append(f"| {n} | {best:.2f} | {peak:.0f} | {pages} | {1000 * best / max(pages, 1):.1f} | {verdict} |")
    print(f"\n### `statuspress build --at {run.AT} --site-dir DIR` (best of {repeat})\n")
    print("| N | seconds | MB | HTML pages | ms/page | target |\n|---:|---:|---:|---:|---:|---|")
    print("\n".join(rows))
    return ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100,1000,3000", help="comma-separated corpus sizes (default: %(default)s)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per size; the best counts")
    args = parser.parse_args(argv)
    try:
        sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    except ValueError:
        parser.error("--sizes takes integers like 100,1000,3000")
    if not sizes or min(sizes) < 1 or args.repeat < 1:
        parser.error("--sizes and --repeat need positive integers")
    run.OUT.mkdir(parents=True, exist_ok=True)
    return 0 if bench(sizes, args.repeat) else 1


if __name__ == "__main__":
    sys.exit(main())
