"""People recorded twice: the coordinator's list of look-alike records, and the decisions.

Branches never merge people themselves: the same resident who attends in two branches (or was
typed twice) is two participant records until a coordinator confirms they are one person. This
module offers the pairs worth a look — the same folded name, and the same birth year or one of
them unknown — and records the coordinator's answer:

- **same person**: an append-only ``participant_alias`` row points the other record at the record
  whose details are kept (by default the one with more sessions attended). Every record already
  counted as the other's person is pointed there too, so aliases are one hop on this store;
  the reports follow longer chains anyway, which two coordinators working at once can make
  (``reports/facts.py``). Reports then count the records as one resident.
- **not the same person**: a ``participant_distinct`` row (id from the pair), so the pair is
  not offered again, here or on another coordinator's computer.
- **separate** undoes a confirmation: the record's alias rows are deleted (tombstones travel),
  and it counts as its own person again.

Nothing here deletes or changes a participant record; both records keep their history.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import and_, delete, func, or_, select
from sqlalchemy.orm import aliased

from libtrainer.domain import rules
from libtrainer.domain.errors import N_, ValidationError
from libtrainer.domain.ids import fact_id, new_id
from libtrainer.reports.facts import alias_rows
from libtrainer.services import common
from libtrainer.services.results import Changed
from libtrainer.store.models import (
    Attendance,
    Branch,
    Participant,
    ParticipantAlias,
    ParticipantDistinct,
    Staff,
    TrainingSession,
)
from libtrainer.store.uow import UnitOfWork

#: At most this many pairs are listed at once; deciding them brings the next ones up.
PAIR_LIMIT = 200


@dataclass(frozen=True)
class Record:
    """One participant record as the coordinator compares it with another."""

    id: str
    given_name: str
    family_name: str
    birth_year: int | None
    code: str | None
    branch: str
    sessions: int
    first_session: dt.date | None
    last_session: dt.date | None


@dataclass(frozen=True)
class Pair:
    """Two records: a look-alike pair, or a confirmed duplicate (``second`` is the kept one)."""

    first: Record
    second: Record


@dataclass(frozen=True)
class Candidates:
    pairs: list[Pair]
    more: bool  # more pairs wait than were listed


def persons(uow: UnitOfWork) -> dict[str, str]:
    """Aliased record → the record whose details count for its person (the reports' map)."""
    return dict(uow.session.execute(alias_rows("dup")).all())


def candidates(uow: UnitOfWork, *, limit: int = PAIR_LIMIT) -> Candidates:
    """Pairs of records that may be one person and have not been decided yet, by name."""
    p1, p2 = aliased(Participant, name="p1"), aliased(Participant, name="p2")
    rows = uow.session.execute(
        select(p1.id, p2.id)
        .join(p2, and_(p2.name_key == p1.name_key, p2.id > p1.id))
        .where(
            or_(
                p1.birth_year == p2.birth_year,
                p1.birth_year.is_(None),
                p2.birth_year.is_(None),
            )
        )
        .order_by(p1.name_key, p1.id, p2.id)
    )
    person = persons(uow)
    dismissed = set(
        uow.session.execute(
            select(ParticipantDistinct.participant_id, ParticipantDistinct.other_id)
        )
    )
    open_pairs: list[tuple[str, str]] = []
    more = False
    for a, b in rows:
        if person.get(a, a) == person.get(b, b) or (a, b) in dismissed:
            continue
        if len(open_pairs) == max(1, limit):
            more = True
            break
        open_pairs.append((a, b))
    records = _records(uow, {i for pair in open_pairs for i in pair})
    return Candidates([Pair(records[a], records[b]) for a, b in open_pairs], more)


def confirmed(uow: UnitOfWork) -> list[Pair]:
    """Every record counted as another record's person: (the record, the kept record)."""
    person = persons(uow)
    records = _records(uow, set(person) | set(person.values()))
    pairs = [Pair(records[a], records[c]) for a, c in person.items()]
    return sorted(
        pairs,
        key=lambda p: (
            rules.fold(p.second.family_name),
            rules.fold(p.second.given_name),
            p.second.id,
            p.first.id,
        ),
    )


def same_person(
    uow: UnitOfWork,
    first_id: str,
    second_id: str,
    *,
    keep: str | None = None,
    staff_id: str | None = None,
) -> Changed:
    """Confirm that two records are one person. ``keep``: whose details count (one of the
    two; by default the one with more sessions attended, then the earlier one)."""
    _check_pair(uow, first_id, second_id)
    if keep is not None and keep not in (first_id, second_id):
        raise ValidationError(
            "keep", N_("{field_label}: choose one of the two records being compared.")
        )
    person = persons(uow)
    a, b = person.get(first_id, first_id), person.get(second_id, second_id)
    if a == b:
        raise ValidationError(
            "participant", N_("These two records are already counted as one person.")
        )
    kept = person.get(keep, keep) if keep is not None else _preferred(uow, a, b)
    other = b if kept == a else a
    staff = common.require(uow, Staff, staff_id)
    changed = Changed()
    members = [other, *sorted(r for r, c in person.items() if c == other)]
    for member in members:
        row = ParticipantAlias(
            id=new_id(),
            participant_id=member,
            canonical_id=kept,
            confirmed_by=staff,
            confirmed_on=rules.today(),
        )
        uow.session.add(row)
        changed.add("created", "participant_alias", row.id)
    uow.commit()
    return changed


def not_same(
    uow: UnitOfWork, first_id: str, second_id: str, *, staff_id: str | None = None
) -> Changed:
    """Record that two look-alike records are different people (the pair is not offered
    again). Records already counted as one person must be separated first."""
    _check_pair(uow, first_id, second_id)
    person = persons(uow)
    if person.get(first_id, first_id) == person.get(second_id, second_id):
        raise ValidationError(
            "participant",
            N_("These two records are counted as one person. Separate them first."),
        )
    low, high = sorted((first_id, second_id))
    row_id = fact_id("distinct", low, high)
    changed = Changed()
    if uow.session.get(ParticipantDistinct, row_id) is None:
        uow.session.add(
            ParticipantDistinct(
                id=row_id,
                participant_id=low,
                other_id=high,
                decided_by=common.require(uow, Staff, staff_id),
                decided_on=rules.today(),
            )
        )
        changed.add("created", "participant_distinct", row_id)
    uow.commit()
    return changed


def separate(uow: UnitOfWork, participant_id: str) -> Changed:
    """Undo "same person" for one record: it counts as its own person again."""
    common.get(uow, Participant, participant_id)
    ids = list(
        uow.session.execute(
            select(ParticipantAlias.id).where(ParticipantAlias.participant_id == participant_id)
        ).scalars()
    )
    if not ids:
        raise ValidationError(
            "participant", N_("This record is not counted as another record's person.")
        )
    uow.session.execute(delete(ParticipantAlias).where(ParticipantAlias.id.in_(ids)))
    changed = Changed()
    for row_id in ids:
        changed.add("deleted", "participant_alias", row_id)
    uow.commit()
    return changed


# --- helpers -----------------------------------------------------------------------------------


def _check_pair(uow: UnitOfWork, first_id: str, second_id: str) -> None:
    if first_id == second_id:
        raise ValidationError("participant", N_("Choose two different records."))
    common.get(uow, Participant, first_id)
    common.get(uow, Participant, second_id)


def _preferred(uow: UnitOfWork, a: str, b: str) -> str:
    """Of two records, the one with more sessions attended; then the earlier; then by id."""
    records = _records(uow, {a, b})

    def rank(r: Record) -> tuple[int, dt.date, str]:
        return (-r.sessions, r.first_session or dt.date.max, r.id)

    return min(records[a], records[b], key=rank).id


def _records(uow: UnitOfWork, ids: Iterable[str]) -> dict[str, Record]:
    wanted = sorted(set(ids))
    found: dict[str, Record] = {}
    s, p, att = TrainingSession, Participant, Attendance
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
        rows = uow.session.execute(
            select(
                p.id,
                p.given_name,
                p.family_name,
                p.birth_year,
                p.code,
                func.coalesce(Branch.name, ""),
            )
            .outerjoin(Branch, Branch.id == p.branch_id)
            .where(p.id.in_(part))
        )
        for pid, given, family, year, code, branch in rows:
            n, first, last = seen.get(pid, (0, None, None))
            found[pid] = Record(pid, given, family, year, code, branch, n, first, last)
    return found
