"""Read-only queries for the GUI's lists, where the services offer no list of their own.

The services own every write and the single-record reads; this module only reads, to fill lazy
lists (ids first, rows on demand) and summaries. Every function takes the session of a read unit
from :meth:`~libtrainer.gui.operations.Job.reader` and runs on a worker thread, never on
the GUI thread. Statements are SQLAlchemy Core with bound parameters only (no text from people
is ever part of SQL).
"""

from __future__ import annotations

import datetime as dt
from array import array
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any

from sqlalchemy import Connection, and_, func, select
from sqlalchemy.orm import Session

from libtrainer.domain import rules
from libtrainer.i18n import get_language
from libtrainer.i18n.collation import sort_key
from libtrainer.i18n.format import format_date, format_hours
from libtrainer.store.models import (
    Attendance,
    Branch,
    Consultation,
    Enrolment,
    EScoutVisit,
    Participant,
    Programme,
    Staff,
    TrainingGroup,
    TrainingSession,
    Volunteer,
)
from libtrainer.store.store import read_meta

from libtrainer.gui import labels as L

CHUNK = 500


def _chunks(ids: Sequence[str]) -> Iterator[list[str]]:
    for start in range(0, len(ids), CHUNK):
        yield list(ids[start : start + CHUNK])


def programme_title(row: Any) -> str:
    lang = get_language()
    order = {"lt": ("lt", "lv", "en"), "lv": ("lv", "lt", "en")}.get(lang, ("en", "lt", "lv"))
    for code in order:
        title = getattr(row, f"title_{code}", None)
        if title:
            return str(title)
    return str(getattr(row, "code", None) or "")


# --- device ----------------------------------------------------------------------------------


def device_meta(conn: Connection) -> dict[str, str]:
    """The identity written at set-up plus the branch's name."""
    keys = ("device_id", "region_id", "library_id", "branch_id", "role", "device_name")
    meta = {k: read_meta(conn, k) or "" for k in keys}
    name = conn.execute(select(Branch.name).where(Branch.id == meta["branch_id"])).scalar()
    meta["branch_name"] = str(name or "")
    return meta


# --- participants ----------------------------------------------------------------------------


@dataclass
class NameIndex:
    """Every participant's id and folded name, in the language's alphabetical order, with
    posting lists (row numbers, ascending) of each letter and letter pair that occurs, so a
    search only checks the rows that contain the rarest pair of what was typed."""

    ids: list[str]
    keys: list[str]
    grams: dict[str, array[int]] = field(default_factory=dict)

    def build(self) -> NameIndex:
        """Fill the posting lists (reader thread, after the list is shown; ~2 s at 100,000
        people). Until then :meth:`search` looks at every name, which is slower but right."""
        grams: dict[str, array[int]] = {}
        for row, key in enumerate(self.keys):
            for gram in {*key, *(key[i : i + 2] for i in range(len(key) - 1))}:
                posting = grams.get(gram)
                if posting is None:
                    posting = grams[gram] = array("i")
                posting.append(row)
        self.grams = grams
        return self

    def search(self, text: str) -> list[str]:
        """Ids whose folded name contains every word of ``text`` (diacritics ignored), in
        the index's order."""
        words = rules.fold(text).split()
        if not words:
            return list(self.ids)
        if not self.grams:  # posting lists not built yet: look at every name
            keys = self.keys
            return [self.ids[row] for row, key in enumerate(keys) if all(w in key for w in words)]
        best: array[int] | None = None
        for word in words:
            for gram in [word[i : i + 2] for i in range(len(word) - 1)] or [word]:
                posting = self.grams.get(gram)
                if posting is None:
                    return []
                if best is None or len(posting) < len(best):
                    best = posting
        assert best is not None
        ids, keys = self.ids, self.keys
        if len(words) == 1 and len(words[0]) <= 2:
            if len(best) == len(ids):
                return list(ids)
            return list(itemgetter(*best)(ids)) if len(best) > 1 else [ids[r] for r in best]
        if len(words) == 1:
            word = words[0]
            return [ids[row] for row in best if word in keys[row]]
        return [ids[row] for row in best if all(w in keys[row] for w in words)]


def participant_index(db: Session, *, include_archived: bool = False) -> NameIndex:
    """Load the name index of all (not archived) participants. Names repeat a lot (a region
    has a few hundred distinct family names), so each distinct name is keyed once."""
    stmt = select(Participant.id, Participant.given_name, Participant.family_name, Participant.code)
    if not include_archived:
        stmt = stmt.where(Participant.archived.is_(False))
    lang = get_language()
    sort_keys: dict[str, tuple[str, str, str]] = {}
    folded: dict[str, str] = {}

    def keyed(name: str) -> tuple[str, str, str]:
        found = sort_keys.get(name)
        if found is None:
            found = sort_keys[name] = sort_key(name, lang)
        return found

    def fold(name: str) -> str:
        found = folded.get(name)
        if found is None:
            found = folded[name] = rules.fold(name)
        return found

    rows = [
        (
            keyed(family),
            keyed(given),
            pid,
            f"{fold(given)} {fold(family)} {fold(code) if code else ''}".rstrip(),
        )
        for pid, given, family, code in db.connection().execute(stmt)
    ]
    rows.sort()
    return NameIndex([r[2] for r in rows], [r[3] for r in rows])


def participant_rows(db: Session, ids: Sequence[str]) -> dict[str, tuple[Any, ...]]:
    """Display rows: family name, given name, birth year, code, branch."""
    found: dict[str, tuple[Any, ...]] = {}
    for part in _chunks(ids):
        stmt = (
            select(
                Participant.id,
                Participant.family_name,
                Participant.given_name,
                Participant.birth_year,
                Participant.code,
                Branch.name,
            )
            .outerjoin(Branch, Branch.id == Participant.branch_id)
            .where(Participant.id.in_(part))
        )
        for pid, family, given, year, code, branch in db.execute(stmt):
            found[pid] = (family, given, year or "", code or "", branch or "")
    return found


@dataclass(frozen=True)
class History:
    groups: list[tuple[str, str, str]]  # group, programme, status
    sessions: list[tuple[str, str, str]]  # date, group/topic, mark
    consultations: list[tuple[str, str, str]]  # date, topics, minutes


def participant_history(db: Session, participant_id: str) -> History:
    """Groups, sessions and consultations of one participant (newest first)."""
    groups = [
        (name, programme_title(prog), L.label(L.ENROLMENT, status))
        for name, prog, status in db.execute(
            select(TrainingGroup.name, Programme, Enrolment.status)
            .join(TrainingGroup, TrainingGroup.id == Enrolment.group_id)
            .join(Programme, Programme.id == TrainingGroup.programme_id)
            .where(Enrolment.participant_id == participant_id)
            .order_by(TrainingGroup.start_date.desc())
        )
    ]
    sessions = [
        (format_date(day), group or topic or "", L.label(L.MARKS, mark))
        for day, group, topic, mark in db.execute(
            select(TrainingSession.date, TrainingGroup.name, TrainingSession.topic, Attendance.mark)
            .join(TrainingSession, TrainingSession.id == Attendance.session_id)
            .outerjoin(TrainingGroup, TrainingGroup.id == TrainingSession.group_id)
            .where(Attendance.participant_id == participant_id)
            .order_by(TrainingSession.date.desc())
        )
    ]
    consultations = [
        (format_date(day), L.labels(L.TOPICS, topics.split(",")), str(minutes))
        for day, topics, minutes in db.execute(
            select(Consultation.date, Consultation.topics, Consultation.minutes)
            .where(Consultation.participant_id == participant_id)
            .order_by(Consultation.date.desc())
        )
    ]
    return History(groups, sessions, consultations)


# --- groups and sessions ---------------------------------------------------------------------


def group_rows(
    db: Session, branch_id: str | None, *, finished: bool
) -> list[tuple[str, tuple[Any, ...]]]:
    """Groups (of a branch, or all) with programme, dates and counts, newest first."""
    enrolled = (
        select(func.count())
        .select_from(Enrolment)
        .where(Enrolment.group_id == TrainingGroup.id)
        .scalar_subquery()
    )
    sessions = (
        select(func.count())
        .select_from(TrainingSession)
        .where(TrainingSession.group_id == TrainingGroup.id)
        .scalar_subquery()
    )
    stmt = (
        select(TrainingGroup, Programme, enrolled, sessions)
        .join(Programme, Programme.id == TrainingGroup.programme_id)
        .where(TrainingGroup.archived.is_(False), TrainingGroup.finished.is_(finished))
    )
    if branch_id:
        stmt = stmt.where(TrainingGroup.branch_id == branch_id)
    rows = []
    for group, prog, n_enrolled, n_sessions in db.execute(stmt):
        start = format_date(group.start_date) if group.start_date else ""
        rows.append(
            (
                group.start_date or dt.date.min,
                group.id,
                (group.name, programme_title(prog), start, n_enrolled, n_sessions),
            )
        )
    rows.sort(key=lambda r: (r[0], r[1]), reverse=True)
    return [(gid, cells) for _d, gid, cells in rows]


def session_rows(db: Session, group_id: str) -> list[tuple[str, tuple[Any, ...]]]:
    """A group's sessions: date, time, hours, place, lecturer, marks recorded."""
    marked = (
        select(func.count())
        .select_from(Attendance)
        .where(Attendance.session_id == TrainingSession.id)
        .scalar_subquery()
    )
    stmt = (
        select(TrainingSession, Staff.given_name, Staff.family_name, marked)
        .outerjoin(Staff, Staff.id == TrainingSession.lecturer_id)
        .where(TrainingSession.group_id == group_id, TrainingSession.archived.is_(False))
        .order_by(TrainingSession.date, TrainingSession.start_time)
    )
    out = []
    for s, given, family, n_marked in db.execute(stmt):
        place = s.place or L.label(L.PLACES, s.place_kind)
        lecturer = f"{given or ''} {family or ''}".strip()
        time = s.start_time.strftime("%H:%M") if s.start_time else ""
        out.append(
            (
                s.id,
                (
                    format_date(s.date),
                    time,
                    format_hours(s.academic_hours),
                    place,
                    lecturer,
                    n_marked,
                ),
            )
        )
    return out


def sessions_on(
    db: Session, branch_id: str | None, day: dt.date, days: int = 1
) -> list[tuple[str, tuple[Any, ...]]]:
    """Sessions from ``day`` for ``days`` days (this branch), for the Today screen:
    date, time, group or topic, place, marks recorded."""
    marked = (
        select(func.count())
        .select_from(Attendance)
        .where(Attendance.session_id == TrainingSession.id)
        .scalar_subquery()
    )
    stmt = (
        select(TrainingSession, TrainingGroup.name, marked)
        .outerjoin(TrainingGroup, TrainingGroup.id == TrainingSession.group_id)
        .where(
            TrainingSession.date >= day,
            TrainingSession.date < day + dt.timedelta(days=days),
            TrainingSession.archived.is_(False),
        )
        .order_by(TrainingSession.date, TrainingSession.start_time)
    )
    if branch_id:
        stmt = stmt.where(TrainingSession.branch_id == branch_id)
    out = []
    for s, group, n_marked in db.execute(stmt):
        time = s.start_time.strftime("%H:%M") if s.start_time else ""
        place = s.place or L.label(L.PLACES, s.place_kind)
        out.append((s.id, (format_date(s.date), time, group or s.topic or "", place, n_marked)))
    return out


@dataclass(frozen=True)
class TodayCounts:
    consultations: int
    sessions: int
    participants: int
    groups_open: int


def today_counts(db: Session, branch_id: str | None, day: dt.date) -> TodayCounts:
    def count(model: Any, *where: Any) -> int:
        return int(db.execute(select(func.count()).select_from(model).where(*where)).scalar_one())

    branch = [Consultation.branch_id == branch_id] if branch_id else []
    return TodayCounts(
        consultations=count(Consultation, Consultation.date == day, *branch),
        sessions=count(
            TrainingSession,
            TrainingSession.date == day,
            *([TrainingSession.branch_id == branch_id] if branch_id else []),
        ),
        participants=count(Participant, Participant.archived.is_(False)),
        groups_open=count(
            TrainingGroup, TrainingGroup.finished.is_(False), TrainingGroup.archived.is_(False)
        ),
    )


# --- consultations ---------------------------------------------------------------------------


def consultation_ids(db: Session, branch_id: str | None, since: dt.date) -> list[str]:
    """Consultations since ``since`` (of a branch), newest first."""
    stmt = select(Consultation.id).where(Consultation.date >= since)
    if branch_id:
        stmt = stmt.where(Consultation.branch_id == branch_id)
    stmt = stmt.order_by(Consultation.date.desc(), Consultation.id.desc())
    return list(db.execute(stmt).scalars())


def consultation_rows(db: Session, ids: Sequence[str]) -> dict[str, tuple[Any, ...]]:
    """Display rows: date, person (or anonymous: age band), topics, minutes, outcome, helper."""
    found: dict[str, tuple[Any, ...]] = {}
    for part in _chunks(ids):
        stmt = (
            select(
                Consultation,
                Participant.given_name,
                Participant.family_name,
                Staff.given_name,
                Staff.family_name,
                Volunteer.given_name,
            )
            .outerjoin(Participant, Participant.id == Consultation.participant_id)
            .outerjoin(Staff, Staff.id == Consultation.staff_id)
            .outerjoin(Volunteer, Volunteer.id == Consultation.volunteer_id)
            .where(Consultation.id.in_(part))
        )
        for c, pg, pf, sg, sf, vg in db.execute(stmt):
            person = (
                f"{pg} {pf}"
                if pf
                else f"{L.label(L.AGE_BANDS, c.age_band)} · {L.label(L.GENDERS, c.gender)}"
            )
            helper = f"{sg or ''} {sf or ''}".strip() or (vg or "")
            found[c.id] = (
                format_date(c.date),
                person,
                L.labels(L.TOPICS, c.topics.split(",")),
                c.minutes,
                L.label(L.OUTCOMES, c.outcome),
                helper,
            )
    return found


# --- e-scouts --------------------------------------------------------------------------------


def volunteer_rows(db: Session, branch_id: str | None) -> list[tuple[str, tuple[Any, ...]]]:
    """E-scouts with their visit counts and people helped, by name."""
    visits = (
        select(func.count())
        .select_from(EScoutVisit)
        .where(EScoutVisit.volunteer_id == Volunteer.id)
        .scalar_subquery()
    )
    helped = (
        select(func.coalesce(func.sum(EScoutVisit.people_helped), 0))
        .where(EScoutVisit.volunteer_id == Volunteer.id)
        .scalar_subquery()
    )
    stmt = select(Volunteer, visits, helped).where(Volunteer.archived.is_(False))
    if branch_id:
        stmt = stmt.where(Volunteer.branch_id == branch_id)
    rows = sorted(
        db.execute(stmt),
        key=lambda r: (sort_key(r[0].family_name), sort_key(r[0].given_name)),
    )
    return [(v.id, (v.family_name, v.given_name, v.birth_year, n, h)) for v, n, h in rows]


def referrals_waiting(db: Session, branch_id: str | None, since: dt.date) -> int:
    """Consultations since ``since`` that referred the person to an e-scout."""
    where = [Consultation.referred_to_escout.is_(True), Consultation.date >= since]
    if branch_id:
        where.append(Consultation.branch_id == branch_id)
    return int(
        db.execute(select(func.count()).select_from(Consultation).where(and_(*where))).scalar_one()
    )


@dataclass(frozen=True)
class SessionHeader:
    session_id: str
    group_id: str | None
    group_name: str
    date: dt.date
    start_time: dt.time | None
    lecturer_id: str | None


def session_header(db: Session, session_id: str) -> SessionHeader | None:
    """What the attendance sheet shows above the list."""
    row = db.execute(
        select(TrainingSession, TrainingGroup.name)
        .outerjoin(TrainingGroup, TrainingGroup.id == TrainingSession.group_id)
        .where(TrainingSession.id == session_id)
    ).first()
    if row is None:
        return None
    s, name = row
    return SessionHeader(
        s.id, s.group_id, name or s.topic or "", s.date, s.start_time, s.lecturer_id
    )


def people_named(db: Session, ids: Sequence[str]) -> list[tuple[str, str, str]]:
    """(id, given, family) of the participants ``ids``, in the language's order."""
    found = []
    for part in _chunks(ids):
        stmt = select(Participant.id, Participant.given_name, Participant.family_name).where(
            Participant.id.in_(part)
        )
        found.extend(tuple(r) for r in db.execute(stmt))
    return sorted(found, key=lambda r: (sort_key(r[2]), sort_key(r[1]), r[0]))
