"""Data flows one way: derive/ is pure, render/ draws what derive/ computed. Checked on the source,
so a forbidden import fails here before it becomes a habit."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

GENERATOR = Path(__file__).resolve().parents[1] / "generator"

# Modules that do I/O or belong to a layer further out.
IO_AND_LOADING = {"git", "generator.gitrepo", "generator.history", "generator.load", "generator.source",
                  "generator.yamlload", "generator.config", "generator.validate", "generator.reader",
                  "generator.authoring", "generator.audit", "generator.output", "generator.build", "generator.plugin",
                  "generator.cli", "subprocess", "mkdocs", "click"}
FORBIDDEN = {
    "derive": IO_AND_LOADING | {"jinja2", "generator.render", "feedgen", "icalendar", "markdown", "nh3"},
    "render": IO_AND_LOADING,
}


def runtime_imports(path: Path, package: str | None = None) -> set[str]:
    """Absolute names of the modules a file imports when it runs (not under `if TYPE_CHECKING:`)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    if package is None:
        package = ".".join(path.relative_to(GENERATOR.parent).with_suffix("").parts[:-1])
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skipped.update(id(child) for stmt in node.body for child in ast.walk(stmt))
    names: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(parent + ([node.module] if node.module else []))
            names.add(base)
            names.update(f"{base}.{alias.name}" for alias in node.names)
    return names


def violations(layer: str) -> list[str]:
    found = []
    for path in sorted((GENERATOR / layer).glob("*.py")):
        for name in sorted(runtime_imports(path)):
            if any(name == bad or name.startswith(bad + ".") for bad in FORBIDDEN[layer]):
                found.append(f"{path.relative_to(GENERATOR.parent)} imports {name}")
    return found


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_layer_imports_nothing_it_must_not(layer: str) -> None:
    assert violations(layer) == []


def test_the_check_sees_relative_and_absolute_imports(tmp_path: Path) -> None:
    """The checker itself: relative imports resolve against the package, TYPE_CHECKING is skipped."""
    sample = tmp_path / "x.py"
    sample.write_text("import git\nfrom ..load import load_project\nfrom typing import TYPE_CHECKING\n"
                      "if TYPE_CHECKING:\n    import mkdocs\n")
    names = runtime_imports(sample, package="generator.derive")
    assert {"git", "generator.load", "generator.load.load_project"} <= names
    assert "mkdocs" not in names


def _modules_using(name: str) -> set[str]:
    """Generator modules (as paths below generator/) that import or call `name`."""
    found = set()
    for path in sorted(GENERATOR.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (isinstance(node, ast.ImportFrom) and any(alias.name == name for alias in node.names)) or \
                    (isinstance(node, ast.Attribute) and node.attr == name):
                found.add(path.relative_to(GENERATOR).as_posix())
    return found


def test_one_reader_composes_incident_files() -> None:
    """validate.py is the one reader of incident files (strict and lenient); only the readers of mkdocs.yml
    compose YAML on their own."""
    assert _modules_using("compose") - {"yamlload.py"} == {"validate.py", "config.py", "build.py"}


def test_only_source_py_reads_incident_files_from_disk() -> None:
    """Working-tree files reach validate, history, the audit and the edit commands through source.py."""
    readers = {"validate.py", "versions.py", "history.py", "gitrepo.py", "audit.py", "summary.py", "load.py",
               "authoring/edit.py", "authoring/update.py", "authoring/review.py", "authoring/splice.py"}
    for call in ("read_bytes", "read_text", "open"):
        assert not readers & _modules_using(call), call
    for path in readers:
        calls = {node.func.id for node in ast.walk(ast.parse((GENERATOR / path).read_text(encoding="utf-8")))
                 if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)}
        assert "open" not in calls, path


def test_every_edit_goes_through_the_one_edit_primitive() -> None:
    """authoring/edit.py is the only caller of the atomic writer (files.py defines it)."""
    assert _modules_using("write_atomic") == {"authoring/edit.py"}
