"""`statuspress ...` under a real pseudo-terminal, driven like a person at the keyboard (a tiny pexpect).

The child runs without SOURCE_DATE_EPOCH, EDITOR and VISUAL unless the test gives them, so prompts that
name the editor read the same everywhere.
"""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path


class Terminal:
    """`statuspress ...` attached to a pty, driven like a person at the keyboard (a tiny pexpect)."""

    def __init__(self, args: list[str], cwd: Path, env: dict[str, str] | None = None) -> None:
        master, slave = pty.openpty()
        env = {**{k: v for k, v in os.environ.items() if k not in ("SOURCE_DATE_EPOCH", "EDITOR", "VISUAL")},
               "TERM": "dumb", "NO_COLOR": "1", "COLUMNS": "200", **(env or {})}
        self.proc = subprocess.Popen([sys.executable, "-m", "generator.cli", *args], cwd=cwd, env=env,
                                     stdin=slave, stdout=slave, stderr=slave, close_fds=True,
                                     start_new_session=True)
        os.close(slave)
        self.fd = master
        self.seen = ""
        self.pos = 0

    def _read(self, timeout: float) -> bool:
        ready, _, _ = select.select([self.fd], [], [], timeout)
        if not ready:
            return False
        try:
            data = os.read(self.fd, 4096)
        except OSError:  # EIO: the child closed the terminal
            return False
        self.seen += data.decode("utf-8", "replace").replace("\r\n", "\n")
        return bool(data)

    def expect(self, text: str, timeout: float = 15) -> None:
        deadline = time.monotonic() + timeout
        while text not in self.seen[self.pos:]:
            left = deadline - time.monotonic()
            if left <= 0 or not self._read(left):
                raise AssertionError(f"did not see {text!r}; terminal shows:\n{self.seen}")
        self.pos = self.seen.index(text, self.pos) + len(text)

    def send(self, line: str) -> None:
        os.write(self.fd, (line + "\n").encode())

    def finish(self, timeout: float = 15) -> int:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and self._read(max(0.0, deadline - time.monotonic())):
            pass
        code = self.proc.wait(timeout=timeout)
        os.close(self.fd)
        return code
