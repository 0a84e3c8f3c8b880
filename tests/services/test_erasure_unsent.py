"""An erasure takes what of the person has not left this computer out of the outbox, and
clears the notes of the consultations kept without them (decision 0325)."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import delete, func, select

from libtrainer.domain.ids import new_id
from libtrainer.services import attendance, checks, consultations, groups, participants, records
from libtrainer.store import outbox, unsent
from libtrainer.store.models import Clock, Consultation, Outbox
from libtrainer.store.store import Store, write_meta
from libtrainer.sync import ownchain, paused, publish, renew
from tests.services.support import (
    World,
    build_world,
    consult,
    mark_sent,
    outbox_since,
    outbox_tail,
)

PERSONAL = ("Eugenija", "Šimkutė", "37061234567", "eugenija@example.lt", "Kirsnos")


def _person(store: Store, world: World, code: str | None = None) -> str:
    """A person with contact details, edited once, enrolled and marked present."""
    with store.uow() as uow:
        pid = participants.create_participant(
            uow,
            "Eugenija",
            "Šimkutė",
            birth_year=1962,
            phone="+37061234567",
            email="eugenija@example.lt",
            notes="Gyvena Kirsnos g. 5",
            target_groups=["job_seekers"],
            code=code,
        ).first("participant")
    with store.uow() as uow:
        participants.edit_participant(uow, pid, notes="Gyvena Kirsnos g. 7")
    with store.uow() as uow:
        groups.enrol(uow, world.group_id, [pid], on=dt.date(2025, 3, 14))
    with store.uow() as uow:
        attendance.record_attendance(uow, world.session_id, {pid: "present"})
    return pid


def _outbox_text(store: Store, after: int = 0) -> str:
    return json.dumps(outbox_since(store, after), ensure_ascii=False)


def _consultation(store: Store, cid: str) -> tuple[object, ...]:
    """(person, notes, age band, gender) of a consultation."""
    c = Consultation
    with store.read() as conn:
        stmt = select(c.participant_id, c.notes, c.age_band, c.gender).where(c.id == cid)
        return tuple(conn.execute(stmt).one())


def _clocks(store: Store, row_id: str) -> int:
    with store.read() as conn:
        stmt = select(func.count()).select_from(Clock).where(Clock.row_id == row_id)
        return int(conn.execute(stmt).scalar_one())


@pytest.fixture
def world(store: Store) -> World:
    return build_world(store, people=1)


def test_a_person_erased_before_any_sync_leaves_nothing_to_send(store: Store, world: World) -> None:
    """Typed in, edited, enrolled, marked and erased before a sync: no record of them, their
    enrolment, mark or tags waits to be sent, and no clock of them stays."""
    before = outbox_tail(store)
    pid = _person(store, world)
    with store.uow() as uow:
        records.delete(uow, "participant", pid)
    text = _outbox_text(store, before)
    for value in (*PERSONAL, pid):
        assert value not in text
    assert _clocks(store, pid) == 0
    with store.read() as conn:
        assert outbox.unpublished(conn) == before


def test_a_person_sent_before_leaves_only_deletes(store: Store, world: World) -> None:
    """Sent already, then edited and erased: the new phone number does not wait to be sent;
    the deletes of the person and of what went with them do."""
    pid = _person(store, world)
    sent = mark_sent(store)
    with store.uow() as uow:
        participants.edit_participant(uow, pid, phone="+37069999999", email="naujas@example.lt")
    with store.uow() as uow:
        records.delete(uow, "participant", pid)
    waiting = outbox_since(store, sent)
    assert "37069999999" not in json.dumps(waiting) and "naujas" not in json.dumps(waiting)
    assert {op for _t, _r, op, _d in waiting} == {"d"}
    assert ("participant", pid, "d", None) in waiting
    assert {t for t, _r, _o, _d in waiting} >= {"attendance", "enrolment", "participant_tag"}
    assert checks.check(store).healthy  # the outbox is numbered without gaps


def test_a_coded_person_erased_before_a_sync_still_sends_the_delete(
    store: Store, world: World
) -> None:
    """A coded person's id comes from the code, so another computer may hold them: their
    details do not wait to be sent, their delete does."""
    before = outbox_tail(store)
    pid = _person(store, world, code="LT-ZIG01")
    with store.uow() as uow:
        records.delete(uow, "participant", pid)
    waiting = outbox_since(store, before)
    text = json.dumps(waiting, ensure_ascii=False)
    for value in PERSONAL:
        assert value not in text
    assert ("participant", pid, "d", None) in waiting
    assert {op for _t, _r, op, _d in waiting} == {"d"}


def test_erasing_clears_the_notes_of_the_consultations_kept(store: Store, world: World) -> None:
    """The consultation stays for reports with its age band and gender, without the person
    and without its notes; undo puts both back."""
    pid = _person(store, world)
    cid = consult(store, world, participant_id=pid, notes="E. Šimkutė, tel. 861234567")
    with store.uow() as uow:
        done = records.delete_for_undo(uow, "participant", pid)
    kept = _consultation(store, cid)
    assert kept == (None, "", "55_64", "unspecified")
    text = _outbox_text(store)
    assert "861234567" not in text and pid not in text
    with store.uow() as uow:
        records.restore_deleted(uow, done.snapshot)
    assert _consultation(store, cid) == (pid, "E. Šimkutė, tel. 861234567", *kept[2:])


def test_a_sent_consultation_gets_its_notes_cleared_by_a_captured_edit(
    store: Store, world: World
) -> None:
    """The consultation was sent with its notes: the erasure's edit that clears them (and
    the link) waits to be sent, and an earlier, unsent edit of the notes does not."""
    pid = _person(store, world)
    cid = consult(store, world, participant_id=pid, notes="pirmos pastabos")
    sent = mark_sent(store)
    with store.uow() as uow:
        consultations.edit_consultation(uow, cid, notes="G. Notaitė, tel. 861234567")
    with store.uow() as uow:
        records.delete(uow, "participant", pid)
    waiting = [w for w in outbox_since(store, sent) if w[0] == "consultation"]
    assert "861234567" not in json.dumps(waiting, ensure_ascii=False)
    assert [json.loads(d) for _t, _r, _o, d in waiting] == [{"participant_id": None, "notes": ""}]


def test_undo_of_an_erasure_that_left_nothing_enters_the_person_again(
    store: Store, world: World
) -> None:
    """Undo after an erasure that left nothing to send: the person is back, with a new first
    insert to send."""
    pid = _person(store, world)
    with store.uow() as uow:
        done = records.delete_for_undo(uow, "participant", pid)
    with store.uow() as uow:
        records.restore_deleted(uow, done.snapshot)
    waiting = outbox_since(store, 0)
    assert ("participant", pid, "i") in [w[:3] for w in waiting]
    with store.read() as conn:
        cl = conn.execute(
            select(Clock.cl).where(Clock.row_id == pid, Clock.field == "*")
        ).scalar_one()
    assert cl == 1


def test_the_outbox_never_hands_out_a_number_already_sent(store: Store, world: World) -> None:
    """When the outbox was pruned up to the unsent changes, the erased person's delete stays
    as the newest record, so the next change is numbered after the last one sent."""
    sent = mark_sent(store)
    with store.uow() as uow:
        pid = participants.create_participant(uow, "Eugenija", "Šimkutė").first("participant")
    with store.uow() as uow:  # bundle 1 confirmed and pruned, the newest (unsent) row kept
        uow.connection.execute(delete(Outbox).where(Outbox.seq <= sent))
        uow.commit()
    with store.uow() as uow:
        records.delete(uow, "participant", pid)
    assert [w[:3] for w in outbox_since(store, 0)] == [("participant", pid, "d")]
    with store.uow() as uow:
        participants.create_participant(uow, "Ona", "Onaitė")
    assert outbox_tail(store) > sent
    with store.read() as conn:
        assert outbox.unpublished(conn) == 2


STOPS = {
    "renewed": (renew.META_PREVIOUS, new_id()),
    "restored": (ownchain.META_STOPPED, '{"state": "x"}'),
    "paused": (paused.META_PAUSED, '{"reason": "fork"}'),
}


@pytest.mark.parametrize("how", sorted(STOPS))
def test_a_store_that_may_have_sent_more_keeps_the_deletes(
    store: Store, world: World, how: str
) -> None:
    """A store renewed before the floor was kept, one restored from an older copy, or one a
    coordinator paused after a fork (decision 0333) cannot tell what left: the person's
    details go, their delete stays."""
    before = outbox_tail(store)
    pid = _person(store, world)
    key, value = STOPS[how]
    with store.uow() as uow:
        write_meta(uow.connection, key, value)
        uow.commit()
    with store.uow() as uow:
        records.delete(uow, "participant", pid)
    waiting = outbox_since(store, before)
    assert [w[:3] for w in waiting if w[0] == "participant"] == [("participant", pid, "d")]
    for value in PERSONAL:
        assert value not in _outbox_text(store, before)


def test_a_new_identity_keeps_the_outbox_it_sends_again_as_sent(store: Store, world: World) -> None:
    """Restarting the chain (a new identity) records that the whole outbox may have left:
    a person entered before it keeps their delete."""
    pid = _person(store, world)
    with store.uow() as uow:
        publish.restart_chain(uow.connection)
        uow.commit()
    with store.read() as conn:
        assert unsent.left_upto(conn) == outbox.last_seq(conn)
        assert not unsent.never_left(conn, "participant", pid)
