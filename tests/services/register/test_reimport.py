"""Importing a register again after the records were corrected in the app: deleted records are
not brought back, and marks changed in the app after the file was saved keep the app's value."""

from __future__ import annotations

import os
import time
from pathlib import Path

from sqlalchemy import select

from libtrainer.i18n import set_language
from libtrainer.services import attendance, records
from libtrainer.services.register import import_register
from libtrainer.services.register.summary import describe, to_json
from libtrainer.store.models import Attendance, Enrolment, TrainingSession
from libtrainer.store.store import Store

from .support import DAY, counts, row, write_register

NAMES = ("Rūta", "Vitas", "Ėglė")


def _register(tmp_path: Path, present: str = "Yes", *, age_s: int = 3600) -> Path:
    """Three people at two sessions of one group; the file saved ``age_s`` seconds ago."""
    rows = [
        row(given_name=name, date=day, present=present if name == "Rūta" else "Yes")
        for name in NAMES
        for day in (DAY, DAY.replace(day=21))
    ]
    path = write_register(tmp_path / "registras.xlsx", rows)
    saved = time.time() - age_s
    os.utime(path, (saved, saved))
    return path


def _marks(store: Store) -> dict[tuple[str, str], str]:
    with store.read() as conn:
        query = select(Attendance.session_id, Attendance.participant_id, Attendance.mark)
        return {(s, p): m for s, p, m in conn.execute(query)}


def _session_ids(store: Store) -> list[str]:
    with store.read() as conn:
        return list(
            conn.execute(select(TrainingSession.id).order_by(TrainingSession.date)).scalars()
        )


def test_a_session_deleted_in_the_app_is_not_brought_back(store: Store, tmp_path: Path) -> None:
    """Delete a session imported by mistake, import the file again: it stays deleted."""
    set_language("en")
    path = _register(tmp_path)
    import_register(store, path)
    first, _second = _session_ids(store)
    with store.uow() as uow:
        records.delete(uow, "training_session", first)
    before = counts(store)
    again = import_register(store, path)
    assert counts(store) == before
    assert first not in _session_ids(store)
    assert again.plan.not_restored["sessions"] == 1
    assert again.plan.not_restored["attendance"] == 3
    assert again.plan.attendance_unchanged == 3
    text = "\n".join(describe(again))
    assert "not brought back (sessions: 1, attendance records: 3)" in text
    assert to_json(again)["not_restored"]["sessions"] == 1


def test_an_enrolment_deleted_in_the_app_is_not_brought_back(store: Store, tmp_path: Path) -> None:
    """A person taken off the group (their enrolment deleted) is not enrolled again by the file."""
    path = _register(tmp_path)
    import_register(store, path)
    with store.read() as conn:
        enrolment = conn.execute(select(Enrolment.id).limit(1)).scalar_one()
    with store.uow() as uow:
        records.delete(uow, "enrolment", enrolment)
    again = import_register(store, path)
    with store.read() as conn:
        assert enrolment not in set(conn.execute(select(Enrolment.id)).scalars())
    assert again.plan.not_restored["enrolments"] == 1


def test_a_mark_changed_in_the_app_after_the_file_was_saved_is_kept(
    store: Store, tmp_path: Path
) -> None:
    """A person marked absent in the app; the older file says present: the app's mark stays."""
    set_language("en")
    path = _register(tmp_path)
    import_register(store, path)
    first = _session_ids(store)[0]
    one = next(k for k in sorted(_marks(store)) if k[0] == first)
    with store.uow() as uow:
        attendance.record_attendance(uow, first, {one[1]: "absent"})
    again = import_register(store, path)
    assert _marks(store)[one] == "absent"
    assert again.plan.marks_kept == 1
    assert "1 attendance mark was changed in the app after this file was saved" in "\n".join(
        describe(again)
    )


def test_a_register_corrected_after_the_app_change_wins(store: Store, tmp_path: Path) -> None:
    """A file saved after the app's change (a corrected register) sets the mark it gives."""
    path = _register(tmp_path)
    import_register(store, path)
    first = _session_ids(store)[0]
    with store.uow() as uow:
        people = {k[1] for k in _marks(store) if k[0] == first}
        attendance.record_attendance(uow, first, dict.fromkeys(people, "absent"))
    corrected = _register(tmp_path, present="Yes", age_s=-60)  # saved after the change
    again = import_register(store, corrected)
    assert again.plan.marks_kept == 0
    assert all(m == "present" for (s, _p), m in _marks(store).items() if s == first)


def test_asked_to_bring_back_the_import_restores_the_deleted_session(
    store: Store, tmp_path: Path
) -> None:
    """With restore_deleted the deleted session and its marks come back, and the summary says so."""
    set_language("en")
    path = _register(tmp_path)
    import_register(store, path)
    first = _session_ids(store)[0]
    with store.uow() as uow:
        records.delete(uow, "training_session", first)
    again = import_register(store, path, restore_deleted=True)
    assert first in _session_ids(store)
    assert sum(1 for s, _p in _marks(store) if s == first) == 3
    assert "Brought back, as asked" in "\n".join(describe(again))


def test_a_group_deleted_in_the_app_is_not_made_again_empty(store: Store, tmp_path: Path) -> None:
    """Delete a group from the window, import the file again: no group comes back, none empty."""
    from libtrainer.store.models import TrainingGroup

    path = _register(tmp_path)
    import_register(store, path)
    with store.read() as conn:
        group = conn.execute(select(TrainingGroup.id)).scalar_one()
    with store.uow() as uow:
        records.delete(uow, "training_group", group)
    again = import_register(store, path)
    assert counts(store)["training_group"] == 0
    assert again.plan.created["groups"] == []
    assert again.plan.not_restored["groups"] == 1
    assert again.plan.not_restored["attendance"] == 6


def test_a_newer_register_imported_after_an_older_one_sets_its_marks(
    store: Store, tmp_path: Path
) -> None:
    """v1 (saved 2 h ago) imported, then v2 (saved 1 h ago, one person absent): v2's mark wins —
    marks written by the earlier import are not "changed in the app"."""
    import_register(store, _register(tmp_path, age_s=7200))
    corrected = _register(tmp_path, present="No", age_s=3600)
    again = import_register(store, corrected)
    assert again.plan.marks_kept == 0
    assert sorted(_marks(store).values()).count("absent") == 2
