"""Rewrite the golden files: `python -m tests.golden.regenerate` (or `make golden`).

The golden files are the feeds, the calendar, the API and the page badge that the example's public
site produces at a fixed build time (load, then generator/pipeline.py, as the build does). Regenerate
them after an intended change to the output or to the example data, and review the diff before
committing it.
"""

from __future__ import annotations

import shutil
import sys
from datetime import UTC, datetime
from pathlib import Path

from generator import pipeline
from generator.load import load_project

HERE = Path(__file__).resolve().parent
REPO_ROOT = HERE.parents[1]
FILES_DIR = HERE / "files"
CONFIG = REPO_ROOT / "mkdocs.yml"
AT = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
EXAMPLE_INCIDENT = "2026-11-28-delayed-event-processing"
EXAMPLE_COMPONENT = "ingest"


def selected(path: str) -> bool:
    """Which generated files are kept as golden: every site-wide file, and one of each per-item kind."""
    if path.startswith(("api/v2/", "feed.", "history.")) or path in ("maintenance.ics", "badge.svg"):
        return True
    return path in (f"incidents/{EXAMPLE_INCIDENT}/feed.atom", f"components/{EXAMPLE_COMPONENT}/feed.atom",
                    f"components/{EXAMPLE_COMPONENT}/badge.svg")


def golden_files() -> dict[str, bytes]:
    project = load_project(CONFIG, AT)
    if project.errors:
        raise SystemExit("the example incidents have errors; run `statuspress check`")
    files = pipeline.run(project, AT, history=False).files   # the public build's files, as `build` makes them
    return {path: data for path, data in files.items() if selected(path)}


def main() -> int:
    files = golden_files()
    if FILES_DIR.exists():
        shutil.rmtree(FILES_DIR)
    for rel, data in files.items():
        target = FILES_DIR / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    print(f"wrote {len(files)} golden files to {FILES_DIR.relative_to(REPO_ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
