"""A session entered on a lecturer's laptop and on the branch PC: the coordinator lists it,
merges it, and counts it once — also after the branch goes on marking its own copy."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from libtrainer.reports.api import run_report
from libtrainer.reports.filters import ReportFilters
from libtrainer.services import (
    attendance,
    groups,
    participants,
    programmes,
    sessions,
    twice,
    twice_merge,
)
from libtrainer.store.models import TrainingSession
from libtrainer.store.store import Store
from libtrainer.sync import enroll, publish
from libtrainer.sync.session import synchronise
from tests.conftest import make_store

DAY = dt.date(2025, 4, 8)
BRANCH = "Padalinys Nr. 0"


def _record(store: Store, group_name: str, codes: list[str]) -> str:
    """The course (the catalogue's code), a group of it, the session at 10:00 and marks."""
    with store.uow() as uow:
        programme = programmes.create_programme(
            uow, 8, code="PL-SENJ", title_lt="Išmanusis telefonas senjorams"
        ).id
    with store.uow() as uow:
        group = groups.create_group(uow, programme, group_name).first("training_group")
    with store.uow() as uow:
        session = sessions.plan_session(
            uow, DAY, 2, group_id=group, start_time=dt.time(10, 0)
        ).first("training_session")
    _mark(store, session, codes)
    return session


def _mark(store: Store, session: str, codes: list[str]) -> None:
    ids = []
    for code in codes:
        with store.uow() as uow:
            ids.append(
                participants.create_participant(uow, "Ona", f"Vardenė {code}", code=code).first(
                    "participant"
                )
            )
    with store.uow() as uow:
        attendance.record_attendance(uow, session, dict.fromkeys(ids, "present"))


def _held(store: Store) -> tuple[float, float, float]:
    """(sessions, academic hours, participant-hours) of the year, as funders get them."""
    filters = ReportFilters(dt.date(DAY.year, 1, 1), dt.date(DAY.year, 12, 31))
    rows = run_report(store, "summary", filters, by=("year",)).sections[0].rows
    figures = {r.key: float(r.values[1]) for r in rows}
    return figures["sessions"], figures["academic_hours"], figures["participant_hours"]


def test_a_session_entered_on_a_laptop_and_a_branch_pc_is_merged_and_counted_once(
    tmp_path: Path,
) -> None:
    """Both devices publish their copy; the coordinator lists the pair (who entered which),
    merges the branch's copy into the lecturer's, and the figures count one session. A mark
    the branch adds to its copy afterwards is counted at the kept session after the next
    sync; the branch's own store keeps its copy (devices receive only the catalogue)."""
    root = tmp_path / "share"
    root.mkdir()
    coordinator = make_store(
        tmp_path / "coord", role="coordinator", branch="Centrinė biblioteka", device_name="Koord"
    )
    branch = make_store(tmp_path / "branch", branch=BRANCH, device_name="Skaitykla PC-1")
    laptop = make_store(
        tmp_path / "laptop", branch=BRANCH, role="lecturer", device_name="Lektorės nešiojamas"
    )
    try:
        enroll.bootstrap(coordinator, [branch, laptop], root)
        kept = _record(laptop, "Senjorai (salė)", ["LT-1", "LT-2"])
        dropped = _record(branch, "Senjorų grupė", ["LT-1", "LT-3"])
        for store in (laptop, branch):
            publish.publish(store, root_share(root, store))
        synchronise(coordinator, root)
        assert _held(coordinator) == (2, 4, 8)
        with coordinator.read() as conn:
            (pair,) = twice.find(conn).pairs
        by_id = {pair.first.id: pair.first, pair.second.id: pair.second}
        assert by_id[kept].device == "Lektorės nešiojamas"
        assert by_id[dropped].device == "Skaitykla PC-1"
        assert pair.shared == 1 and by_id[kept].group == "Senjorai (salė)"
        with coordinator.uow() as uow:
            twice_merge.merge_sessions(uow, kept, dropped)
        assert _held(coordinator) == (1, 2, 6)  # LT-1, LT-2, LT-3 once each
        _mark(branch, dropped, ["LT-4"])  # the branch goes on marking its own copy
        publish.publish(branch, root_share(root, branch))
        synchronise(coordinator, root)
        assert _held(coordinator) == (1, 2, 8)
        with coordinator.uow() as uow:
            marked = {m.participant_id for m in attendance.marks_of_session(uow, kept)}
            assert len(marked) == 4
            assert uow.session.get(TrainingSession, dropped) is None
        with coordinator.read() as conn:
            assert publish.unpublished(conn) == 0  # the moved mark went out in that sync
        synchronise(branch, root)
        with branch.uow() as uow:
            assert uow.session.get(TrainingSession, dropped) is not None
    finally:
        for store in (coordinator, branch, laptop):
            store.close()


def root_share(root: Path, store: Store):  # type: ignore[no-untyped-def]
    from libtrainer.sync.share import Share  # noqa: PLC0415

    return Share.for_store(root, store)
