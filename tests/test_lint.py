"""ruff (including the DTZ rules for naive datetimes) and mypy, both configured in pyproject.toml, are clean."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
RUFF = shutil.which("ruff", path=str(Path(sys.executable).parent)) or shutil.which("ruff")
MYPY = shutil.which("mypy", path=str(Path(sys.executable).parent)) or shutil.which("mypy")


@pytest.mark.skipif(RUFF is None, reason="ruff is not installed (it is in the test extras)")
def test_ruff_is_clean() -> None:
    result = subprocess.run([RUFF, "check", "--no-cache", "--output-format", "concise",
                             "generator", "tests", "benchmarks"],
                            cwd=REPO, capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.skipif(MYPY is None, reason="mypy is not installed (it is in the test extras)")
def test_mypy_is_clean() -> None:
    result = subprocess.run([MYPY], cwd=REPO, capture_output=True, text=True, timeout=600, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
