"""Hybrid logical clock: 48-bit wall milliseconds and a 16-bit counter in one integer.

The clock never runs backwards: not when the wall clock jumps back, not across restarts (the
store hands it a floor when it opens), and it absorbs clocks seen in remote changes so a later
local write orders after what it has seen. One clock serves every connection of a store;
it is thread-safe.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

COUNTER_BITS = 16
COUNTER_MASK = (1 << COUNTER_BITS) - 1
MS_MASK = (1 << 48) - 1


def pack(ms: int, counter: int = 0) -> int:
    """The integer form of (milliseconds, counter)."""
    return ((ms & MS_MASK) << COUNTER_BITS) | (counter & COUNTER_MASK)


def unpack(value: int) -> tuple[int, int]:
    """(milliseconds, counter) of an HLC integer."""
    return value >> COUNTER_BITS, value & COUNTER_MASK


def wall_ms() -> int:
    return time.time_ns() // 1_000_000


class HybridClock:
    """A monotonic HLC. ``now()`` issues a fresh timestamp; ``observe()`` absorbs a remote one."""

    def __init__(self, floor: int = 0, wall: Callable[[], int] = wall_ms) -> None:
        self._wall = wall
        self._last = floor
        self._lock = threading.Lock()

    @property
    def last(self) -> int:
        """The last timestamp issued or observed."""
        return self._last

    def now(self) -> int:
        """A timestamp greater than every one issued or observed before."""
        with self._lock:
            # last + 1 carries a full counter into the next millisecond (see _advance)
            self._last = max(pack(self._wall()), self._last + 1)
            return self._last

    def reserve(self, count: int) -> int:
        """The first of ``count`` consecutive timestamps, all greater than any issued before
        (a block for a bulk write; the clock continues after the last of them)."""
        with self._lock:
            first = max(pack(self._wall()), self._last + 1)
            self._last = first + max(count, 1) - 1
            return first

    def observe(self, remote: int) -> None:
        """Absorb a remote timestamp (callers refuse far-future ones before this)."""
        with self._lock:
            if remote > self._last:
                self._last = remote

    @staticmethod
    def _advance(value: int) -> int:
        ms, counter = unpack(value)
        return pack(ms + 1, 0) if counter == COUNTER_MASK else pack(ms, counter + 1)
