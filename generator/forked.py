"""One piece of work in a forked copy of this process, its result handed back through a pipe.

A fork starts at once and shares everything this process holds (the cache folder already found safe, the
imported code), where a spawned process imports statuspress again and is sent its arguments pickled. It is
used only where it is safe: on Linux, from a process running no other thread (a fork copies a lock another
thread holds, and the copy is never released). The child runs with the cyclic collector off (it is short
and makes no cycles that matter), so that it does not walk, and so copy, the parent's objects.
"""

from __future__ import annotations

import gc
import multiprocessing
import sys
import threading
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Generic, TypeVar

T = TypeVar("T")


class ChildFailed(RuntimeError):
    """The forked process ended without giving a result (killed, or its result could not be pickled)."""


def can_fork() -> bool:
    """Whether `InChild` may be used here: Linux, and no thread besides this one."""
    return sys.platform == "linux" and threading.active_count() == 1


class InChild(Generic[T]):
    """`work()` run in a forked child from the moment this is made; `result()` waits for what it returned,
    or raises what it raised."""

    def __init__(self, work: Callable[[], T]) -> None:
        context = multiprocessing.get_context("fork")
        self._receive, send = context.Pipe(duplex=False)
        self._process = context.Process(target=_run, args=(work, send), daemon=True)
        self._process.start()
        send.close()   # the child's end: once the child exits, a read sees the end of the pipe

    def result(self) -> T:
        try:
            done, value = self._receive.recv()
        except EOFError:
            raise ChildFailed("the forked process ended without a result") from None
        finally:
            self._receive.close()
            self._process.join()
        if not done:
            raise value
        return value


def _run(work: Callable[[], object], send: Connection) -> None:
    gc.disable()
    try:
        outcome: tuple[bool, object] = (True, work())
    except Exception as err:   # noqa: BLE001 - handed to the parent, which raises it
        outcome = (False, err)
    send.send(outcome)
    send.close()
