"""Asking before a delete (counts) and undoing it: a restore that puts back exactly what the
delete removed, captured as re-inserts with the next causal length, so it syncs."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from libtrainer.domain.errors import LibtrainerError
from libtrainer.domain.ids import fact_id
from libtrainer.services import duplicates, participants, records
from libtrainer.store.dump import canonical_dump
from libtrainer.store.models import Consultation
from libtrainer.store.outbox import read_changes, replay
from libtrainer.store.store import Store
from tests.services.support import (
    World,
    build_marked_world,
    causal_length,
    consult,
    counts,
    outbox_since,
    outbox_tail,
    row_exists,
)


@pytest.fixture
def world(store: Store) -> World:
    return build_marked_world(store)


@pytest.fixture
def other(tmp_path: Path) -> Iterator[Store]:
    """A second, empty store that merges the first one's changes (as a coordinator's does)."""
    target = Store.open(tmp_path / "other.db", os.urandom(32), create=True)
    try:
        yield target
    finally:
        target.close()


def dump(store: Store) -> dict[str, object]:
    with store.read() as conn:
        return canonical_dump(conn)


def merge(source: Store, target: Store, after: int, upto: int | None = None) -> None:
    """Apply the source's captured changes ``after < seq <= upto`` to the target."""
    with source.read() as conn:
        changes = read_changes(conn, after)
    if upto is not None:
        changes = changes[: upto - after]
    with target.uow() as uow:
        replay(uow.connection, changes)
        uow.commit()


def test_plan_counts_everything_a_group_takes_along(store: Store, world: World) -> None:
    """A group's plan counts its sessions, their marks, enrolments and assessments; nothing
    is written."""
    before = counts(store)
    with store.uow() as uow:
        plan = records.plan_delete(uow, "training_group", world.group_id)
    assert plan.deleted == {
        "training_session": 1,
        "attendance": 3,
        "enrolment": 3,
        "assessment": 3,
    }
    assert plan.cleared == {}
    assert counts(store) == before


def test_plan_of_a_participant_counts_the_consultations_kept_anonymous(
    store: Store, world: World
) -> None:
    """Erasing a person: their marks, enrolment, assessment and tag go; a consultation stays."""
    pid = world.people[0]
    consult(store, world, participant_id=pid)
    with store.uow() as uow:
        plan = records.plan_delete(uow, "participant", pid)
    assert plan.deleted == {
        "participant_tag": 1,
        "assessment": 1,
        "enrolment": 1,
        "attendance": 1,
    }
    assert plan.cleared == {"consultation": 1}


def test_plan_refuses_a_record_still_in_use_like_the_delete(store: Store, world: World) -> None:
    """A programme used by a group: the plan raises the delete's message."""
    with pytest.raises(LibtrainerError) as info, store.uow() as uow:
        records.plan_delete(uow, "programme", world.programme_id)
    assert "archive it instead" in info.value.msgid


def test_delete_and_restore_leave_the_synced_content_as_before(store: Store, world: World) -> None:
    """Deleting a group and undoing it: the canonical dump equals the one before the delete."""
    before = dump(store)
    with store.uow() as uow:
        deleted = records.delete_for_undo(uow, "training_group", world.group_id)
    assert deleted.snapshot.count == 11
    assert not row_exists(
        store, "attendance", fact_id("attendance", world.session_id, world.people[0])
    )
    with store.uow() as uow:
        restored = records.restore_deleted(uow, deleted.snapshot)
    assert {t: sorted(i) for t, i in restored.created.items()} == {
        t: sorted(i) for t, i in deleted.changed.deleted.items()
    }
    assert dump(store) == before


def test_restoring_an_erased_person_links_their_consultations_again(
    store: Store, world: World
) -> None:
    """The consultation made anonymous by the erasure points at the person again."""
    pid = world.people[0]
    cid = consult(store, world, participant_id=pid)
    before = dump(store)
    with store.uow() as uow:
        deleted = records.delete_for_undo(uow, "participant", pid)
    with store.uow() as uow:
        assert uow.session.get(Consultation, cid).participant_id is None  # type: ignore[union-attr]
    with store.uow() as uow:
        changed = records.restore_deleted(uow, deleted.snapshot)
    assert changed.updated == {"consultation": [cid]}
    assert dump(store) == before


def test_the_restore_travels_as_reinserts_with_the_next_causal_length(
    store: Store, world: World
) -> None:
    """After undo the outbox holds an insert of every row, parents first, with causal length
    3 (deleted once: 2), carrying every field."""
    session_id = world.session_id
    mark = fact_id("attendance", session_id, world.people[1])
    with store.uow() as uow:
        deleted = records.delete_for_undo(uow, "training_session", session_id)
    assert causal_length(store, "attendance", mark) == 2
    tail = outbox_tail(store)
    with store.uow() as uow:
        records.restore_deleted(uow, deleted.snapshot)
    ops = outbox_since(store, tail)
    assert [(t, op) for t, _r, op, _d in ops] == [("training_session", "i")] + [
        ("attendance", "i")
    ] * 3
    assert causal_length(store, "training_session", session_id) == 3
    assert causal_length(store, "attendance", mark) == 3
    data = json.loads(next(d for _t, r, _op, d in ops if r == mark))
    assert data == {
        "id": mark,
        "session_id": session_id,
        "participant_id": world.people[1],
        "mark": "present",
    }


@pytest.mark.parametrize("order", ["delete first", "restore first"])
def test_another_store_merging_delete_and_restore_keeps_the_rows(
    store: Store, world: World, other: Store, order: str
) -> None:
    """A second store gets the delete and the restore (in either order): the group, its
    session and its marks are there, and both stores hold the same content."""
    merge(store, other, 0)
    start = outbox_tail(store)
    with store.uow() as uow:
        deleted = records.delete_for_undo(uow, "training_group", world.group_id)
    middle = outbox_tail(store)
    with store.uow() as uow:
        records.restore_deleted(uow, deleted.snapshot)
    if order == "delete first":
        merge(store, other, start, middle)
        assert not row_exists(other, "training_group", world.group_id)
        merge(store, other, middle)
    else:
        merge(store, other, middle)
        merge(store, other, start, middle)
    assert row_exists(other, "training_group", world.group_id)
    mark = fact_id("attendance", world.session_id, world.people[2])
    assert row_exists(other, "attendance", mark)
    assert causal_length(other, "attendance", mark) == 3
    assert dump(other) == dump(store)


def test_undo_twice_is_refused_and_writes_nothing(store: Store, world: World) -> None:
    """The record is back already: a second undo says so and changes nothing."""
    with store.uow() as uow:
        deleted = records.delete_for_undo(uow, "training_session", world.session_id)
    with store.uow() as uow:
        records.restore_deleted(uow, deleted.snapshot)
    before = counts(store)
    with pytest.raises(LibtrainerError) as info, store.uow() as uow:
        records.restore_deleted(uow, deleted.snapshot)
    assert "there again" in info.value.msgid
    assert counts(store) == before


def test_undo_is_refused_when_what_it_belonged_to_is_gone(store: Store, world: World) -> None:
    """A session whose group was deleted meanwhile cannot come back; nothing is written."""
    with store.uow() as uow:
        deleted = records.delete_for_undo(uow, "training_session", world.session_id)
    with store.uow() as uow:
        records.delete(uow, "training_group", world.group_id)
    before = counts(store)
    with pytest.raises(LibtrainerError) as info, store.uow() as uow:
        records.restore_deleted(uow, deleted.snapshot)
    assert "belonged to was deleted" in info.value.msgid
    assert counts(store) == before


def test_undoing_the_delete_of_a_kept_record_restores_the_duplicate_group(
    store: Store, world: World
) -> None:
    """A and B counted as C; deleting C regroups them; undo points both at C again and removes
    the regrouping."""
    a, b, c = (_person(store) for _ in range(3))
    with store.uow() as uow:
        duplicates.same_person(uow, a, c, keep=c)
    with store.uow() as uow:
        duplicates.same_person(uow, b, c, keep=c)
    before = dump(store)
    with store.uow() as uow:
        deleted = records.delete_for_undo(uow, "participant", c)
    with store.uow() as uow:
        assert len(duplicates.persons(uow)) == 1  # a and b regrouped under one of them
    assert len(deleted.snapshot.added) == 1
    with store.uow() as uow:
        records.restore_deleted(uow, deleted.snapshot)
    with store.uow() as uow:
        assert duplicates.persons(uow) == {a: c, b: c}
    after = dump(store)
    assert after["tables"] == before["tables"]


def _person(store: Store) -> str:
    with store.uow() as uow:
        return participants.create_participant(uow, "Irena", "Kairienė", birth_year=1949).first(
            "participant"
        )


def test_a_snapshot_never_shows_the_values_it_holds(store: Store, world: World) -> None:
    """Its repr (what a log or a traceback could show) has counts, not the person's name."""
    with store.uow() as uow:
        deleted = records.delete_for_undo(uow, "participant", world.people[0])
    shown = repr(deleted.snapshot) + str(deleted.snapshot)
    assert "Žemaitis" not in shown and "Šarūnas" not in shown
    assert "participant" in shown


def test_delete_for_undo_deletes_exactly_what_delete_does(store: Store, world: World) -> None:
    """The undoable delete writes the same tombstones as the plain one: one per row."""
    tail = outbox_tail(store)
    with store.uow() as uow:
        deleted = records.delete_for_undo(uow, "training_session", world.session_id)
    assert set(deleted.changed.deleted) == {"training_session", "attendance"}
    assert [op for _t, _r, op, _d in outbox_since(store, tail)] == ["d"] * 4
    assert causal_length(store, "training_session", world.session_id) == 2
