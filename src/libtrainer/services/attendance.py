"""Attendance: who was present, absent or excused at a session.

Each mark is the row ``fact_id("attendance", session, participant)``, the same id on every
device, so marking the same person twice (or on two laptops) is one fact. Recording is
idempotent: only marks that differ from what is stored are written, so re-saving a sign-in
sheet captures nothing new.

A session dated after today has not taken place: it can be planned, but nobody can be marked
present at it yet (absent and excused can be said in advance). "Today" is the computer's date
(``rules.today``, or ``today=`` for tests).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select

from libtrainer.domain import rules
from libtrainer.domain.enums import AttendanceMark
from libtrainer.domain.errors import N_, ValidationError
from libtrainer.domain.ids import fact_id
from libtrainer.services import common
from libtrainer.services.results import Changed
from libtrainer.store.models import Attendance, Participant, TrainingSession
from libtrainer.store.uow import UnitOfWork

MAX_MARKS = 500


@dataclass(frozen=True)
class Mark:
    participant_id: str
    mark: str


def marks_recorded() -> Any:
    """Correlated count of a ``TrainingSession`` row: the attendance marks recorded for it
    (present, absent and excused alike), as the session lists show it."""
    return (
        select(func.count())
        .select_from(Attendance)
        .where(Attendance.session_id == TrainingSession.id)
        .scalar_subquery()
    )


def attendance_id(session_id: str, participant_id: str) -> str:
    return fact_id("attendance", session_id, participant_id)


def held(session_date: dt.date, today: dt.date | None = None) -> bool:
    """Whether a session of ``session_date`` has taken place (or is taking place) by today."""
    return session_date <= (today or rules.today())


def check_present_allowed(session_date: dt.date, today: dt.date | None = None) -> None:
    """Refuse a present mark at a session that has not taken place yet."""
    if not held(session_date, today):
        raise ValidationError(
            "mark",
            N_(
                "Nobody can be marked present at the session of {date}: it has not taken "
                "place yet. Mark attendance on the day of the session or later."
            ),
            date=session_date.isoformat(),
        )


def record_attendance(
    uow: UnitOfWork,
    session_id: str,
    marks: Mapping[str, str | AttendanceMark],
    *,
    today: dt.date | None = None,
) -> Changed:
    """Set the marks of ``marks`` (participant id → present | absent | excused) at a session.

    Participants not named keep their marks. Every mark is validated and every participant
    checked to exist before anything is written; unchanged marks are not written again. A
    present mark at a session dated after ``today`` (the computer's date) is refused."""
    if len(marks) > MAX_MARKS:
        raise ValidationError(
            "mark", N_("{field_label}: at most {limit} people at once."), limit=MAX_MARKS
        )
    wanted = {str(p): rules.check_enum("mark", AttendanceMark, m).value for p, m in marks.items()}
    session = common.get(uow, TrainingSession, session_id)
    if AttendanceMark.PRESENT.value in wanted.values():
        check_present_allowed(session.date, today)
    _check_participants(uow, wanted)
    ids = {attendance_id(session_id, p): p for p in wanted}
    stmt = select(Attendance).where(Attendance.id.in_(ids))
    have = {row.participant_id: row for row in uow.session.execute(stmt).scalars()}
    changed = Changed()
    for participant_id, mark in wanted.items():
        row = have.get(participant_id)
        if row is None:
            row = Attendance(
                id=attendance_id(session_id, participant_id),
                session_id=session_id,
                participant_id=participant_id,
                mark=mark,
            )
            uow.session.add(row)
            changed.add("created", "attendance", row.id)
        else:
            common.edited(uow, row, {"mark": mark}, changed)
    uow.commit()
    return changed


def _check_participants(uow: UnitOfWork, wanted: Mapping[str, str]) -> None:
    stmt = select(Participant.id).where(Participant.id.in_(list(wanted)))
    found = set(uow.session.execute(stmt).scalars())
    for participant_id in wanted:
        if participant_id not in found:
            raise common.not_found("participant", participant_id)


def marks_of_session(uow: UnitOfWork, session_id: str) -> list[Mark]:
    """The marks recorded at a session."""
    common.get(uow, TrainingSession, session_id)
    stmt = select(Attendance).where(Attendance.session_id == session_id)
    rows = uow.session.execute(stmt).scalars()
    return sorted((Mark(a.participant_id, a.mark) for a in rows), key=lambda m: m.participant_id)
