"""generator/forked.py: work run in a forked process hands back each value as it makes it, or its
exception; a child that dies is said to have failed; and no fork is offered while another thread runs."""

from __future__ import annotations

import os
import signal
import sys
import threading
from collections.abc import Iterator

import pytest

from generator import forked

# The suite may leave an idle thread behind (a browser driver's); these children only pickle and write to a
# pipe, which is safe to fork beside one, so they run wherever a fork is possible at all.
pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="statuspress forks only on Linux")


def test_each_value_comes_back_from_another_process_as_it_is_made() -> None:
    def work() -> Iterator[tuple[int, bytes]]:
        yield os.getpid(), b"x" * 1_000_000
        yield os.getpid(), b"second"

    child = forked.InChild(work)
    pid, data = child.next()
    assert pid != os.getpid() and data == b"x" * 1_000_000
    assert child.next() == (pid, b"second")
    with pytest.raises(forked.ChildFailed):   # nothing more: the child has ended
        child.next()


def test_a_child_let_go_before_its_last_value_ends() -> None:
    def endless() -> Iterator[bytes]:
        while True:
            yield b"y" * 100_000   # more than a pipe holds: the child waits for the parent to read

    child = forked.InChild(endless)
    assert child.next() == b"y" * 100_000
    child.end()   # returns: the child stops at its next value


def test_an_exception_in_the_child_is_raised_by_next() -> None:
    def fails() -> None:
        raise ValueError("bad history")

    with pytest.raises(ValueError, match="bad history"):
        forked.InChild(forked.once(fails)).next()


def test_a_child_that_dies_without_a_result_has_failed() -> None:
    with pytest.raises(forked.ChildFailed):
        forked.InChild(forked.once(lambda: os.kill(os.getpid(), signal.SIGKILL))).next()


def test_no_fork_while_another_thread_runs() -> None:
    alone = threading.active_count() == 1
    assert forked.can_fork() is alone
    release = threading.Event()
    thread = threading.Thread(target=release.wait)
    thread.start()
    try:
        assert not forked.can_fork()
    finally:
        release.set()
        thread.join()
    assert forked.can_fork() is alone
