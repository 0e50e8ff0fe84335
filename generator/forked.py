"""Work run in a forked copy of this process, each value it makes handed back through a pipe at once.

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
from collections.abc import Callable, Iterator
from multiprocessing.connection import Connection
from typing import Generic, TypeVar

T = TypeVar("T")


class ChildFailed(RuntimeError):
    """The forked process ended without giving the value asked for (killed, or it could not be pickled)."""


def can_fork() -> bool:
    """Whether `InChild` may be used here: Linux, and no thread besides this one."""
    return sys.platform == "linux" and threading.active_count() == 1


class InChild(Generic[T]):
    """`work()`, a generator, run in a forked child from the moment this is made. `next()` waits for the next
    value it yields, or raises what it raised; `end()` lets the child go (it stops at its next value)."""

    def __init__(self, work: Callable[[], Iterator[T]]) -> None:
        context = multiprocessing.get_context("fork")
        self._receive, send = context.Pipe(duplex=False)
        self._process = context.Process(target=_run, args=(work, send, self._receive), daemon=True)
        self._process.start()
        send.close()   # the child's end: once the child exits, a read sees the end of the pipe

    def next(self) -> T:
        try:
            done, value = self._receive.recv()
        except (EOFError, OSError):
            self.end()
            raise ChildFailed("the forked process ended without a result") from None
        if not done:
            self.end()
            raise value
        return value

    def end(self) -> None:
        self._receive.close()
        self._process.join()


def once(work: Callable[[], T]) -> Callable[[], Iterator[T]]:
    """`work` as a generator of its one result, for InChild."""
    def one() -> Iterator[T]:
        yield work()
    return one


def _run(work: Callable[[], Iterator[object]], send: Connection, receive: Connection) -> None:
    receive.close()   # the parent's end, copied by the fork: once the parent closes its own, a send fails
    gc.disable()
    try:
        for value in work():
            send.send((True, value))
    except BrokenPipeError:
        pass   # the parent let go
    except Exception as err:   # noqa: BLE001 - handed to the parent, which raises it
        send.send((False, err))
    send.close()
