"""Applying change records: per-field last-writer-wins with causal lengths.

This is the merge rule of DESIGN.md §5, shared by replay (tests, rebuild) and by sync ingest.
Order of two versions of a field: (causal length, HLC, device id). A row's causal length is odd
while it exists and even once deleted, so a delete (cl+1) beats every edit that did not see it,
and a restore (cl+2) is an explicit re-insert of the whole row. Tombstones stay in ``lt_clock``.
A fact with a natural key (attendance, enrolment, …) has the same id on every device, so the
same fact recorded twice is one row: the set of facts only ever grows, except by an explicit,
captured delete (never by a missing record).

Where a row is written is :mod:`libtrainer.store.held`'s business: in its table when every row
it refers to is there, otherwise held until they arrive (never dropped). A change for a row
generation not seen yet is ``DEFERRED``; :func:`apply_changes` keeps it in ``lt_pending`` and
retries it when that generation arrives (:mod:`libtrainer.store.pending`). A coded participant
inserted here by two devices with different names is noted for the coordinator
(:mod:`libtrainer.store.codeclash`), without changing the merge.

The caller owns the transaction and, on SQLite, must suspend capture on the connection
(:func:`libtrainer.store.capture.capture_suspended`) so applied changes are not captured again.
Only Core statements on known tables and columns are built; table and field names from a
record are looked up, never spliced into SQL.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from typing import Any, NamedTuple

from sqlalchemy import Connection, Table, delete, select
from sqlalchemy.dialects import postgresql, sqlite

from libtrainer.store import codeclash, held
from libtrainer.store.models import Base, Clock, synced_tables

_SYNCED = frozenset(synced_tables())


class Outcome(enum.Enum):
    APPLIED = "applied"
    STALE = "stale"  # an equal or newer version is already here: nothing to do
    DEFERRED = "deferred"  # refers to a row generation not seen yet: keep and retry


class Change(NamedTuple):
    """One captured change of one row (an outbox record). A named tuple: bundles carry
    hundreds of thousands, and a frozen dataclass costs six times as much to make."""

    tbl: str
    row_id: str
    op: str
    cl: int
    hlc: int
    device: str
    data: Mapping[str, Any] | None

    def key(self) -> tuple[int, int, str]:
        return (self.cl, self.hlc, self.device)


class BadChange(ValueError):
    """A change record that cannot be valid (unknown table or field, wrong shape)."""


_COLUMNS = {name: frozenset(Base.metadata.tables[name].c.keys()) for name in _SYNCED}
_NOT_NULL = {
    name: frozenset(c.name for c in Base.metadata.tables[name].columns if not c.nullable)
    for name in _SYNCED
}


def required_fields(tbl: str) -> frozenset[str]:
    """The fields of a synced table that may not be empty (a known table)."""
    return _NOT_NULL[tbl]


def validate(change: Change) -> Table:
    """The table of a well-formed change; raises :class:`BadChange` otherwise."""
    columns = _COLUMNS.get(change.tbl)
    if columns is None:
        raise BadChange(f"unknown table {change.tbl!r}")
    op, cl = change.op, change.cl
    if op not in ("i", "u", "d") or type(cl) is not int or cl < 1:
        raise BadChange("bad op or causal length")
    if (op == "d") != (cl % 2 == 0):
        raise BadChange("causal length does not match op")
    if op != "d":
        data = change.data
        if not isinstance(data, Mapping):
            raise BadChange("missing data")
        if not data.keys() <= columns:
            raise BadChange(f"unknown fields {sorted(set(data) - columns)!r}")
        if op == "i" and data.get("id") != change.row_id:
            raise BadChange("row id mismatch")
        if op == "u" and "id" in data and data["id"] != change.row_id:
            raise BadChange("row id mismatch")
        if None in data.values():
            nulls = {k for k, v in data.items() if v is None} & _NOT_NULL[change.tbl]
            if nulls:
                raise BadChange(f"empty required fields {sorted(nulls)!r}")
    return Base.metadata.tables[change.tbl]


def apply_changes(conn: Connection, changes: Iterable[Change]) -> dict[Outcome, int]:
    """Apply changes in the given order; ``DEFERRED`` ones are kept and retried later.

    Returns how many of ``changes`` were applied, stale or deferred (kept in ``lt_pending``).
    Changes kept earlier whose row generation arrived here are applied too.
    """
    from libtrainer.store import pending

    counts = dict.fromkeys(Outcome, 0)
    renewed: set[tuple[str, str]] = set()
    for change in changes:
        outcome = apply_change(conn, change)
        counts[outcome] += 1
        if outcome is Outcome.DEFERRED:
            pending.keep(conn, change)
        elif outcome is Outcome.APPLIED and change.op != "u":
            renewed.add((change.tbl, change.row_id))
    pending.retry(conn, renewed)
    return counts


def apply_change(conn: Connection, change: Change) -> Outcome:
    """Merge one change into the store (a ``DEFERRED`` one is left to the caller)."""
    table = validate(change)
    star = clock_of(conn, change.tbl, change.row_id, "*")
    local_cl = star[0] if star else 0
    try:
        if change.op in ("i", "d"):
            if change.cl > local_cl:
                _replace_generation(conn, table, change)
                return Outcome.APPLIED
            if change.cl < local_cl or change.op == "d":
                return Outcome.STALE
            assert star is not None
            if codeclash.applies(change, star):  # one code, maybe two people: note it
                codeclash.notice(conn, change, star)
            return _merge_fields(conn, table, change, star)
        if star is None or change.cl > local_cl:
            return Outcome.DEFERRED
        if change.cl < local_cl:
            return Outcome.STALE
        return _merge_fields(conn, table, change, star)
    except held.BadRowValue as exc:
        raise BadChange(str(exc)) from exc


def clock_of(conn: Connection, tbl: str, row_id: str, field: str) -> tuple[int, int, str] | None:
    """``(causal length, HLC, device)`` of one clock entry, or None."""
    row = conn.execute(
        select(Clock.cl, Clock.hlc, Clock.device).where(
            Clock.tbl == tbl, Clock.row_id == row_id, Clock.field == field
        )
    ).first()
    return None if row is None else (int(row[0]), int(row[1]), str(row[2]))


def _replace_generation(conn: Connection, table: Table, change: Change) -> None:
    """A newer causal length: the row now exists with exactly these values, or not at all."""
    where = held.locate(conn, table, change.row_id)
    if change.op == "d":
        held.remove(conn, table, change.row_id, where)
        if change.tbl == codeclash.TABLE:
            codeclash.forget(conn, change.row_id)  # an erased person's names go everywhere
    else:
        assert change.data is not None
        held.place(conn, table, change.row_id, change.data, where)
    conn.execute(
        delete(Clock).where(
            Clock.tbl == change.tbl, Clock.row_id == change.row_id, Clock.field != "*"
        )
    )
    set_clock(conn, change.tbl, change.row_id, "*", change.cl, change.hlc, change.device)


def _merge_fields(
    conn: Connection, table: Table, change: Change, star: tuple[int, int, str]
) -> Outcome:
    """Same generation: each field keeps the version with the higher (HLC, device)."""
    assert change.data is not None
    incoming = (change.hlc, change.device)
    fields = {
        row[0]: (int(row[1]), str(row[2]))
        for row in conn.execute(
            select(Clock.field, Clock.hlc, Clock.device).where(
                Clock.tbl == change.tbl, Clock.row_id == change.row_id, Clock.field != "*"
            )
        )
    }
    winners = {
        name: value
        for name, value in change.data.items()
        if name != "id" and incoming > fields.get(name, (star[1], star[2]))
    }
    if not winners:
        return Outcome.STALE
    held.merge_values(conn, table, change.row_id, winners)
    for name in winners:
        set_clock(conn, change.tbl, change.row_id, name, star[0], change.hlc, change.device)
    return Outcome.APPLIED


def set_clock(
    conn: Connection, tbl: str, row_id: str, field: str, cl: int, hlc: int, device: str
) -> None:
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    stmt = dialect.insert(Clock).values(
        tbl=tbl, row_id=row_id, field=field, cl=cl, hlc=hlc, device=device
    )
    conn.execute(
        stmt.on_conflict_do_update(
            index_elements=[Clock.tbl, Clock.row_id, Clock.field],
            set_={"cl": cl, "hlc": hlc, "device": device},
        )
    )
