"""Identifiers: time-ordered UUIDv7 on the device, deterministic UUIDv5 for natural keys."""

from __future__ import annotations

import uuid

from libtrainer.domain.ids import fact_id, is_uuid, new_id


def test_new_ids_are_uuid7_and_increasing() -> None:
    """New ids are version-7 UUIDs and sort in creation order."""
    ids = [new_id() for _ in range(2000)]
    assert all(uuid.UUID(i).version == 7 for i in ids)
    assert ids == sorted(ids)
    assert len(set(ids)) == len(ids)


def test_fact_ids_are_deterministic_per_natural_key() -> None:
    """The same attendance fact gets the same id on every device; another fact another id."""
    a = fact_id("attendance", "s1", "p1")
    assert a == fact_id("attendance", "s1", "p1")
    assert a != fact_id("attendance", "s1", "p2")
    assert uuid.UUID(a).version == 5 and is_uuid(a)


def test_is_uuid_rejects_junk() -> None:
    """Only canonical UUID strings count as ids."""
    assert not is_uuid("x'; DROP TABLE participant; --")
    assert not is_uuid("01A2006C-7998-7135-842C-D83A0D3637FE")
