"""Attendance: deterministic ids, idempotent recording, only changed marks written."""

from __future__ import annotations

import datetime as dt

import pytest

from libtrainer.domain.errors import NotFoundError, ValidationError
from libtrainer.domain.ids import fact_id
from libtrainer.i18n import render, set_language
from libtrainer.services import attendance, sessions
from libtrainer.store.store import Store
from tests.services.support import DAY, World, build_world, counts, outbox_since, outbox_tail


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


def _planned(store: Store, day: dt.date) -> str:
    with store.uow() as uow:
        return sessions.plan_session(uow, day, 2).first("training_session")


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "session of 2026-11-30: it has not taken place yet"),
        ("lt", "2026-11-30"),
        ("lv", "2026-11-30"),
    ],
)
def test_present_at_a_session_not_yet_held_is_refused(
    store: Store, world: World, lang: str, text: str
) -> None:
    """A session dated after today (2026-11-30 seen on 2026-11-23) can be planned, but a
    present mark there is refused, naming the session's date; nothing is written."""
    session_id = _planned(store, dt.date(2026, 11, 30))
    before = counts(store)
    marks = {world.people[0]: "absent", world.people[1]: "present"}
    with pytest.raises(ValidationError) as err, store.uow() as uow:
        attendance.record_attendance(uow, session_id, marks, today=dt.date(2026, 11, 23))
    assert err.value.field == "mark"
    set_language(lang)
    try:
        assert text in render(err.value)
    finally:
        set_language("en")
    assert counts(store) == before


def test_future_session_takes_absent_and_excused_and_present_from_its_day(
    store: Store, world: World
) -> None:
    """Excused and absent can be said before the day; on the day itself people can be present."""
    day = dt.date(2026, 11, 30)
    session_id = _planned(store, day)
    with store.uow() as uow:
        early = {world.people[0]: "excused", world.people[1]: "absent"}
        attendance.record_attendance(uow, session_id, early, today=day - dt.timedelta(days=7))
    with store.uow() as uow:
        attendance.record_attendance(uow, session_id, {world.people[1]: "present"}, today=day)
    with store.uow() as uow:
        got = {m.participant_id: m.mark for m in attendance.marks_of_session(uow, session_id)}
    assert got == {world.people[0]: "excused", world.people[1]: "present"}


def test_today_defaults_to_the_computers_date(
    store: Store, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without ``today=``, the service asks rules.today() (the computer's date)."""
    from libtrainer.domain import rules

    session_id = _planned(store, dt.date(2026, 11, 30))
    monkeypatch.setattr(rules, "today", lambda: dt.date(2026, 11, 23))
    with pytest.raises(ValidationError), store.uow() as uow:
        attendance.record_attendance(uow, session_id, {world.people[0]: "present"})
    monkeypatch.setattr(rules, "today", lambda: dt.date(2026, 12, 1))
    with store.uow() as uow:
        attendance.record_attendance(uow, session_id, {world.people[0]: "present"})


def test_marks_recorded_counts_every_mark_of_each_session(store: Store, world: World) -> None:
    """The one correlated count the Today and group lists share: present, absent and excused
    marks of that session only, 0 for a session without any."""
    from sqlalchemy import select

    from libtrainer.store.models import TrainingSession

    with store.uow() as uow:
        other = sessions.plan_session(uow, DAY, 2, group_id=world.group_id)
    other_id = other.first("training_session")
    marks = {world.people[0]: "present", world.people[1]: "absent", world.people[2]: "excused"}
    with store.uow() as uow:
        attendance.record_attendance(uow, world.session_id, marks)
    with store.read() as conn:
        rows = conn.execute(select(TrainingSession.id, attendance.marks_recorded())).all()
    assert dict(rows) == {world.session_id: 3, other_id: 0}
