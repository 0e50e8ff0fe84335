"""Real `statuspress build` processes for the site-folder tests: run to the end, or start in the background
(optionally under a umask, optionally held at a pause point of pausing_build.py), plus what the tests compare."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from tests.support.paths import EXAMPLE_CONFIG, REPO_ROOT

PAUSER = Path(__file__).with_name("pausing_build.py")
AT = "2026-11-28T12:00:00Z"
LATER = "2026-11-28T18:00:00Z"


def snapshot(root: Path) -> dict[str, str]:
    """Every entry under `root` (relative path → sha256 of a file's bytes, 'folder' or 'symlink → target')."""
    found: dict[str, str] = {}
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        if path.is_symlink():
            found[rel] = f"symlink → {os.readlink(path)}"
        elif path.is_dir():
            found[rel] = "folder"
        else:
            found[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def siblings(site: Path) -> list[str]:
    """What lies beside the site folder (temporary folders, lock files, the site itself)."""
    return sorted(p.name for p in site.parent.iterdir())


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    env["NO_MKDOCS_2_WARNING"] = "1"
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO_ROOT), env.get("PYTHONPATH")]))
    return env


def build_command(site: Path, *, config: Path = EXAMPLE_CONFIG, at: str = AT,
                  pause: Sequence[str] = (), signals: Path | None = None) -> list[str]:
    args = ["build", "--config-file", str(config), "--at", at, "--site-dir", str(site)]
    if pause:
        assert signals is not None, "a pause point needs a signals folder"
        return [sys.executable, str(PAUSER), str(signals), ",".join(pause), *args]
    return [sys.executable, "-m", "generator.cli", *args]


def run_build(site: Path, *, config: Path = EXAMPLE_CONFIG, at: str = AT, umask: int | None = None,
              timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """`statuspress build` to the end; the caller checks returncode and stderr."""
    kwargs = {} if umask is None else {"umask": umask}
    return subprocess.run(build_command(site, config=config, at=at), cwd=config.parent, env=_env(),
                          capture_output=True, text=True, timeout=timeout, check=False, **kwargs)


class Build:
    """A `statuspress build` running in the background in its own process group; stderr goes to a file."""

    def __init__(self, site: Path, log: Path, *, config: Path = EXAMPLE_CONFIG, at: str = AT,
                 pause: Sequence[str] = (), signals: Path | None = None) -> None:
        self.log = log
        self.signals = signals
        with log.open("wb") as err:
            self.proc = subprocess.Popen(build_command(site, config=config, at=at, pause=pause, signals=signals),
                                         cwd=config.parent, env=_env(), stdout=subprocess.DEVNULL, stderr=err,
                                         start_new_session=True)

    @property
    def stderr(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def running(self) -> bool:
        return self.proc.poll() is None

    def paused_at(self, point: str) -> bool:
        return self.signals is not None and (self.signals / point).exists()

    def kill(self) -> None:
        """SIGKILL the whole process group (no cleanup handler runs) and reap it."""
        if self.running():
            os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=60)

    def release(self) -> None:
        assert self.signals is not None
        (self.signals / "go").touch()

    def wait(self, timeout: float = 300) -> int:
        return self.proc.wait(timeout=timeout)


def wait_until(condition: Callable[[], bool], what: str, timeout: float = 300, step: float = 0.02) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:.0f} s waiting until {what}")
        time.sleep(step)
