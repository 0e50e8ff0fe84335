"""generator/forked.py: work run in a forked process gives back its result or its exception, a child that
dies is said to have failed, and no fork is offered while another thread runs."""

from __future__ import annotations

import os
import signal
import threading

import pytest

from generator import forked

pytestmark = pytest.mark.skipif(not forked.can_fork(), reason="forks only on Linux, from one thread")


def test_the_result_comes_back_from_another_process() -> None:
    assert forked.InChild(lambda: (os.getpid(), b"x" * 1_000_000)).result() != (os.getpid(), b"x" * 1_000_000)
    pid, data = forked.InChild(lambda: (os.getpid(), b"x" * 1_000_000)).result()
    assert pid != os.getpid() and data == b"x" * 1_000_000


def test_an_exception_in_the_child_is_raised_by_result() -> None:
    def fails() -> None:
        raise ValueError("bad history")

    with pytest.raises(ValueError, match="bad history"):
        forked.InChild(fails).result()


def test_a_child_that_dies_without_a_result_has_failed() -> None:
    with pytest.raises(forked.ChildFailed):
        forked.InChild(lambda: os.kill(os.getpid(), signal.SIGKILL)).result()


def test_no_fork_while_another_thread_runs() -> None:
    release = threading.Event()
    thread = threading.Thread(target=release.wait)
    thread.start()
    try:
        assert not forked.can_fork()
    finally:
        release.set()
        thread.join()
    assert forked.can_fork()
