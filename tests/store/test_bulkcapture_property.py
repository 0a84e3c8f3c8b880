"""Random mixes of bulk inserts, restores, edits and deletes replay into an equal store."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, select, update

from libtrainer.domain.ids import fact_id
from libtrainer.services import setup
from libtrainer.store.bulkcapture import BULK_MIN_ROWS, insert_rows
from libtrainer.store.dump import canonical_dump
from libtrainer.store.models import Attendance, Participant, TrainingSession
from libtrainer.store.outbox import read_changes, replay
from libtrainer.store.store import Store

KEY = os.urandom(32)
SESSIONS, PEOPLE = 24, 60  # 1,440 possible marks: batches above and below BULK_MIN_ROWS
SESSION_IDS = [f"0190c000-0000-7000-8000-{i:012d}" for i in range(SESSIONS)]
PEOPLE_IDS = [f"0190d000-0000-7000-8000-{i:012d}" for i in range(PEOPLE)]
MARKS = ["present", "absent", "excused"]

cell = st.tuples(st.integers(0, SESSIONS - 1), st.integers(0, PEOPLE - 1))
STEP = st.one_of(
    # insert a block of sessions × everyone (new marks, and deleted ones coming back)
    st.tuples(st.just("insert"), st.integers(0, SESSIONS - 1), st.integers(1, SESSIONS)),
    st.tuples(st.just("delete"), st.lists(cell, min_size=1, max_size=40)),
    st.tuples(st.just("mark"), st.lists(cell, min_size=1, max_size=40), st.sampled_from(MARKS)),
)


def _mark_id(cell: tuple[int, int]) -> str:
    return fact_id("attendance", SESSION_IDS[cell[0]], PEOPLE_IDS[cell[1]])


@pytest.fixture(scope="module")
def templates(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A source store with the sessions and people in place, and an empty target."""
    base = tmp_path_factory.mktemp("bulk-templates")
    source = Store.open(base / "source.db", KEY, create=True)
    ident = setup.initialise(
        source,
        region="Alytaus apskritis",
        library="Lazdijų viešoji biblioteka",
        branch="Būdviečio padalinys",
        device_name="PC-1",
        role="branch",
    )
    with source.uow() as uow:
        uow.connection.execute(
            TrainingSession.__table__.insert(),
            [
                {
                    "id": sid,
                    "branch_id": ident.branch_id,
                    "date": dt.date(2026, 3, 2) + dt.timedelta(days=i),
                    "academic_hours": 2.0,
                }
                for i, sid in enumerate(SESSION_IDS)
            ],
        )
        uow.connection.execute(
            Participant.__table__.insert(),
            [
                {
                    "id": pid,
                    "branch_id": ident.branch_id,
                    "given_name": "Līga" if i % 2 else "Šarūnas",
                    "family_name": f"Ozoliņa {i}",
                    "name_key": f"liga ozolina {i}",
                }
                for i, pid in enumerate(PEOPLE_IDS)
            ],
        )
        uow.commit()
    source.close()
    Store.open(base / "target.db", KEY, create=True).close()
    return base / "source.db", base / "target.db"


def _run(store: Store, step: tuple[Any, ...]) -> None:
    conn_rows: list[dict[str, Any]]
    with store.uow() as uow:
        conn = uow.connection
        if step[0] == "insert":
            first, count = step[1], step[2]
            present = set(conn.execute(select(Attendance.id)).scalars())
            conn_rows = [
                {"id": mid, "session_id": sid, "participant_id": pid, "mark": "present"}
                for sid in SESSION_IDS[first : first + count]
                for pid in PEOPLE_IDS
                if (mid := fact_id("attendance", sid, pid)) not in present
            ]
            insert_rows(conn, Attendance.__table__, conn_rows)  # type: ignore[arg-type]
        elif step[0] == "delete":
            ids = [_mark_id(c) for c in step[1]]
            conn.execute(delete(Attendance).where(Attendance.id.in_(ids)))
        else:
            ids = [_mark_id(c) for c in step[1]]
            conn.execute(update(Attendance).where(Attendance.id.in_(ids)).values(mark=step[2]))
        uow.commit()


@settings(
    max_examples=int(os.environ.get("LIBTRAINER_REPLAY_EXAMPLES", "40")) // 2,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=st.lists(STEP, min_size=1, max_size=8))
def test_bulk_capture_replays_exactly(
    templates: tuple[Path, Path], tmp_path_factory: pytest.TempPathFactory, steps: list[Any]
) -> None:
    """Whatever mix of bulk inserts (fresh and restored marks), edits and deletes ran, the
    outbox replayed into an empty store gives the same synced content."""
    base = tmp_path_factory.mktemp("bulk-run")
    shutil.copy(templates[0], base / "source.db")
    shutil.copy(templates[1], base / "target.db")
    source = Store.open(base / "source.db", KEY)
    try:
        for step in steps:
            _run(source, step)
        with source.read() as conn:
            changes = read_changes(conn)
            want = canonical_dump(conn)
    finally:
        source.close()
    target = Store.open(base / "target.db", KEY)
    try:
        with target.uow() as uow:
            replay(uow.connection, changes)
            uow.commit()
        with target.read() as conn:
            got = canonical_dump(conn)
    finally:
        target.close()
    assert got == want
    assert BULK_MIN_ROWS <= SESSIONS * PEOPLE
