"""A branch that gave a participant code to the wrong person changes it ("Change the code"):
after sync the coordinator's record of the old code keeps only the other branch's person's
facts, and the branch's person is a resident of their own (docs/decisions/0400)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import select

from libtrainer.reports.api import run_report
from libtrainer.reports.filters import ReportFilters
from libtrainer.services import (
    attendance,
    codeclash,
    duplicates,
    groups,
    participants,
    programmes,
    sessions,
)
from libtrainer.services.register.codes import participant_id_for_code
from libtrainer.store.models import Attendance, Enrolment, Participant, ParticipantTag
from libtrainer.store.store import Store
from libtrainer.sync import publish
from libtrainer.sync.session import synchronise
from tests.sync.regionkit import Region, make_region

DAY = dt.date(2025, 3, 14)
YEAR = ReportFilters(dt.date(2025, 1, 1), dt.date(2025, 12, 31))


def _train(store: Store, given: str, family: str, tag: str, days: int) -> tuple[str, set[str]]:
    """A group of the branch, ``days`` sessions, and the person with code LT-0042 enrolled,
    tagged ``tag`` and present at each: (person id, session ids)."""
    with store.uow() as uow:
        prog = programmes.create_programme(uow, 4, title_lt=f"Kursai {family}").first("programme")
    with store.uow() as uow:
        group = groups.create_group(uow, prog, f"Grupė {family}", start_date=DAY)
    group_id = group.first("training_group")
    with store.uow() as uow:
        pid = participants.create_participant(
            uow, given, family, code="LT-0042", birth_year=1950, target_groups=[tag]
        ).first("participant")
    with store.uow() as uow:
        groups.enrol(uow, group_id, [pid], on=DAY)
    held = set()
    for day in range(days):
        with store.uow() as uow:
            sid = sessions.plan_session(
                uow, DAY + dt.timedelta(days=7 * day), 2, group_id=group_id
            ).first("training_session")
        with store.uow() as uow:
            attendance.record_attendance(uow, sid, {pid: "present"})
        held.add(sid)
    return pid, held


def _sync(region: Region, *branches: Store) -> None:
    for branch in branches:
        publish.publish(branch, region.share(branch))
    synchronise(region.coordinator, region.root)


def _facts(store: Store, pid: str) -> tuple[str, set[str], set[str], int]:
    """(name, sessions attended, target groups, groups) of ``pid`` in ``store``."""
    with store.read() as conn:
        person = conn.execute(select(Participant).where(Participant.id == pid)).one()
        marks = set(
            conn.execute(
                select(Attendance.session_id).where(Attendance.participant_id == pid)
            ).scalars()
        )
        tags = set(
            conn.execute(
                select(ParticipantTag.tag).where(ParticipantTag.participant_id == pid)
            ).scalars()
        )
        enrolled = len(
            conn.execute(select(Enrolment.id).where(Enrolment.participant_id == pid)).all()
        )
    return f"{person.given_name} {person.family_name}", marks, tags, enrolled


def _unique(store: Store) -> object:
    report = run_report(store, "summary", YEAR, by=("year",))
    return report.sections[0].rows[0].values[1]


def test_the_branch_changes_the_code_and_the_coordinator_has_two_people(tmp_path: Path) -> None:
    """Branches A and B give LT-0042 to two people; the coordinator notes the clash and counts
    one resident. B changes its person's code to LT-0099 and sends: at the coordinator LT-0042
    keeps only A's sessions, group and target group, LT-0099 is B's person with B's, and the
    summary counts two residents."""
    region = make_region(tmp_path, branches=2)
    try:
        a, b = region.branches
        old, a_sessions = _train(a, "Jonas", "Petraitis", "seniors", days=2)
        same, b_sessions = _train(b, "Ona", "Kazlauskienė", "job_seekers", days=3)
        assert same == old
        _sync(region, a, b)
        coordinator = region.coordinator
        with coordinator.read() as conn:
            (clash,) = codeclash.clashes(conn)
        assert clash.code == "LT-0042"
        _name, marks, tags, enrolled = _facts(coordinator, old)
        assert marks == a_sessions | b_sessions and tags == {"seniors", "job_seekers"}
        assert enrolled == 2 and _unique(coordinator) == 1

        with b.uow() as uow:
            changed = participants.change_code(uow, old, "LT-0099")
        new = participant_id_for_code("LT-0099")
        assert changed.created["participant"] == [new]
        _sync(region, b)

        _name, marks, tags, enrolled = _facts(coordinator, old)
        assert (marks, tags, enrolled) == (a_sessions, {"seniors"}, 1)
        name, marks, tags, enrolled = _facts(coordinator, new)
        assert (name, marks, tags, enrolled) == (
            "Ona Kazlauskienė",
            b_sessions,
            {"job_seekers"},
            1,
        )
        assert _unique(coordinator) == 2
        # the old record is still branch A's: nothing of it was deleted at the coordinator
        with coordinator.read() as conn:
            code = conn.execute(select(Participant.code).where(Participant.id == old)).scalar()
        assert code == "LT-0042"
        # B saved its version last, so the shared record still shows B's person's details
        # until the coordinator corrects them (the advice says so): an ordinary edit, which
        # the coordinator's computer allows
        assert _facts(coordinator, old)[0] == "Ona Kazlauskienė"
        # the two look alike now, but the coordinator is not offered them as one person
        with coordinator.uow() as uow:
            pairs = duplicates.candidates(uow).pairs
        assert not any({p.first.id, p.second.id} == {old, new} for p in pairs)
        with coordinator.uow() as uow:
            participants.edit_participant(uow, old, given_name="Jonas", family_name="Petraitis")
        assert _facts(coordinator, old)[0] == "Jonas Petraitis"
        # at branch B the old record has nothing left, and B's report counts one person
        assert _facts(b, old)[1:] == (set(), set(), 0)
        assert _unique(b) == 1
    finally:
        region.close()
