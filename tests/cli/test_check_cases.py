"""`statuspress check` on the example files in tests/cases: each invalid file beside its exact output.

tests/cases/invalid/<name>.yml is copied to incidents/<YYYY>/<name>.yml in a fresh project and
`statuspress check` must print exactly tests/cases/invalid/<name>.expected and exit 1.
tests/cases/valid/*.yml must pass with no output at all.

To regenerate the .expected files after a deliberate message change, run
    STATUSPRESS_REGEN=1 .venv/bin/python -m pytest tests/cli/test_check_cases.py
and read the diff before committing it: every line must still point at the offending token.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from cli_helpers import CASES, Run, TmpProject

INVALID = sorted((CASES / "invalid").glob("*.yml"))
VALID = sorted((CASES / "valid").glob("*.yml"))
REGEN = os.environ.get("STATUSPRESS_REGEN") == "1"


def target(case: Path) -> str:
    """Where a case file goes in the project: its year's folder, under its own name."""
    return f"incidents/{case.name[:4]}/{case.name}"


def tally(files: int, errors: int, warnings: int) -> str:
    """The summary line written on stderr, spelled out here rather than imported from report.py."""
    if not errors and not warnings:
        return f"checked {files} file{'s' * (files != 1)}: no problems\n"
    return (f"checked {files} file{'s' * (files != 1)}: {errors} error{'s' * (errors != 1)}, "
            f"{warnings} warning{'s' * (warnings != 1)}\n")


def expected_of(case: Path) -> str:
    return case.with_suffix(".expected").read_text(encoding="utf-8")


def count(output: str, severity: str) -> int:
    return sum(f": {severity}: " in line for line in output.splitlines())


def test_the_case_folders_are_complete() -> None:
    invalid = CASES / "invalid"
    assert len(INVALID) >= 20
    assert len(VALID) >= 3
    assert sorted(p.stem for p in invalid.glob("*.expected")) == [p.stem for p in INVALID]
    assert sorted(p.name for p in invalid.iterdir()) == sorted([p.name for p in INVALID] +
                                                                [p.stem + ".expected" for p in INVALID])


@pytest.mark.parametrize("case", INVALID, ids=[p.stem for p in INVALID])
def test_invalid_case(case: Path, tmp_project: TmpProject) -> None:
    tmp_project.write(target(case), case.read_bytes())
    run = tmp_project.check()
    if REGEN:
        case.with_suffix(".expected").write_text(run.stdout, encoding="utf-8")
    expected = expected_of(case)
    assert expected, f"{case.name}: an invalid case must expect at least one problem"
    assert all(line.startswith(f"{target(case)}:") for line in expected.splitlines())
    assert (run.code, run.stdout) == (1, expected)
    assert run.stderr == tally(1, count(expected, "error"), count(expected, "warning"))


def test_all_invalid_cases_at_once(tmp_project: TmpProject) -> None:
    """One broken file never hides another: together they report the concatenation, in path order."""
    for case in INVALID:
        tmp_project.write(target(case), case.read_bytes())
    run = tmp_project.check()
    in_path_order = sorted(INVALID, key=target)
    expected = "".join(expected_of(case) for case in in_path_order)
    assert (run.code, run.stdout) == (1, expected)
    assert run.stderr == tally(len(INVALID), count(expected, "error"), count(expected, "warning"))


@pytest.mark.parametrize("case", VALID, ids=[p.stem for p in VALID])
def test_valid_case(case: Path, tmp_project: TmpProject) -> None:
    tmp_project.write(target(case), case.read_bytes())
    assert tmp_project.check() == Run(0, "", "checked 1 file: no problems\n")


def test_all_valid_cases_at_once(tmp_project: TmpProject) -> None:
    for case in VALID:
        tmp_project.write(target(case), case.read_bytes())
    run = tmp_project.check()
    assert (run.code, run.stdout, run.stderr) == (0, "", f"checked {len(VALID)} files: no problems\n")


def test_valid_cases_do_not_hide_invalid_ones(tmp_project: TmpProject) -> None:
    for case in [*VALID, *INVALID]:
        tmp_project.write(target(case), case.read_bytes())
    run = tmp_project.check()
    expected = "".join(expected_of(case) for case in sorted(INVALID, key=target))
    assert (run.code, run.stdout) == (1, expected)
    files = len(VALID) + len(INVALID)
    assert run.stderr == tally(files, count(expected, "error"), count(expected, "warning"))
