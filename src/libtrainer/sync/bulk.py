"""Bulk statements of the ingest fast path: look-ups by id, row writes, clock writes.

On SQLite these are raw ``executemany`` statements with ``?`` parameters (table and column
names come from the models, values are always bound); on PostgreSQL the same work goes through
SQLAlchemy Core. Values are converted exactly as ``codec.decode`` and SQLAlchemy would convert
them, so a row written here is byte for byte the row the row-by-row path writes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from functools import cache
from typing import Any

from sqlalchemy import (
    Connection,
    Date,
    Integer,
    String,
    Table,
    Time,
    bindparam,
    insert,
    select,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite

from libtrainer.store import held
from libtrainer.store.apply import BadChange, Change
from libtrainer.store.bulkcapture import triggers_dropped
from libtrainer.store.codec import BadValue, decode
from libtrainer.store.models import Clock

CHUNK = 900
BULK_TRIGGER_ROWS = 2000
LARGE_BUNDLE = 20_000
LARGE_CACHE_KIB = -512 * 1024  # up to 512 MiB, taken only as the bundle needs it
Converter = Callable[[Any], Any]


def lookup(
    conn: Connection, sql: str, core: Any, fixed: tuple[Any, ...], ids: list[str]
) -> list[Any]:
    """Rows of a query filtered by ``id IN ids``, in chunks: raw SQL on SQLite (``sql`` ends in
    ``IN``; names are the model's own), the Core statement ``core(chunk)`` elsewhere."""
    found: list[Any] = []
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        if conn.dialect.name == "sqlite":
            marks = ", ".join("?" * len(chunk))
            found.extend(conn.exec_driver_sql(f"{sql} ({marks})", (*fixed, *chunk)).all())
        else:
            found.extend(conn.execute(core(chunk)).all())
    return found


def stars(
    conn: Connection, by_row: Iterable[tuple[str, str]]
) -> dict[tuple[str, str], tuple[int, int, str]]:
    """The ``'*'`` clock of every row the bundle touches that has one."""
    ids: dict[str, list[str]] = {}
    for tbl, row_id in by_row:
        ids.setdefault(tbl, []).append(row_id)
    found: dict[tuple[str, str], tuple[int, int, str]] = {}
    for tbl, row_ids in ids.items():
        rows = lookup(
            conn,
            "SELECT row_id, cl, hlc, device FROM lt_clock WHERE tbl = ? AND field = '*' "
            "AND row_id IN",
            lambda chunk, tbl=tbl: select(Clock.row_id, Clock.cl, Clock.hlc, Clock.device).where(
                Clock.tbl == tbl, Clock.field == "*", Clock.row_id.in_(chunk)
            ),
            (tbl,),
            row_ids,
        )
        for row_id, cl, hlc, device in rows:
            found[(tbl, row_id)] = (int(cl), int(hlc), str(device))
    return found


def present(conn: Connection, tbl: str, ids: set[str]) -> set[str]:
    """Which of ``ids`` are rows in ``tbl``."""
    table = held.table_of(tbl)
    rows = lookup(
        conn,
        f"SELECT id FROM {table.name} WHERE id IN",
        lambda chunk: select(table.c.id).where(table.c.id.in_(chunk)),
        (),
        sorted(ids),
    )
    return {r[0] for r in rows}


@contextmanager
def large_cache(conn: Connection, changes: int) -> Iterator[None]:
    """A page cache large enough for a big bundle's transaction (SQLite), then the usual one.

    A transaction writing more pages than the cache holds spills dirty pages into the WAL
    before it commits, encrypting them twice over; that cost more than the inserts.
    """
    if conn.dialect.name != "sqlite" or changes < LARGE_BUNDLE:
        yield
        return
    usual = conn.exec_driver_sql("PRAGMA cache_size").scalar()
    conn.exec_driver_sql(f"PRAGMA cache_size = {LARGE_CACHE_KIB}")
    try:
        yield
    finally:
        conn.exec_driver_sql(f"PRAGMA cache_size = {int(usual or -2000)}")


@contextmanager
def trigger_off(conn: Connection, tbl: str, event: str, rows: int) -> Iterator[None]:
    """Within the block, no capture trigger on ``event`` (INSERT, UPDATE) of ``tbl`` (SQLite,
    large batches).

    Ingest does not capture anyway (``capture_suspended``), but SQLite still evaluates each
    trigger's ``WHEN lt_capturing() …`` — a call into Python — for every row, which costs more
    than the insert itself. The triggers are dropped inside the bundle's transaction and created
    again from their own stored text before it ends; a rollback restores them too.
    """
    if conn.dialect.name != "sqlite" or rows < BULK_TRIGGER_ROWS:
        yield
        return
    with triggers_dropped(conn, tbl, event):
        yield


@cache
def converters(tbl: str, dialect: str) -> tuple[tuple[str, Any, Converter], ...]:
    """Per column: name, default, and a function from JSON value to the value to bind."""
    table = held.table_of(tbl)
    bind_dialect: Any = sqlite.dialect() if dialect == "sqlite" else postgresql.dialect()  # type: ignore[no-untyped-call]
    result = []
    for column in table.columns:
        default = column.default.arg if column.default is not None else None  # type: ignore[attr-defined]
        processor = (
            column.type.dialect_impl(bind_dialect).bind_processor(bind_dialect)
            if dialect == "sqlite"
            else None
        )
        result.append((column.name, default, converter(column, processor)))
    return tuple(result)


def converter(column: Any, processor: Converter | None) -> Converter:
    """``codec.decode`` (then the dialect's bind processor), specialised for speed: the same
    values are accepted and refused."""
    kind, where = column.type, f"{column.table.name}.{column.name}"

    def bad(value: Any) -> BadChange:
        return BadChange(f"bad value for {where}")

    if isinstance(kind, String) and not isinstance(kind, (Date, Time)):
        length = kind.length

        def text(value: Any) -> Any:
            if value is None or (
                isinstance(value, str) and (length is None or len(value) <= length)
            ):
                return value
            raise bad(value)

        text.text_limit = length  # type: ignore[attr-defined]
        return text
    if isinstance(kind, Integer):

        def integer(value: Any) -> Any:
            if value is None or (isinstance(value, int) and not isinstance(value, bool)):
                return value
            raise bad(value)

        integer.integers = True  # type: ignore[attr-defined]
        return integer

    def generic(value: Any) -> Any:
        if value is None:
            return None
        try:
            python = decode(column, value)
        except BadValue as exc:
            raise bad(value) from exc
        return processor(python) if processor is not None else python

    return generic


def write_rows(conn: Connection, table: Table, rows: list[Change]) -> None:
    dialect = conn.dialect.name
    columns = converters(table.name, dialect)
    if dialect == "sqlite":
        names = ", ".join(name for name, _d, _c in columns)
        marks = ", ".join("?" for _ in columns)
        datas = [change.data or {} for change in rows]
        values = [
            convert_column(convert, [data.get(name, default) for data in datas])
            for name, default, convert in columns
        ]
        # Names are the model's own table and columns; values are bound.
        conn.exec_driver_sql(
            f"INSERT INTO {table.name} ({names}) VALUES ({marks})", list(zip(*values))
        )
        return
    dicts = [
        {
            name: convert((change.data or {}).get(name, default))
            for name, default, convert in columns
        }
        for change in rows
    ]
    conn.execute(insert(table), dicts)


def convert_column(convert: Converter, values: list[Any]) -> list[Any]:
    """``[convert(v) for v in values]``, by column where it can be: a text column whose values
    are all short enough texts (or empty) and an integer column of integers pass unchanged."""
    limit = getattr(convert, "text_limit", False)
    kinds = set(map(type, values))
    if limit is not False and kinds <= _TEXT_KINDS:
        texts = [v for v in values if v is not None] if type(None) in kinds else values
        if limit is None or not texts or max(map(len, texts)) <= limit:
            return values
    elif getattr(convert, "integers", False) and kinds <= _INT_KINDS:
        return values
    return [convert(value) for value in values]


_TEXT_KINDS = frozenset({str, type(None)})
_INT_KINDS = frozenset({int, type(None)})


def write_stars(conn: Connection, rows: list[Change]) -> None:
    """The ``'*'`` clock of each new row (in key order: appends to the clock's index)."""
    ordered = sorted(rows, key=lambda c: c.row_id)
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql(
            "INSERT INTO lt_clock (tbl, row_id, field, cl, hlc, device) "
            "VALUES (?, ?, '*', ?, ?, ?)",
            [(c.tbl, c.row_id, c.cl, c.hlc, c.device) for c in ordered],
        )
    else:
        conn.execute(
            insert(Clock),
            [
                {
                    "tbl": c.tbl,
                    "row_id": c.row_id,
                    "field": "*",
                    "cl": c.cl,
                    "hlc": c.hlc,
                    "device": c.device,
                }
                for c in ordered
            ],
        )


def field_clocks(
    conn: Connection, ids: dict[str, set[str]]
) -> dict[tuple[str, str], dict[str, tuple[int, str]]]:
    found: dict[tuple[str, str], dict[str, tuple[int, str]]] = {}
    for tbl, row_ids in ids.items():
        rows = lookup(
            conn,
            "SELECT row_id, field, hlc, device FROM lt_clock WHERE tbl = ? AND field <> '*' "
            "AND row_id IN",
            lambda chunk, tbl=tbl: select(Clock.row_id, Clock.field, Clock.hlc, Clock.device).where(
                Clock.tbl == tbl, Clock.field != "*", Clock.row_id.in_(chunk)
            ),
            (tbl,),
            sorted(row_ids),
        )
        for row_id, field, hlc, device in rows:
            found.setdefault((tbl, row_id), {})[field] = (int(hlc), str(device))
    return found


def write_updates(
    conn: Connection, table: Table, names: list[str], rows: list[tuple[str, dict[str, Any]]]
) -> None:
    dialect = conn.dialect.name
    convert = {name: conv for name, _d, conv in converters(table.name, dialect)}
    if dialect == "sqlite":
        sets = ", ".join(f"{name} = ?" for name in names)
        params = [tuple(convert[n](won[n]) for n in names) + (row_id,) for row_id, won in rows]
        conn.exec_driver_sql(f"UPDATE {table.name} SET {sets} WHERE id = ?", params)
        return
    stmt = (
        update(table)
        .where(table.c.id == bindparam("_id"))
        .values({name: bindparam(f"_v_{name}") for name in names})
    )
    conn.execute(
        stmt,
        [{"_id": row_id, **{f"_v_{n}": convert[n](won[n]) for n in names}} for row_id, won in rows],
    )


def write_field_clocks(conn: Connection, clocks: list[dict[str, Any]]) -> None:
    if not clocks:
        return
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    stmt = dialect.insert(Clock)
    stmt = stmt.on_conflict_do_update(
        index_elements=[Clock.tbl, Clock.row_id, Clock.field],
        set_={"cl": stmt.excluded.cl, "hlc": stmt.excluded.hlc, "device": stmt.excluded.device},
    )
    conn.execute(stmt, clocks)
