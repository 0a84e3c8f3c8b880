"""What a delete removed, kept in memory so that the person can undo it.

:func:`libtrainer.services.records.delete_for_undo` reads, before it writes anything, the
column values of every row the delete removes (in the order they are removed: children
first), the fields it clears (the person of a consultation, and its notes) and the rows it
adds (alias rows
that keep a coordinator's confirmed duplicates one person). That :class:`Snapshot` is plain
data, handed to the caller and **never written anywhere**: it may hold every detail of a
person being erased, so its ``repr`` shows only counts and the window drops it at the lock.

:func:`restore` re-inserts the rows through the store like any insert, parents first, in one
unit of work. The capture triggers see ids whose clock is a tombstone and record a *restore*:
the next, odd causal length, with every field, which wins over the delete on every store after
sync (decision 0001, ``store/apply.py``). Cleared links are set again (captured edits) and the
rows the delete added are deleted. Nothing is written when a row is back already or something
a row points at is gone meanwhile (another change, or a sync): the error says so.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Table, insert, select, update
from sqlalchemy import delete as sql_delete

from libtrainer.domain.errors import N_, LibtrainerError
from libtrainer.services.common import chunks
from libtrainer.services.results import Changed
from libtrainer.store import codeclash, erased
from libtrainer.store.models import synced_table, synced_tables
from libtrainer.store.uow import UnitOfWork

Rows = tuple[tuple[str, tuple[Mapping[str, Any], ...]], ...]


class UndoRefused(LibtrainerError):
    """The snapshot cannot be put back any more (it would not work later either)."""


@dataclass(frozen=True, repr=False)
class Snapshot:
    """Everything one delete changed, to put it back (plain data; memory only).

    - ``rows``: (table, column values of each row) in the order the delete removed them;
    - ``cleared``: (table, row id, column, value before, value after) of each field the
      delete cleared (a consultation's link to the person, and its notes);
    - ``added``: (table, row id) of each row the delete added;
    - ``notes``: the coordinator's "one code, different people" notes of an erased person
      (``lt_code_clash``, local), put back with the person;
    - ``erasure``: the fingerprint an erasure kept (``lt_erased``, local), removed again (or
      given back its earlier time) when the person is put back.
    """

    table: str
    row_id: str
    rows: Rows
    cleared: tuple[tuple[str, str, str, Any, Any], ...] = ()
    added: tuple[tuple[str, str], ...] = ()
    notes: tuple[Mapping[str, Any], ...] = ()
    erasure: erased.Noted | None = None

    @property
    def count(self) -> int:
        """How many rows the delete removed (the record itself included)."""
        return sum(len(values) for _name, values in self.rows)

    def __repr__(self) -> str:  # never the values: they can be a person's details
        return f"Snapshot({self.table}, {self.count} rows)"


def take(
    uow: UnitOfWork,
    table: str,
    row_id: str,
    order: Sequence[tuple[str, Sequence[str]]],
    cleared: Sequence[tuple[str, Sequence[str], Mapping[str, Any]]],
    added: Sequence[tuple[str, str]] = (),
    *,
    notes: Sequence[Mapping[str, Any]] = (),
    erasure: erased.Noted | None = None,
) -> Snapshot:
    """Read what a delete planned as ``order`` (children first) and ``cleared`` (table, ids,
    the values the fields are set to) will change; call it after the plan and before the
    first delete or update of the plan."""
    rows = tuple((name, tuple(_read(uow, _table(name), ids))) for name, ids in order)
    before = tuple(
        (child, child_id, column, value, after)
        for child, ids, values in cleared
        for column, after in values.items()
        for child_id, value in _links(uow, _table(child), column, ids)
        if value != after
    )
    return Snapshot(table, row_id, rows, before, tuple(added), tuple(notes), erasure)


def restore(uow: UnitOfWork, snapshot: Snapshot) -> Changed:
    """Put back what the delete of ``snapshot`` removed (see the module notes); commits."""
    _check_not_back(uow, snapshot)
    _check_parents(uow, snapshot)
    changed = Changed()
    for name, row_id in snapshot.added:
        t = _table(name)
        if _existing(uow, name, [row_id]):
            uow.session.execute(sql_delete(t).where(t.c.id == row_id))
            changed.add("deleted", name, row_id)
    for name, values in _parents_first(snapshot):
        t = _table(name)
        for part in chunks(values):
            uow.session.execute(insert(t), [dict(v) for v in part])
        for v in values:
            changed.add("created", name, str(v["id"]))
    for name, child_id, column, value, after in snapshot.cleared:
        t = _table(name)
        now = t.c[column].is_(None) if after is None else t.c[column] == after
        still = select(t.c.id).where(t.c.id == child_id, now)
        if uow.session.execute(still).first() is not None:  # gone or changed again: left alone
            uow.session.execute(update(t).where(t.c.id == child_id).values({column: value}))
            changed.add("updated", name, child_id)
    if snapshot.notes:
        codeclash.put_back(uow.session.connection(), tuple(dict(n) for n in snapshot.notes))
    if snapshot.erasure is not None:
        erased.put_back(uow.session.connection(), snapshot.erasure)
    uow.session.expire_all()
    uow.commit()
    return changed


# --- reading --------------------------------------------------------------------------------


_table = synced_table


def _read(uow: UnitOfWork, t: Table, ids: Sequence[str]) -> Iterator[Mapping[str, Any]]:
    """Every column of the rows ``ids``, in the order of ``ids``."""
    found: dict[str, Mapping[str, Any]] = {}
    for part in chunks(ids):
        for row in uow.session.execute(select(*t.columns).where(t.c.id.in_(part))).mappings():
            found[row["id"]] = dict(row)
    return (found[i] for i in ids if i in found)


def _links(uow: UnitOfWork, t: Table, column: str, ids: Sequence[str]) -> list[tuple[str, Any]]:
    found: list[tuple[str, Any]] = []
    for part in chunks(ids):
        stmt = select(t.c.id, t.c[column]).where(t.c.id.in_(part)).order_by(t.c.id)
        found.extend((str(i), v) for i, v in uow.session.execute(stmt))
    return found


def _parents_first(snapshot: Snapshot) -> list[tuple[str, list[Mapping[str, Any]]]]:
    """The snapshot's rows by table, in foreign-key order (a row's parents come before it)."""
    by_table: dict[str, list[Mapping[str, Any]]] = {}
    for name, values in snapshot.rows:
        by_table.setdefault(name, []).extend(values)
    return [(name, by_table[name]) for name in synced_tables() if name in by_table]


def _existing(uow: UnitOfWork, name: str, ids: Sequence[str]) -> set[str]:
    t = _table(name)
    found: set[str] = set()
    for part in chunks(sorted(set(ids))):
        found.update(uow.session.execute(select(t.c.id).where(t.c.id.in_(part))).scalars())
    return found


# --- checks ---------------------------------------------------------------------------------


def _check_not_back(uow: UnitOfWork, snapshot: Snapshot) -> None:
    """None of the rows exists again (entered again, or a restore received from elsewhere)."""
    for name, values in snapshot.rows:
        if _existing(uow, name, [str(v["id"]) for v in values]):
            raise UndoRefused(
                N_(
                    "This can no longer be undone: the record is there again (entered again, "
                    "or brought back on another computer)."
                ),
                table=snapshot.table,
            )


def _check_parents(uow: UnitOfWork, snapshot: Snapshot) -> None:
    """Every record a restored row points at is in the store or restored with it."""
    coming = {(name, str(v["id"])) for name, values in snapshot.rows for v in values}
    wanted: dict[str, set[str]] = {}
    for name, values in snapshot.rows:
        for fk in _table(name).foreign_keys:
            parent = fk.column.table.name
            for v in values:
                ref = v.get(fk.parent.name)
                if ref is not None and (parent, ref) not in coming:
                    wanted.setdefault(parent, set()).add(str(ref))
    for parent, ids in wanted.items():
        if _existing(uow, parent, sorted(ids)) != ids:
            raise UndoRefused(
                N_(
                    "This can no longer be undone: something the record belonged to was "
                    "deleted meanwhile."
                ),
                table=snapshot.table,
            )
