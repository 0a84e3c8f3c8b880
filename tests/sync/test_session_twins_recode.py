"""A session typed on the branch PC and on the lecturer's laptop, decided "same" by the
coordinator, stays one session with its person counted once when the person's code is changed
afterwards (services/recode.py) — no mark is left behind on the old record, nothing doubles."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import func, select

from libtrainer.reports.api import run_report
from libtrainer.reports.filters import ReportFilters
from libtrainer.services import (
    attendance,
    groups,
    participants,
    programmes,
    session_twins,
    sessions,
)
from libtrainer.services.register.codes import participant_id_for_code
from libtrainer.store.models import Attendance
from libtrainer.store.store import Store
from libtrainer.sync import enroll, publish
from libtrainer.sync.session import synchronise
from libtrainer.sync.share import Share
from tests.conftest import make_store

DAY = dt.date(2025, 3, 14)
YEAR = ReportFilters(dt.date(2025, 1, 1), dt.date(2025, 12, 31))


def _enter(store: Store, group_name: str) -> tuple[str, str]:
    """The programme SR-1, a group, a session on DAY at 10:00 and the person LT-0042 present:
    (person, session)."""
    with store.uow() as uow:
        prog = programmes.create_programme(uow, 4, code="SR-1", title_lt="Skaitmeninis raštingumas")
    with store.uow() as uow:
        group = groups.create_group(uow, prog.id, group_name, start_date=DAY)
    group_id = group.first("training_group")
    with store.uow() as uow:
        person = participants.create_participant(
            uow, "Ona", "Žemaitienė", code="LT-0042", birth_year=1950
        ).first("participant")
    with store.uow() as uow:
        groups.enrol(uow, group_id, [person], on=DAY)
    with store.uow() as uow:
        sid = sessions.plan_session(
            uow, DAY, 2, group_id=group_id, start_time=dt.time(10, 0)
        ).first("training_session")
    with store.uow() as uow:
        attendance.record_attendance(uow, sid, {person: "present"})
    return person, sid


def _totals(store: Store) -> dict[str, object]:
    report = run_report(store, "summary", YEAR, by=("year",))
    return {r.key: r.values[1] for r in report.sections[0].rows}


def test_a_code_change_after_same_session_counts_the_person_once(tmp_path: Path) -> None:
    """PC and laptop both enter the session with LT-0042; the coordinator decides "same"
    (1 session, 1 person, 1 attendance). Both computers then change the code to LT-0099: the
    coordinator still counts 1 session, 1 person, 1 attendance, 2 participant-hours, and the
    old record keeps no mark."""
    root = tmp_path / "share"
    root.mkdir()
    coordinator = make_store(tmp_path / "coord", role="coordinator", device_name="Koordinatorė")
    pc = make_store(tmp_path / "pc", device_name="Skaitykla PC-1")
    laptop = make_store(tmp_path / "laptop", role="lecturer", device_name="Lektorės nešiojamas")
    stores = (coordinator, pc, laptop)
    try:
        enroll.bootstrap(coordinator, [pc, laptop], root)
        old, pc_session = _enter(pc, "Pradedantieji (PC)")
        same, laptop_session = _enter(laptop, "Pradedantieji (nešiojamas)")
        assert same == old

        def sync(*devices: Store) -> None:
            for device in devices:
                publish.publish(device, Share.for_store(root, device))
            synchronise(coordinator, root)

        sync(pc, laptop)
        assert _totals(coordinator)["sessions"] == 2
        with coordinator.uow() as uow:
            (pair,) = session_twins.candidates(uow).pairs
        assert {pair.first.id, pair.second.id} == {pc_session, laptop_session}
        assert pair.shared == 1
        with coordinator.uow() as uow:
            session_twins.same_session(uow, pc_session, laptop_session)
        before = _totals(coordinator)
        assert (before["sessions"], before["participants"], before["attendances"]) == (1, 1, 1)

        for device in (pc, laptop):
            with device.uow() as uow:
                participants.change_code(uow, old, "LT-0099")
        sync(pc, laptop)
        after = _totals(coordinator)
        assert (after["sessions"], after["participants"], after["attendances"]) == (1, 1, 1)
        assert (after["academic_hours"], after["participant_hours"]) == (2, 2)
        with coordinator.read() as conn:
            marks = select(func.count()).select_from(Attendance)
            assert conn.execute(marks.where(Attendance.participant_id == old)).scalar() == 0
            new = participant_id_for_code("LT-0099")
            assert conn.execute(marks.where(Attendance.participant_id == new)).scalar() == 2
    finally:
        for store in stores:
            store.close()
