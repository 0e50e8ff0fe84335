"""The feeds, calendar, API and badges for the example data at a fixed time match the committed files.

On an intended change: `make golden` (python -m tests.golden.regenerate), then review the diff.
"""

from __future__ import annotations

import difflib

import pytest

from .regenerate import FILES_DIR, golden_files

HINT = "run `make golden` (python -m tests.golden.regenerate) if the change is intended, and review the diff"


@pytest.fixture(scope="module")
def rendered() -> dict[str, bytes]:
    return golden_files()


def committed() -> list[str]:
    return sorted(p.relative_to(FILES_DIR).as_posix() for p in FILES_DIR.rglob("*") if p.is_file())


def test_the_same_files_exist(rendered: dict[str, bytes]) -> None:
    assert committed() == sorted(rendered), HINT


@pytest.mark.parametrize("rel", committed())
def test_golden_file(rel: str, rendered: dict[str, bytes]) -> None:
    expected = (FILES_DIR / rel).read_bytes()
    actual = rendered.get(rel)
    assert actual is not None, f"{rel} is no longer generated; {HINT}"
    if actual != expected:
        diff = "".join(difflib.unified_diff(expected.decode("utf-8").splitlines(keepends=True),
                                            actual.decode("utf-8").splitlines(keepends=True),
                                            f"golden/{rel}", f"rendered/{rel}", n=2))
        pytest.fail(f"{rel} differs from the golden file; {HINT}\n{diff[:6000]}")
