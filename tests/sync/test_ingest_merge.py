"""Merging one bundle: held rows, pending edits, all-or-nothing, chain checks, future clocks."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import select

from libtrainer.domain.ids import fact_id
from libtrainer.store.apply import Change
from libtrainer.store.dump import canonical_dump
from libtrainer.store.hlc import pack
from libtrainer.store.models import Held, Pending
from libtrainer.store.store import HLC_FLOOR, Store
from libtrainer.sync import chain, quarantine
from libtrainer.sync.ingest import Quarantine, merge_one
from libtrainer.sync.merge import Incoming, Merged
from libtrainer.sync.sqlutil import read_meta
from libtrainer.sync.target import StoreTarget
from tests.sync.ingest_support import (
    BASE_BRANCH,
    expected_state,
    memory_store,
    raw_state,
    release,
)

NOW = 1_767_225_600_000
DEV = "00000000-0000-4000-8d01-000000000001"
OTHER = "00000000-0000-4000-8d02-000000000002"
P1 = "00000000-0000-4000-8000-000000000101"
S1 = "00000000-0000-4000-8000-000000000201"
ATT = fact_id("attendance", S1, P1)


@pytest.fixture
def coord() -> Iterator[Store]:
    store = memory_store("00000000-0000-4000-8c00-000000000000", wall=lambda: NOW)
    try:
        yield store
    finally:
        release(store)


def person(hlc: int, cl: int = 1, device: str = DEV, **over: Any) -> Change:
    data = {
        "id": P1,
        "given_name": "Žydrūnė",
        "family_name": "Šimkūnienė",
        "name_key": "zydrune",
        "branch_id": BASE_BRANCH,
        **over,
    }
    return Change("participant", P1, "i", cl, hlc, device, data)


def session(hlc: int) -> Change:
    data = {"id": S1, "branch_id": BASE_BRANCH, "date": "2026-03-02", "academic_hours": 2.0}
    return Change("training_session", S1, "i", 1, hlc, DEV, data)


def mark(hlc: int, value: str = "present", op: str = "i", device: str = DEV) -> Change:
    data = (
        {"id": ATT, "session_id": S1, "participant_id": P1, "mark": value}
        if op == "i"
        else {"mark": value}
    )
    return Change("attendance", ATT, op, 1, hlc, device, data)


def bundle(
    seq: int,
    *changes: Change,
    prev: str | None = None,
    device: str = DEV,
    tag: str = "",
    wall: int | None = None,
) -> Incoming:
    digest = f"{device[-4:]}{seq:04d}{tag}".ljust(64, "0")[:64]
    created = max((c.hlc for c in changes), default=pack(NOW))
    return Incoming(
        digest, device, "changes", seq, prev, created, list(changes), created_wall_ms=wall
    )


def merge(store: Store, incoming: Incoming, now: int = NOW) -> Merged | Quarantine:
    return merge_one(StoreTarget(store), incoming, now_ms=now)


def rows(store: Store, tbl: str) -> list[dict[str, Any]]:
    with store.read() as conn:
        return list(canonical_dump(conn)["tables"][tbl])


def held(store: Store) -> list[tuple[str, str]]:
    with store.read() as conn:
        return [tuple(r) for r in conn.execute(select(Held.tbl, Held.row_id))]  # type: ignore[misc]


def test_row_arriving_before_its_parent_is_held_then_linked(coord: Store) -> None:
    """Attendance before its session and participant: held, never dropped, linked on arrival."""
    merge(coord, bundle(1, mark(pack(NOW, 3))))
    assert rows(coord, "attendance") == [] and held(coord) == [("attendance", ATT)]
    merge(coord, bundle(2, person(pack(NOW, 1)), prev=bundle(1, mark(pack(NOW, 3))).bundle_hash))
    assert held(coord) == [("attendance", ATT)]  # still waits for the session
    merge(coord, bundle(3, session(pack(NOW, 2)), device=OTHER))
    assert [r["id"] for r in rows(coord, "attendance")] == [ATT] and held(coord) == []


def test_deleting_a_parent_holds_its_children_and_restore_brings_them_back(coord: Store) -> None:
    """A participant deleted elsewhere takes its attendance out of sight, not out of existence."""
    merge(coord, bundle(1, session(pack(NOW, 1)), person(pack(NOW, 2)), mark(pack(NOW, 3))))
    merge(
        coord, bundle(1, Change("participant", P1, "d", 2, pack(NOW, 9), OTHER, None), device=OTHER)
    )
    assert rows(coord, "participant") == [] and held(coord) == [("attendance", ATT)]
    merge(
        coord,
        bundle(
            2,
            person(pack(NOW, 12), cl=3, device=OTHER, given_name="Rūta"),
            device=OTHER,
            prev=bundle(1, device=OTHER).bundle_hash,
        ),
    )
    assert rows(coord, "participant")[0]["given_name"] == "Rūta" and held(coord) == []
    assert [r["id"] for r in rows(coord, "attendance")] == [ATT]


def test_edit_of_a_generation_not_seen_yet_waits_then_applies(coord: Store) -> None:
    """An edit made after a restore (causal length 3) that arrives first is pending, then merged."""
    merge(coord, bundle(1, person(pack(NOW, 1))))
    late_edit = Change("participant", P1, "u", 3, pack(NOW, 30), OTHER, {"given_name": "Ieva"})
    merge(coord, bundle(1, late_edit, device=OTHER))
    with coord.read() as conn:
        assert conn.execute(select(Pending.row_id)).scalars().all() == [P1]
    merge(
        coord,
        bundle(
            5,
            Change("participant", P1, "d", 2, pack(NOW, 10), DEV, None),
            person(pack(NOW, 20), cl=3, given_name="Ona"),
            tag="r",
        ),
    )
    with coord.read() as conn:
        assert conn.execute(select(Pending.row_id)).scalars().all() == []
    assert rows(coord, "participant")[0]["given_name"] == "Ieva"


def test_same_fact_recorded_on_two_devices_is_one_row(coord: Store) -> None:
    """Attendance is a set of facts: the same session × participant from two devices is one row."""
    merge(coord, bundle(1, session(pack(NOW, 1)), person(pack(NOW, 2)), mark(pack(NOW, 3))))
    merge(coord, bundle(1, mark(pack(NOW, 5), "excused", device=OTHER), device=OTHER))
    assert [(r["id"], r["mark"]) for r in rows(coord, "attendance")] == [(ATT, "excused")]


def test_a_bad_record_anywhere_keeps_the_whole_bundle_out(coord: Store) -> None:
    """All or nothing: a bundle whose last change is unusable leaves no trace but its quarantine."""
    before = raw_state(coord)
    bad = Change("participant", P1, "u", 1, pack(NOW, 9), DEV, {"birth_year": "nineteen"})
    result = merge(coord, bundle(1, session(pack(NOW, 1)), person(pack(NOW, 2)), bad))
    assert isinstance(result, Quarantine) and result.reason == "bad_change"
    assert raw_state(coord) == before
    with coord.read() as conn:
        assert [e.reason for e in quarantine.entries(conn)] == ["bad_change"]
        assert not chain.is_ingested(conn, bundle(1).bundle_hash)


def test_same_bundle_twice_is_a_no_op(coord: Store) -> None:
    """A re-delivered bundle (same hash) is recognised and changes nothing."""
    b = bundle(1, session(pack(NOW, 1)), person(pack(NOW, 2)))
    merge(coord, b)
    state = raw_state(coord)
    again = merge(coord, b)
    assert isinstance(again, Merged) and again.duplicate
    assert raw_state(coord) == state


def test_same_seq_with_other_content_is_a_fork_and_suspends_the_device(coord: Store) -> None:
    """A cloned disk sends another bundle 1: refused as a fork; the device's later bundles too."""
    first = bundle(1, session(pack(NOW, 1)))
    merge(coord, first)
    state = raw_state(coord)
    clone = merge(coord, bundle(1, person(pack(NOW, 2)), tag="x"))
    assert isinstance(clone, Quarantine) and clone.reason == "fork"
    later = merge(coord, bundle(2, person(pack(NOW, 3)), prev=first.bundle_hash))
    assert isinstance(later, Quarantine) and later.reason == "suspended"
    assert raw_state(coord) == state
    with coord.read() as conn:
        assert chain.suspension(conn, DEV) is not None
    assert "the device is now suspended" in clone.message


def test_broken_chain_is_a_fork(coord: Store) -> None:
    """Bundle 2 naming a different bundle 1 than the one merged is a fork."""
    merge(coord, bundle(1, session(pack(NOW, 1))))
    result = merge(coord, bundle(2, person(pack(NOW, 2)), prev="f" * 64))
    assert isinstance(result, Quarantine) and result.reason == "fork"


def test_far_future_bundle_is_quarantined_without_moving_the_clock(coord: Store) -> None:
    """A bundle dated ten years ahead is refused and does not drag this store's clock along."""
    future = pack(NOW + 10 * 365 * 86_400_000)
    result = merge(coord, bundle(1, person(future)))
    assert isinstance(result, Quarantine) and result.reason == "future_clock"
    assert "3650" in result.message or "3652" in result.message
    assert coord.identity.clock.last < pack(NOW + 86_400_000)
    assert rows(coord, "participant") == []


def test_a_restamped_bundle_is_merged_with_this_store_clock(coord: Store) -> None:
    """After a coordinator approves the re-stamp, the bundle merges with present-day clocks."""
    b = bundle(1, person(pack(NOW + 10 * 365 * 86_400_000)))
    merge(coord, b)
    with StoreTarget(coord).transaction() as conn:
        quarantine.approve_restamp(conn, b.bundle_hash[:12])
    result = merge(coord, b)
    assert isinstance(result, Merged) and result.restamped
    assert coord.identity.clock.last < pack(NOW + 86_400_000)
    assert len(rows(coord, "participant")) == 1
    with coord.read() as conn:
        assert quarantine.entries(conn) == []


YEAR_MS = 365 * 86_400_000


def _approve(store: Store, b: Incoming) -> None:
    with StoreTarget(store).transaction() as conn:
        quarantine.approve_restamp(conn, b.bundle_hash[:12])


def test_a_restamp_also_covers_the_devices_later_bundles_until_its_clock_is_right(
    coord: Store,
) -> None:
    """A clock a year ahead for a day: one approval re-stamps the later, still-ahead bundles."""
    first = bundle(1, person(pack(NOW + YEAR_MS)))
    merge(coord, first)
    _approve(coord, first)
    assert isinstance(merge(coord, first), Merged)
    # the device's clock was corrected, but its changes stay dated after its last one
    second = bundle(2, session(pack(NOW + YEAR_MS, 5)), prev=first.bundle_hash, wall=NOW)
    result = merge(coord, second)
    assert isinstance(result, Merged) and result.restamped
    assert coord.identity.clock.last < pack(NOW + 86_400_000)
    # another device with a future clock still needs its own approval
    other = bundle(1, person(pack(NOW + YEAR_MS), device=OTHER), device=OTHER)
    assert isinstance(merge(coord, other), Quarantine)


def test_a_device_whose_clock_is_still_wrong_needs_each_bundle_approved(coord: Store) -> None:
    """The approval covers bundles made once the clock was right: one made while it is still a
    year ahead (its wall time too) is refused again, so the coordinator learns of it."""
    first = bundle(1, person(pack(NOW + YEAR_MS)))
    merge(coord, first)
    _approve(coord, first)
    merge(coord, first)
    still = bundle(2, session(pack(NOW + YEAR_MS, 5)), prev=first.bundle_hash, wall=NOW + YEAR_MS)
    result = merge(coord, still)
    assert isinstance(result, Quarantine) and result.reason == "future_clock"


def test_a_device_jumping_further_ahead_needs_a_new_approval(coord: Store) -> None:
    """The approval covers bundles ahead by at most as much as the approved one (and a day)."""
    first = bundle(1, person(pack(NOW + YEAR_MS)))
    merge(coord, first)
    _approve(coord, first)
    merge(coord, first)
    further = bundle(2, session(pack(NOW + 2 * YEAR_MS)), prev=first.bundle_hash, wall=NOW)
    result = merge(coord, further)
    assert isinstance(result, Quarantine) and result.reason == "future_clock"


def test_the_devices_approval_ends_with_its_first_bundle_dated_right(coord: Store) -> None:
    """Once a later bundle is not ahead, a new jump of the same size is refused again."""
    first = bundle(1, person(pack(NOW + YEAR_MS)))
    merge(coord, first)
    _approve(coord, first)
    merge(coord, first)
    right = bundle(2, session(pack(NOW, 3)), prev=first.bundle_hash)
    assert isinstance(merge(coord, right), Merged)
    again = bundle(3, mark(pack(NOW + YEAR_MS, 9)), prev=right.bundle_hash, wall=NOW)
    result = merge(coord, again)
    assert isinstance(result, Quarantine) and result.reason == "future_clock"


def test_a_clock_a_few_hours_ahead_is_accepted_and_absorbed(coord: Store) -> None:
    """Within 24 hours ahead is ordinary skew: merged, and the clock floor is kept."""
    ahead = pack(NOW + 5 * 3600 * 1000)
    merge(coord, bundle(1, person(ahead)))
    assert coord.identity.clock.last >= ahead
    with coord.read() as conn:
        assert int(read_meta(conn, HLC_FLOOR) or 0) >= ahead


def test_gap_is_reported_until_the_missing_bundle_arrives(coord: Store) -> None:
    """Bundle 3 before 1 and 2: merged, gap 1–2 reported, gone once they arrive."""
    b1 = bundle(1, session(pack(NOW, 1)))
    b2 = bundle(2, person(pack(NOW, 2)), prev=b1.bundle_hash)
    b3 = bundle(3, mark(pack(NOW, 3)), prev=b2.bundle_hash)
    result = merge(coord, b3)
    assert isinstance(result, Merged) and result.gap == (1, 2)
    with coord.read() as conn:
        assert [(g.first, g.last) for g in chain.gaps(conn)] == [(1, 2)]
    merge(coord, b1)
    merge(coord, b2)
    with coord.read() as conn:
        assert chain.gaps(conn) == []
    assert len(rows(coord, "attendance")) == 1


def test_large_bundle_takes_the_bulk_path_and_leaves_capture_intact(coord: Store) -> None:
    """2,000 new rows and 2,000 edits merge as the model says; capture triggers still work."""
    from libtrainer.store.capture import triggers_complete
    from libtrainer.sync import bulk

    base = dict(person(0).data or {})
    ids = [f"00000000-0000-4000-8000-{n:012d}" for n in range(bulk.BULK_TRIGGER_ROWS)]
    people = [
        Change("participant", row, "i", 1, pack(NOW, n + 1), DEV, {**base, "id": row})
        for n, row in enumerate(ids)
    ]
    edits = [
        Change("participant", row, "u", 1, pack(NOW + 1, n), OTHER, {"notes": f"pastaba {n} ąčę"})
        for n, row in enumerate(ids)
    ]
    merge(coord, bundle(1, *people))
    merge(coord, bundle(1, *edits, device=OTHER))
    with coord.read() as conn:
        assert canonical_dump(conn) == expected_state([*people, *edits])
        assert triggers_complete(conn)
    with coord.uow() as uow:
        uow.connection.exec_driver_sql(
            "UPDATE participant SET notes = 'vietinė' WHERE id = ?", (ids[0],)
        )
        uow.commit()
    with coord.read() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM lt_outbox").scalar_one() == 1


def test_a_quarantined_bundle_is_not_reported_as_a_gap(coord: Store) -> None:
    """Bundle 2 refused (future clock): the gap report leaves it to the quarantine message."""
    b1 = bundle(1, session(pack(NOW, 1)))
    b2 = bundle(2, person(pack(NOW + 3 * 86_400_000)), prev=b1.bundle_hash)
    b3 = bundle(3, mark(pack(NOW, 3)), prev=b2.bundle_hash)
    b4 = bundle(5, mark(pack(NOW, 4), "absent", op="u"), prev="e" * 64)
    for b in (b1, b2, b3, b4):
        merge(coord, b)
    with coord.read() as conn:
        assert [(g.first, g.last) for g in chain.gaps(conn)] == [(4, 4)]
        assert [e.seq for e in quarantine.entries(conn)] == [2]
