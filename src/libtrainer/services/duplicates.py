"""People recorded twice: the coordinator's list of look-alike records, and the decisions.

Branches never merge people themselves: the same resident who attends in two branches (or was
typed twice) is two participant records until a coordinator confirms they are one person. This
module offers the pairs worth a look — the same folded name, and the same birth year or one of
them unknown — and records the coordinator's answer:

- **same person**: an append-only ``participant_alias`` row points the other record at the record
  whose details are kept (by default the one that knows more ESF+ facts, then the one with more
  sessions attended); a fact the kept record leaves unrecorded is still counted from the other
  (``reports/personfacts``). Every record already
  counted as the other's person is pointed there too, so aliases are one hop on this store;
  the reports follow longer chains anyway, which two coordinators working at once can make
  (``reports/facts.py``). Reports then count the records as one resident.
- **not the same person**: a ``participant_distinct`` row (id from the pair), so the pair is
  not offered again, here or on another coordinator's computer.
- **separate** undoes a confirmation: the record's alias rows are deleted (tombstones travel),
  and it counts as its own person again. Either record of a joined pair names it: the kept
  record of a person with one other record separates that one; with several, the message
  lists them (name, branch, end of the id) to choose from.

Nothing here deletes or changes a participant record; both records keep their history.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import and_, delete, or_, select
from sqlalchemy.orm import aliased

from libtrainer.domain import rules
from libtrainer.domain.errors import N_, ValidationError
from libtrainer.domain.ids import fact_id, new_id
from libtrainer.reports.facts import alias_rows
from libtrainer.services import common
from libtrainer.services.duplicate_records import Record as Record
from libtrainer.services.duplicate_records import as_persons, default_keep
from libtrainer.services.duplicate_records import read as _records
from libtrainer.services.results import Changed
from libtrainer.store import recoded
from libtrainer.store.models import (
    Clock,
    Held,
    Participant,
    ParticipantAlias,
    ParticipantDistinct,
    Staff,
)
from libtrainer.store.uow import UnitOfWork

#: At most this many pairs are listed at once; deciding them brings the next ones up.
PAIR_LIMIT = 200


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
    """Pairs of persons that may be one and have not been decided yet, by name.

    Records are paired by name and birth year, then taken as persons: a group already
    confirmed is one side (its kept record's details, its members' sessions), each pair of
    persons is offered once, "not the same" between any of their records settles it, and the
    birth years known in each group must agree. The pairs are read as a stream and the
    reading stops after ``limit`` open ones (a region has many namesakes). A record given up
    when its person's code was changed on this computer is not offered (``store/recoded.py``)."""
    p1, p2 = aliased(Participant, name="p1"), aliased(Participant, name="p2")
    stmt = (
        select(p1.id, p1.birth_year, p2.id, p2.birth_year)
        .join(p2, and_(p2.name_key == p1.name_key, p2.id > p1.id))
        .where(
            or_(
                p1.birth_year == p2.birth_year,
                p1.birth_year.is_(None),
                p2.birth_year.is_(None),
            ),
            recoded.hidden(p1.id),
            recoded.hidden(p2.id),
        )
        .order_by(p1.name_key, p1.id, p2.id)
    )
    person = persons(uow)
    members = _members(person)
    years = _group_years(uow, members)
    dismissed = {
        _pair_key(person.get(x, x), person.get(y, y))
        for x, y in uow.session.execute(
            select(ParticipantDistinct.participant_id, ParticipantDistinct.other_id)
        ).all()
    }
    seen: set[tuple[str, str]] = set()
    open_pairs: list[tuple[str, str]] = []
    more = False
    rows = uow.session.connection().execute(stmt)  # a stream: not every namesake pair at once
    try:
        for a, year_a, b, year_b in rows:
            key = _pair_key(person.get(a, a), person.get(b, b))
            if key[0] == key[1] or key in seen or key in dismissed:
                continue
            known_a = years.get(key[0], {year_a} if year_a else set())
            known_b = years.get(key[1], {year_b} if year_b else set())
            if known_a and known_b and not known_a & known_b:
                continue
            seen.add(key)
            if len(open_pairs) == max(1, limit):
                more = True
                break
            open_pairs.append(key)
    finally:
        rows.close()
    found = as_persons(uow, {i for pair in open_pairs for i in pair}, members)
    return Candidates([Pair(found[a], found[b]) for a, b in open_pairs], more)


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
    """Confirm that two records (and the records already counted with either) are one
    person. ``keep``: the record whose details count — one of the two, also when it was
    counted as someone else's so far; by default the kept record of the side that knows more
    ESF+ facts, then has more sessions attended (``duplicate_records.default_keep``). Every
    record of both sides is pointed straight at it, and "not the same" notes between the two
    sides are removed. Reports take each fact the kept record leaves unrecorded from another
    record of the person (``reports/personfacts``), so nothing known is lost either way."""
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
    groups = _members(person)
    if keep is None:
        sides = as_persons(uow, {a, b}, groups)
        keep = default_keep(sides[a], sides[b])
    kept = keep
    staff = common.require(uow, Staff, staff_id)
    group = groups.get(a, {a}) | groups.get(b, {b})
    changed = Changed()
    if kept in person:  # it was counted as someone else's: now the others are counted as it
        _delete_aliases(uow, [kept], changed)
    for member in sorted(group - {kept}):
        if person.get(member, member) != kept:
            _add_alias(uow, member, kept, staff, changed)
    distinct = ParticipantDistinct
    notes = list(
        uow.session.execute(
            select(distinct.id).where(
                distinct.participant_id.in_(group), distinct.other_id.in_(group)
            )
        ).scalars()
    )
    if notes:
        uow.session.execute(delete(distinct).where(distinct.id.in_(notes)))
        for row_id in notes:
            changed.add("deleted", "participant_distinct", row_id)
    uow.commit()
    return changed


def person_record(uow: UnitOfWork, participant_id: str) -> Record:
    """The person a record counts as: their kept record, with the sessions and tags of every
    record of the person and the ESF+ facts the reports count (``Record.taken``: those from
    another record)."""
    person = persons(uow)
    kept = person.get(participant_id, participant_id)
    return as_persons(uow, {kept}, _members(person))[kept]


def not_same(
    uow: UnitOfWork, first_id: str, second_id: str, *, staff_id: str | None = None
) -> Changed:
    """Record that two look-alike records are different people (the pair is not offered
    again). Records already counted as one person must be separated first."""
    _check_pair(uow, first_id, second_id)
    person = persons(uow)
    if person.get(first_id, first_id) == person.get(second_id, second_id):
        joined = first_id if first_id in person else second_id
        raise ValidationError(
            "participant",
            N_(
                "These two records are counted as one person. Separate them first: separate "
                "the record {record}."
            ),
            record=describe(uow, [joined])[joined],
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


def to_separate(uow: UnitOfWork, participant_id: str) -> str:
    """The record "separate" counts as its own person again when ``participant_id`` is named:
    that record when it is counted as another record's person; when it is the kept record of
    a person with exactly one other record, that other record (either record of a joined pair
    names the pair). A kept record with several records counted as it, or a record joined
    with none, is refused, naming the records to choose from."""
    common.get(uow, Participant, participant_id)
    person = persons(uow)
    if participant_id in person:
        return participant_id
    others = sorted(m for m, kept in person.items() if kept == participant_id)
    if len(others) == 1:
        return others[0]
    names = describe(uow, [participant_id, *others])
    if not others:
        raise ValidationError(
            "participant",
            N_(
                "{record} is not counted as one person with another record, so there is "
                "nothing to separate."
            ),
            record=names[participant_id],
        )
    raise ValidationError(
        "participant",
        N_(
            "{count} records are counted as the person of {record}: {records}. Name the one "
            "to separate (the end of its id, in brackets)."
        ),
        count=len(others),
        record=names[participant_id],
        records="; ".join(text for m, text in names.items() if m in others),
    )


def separate(uow: UnitOfWork, participant_id: str) -> Changed:
    """Undo "same person" for one record: it counts as its own person again. Either record
    of a joined pair may be named (:func:`to_separate`)."""
    record = to_separate(uow, participant_id)
    changed = Changed()
    _delete_aliases(uow, [record], changed)
    uow.commit()
    return changed


def describe(uow: UnitOfWork, ids: list[str]) -> dict[str, str]:
    """Each record as a person tells it apart in a message: "Given Family (branch) [end of
    the id]", in the order of names (the end of the id names it on the command line)."""
    found = _records(uow, ids)
    return {
        i: f"{r.given_name} {r.family_name} ({r.branch or '—'}) [{i[-8:]}]"
        for i, r in sorted(
            found.items(),
            key=lambda kv: (rules.fold(kv[1].family_name), rules.fold(kv[1].given_name), kv[0]),
        )
    }


def before_delete(uow: UnitOfWork, participant_id: str, changed: Changed) -> None:
    """A kept record is about to be deleted (``records.delete``): the records counted
    as its person stay one person, kept by the one of them with most sessions. (Its alias rows
    go with it; without this the group would fall apart into separate residents.) Does not
    commit: part of the caller's transaction."""
    person = persons(uow)
    _keep_together(uow, sorted(m for m, c in person.items() if c == participant_id), changed)
    uow.session.flush()


def regroup_after_remote_deletes(uow: UnitOfWork) -> Changed:
    """Records counted as the person of a record deleted on another computer stay one person.

    A branch erases the record this coordinator kept for a group (it knows nothing of the
    group: aliases stay on coordinators' computers). Merging that delete holds the group's
    alias rows, which wait for the deleted record in ``lt_held`` (decision 0310), and the group
    fell apart into separate residents. Here, as :func:`before_delete` does for a delete made
    on this computer, the members still present are pointed at the one of them with most
    sessions. Only for a kept record that is deleted (not one not received yet); members
    already counted as someone's person are left alone, so running it again changes nothing.
    Commits when it changed something."""
    changed = Changed()
    waiting = uow.session.execute(
        select(Held.data).where(
            Held.tbl == ParticipantAlias.__tablename__, Held.wait_tbl == Participant.__tablename__
        )
    ).scalars()
    groups: dict[str, set[str]] = {}
    for data in waiting:
        values = json.loads(data)
        kept, member = values.get("canonical_id"), values.get("participant_id")
        if isinstance(kept, str) and isinstance(member, str):
            groups.setdefault(kept, set()).add(member)
    if not groups:
        return changed
    deleted = set(
        uow.session.execute(
            select(Clock.row_id).where(
                Clock.tbl == Participant.__tablename__,
                Clock.field == "*",
                Clock.row_id.in_(list(groups)),
                Clock.cl % 2 == 0,
            )
        ).scalars()
    )
    person = persons(uow)
    for gone in sorted(deleted):
        members = sorted(groups[gone])
        present = set(
            uow.session.execute(select(Participant.id).where(Participant.id.in_(members))).scalars()
        )
        _keep_together(uow, [m for m in members if m in present and m not in person], changed)
    if not changed.empty:
        uow.commit()
    return changed


# --- helpers -----------------------------------------------------------------------------------


def _keep_together(uow: UnitOfWork, group: list[str], changed: Changed) -> None:
    """Records whose kept record is gone stay one person: all point at the one of them with
    most sessions (nothing to do for fewer than two)."""
    if len(group) < 2:
        return
    kept = _preferred(uow, group)
    for member in group:
        if member != kept:
            _add_alias(uow, member, kept, None, changed)


def _check_pair(uow: UnitOfWork, first_id: str, second_id: str) -> None:
    if first_id == second_id:
        raise ValidationError("participant", N_("Choose two different records."))
    common.get(uow, Participant, first_id)
    common.get(uow, Participant, second_id)


def _preferred(uow: UnitOfWork, ids: list[str]) -> str:
    """Of some records, the one with most sessions attended; then the earliest; then by id."""
    records = _records(uow, ids)

    def rank(r: Record) -> tuple[int, dt.date, str]:
        return (-r.sessions, r.first_session or dt.date.max, r.id)

    return min((records[i] for i in ids), key=rank).id


def _pair_key(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a <= b else (b, a)


def _members(person: dict[str, str]) -> dict[str, set[str]]:
    """Kept record → every record counted as its person, itself included (groups only)."""
    groups: dict[str, set[str]] = {}
    for record, kept in person.items():
        groups.setdefault(kept, {kept}).add(record)
    return groups


def _group_years(uow: UnitOfWork, groups: dict[str, set[str]]) -> dict[str, set[int]]:
    """Kept record → the birth years known among its group's records."""
    owner = {m: kept for kept, group in groups.items() for m in group}
    years: dict[str, set[int]] = {kept: set() for kept in groups}
    wanted = sorted(owner)
    for start in range(0, len(wanted), 500):
        part = wanted[start : start + 500]
        for pid, year in uow.session.execute(
            select(Participant.id, Participant.birth_year).where(Participant.id.in_(part))
        ).all():
            if year:
                years[owner[pid]].add(int(year))
    return years


def _add_alias(
    uow: UnitOfWork, record: str, kept: str, staff: str | None, changed: Changed
) -> None:
    row = ParticipantAlias(
        id=new_id(),
        participant_id=record,
        canonical_id=kept,
        confirmed_by=staff,
        confirmed_on=rules.today(),
    )
    uow.session.add(row)
    changed.add("created", "participant_alias", row.id)


def _delete_aliases(uow: UnitOfWork, records: list[str], changed: Changed) -> int:
    """Delete the alias rows of ``records`` (tombstones travel); how many there were."""
    pa = ParticipantAlias
    ids = list(uow.session.execute(select(pa.id).where(pa.participant_id.in_(records))).scalars())
    if ids:
        uow.session.execute(delete(pa).where(pa.id.in_(ids)))
        for row_id in ids:
            changed.add("deleted", "participant_alias", row_id)
    return len(ids)


def records(uow: UnitOfWork, ids: Iterable[str]) -> list[Record]:
    """The records ``ids`` as the coordinator compares them, in the order given."""
    wanted = list(ids)
    found = _records(uow, wanted)
    return [found[i] for i in wanted]
