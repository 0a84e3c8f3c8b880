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

from sqlalchemy import Connection

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


def trigger_sql(table: str) -> list[str]:
    """CREATE TRIGGER statements for one synced table (names are ours, never user text)."""
    cols = synced_columns(table)
    data = ", ".join(f"'{c}', NEW.{c}" for c in cols)
    changed = " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in cols if c != "id")
    diff_kv = " UNION ALL ".join(
        f"SELECT '{c}' AS k, NEW.{c} AS v WHERE OLD.{c} IS NOT NEW.{c}" for c in cols if c != "id"
    )
    diff_k = " UNION ALL ".join(
        f"SELECT '{c}' AS k WHERE OLD.{c} IS NOT NEW.{c}" for c in cols if c != "id"
    )
    p = f"{TRIGGER_PREFIX}{table}"
    upsert = (
        "ON CONFLICT(tbl, row_id, field) "
        "DO UPDATE SET cl=excluded.cl, hlc=excluded.hlc, device=excluded.device"
    )
    return [
        f"""CREATE TRIGGER {p}_pk BEFORE UPDATE OF id ON {table} WHEN OLD.id IS NOT NEW.id
BEGIN SELECT RAISE(ABORT, 'libtrainer: record ids are immutable'); END""",
        f"""CREATE TRIGGER {p}_i AFTER INSERT ON {table} WHEN lt_capturing()
BEGIN
  INSERT INTO lt_clock(tbl, row_id, field, cl, hlc, device) VALUES ('{table}', NEW.id, '*',
    coalesce(({_clock_cl(table, "NEW")}) + ((({_clock_cl(table, "NEW")}) + 1) % 2), 1),
    lt_hlc(), lt_device()) {upsert};
  DELETE FROM lt_clock WHERE tbl='{table}' AND row_id=NEW.id AND field<>'*';
  INSERT INTO lt_outbox(tbl, row_id, op, cl, hlc, device, data)
    SELECT '{table}', NEW.id, 'i', cl, hlc, device, json_object({data})
    FROM lt_clock WHERE tbl='{table}' AND row_id=NEW.id AND field='*';
END""",
        f"""CREATE TRIGGER {p}_u AFTER UPDATE ON {table} WHEN lt_capturing() AND ({changed})
BEGIN
  INSERT INTO lt_outbox(tbl, row_id, op, cl, hlc, device, data) VALUES ('{table}', NEW.id, 'u',
    coalesce(({_clock_cl(table, "NEW")}), 1), lt_hlc(), lt_device(),
    (SELECT json_group_object(k, v) FROM ({diff_kv})));
  INSERT INTO lt_clock(tbl, row_id, field, cl, hlc, device)
    SELECT '{table}', NEW.id, k, 1, lt_hlc_last(), lt_device() FROM ({diff_k}) WHERE 1 {upsert};
END""",
        f"""CREATE TRIGGER {p}_d AFTER DELETE ON {table} WHEN lt_capturing()
BEGIN
  INSERT INTO lt_clock(tbl, row_id, field, cl, hlc, device) VALUES ('{table}', OLD.id, '*',
    coalesce(({_clock_cl(table, "OLD")}) + (({_clock_cl(table, "OLD")}) % 2), 2),
    lt_hlc(), lt_device()) {upsert};
  INSERT INTO lt_outbox(tbl, row_id, op, cl, hlc, device, data)
    SELECT '{table}', OLD.id, 'd', cl, hlc, device, NULL
    FROM lt_clock WHERE tbl='{table}' AND row_id=OLD.id AND field='*';
END""",
    ]


def all_trigger_sql() -> list[str]:
    return [sql for table in synced_tables() for sql in trigger_sql(table)]


def signature() -> str:
    """A hash of the trigger definitions; stored so a changed schema re-creates them."""
    return hashlib.sha256("\n".join(all_trigger_sql()).encode()).hexdigest()[:16]


def existing_triggers(conn: Connection) -> set[str]:
    rows = conn.exec_driver_sql(
        "SELECT name FROM sqlite_master "
        "WHERE type='trigger' AND name LIKE 'lt\\_cap\\_%' ESCAPE '\\'"
    )
    return {r[0] for r in rows}


def expected_triggers() -> set[str]:
    return {f"{TRIGGER_PREFIX}{t}_{s}" for t in synced_tables() for s in ("pk", "i", "u", "d")}


def install_triggers(conn: Connection) -> None:
    """Drop and re-create every capture trigger (after any migration: batch mode drops them)."""
    for name in existing_triggers(conn):
        conn.exec_driver_sql(f'DROP TRIGGER IF EXISTS "{name}"')
    for sql in all_trigger_sql():
        conn.exec_driver_sql(sql)


def triggers_complete(conn: Connection) -> bool:
    return expected_triggers() <= existing_triggers(conn)
