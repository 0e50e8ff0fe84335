"""Every rule in the registry (generator/rulebook.py): its examples pass and fail as its docs say, every problem
statuspress makes names a registered rule, and mkdocs.yml changes the level of exactly the rules that may change."""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from generator import rulebook
from generator.authoring.files import EditRefused
from generator.authoring.review import scaffold_review
from generator.config import load_config
from generator.load import load_project, with_deadlines
from generator.problems import Problem
from generator.report import format_problems
from generator.rulebook import RULES, Rule

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "git"))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "cli"))

from cli_helpers import statuspress  # noqa: E402
from git_helpers import DANA, Repo  # noqa: E402
from git_helpers import run as git_run  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
AT = "2026-11-28T12:00:00Z"
DEFAULT_PATH = "incidents/2026/2026-11-26-x.yml"
SITE = """\
site_name: Rules
site_url: https://status.example.com/
plugins:
  - statuspress:
      components:
        - id: api
          name: Public API
        - id: dashboard
          name: Dashboard
"""


def examples(rule: Rule) -> dict[str, str]:
    """The rule's examples by heading (Published before, Passing, Failing), from its doc."""
    found = dict(re.findall(r"^(Published before|Passing|Failing):\n\n```yaml\n(.*?)```$", rule.doc, re.S | re.M))
    return found


def path_of(text: str, default: str = DEFAULT_PATH) -> str:
    """An example names its file in a `# incidents/….yml` comment line; else the default file."""
    match = re.search(r"^# (incidents/\S+\.yml)$", text, re.M)
    return match.group(1) if match else default


def with_levels(levels: dict[str, str]) -> str:
    return SITE + "      rules:\n" + "".join(f"        {code}: {level}\n" for code, level in levels.items())


def found(rule: Rule, text: str, tmp: Path, failing: bool, site: str = SITE) -> list[Problem]:
    """The problems with this rule's code that checking (or auditing, or editing) the example gives."""
    tmp.mkdir(parents=True)
    if rule.example_in == "audit":
        return _audited(rule, text, tmp, site)
    if rule.example_in == "mkdocs.yml":   # the example's own mkdocs.yml, with the levels the test sets
        levels = site.removeprefix(SITE)
        assert not levels or text.endswith("  - statuspress\n"), "levels go after an example's last line"
        site = text.rstrip("\n") + ":\n" + levels if levels else text
    (tmp / "mkdocs.yml").write_text(site, encoding="utf-8")
    (tmp / "incidents").mkdir()
    if rule.example_in != "mkdocs.yml":
        path = tmp / path_of(text)
        path.parent.mkdir(parents=True, exist_ok=True)
        if failing and rule.example_in == "latin-1":
            path.write_bytes(text.encode("latin-1"))
        elif failing and rule.example_in == "link":
            (tmp / "elsewhere.yml").write_text(text, encoding="utf-8")
            path.symlink_to(tmp / "elsewhere.yml")
        else:
            path.write_text(text, encoding="utf-8")
        if failing and rule.example_in == "twice":
            other = tmp / "incidents" / "2025" / path.name
            other.parent.mkdir()
            other.write_text(text, encoding="utf-8")
        if rule.example_in == "review":
            config, _ = load_config(tmp / "mkdocs.yml")
            try:
                made = scaffold_review(config, path, NOW)
            except EditRefused as refused:
                made = refused.problems
            return [p for p in made if p.code == rule.id]
    project = with_deadlines(load_project(tmp / "mkdocs.yml", NOW), NOW)
    return [p for p in project.problems if p.code == rule.id]


@pytest.fixture(autouse=True)
def isolated_git(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No user or system git config, no outer repository (as tests/git/conftest.py)."""
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))


def _audited(rule: Rule, text: str, tmp: Path, site: str) -> list[Problem]:
    """`statuspress audit` of the example against a real commit of the published version."""
    repo = Repo(tmp)
    repo.git("init", "-q", "-b", "main")
    repo.write("mkdocs.yml", site)
    published = examples(rule)["Published before"]
    repo.write(path_of(published), published)
    repo.commit("Publish", DANA, "2026-11-26T12:00:00Z")
    (tmp / path_of(published)).unlink()
    repo.write(path_of(text), text)
    result = git_run(tmp, "audit", "--at", AT, "--base", "HEAD", "--format", "github")
    assert result.code in (0, 1), result
    return [p for p in _parsed(result.stdout + result.stderr) if p.code == rule.id]


def _parsed(output: str) -> list[Problem]:
    return [Problem(path, int(line), int(col), severity, message, code)  # type: ignore[arg-type]
            for severity, path, line, col, message, code
            in re.findall(r"^::(error|warning) file=([^,]*),line=(\d+),col=(\d+)::(.*) \[([a-z-]+)\]$", output, re.M)]


@pytest.mark.parametrize("rule", RULES.values(), ids=list(RULES))
def test_each_rule_has_a_passing_and_a_failing_example(rule: Rule, tmp_path: Path) -> None:
    shown = examples(rule)
    assert {"Passing", "Failing"} <= shown.keys(), rule.doc
    assert found(rule, shown["Passing"], tmp_path / "passing", failing=False) == []
    failing = found(rule, shown["Failing"], tmp_path / "failing", failing=True)
    assert failing, f"the failing example of {rule.id} gives no {rule.id} problem"
    assert {p.severity for p in failing} == {rule.level}


CONFIGURABLE = rulebook.configurable()


@pytest.mark.parametrize("rule", CONFIGURABLE, ids=[r.id for r in CONFIGURABLE])
def test_a_rule_that_may_change_follows_its_level(rule: Rule, tmp_path: Path) -> None:
    failing = examples(rule)["Failing"]
    other = "warning" if rule.level == "error" else "error"
    site = with_levels({rule.id: other})
    assert {p.severity for p in found(rule, failing, tmp_path / "other", True, site)} == {other}
    assert found(rule, failing, tmp_path / "off", True, with_levels({rule.id: "off"})) == []


INCIDENT_RULES = [r for r in CONFIGURABLE if r.example_in == "incident"]


def test_every_failing_example_of_a_rule_turned_off_builds(tmp_path: Path) -> None:
    """What `check` accepts must build: with every rule that may change turned off, the failing examples
    pass `check --strict` and `statuspress build` publishes each of them."""
    root = tmp_path / "site"
    root.mkdir()
    (root / "mkdocs.yml").write_text(with_levels({r.id: "off" for r in INCIDENT_RULES}), encoding="utf-8")
    (root / "pages").mkdir()
    ids = []
    for rule in INCIDENT_RULES:
        text = examples(rule)["Failing"]
        path = Path(path_of(text).replace("-x.yml", f"-{rule.id}.yml"))
        ids.append(path.stem)
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(text, encoding="utf-8")
    check = statuspress(root, "check", "--strict", "--at", AT)
    assert (check.code, check.stdout + check.stderr) == (0, f"checked {len(ids)} files: no problems\n"), check
    build = statuspress(root, "build", "--at", AT)
    assert build.code == 0, build
    for incident_id in ids:
        assert (root / "site" / "incidents" / incident_id / "index.html").is_file(), incident_id


@pytest.mark.parametrize(("setting", "message"), [
    ("yaml-syntax: off", "rule 'yaml-syntax' cannot be changed: " + rulebook.BUILD),
    ("update-order: warning", "rule 'update-order' cannot be changed: " + rulebook.ORDER),
    ("update-overdu: off", "unknown rule 'update-overdu' (did you mean 'update-overdue'?)"),
    ("update-overdue: loud", "level of 'update-overdue' must be one of"),
])
def test_mkdocs_yml_cannot_change_a_fixed_rule(tmp_path: Path, setting: str, message: str) -> None:
    (tmp_path / "mkdocs.yml").write_text(SITE + "      rules:\n        " + setting + "\n", encoding="utf-8")
    (tmp_path / "incidents").mkdir()
    result = statuspress(tmp_path, "check", "--at", AT)
    assert result.code == 1
    assert re.search(rf"^mkdocs\.yml:1[12]:\d+: error: {re.escape(message)}.* \[config\]$",
                     result.stdout + result.stderr, re.M), result


def test_problem_lines_end_with_the_rule_code() -> None:
    problem = Problem("incidents/2026/2026-11-26-x.yml", 3, 7, "error", "unknown field 'impakt'", "unknown-field")
    assert format_problems([problem]) == (
        "incidents/2026/2026-11-26-x.yml:3:7: error: unknown field 'impakt' [unknown-field]\n")


def _codes_in_source() -> set[str]:
    """The rule code of every `.error(…)` / `.warning(…)` call on a Problems collector in generator/."""
    codes: set[str] = set()
    for path in (ROOT / "generator").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr in ("error", "warning") and len(node.args) == 3):
                code = node.args[2]
                if isinstance(code, ast.Constant):
                    codes.add(code.value)
            if isinstance(node, ast.keyword) and node.arg == "code" and isinstance(node.value, ast.Constant):
                codes.add(node.value.value)
    return codes


def test_every_code_the_source_uses_is_registered_and_every_rule_is_used() -> None:
    used = _codes_in_source()
    assert used - RULES.keys() == set()
    assert RULES.keys() - used == set()


def test_the_rules_page_is_generated_from_the_registry() -> None:
    from generator import docsgen
    committed = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert committed == docsgen.render_rules(), "docs/rules.md is stale: run `python -m generator.docsgen rules`"
    result = subprocess.run([sys.executable, "-m", "generator.docsgen", "rules"], capture_output=True, text=True,
                            cwd=ROOT, check=True)
    assert result.stdout == committed
