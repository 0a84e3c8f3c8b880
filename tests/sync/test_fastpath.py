"""The bulk merge writes new rows without looking their clocks up, and still equals row by row."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from libtrainer.domain.ids import fact_id, new_id
from libtrainer.store.apply import Change, apply_changes
from libtrainer.store.capture import capture_suspended
from libtrainer.store.hlc import pack
from libtrainer.store.store import Store
from libtrainer.sync import bulk, fastpath
from tests.sync.ingest_support import BASE_BRANCH, full_state, memory_store, release

DEVICE = "00000000-0000-4000-8c00-0000000000d1"
START = 1_760_000_000_000


def _week() -> list[Change]:
    """12 people at 20 sessions: more attendance rows than the (lowered) trigger threshold."""
    people, sessions, changes = [new_id() for _ in range(12)], [new_id() for _ in range(20)], []
    for n, person in enumerate(people):
        data = {"id": person, "given_name": "Žydrūnė", "family_name": "Šimkūnienė",
                "name_key": "zydrune simkuniene", "branch_id": BASE_BRANCH}  # fmt: skip
        changes.append(Change("participant", person, "i", 1, pack(START, n), DEVICE, data))
    for n, session in enumerate(sessions):
        data = {"id": session, "branch_id": BASE_BRANCH, "date": "2026-03-02",
                "academic_hours": 2.0}  # fmt: skip
        changes.append(Change("training_session", session, "i", 1, pack(START + n), DEVICE, data))
        for k, person in enumerate(people):
            row = fact_id("attendance", session, person)
            data = {"id": row, "session_id": session, "participant_id": person, "mark": "present"}
            changes.append(
                Change("attendance", row, "i", 1, pack(START + n, k + 100), DEVICE, data)
            )
    assert sum(c.tbl == "attendance" for c in changes) > bulk.BULK_TRIGGER_ROWS
    return changes


@pytest.fixture
def stores(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Store, Store]]:
    monkeypatch.setattr(bulk, "BULK_TRIGGER_ROWS", 100)  # capture triggers dropped, as in a week
    bulky, single = memory_store(new_id()), memory_store(new_id())
    yield bulky, single
    release(bulky)
    release(single)


def _merge(store: Store, changes: list[Change], *, bulk_path: bool) -> None:
    with store.uow() as uow, capture_suspended(uow.connection):
        if bulk_path:
            fastpath.apply_bundle(uow.connection, changes, validated=True)
        else:
            apply_changes(uow.connection, changes)
        uow.commit()


def _triggers(store: Store) -> list[str]:
    with store.read() as conn:
        rows = conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        return sorted(str(name) for (name,) in rows)


def test_new_rows_are_written_without_a_clock_lookup(
    stores: tuple[Store, Store], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A bundle of only new rows looks up no clock and ends as row-by-row merging ends."""
    bulky, single = stores
    week = _week()
    looked_up: list[tuple[str, str]] = []
    real = bulk.stars
    monkeypatch.setattr(
        bulk, "stars", lambda conn, keys: real(conn, looked_up.extend(keys) or keys)
    )
    _merge(bulky, week, bulk_path=True)
    _merge(single, week, bulk_path=False)
    assert looked_up == []
    with bulky.read() as a, single.read() as b:
        assert full_state(a) == full_state(b)


def test_rows_known_already_fall_back_to_their_clocks(
    stores: tuple[Store, Store], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Re-sent rows and a deleted row sent again: the batch is undone and sorted by clocks, the
    deleted row stays deleted, capture triggers survive, and the result equals row by row."""
    bulky, single = stores
    week = _week()
    gone = next(c for c in week if c.tbl == "attendance")
    delete = Change("attendance", gone.row_id, "d", 2, pack(START + 10_000), DEVICE, None)
    for store, bulk_path in ((bulky, True), (single, False)):
        triggers = _triggers(store)
        _merge(store, week, bulk_path=bulk_path)
        _merge(store, [delete], bulk_path=bulk_path)
        looked_up: list[tuple[str, str]] = []
        real = bulk.stars
        monkeypatch.setattr(bulk, "stars", lambda c, keys: real(c, looked_up.extend(keys) or keys))
        _merge(store, week, bulk_path=bulk_path)
        monkeypatch.setattr(bulk, "stars", real)
        assert ("attendance", gone.row_id) in looked_up or not bulk_path
        assert _triggers(store) == triggers
    with bulky.read() as a, single.read() as b:
        state = full_state(a)
        assert state == full_state(b)
        ids = {row[0] for row in a.exec_driver_sql("SELECT id FROM attendance")}
    assert gone.row_id not in ids and len(ids) == sum(c.tbl == "attendance" for c in week) - 1
