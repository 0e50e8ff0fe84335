"""generator/collector.py: the garbage collector is set aside for a block and always given back."""

from __future__ import annotations

import gc
import subprocess
import sys

import pytest

from generator import collector
from tests.support.paths import REPO_ROOT


def test_paused_stops_automatic_collection_and_restores_it_after_an_error() -> None:
    assert gc.isenabled()
    with pytest.raises(RuntimeError), collector.paused():
        assert not gc.isenabled()
        raise RuntimeError("boom")
    assert gc.isenabled()


def test_what_a_paused_block_made_joins_the_oldest_generation() -> None:
    """So that the next collection of the young does not walk it all at once."""
    with collector.paused():
        made = [[n] for n in range(1000)]
    assert any(item is made[0] for item in gc.get_objects(generation=2))
    assert not any(item is made[0] for item in gc.get_objects(generation=0))


def test_paused_inside_sparing_what_exists_leaves_the_set_aside_objects_aside() -> None:
    kept = [[n] for n in range(10)]
    with collector.sparing_what_exists():
        with collector.paused():
            [[n] for n in range(10)]
        # Set aside objects are in no generation (gc.get_objects lists the three generations only). By the
        # object, not the count: objects set aside may die meanwhile (another thread's, say).
        assert not any(item is kept for item in gc.get_objects())
    assert gc.get_freeze_count() == 0
    assert any(item is kept for item in gc.get_objects())


def test_sparing_what_exists_sets_the_live_objects_aside_and_hands_them_back() -> None:
    kept = [object() for _ in range(10)]
    assert gc.get_freeze_count() == 0
    with pytest.raises(RuntimeError), collector.sparing_what_exists():
        assert gc.get_freeze_count() >= len(kept)
        assert gc.isenabled()          # objects made inside the block are still collected
        raise RuntimeError("boom")
    assert gc.get_freeze_count() == 0


EXIT_SCRIPT = """
import atexit, gc, sys
from generator import collector

class Loud:
    def __del__(self):
        print("finalized at exit", flush=True)

before = atexit._ncallbacks()
if sys.argv[1] == "spare":
    collector.no_last_collection()
    collector.no_last_collection()   # a second command in the same process
print("registered", atexit._ncallbacks() - before, flush=True)
cycle = Loud()
cycle.itself = cycle
del cycle
gc.disable()
"""


@pytest.mark.parametrize("spare", [True, False])
def test_a_command_ends_without_the_last_collection_over_the_heap(spare: bool) -> None:
    """Python's last collections at exit walked the whole heap of a build (0.7 s at 3,000 incidents); after
    no_last_collection everything alive is set aside first, so an object in a cycle is not even finalized."""
    done = subprocess.run([sys.executable, "-c", EXIT_SCRIPT, "spare" if spare else "collect"], cwd=REPO_ROOT,
                          capture_output=True, text=True, timeout=60, check=True)
    assert done.stdout.splitlines()[0] == f"registered {1 if spare else 0}"
    assert ("finalized at exit" in done.stdout) is not spare
