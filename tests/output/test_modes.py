"""The built site is readable by a web server running as another user: its folders and files get the modes
the umask gives, like any other file the user writes (issue 10, item 15; mkdtemp made the site folder 0700)."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from .builds import run_build


@pytest.mark.parametrize(("umask", "folder", "file"), [(0o022, 0o755, 0o644), (0o027, 0o750, 0o640)],
                         ids=["umask-022", "umask-027"])
def test_every_folder_and_file_has_the_mode_the_umask_gives(tmp_path: Path, umask: int, folder: int,
                                                            file: int) -> None:
    site = tmp_path / "site"
    for attempt in ("first build", "rebuild over it"):
        done = run_build(site, umask=umask)
        assert done.returncode == 0, done.stderr
        wrong = [f"{p.relative_to(tmp_path)}: {oct(stat.S_IMODE(p.lstat().st_mode))}"
                 for p in [site, *site.rglob("*")]
                 if stat.S_IMODE(p.lstat().st_mode) != (folder if p.is_dir() else file)]
        assert not wrong, f"{attempt}, umask {oct(umask)}: {len(wrong)} wrong modes, e.g. {wrong[:5]}"
