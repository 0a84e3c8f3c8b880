"""Change capture: SQLite triggers write every change of a synced table into ``lt_outbox``.

Each trigger runs only ``WHEN lt_capturing()``, a function registered on every connection of
the store; a connection without it cannot write to a synced table at all ("no such function").
Ingest suspends capture on its own connection (:func:`capture_suspended`) so merged writes are
not captured again. Timestamps come from ``lt_hlc()``; the device from ``lt_device()``.

Per row change the triggers write one outbox record (op i/u/d, causal length, HLC, device, the
JSON of the fields written) and keep ``lt_clock`` current: the ``'*'`` entry holds the row's
causal length (odd = exists, even = deleted: a tombstone) and insert HLC, field entries hold the
HLC of later edits. An UPDATE that changes no value writes nothing.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, text

from libtrainer.domain.ids import is_uuid
from libtrainer.store.hlc import HybridClock
from libtrainer.store.models import synced_columns, synced_tables

TRIGGER_PREFIX = "lt_cap_"


@dataclass
class Identity:
    """What every connection of one store shares: its clock and the device id it writes as."""

    clock: HybridClock
    device_id: str = ""


@dataclass
class CaptureState:
    """Per-connection capture switch over the store's shared identity."""

    identity: Identity
    enabled: bool = True
    last_hlc: int = field(default=0)

    def capturing(self) -> int:
        return 1 if self.enabled else 0

    def hlc(self) -> int:
        if not self.identity.device_id:
            raise RuntimeError("store has no device id yet")
        self.last_hlc = self.identity.clock.now()
        return self.last_hlc

    def hlc_last(self) -> int:
        return self.last_hlc

    def device(self) -> str:
        return self.identity.device_id


def register_functions(dbapi_conn: Any, state: CaptureState) -> None:
    """Register the capture functions on a raw DB-API connection."""
    dbapi_conn.create_function("lt_capturing", 0, state.capturing)
    dbapi_conn.create_function("lt_hlc", 0, state.hlc)
    dbapi_conn.create_function("lt_hlc_last", 0, state.hlc_last)
    dbapi_conn.create_function("lt_device", 0, state.device)


def state_of(conn: Connection) -> CaptureState:
    """The capture state of a SQLAlchemy connection's underlying DB-API connection."""
    state = conn.connection.info.get("lt_capture")
    if not isinstance(state, CaptureState):
        raise RuntimeError("connection was not opened through libtrainer.store")
    return state


@contextmanager
def capture_suspended(conn: Connection) -> Iterator[None]:
    """Within the block, writes on ``conn`` are not captured (for ingest of remote changes)."""
    state = state_of(conn)
    previous, state.enabled = state.enabled, False
    try:
        yield
    finally:
        state.enabled = previous


def _clock_cl(table: str, ref: str) -> str:
    return f"SELECT cl FROM lt_clock WHERE tbl='{table}' AND row_id={ref}.id AND field='*'"


def trigger_sql(table: str, device_id: str = "") -> list[str]:
    """CREATE TRIGGER statements for one synced table (names are ours, never user text).

    With a device id (a UUID, checked) the triggers carry it as a literal instead of calling
    ``lt_device()`` for every row; they are re-created when the id is set (bench/capture.py).
    """
    cols = synced_columns(table)
    changed = " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in cols if c != "id")
    diff_kv = " UNION ALL ".join(
        f"SELECT '{c}' AS k, NEW.{c} AS v WHERE OLD.{c} IS NOT NEW.{c}" for c in cols if c != "id"
    )
    diff_k = " UNION ALL ".join(
        f"SELECT '{c}' AS k WHERE OLD.{c} IS NOT NEW.{c}" for c in cols if c != "id"
    )
    p = f"{TRIGGER_PREFIX}{table}"
    dev = f"'{device_id}'" if is_uuid(device_id) else "lt_device()"
    star = f"SELECT 1 FROM lt_clock WHERE tbl='{table}' AND row_id=NEW.id AND field='*'"
    upsert = (
        "ON CONFLICT(tbl, row_id, field) "
        "DO UPDATE SET cl=excluded.cl, hlc=excluded.hlc, device=excluded.device"
    )
    return [
        f"""CREATE TRIGGER {p}_pk BEFORE UPDATE OF id ON {table} WHEN OLD.id IS NOT NEW.id
BEGIN SELECT RAISE(ABORT, 'libtrainer: record ids are immutable'); END""",
        # A first insert (no clock yet): the common, fast path — no lookups, no upsert.
        f"""CREATE TRIGGER {p}_i AFTER INSERT ON {table}
WHEN lt_capturing() AND NOT EXISTS ({star})
BEGIN
  INSERT INTO lt_clock(tbl, row_id, field, cl, hlc, device)
    VALUES ('{table}', NEW.id, '*', 1, lt_hlc(), {dev});
  INSERT INTO lt_outbox(tbl, row_id, op, cl, hlc, device, data)
    VALUES ('{table}', NEW.id, 'i', 1, lt_hlc_last(), {dev}, {json_data(table, "NEW.")});
END""",
        # A re-insert of a deleted id: a restore starts the next generation. The two WHEN
        # clauses exclude each other whichever order SQLite fires the triggers in.
        f"""CREATE TRIGGER {p}_r AFTER INSERT ON {table}
WHEN EXISTS ({star} AND cl % 2 = 0) AND lt_capturing()
BEGIN
  UPDATE lt_clock SET cl = cl + ((cl + 1) % 2), hlc = lt_hlc(), device = {dev}
    WHERE tbl='{table}' AND row_id=NEW.id AND field='*';
  DELETE FROM lt_clock WHERE tbl='{table}' AND row_id=NEW.id AND field<>'*';
  INSERT INTO lt_outbox(tbl, row_id, op, cl, hlc, device, data)
    SELECT '{table}', NEW.id, 'i', cl, hlc, device, {json_data(table, "NEW.")}
    FROM lt_clock WHERE tbl='{table}' AND row_id=NEW.id AND field='*';
END""",
        f"""CREATE TRIGGER {p}_u AFTER UPDATE ON {table} WHEN lt_capturing() AND ({changed})
BEGIN
  INSERT INTO lt_outbox(tbl, row_id, op, cl, hlc, device, data) VALUES ('{table}', NEW.id, 'u',
    coalesce(({_clock_cl(table, "NEW")}), 1), lt_hlc(), {dev},
    (SELECT json_group_object(k, v) FROM ({diff_kv})));
  INSERT INTO lt_clock(tbl, row_id, field, cl, hlc, device)
    SELECT '{table}', NEW.id, k, 1, lt_hlc_last(), {dev} FROM ({diff_k}) WHERE 1 {upsert};
END""",
        f"""CREATE TRIGGER {p}_d AFTER DELETE ON {table} WHEN lt_capturing()
BEGIN
  INSERT INTO lt_clock(tbl, row_id, field, cl, hlc, device) VALUES ('{table}', OLD.id, '*',
    coalesce(({_clock_cl(table, "OLD")}) + (({_clock_cl(table, "OLD")}) % 2), 2),
    lt_hlc(), {dev}) {upsert};
  INSERT INTO lt_outbox(tbl, row_id, op, cl, hlc, device, data)
    SELECT '{table}', OLD.id, 'd', cl, hlc, device, NULL
    FROM lt_clock WHERE tbl='{table}' AND row_id=OLD.id AND field='*';
END""",
    ]


def json_data(table: str, ref: str) -> str:
    """The SQL expression of a row's captured fields: ``json_object`` of every synced column
    (``ref`` is ``'NEW.'`` in a trigger, ``''`` in a query over the table)."""
    pairs = ", ".join(f"'{c}', {ref}{c}" for c in synced_columns(table))
    return f"json_object({pairs})"


def all_trigger_sql(device_id: str = "") -> list[str]:
    return [sql for table in synced_tables() for sql in trigger_sql(table, device_id)]


def signature(device_id: str = "") -> str:
    """A hash of the trigger definitions; stored so a changed schema re-creates them."""
    return hashlib.sha256("\n".join(all_trigger_sql(device_id)).encode()).hexdigest()[:16]


def existing_triggers(conn: Connection) -> set[str]:
    rows = conn.exec_driver_sql(
        "SELECT name FROM sqlite_master "
        "WHERE type='trigger' AND name LIKE 'lt\\_cap\\_%' ESCAPE '\\'"
    )
    return {r[0] for r in rows}


def expected_triggers() -> set[str]:
    return {f"{TRIGGER_PREFIX}{t}_{s}" for t in synced_tables() for s in ("pk", "i", "r", "u", "d")}


def install_triggers(conn: Connection, device_id: str = "") -> None:
    """Drop and re-create every capture trigger (after any migration: batch mode drops them)."""
    for name in existing_triggers(conn):
        conn.exec_driver_sql(f'DROP TRIGGER IF EXISTS "{name}"')
    for sql in all_trigger_sql(device_id):
        conn.exec_driver_sql(sql)
    conn.execute(
        text(
            "INSERT INTO lt_meta (key, value) VALUES ('capture_sig', :sig) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value"
        ),
        {"sig": signature(device_id)},
    )


def triggers_current(conn: Connection, device_id: str) -> bool:
    """Every trigger exists and was made for this schema and device id."""
    sig = conn.execute(text("SELECT value FROM lt_meta WHERE key = 'capture_sig'")).scalar()
    return sig == signature(device_id) and triggers_complete(conn)


def triggers_complete(conn: Connection) -> bool:
    return expected_triggers() <= existing_triggers(conn)
