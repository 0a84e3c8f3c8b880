"""A person erased from the records is not entered again by an old register: only a keyed
fingerprint of their folded name and birth year stays, local to the store (decision 0009)."""

from __future__ import annotations

import datetime as dt
import os
import time
from pathlib import Path

from sqlalchemy import func, select

from libtrainer.i18n import set_language
from libtrainer.i18n.format import format_date
from libtrainer.services import participants, records
from libtrainer.services.register import import_register
from libtrainer.services.register.summary import describe, to_json
from libtrainer.store import erased
from libtrainer.store.dump import dump_text
from libtrainer.store.models import Attendance, Erased, Participant
from libtrainer.store.store import Store, read_meta

from .support import DAY, counts, row, write_register

PEOPLE = (("Rūta", "Žemaitė", 1951), ("Vitas", "Kairys", 1948))


def _register(tmp_path: Path, name: str = "registras.xlsx", **extra: object) -> Path:
    """Two people at two sessions (rows 2–5: Rūta 2 and 4, Vitas 3 and 5), saved an hour ago."""
    rows = [
        row(given_name=given, family_name=family, birth_year=year, date=day, **extra)
        for day in (DAY, DAY.replace(day=21))
        for given, family, year in PEOPLE
    ]
    path = write_register(tmp_path / name, rows)
    saved = time.time() - 3600
    os.utime(path, (saved, saved))
    return path


def _person(store: Store, given: str) -> str | None:
    with store.read() as conn:
        query = select(Participant.id).where(Participant.given_name == given)
        return conn.execute(query).scalar_one_or_none()


def _fingerprints(store: Store) -> int:
    with store.read() as conn:
        return int(conn.execute(select(func.count()).select_from(Erased)).scalar_one())


def _erase(store: Store, given: str) -> None:
    pid = _person(store, given)
    assert pid is not None
    with store.uow() as uow:
        records.delete(uow, "participant", pid)


def test_an_erased_person_is_not_entered_again_by_an_old_register(
    store: Store, tmp_path: Path
) -> None:
    """Erase Rūta, import the old register again: she is not a new person, and the summary
    names her rows, the day and how to enter her again; the others are imported as usual."""
    set_language("en")
    path = _register(tmp_path)
    import_register(store, path)
    _erase(store, "Rūta")
    before = counts(store)
    again = import_register(store, path)
    assert again.written and not again.errors
    assert counts(store) == before
    assert _person(store, "Rūta") is None
    assert again.plan.not_restored["people"] == 1
    assert [left.rows for left in again.plan.erased_rows] == [[2, 4]]
    assert again.plan.attendance_unchanged == 2  # Vitas's marks, already there
    text = "\n".join(describe(again))
    today = dt.date.today()
    assert (
        f"Rows 2, 4: this person was erased from the records on {format_date(today)}; the "
        "rows are not imported." in text
    )
    assert "not brought back (people erased from the records: 1)" in text
    assert "--bring-back-deleted" in text
    assert to_json(again)["erased_rows"] == [{"rows": [2, 4], "erased_on": today.isoformat()}]


def test_importing_it_again_and_the_dry_run_say_the_same(store: Store, tmp_path: Path) -> None:
    """After an erasure the old register imports the same way every time, and the dry run
    shows what the import does; the fingerprint stays."""
    path = _register(tmp_path)
    import_register(store, path)
    _erase(store, "Rūta")
    before = counts(store)
    dry = import_register(store, path, dry_run=True)
    first = import_register(store, path)
    second = import_register(store, path)
    assert counts(store) == before
    for result in (dry, first, second):
        assert [left.rows for left in result.plan.erased_rows] == [[2, 4]]
        assert result.plan.not_restored["people"] == 1
    assert _fingerprints(store) == 1


def test_asked_to_bring_records_back_the_person_is_entered_and_the_fingerprint_goes(
    store: Store, tmp_path: Path
) -> None:
    """With restore_deleted the erased person is entered again with their marks, the
    fingerprint is removed, and importing again adds nothing."""
    set_language("en")
    path = _register(tmp_path)
    import_register(store, path)
    _erase(store, "Rūta")
    dry = import_register(store, path, dry_run=True, restore_deleted=True)
    assert dry.plan.participants_created == 1 and _fingerprints(store) == 1
    back = import_register(store, path, restore_deleted=True)
    assert back.plan.participants_created == 1
    assert back.plan.not_restored["people"] == 1 and not back.plan.erased_rows
    assert "Brought back, as asked" in "\n".join(describe(back))
    pid = _person(store, "Rūta")
    with store.read() as conn:
        marks = conn.execute(
            select(func.count()).select_from(Attendance).where(Attendance.participant_id == pid)
        ).scalar_one()
    assert marks == 2
    assert _fingerprints(store) == 0
    before = counts(store)
    again = import_register(store, path)
    assert counts(store) == before
    assert again.plan.not_restored["people"] == 0 and again.plan.participants_created == 0


def test_a_namesake_with_another_birth_year_is_imported(store: Store, tmp_path: Path) -> None:
    """Another Rūta Žemaitė, born in another year, is a new person, not an erased one."""
    path = _register(tmp_path)
    import_register(store, path)
    _erase(store, "Rūta")
    other = write_register(
        tmp_path / "kitas.xlsx",
        [row(given_name="Rūta", family_name="Žemaitė", birth_year=1990, date=DAY)],
    )
    result = import_register(store, other)
    assert result.plan.participants_created == 1
    assert not result.plan.erased_rows and result.plan.not_restored["people"] == 0
    assert _person(store, "Rūta") is not None


def test_the_fingerprint_ignores_case_spacing_and_diacritics_as_the_import_does(
    store: Store, tmp_path: Path
) -> None:
    """ "RUTA  zemaite" is recognised as the erased Rūta Žemaitė, as the import would have
    matched her while she was in the records."""
    path = _register(tmp_path)
    import_register(store, path)
    _erase(store, "Rūta")
    typed = write_register(
        tmp_path / "kitaip.csv",
        [row(given_name="RUTA ", family_name=" zemaite", birth_year=1951, date=DAY)],
    )
    result = import_register(store, typed)
    assert [left.rows for left in result.plan.erased_rows] == [[2]]
    assert result.plan.participants_created == 0


def test_a_person_in_the_records_with_the_same_name_and_year_is_still_matched(
    store: Store, tmp_path: Path
) -> None:
    """The fingerprint only stops making a person again: a living record with the same
    folded name and year (entered again by hand) gets the rows, as the import always did."""
    path = _register(tmp_path)
    import_register(store, path)
    _erase(store, "Rūta")
    with store.uow() as uow:
        pid = participants.create_participant(uow, "Rūta", "Žemaitė", birth_year=1951).first(
            "participant"
        )
    result = import_register(store, path)
    assert not result.plan.erased_rows
    assert result.plan.participants_created == 0
    with store.read() as conn:
        marks = conn.execute(
            select(func.count()).select_from(Attendance).where(Attendance.participant_id == pid)
        ).scalar_one()
    assert marks == 2


def test_an_erased_coded_person_is_refused_by_the_code_as_before(
    store: Store, tmp_path: Path
) -> None:
    """A coded person's row is refused by its code's tombstone, with the same message, even
    when asked to bring records back."""
    path = _register(tmp_path, participant_code="")
    coded = write_register(
        tmp_path / "koduotas.xlsx",
        [row(given_name="Ona", family_name="Kodaitė", participant_code="LT-0042", date=DAY)],
    )
    import_register(store, path)
    import_register(store, coded)
    _erase(store, "Ona")
    for restore in (False, True):
        result = import_register(store, coded, restore_deleted=restore)
        assert not result.written
        assert [e.column for e in result.errors] == ["participant_code"]
        assert "was erased from the records" in result.errors[0].reason
        assert not result.plan.erased_rows


def test_undo_of_an_erasure_removes_the_fingerprint(store: Store, tmp_path: Path) -> None:
    """Erase with undo, then undo: the person is back and no fingerprint is left, so the
    register matches them again."""
    path = _register(tmp_path)
    import_register(store, path)
    pid = _person(store, "Rūta")
    assert pid is not None
    with store.uow() as uow:
        deleted = records.delete_for_undo(uow, "participant", pid)
    assert _fingerprints(store) == 1
    assert "fingerprint" not in repr(deleted.snapshot)
    with store.uow() as uow:
        records.restore_deleted(uow, deleted.snapshot)
    assert _fingerprints(store) == 0
    result = import_register(store, path)
    assert not result.plan.erased_rows and result.plan.participants_created == 0


def test_undo_of_a_second_erasure_keeps_the_first_ones_fingerprint(
    store: Store, tmp_path: Path
) -> None:
    """Rūta erased, entered again on purpose and erased again with undo: undoing the second
    erasure leaves the first one's fingerprint and day."""
    path = _register(tmp_path)
    import_register(store, path)
    _erase(store, "Rūta")
    with store.read() as conn:
        first_wall = conn.execute(select(Erased.erased_wall)).scalar_one()
    with store.uow() as uow:
        pid = participants.create_participant(uow, "Rūta", "Žemaitė", birth_year=1951).first(
            "participant"
        )
    with store.uow() as uow:
        deleted = records.delete_for_undo(uow, "participant", pid)
    with store.uow() as uow:
        records.restore_deleted(uow, deleted.snapshot)
    with store.read() as conn:
        assert conn.execute(select(Erased.erased_wall)).scalars().all() == [first_wall]


def test_changing_a_code_keeps_no_fingerprint(store: Store) -> None:
    """Change the code moves the person without an erasure: no fingerprint, no secret."""
    with store.uow() as uow:
        pid = participants.create_participant(
            uow, "Ona", "Kodaitė", code="LT-0042", birth_year=1950
        ).first("participant")
    with store.uow() as uow:
        participants.change_code(uow, pid, "LT-0043")
    assert _fingerprints(store) == 0
    with store.read() as conn:
        assert read_meta(conn, erased.SECRET_KEY) is None


def test_the_secret_and_fingerprints_stay_out_of_the_canonical_dump(
    store: Store, tmp_path: Path
) -> None:
    """The canonical dump (what stores compare and sync carries) holds neither the secret
    nor a fingerprint; two erasures use the one secret made at the first."""
    path = _register(tmp_path)
    import_register(store, path)
    _erase(store, "Rūta")
    with store.read() as conn:
        secret = read_meta(conn, erased.SECRET_KEY)
    _erase(store, "Vitas")
    with store.read() as conn:
        assert read_meta(conn, erased.SECRET_KEY) == secret
        prints = list(conn.execute(select(Erased.fingerprint)).scalars())
        text = dump_text(conn)
    assert secret is not None and len(bytes.fromhex(secret)) == 32
    assert len(prints) == 2
    for value in (secret, *prints):
        assert value not in text
    assert "Rūta" not in text and "Vitas" not in text
