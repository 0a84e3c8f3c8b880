"""The parts of a resident's copy (:mod:`.subject_access`) and the reads of their activity.

Plain frozen data, values as stored (codes, dates, numbers): the PDF labels them in the
reader's language, the JSON copy gives them as they are. Field names are the JSON keys, so a
rename changes the portable format (``tests/services/test_subject_access.py`` pins them).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from libtrainer.store.models import (
    Assessment,
    Attendance,
    Branch,
    Consultation,
    Enrolment,
    Programme,
    TrainingGroup,
    TrainingSession,
)


@dataclass(frozen=True)
class Named:
    """A record referred to, by id and the name it has here."""

    id: str
    name: str


@dataclass(frozen=True)
class ProgrammeRef:
    id: str
    code: str | None
    title_lt: str
    title_lv: str
    title_en: str

    def title(self, lang: str) -> str:
        """The title in ``lang``, else in another language, else the code."""
        order = {"lt": ("lt", "lv", "en"), "lv": ("lv", "lt", "en")}.get(lang, ("en", "lt", "lv"))
        for code in order:
            title = str(getattr(self, f"title_{code}") or "")
            if title:
                return title
        return self.code or ""


@dataclass(frozen=True)
class SelfAssessment:
    id: str
    phase: str
    score: int
    date: dt.date | None


@dataclass(frozen=True)
class Membership:
    """A place in a group: ``id`` is the enrolment's."""

    id: str
    group: Named
    programme: ProgrammeRef | None
    branch: Named
    start_date: dt.date | None
    end_date: dt.date | None
    status: str
    enrolled_on: dt.date | None
    certificate_issued: bool
    assessments: tuple[SelfAssessment, ...]


@dataclass(frozen=True)
class SessionMark:
    """A mark on a session's attendance: ``id`` is the mark's, ``hours`` the session's."""

    id: str
    session_id: str
    date: dt.date
    start_time: dt.time | None
    hours: float
    mark: str
    group: Named | None
    topic: str | None
    programme: ProgrammeRef | None
    branch: Named
    place_kind: str
    place: str | None


@dataclass(frozen=True)
class ConsultationCopy:
    """A one-to-one consultation; ``helped_by`` is "staff", "escout" or None, never a name."""

    id: str
    date: dt.date
    branch: Named
    topics: tuple[str, ...]
    minutes: int
    channel: str
    outcome: str
    helped_by: str | None
    referred_to_escout: bool
    age_band: str | None
    gender: str | None
    notes: str


@dataclass(frozen=True)
class Link:
    """A decision about the record. ``kind``: "same_person" (``record_id`` is counted as
    ``kept_record_id``'s person), "not_the_same" (a look-alike record is another person; not
    named), "code_decision" (one code given to two people: ``decision``) or "code_changed"
    (the record of the earlier code ``decision`` was given up for this one)."""

    id: str
    kind: str
    date: dt.date | None
    record_id: str | None = None
    kept_record_id: str | None = None
    decision: str | None = None


@dataclass(frozen=True)
class Waiting:
    """A row received from another computer, kept until the row it refers to arrives."""

    table: str
    id: str
    fields: dict[str, Any]


@dataclass(frozen=True)
class RecordCopy:
    """One participant record and everything that refers to it."""

    id: str
    details: dict[str, Any]
    branch: Named | None
    target_groups: tuple[str, ...]
    groups: tuple[Membership, ...]
    sessions: tuple[SessionMark, ...]
    consultations: tuple[ConsultationCopy, ...]
    links: tuple[Link, ...]
    waiting: tuple[Waiting, ...]


@dataclass(frozen=True)
class Keeper:
    """Who keeps the records: this computer's library, branch, region and role."""

    region: str
    library: str
    branch: str
    role: str


@dataclass(frozen=True)
class Computer:
    """A computer that recorded something of the copy; ``name`` None when not known here."""

    id: str
    name: str | None
    branch: str | None
    this: bool


@dataclass(frozen=True)
class SubjectAccess:
    """The whole copy: the record asked about is ``records[0]``."""

    person_id: str
    made_at: dt.datetime
    keeper: Keeper
    records: tuple[RecordCopy, ...]
    computers: tuple[Computer, ...]

    @property
    def name(self) -> str:
        details = self.records[0].details
        return f"{details['given_name']} {details['family_name']}".strip()


def _programme(row: Programme | None) -> ProgrammeRef | None:
    if row is None:
        return None
    return ProgrammeRef(row.id, row.code, row.title_lt, row.title_lv, row.title_en)


def memberships(db: Session, pid: str) -> tuple[Membership, ...]:
    """The record's groups, earliest first, each with its self-assessments."""
    rows = db.execute(
        select(Enrolment, TrainingGroup, Programme, Branch)
        .join(TrainingGroup, TrainingGroup.id == Enrolment.group_id)
        .join(Branch, Branch.id == TrainingGroup.branch_id)
        .outerjoin(Programme, Programme.id == TrainingGroup.programme_id)
        .where(Enrolment.participant_id == pid)
    ).all()
    found = []
    for enrolment, group, programme, branch in rows:
        scores = db.execute(
            select(Assessment).where(Assessment.enrolment_id == enrolment.id)
        ).scalars()
        found.append(
            Membership(
                enrolment.id,
                Named(group.id, group.name),
                _programme(programme),
                Named(branch.id, branch.name),
                group.start_date,
                group.end_date,
                enrolment.status,
                enrolment.enrolled_on,
                bool(enrolment.certificate_issued),
                tuple(
                    SelfAssessment(a.id, a.phase, a.score, a.date)
                    for a in sorted(scores, key=lambda a: (a.phase != "pre", a.id))
                ),
            )
        )
    return tuple(sorted(found, key=lambda m: (m.start_date or dt.date.min, m.group.name, m.id)))


def session_marks(db: Session, pid: str) -> tuple[SessionMark, ...]:
    """Every attendance mark of the record, by the session's date and time."""
    s = TrainingSession
    rows = db.execute(
        select(Attendance, s, TrainingGroup, Programme, Branch)
        .join(s, s.id == Attendance.session_id)
        .join(Branch, Branch.id == s.branch_id)
        .outerjoin(TrainingGroup, TrainingGroup.id == s.group_id)
        .outerjoin(
            Programme, Programme.id == func.coalesce(s.programme_id, TrainingGroup.programme_id)
        )
        .where(Attendance.participant_id == pid)
    ).all()
    found = [
        SessionMark(
            mark.id,
            session.id,
            session.date,
            session.start_time,
            float(session.academic_hours),
            mark.mark,
            Named(group.id, group.name) if group is not None else None,
            session.topic,
            _programme(programme),
            Named(branch.id, branch.name),
            session.place_kind,
            session.place,
        )
        for mark, session, group, programme, branch in rows
    ]
    return tuple(sorted(found, key=lambda m: (m.date, m.start_time or dt.time.min, m.id)))


def consultations(db: Session, pid: str) -> tuple[ConsultationCopy, ...]:
    """The record's consultations by date; who helped as a kind, not by name."""
    c = Consultation
    rows = db.execute(
        select(c, Branch).join(Branch, Branch.id == c.branch_id).where(c.participant_id == pid)
    ).all()
    found = [
        ConsultationCopy(
            row.id,
            row.date,
            Named(branch.id, branch.name),
            tuple(t for t in (row.topics or "").split(",") if t),
            row.minutes,
            row.channel,
            row.outcome,
            "escout" if row.volunteer_id else "staff" if row.staff_id else None,
            bool(row.referred_to_escout),
            row.age_band,
            row.gender,
            row.notes or "",
        )
        for row, branch in rows
    ]
    return tuple(sorted(found, key=lambda x: (x.date, x.id)))
