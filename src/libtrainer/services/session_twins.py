"""Sessions entered twice: the coordinator's list of look-alike sessions, and the decisions.

A lecturer logs a session on her laptop in a community hall and the branch librarian types it
in again from the paper sign-in sheet: two session rows for one event, which the reports
would count twice (sessions, hours, each person's attendance). A coordinator decides, like
for people recorded twice (``duplicates``):

- **same session**: the pair's ``session_twin`` row says ``same``; reports count the sessions
  linked by such pairs as one (``reports/twins.py``).
- **not the same**: ``different``; the pair is not offered again.
- **separate**: a "same" undone (``separate``): counted apart again, and offered again.

One synced row per unordered pair (id from the pair), whose ``decision`` field is merged
last-writer-wins: two coordinators deciding one pair, in either order or at once, end with
the same decision everywhere. Nothing here deletes or copies a session or a mark.

Offered: two sessions at one branch on one day, from two computers or two groups, whose times
overlap (a session without a start time may overlap anything) and whose programmes agree when
both have one, and with evidence that they are one event: the same group, or someone marked
present at both — one record, records confirmed one person, or look-alike records (the same
folded name, birth years not disagreeing, not decided "not the same"): the laptop's copy of a
group has its own records of the same people (decision 0402, update). Ranked by the people
marked at both. A pair whose times do not overlap, or on two days or at two branches, is
refused; a pair without such evidence can still be decided by its ids
(``duplicates sessions --same``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Row, Select, func, select, tuple_

from libtrainer.domain import rules
from libtrainer.domain.enums import TwinDecision
from libtrainer.domain.errors import N_, ValidationError
from libtrainer.domain.ids import fact_id
from libtrainer.reports.labels import programme_title
from libtrainer.services import common
from libtrainer.services.duplicates import persons
from libtrainer.services.results import Changed
from libtrainer.store.models import (
    Attendance,
    Branch,
    Clock,
    Device,
    Participant,
    ParticipantDistinct,
    Programme,
    SessionTwin,
    Staff,
    TrainingGroup,
    TrainingSession,
)
from libtrainer.store.uow import UnitOfWork

#: A row of :func:`_facts`: a session with what decides whether two may be one.
_Fact = Row[Any]
#: At most this many pairs are listed at once; deciding them brings the next ones up.
PAIR_LIMIT = 200
#: An academic hour, in minutes.
ACADEMIC_MINUTES = 45


@dataclass(frozen=True)
class Session:
    """One session as the coordinator compares it with another."""

    id: str
    date: dt.date
    start: dt.time | None
    hours: float
    branch: str
    group: str  # the group's name ("" for a one-off session)
    programme: str  # the session's programme, else its group's ("" when none)
    topic: str
    device: str  # the computer it was entered on ("" when not known)
    present: int  # people marked present

    @property
    def end(self) -> dt.time | None:
        return _end(self.start, self.hours)


@dataclass(frozen=True)
class SessionPair:
    """Two sessions that may be one (or were decided the same); ``shared``: people marked
    present at both (records of one person, and look-alike records, count as one: see
    :class:`_Marks`)."""

    first: Session
    second: Session
    shared: int


@dataclass(frozen=True)
class Candidates:
    pairs: list[SessionPair]
    more: bool  # more pairs wait than were listed


def pair_id(first: str, second: str) -> str:
    """The id of the decision row about two sessions (the same for either order)."""
    low, high = sorted((first, second))
    return fact_id("same-session", low, high)


def candidates(uow: UnitOfWork, *, limit: int = PAIR_LIMIT) -> Candidates:
    """Pairs of sessions that may be one and are not decided yet, most shared people first.
    Two sessions of different groups (or without a group) need someone marked at both."""
    s = TrainingSession
    crowded = select(s.branch_id, s.date).group_by(s.branch_id, s.date).having(func.count() > 1)
    rows = uow.session.execute(
        _facts().where(tuple_(s.branch_id, s.date).in_(crowded)).order_by(s.branch_id, s.date)
    ).all()
    decided = _decisions(uow)
    one = _counted(uow, decided)
    devices = _devices(uow, [r.id for r in rows])
    found: list[tuple[_Fact, _Fact]] = []
    for day in _by_day(rows):
        for i, a in enumerate(day):
            for b in day[i + 1 :]:
                key = (a.id, b.id) if a.id < b.id else (b.id, a.id)
                if decided.get(key) in (TwinDecision.SAME, TwinDecision.DIFFERENT):
                    continue
                if one.get(a.id, a.id) == one.get(b.id, b.id):
                    continue
                if _may_be_one(a, b, devices):
                    found.append((a, b) if a.id < b.id else (b, a))
    marks = _Marks.read(uow, {r.id for pair in found for r in pair})
    ranked = sorted(
        (
            (marks.at_both(a.id, b.id), a.id, b.id)
            for a, b in found
            if _same_group(a, b) or marks.at_both(a.id, b.id)
        ),
        key=lambda t: (-t[0], t[1], t[2]),
    )
    more = len(ranked) > limit
    ranked = ranked[: max(1, limit)]
    shown = _sessions(uow, {i for _n, a, b in ranked for i in (a, b)}, marks, devices)
    return Candidates([SessionPair(shown[a], shown[b], n) for n, a, b in ranked], more)


def counted_as_one(uow: UnitOfWork) -> list[SessionPair]:
    """Every pair decided "same" whose sessions both exist, newest day first."""
    t = SessionTwin
    pairs = [
        (a, b)
        for a, b in uow.session.execute(
            select(t.session_id, t.other_id).where(t.decision == TwinDecision.SAME.value)
        ).all()
    ]
    ids = {i for pair in pairs for i in pair}
    marks = _Marks.read(uow, ids)
    shown = _sessions(uow, ids, marks, _devices(uow, ids))
    out = [
        SessionPair(shown[a], shown[b], marks.at_both(a, b))
        for a, b in pairs
        if a in shown and b in shown
    ]
    return sorted(out, key=lambda p: (-p.first.date.toordinal(), p.first.branch, p.first.id))


def same_session(
    uow: UnitOfWork, first_id: str, second_id: str, *, staff_id: str | None = None
) -> Changed:
    """Decide that two sessions are one typed twice: reports count them once."""
    a, b = _pair(uow, first_id, second_id)
    _check_may_be_one(a, b)
    one = _counted(uow, _decisions(uow))
    if one.get(a.id, a.id) == one.get(b.id, b.id):
        raise ValidationError("session", N_("These two sessions are already counted as one."))
    return _decide(uow, a.id, b.id, TwinDecision.SAME, staff_id)


def not_same(
    uow: UnitOfWork, first_id: str, second_id: str, *, staff_id: str | None = None
) -> Changed:
    """Decide that two look-alike sessions are two (the pair is not offered again)."""
    a, b = _pair(uow, first_id, second_id)
    one = _counted(uow, _decisions(uow))
    if one.get(a.id, a.id) == one.get(b.id, b.id):
        raise ValidationError(
            "session", N_("These two sessions are counted as one. Separate them first.")
        )
    return _decide(uow, a.id, b.id, TwinDecision.DIFFERENT, staff_id)


def separate(
    uow: UnitOfWork, first_id: str, second_id: str, *, staff_id: str | None = None
) -> Changed:
    """Undo "same session" for a pair: counted as two sessions again (and offered again)."""
    a, b = _pair(uow, first_id, second_id)
    decided = _decisions(uow)
    key = (a.id, b.id) if a.id < b.id else (b.id, a.id)
    if decided.get(key) != TwinDecision.SAME:
        one = _counted(uow, decided)
        if one.get(a.id, a.id) == one.get(b.id, b.id):
            raise ValidationError(
                "session",
                N_(
                    "These two sessions are counted as one through another session: separate "
                    "the pairs listed as one session."
                ),
            )
        raise ValidationError("session", N_("These two sessions are not counted as one."))
    return _decide(uow, a.id, b.id, TwinDecision.SEPARATE, staff_id)


# --- checks ------------------------------------------------------------------------------------


def _pair(uow: UnitOfWork, first_id: str, second_id: str) -> tuple[_Fact, _Fact]:
    if first_id == second_id:
        raise ValidationError("session", N_("Choose two different sessions."))
    common.get(uow, TrainingSession, first_id)
    common.get(uow, TrainingSession, second_id)
    found = {
        r.id: r
        for r in uow.session.execute(
            _facts().where(TrainingSession.id.in_([first_id, second_id]))
        ).all()
    }
    return found[first_id], found[second_id]


def _check_may_be_one(a: _Fact, b: _Fact) -> None:
    if a.branch_id != b.branch_id:
        raise ValidationError(
            "session",
            N_("The two sessions were held at different branches: they cannot be one session."),
        )
    if a.date != b.date:
        raise ValidationError(
            "session",
            N_("The two sessions were held on different days: they cannot be one session."),
        )
    if not _overlap(a, b):
        raise ValidationError(
            "session",
            N_(
                "The two sessions do not overlap in time ({first} and {second}): they cannot "
                "be one session."
            ),
            first=_span(a.start_time, a.academic_hours),
            second=_span(b.start_time, b.academic_hours),
        )


def _may_be_one(a: _Fact, b: _Fact, devices: dict[str, str]) -> bool:
    """Worth offering: two computers or two groups, overlapping times, programmes agreeing."""
    other_source = devices.get(a.id) != devices.get(b.id) or a.group_id != b.group_id
    programmes = a.programme is None or b.programme is None or a.programme == b.programme
    return other_source and programmes and _overlap(a, b)


def _same_group(a: _Fact, b: _Fact) -> bool:
    """Both sessions belong to one group (evidence on its own: two computers held it)."""
    return a.group_id is not None and a.group_id == b.group_id


def _overlap(a: _Fact, b: _Fact) -> bool:
    """Whether two sessions of one day overlap in time (unknown start: they may)."""
    if a.start_time is None or b.start_time is None:
        return True
    start_a, start_b = _minutes(a.start_time), _minutes(b.start_time)
    end_a = start_a + float(a.academic_hours) * ACADEMIC_MINUTES
    end_b = start_b + float(b.academic_hours) * ACADEMIC_MINUTES
    return start_a < end_b and start_b < end_a


def _minutes(t: dt.time) -> int:
    return t.hour * 60 + t.minute


def _end(start: dt.time | None, hours: float) -> dt.time | None:
    if start is None:
        return None
    total = min(_minutes(start) + round(float(hours) * ACADEMIC_MINUTES), 24 * 60 - 1)
    return dt.time(total // 60, total % 60)


def _span(start: dt.time | None, hours: float) -> str:
    end = _end(start, hours)
    if start is None or end is None:
        return "—"
    return f"{start:%H:%M}–{end:%H:%M}"


# --- reading -----------------------------------------------------------------------------------


def _facts() -> Select[*tuple[Any, ...]]:
    """Sessions with what decides whether two may be one."""
    s, g = TrainingSession, TrainingGroup
    return (
        select(
            s.id,
            s.branch_id,
            s.date,
            s.start_time,
            s.academic_hours,
            s.group_id,
            func.coalesce(s.programme_id, g.programme_id).label("programme"),
        )
        .select_from(s)
        .outerjoin(g, g.id == s.group_id)
    )


def _by_day(rows: Sequence[_Fact]) -> Iterable[list[_Fact]]:
    day: list[_Fact] = []
    for row in rows:
        if day and (day[0].branch_id, day[0].date) != (row.branch_id, row.date):
            yield day
            day = []
        day.append(row)
    if day:
        yield day


def _decisions(uow: UnitOfWork) -> dict[tuple[str, str], TwinDecision]:
    t = SessionTwin
    return {
        (a, b): TwinDecision(d)
        for a, b, d in uow.session.execute(select(t.session_id, t.other_id, t.decision)).all()
        if d in set(TwinDecision)
    }


def _counted(uow: UnitOfWork, decided: dict[tuple[str, str], TwinDecision]) -> dict[str, str]:
    """:func:`_components` of the "same" pairs the reports count (``reports/twins.same_edges``):
    both sessions there, still on one date at one branch. A pair one of whose sessions moved
    since links nothing, so its other session can be decided with a third one again."""
    same = [key for key, d in decided.items() if d == TwinDecision.SAME]
    ids = sorted({i for pair in same for i in pair})
    where: dict[str, tuple[Any, Any]] = {}
    s = TrainingSession
    for part in common.chunks(ids):
        where.update(
            (sid, (day, branch))
            for sid, day, branch in uow.session.execute(
                select(s.id, s.date, s.branch_id).where(s.id.in_(part))
            ).all()
        )
    return _components(
        {
            (a, b): TwinDecision.SAME
            for a, b in same
            if a in where and b in where and where[a] == where[b]
        }
    )


def _components(decided: dict[tuple[str, str], TwinDecision]) -> dict[str, str]:
    """Session → the smallest session linked to it by "same" pairs (linked sessions only)."""
    parent: dict[str, str] = {}

    def root(x: str) -> str:
        while parent.get(x, x) != x:
            x = parent[x]
        return x

    for (a, b), decision in decided.items():
        if decision == TwinDecision.SAME:
            ra, rb = root(a), root(b)
            parent.setdefault(ra, ra)
            parent.setdefault(rb, rb)
            parent[max(ra, rb)] = min(ra, rb)
    return {x: root(x) for x in parent}


def _devices(uow: UnitOfWork, ids: Iterable[str]) -> dict[str, str]:
    """Session → the device that entered it (its insert clock)."""
    found: dict[str, str] = {}
    for part in common.chunks(sorted(set(ids))):
        found.update(
            uow.session.execute(
                select(Clock.row_id, Clock.device).where(
                    Clock.tbl == TrainingSession.__tablename__,
                    Clock.field == "*",
                    Clock.row_id.in_(part),
                )
            ).all()
        )
    return found


class _Marks:
    """The people marked present at some sessions, to tell who was at both of two.

    A record counts as its person (confirmed duplicates, ``duplicates.persons``). A person of
    one session is also at the other when a record there has the same folded name and a birth
    year that does not disagree (one unknown, or equal), unless the coordinator decided the
    two "not the same": a session typed on a laptop and again on the branch PC usually has
    each person recorded on each computer, not yet confirmed one."""

    def __init__(
        self,
        people: dict[str, dict[str, tuple[str, int | None]]],
        dismissed: set[tuple[str, str]],
    ) -> None:
        self.people = people  # session -> person -> (folded name, birth year)
        self.dismissed = dismissed  # person pairs decided "not the same" (smaller id first)

    @classmethod
    def read(cls, uow: UnitOfWork, ids: Iterable[str]) -> _Marks:
        person = persons(uow)
        people: dict[str, dict[str, tuple[str, int | None]]] = {}
        a, p = Attendance, Participant
        for part in common.chunks(sorted(set(ids))):
            for sid, pid, name_key, year in uow.session.execute(
                select(a.session_id, a.participant_id, p.name_key, p.birth_year)
                .join(p, p.id == a.participant_id)
                .where(a.session_id.in_(part), a.mark == "present")
            ):
                people.setdefault(sid, {})[person.get(pid, pid)] = (name_key, year)
        dismissed = set()
        for x, y in uow.session.execute(
            select(ParticipantDistinct.participant_id, ParticipantDistinct.other_id)
        ).all():
            px, py = person.get(x, x), person.get(y, y)
            dismissed.add((px, py) if px < py else (py, px))
        return cls(people, dismissed)

    def present(self, session: str) -> int:
        return len(self.people.get(session, {}))

    def at_both(self, first: str, second: str) -> int:
        """People of ``first`` also marked present at ``second`` (see the class)."""
        here, there = self.people.get(first, {}), self.people.get(second, {})
        by_name: dict[str, list[tuple[str, int | None]]] = {}
        for pid, (name_key, year) in there.items():
            by_name.setdefault(name_key, []).append((pid, year))
        return sum(
            1
            for pid, (name_key, year) in here.items()
            if pid in there
            or any(self._alike(pid, year, other, y) for other, y in by_name.get(name_key, []))
        )

    def _alike(self, pid: str, year: int | None, other: str, other_year: int | None) -> bool:
        pair = (pid, other) if pid < other else (other, pid)
        years_agree = year is None or other_year is None or year == other_year
        return years_agree and pair not in self.dismissed


def _sessions(
    uow: UnitOfWork, ids: Iterable[str], marks: _Marks, devices: dict[str, str]
) -> dict[str, Session]:
    s, g, p, br = TrainingSession, TrainingGroup, Programme, Branch
    names = dict(uow.session.execute(select(Device.id, Device.name)).all())
    found: dict[str, Session] = {}
    for part in common.chunks(sorted(set(ids))):
        rows = uow.session.execute(
            select(s, g.name, p, br.name)
            .select_from(s)
            .outerjoin(g, g.id == s.group_id)
            .outerjoin(p, p.id == func.coalesce(s.programme_id, g.programme_id))
            .outerjoin(br, br.id == s.branch_id)
            .where(s.id.in_(part))
        ).all()
        for row, group, programme, branch in rows:
            device = devices.get(row.id, "")
            found[row.id] = Session(
                row.id,
                row.date,
                row.start_time,
                float(row.academic_hours),
                branch or "",
                group or "",
                programme_title(programme) if programme is not None else "",
                row.topic or "",
                names.get(device, device),
                marks.present(row.id),
            )
    return found


def _decide(
    uow: UnitOfWork, first: str, second: str, decision: TwinDecision, staff_id: str | None
) -> Changed:
    """Write the pair's decision (the row is made on first use; never deleted)."""
    staff = common.require(uow, Staff, staff_id)
    low, high = sorted((first, second))
    row_id = pair_id(low, high)
    row = uow.session.get(SessionTwin, row_id)
    changed = Changed()
    values = {"decision": decision.value, "decided_by": staff, "decided_on": rules.today()}
    if row is None:
        uow.session.add(SessionTwin(id=row_id, session_id=low, other_id=high, **values))
        changed.add("created", SessionTwin.__tablename__, row_id)
    else:
        common.edited(uow, row, values, changed)
    uow.commit()
    return changed
