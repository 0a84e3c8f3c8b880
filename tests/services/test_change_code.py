"""Changing a participant code given by mistake: the person moves to the new code's id with
their sessions, groups, assessments, target groups and consultations; the old record is left
untouched for whoever else has the code and hidden on this device (docs/decisions/0400)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from libtrainer.domain.errors import LibtrainerError, ValidationError
from libtrainer.domain.ids import fact_id, new_id
from libtrainer.i18n import render
from libtrainer.services import (
    assessments,
    attendance,
    participants,
    recode,
    records,
)
from libtrainer.services.register import import_register
from libtrainer.services.register.codes import participant_id_for_code
from libtrainer.store import recoded
from libtrainer.store.models import Base, Consultation, Participant, Recoded
from libtrainer.store.store import Store
from tests.conftest import make_store
from tests.services.register.support import row as register_row
from tests.services.register.support import write_register
from tests.services.support import (
    DAY,
    World,
    build_world,
    causal_length,
    consult,
    counts,
    outbox_since,
    outbox_tail,
    row_exists,
)

OLD, NEW = "LT-0042", "LT-0099"


@pytest.fixture
def world(store: Store) -> World:
    return build_world(store)


def _coded(store: Store, world: World, code: str = OLD, **fields: Any) -> str:
    """Jonas Petraitis with ``code``: two target groups, enrolled in the world's group, present
    at its session, with pre and post scores."""
    with store.uow() as uow:
        pid = participants.create_participant(
            uow,
            "Jonas",
            "Petraitis",
            code=code,
            birth_year=1950,
            phone="+370 600 11111",
            target_groups=["seniors", "job_seekers"],
            **fields,
        ).first("participant")
    from libtrainer.services import groups

    with store.uow() as uow:
        groups.enrol(uow, world.group_id, [pid], on=DAY)
    with store.uow() as uow:
        attendance.record_attendance(uow, world.session_id, {pid: "present"})
    eid = fact_id("enrolment", world.group_id, pid)
    for phase, score in (("pre", 2), ("post", 4)):
        with store.uow() as uow:
            assessments.record_assessment(uow, eid, phase, score, DAY)
    return pid


def _change(store: Store, pid: str, code: str | None, **changes: Any) -> Any:
    with store.uow() as uow:
        return participants.change_code(uow, pid, code, **changes)


def _row(store: Store, table: str, row_id: str) -> dict[str, Any] | None:
    t = Base.metadata.tables[table]
    with store.read() as conn:
        found = conn.execute(select(t).where(t.c.id == row_id)).first()
    return None if found is None else dict(found._mapping)


def _given_up(store: Store) -> list[tuple[str, str, str, str | None]]:
    with store.read() as conn:
        return [
            tuple(r)
            for r in conn.execute(
                select(Recoded.old_id, Recoded.new_id, Recoded.old_code, Recoded.new_code)
            )
        ]


def test_change_code_moves_sessions_groups_scores_tags_and_consultations(
    store: Store, world: World
) -> None:
    """The person gets the new code's id with all their details; attendance, enrolment, its
    scores and the target groups are new rows under the ids the rules give and the old ones
    are deleted (tombstones); the consultation points to the new id."""
    old = _coded(store, world)
    cid = consult(store, world, participant_id=old)
    before = _row(store, "participant", old)
    tail = outbox_tail(store)
    changed = _change(store, old, NEW)
    new = participant_id_for_code(NEW)
    assert changed.created["participant"] == [new]
    person = _row(store, "participant", new)
    assert person is not None and before is not None
    assert person == {**before, "id": new, "code": NEW}
    new_eid = fact_id("enrolment", world.group_id, new)
    old_eid = fact_id("enrolment", world.group_id, old)
    moved = {
        "attendance": (
            fact_id("attendance", world.session_id, old),
            fact_id("attendance", world.session_id, new),
        ),
        "enrolment": (old_eid, new_eid),
        "assessment": (
            fact_id("assessment", old_eid, "post"),
            fact_id("assessment", new_eid, "post"),
        ),
        "participant_tag": (fact_id("tag", old, "seniors"), fact_id("tag", new, "seniors")),
    }
    for table, (gone, made) in moved.items():
        assert not row_exists(store, table, gone), table
        assert causal_length(store, table, gone) == 2, table
        assert made in changed.created[table] and gone in changed.deleted[table]
    assert _row(store, "attendance", moved["attendance"][1])["mark"] == "present"  # type: ignore[index]
    assert _row(store, "assessment", moved["assessment"][1])["score"] == 4  # type: ignore[index]
    assert _row(store, "enrolment", new_eid)["enrolled_on"] == DAY  # type: ignore[index]
    with store.uow() as uow:
        assert participants.get_participant(uow, new).target_groups == ("job_seekers", "seniors")
        assert uow.session.get(Consultation, cid).participant_id == new  # type: ignore[union-attr]
    assert changed.updated == {"consultation": [cid]}
    # the old record: neither deleted nor edited, nothing about it travels
    assert _row(store, "participant", old) == before
    assert causal_length(store, "participant", old) == 1
    assert not [c for c in outbox_since(store, tail) if c[1] == old]
    assert _given_up(store) == [(old, new, OLD, NEW)]


def test_the_old_record_is_hidden_here_and_its_code_is_refused(store: Store, world: World) -> None:
    """After the change the old record is not found by name or code nor offered as a likely
    duplicate, and cannot be edited; the old code cannot be given again here."""
    old = _coded(store, world)
    _change(store, old, NEW)
    new = participant_id_for_code(NEW)
    with store.uow() as uow:
        assert participants.search(uow, OLD) == []
        assert [p.id for p in participants.search(uow, "jonas petr")] == [new]
        assert [p.id for p in participants.find_similar(uow, "Jonas", "Petraitis", 1950)] == [new]
    with store.uow() as uow, pytest.raises(ValidationError) as again:
        participants.create_participant(uow, "Ona", "Kitienė", code=" lt-0042")
    assert again.value.field == "code"
    assert "was changed to “LT-0099” on this computer" in render(again.value)
    with store.uow() as uow, pytest.raises(LibtrainerError) as edit:
        participants.edit_participant(uow, old, notes="Klaida")
    assert "LT-0042" in render(edit.value)


@pytest.mark.parametrize(
    ("taken", "words"),
    [("lt-0100", "is already used by Ona Kitienė (1970)"), ("LT-0101", "was erased")],
)
def test_a_taken_or_erased_new_code_is_refused_and_writes_nothing(
    store: Store, world: World, taken: str, words: str
) -> None:
    """A new code that another person has (named), or an erased person had, is refused on the
    code field, and nothing is written."""
    old = _coded(store, world)
    with store.uow() as uow:
        participants.create_participant(uow, "Ona", "Kitienė", code="LT-0100", birth_year=1970)
    with store.uow() as uow:
        gone = participants.create_participant(uow, "Rūta", "Ištrinta", code="LT-0101")
    with store.uow() as uow:
        records.delete(uow, "participant", gone.first("participant"))
    before = counts(store)
    with store.uow() as uow, pytest.raises(ValidationError) as refused:
        participants.change_code(uow, old, taken, notes="Nauja")
    assert refused.value.field == "code" and words in render(refused.value)
    assert counts(store) == before and _given_up(store) == []


def test_a_failure_half_way_leaves_nothing(
    store: Store, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One unit of work: when the last step fails, no row, tombstone, outbox record or note of
    the change is left."""
    old = _coded(store, world)
    consult(store, world, participant_id=old)
    before = counts(store)

    def broken(*_args: Any) -> None:
        raise RuntimeError("disk gone")

    monkeypatch.setattr(recoded, "note", broken)
    with pytest.raises(RuntimeError):
        _change(store, old, NEW)
    assert counts(store) == before and _given_up(store) == []
    assert row_exists(store, "attendance", fact_id("attendance", world.session_id, old))


def test_the_same_code_written_otherwise_is_an_ordinary_edit(store: Store, world: World) -> None:
    """ "lt-0042 " for LT-0042 keeps the id: only the stored code changes, nothing moves."""
    old = _coded(store, world)
    changed = _change(store, old, " lt-0042 ")
    assert changed.created == {} and changed.updated == {"participant": [old]}
    assert _row(store, "participant", old)["code"] == "lt-0042"  # type: ignore[index]
    assert _given_up(store) == []


def test_a_person_whose_id_is_not_the_codes_gets_the_code_as_a_field(
    store: Store, world: World
) -> None:
    """An uncoded person (random id) given a code keeps their id; a code that another person
    has, or one given up here, is still refused."""
    plain = world.people[0]
    coded = _coded(store, world)
    _change(store, coded, NEW)
    changed = _change(store, plain, "LT-0500")
    assert changed.created == {} and _row(store, "participant", plain)["code"] == "LT-0500"  # type: ignore[index]
    for code, words in (("LT-0099", "is already used by Jonas Petraitis"), (OLD, "was changed")):
        with store.uow() as uow, pytest.raises(ValidationError) as refused:
            participants.change_code(uow, plain, code)
        assert words in render(refused.value)


def test_editing_the_code_field_changes_the_code_and_other_fields_with_it(
    store: Store, world: World
) -> None:
    """``edit_participant`` with a new code (as a form saves it) moves the person and writes
    the form's other changes on the new record only."""
    old = _coded(store, world)
    changed = participants_edit(store, old, code=NEW, family_name="Petraitienė")
    new = changed.created["participant"][0]
    assert _row(store, "participant", new)["family_name"] == "Petraitienė"  # type: ignore[index]
    assert _row(store, "participant", new)["name_key"] == "jonas petraitiene"  # type: ignore[index]
    assert _row(store, "participant", old)["family_name"] == "Petraitis"  # type: ignore[index]


def participants_edit(store: Store, pid: str, **changes: Any) -> Any:
    with store.uow() as uow:
        return participants.edit_participant(uow, pid, **changes)


def test_taking_the_code_off_moves_the_person_to_a_new_random_id(
    store: Store, world: World
) -> None:
    """An empty code for a coded person moves them to a new id of their own, with no code."""
    old = _coded(store, world)
    changed = _change(store, old, "  ")
    (new,) = changed.created["participant"]
    assert new != old and _row(store, "participant", new)["code"] is None  # type: ignore[index]
    assert row_exists(store, "attendance", fact_id("attendance", world.session_id, new))
    assert _given_up(store) == [(old, new, OLD, None)]


def test_a_coordinators_computer_refuses_to_move_a_coded_person(tmp_path: Path) -> None:
    """On the coordinator's computer the code of a code-derived person is not changed (the
    record is every branch's); an ordinary edit of the code is allowed."""
    store = make_store(tmp_path / "coord", role="coordinator")
    try:
        with store.uow() as uow:
            pid = participants.create_participant(uow, "Jonas", "Petraitis", code=OLD).first(
                "participant"
            )
        before = counts(store)
        with store.uow() as uow, pytest.raises(ValidationError) as refused:
            participants.change_code(uow, pid, NEW)
        assert "coordinator's computer" in render(refused.value)
        assert counts(store) == before
        assert _change(store, pid, "lt-0042").updated == {"participant": [pid]}
        with store.uow() as uow:
            plain = participants.create_participant(uow, "Ona", "Kitienė").first("participant")
        assert _change(store, plain, NEW).created == {}
    finally:
        store.close()


def test_every_reference_to_a_participant_has_a_decision() -> None:
    """Each foreign key to a participant (or to a row that moves with one) is named in
    recode.REFERENCES, and every name there is a real foreign key."""
    assert recode.undecided() == []
    assert set(recode.REFERENCES) == set(recode.references())


def test_the_register_import_refuses_a_row_with_a_code_given_up_here(
    store: Store, world: World, tmp_path: Path
) -> None:
    """A register row with the old code is refused on the code column, naming the code the
    person has now (after two changes, the last one); nothing is imported."""
    old = _coded(store, world)
    _change(store, old, NEW)
    _change(store, participant_id_for_code(NEW), "LT-0100")
    path = write_register(
        tmp_path / "r.csv",
        [register_row(participant_code="lt-0042", given_name="Jonas", family_name="Petraitis")],
    )
    before = counts(store)
    result = import_register(store, path)
    assert not result.written and counts(store) == before
    (error,) = result.errors
    assert error.column == "participant_code"
    assert "“lt-0042” was changed to “LT-0100” on this computer" in error.reason
    assert "correct the code in the file" in error.reason


def test_an_uncoded_register_row_is_not_matched_to_the_old_record(
    store: Store, world: World, tmp_path: Path
) -> None:
    """A row without a code, with the person's name and year, goes to the person's new record,
    never to the record given up."""
    old = _coded(store, world, code="LT-0364")  # its id sorts before any new id: found first
    assert old < new_id()
    changed = _change(store, old, "  ")
    (new,) = changed.created["participant"]
    path = write_register(
        tmp_path / "r.csv",
        [register_row(given_name="Jonas", family_name="Petraitis", birth_year=1950)],
    )
    assert import_register(store, path).written
    with store.read() as conn:
        people = set(
            conn.execute(
                select(Participant.id).where(Participant.name_key == "jonas petraitis")
            ).scalars()
        )
        marked = set(
            conn.execute(select(Base.metadata.tables["attendance"].c.participant_id)).scalars()
        )
    assert people == {old, new}
    assert old not in marked and new in marked


def test_the_old_and_new_records_are_marked_as_two_people(store: Store, world: World) -> None:
    """A synced "not the same person" row ties old and new, so a coordinator who sees the two
    look-alike records (the old one may show this person's name) cannot join them again."""
    from libtrainer.services import duplicates
    from libtrainer.store.models import ParticipantDistinct

    old = _coded(store, world)
    _change(store, old, NEW)
    new = participant_id_for_code(NEW)
    low, high = sorted((old, new))
    with store.read() as conn:
        rows = conn.execute(
            select(ParticipantDistinct.participant_id, ParticipantDistinct.other_id)
        ).all()
    assert [tuple(r) for r in rows] == [(low, high)]
    assert causal_length(store, "participant_distinct", fact_id("distinct", low, high)) == 1
    with store.uow() as uow:
        pairs = duplicates.candidates(uow).pairs
    assert not any({p.first.id, p.second.id} == {old, new} for p in pairs)
