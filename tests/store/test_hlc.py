"""The hybrid logical clock never runs backwards."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from libtrainer.store.hlc import COUNTER_MASK, HybridClock, pack, unpack


def test_pack_unpack_round_trip() -> None:
    """An HLC integer holds 48-bit milliseconds and a 16-bit counter."""
    assert unpack(pack(1_795_000_000_000, 7)) == (1_795_000_000_000, 7)


@given(st.lists(st.integers(min_value=0, max_value=2**47), min_size=1, max_size=200))
def test_clock_is_strictly_monotonic_whatever_the_wall_clock_does(walls: list[int]) -> None:
    """Wall clock jumping back, standing still or leaping ahead: timestamps still increase."""
    it = iter(walls)
    clock = HybridClock(wall=lambda: next(it))
    issued = [clock.now() for _ in walls]
    assert all(b > a for a, b in zip(issued, issued[1:]))


def test_floor_survives_restart_with_clock_set_back() -> None:
    """A clock restarted with a floor from the store issues later stamps than before."""
    first = HybridClock(wall=lambda: 2_000_000)
    stamp = first.now()
    second = HybridClock(floor=stamp, wall=lambda: 1_000_000)
    assert second.now() > stamp


def test_observe_absorbs_remote_clock() -> None:
    """After seeing a remote stamp, local stamps order after it."""
    clock = HybridClock(wall=lambda: 1_000)
    remote = pack(5_000, 3)
    clock.observe(remote)
    assert clock.now() > remote


def test_counter_overflow_moves_to_next_millisecond() -> None:
    """65,536 stamps within one millisecond roll into the next millisecond, still increasing."""
    clock = HybridClock(floor=pack(10, COUNTER_MASK), wall=lambda: 10)
    assert unpack(clock.now()) == (11, 0)
