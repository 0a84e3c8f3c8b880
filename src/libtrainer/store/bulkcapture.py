"""Inserting many new rows at once, captured set-wise instead of by a trigger per row.

A register import writes tens of thousands of new rows in one unit of work. The capture
triggers would record them one by one (two look-ups, two calls into Python and two inserts per
row). :func:`insert_rows` records exactly the same thing with two statements per table instead:

1. the rows are inserted with the table's INSERT triggers dropped inside the transaction (they
   are created again from their own stored text before the block ends; a rollback restores
   them too);
2. the new rows are the table's rows with a rowid above the largest one before the insert (one
   writer at a time, inside one transaction), so one ``INSERT … SELECT`` writes their ``'*'``
   clocks and one more writes their outbox records — the same ``json_object`` of the same
   columns as the trigger, in insert order, each stamped with its own timestamp from a block
   reserved on the store's clock.

Rows whose id already has a clock (a deleted row coming back: a restore) and small batches go
through the ordinary Core insert and its triggers. ``tests/store/test_bulkcapture.py`` proves
the outbox and clocks equal what the triggers write.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Connection, Table, insert

from libtrainer.store.capture import TRIGGER_PREFIX, json_data, state_of

BULK_MIN_ROWS = 500
CHUNK = 900


def insert_rows(conn: Connection, table: Table, rows: Sequence[Mapping[str, Any]]) -> None:
    """Insert ``rows`` (new records, as for a Core ``insert(table)``) with change capture."""
    if not rows:
        return
    state = state_of(conn)
    keys = list(rows[0].keys())
    if (
        conn.dialect.name != "sqlite"
        or table.dialect_options["sqlite"]["with_rowid"] is False  # new rows found by rowid
        or len(rows) < BULK_MIN_ROWS
        or not state.enabled
        or "id" not in keys
        or any(row.keys() != rows[0].keys() for row in rows)
    ):
        conn.execute(insert(table), list(rows))
        return
    known = _with_clock(conn, table.name, [str(row["id"]) for row in rows])
    fresh = [row for row in rows if row["id"] not in known]
    if fresh:
        _insert_fresh(conn, table, fresh, state.identity.device_id)
    if known:
        conn.execute(insert(table), [row for row in rows if row["id"] in known])


def _with_clock(conn: Connection, tbl: str, ids: list[str]) -> set[str]:
    """Those of ``ids`` that already have a row clock (live or a tombstone)."""
    found: set[str] = set()
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        marks = ", ".join("?" * len(chunk))
        found.update(
            conn.exec_driver_sql(
                "SELECT row_id FROM lt_clock WHERE tbl = ? AND field = '*' "
                f"AND row_id IN ({marks})",
                (tbl, *chunk),
            ).scalars()
        )
    return found


def _insert_fresh(
    conn: Connection, table: Table, rows: Sequence[Mapping[str, Any]], device_id: str
) -> None:
    names, params = _params(conn, table, rows)
    before = int(
        conn.exec_driver_sql(f"SELECT coalesce(max(rowid), 0) FROM {table.name}").scalar_one()
    )
    with triggers_dropped(conn, table.name, "INSERT"):
        # Table and column names are the model's own; every value is bound.
        conn.exec_driver_sql(
            f"INSERT INTO {table.name} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})",
            params,
        )
    after = int(conn.exec_driver_sql(f"SELECT max(rowid) FROM {table.name}").scalar_one())
    # One timestamp per rowid in (before, after]: rowid r gets first + (r - before - 1).
    base = state_of(conn).identity.clock.reserve(after - before) - before - 1
    conn.exec_driver_sql(
        "INSERT INTO lt_clock (tbl, row_id, field, cl, hlc, device) "
        f"SELECT ?, id, '*', 1, ? + rowid, ? FROM {table.name} WHERE rowid > ?",
        (table.name, base, device_id, before),
    )
    conn.exec_driver_sql(
        "INSERT INTO lt_outbox (tbl, row_id, op, cl, hlc, device, data) "
        f"SELECT ?, id, 'i', 1, ? + rowid, ?, {json_data(table.name, '')} "
        f"FROM {table.name} WHERE rowid > ? ORDER BY rowid",
        (table.name, base, device_id, before),
    )


def _params(
    conn: Connection, table: Table, rows: Sequence[Mapping[str, Any]]
) -> tuple[list[str], list[tuple[Any, ...]]]:
    """Column names and bound values, converted as SQLAlchemy's Core insert converts them:
    the column's scalar default where a key is absent, then the dialect's bind processor."""
    dialect = conn.dialect
    given = rows[0].keys()
    names: list[str] = []
    getters: list[tuple[str | None, Any, Any]] = []
    for column in table.columns:
        processor = column.type.dialect_impl(dialect).bind_processor(dialect)
        if column.key in given:
            key = column.key
            getters.append((key, None, processor))
        elif column.default is not None and column.default.is_scalar:
            getters.append((None, column.default.arg, processor))  # type: ignore[attr-defined]
        else:
            continue
        names.append(column.name)
    params = [
        tuple(
            (proc(value) if proc is not None else value)
            for key, default, proc in getters
            for value in (row[key] if key is not None else default,)
        )
        for row in rows
    ]
    return names, params


@contextmanager
def triggers_dropped(conn: Connection, tbl: str, event: str) -> Iterator[None]:
    """Within the block, no capture trigger on ``event`` (INSERT, UPDATE) of ``tbl`` (SQLite).

    The triggers are dropped inside the caller's transaction and created again from their own
    stored text before the block ends; a rollback restores them as well. Callers either do the
    capturing themselves (:func:`insert_rows`) or write with capture suspended (ingest), where
    SQLite would still call ``lt_capturing()`` — Python — for every row.
    """
    found = conn.exec_driver_sql(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ? "
        "AND substr(name, 1, ?) = ?",
        (tbl, len(TRIGGER_PREFIX), TRIGGER_PREFIX),
    ).all()
    dropped = [(str(n), str(q)) for n, q in found if f"AFTER {event} ON" in " ".join(q.split())]
    for name, _sql in dropped:
        conn.exec_driver_sql(f'DROP TRIGGER "{name}"')
    try:
        yield
    finally:
        for _name, sql in dropped:
            conn.exec_driver_sql(sql)
