"""A row without a code is the one person with a code who has the same name and birth year:
one person, not two, and the summary says so; several such people stay apart, with a note."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import select

from libtrainer.services.register import import_register
from libtrainer.services.register.codes import participant_id_for_code
from libtrainer.services.register.summary import describe
from libtrainer.store.models import Attendance, Participant
from libtrainer.store.store import Store

from .support import DAY, counts, row, write_register

LATER = DAY + dt.timedelta(days=7)
ONA = {"given_name": "Ona", "family_name": "Petraitienė", "birth_year": 1952}


def _people(store: Store) -> list[tuple[str, str | None]]:
    with store.read() as conn:
        found = conn.execute(select(Participant.given_name, Participant.code)).all()
    return sorted(((r.given_name, r.code) for r in found), key=lambda p: (p[0], p[1] or ""))


def test_uncoded_rows_are_the_coded_person_of_the_same_name_and_year_in_the_file(
    store: Store, tmp_path: Path
) -> None:
    """Ona without a code (rows 2, 4) and with LZ-7 (row 3) is one person, named in the summary."""
    rows = [
        row(**ONA),
        row(**ONA, date=LATER, participant_code="LZ-7"),
        row(given_name="ona", family_name="PETRAITIENE", birth_year=1952, date=LATER, start=None),
        row(given_name="Rasa", family_name="Petraitytė", birth_year=1980),
    ]
    result = import_register(store, write_register(tmp_path / "r.xlsx", rows))
    assert result.errors == []
    assert _people(store) == [("Ona", "LZ-7"), ("Rasa", None)]
    assert [(t.rows, t.code) for t in result.plan.taken_as] == [([2, 4], "LZ-7")]
    text = "\n".join(describe(result))
    assert "Rows 2, 4 without a code are taken as Ona Petraitienė, code LZ-7" in text
    with store.read() as conn:
        people = set(conn.execute(select(Attendance.participant_id)).scalars())
    assert participant_id_for_code("LZ-7") in people and len(people) == 2


def test_taking_the_coded_person_stays_idempotent(store: Store, tmp_path: Path) -> None:
    """Importing the same file again adds nothing: the uncoded rows find the same person."""
    rows = [row(**ONA), row(**ONA, date=LATER, participant_code="LZ-7")]
    path = write_register(tmp_path / "r.xlsx", rows)
    import_register(store, path)
    before = counts(store)
    again = import_register(store, path)
    assert again.errors == [] and counts(store) == before
    assert again.plan.participants_created == 0 and again.plan.attendance_written == 0


def test_an_uncoded_row_is_the_coded_person_already_in_the_store(
    store: Store, tmp_path: Path
) -> None:
    """A later register without the code adds the sessions to the coded person in the store."""
    import_register(
        store, write_register(tmp_path / "a.xlsx", [row(**ONA, participant_code="LZ-7")])
    )
    result = import_register(store, write_register(tmp_path / "b.xlsx", [row(**ONA, date=LATER)]))
    assert result.errors == [] and result.plan.participants_created == 0
    assert [(t.rows, t.code) for t in result.plan.taken_as] == [([2], "LZ-7")]
    assert _people(store) == [("Ona", "LZ-7")]


def test_an_uncoded_person_in_the_store_keeps_the_uncoded_rows(
    store: Store, tmp_path: Path
) -> None:
    """With an uncoded Ona already recorded, the uncoded rows stay hers; the coded row is new."""
    import_register(store, write_register(tmp_path / "a.xlsx", [row(**ONA)]))
    rows = [row(**ONA, date=LATER), row(**ONA, date=LATER, start=None, participant_code="LZ-7")]
    result = import_register(store, write_register(tmp_path / "b.xlsx", rows))
    assert result.errors == [] and result.plan.taken_as == []
    assert _people(store) == [("Ona", None), ("Ona", "LZ-7")]


def test_two_coded_people_of_the_same_name_and_year_keep_the_row_apart(
    store: Store, tmp_path: Path
) -> None:
    """Two coded Onas of 1952: the uncoded row is a person of its own, and the summary says why."""
    rows = [
        row(**ONA, participant_code="LZ-7"),
        row(**ONA, participant_code="LZ-9", start=None),
        row(**ONA, date=LATER),
    ]
    result = import_register(store, write_register(tmp_path / "r.xlsx", rows))
    assert result.errors == []
    assert _people(store) == [("Ona", None), ("Ona", "LZ-7"), ("Ona", "LZ-9")]
    assert [(n.rows, n.codes) for n in result.plan.not_taken] == [([4], ["LZ-7", "LZ-9"])]
    assert "several people with the same name and birth year have a code (LZ-7, LZ-9)" in (
        "\n".join(describe(result))
    )


def test_another_birth_year_is_another_person(store: Store, tmp_path: Path) -> None:
    """Ona born 1953 without a code is not taken as Ona of 1952 with LZ-7."""
    rows = [row(**ONA, participant_code="LZ-7"), row(**{**ONA, "birth_year": 1953}, date=LATER)]
    result = import_register(store, write_register(tmp_path / "r.xlsx", rows))
    assert result.plan.taken_as == [] and result.plan.participants_created == 2
