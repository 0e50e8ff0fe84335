"""generator/collector.py: the garbage collector is set aside for a block and always given back."""

from __future__ import annotations

import gc

import pytest

from generator import collector


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
