"""Sessions entered twice: the coordinator's list of look-alike sessions, and "different".

A lecturer logs a session on a laptop in the community hall and the branch librarian types
it (or imports the register) on the branch PC. Sessions made by hand get random ids
(docs/decisions/0005), so the coordinator's merged store holds two sessions, and the funders'
figures count the session, its academic hours and the participants' hours twice. This module
lists the pairs worth a look and keeps the coordinator's "different sessions";
:mod:`libtrainer.services.twice_merge` merges a pair.

A pair is two sessions at the same branch on the same date whose times overlap — the same
start, or overlapping spans of start + hours × 45 minutes; a session without a start time
overlaps any — and that are of the same group, or of groups of the same programme, or (a
session without a group) of the same programme, or both of none. Who made them does not
matter: one librarian can also type a session twice. What helps to decide is shown: place,
time, hours, group, programme, lecturer, the marks of each, the people marked at both, and the
computer that entered each (the device of the row's ``'*'`` clock).

Functions take a connection, so they serve a unit of work's connection and a read-only one
alike; the caller commits what :func:`mark_different` writes (decision 0402).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import Connection, and_, case, exists, func, literal, or_, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import aliased

from libtrainer.domain.errors import N_, ValidationError
from libtrainer.reports.facts import alias_rows
from libtrainer.services import common
from libtrainer.services.programmes import title_of
from libtrainer.store.hlc import unpack
from libtrainer.store.models import (
    Attendance,
    Branch,
    Clock,
    Device,
    Programme,
    SessionDecision,
    Staff,
    TrainingGroup,
    TrainingSession,
)

DIFFERENT, MERGED = "different", "merged"

#: At most this many pairs are listed at once; deciding them brings the next ones up.
PAIR_LIMIT = 200

#: An academic hour, in minutes.
ACADEMIC_MINUTES = 45

_TABLE = TrainingSession.__tablename__


@dataclass(frozen=True)
class SessionSide:
    """One session of a pair, as the coordinator compares it with the other."""

    id: str
    branch: str
    date: dt.date
    start_time: dt.time | None
    academic_hours: float
    group: str  # the group's name, "" for a session without a group
    programme: str  # the programme's title in the current language, "" when none
    lecturer: str  # "given family", "" when none
    topic: str
    marks: int  # marks recorded at it
    present: int  # of them "present"
    device: str  # the name of the computer that entered it, or the start of its id
    entered: dt.datetime | None  # when it was entered (UTC), from its clock


@dataclass(frozen=True)
class TwicePair:
    """Two sessions that may be one; ``shared``: people (duplicates counted once) marked at
    both. ``suggested`` is the session to keep by default: more marks present, then more
    marks, then the one entered first."""

    first: SessionSide
    second: SessionSide
    shared: int

    @property
    def key(self) -> str:
        return f"{self.first.id}|{self.second.id}"

    @property
    def suggested(self) -> SessionSide:
        return min((self.first, self.second), key=_keep_rank)


@dataclass(frozen=True)
class TwiceList:
    pairs: list[TwicePair]
    more: bool  # more pairs wait than were listed


def _keep_rank(s: SessionSide) -> tuple[int, int, dt.datetime, str]:
    entered = s.entered or dt.datetime.max.replace(tzinfo=dt.UTC)
    return (-s.present, -s.marks, entered, s.id)


def find(conn: Connection, *, limit: int = PAIR_LIMIT) -> TwiceList:
    """Pairs of sessions that may be one session entered twice, not decided yet; the newest
    dates first. The same branch and date and a matching group or programme are asked of
    the database; the times are compared here. Reading stops after ``limit`` pairs."""
    s1, s2 = aliased(TrainingSession, name="s1"), aliased(TrainingSession, name="s2")
    g1, g2 = aliased(TrainingGroup, name="g1"), aliased(TrainingGroup, name="g2")
    p1 = func.coalesce(g1.programme_id, s1.programme_id)
    p2 = func.coalesce(g2.programme_id, s2.programme_id)
    d = SessionDecision
    decided = exists().where(d.session_id == s1.id, d.other_id == s2.id)
    stmt = (
        select(s1.id, s1.start_time, s1.academic_hours, s2.id, s2.start_time, s2.academic_hours)
        .join(s2, and_(s2.branch_id == s1.branch_id, s2.date == s1.date, s2.id > s1.id))
        .outerjoin(g1, g1.id == s1.group_id)
        .outerjoin(g2, g2.id == s2.group_id)
        .where(
            or_(s1.group_id == s2.group_id, p1 == p2, and_(p1.is_(None), p2.is_(None))),
            ~decided,
        )
        .order_by(s1.date.desc(), s1.branch_id, s1.start_time, s1.id, s2.id)
    )
    found: list[tuple[str, str]] = []
    more = False
    rows = conn.execute(stmt)  # a stream: a region's same-day sessions of one programme
    try:
        for a, start_a, hours_a, b, start_b, hours_b in rows:
            if not overlap(start_a, hours_a, start_b, hours_b):
                continue
            if len(found) == max(1, limit):
                more = True
                break
            found.append((a, b))
    finally:
        rows.close()
    sides = _sides(conn, {i for pair in found for i in pair})
    shared = _shared(conn, found)
    return TwiceList([TwicePair(sides[a], sides[b], shared.get((a, b), 0)) for a, b in found], more)


def overlap(
    start_a: dt.time | None, hours_a: float, start_b: dt.time | None, hours_b: float
) -> bool:
    """Whether two sessions of one day overlap in time: the same start, or overlapping spans
    of start + hours × 45 minutes; a session without a start time overlaps any."""
    if start_a is None or start_b is None or start_a == start_b:
        return True
    a, b = _minutes(start_a), _minutes(start_b)
    return a < b + hours_b * ACADEMIC_MINUTES and b < a + hours_a * ACADEMIC_MINUTES


def _minutes(t: dt.time) -> float:
    return t.hour * 60 + t.minute + t.second / 60


def mark_different(conn: Connection, first_id: str, second_id: str) -> bool:
    """Note that two sessions are different sessions: the pair is not listed again. True when
    the note is new. Both must exist. Does not commit."""
    if first_id == second_id:
        raise ValidationError("session", N_("Choose two different sessions."))
    present = set(
        conn.execute(
            select(TrainingSession.id).where(TrainingSession.id.in_([first_id, second_id]))
        ).scalars()
    )
    for session_id in (first_id, second_id):
        if session_id not in present:
            raise common.not_found(_TABLE, session_id)
    low, high = sorted((first_id, second_id))
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    result = conn.execute(
        dialect.insert(SessionDecision)
        .values(session_id=low, other_id=high, decision=DIFFERENT, decided_wall=_now())
        .on_conflict_do_nothing()
    )
    return bool(result.rowcount)


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


# --- what is shown -------------------------------------------------------------------------------


def _sides(conn: Connection, ids: Iterable[str]) -> dict[str, SessionSide]:
    wanted = sorted(set(ids))
    found: dict[str, SessionSide] = {}
    for start in range(0, len(wanted), 500):
        part = wanted[start : start + 500]
        found.update(_side_rows(conn, part))
    return found


def _side_rows(conn: Connection, part: list[str]) -> dict[str, SessionSide]:
    s, g = TrainingSession, TrainingGroup
    marks = (
        select(
            Attendance.session_id.label("sid"),
            func.count().label("n"),
            func.sum(case((Attendance.mark == "present", 1), else_=0)).label("present"),
        )
        .where(Attendance.session_id.in_(part))
        .group_by(Attendance.session_id)
        .subquery("marks")
    )
    star = (
        select(Clock.row_id, Clock.device, Clock.hlc)
        .where(Clock.tbl == _TABLE, Clock.field == "*", Clock.row_id.in_(part))
        .subquery("star")
    )
    programme_id = func.coalesce(g.programme_id, s.programme_id)
    rows = conn.execute(
        select(
            s.id,
            s.date,
            s.start_time,
            s.academic_hours,
            func.coalesce(s.topic, ""),
            func.coalesce(Branch.name, ""),
            func.coalesce(g.name, ""),
            programme_id,
            func.coalesce(Staff.given_name + literal(" ") + Staff.family_name, ""),
            func.coalesce(marks.c.n, 0),
            func.coalesce(marks.c.present, 0),
            star.c.device,
            star.c.hlc,
            Device.name,
        )
        .outerjoin(Branch, Branch.id == s.branch_id)
        .outerjoin(g, g.id == s.group_id)
        .outerjoin(Staff, Staff.id == s.lecturer_id)
        .outerjoin(marks, marks.c.sid == s.id)
        .outerjoin(star, star.c.row_id == s.id)
        .outerjoin(Device, Device.id == star.c.device)
        .where(s.id.in_(part))
    ).all()
    titles = _titles(conn, {r[7] for r in rows if r[7]})
    found: dict[str, SessionSide] = {}
    for row in rows:
        device, hlc, device_name = row[11], row[12], row[13]
        entered = (
            dt.datetime.fromtimestamp(unpack(int(hlc))[0] / 1000, dt.UTC)
            if hlc is not None
            else None
        )
        found[row[0]] = SessionSide(
            id=row[0],
            branch=row[5],
            date=row[1],
            start_time=row[2],
            academic_hours=float(row[3]),
            group=row[6],
            programme=titles.get(row[7] or "", ""),
            lecturer=row[8],
            topic=row[4],
            marks=int(row[9]),
            present=int(row[10]),
            device=device_name or (str(device)[:8] if device else ""),
            entered=entered,
        )
    return found


def _titles(conn: Connection, ids: set[str]) -> dict[str, str]:
    rows = conn.execute(select(Programme).where(Programme.id.in_(sorted(ids)))).all()
    return {row.id: title_of(row) for row in rows}  # type: ignore[arg-type]


def _shared(conn: Connection, pairs: list[tuple[str, str]]) -> dict[tuple[str, str], int]:
    """For each pair, how many people are marked at both (records confirmed as one person
    count once)."""
    if not pairs:
        return {}
    ids = sorted({i for pair in pairs for i in pair})
    people: dict[str, set[str]] = {}
    for start in range(0, len(ids), 500):
        part = ids[start : start + 500]
        for sid, pid in conn.execute(
            select(Attendance.session_id, Attendance.participant_id).where(
                Attendance.session_id.in_(part)
            )
        ):
            people.setdefault(sid, set()).add(pid)
    marked = {p for group in people.values() for p in group}
    person = dict(conn.execute(alias_rows("twice")).all()) if marked else {}

    def persons(session_id: str) -> set[str]:
        return {person.get(p, p) for p in people.get(session_id, set())}

    return {(a, b): len(persons(a) & persons(b)) for a, b in pairs}
