"""Archive (soft, reversible) and delete (tombstones for the row and its dependents)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from libtrainer.domain.errors import LibtrainerError, NotFoundError
from libtrainer.domain.ids import fact_id
from libtrainer.i18n import render, set_language
from libtrainer.services import checks, groups, records
from libtrainer.store.models import Consultation, Device
from libtrainer.store.store import Store
from tests.services.support import (
    World,
    build_marked_world,
    causal_length,
    consult,
    counts,
    mark_sent,
    outbox_since,
    row_exists,
)


@pytest.fixture
def world(store: Store) -> World:
    return build_marked_world(store)


def _tombstoned(store: Store, table: str, row_id: str) -> bool:
    """The row is gone and its clock entry is a tombstone (even causal length)."""
    cl = causal_length(store, table, row_id)
    return not row_exists(store, table, row_id) and cl is not None and cl % 2 == 0


def test_archive_and_unarchive_are_reversible_and_idempotent(store: Store, world: World) -> None:
    """Archiving sets the flag once; archiving again writes nothing; unarchive brings it back."""
    pid = world.people[0]
    with store.uow() as uow:
        assert records.archive(uow, "participant", pid).updated == {"participant": [pid]}
    before = counts(store)
    with store.uow() as uow:
        assert records.archive(uow, "participant", pid).empty
    assert counts(store) == before
    with store.uow() as uow:
        assert records.unarchive(uow, "participant", pid).updated == {"participant": [pid]}
    assert row_exists(store, "participant", pid)


def test_archive_needs_a_table_with_an_archived_column(store: Store, world: World) -> None:
    """Tables without an archived flag (attendance) or unknown tables are a caller's bug."""
    with pytest.raises(ValueError), store.uow() as uow:
        records.archive(uow, "attendance", "x")
    with pytest.raises(ValueError), store.uow() as uow:
        records.delete(uow, "lt_outbox", "x")
    with pytest.raises(NotFoundError), store.uow() as uow:
        records.archive(uow, "staff", "missing")


def test_deleting_a_participant_tombstones_it_and_its_dependents(
    store: Store, world: World
) -> None:
    """Tags, enrolments, attendance and assessments go first, each captured as a tombstone;
    a consultation given to the person stays, made anonymous."""
    pid = world.people[0]
    cid = consult(store, world, participant_id=pid)
    tag = fact_id("tag", pid, "job_seekers")
    enrolment = groups.enrolment_id(world.group_id, pid)
    mark = fact_id("attendance", world.session_id, pid)
    score = fact_id("assessment", enrolment, "pre")
    tail = mark_sent(store)  # sent already: every tombstone travels (decision 0324)
    with store.uow() as uow:
        changed = records.delete(uow, "participant", pid)
    assert changed.deleted == {
        "participant_tag": [tag],
        "assessment": [score],
        "enrolment": [enrolment],
        "attendance": [mark],
        "participant": [pid],
    }
    assert changed.updated == {"consultation": [cid]}
    for table, row_id in changed.deleted.items():
        assert _tombstoned(store, table, row_id[0])
    ops = [(t, op) for t, _r, op, _d in outbox_since(store, tail)]
    assert ops[-1] == ("participant", "d")  # the parent is deleted last
    assert ("consultation", "u") in ops
    with store.uow() as uow:
        kept = uow.session.get(Consultation, cid)
        assert kept is not None and kept.participant_id is None and kept.age_band == "55_64"
    assert row_exists(store, "participant", world.people[1])


def test_deleting_a_group_removes_its_sessions_enrolments_and_their_facts(
    store: Store, world: World
) -> None:
    """A group's sessions (with attendance) and enrolments (with assessments) are deleted."""
    with store.uow() as uow:
        changed = records.delete(uow, "training_group", world.group_id)
    assert set(changed.deleted) == {
        "training_group",
        "training_session",
        "attendance",
        "enrolment",
        "assessment",
    }
    assert len(changed.deleted["attendance"]) == 3 and len(changed.deleted["assessment"]) == 3
    assert _tombstoned(store, "training_group", world.group_id)
    assert _tombstoned(store, "training_session", world.session_id)
    assert all(row_exists(store, "participant", p) for p in world.people)


def test_deleting_a_session_removes_only_its_attendance(store: Store, world: World) -> None:
    """A session's attendance goes with it; enrolments and the group stay."""
    with store.uow() as uow:
        changed = records.delete(uow, "training_session", world.session_id)
    assert set(changed.deleted) == {"training_session", "attendance"}
    assert row_exists(store, "training_group", world.group_id)
    assert row_exists(store, "enrolment", groups.enrolment_id(world.group_id, world.people[0]))


def test_deleting_a_consultation_removes_its_topic_rows(store: Store, world: World) -> None:
    """Topic rows are deleted with the consultation, each as a tombstone."""
    cid = consult(store, world, topics=["banking", "email"])
    with store.uow() as uow:
        changed = records.delete(uow, "consultation", cid)
    assert sorted(changed.deleted["consultation_topic"]) == sorted(
        fact_id("ctopic", cid, t) for t in ("banking", "email")
    )
    assert _tombstoned(store, "consultation_topic", fact_id("ctopic", cid, "email"))


def test_deleting_a_record_still_in_use_is_refused_and_writes_nothing(
    store: Store, world: World
) -> None:
    """A programme used by a group cannot be deleted: the message says to archive it."""
    before = counts(store)
    with pytest.raises(LibtrainerError) as info, store.uow() as uow:
        records.delete(uow, "programme", world.programme_id)
    assert counts(store) == before
    set_language("lt")
    assert "perkelkite jį į archyvą" in render(info.value)
    with pytest.raises(LibtrainerError), store.uow() as uow:
        records.delete(uow, "staff", world.lecturer_id)
    assert counts(store) == before


def test_devices_are_never_deleted(store: Store, world: World) -> None:
    """A device record is revoked, not deleted."""
    with store.uow() as uow:
        device = uow.session.execute(select(Device.id)).scalar_one()
    with pytest.raises(LibtrainerError), store.uow() as uow:
        records.delete(uow, "device", device)


def test_deleting_a_missing_record_is_not_found(store: Store, world: World) -> None:
    """Deleting what is not there says so and writes nothing."""
    before = counts(store)
    with pytest.raises(NotFoundError), store.uow() as uow:
        records.delete(uow, "participant", "gone")
    assert counts(store) == before


def test_store_is_healthy_after_deletes(store: Store, world: World) -> None:
    """After deletes the integrity check passes: links intact, every live row captured."""
    consult(store, world, participant_id=world.people[2])
    with store.uow() as uow:
        records.delete(uow, "participant", world.people[2])
    with store.uow() as uow:
        records.delete(uow, "training_group", world.group_id)
    with store.uow() as uow:
        assert records.count_dependents(uow, "programme", world.programme_id) == {}
    report = checks.check(store)
    assert report.healthy, report.results
