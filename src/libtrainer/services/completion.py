"""Who has attended enough of a group to complete it (docs/decisions/0102).

A person completes a group when present for at least three quarters of the academic hours of
its held sessions (:data:`COMPLETION_SHARE`): the rule the demo data was already built with.
A session dated today or earlier counts as held (decision 0355); excused is not present. The
window ticks those people by default when a group is finished; the person finishing decides.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select

from libtrainer.domain import rules
from libtrainer.domain.enums import AttendanceMark
from libtrainer.services import common
from libtrainer.services.groups import roster
from libtrainer.store.models import Attendance, TrainingGroup, TrainingSession
from libtrainer.store.uow import UnitOfWork

#: The share of the held academic hours a person must be present for to complete.
COMPLETION_SHARE = 0.75


@dataclass(frozen=True)
class Standing:
    """One enrolled person's attendance of the group's held sessions."""

    participant_id: str
    given_name: str
    family_name: str
    status: str
    sessions_present: int
    sessions_held: int
    hours_present: float
    hours_held: float
    #: what tells namesakes apart (:mod:`libtrainer.domain.namesakes`)
    birth_year: int | None = None
    code: str | None = None
    phone: str | None = None

    @property
    def attended_enough(self) -> bool:
        """Present for at least :data:`COMPLETION_SHARE` of the held hours (none held: no)."""
        return self.hours_held > 0 and self.hours_present >= COMPLETION_SHARE * self.hours_held


def standings(uow: UnitOfWork, group_id: str, *, as_of: dt.date | None = None) -> list[Standing]:
    """Everyone on the group's roster (dropped too, sorted as :func:`groups.roster`) with
    their attendance of the sessions held up to ``as_of`` (default today)."""
    common.get(uow, TrainingGroup, group_id)
    day = as_of or rules.today()
    stmt = select(TrainingSession.id, TrainingSession.academic_hours).where(
        TrainingSession.group_id == group_id,
        TrainingSession.archived.is_(False),
        TrainingSession.date <= day,
    )
    held: dict[str, float] = {}
    for session_id, hours in uow.session.execute(stmt):
        held[session_id] = hours
    present: dict[str, list[str]] = {}
    if held:
        marks = select(Attendance.participant_id, Attendance.session_id).where(
            Attendance.session_id.in_(list(held)), Attendance.mark == AttendanceMark.PRESENT.value
        )
        for participant_id, session_id in uow.session.execute(marks):
            present.setdefault(participant_id, []).append(session_id)
    total = sum(held.values())
    return [
        Standing(
            m.participant_id,
            m.given_name,
            m.family_name,
            m.status,
            len(present.get(m.participant_id, [])),
            len(held),
            sum(held[s] for s in present.get(m.participant_id, [])),
            total,
            m.birth_year,
            m.code,
            m.phone,
        )
        for m in roster(uow, group_id)
    ]
