"""Where a merged row lives: in its table when every row it refers to is there, else held.

A row that exists (odd causal length) but refers to a row that is not in its table — not
received yet, deleted, or itself held — waits in ``lt_held`` with the JSON of all its fields.
It is never dropped: when the row it waits for appears it moves into its table (and so, in
turn, do the rows waiting for it). When a row leaves its table (deleted, or held itself), the
rows referring to it are held first, children before parents, so foreign keys hold at every
statement on SQLite and PostgreSQL alike. The tables therefore always contain exactly the
*visible* rows: alive, with every non-null reference visible.

Values are kept in the JSON form of change records (``codec``); table and column names come
from the models, never from a record.
"""

from __future__ import annotations

import enum
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from sqlalchemy import Connection, Table, delete, func, insert, select, update

from libtrainer.store.codec import BadValue, decode, encode
from libtrainer.store.models import Base, Clock, Held, synced_tables


class Where(enum.Enum):
    TABLE = "table"
    HELD = "held"
    NOWHERE = "nowhere"


class BadRowValue(ValueError):
    """A value that does not fit its column (raised as ``BadChange`` by ``apply``)."""


@cache
def parents_of(tbl: str) -> tuple[tuple[str, str], ...]:
    """``(column, parent table)`` of each reference of a synced table."""
    table = Base.metadata.tables[tbl]
    refs = {(fk.parent.name, fk.column.table.name) for fk in table.foreign_keys}
    return tuple(sorted(refs))


@cache
def children_of(tbl: str) -> tuple[tuple[str, str], ...]:
    """``(child table, column)`` of every synced reference to ``tbl``."""
    found = [
        (child, column)
        for child in synced_tables()
        for column, parent in parents_of(child)
        if parent == tbl
    ]
    return tuple(found)


@cache
def reference_columns(tbl: str) -> frozenset[str]:
    return frozenset(column for column, _parent in parents_of(tbl))


def table_of(tbl: str) -> Table:
    return Base.metadata.tables[tbl]


def decoded(table: Table, values: Mapping[str, Any]) -> dict[str, Any]:
    """Column values from JSON values; :class:`BadRowValue` when one does not fit."""
    try:
        return {name: decode(table.c[name], value) for name, value in values.items()}
    except BadValue as exc:
        raise BadRowValue(f"bad value for {table.name}.{exc}") from exc


def locate(conn: Connection, table: Table, row_id: str) -> Where:
    if conn.execute(select(table.c.id).where(table.c.id == row_id)).first() is not None:
        return Where.TABLE
    found = conn.execute(
        select(Held.row_id).where(Held.tbl == table.name, Held.row_id == row_id)
    ).first()
    return Where.HELD if found is not None else Where.NOWHERE


def current_values(conn: Connection, table: Table, row_id: str, where: Where) -> dict[str, Any]:
    """The JSON values of a row in its table or held; empty when it is nowhere."""
    if where is Where.TABLE:
        row = conn.execute(select(table).where(table.c.id == row_id)).one()
        return {c.name: encode(c, v) for c, v in zip(table.columns, row)}
    if where is Where.HELD:
        text = conn.execute(
            select(Held.data).where(Held.tbl == table.name, Held.row_id == row_id)
        ).scalar_one()
        loaded = json.loads(text)
        return dict(loaded) if isinstance(loaded, dict) else {}
    return {}


def missing_parent(conn: Connection, tbl: str, values: Mapping[str, Any]) -> tuple[str, str] | None:
    """The first referred row that is not in its table, as ``(table, id)``; None if all are."""
    for column, parent in parents_of(tbl):
        ref = values.get(column)
        if ref is None:
            continue
        ptable = table_of(parent)
        if not isinstance(ref, str):
            return (parent, str(ref))
        if conn.execute(select(ptable.c.id).where(ptable.c.id == ref)).first() is None:
            return (parent, ref)
    return None


def place(
    conn: Connection, table: Table, row_id: str, values: Mapping[str, Any], where: Where
) -> None:
    """Make the row exist with ``values``: in its table if its references are there, else held."""
    values = {**values, "id": row_id}
    column_values = decoded(table, values)
    waits = missing_parent(conn, table.name, values)
    if waits is None:
        if where is Where.TABLE:
            conn.execute(update(table).where(table.c.id == row_id).values(column_values))
            return
        if where is Where.HELD:
            _drop_held(conn, table.name, row_id)
        conn.execute(insert(table).values(column_values))
        link(conn, table.name, [row_id])
        return
    if where is Where.TABLE:
        unlink(conn, table.name, row_id)
        conn.execute(delete(table).where(table.c.id == row_id))
    _hold(conn, table.name, row_id, values, waits, replace=where is Where.HELD)


def remove(conn: Connection, table: Table, row_id: str, where: Where) -> None:
    """The row no longer exists (a tombstone): rows referring to it are held first."""
    if where is Where.TABLE:
        unlink(conn, table.name, row_id)
        conn.execute(delete(table).where(table.c.id == row_id))
    elif where is Where.HELD:
        _drop_held(conn, table.name, row_id)


def merge_values(conn: Connection, table: Table, row_id: str, winners: Mapping[str, Any]) -> None:
    """Write the winning field values of a same-generation merge wherever the row lives."""
    where = locate(conn, table, row_id)
    if where is Where.NOWHERE:
        raise RuntimeError(f"{table.name} row has a clock but no values")
    if where is Where.TABLE and not (reference_columns(table.name) & set(winners)):
        conn.execute(update(table).where(table.c.id == row_id).values(decoded(table, winners)))
        return
    values = current_values(conn, table, row_id, where)
    values.update(winners)
    place(conn, table, row_id, values, where)


def unlink(conn: Connection, tbl: str, row_id: str) -> None:
    """Hold every row that refers to ``tbl``/``row_id`` (and, first, the rows referring to them)."""
    for child, column in children_of(tbl):
        ctable = table_of(child)
        rows = conn.execute(select(ctable).where(ctable.c[column] == row_id)).all()
        for row in rows:
            values = {c.name: encode(c, v) for c, v in zip(ctable.columns, row)}
            unlink(conn, child, values["id"])
            conn.execute(delete(ctable).where(ctable.c.id == values["id"]))
            _hold(conn, child, values["id"], values, (tbl, row_id), replace=False)


def link(conn: Connection, tbl: str, row_ids: Iterable[str]) -> None:
    """Rows now in ``tbl``: move the rows that waited for them into their tables if they can."""
    if not children_of(tbl):
        return
    ids = list(row_ids)
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        waiting = conn.execute(
            select(Held.tbl, Held.row_id, Held.data).where(
                Held.wait_tbl == tbl, Held.wait_id.in_(chunk)
            )
        ).all()
        for child, child_id, text in waiting:
            loaded = json.loads(text)
            place(conn, table_of(child), child_id, dict(loaded), Where.HELD)


def sweep(conn: Connection) -> int:
    """Move into their tables the held rows whose awaited row is there now; how many moved.

    Placing a row normally links the rows waiting for it; this catches the rest (a row that
    arrived through a local edit, a bulk insert), until nothing more moves.
    """
    moved_total = 0
    while True:
        moved = 0
        waits = [r[0] for r in conn.execute(select(Held.wait_tbl).distinct())]
        for wait_tbl in waits:
            if wait_tbl not in Base.metadata.tables:
                continue
            parent = table_of(wait_tbl)
            ready = conn.execute(
                select(Held.tbl, Held.row_id, Held.data).where(
                    Held.wait_tbl == wait_tbl, Held.wait_id.in_(select(parent.c.id))
                )
            ).all()
            for child, child_id, text in ready:
                if locate(conn, table_of(child), child_id) is Where.HELD:
                    place(conn, table_of(child), child_id, dict(json.loads(text)), Where.HELD)
                    moved += 1
        moved_total += moved
        if not moved:
            return moved_total


def count(conn: Connection) -> int:
    return int(conn.execute(select(func.count()).select_from(Held)).scalar_one())


@dataclass(frozen=True)
class HeldGroup:
    """Held rows of one table that wait for the same kind of record, for the same reason."""

    tbl: str  # the held rows' table
    wait_tbl: str  # the table of the record they (or the rows they refer to) wait for
    deleted_by: str | None  # the device whose delete that record is; None: not arrived yet
    rows: int


def reasons(conn: Connection) -> list[HeldGroup]:
    """Why rows are held: each held row's chain of held parents is followed to the record that
    is not there; a tombstone (even causal length) means it was deleted, by the device of that
    tombstone; no tombstone means it has not arrived yet. Read only; merging is not affected."""
    waits = {
        (tbl, row_id): (wait_tbl, wait_id)
        for tbl, row_id, wait_tbl, wait_id in conn.execute(
            select(Held.tbl, Held.row_id, Held.wait_tbl, Held.wait_id)
        )
    }
    roots: dict[tuple[str, str], tuple[str, str | None]] = {}
    counts: dict[tuple[str, str, str | None], int] = {}
    for (tbl, _row_id), awaited in waits.items():
        for _step in range(len(waits)):  # a held parent: what it waits for, and so on
            if awaited not in waits:
                break
            awaited = waits[awaited]
        if awaited not in roots:
            roots[awaited] = (awaited[0], _deleted_by(conn, *awaited))
        wait_tbl, deleted_by = roots[awaited]
        key = (tbl, wait_tbl, deleted_by)
        counts[key] = counts.get(key, 0) + 1
    return [HeldGroup(t, w, d, n) for (t, w, d), n in sorted(counts.items(), key=str)]


def _deleted_by(conn: Connection, tbl: str, row_id: str) -> str | None:
    """The device whose tombstone ``tbl``/``row_id`` is, or None when it is not deleted."""
    found = conn.execute(
        select(Clock.cl, Clock.device).where(
            Clock.tbl == tbl, Clock.row_id == row_id, Clock.field == "*"
        )
    ).first()
    if found is None or found[0] % 2:
        return None
    return str(found[1])


def held_exists(conn: Connection) -> bool:
    return conn.execute(select(Held.row_id).limit(1)).first() is not None


def _hold(
    conn: Connection,
    tbl: str,
    row_id: str,
    values: Mapping[str, Any],
    waits: tuple[str, str],
    *,
    replace: bool,
) -> None:
    if replace:
        _drop_held(conn, tbl, row_id)
    text = json.dumps(dict(values), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    conn.execute(
        insert(Held).values(tbl=tbl, row_id=row_id, data=text, wait_tbl=waits[0], wait_id=waits[1])
    )


def _drop_held(conn: Connection, tbl: str, row_id: str) -> None:
    conn.execute(delete(Held).where(Held.tbl == tbl, Held.row_id == row_id))
