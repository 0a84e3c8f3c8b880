"""A register row without a code makes its person under the register id of (branch, folded
name, birth year), so every computer makes the same person of it; namesakes stay apart
(docs/decisions/0405)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import select

from libtrainer.domain.ids import new_id
from libtrainer.domain.rules import fold
from libtrainer.services import participants, records
from libtrainer.services.register import import_register
from libtrainer.services.register.codes import name_key, register_person_id
from libtrainer.store.models import Branch, Participant
from libtrainer.store.store import Store
from tests.conftest import make_store

from .support import DAY, counts, row, write_register

LATER = DAY + dt.timedelta(days=7)
OTHER = {
    "region": "Alytaus apskritis",
    "library": "Lazdijų r. savivaldybės viešoji biblioteka",
    "branch": "Seiliūnų padalinys",
}


def _jonas(year: int | None, **values: object) -> dict[str, object]:
    return row(given_name="Jonas", family_name="Petraitis", birth_year=year, **values)


def _people(store: Store) -> dict[str, tuple[str, int | None]]:
    with store.read() as conn:
        found = conn.execute(select(Participant.id, Participant.name_key, Participant.birth_year))
        return {r.id: (r.name_key, r.birth_year) for r in found}


def _branch_id(store: Store, name: str) -> str:
    with store.read() as conn:
        return str(conn.execute(select(Branch.id).where(Branch.name == name)).scalar_one())


def _import(store: Store, path: Path) -> None:
    result = import_register(store, path)
    assert result.errors == [] and result.written


def test_a_person_without_a_code_gets_the_register_id(store: Store, tmp_path: Path) -> None:
    """The new person's id is derived from the row's branch, folded name and birth year."""
    _import(store, write_register(tmp_path / "r.xlsx", [row()]))
    branch = store.meta("branch_id")
    assert set(_people(store)) == {register_person_id(branch, "janute zemaite", 1951)}


def test_namesakes_with_other_birth_years_stay_two_people(store: Store, tmp_path: Path) -> None:
    """Two Jonas Petraitis of one branch, born 1950 and 1962, and one with no year: three."""
    rows = [_jonas(1950), _jonas(1962), _jonas(None), _jonas(1950, date=LATER)]
    _import(store, write_register(tmp_path / "r.xlsx", rows))
    assert sorted(_people(store).values(), key=str) == [
        ("jonas petraitis", 1950),
        ("jonas petraitis", 1962),
        ("jonas petraitis", None),
    ]


def test_rows_with_no_birth_year_are_one_person_as_before(store: Store, tmp_path: Path) -> None:
    """Rows that give the same name and no year cannot be told apart: one person."""
    rows = [_jonas(None), _jonas(None, date=LATER)]
    _import(store, write_register(tmp_path / "r.xlsx", rows))
    assert len(_people(store)) == 1


def test_importing_again_writes_nothing(store: Store, tmp_path: Path) -> None:
    """The same file a second time plans no person, mark or enrolment."""
    path = write_register(tmp_path / "r.xlsx", [_jonas(1950), _jonas(1962, date=LATER)])
    _import(store, path)
    before = counts(store)
    again = import_register(store, path)
    assert again.plan.participants_created == 0 and again.plan.attendance_written == 0
    assert counts(store) == before


def test_a_renamed_person_is_found_by_the_register_id(store: Store, tmp_path: Path) -> None:
    """Renamed in the app after the import, the person is still the old file's rows."""
    path = write_register(tmp_path / "r.xlsx", [_jonas(1950)])
    _import(store, path)
    (pid,) = _people(store)
    with store.uow() as uow:
        participants.edit_participant(uow, pid, family_name="Petraitis-Kazlauskas")
    again = import_register(store, path)
    assert again.plan.participants_created == 0 and set(_people(store)) == {pid}


def test_a_person_typed_by_hand_first_keeps_the_rows(store: Store, tmp_path: Path) -> None:
    """A person entered by hand (a UUIDv7) is the register's row of the same name and year."""
    with store.uow() as uow:
        pid = participants.create_participant(uow, "Jonas", "Petraitis", birth_year=1950).first(
            "participant"
        )
    result = import_register(store, write_register(tmp_path / "r.xlsx", [_jonas(1950)]))
    assert result.plan.participants_created == 0 and set(_people(store)) == {pid}


def test_a_double_made_before_stays_and_gets_no_third(store: Store, tmp_path: Path) -> None:
    """A store that already holds two records of one person keeps them; nothing is added."""
    branch = store.meta("branch_id")
    with store.uow() as uow:
        for _ in range(2):
            uow.session.add(
                Participant(
                    id=new_id(),
                    branch_id=branch,
                    given_name="Jonas",
                    family_name="Petraitis",
                    name_key=name_key("Jonas", "Petraitis"),
                    birth_year=1950,
                )
            )
        uow.commit()
    before = set(_people(store))
    result = import_register(store, write_register(tmp_path / "r.xlsx", [_jonas(1950)]))
    assert result.plan.participants_created == 0 and set(_people(store)) == before


@pytest.mark.parametrize("role", ["branch", "coordinator"])
def test_namesakes_of_two_branches_stay_two_people_on_any_computer(
    role: str, tmp_path: Path
) -> None:
    """Rows of two branches are matched within each branch, on a branch's computer too."""
    store = make_store(tmp_path / role, role=role, branch="Centrinė biblioteka")
    try:
        first = [_jonas(1950, **{**OTHER, "branch": "Padalinys Nr. 1"})]
        _import(store, write_register(tmp_path / "a.xlsx", first))
        second = [_jonas(1950, group="Seiliūnai 1", **OTHER)]
        _import(store, write_register(tmp_path / "b.xlsx", second))
        people = _people(store)
    finally:
        store.close()
    assert list(people.values()) == [(fold("jonas petraitis"), 1950)] * 2


def test_a_branch_pc_takes_no_person_typed_at_another_branch(store: Store, tmp_path: Path) -> None:
    """A person typed by hand at this branch is not another branch's row of that name."""
    with store.uow() as uow:
        typed = participants.create_participant(uow, "Jonas", "Petraitis", birth_year=1950).first(
            "participant"
        )
    result = import_register(
        store, write_register(tmp_path / "r.xlsx", [_jonas(1950, group="Seiliūnai 1", **OTHER)])
    )
    assert result.errors == [] and result.plan.participants_created == 1
    assert set(_people(store)) - {typed} == {
        register_person_id(_branch_id(store, OTHER["branch"]), "jonas petraitis", 1950)
    }


def test_rows_of_an_erased_person_are_left_out_on_any_computer(
    store: Store, tmp_path: Path
) -> None:
    """The register id's tombstone leaves the rows out; bringing records back restores it."""
    path = write_register(tmp_path / "r.xlsx", [_jonas(1950)])
    _import(store, path)
    (pid,) = _people(store)
    with store.uow() as uow:
        records.delete(uow, "participant", pid)
    with store.uow() as uow:  # as if erased elsewhere: no fingerprint on this computer
        uow.connection.exec_driver_sql("DELETE FROM lt_erased")
        uow.commit()
    left = import_register(store, path)
    assert left.written and [e.rows for e in left.plan.erased_rows] == [[2]]
    assert _people(store) == {}
    back = import_register(store, path, restore_deleted=True)
    assert back.plan.not_restored["people"] == 1 and set(_people(store)) == {pid}


@pytest.mark.parametrize("role", ["branch", "coordinator"])
def test_no_computer_takes_a_coded_person_of_another_branch(role: str, tmp_path: Path) -> None:
    """Rule 0403 looks only at the row's branch's coded people in the store, on any computer."""
    store = make_store(tmp_path / role, role=role, branch="Centrinė biblioteka")
    try:
        coded = [_jonas(1950, participant_code="LZ-7", **{**OTHER, "branch": "Padalinys Nr. 1"})]
        _import(store, write_register(tmp_path / "a.xlsx", coded))
        result = import_register(
            store, write_register(tmp_path / "b.xlsx", [_jonas(1950, group="S 1", **OTHER)])
        )
        people = _people(store)
    finally:
        store.close()
    assert result.written and result.plan.taken_as == [] and len(people) == 2


def test_a_coded_person_of_the_rows_branch_is_still_taken(store: Store, tmp_path: Path) -> None:
    """Rule 0403 still takes the one coded person of the row's own branch from the store."""
    _import(store, write_register(tmp_path / "a.xlsx", [_jonas(1950, participant_code="LZ-7")]))
    result = import_register(store, write_register(tmp_path / "b.xlsx", [_jonas(1950, date=LATER)]))
    assert result.errors == [] and [t.code for t in result.plan.taken_as] == ["LZ-7"]
    assert len(_people(store)) == 1
