"""Start-up: a command imports only what it needs. `check` never imports mkdocs, the theme or the renderers
(they are most of a build's start-up time), checked in a fresh interpreter through sys.modules."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.support.paths import EXAMPLE_CONFIG, REPO_ROOT

HEAVY = ("mkdocs", "material", "jinja2", "markdown", "pymdownx", "feedgen", "lxml", "icalendar", "nh3")

RUN = """
import json, sys
from generator import cli
code = 0
try:
    cli.main(sys.argv[1:])
except SystemExit as done:
    code = done.code
print(json.dumps({"code": code, "modules": sorted({m.split(".")[0] for m in sys.modules})}))
"""


def imported_by(*args: str) -> tuple[int, set[str]]:
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    env["PYTHONPATH"] = str(REPO_ROOT)
    done = subprocess.run([sys.executable, "-c", RUN, *args], env=env, capture_output=True, text=True,
                          timeout=120, check=False)
    result = json.loads(done.stdout.strip().splitlines()[-1])
    return result["code"], set(result["modules"])


def test_check_imports_neither_mkdocs_nor_the_renderers() -> None:
    code, modules = imported_by("check", "--config-file", str(EXAMPLE_CONFIG), "--at", "2026-11-28T12:00:00Z")
    assert code == 0
    assert "generator" in modules
    assert sorted(modules & set(HEAVY)) == []


def test_the_probe_sees_what_a_build_imports(tmp_path: Path) -> None:
    """The same probe on `build` does find mkdocs: the check above can fail."""
    code, modules = imported_by("build", "--config-file", str(EXAMPLE_CONFIG), "--at", "2026-11-28T12:00:00Z",
                                "--site-dir", str(tmp_path / "site"))
    assert code == 0
    assert {"mkdocs", "material", "jinja2"} <= modules
