"""A resident's copy of everything this store holds about them (GDPR Art. 15 and 20).

:func:`subject_access` gathers, for one participant record, every row that refers to it —
its details and target groups, group memberships (with self-assessments), attendance marks,
consultations, the coordinators' decisions about it, and rows received from other computers
that wait for a record not here yet (``lt_held``) — and the other records a coordinator
confirmed are the same person (``participant_alias``), each with the same. Which computers
recorded any of it is read from the field clocks; nothing else of the sync bookkeeping
(clocks, outbox, bundles) is part of the copy. :data:`COVERED` names the section of every
foreign key that points at ``participant``; a test fails when a new one is not covered.

Left out on purpose, so a copy never hands over another person's data (Art. 15(4)): the
names of staff and e-scouts (only who helped: library staff or an e-scout), the other
record of a "not the same person" decision, and :data:`LEFT_OUT`. Decision 0410.

Thread rule: read only; any thread with a unit of work or a read unit (``job.reader()``).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence

from sqlalchemy import select

from libtrainer.reports.facts import alias_rows
from libtrainer.services import common
from libtrainer.services.subject_access_rows import (
    Computer,
    Keeper,
    Link,
    Named,
    RecordCopy,
    SubjectAccess,
    Waiting,
    consultations,
    memberships,
    session_marks,
)
from libtrainer.store.models import (
    Base,
    Branch,
    Clock,
    Device,
    Held,
    Library,
    Participant,
    ParticipantAlias,
    ParticipantCodeDecision,
    ParticipantDistinct,
    ParticipantTag,
    Recoded,
    Region,
)
from libtrainer.store.store import read_meta
from libtrainer.store.uow import UnitOfWork

__all__ = ["COVERED", "LEFT_OUT", "PERSONAL_FIELDS", "SubjectAccess", "subject_access"]

#: (table, column) of every foreign key to ``participant`` → the section of a record's copy
#: that holds its rows (``RecordCopy`` field). Rows reached through them are in the same
#: section: assessments (enrolment), consultation topics (consultation).
COVERED: dict[tuple[str, str], str] = {
    ("participant_tag", "participant_id"): "target_groups",
    ("participant_alias", "participant_id"): "links",
    ("participant_alias", "canonical_id"): "links",
    ("participant_distinct", "participant_id"): "links",
    ("participant_distinct", "other_id"): "links",
    ("participant_code_decision", "participant_id"): "links",
    ("enrolment", "participant_id"): "groups",
    ("attendance", "participant_id"): "sessions",
    ("consultation", "participant_id"): "consultations",
}

#: Local tables that keep a participant's id without a foreign key, and what the copy does.
LEFT_OUT: dict[str, str] = {
    "lt_code_clash": "a coordinator's note of one code given to two people: one side is "
    "another person's name and birth year",
    "lt_recoded": "in the copy as a link (the earlier code), not the record given up",
    "lt_erased": "keyed fingerprints of erased people: nobody's record",
    "lt_clock": "sync bookkeeping: only the computers that recorded something are named",
    "lt_outbox": "sync bookkeeping: changes waiting to be sent, the same rows as the copy",
    "lt_pending": "sync bookkeeping: changes received before the row they change",
}

#: The participant fields of a copy, in the order a person reads them (all but the id, the
#: folded search key and the branch, which is named instead).
PERSONAL_FIELDS = (
    "given_name",
    "family_name",
    "code",
    "birth_year",
    "gender",
    "phone",
    "email",
    "rural",
    "labour_status",
    "isced",
    "disability",
    "third_country_national",
    "foreign_background",
    "minority",
    "homeless",
    "consent_basis",
    "consent_date",
    "consent_text_version",
    "notes",
    "archived",
)


def subject_access(
    uow: UnitOfWork, participant_id: str, *, now: dt.datetime | None = None
) -> SubjectAccess:
    """Everything stored about the person of ``participant_id``: that record first, then the
    other records confirmed as the same person (by id). :class:`NotFoundError` for no such
    record. Writes nothing."""
    common.get(uow, Participant, participant_id)
    ids = [participant_id, *sorted(set(_same_person(uow, participant_id)) - {participant_id})]
    records = tuple(_record(uow, pid) for pid in ids)
    made = now or dt.datetime.now().astimezone()
    return SubjectAccess(participant_id, made, _keeper(uow), records, _computers(uow, records))


def _same_person(uow: UnitOfWork, participant_id: str) -> list[str]:
    """The records counted as one person with ``participant_id`` (the reports' alias map)."""
    person = dict(uow.session.execute(alias_rows("access")).all())
    mine = person.get(participant_id, participant_id)
    ids = [mine, *(pid for pid, canonical in person.items() if canonical == mine)]
    stmt = select(Participant.id).where(Participant.id.in_(ids))  # not one deleted meanwhile
    return list(uow.session.execute(stmt).scalars())


def _record(uow: UnitOfWork, pid: str) -> RecordCopy:
    row = common.get(uow, Participant, pid)
    tags = uow.session.execute(
        select(ParticipantTag.tag).where(ParticipantTag.participant_id == pid)
    ).scalars()
    branch = uow.session.get(Branch, row.branch_id) if row.branch_id else None
    return RecordCopy(
        id=pid,
        details={name: getattr(row, name) for name in PERSONAL_FIELDS},
        branch=Named(branch.id, branch.name) if branch else None,
        target_groups=tuple(sorted(tags)),
        groups=memberships(uow.session, pid),
        sessions=session_marks(uow.session, pid),
        consultations=consultations(uow.session, pid),
        links=_links(uow, pid),
        waiting=_waiting(uow, pid),
    )


def _links(uow: UnitOfWork, pid: str) -> tuple[Link, ...]:
    """The coordinators' decisions about the record, and an earlier code changed here."""
    db = uow.session
    a, d, c = ParticipantAlias, ParticipantDistinct, ParticipantCodeDecision
    links = [
        Link(r.id, "same_person", r.confirmed_on, r.participant_id, r.canonical_id)
        for r in db.execute(
            select(a).where((a.participant_id == pid) | (a.canonical_id == pid))
        ).scalars()
    ]
    links += [  # the other record is another person: not named
        Link(r.id, "not_the_same", r.decided_on)
        for r in db.execute(select(d).where((d.participant_id == pid) | (d.other_id == pid)))
        .scalars()
        .all()
    ]
    links += [
        Link(r.id, "code_decision", r.decided_on, decision=r.decision)
        for r in db.execute(select(c).where(c.participant_id == pid)).scalars()
    ]
    for old in db.execute(select(Recoded).where(Recoded.new_id == pid)).scalars():
        day = _day(old.recoded_wall)
        links.append(Link(old.old_id, "code_changed", day, old.old_id, pid, old.old_code))
    return tuple(sorted(links, key=lambda x: (x.kind, x.date or dt.date.min, x.id)))


def _day(wall: str) -> dt.date | None:
    try:
        return dt.datetime.fromisoformat(wall).date()
    except ValueError:
        return None


def _referring() -> dict[str, list[str]]:
    """Synced table → its columns that refer to ``participant``."""
    found: dict[str, list[str]] = {}
    for table in Base.metadata.sorted_tables:
        for fk in table.foreign_keys:
            if fk.column.table.name == Participant.__tablename__:
                found.setdefault(table.name, []).append(fk.parent.name)
    return found


def _waiting(uow: UnitOfWork, pid: str) -> tuple[Waiting, ...]:
    """Rows about the record received from another computer that wait for a row not here
    yet (a session, a group): kept in ``lt_held`` until it comes, not yet shown anywhere."""
    referring = _referring()
    rows = uow.session.execute(
        select(Held.tbl, Held.row_id, Held.data).where(
            Held.tbl.in_(referring), Held.data.contains(pid, autoescape=True)
        )
    ).all()
    found = []
    for tbl, row_id, data in rows:
        fields = json.loads(data)
        if isinstance(fields, dict) and any(fields.get(c) == pid for c in referring[tbl]):
            if tbl == ParticipantDistinct.__tablename__:  # the other record: another person
                fields = {k: v for k, v in fields.items() if k not in referring[tbl]}
            found.append(Waiting(tbl, row_id, fields))
    return tuple(sorted(found, key=lambda w: (w.table, w.id)))


def _keeper(uow: UnitOfWork) -> Keeper:
    """Who keeps the records: this computer's library, branch and region."""
    conn = uow.connection

    def name(model: type[Region] | type[Library] | type[Branch], key: str) -> str:
        row_id = read_meta(conn, key)
        if not row_id:
            return ""
        found = uow.session.execute(select(model.name).where(model.id == row_id)).scalar()
        return str(found or "")

    return Keeper(
        region=name(Region, "region_id"),
        library=name(Library, "library_id"),
        branch=name(Branch, "branch_id"),
        role=read_meta(conn, "role") or "",
    )


def _computers(uow: UnitOfWork, records: Sequence[RecordCopy]) -> tuple[Computer, ...]:
    """The computers that recorded any row of the copy (their clocks' device), this one
    first, then by name."""
    pids = [r.id for r in records]
    tags = select(ParticipantTag.id).where(ParticipantTag.participant_id.in_(pids))
    rows: dict[str, list[str]] = {
        "participant": pids,
        "participant_tag": list(uow.session.execute(tags).scalars()),
        "enrolment": [g.id for r in records for g in r.groups],
        "assessment": [a.id for r in records for g in r.groups for a in g.assessments],
        "attendance": [s.id for r in records for s in r.sessions],
        "consultation": [c.id for r in records for c in r.consultations],
    }
    devices: set[str] = set()
    for table, ids in rows.items():
        for part in common.chunks(ids):
            stmt = select(Clock.device).where(Clock.tbl == table, Clock.row_id.in_(part))
            devices |= set(uow.session.execute(stmt.distinct()).scalars())
    return _named_computers(uow, devices)


def _named_computers(uow: UnitOfWork, devices: Iterable[str]) -> tuple[Computer, ...]:
    here = read_meta(uow.connection, "device_id")
    known = {
        d: (name, branch)
        for d, name, branch in uow.session.execute(
            select(Device.id, Device.name, Branch.name)
            .outerjoin(Branch, Branch.id == Device.branch_id)
            .where(Device.id.in_(list(devices)))
        ).all()
    }
    found = []
    for device in devices:
        name, branch = known.get(device, (None, None))
        if device == here:
            name = name or read_meta(uow.connection, "device_name")
        found.append(Computer(device, name, branch, device == here))
    return tuple(sorted(found, key=lambda c: (not c.this, c.name is None, c.name or "", c.id)))
