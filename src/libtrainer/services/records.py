"""Archive and delete, for any kind of record.

**Archive** (soft): sets ``archived`` on tables that have it (branches, staff, e-scouts,
programmes, groups, sessions, participants). The record stays in reports of the past and can be
brought back with :func:`unarchive`; it only leaves everyday lists.

**Delete** (real): removes the row, and the capture triggers turn the delete into a tombstone —
the row's ``lt_clock`` ``'*'`` entry gets an even causal length and the outbox a ``d`` record —
which travels in bundles and wins over edits that did not see it. The store has no database
cascades: every dependent row is deleted here explicitly, children first, so each delete is
captured as its own tombstone. What happens to rows that point at the deleted one:

- *cascade* — deleted too: a participant's tags, aliases, coordinators' decisions about it,
  enrolments (and their assessments) and attendance; a group's enrolments and sessions (and
  their attendance); a session's attendance and "same session" decisions; a consultation's topic
  rows; an enrolment's assessments.
- *detach* — kept, the link cleared: a consultation given to a deleted participant stays as an
  anonymous consultation (its age band and gender were stored with it), because the service was
  delivered and is counted in reports; its free-text notes are cleared with the link
  (:data:`DETACH_CLEARS`), as they often name the person.
- *erasure* — a deleted participant leaves a keyed fingerprint of their folded name and
  birth year on this device (``store/erased.py``, local), so that importing an old register
  does not enter them again; nothing else of them stays. What of them has not left this
  computer yet is taken out of the outbox (``services/erasure.py``, decision 0325).
- *restrict* — anything else (e.g. a programme used by groups, a staff member who led
  sessions, a branch with people) refuses the delete with a message; archive such records.

Everything is read and checked before the first write, and the unit of work commits once.
:func:`plan_delete` counts what a delete would take along, to ask first; :func:`delete_for_undo`
also returns a snapshot of what it removed, and :func:`restore_deleted` puts that back as
restores that sync (:mod:`libtrainer.services.snapshots`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from sqlalchemy import Table, func, select, update
from sqlalchemy import delete as sql_delete

from libtrainer.domain.errors import N_, LibtrainerError
from libtrainer.services import common, erasure, snapshots
from libtrainer.services.results import Changed
from libtrainer.services.snapshots import Snapshot
from libtrainer.store import codeclash, erased, outbox
from libtrainer.store.models import Base, synced_table, synced_tables
from libtrainer.store.uow import UnitOfWork


class Policy(Enum):
    CASCADE = "cascade"
    DETACH = "detach"
    RESTRICT = "restrict"


#: (child table, foreign-key column) → what deleting the parent does to the child.
POLICIES: dict[tuple[str, str], Policy] = {
    ("participant_tag", "participant_id"): Policy.CASCADE,
    ("participant_alias", "participant_id"): Policy.CASCADE,
    ("participant_alias", "canonical_id"): Policy.CASCADE,
    ("participant_distinct", "participant_id"): Policy.CASCADE,
    ("participant_distinct", "other_id"): Policy.CASCADE,
    ("participant_code_decision", "participant_id"): Policy.CASCADE,
    ("enrolment", "participant_id"): Policy.CASCADE,
    ("enrolment", "group_id"): Policy.CASCADE,
    ("attendance", "participant_id"): Policy.CASCADE,
    ("attendance", "session_id"): Policy.CASCADE,
    ("session_twin", "session_id"): Policy.CASCADE,
    ("session_twin", "other_id"): Policy.CASCADE,
    ("assessment", "enrolment_id"): Policy.CASCADE,
    ("training_session", "group_id"): Policy.CASCADE,
    ("consultation_topic", "consultation_id"): Policy.CASCADE,
    ("consultation", "participant_id"): Policy.DETACH,
}

#: Detach: the other fields cleared with the link (free text that may name the person).
DETACH_CLEARS: dict[tuple[str, str], dict[str, Any]] = {
    ("consultation", "participant_id"): {"notes": ""},
}

#: A device record is part of the trust chain; it is revoked, never deleted.
UNDELETABLE = frozenset({"device"})


_table = synced_table


def _archivable(name: str) -> Table:
    table = _table(name)
    if "archived" not in table.c:
        raise ValueError(f"table {name} has no archived column")
    return table


def archive(uow: UnitOfWork, table: str, row_id: str) -> Changed:
    """Hide a record from everyday lists (kept for reports; see :func:`unarchive`)."""
    return _set_archived(uow, table, row_id, True)


def unarchive(uow: UnitOfWork, table: str, row_id: str) -> Changed:
    """Bring an archived record back."""
    return _set_archived(uow, table, row_id, False)


def _set_archived(uow: UnitOfWork, name: str, row_id: str, flag: bool) -> Changed:
    table = _archivable(name)
    current = uow.session.execute(select(table.c.archived).where(table.c.id == row_id)).first()
    if current is None:
        raise common.not_found(name, row_id)
    changed = Changed()
    if bool(current[0]) != flag:
        uow.session.execute(update(table).where(table.c.id == row_id).values(archived=flag))
        changed.add("updated", name, row_id)
    uow.commit()
    return changed


def delete(uow: UnitOfWork, table: str, row_id: str) -> Changed:
    """Delete a record and its dependents for good (tombstones; see the module notes)."""
    return _delete(uow, table, row_id, keep=False)[0]


def erase_on_request(uow: UnitOfWork, participant_id: str) -> Changed:
    """Erase a person a coordinator erased (``sync/erasures.py``): :func:`delete`, knowing
    that other stores hold the person, so every tombstone travels."""
    return _delete(uow, "participant", participant_id, keep=False, elsewhere=True)[0]


@dataclass(frozen=True)
class Deleted:
    """What :func:`delete_for_undo` changed, and what it takes to put it back."""

    changed: Changed
    snapshot: Snapshot


def delete_for_undo(uow: UnitOfWork, table: str, row_id: str) -> Deleted:
    """:func:`delete`, and a :class:`~libtrainer.services.snapshots.Snapshot` of everything
    it removed, for :func:`restore_deleted`. The snapshot is plain data for the caller to keep
    in memory only: it can hold every detail of a person being erased."""
    changed, snapshot = _delete(uow, table, row_id, keep=True)
    assert snapshot is not None
    return Deleted(changed, snapshot)


def restore_deleted(uow: UnitOfWork, snapshot: Snapshot) -> Changed:
    """Undo a :func:`delete_for_undo`: re-insert exactly what it removed, parents first, put
    cleared links back, remove the rows it added — in one unit of work, captured as restores
    (the next causal length), so the record comes back on every store after sync. Refuses,
    writing nothing, when a row is back already or something it points at is gone."""
    return snapshots.restore(uow, snapshot)


@dataclass(frozen=True)
class DeletePlan:
    """What deleting one record would do, counted (read only; see :func:`plan_delete`)."""

    table: str
    row_id: str
    #: rows deleted with the record, by table (the record itself not counted)
    deleted: dict[str, int] = field(default_factory=dict)
    #: rows kept with their link to the record cleared (anonymous consultations), by table
    cleared: dict[str, int] = field(default_factory=dict)


def plan_delete(uow: UnitOfWork, table: str, row_id: str) -> DeletePlan:
    """What :func:`delete` would delete and clear along with the record, counted at every
    level (a group: its sessions, their attendance, enrolments and assessments), to ask the
    person first. Writes nothing; raises as :func:`delete` would for a record that cannot be
    deleted or is still used (restrict). For the direct references whatever the policy, see
    :func:`count_dependents`."""
    _check_deletable(uow, table, row_id)
    plan = _Plan()
    plan.collect(uow, table, [row_id])
    deleted: dict[str, int] = {}
    for name, ids in plan.order:
        n = len(ids) - (1 if name == table and row_id in ids else 0)
        if n:
            deleted[name] = deleted.get(name, 0) + n
    cleared: dict[str, int] = {}
    for child, _column, ids in plan.detach:
        cleared[child] = cleared.get(child, 0) + len(ids)
    return DeletePlan(table, row_id, deleted, cleared)


def _check_deletable(uow: UnitOfWork, table: str, row_id: str) -> None:
    if table in UNDELETABLE:
        raise LibtrainerError(N_("This kind of record cannot be deleted; archive it instead."))
    parent = _table(table)
    found = uow.session.execute(select(parent.c.id).where(parent.c.id == row_id)).first()
    if found is None:
        raise common.not_found(table, row_id)


def _delete(
    uow: UnitOfWork, table: str, row_id: str, *, keep: bool, elsewhere: bool = False
) -> tuple[Changed, Snapshot | None]:
    _check_deletable(uow, table, row_id)
    changed = Changed()
    before = outbox.last_seq(uow.session.connection())  # the records written until now
    notes: tuple[dict[str, Any], ...] = ()
    noted: erased.Noted | None = None
    if table == "participant":
        # The records counted as this person stay one person (services/duplicates.py).
        from libtrainer.services import duplicates  # noqa: PLC0415 - it imports the reports

        duplicates.before_delete(uow, row_id, changed)
        conn = uow.session.connection()
        if keep:  # an undo puts the coordinator's notes back too (memory only until then)
            notes = codeclash.notes_of(conn, row_id)
        codeclash.forget(conn, row_id)  # its names are erased here too
        # Only a keyed fingerprint stays, so an old register does not enter them again.
        noted = erased.note(conn, row_id)
    added = [(name, i) for name, ids in changed.created.items() for i in ids]
    plan = _Plan()
    plan.collect(uow, table, [row_id])
    uow.session.flush()
    cleared = [
        (child, ids, {column: None, **DETACH_CLEARS.get((child, column), {})})
        for child, column, ids in plan.detach
    ]
    snapshot = (
        snapshots.take(uow, table, row_id, plan.order, cleared, added, notes=notes, erasure=noted)
        if keep
        else None
    )
    for child, ids, values in cleared:
        t = _table(child)
        for part in common.chunks(ids):
            uow.session.execute(update(t).where(t.c.id.in_(part)).values(values))
        for child_id in ids:
            changed.add("updated", child, child_id)
    for name, ids in plan.order:
        t = _table(name)
        for part in common.chunks(ids):
            uow.session.execute(sql_delete(t).where(t.c.id.in_(part)))
        for deleted_id in ids:
            changed.add("deleted", name, deleted_id)
    if table == "participant":  # nothing of them that has not left yet leaves now
        erasure.withdraw_unsent(
            uow.session.connection(), row_id, plan.order, cleared, upto=before, elsewhere=elsewhere
        )
    uow.session.expire_all()
    uow.commit()
    return changed, snapshot


class _Plan:
    """What a delete will do, worked out by reading only: deletions children-first, links to
    clear. Raises before anything is written when a restricting reference exists."""

    def __init__(self) -> None:
        self.order: list[tuple[str, list[str]]] = []
        self.detach: list[tuple[str, str, list[str]]] = []
        self._seen: dict[str, set[str]] = {}

    def collect(self, uow: UnitOfWork, name: str, ids: Sequence[str]) -> None:
        seen = self._seen.setdefault(name, set())
        fresh = [i for i in dict.fromkeys(ids) if i not in seen]
        if not fresh:
            return
        seen.update(fresh)
        for child, column in _references(name):
            policy = POLICIES.get((child, column), Policy.RESTRICT)
            child_ids = _ids_referring(uow, child, column, fresh)
            if not child_ids:
                continue
            if policy is Policy.CASCADE:
                self.collect(uow, child, child_ids)
            elif policy is Policy.DETACH:
                self.detach.append((child, column, child_ids))
            else:
                raise LibtrainerError(
                    N_(
                        "This record is still used by other records ({count}); archive it "
                        "instead of deleting it."
                    ),
                    count=len(child_ids),
                    table=name,
                )
        self.order.append((name, fresh))


def _references(name: str) -> list[tuple[str, str]]:
    """(child table, column) of every foreign key of a synced table that points at ``name``."""
    found = []
    for child in synced_tables():
        for fk in Base.metadata.tables[child].foreign_keys:
            if fk.column.table.name == name:
                found.append((child, fk.parent.name))
    return found


def _ids_referring(uow: UnitOfWork, child: str, column: str, ids: Sequence[str]) -> list[str]:
    t = _table(child)
    found: list[str] = []
    for part in common.chunks(ids):
        stmt = select(t.c.id).where(t.c[column].in_(part)).order_by(t.c.id)
        found.extend(uow.session.execute(stmt).scalars())
    return found


def count_dependents(uow: UnitOfWork, table: str, row_id: str) -> dict[str, int]:
    """How many rows of each table point directly at a record (to warn before a delete)."""
    counts: dict[str, int] = {}
    for child, column in _references(table):
        t = _table(child)
        n = uow.session.execute(
            select(func.count()).select_from(t).where(t.c[column] == row_id)
        ).scalar_one()
        if n:
            counts[child] = counts.get(child, 0) + int(n)
    return counts
