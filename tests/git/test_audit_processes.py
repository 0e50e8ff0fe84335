"""`audit` and `summary` start the same few git processes whatever the number of incident files.

A `git` wrapper first on PATH logs every invocation (GitPython and our own subprocesses both find
git through PATH), so the count is of real processes, not of calls to a function we could bypass.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from git_helpers import AT, DANA, FIRST, HEAD_LINES, SAM, SECOND, Repo, run, subcommands


def incidents(repo: Repo, count: int) -> None:
    """`count` incidents, opened by Dana and updated by Sam, then each reworded in the working tree."""
    for n in range(count):
        repo.write(f"incidents/2026/2026-11-26-incident-{n}.yml", HEAD_LINES + FIRST)
    repo.commit("Open incidents", DANA, "2026-11-26T09:20:00Z")
    for n in range(count):
        repo.write(f"incidents/2026/2026-11-26-incident-{n}.yml", HEAD_LINES + FIRST + SECOND)
    repo.commit("Identified", SAM, "2026-11-26T09:45:00Z")
    for n in range(count):
        repo.write(f"incidents/2026/2026-11-26-incident-{n}.yml",
                   HEAD_LINES + FIRST + SECOND.replace("A faulty", "The faulty"))


def git_processes(repo: Repo, log: Path, *args: str) -> list[str]:
    """The git command lines one `statuspress ARGS` run starts."""
    log.write_text("")
    run(repo.root, *args)
    return log.read_text().splitlines()


@pytest.mark.parametrize("command", ["audit", "summary"])
def test_git_processes_do_not_grow_with_the_number_of_files(repo: Repo, git_log: Path, command: str) -> None:
    incidents(repo, 1)
    one = git_processes(repo, git_log, command, "--at", AT, "--base", "HEAD~1")
    for n in range(1, 30):
        repo.write(f"incidents/2026/2026-11-26-incident-{n}.yml", HEAD_LINES + FIRST)
    repo.commit("More incidents", DANA, "2026-11-26T10:00:00Z")
    many = git_processes(repo, git_log, command, "--at", AT, "--base", "HEAD~1")
    assert subcommands(many) == subcommands(one)
    assert sum(line.startswith("cat-file --batch") for line in many) == 1
    assert sum(line.startswith("log") for line in many) <= 1
    assert len(subcommands(many)) <= 8, many
