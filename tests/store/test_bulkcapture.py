"""Set-wise capture of bulk inserts records exactly what the per-row triggers record."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import delete, insert, select

from libtrainer.domain.ids import fact_id, new_id
from libtrainer.services import setup
from libtrainer.store.bulkcapture import BULK_MIN_ROWS, insert_rows
from libtrainer.store.capture import capture_suspended, triggers_complete
from libtrainer.store.dump import canonical_dump
from libtrainer.store.models import Attendance, Clock, Outbox, Participant, TrainingSession
from libtrainer.store.outbox import read_changes, replay
from libtrainer.store.store import Store
from tests.conftest import make_store

N = BULK_MIN_ROWS + 37


def _rows(branch_id: str) -> dict[str, list[dict[str, Any]]]:
    sessions = [
        {
            "id": f"0190a000-0000-7000-8000-{i:012d}",
            "branch_id": branch_id,
            "date": dt.date(2026, 3, 2) + dt.timedelta(days=i % 40),
            "academic_hours": 2.0,
        }
        for i in range(N // 20 + 1)
    ]
    people = [
        {
            "id": f"0190b000-0000-7000-8000-{i:012d}",
            "branch_id": branch_id,
            "given_name": "Žydrūnė" if i % 2 else "Kārlis",
            "family_name": f"Šimkūnienė {i}",
            "name_key": f"zydrune simkuniene {i}",
            "birth_year": 1950 + i % 50,
            "rural": bool(i % 3),
        }
        for i in range(N)
    ]
    marks = [
        {
            "id": fact_id("attendance", sessions[i % len(sessions)]["id"], p["id"]),
            "session_id": sessions[i % len(sessions)]["id"],
            "participant_id": p["id"],
        }
        for i, p in enumerate(people)
    ]
    return {"training_session": sessions, "participant": people, "attendance": marks}


def _write(store: Store, rows: dict[str, list[dict[str, Any]]], *, bulk: bool) -> None:
    tables = {"training_session": TrainingSession, "participant": Participant}
    tables["attendance"] = Attendance  # type: ignore[assignment]
    with store.uow() as uow:
        for name, model in tables.items():
            if bulk:
                insert_rows(uow.connection, model.__table__, rows[name])  # type: ignore[arg-type]
            else:
                uow.connection.execute(insert(model), rows[name])
        uow.commit()


def _captured(store: Store) -> tuple[list[tuple[Any, ...]], list[int], dict[tuple[str, str], int]]:
    with store.read() as conn:
        out = conn.execute(
            select(Outbox.tbl, Outbox.row_id, Outbox.op, Outbox.cl, Outbox.device, Outbox.data)
            .where(Outbox.tbl.in_(["training_session", "participant", "attendance"]))
            .order_by(Outbox.seq)
        ).all()
        hlcs = (
            conn.execute(
                select(Outbox.hlc)
                .where(Outbox.tbl.in_(["training_session", "participant", "attendance"]))
                .order_by(Outbox.seq)
            )
            .scalars()
            .all()
        )
        stars = conn.execute(select(Clock.tbl, Clock.row_id, Clock.hlc).where(Clock.field == "*"))
        clocks = {(t, r): h for t, r, h in stars}
        records = [(t, r, o, c, d, json.loads(data)) for t, r, o, c, d, data in out]
    return records, list(hlcs), clocks


def test_bulk_insert_captures_what_triggers_capture(tmp_path: Path) -> None:
    """Outbox records (table, id, op, causal length, device-independent data) equal the
    triggers' records in the same order, with increasing timestamps matching the row clocks."""
    store = make_store(tmp_path / "bulk")
    ident = setup.identity(store)
    rows = _rows(ident.branch_id)
    try:
        _write(store, rows, bulk=False)
        by_trigger, _h, _c = _captured(store)
    finally:
        store.close()
    store = make_store(tmp_path / "bulk2")
    try:
        rows2 = _rows(setup.identity(store).branch_id)
        _write(store, rows2, bulk=True)
        by_bulk, hlcs, clocks = _captured(store)
        device = store.device_id
        with store.read() as conn:
            assert triggers_complete(conn)
    finally:
        store.close()

    def strip(records: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
        return [
            (t, r, o, c, {k: v for k, v in d.items() if k != "branch_id"})
            for t, r, o, c, _d, d in records
        ]

    assert strip(by_bulk) == strip(by_trigger)
    assert len(by_bulk) == sum(len(v) for v in rows.values())
    assert {r[4] for r in by_bulk} == {device}
    assert hlcs == sorted(set(hlcs)), "one fresh, increasing timestamp per record"
    assert [clocks[(t, r)] for t, r, *_ in by_bulk] == hlcs


def test_bulk_insert_replays_into_an_equal_store(tmp_path: Path) -> None:
    """Replaying the outbox of a bulk insert into an empty store reproduces the same content."""
    source = make_store(tmp_path / "src")
    target = Store.open(tmp_path / "dst.db", os.urandom(32), create=True)
    try:
        _write(source, _rows(setup.identity(source).branch_id), bulk=True)
        with source.read() as conn:
            changes = read_changes(conn)
            want = canonical_dump(conn)["tables"]
        with target.uow() as uow:
            replay(uow.connection, changes)
            uow.commit()
        with target.read() as conn:
            got = canonical_dump(conn)["tables"]
        assert got == want
    finally:
        source.close()
        target.close()


def test_deleted_rows_coming_back_are_restores(store: Store) -> None:
    """A bulk insert of an id deleted before starts its next generation (causal length 3)."""
    rows = _rows(setup.identity(store).branch_id)
    _write(store, rows, bulk=True)
    gone = rows["attendance"][0]["id"]
    with store.uow() as uow:
        uow.connection.execute(delete(Attendance).where(Attendance.id == gone))
        uow.commit()
    again = [
        dict(r, id=fact_id("attendance", r["session_id"], r["participant_id"]))
        for r in rows["attendance"]
    ]
    with store.uow() as uow:
        uow.connection.execute(delete(Attendance).where(Attendance.id != gone))
        uow.commit()
    with store.uow() as uow:
        insert_rows(uow.connection, Attendance.__table__, again)  # type: ignore[arg-type]
        uow.commit()
    with store.read() as conn:
        cl = conn.execute(
            select(Clock.cl).where(Clock.row_id == gone, Clock.field == "*")
        ).scalar_one()
        last = conn.execute(
            select(Outbox.op, Outbox.cl).where(Outbox.row_id == gone).order_by(Outbox.seq.desc())
        ).first()
    assert cl == 3 and tuple(last or ()) == ("i", 3)


def test_failed_bulk_insert_writes_nothing_and_keeps_triggers(store: Store) -> None:
    """A bulk insert that fails (a missing parent) rolls back whole and capture still works."""
    rows = _rows(setup.identity(store).branch_id)
    with pytest.raises(Exception), store.uow() as uow:
        insert_rows(uow.connection, Attendance.__table__, rows["attendance"])  # type: ignore[arg-type]
        uow.commit()
    pid = new_id()
    with store.uow() as uow:
        uow.connection.execute(
            insert(Participant),
            [
                {
                    "id": pid,
                    "branch_id": rows["participant"][0]["branch_id"],
                    "given_name": "Ņina",
                    "family_name": "Ķēniņa",
                    "name_key": "nina kenina",
                }
            ],
        )
        uow.commit()
    with store.read() as conn:
        assert triggers_complete(conn)
        assert conn.execute(select(Attendance.id)).first() is None
        assert conn.execute(select(Outbox.op).where(Outbox.row_id == pid)).scalar_one() == "i"


def test_suspended_capture_writes_no_outbox(store: Store) -> None:
    """With capture suspended (ingest), a bulk insert writes rows but records nothing."""
    rows = _rows(setup.identity(store).branch_id)
    with store.read() as conn:
        before = conn.execute(select(Outbox.seq).order_by(Outbox.seq.desc())).scalar()
    with store.uow() as uow, capture_suspended(uow.connection):
        insert_rows(uow.connection, TrainingSession.__table__, rows["training_session"])  # type: ignore[arg-type]
        uow.commit()
    with store.read() as conn:
        after = conn.execute(select(Outbox.seq).order_by(Outbox.seq.desc())).scalar()
    assert after == before
