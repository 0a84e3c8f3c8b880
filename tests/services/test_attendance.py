"""Attendance: deterministic ids, idempotent recording, only changed marks written."""

from __future__ import annotations

import pytest

from libtrainer.domain.errors import NotFoundError, ValidationError
from libtrainer.domain.ids import fact_id
from libtrainer.services import attendance
from libtrainer.store.store import Store
from tests.services.support import World, build_world, counts, outbox_since, outbox_tail


@pytest.fixture
def world(store: Store) -> World:
    return build_world(store)


def test_marks_use_fact_ids(store: Store, world: World) -> None:
    """Each mark is the row fact_id("attendance", session, participant)."""
    marks = dict.fromkeys(world.people, "present")
    with store.uow() as uow:
        changed = attendance.record_attendance(uow, world.session_id, marks)
    assert sorted(changed.created["attendance"]) == sorted(
        fact_id("attendance", world.session_id, p) for p in world.people
    )
    with store.uow() as uow:
        assert [m.mark for m in attendance.marks_of_session(uow, world.session_id)] == [
            "present"
        ] * 3


def test_recording_the_same_marks_twice_writes_nothing(store: Store, world: World) -> None:
    """Re-saving a sign-in sheet is idempotent: no rows, no outbox records, nothing changed."""
    marks = {world.people[0]: "present", world.people[1]: "absent"}
    with store.uow() as uow:
        attendance.record_attendance(uow, world.session_id, marks)
    before = counts(store)
    with store.uow() as uow:
        assert attendance.record_attendance(uow, world.session_id, marks).empty
    assert counts(store) == before


def test_only_changed_marks_are_written(store: Store, world: World) -> None:
    """Changing one mark of three writes one update with only the mark."""
    first = dict.fromkeys(world.people, "present")
    with store.uow() as uow:
        attendance.record_attendance(uow, world.session_id, first)
    tail = outbox_tail(store)
    with store.uow() as uow:
        changed = attendance.record_attendance(
            uow, world.session_id, {**first, world.people[2]: "excused"}
        )
    row = fact_id("attendance", world.session_id, world.people[2])
    assert changed.updated == {"attendance": [row]} and not changed.created
    assert outbox_since(store, tail) == [("attendance", row, "u", '{"mark":"excused"}')]


def test_one_bad_mark_writes_none_of_the_batch(store: Store, world: World) -> None:
    """Validation covers the whole batch before anything is written."""
    before = counts(store)
    with pytest.raises(ValidationError), store.uow() as uow:
        attendance.record_attendance(
            uow, world.session_id, {world.people[0]: "present", world.people[1]: "late"}
        )
    with pytest.raises(NotFoundError), store.uow() as uow:
        attendance.record_attendance(
            uow, world.session_id, {world.people[0]: "present", "ghost": "present"}
        )
    with pytest.raises(NotFoundError), store.uow() as uow:
        attendance.record_attendance(uow, "no-session", {world.people[0]: "present"})
    assert counts(store) == before
