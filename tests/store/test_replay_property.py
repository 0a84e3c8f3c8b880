"""Replaying the captured outbox, in order, into an empty store reproduces the synced content.

This is the ground sync stands on: if capture misses a write path or records a wrong value,
some random sequence of service operations will show a difference between the two dumps.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from libtrainer.domain.errors import LibtrainerError
from libtrainer.services import (
    attendance,
    consultations,
    groups,
    org,
    participants,
    programmes,
    records,
    sessions,
    setup,
)
from libtrainer.store.dump import canonical_dump
from libtrainer.store.outbox import read_changes, replay
from libtrainer.store.store import Store

KEY = os.urandom(32)

NAMES = [
    "Šarūnas",
    "Rūta",
    "Ieva",
    "Kārlis",
    "Līga",
    "Jānis",
    "Ona",
    "Žydrūnė",
    "Ķēniņš",
    "Ąžuolas",
]
FAMILIES = ["Žukauskas", "Mickevičienė", "Bērziņa", "Ozoliņš", "Kļaviņa", "Petraitis"]
TAGS = ["job_seekers", "seniors_u3a", "community", "youth", "rural_residents"]
MARKS = ["present", "absent", "excused"]
TABLES_WITH_DELETE = ["participant", "training_session", "training_group", "consultation"]

idx = st.integers(min_value=0, max_value=30)
day = st.dates(min_value=dt.date(2024, 1, 1), max_value=dt.date(2026, 6, 30))

OPS = st.one_of(
    st.tuples(
        st.just("participant"),
        st.sampled_from(NAMES),
        st.sampled_from(FAMILIES),
        st.one_of(st.none(), st.integers(1930, 2010)),
        st.lists(st.sampled_from(TAGS), max_size=3),
    ),
    st.tuples(
        st.just("edit_participant"),
        idx,
        st.sampled_from(NAMES),
        st.one_of(st.none(), st.integers(1930, 2010)),
        st.lists(st.sampled_from(TAGS), max_size=3),
    ),
    st.tuples(
        st.just("programme"),
        st.sampled_from(["Pristatymų rengimas", "E-pakalpojumi un e-rīki"]),
        st.sampled_from([2.0, 4.0, 8.0]),
    ),
    st.tuples(st.just("group"), idx, st.sampled_from(["Užimtumo tarnybos grupė", "TAU grupė"])),
    st.tuples(st.just("enrol"), idx, idx),
    st.tuples(st.just("session"), idx, day, st.sampled_from([1.5, 2.0, 4.0])),
    st.tuples(st.just("edit_session"), idx, st.sampled_from([2.0, 3.0, 6.0])),
    st.tuples(st.just("attendance"), idx, idx, st.sampled_from(MARKS)),
    st.tuples(
        st.just("consultation"),
        st.one_of(st.none(), idx),
        st.lists(
            st.sampled_from(["e_government", "banking", "smartphone", "safety"]),
            min_size=1,
            max_size=3,
        ),
        st.integers(5, 90),
    ),
    st.tuples(st.just("archive"), idx),
    st.tuples(st.just("finish"), idx),
    st.tuples(st.just("delete"), st.sampled_from(TABLES_WITH_DELETE), idx),
)


class World:
    """Ids created so far, by kind, so operations can refer to earlier ones by index."""

    def __init__(self, staff_id: str) -> None:
        self.ids: dict[str, list[str]] = {}
        self.staff_id = staff_id

    def pick(self, kind: str, i: int | None) -> str | None:
        pool = self.ids.get(kind, [])
        return None if i is None or not pool else pool[i % len(pool)]

    def record(self, changed: Any) -> None:
        for table, ids in changed.created.items():
            self.ids.setdefault(table, []).extend(ids)


def run_op(store: Store, world: World, op: tuple[Any, ...]) -> None:
    kind, *a = op
    w = world
    with store.uow() as uow:
        if kind == "participant":
            w.record(
                participants.create_participant(
                    uow, a[0], a[1], birth_year=a[2], target_groups=a[3], gender="female"
                )
            )
        elif kind == "edit_participant" and (pid := w.pick("participant", a[0])):
            participants.edit_participant(
                uow, pid, given_name=a[1], birth_year=a[2], target_groups=a[3]
            )
        elif kind == "programme":
            w.record(programmes.create_programme(uow, a[1] * 2, title_lt=a[0]))
        elif kind == "group" and (prog := w.pick("programme", a[0])):
            w.record(groups.create_group(uow, prog, a[1], lecturer_id=w.staff_id))
        elif (
            kind == "enrol"
            and (g := w.pick("training_group", a[0]))
            and (p := w.pick("participant", a[1]))
        ):
            groups.enrol(uow, g, [p])
        elif kind == "session":
            w.record(
                sessions.plan_session(
                    uow, a[1], a[2], group_id=w.pick("training_group", a[0]), lecturer_id=w.staff_id
                )
            )
        elif kind == "edit_session" and (s := w.pick("training_session", a[0])):
            sessions.edit_session(uow, s, academic_hours=a[1])
        elif (
            kind == "attendance"
            and (s := w.pick("training_session", a[0]))
            and (p := w.pick("participant", a[1]))
        ):
            attendance.record_attendance(uow, s, {p: a[2]})
        elif kind == "consultation":
            w.record(
                consultations.log_consultation(
                    uow,
                    a[1],
                    a[2],
                    staff_id=w.staff_id,
                    participant_id=w.pick("participant", a[0]),
                    date=dt.date(2025, 5, 5),
                    age_band="55_64",
                    gender="male",
                )
            )
        elif kind == "archive" and (p := w.pick("participant", a[0])):
            records.archive(uow, "participant", p)
        elif kind == "finish" and (g := w.pick("training_group", a[0])):
            groups.finish_group(uow, g)
        elif kind == "delete" and (row := w.pick(a[0], a[1])):
            records.delete(uow, a[0], row)


@pytest.fixture(scope="module")
def templates(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """An initialised source store and an empty target store, copied for every example."""
    base = tmp_path_factory.mktemp("templates")
    source = Store.open(base / "source.db", KEY, create=True)
    setup.initialise(
        source,
        region="Alytaus apskritis",
        library="Lazdijų viešoji biblioteka",
        branch="Būdviečio padalinys",
        device_name="PC-1",
        role="branch",
    )
    source.close()
    Store.open(base / "target.db", KEY, create=True).close()
    return base / "source.db", base / "target.db"


@settings(
    max_examples=int(os.environ.get("LIBTRAINER_REPLAY_EXAMPLES", "40")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(ops=st.lists(OPS, min_size=1, max_size=40))
def test_outbox_replay_reproduces_synced_content(
    tmp_path_factory: pytest.TempPathFactory,
    templates: tuple[Path, Path],
    ops: list[tuple[Any, ...]],
) -> None:
    """Random service operations, then replaying the outbox into an empty store: equal dumps."""
    base = tmp_path_factory.mktemp("replay")
    shutil.copy(templates[0], base / "source.db")
    shutil.copy(templates[1], base / "target.db")
    source = Store.open(base / "source.db", KEY)
    try:
        with source.uow() as uow:
            staff = org.add_staff(uow, "Asta", "Mickevičienė", "lecturer").first("staff")
        world = World(staff)
        for op in ops:
            # refused operations must leave nothing behind; the dumps will tell
            with contextlib.suppress(LibtrainerError):
                run_op(source, world, op)
        with source.read() as conn:
            expected = canonical_dump(conn)
            changes = read_changes(conn)
    finally:
        source.close()
    target = Store.open(base / "target.db", KEY)
    try:
        with target.uow() as uow:
            outcome = replay(uow.connection, changes)
            uow.commit()
        with target.read() as conn:
            actual = canonical_dump(conn)
    finally:
        target.close()
    shutil.rmtree(base, ignore_errors=True)
    assert all(k.value != "deferred" or v == 0 for k, v in outcome.items())
    assert actual == expected
