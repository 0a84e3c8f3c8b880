"""The records a coordinator compares on the Duplicates screen, and finding any record by name.

A :class:`Record` carries what the coordinator needs to tell two records apart and to choose
whose details count: name, birth year, code, branch, sessions attended (first and last) and
the ESF+ facts the reports count (gender, labour-market status, education, the yes/no
characteristics, target groups). For a confirmed group (one side of a pair) the facts are the
person's as the reports count them (``reports/personfacts``: the kept record's, each unknown
one from another record of the group) and ``taken`` names those that came from another record.
A record found by :func:`find` also says whether it is already counted as another record's
person (``counted_as``) or has other records counted as it (``others``): joining it joins its
whole person (decision 0401, thirteenth session).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from sqlalchemy import and_, func, or_, select

from libtrainer.domain import rules
from libtrainer.reports.facts import alias_rows
from libtrainer.reports.personfacts import FACTS, FLAGS, is_known, merged
from libtrainer.store import recoded
from libtrainer.store.models import Attendance, Branch, Participant, ParticipantTag, TrainingSession
from libtrainer.store.uow import UnitOfWork

#: At most this many records are found by one search.
FIND_LIMIT = 100


@dataclass(frozen=True)
class Record:
    """One participant record (or a confirmed group, by its kept record) as the coordinator
    compares it with another."""

    id: str
    given_name: str
    family_name: str
    birth_year: int | None
    code: str | None
    branch: str
    sessions: int
    first_session: dt.date | None
    last_session: dt.date | None
    gender: str = "unspecified"
    labour_status: str = "unknown"
    isced: str = "unknown"
    #: (fact, value) of the yes/no characteristics (``personfacts.FLAGS``), in that order.
    flags: tuple[tuple[str, bool | None], ...] = ()
    tags: tuple[str, ...] = ()
    #: The facts that came from another record of the group, not the kept record itself.
    taken: frozenset[str] = field(default_factory=frozenset)
    #: (:func:`find` only) the kept record this record is counted as, and its "given family"
    #: name; None / "" when it counts as itself.
    counted_as_id: str | None = None
    counted_as: str = ""
    #: (:func:`find` only) how many other records are counted as this one.
    others: int = 0

    @property
    def person(self) -> str:
        """The record whose person this record counts as (itself, unless joined)."""
        return self.counted_as_id or self.id

    def fact(self, name: str) -> object:
        """The value of one ESF+ fact (``personfacts.FACTS``)."""
        if name in FLAGS:
            return dict(self.flags).get(name)
        return getattr(self, name)

    @property
    def known_facts(self) -> int:
        """How many ESF+ facts (and the code) this record knows."""
        return sum(is_known(f, self.fact(f)) for f in FACTS) + (1 if self.code else 0)

    def differs(self, other: Record) -> list[str]:
        """The facts (``personfacts.FACTS``, then ``code``) both records know, with different
        values. (Target groups never conflict: every record's count.)"""
        out = [
            f
            for f in FACTS
            if is_known(f, self.fact(f))
            and is_known(f, other.fact(f))
            and self.fact(f) != other.fact(f)
        ]
        if self.code and other.code and self.code != other.code:
            out.append("code")
        return out


def default_keep(first: Record, second: Record) -> str:
    """The record whose details count unless the coordinator chooses: the one that knows more
    ESF+ facts, then the one with more sessions attended, then the earlier one, then by id."""

    def rank(r: Record) -> tuple[int, int, dt.date, str]:
        return (-r.known_facts, -r.sessions, r.first_session or dt.date.max, r.id)

    return min((first, second), key=rank).id


def find(uow: UnitOfWork, text: str, *, limit: int = FIND_LIMIT) -> list[Record]:
    """Records whose name contains every word of ``text`` (diacritics and case ignored), or
    whose code is ``text``, for joining two records the pairs did not offer; sorted by name,
    at most ``limit``. Records given up when a code was changed here are not found."""
    words = rules.fold(text).split()
    if not words:
        return []
    p = Participant
    by_name = and_(*(p.name_key.contains(w, autoescape=True) for w in words))
    ids = list(
        uow.session.execute(
            select(p.id)
            .where(or_(by_name, p.code == text.strip()), recoded.hidden(p.id))
            .order_by(p.name_key, p.id)
            .limit(max(1, int(limit)))
        ).scalars()
    )
    found = _with_persons(uow, read(uow, ids))
    return sorted(
        (found[i] for i in ids),
        key=lambda r: (rules.fold(r.family_name), rules.fold(r.given_name), r.id),
    )


def _with_persons(uow: UnitOfWork, found: dict[str, Record]) -> dict[str, Record]:
    """``found`` with whom each record is counted as, and how many are counted as it."""
    person: dict[str, str] = {
        a: b for a, b in uow.session.execute(alias_rows("dup")).all() if a != b
    }
    kept = sorted({person[i] for i in found if i in person})
    names: dict[str, str] = {}
    for start in range(0, len(kept), 500):
        names.update(
            (pid, f"{given} {family}")
            for pid, given, family in uow.session.execute(
                select(Participant.id, Participant.given_name, Participant.family_name).where(
                    Participant.id.in_(kept[start : start + 500])
                )
            )
        )
    others = Counter(person.values())
    return {
        i: replace(
            r,
            counted_as_id=person.get(i),
            counted_as=names.get(person.get(i, ""), ""),
            others=others.get(i, 0),
        )
        for i, r in found.items()
    }


def as_persons(uow: UnitOfWork, kept: set[str], groups: dict[str, set[str]]) -> dict[str, Record]:
    """Each kept record's details, with the sessions and tags of its whole group and each
    unknown fact from another record of the group (the reports' rule, ``personfacts``)."""
    records = read(uow, {m for k in kept for m in groups.get(k, {k})})
    found: dict[str, Record] = {}
    for k in kept:
        own = records[k]
        group = [records[m] for m in sorted(groups.get(k, {k})) if m in records]
        others = [r for r in group if r.id != k]
        firsts = [r.first_session for r in group if r.first_session]
        lasts = [r.last_session for r in group if r.last_session]
        facts, taken = merged(
            {f: own.fact(f) for f in FACTS}, [{f: r.fact(f) for f in FACTS} for r in others]
        )
        found[k] = _record(
            own,
            facts,
            sessions=sum(r.sessions for r in group),
            first=min(firsts) if firsts else None,
            last=max(lasts) if lasts else None,
            tags=sorted({t for r in group for t in r.tags}),
            taken=frozenset(taken),
        )
    return found


def _record(
    own: Record,
    facts: dict[str, object],
    *,
    sessions: int,
    first: dt.date | None,
    last: dt.date | None,
    tags: list[str],
    taken: frozenset[str],
) -> Record:
    year = facts["birth_year"]
    return Record(
        own.id,
        own.given_name,
        own.family_name,
        year if isinstance(year, int) else None,
        own.code,
        own.branch,
        sessions,
        first,
        last,
        str(facts["gender"] or "unspecified"),
        str(facts["labour_status"] or "unknown"),
        str(facts["isced"] or "unknown"),
        tuple((f, _flag(facts[f])) for f in FLAGS),
        tuple(tags),
        taken,
    )


def _flag(value: object) -> bool | None:
    return None if value is None else bool(value)


def read(uow: UnitOfWork, ids: Iterable[str]) -> dict[str, Record]:
    """The records ``ids`` by id, each with its own facts."""
    wanted = sorted(set(ids))
    found: dict[str, Record] = {}
    s, p, att, t = TrainingSession, Participant, Attendance, ParticipantTag
    for start in range(0, len(wanted), 500):
        part = wanted[start : start + 500]
        seen = {
            pid: (n, first, last)
            for pid, n, first, last in uow.session.execute(
                select(att.participant_id, func.count(), func.min(s.date), func.max(s.date))
                .join(s, s.id == att.session_id)
                .where(att.participant_id.in_(part), att.mark == "present")
                .group_by(att.participant_id)
            )
        }
        tags: dict[str, set[str]] = {}
        for pid, tag in uow.session.execute(
            select(t.participant_id, t.tag).where(t.participant_id.in_(part))
        ):
            tags.setdefault(pid, set()).add(tag)
        columns = [p.__table__.c[f] for f in FACTS]
        rows = uow.session.execute(
            select(
                p.id,
                p.given_name,
                p.family_name,
                p.code,
                func.coalesce(Branch.name, ""),
                *columns,
            )
            .outerjoin(Branch, Branch.id == p.branch_id)
            .where(p.id.in_(part))
        )
        for pid, given, family, code, branch, *values in rows:
            n, first, last = seen.get(pid, (0, None, None))
            own = Record(pid, given, family, None, code, branch, n, first, last)
            found[pid] = _record(
                own,
                dict(zip(FACTS, values, strict=True)),
                sessions=n,
                first=first,
                last=last,
                tags=sorted(tags.get(pid, set())),
                taken=frozenset(),
            )
    return found
