"""Identifiers: UUIDv7 generated on the device, UUIDv5 for facts with a natural key.

A UUIDv7 is time-ordered, so new rows land at the end of the primary-key B-tree. A natural-key
fact (attendance of a participant at a session) gets the same id on every device, so the same
fact entered twice is one row after merge.
"""

from __future__ import annotations

import os
import threading
import time
import uuid

NAMESPACE = uuid.UUID("6f2b1d0e-5c3a-4e8f-9a41-3d7c2b9e1a55")

_lock = threading.Lock()
_last_ms = 0
_seq = 0


def new_id() -> str:
    """A new UUIDv7 (RFC 9562) string, monotonic within this process."""
    global _last_ms, _seq
    with _lock:
        ms = time.time_ns() // 1_000_000
        if ms <= _last_ms:
            _seq += 1
            if _seq >= 1 << 12:
                _last_ms += 1
                _seq = 0
            ms = _last_ms
        else:
            _last_ms = ms
            _seq = int.from_bytes(os.urandom(2), "big") & 0x3FF
        rand_b = int.from_bytes(os.urandom(8), "big") & ((1 << 62) - 1)
        value = (ms & ((1 << 48) - 1)) << 80
        value |= 0x7 << 76
        value |= _seq << 64
        value |= 0b10 << 62
        value |= rand_b
    return str(uuid.UUID(int=value))


def fact_id(kind: str, *parts: str) -> str:
    """Deterministic UUIDv5 for a fact with a natural key, e.g. ``fact_id("attendance", s, p)``."""
    return str(uuid.uuid5(NAMESPACE, ":".join((kind, *parts))))


def is_uuid(value: str) -> bool:
    """True when ``value`` is a canonical UUID string."""
    try:
        return str(uuid.UUID(value)) == value
    except (ValueError, AttributeError, TypeError):
        return False
