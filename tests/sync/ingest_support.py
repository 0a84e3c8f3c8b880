"""Helpers for the ingest tests: small in-memory stores and a reference model of the merge.

``memory_store`` gives a :class:`Store` over an in-memory SQLite database (SQLCipher's driver,
no key) with the real schema, the real capture triggers and the real per-connection capture
functions; only the file, its encryption and Alembic are left out, so one costs about a
millisecond (a copy of a template database). The merge code path is the very one used on the
encrypted file store.

``expected_state`` is the merge rule written as simply as possible, from the set of changes a
store received, independent of their order: per row the highest causal length among inserts
and deletes wins; within it each field takes the value of the change with the highest
(HLC, device); a row is visible when it exists and every row it refers to is visible.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import sqlcipher3
from sqlalchemy import Connection, create_engine, event, select
from sqlalchemy.pool import StaticPool

from libtrainer.store import capture
from libtrainer.store.apply import Change
from libtrainer.store.capture import CaptureState, Identity, register_functions
from libtrainer.store.codec import decode, encode
from libtrainer.store.dump import canonical_dump
from libtrainer.store.hlc import HybridClock
from libtrainer.store.models import Base, Branch, Held, Library, Pending, Region, synced_tables
from libtrainer.store.store import Store

BASE_REGION = "00000000-0000-4000-8000-00000000000a"
BASE_LIBRARY = "00000000-0000-4000-8000-00000000000b"
BASE_BRANCH = "00000000-0000-4000-8000-00000000000c"
BASE_ROWS: dict[str, list[dict[str, Any]]] = {
    "region": [{"id": BASE_REGION, "code": "AL", "name": "Alytaus apskritis", "country": "LT"}],
    "library": [{"id": BASE_LIBRARY, "region_id": BASE_REGION, "name": "Lazdijų biblioteka"}],
    "branch": [
        {
            "id": BASE_BRANCH,
            "library_id": BASE_LIBRARY,
            "name": "Būdviečio padalinys",
            "kind": "branch",
            "rural": True,
            "archived": False,
        }
    ],
}

_template: Any = None
_RESET_ORDER = [table.name for table in reversed(Base.metadata.sorted_tables)]
_SYNCED = synced_tables()
_states: dict[int, CaptureState] = {}


def _install(raw: Any, identity: Identity) -> CaptureState:
    cur = raw.cursor()
    for pragma in ("PRAGMA foreign_keys = ON", "PRAGMA temp_store = MEMORY"):
        cur.execute(pragma)
    cur.close()
    state = CaptureState(identity=identity)
    register_functions(raw, state)
    _states[id(raw)] = state
    return state


def _engine(raw: Any, identity: Identity) -> Any:
    engine = create_engine(
        "sqlite://", module=sqlcipher3.dbapi2, creator=lambda: raw, poolclass=StaticPool
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, record: Any) -> None:
        dbapi_conn.isolation_level = None
        record.info["lt_capture"] = _install(dbapi_conn, identity)

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        immediate = conn.get_execution_options().get("lt_immediate", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


def _template_db() -> Any:
    """The schema, capture triggers and the base organisation rows, built once per process."""
    global _template
    if _template is None:
        raw = sqlcipher3.connect(":memory:", check_same_thread=False, isolation_level=None)
        engine = _engine(raw, Identity(clock=HybridClock(), device_id="template"))
        with engine.begin() as conn:
            Base.metadata.create_all(conn)
            capture.install_triggers(conn)
            with capture.capture_suspended(conn):
                insert_base_rows(conn)
        _template = raw
    return _template


def insert_base_rows(conn: Connection) -> None:
    """The organisation rows every simulated store starts with (written without clocks)."""
    for model in (Region, Library, Branch):
        for row in BASE_ROWS[model.__tablename__]:
            conn.execute(model.__table__.insert().values(**_decoded(model, row)))


def _decoded(model: Any, row: dict[str, Any]) -> dict[str, Any]:
    table = model.__table__
    return {k: decode(table.c[k], v) for k, v in row.items()}


_free: list[tuple[Any, Any, Identity]] = []


def _reset(raw: Any) -> None:
    """Empty a reused database back to the template's rows (data only: no schema change, so
    SQLite does not parse the schema and its 80 triggers again)."""
    state = _states.get(id(raw))
    if state is None:
        return  # never connected: still exactly the template
    state.enabled = False
    cur = raw.cursor()
    cur.execute("PRAGMA foreign_keys = OFF")
    cur.execute("BEGIN")
    for name in _RESET_ORDER:
        cur.execute(f"DELETE FROM {name}")  # noqa: S608 - the model's own names
    for model in (Region, Library, Branch):
        for row in BASE_ROWS[model.__tablename__]:
            names = ", ".join(row)
            marks = ", ".join("?" for _ in row)
            cur.execute(
                f"INSERT INTO {model.__tablename__} ({names}) VALUES ({marks})",
                [int(v) if isinstance(v, bool) else v for v in row.values()],
            )
    cur.execute("COMMIT")
    cur.execute("PRAGMA foreign_keys = ON")
    cur.close()
    state.enabled = True


def memory_store(device_id: str, wall: Callable[[], int] | None = None) -> Store:
    """A fresh in-memory store writing as ``device_id``, its clock reading ``wall``.

    Engines are reused (see :func:`release`): SQLAlchemy caches compiled statements per engine,
    and compiling afresh for every store would cost more than the test itself.
    """
    clock = HybridClock(wall=wall) if wall is not None else HybridClock()
    if _free:
        raw, engine, identity = _free.pop()
        _reset(raw)
        identity.clock, identity.device_id = clock, device_id
    else:
        raw = sqlcipher3.connect(":memory:", check_same_thread=False, isolation_level=None)
        _template_db().backup(raw)
        identity = Identity(clock=clock, device_id=device_id)
        engine = _engine(raw, identity)
    store = Store(Path(":memory:"), engine, identity)
    store.raw = raw  # type: ignore[attr-defined]
    return store


def release(store: Store) -> None:
    """Give a memory store's engine back for reuse (the store must not be used afterwards)."""
    _free.append((store.raw, store.engine, store.identity))  # type: ignore[attr-defined]


def full_state(conn: Connection) -> dict[str, Any]:
    """The canonical dump plus what is held and pending (held rows by their data)."""
    dump = canonical_dump(conn)
    held = conn.execute(select(Held.tbl, Held.row_id, Held.data)).all()
    pending = conn.execute(select(Pending.tbl, Pending.row_id, Pending.cl, Pending.hlc)).all()
    return {
        "dump": dump,
        "held": sorted((t, r, json.loads(d)) for t, r, d in held),
        "pending": sorted(set(pending)),
    }


def raw_state(store: Store) -> dict[str, Any]:
    """Everything a merge decides, read straight from SQLite (quicker than the canonical dump,
    for comparing stores with each other): synced rows, tombstones, held rows, pending."""
    cur = store.raw.cursor()  # type: ignore[attr-defined]
    state: dict[str, Any] = {}
    for name in _SYNCED:
        state[name] = cur.execute(f"SELECT * FROM {name} ORDER BY id").fetchall()  # noqa: S608
    state["tombstones"] = cur.execute(
        "SELECT tbl, row_id, cl FROM lt_clock WHERE field = '*' AND cl % 2 = 0 ORDER BY 1, 2"
    ).fetchall()
    state["held"] = cur.execute("SELECT tbl, row_id, data FROM lt_held ORDER BY 1, 2").fetchall()
    state["pending"] = cur.execute(
        "SELECT DISTINCT tbl, row_id, cl, hlc, device, data FROM lt_pending ORDER BY 1, 2, 3, 4, 5"
    ).fetchall()
    cur.close()
    return state


# --- the reference model ---------------------------------------------------------------------


def _normal(tbl: str, values: dict[str, Any]) -> dict[str, Any]:
    table = Base.metadata.tables[tbl]
    row = {}
    for column in table.columns:
        value = values.get(column.name, column.default.arg if column.default is not None else None)
        row[column.name] = encode(column, decode(column, value))
    return row


def expected_state(changes: Iterable[Change]) -> dict[str, Any]:
    """The canonical dump a store must hold after receiving exactly ``changes`` (any order)."""
    received = list(changes)
    generation: dict[tuple[str, str], int] = {}
    for c in received:
        if c.op in ("i", "d"):
            key = (c.tbl, c.row_id)
            generation[key] = max(generation.get(key, 0), c.cl)
    values: dict[tuple[str, str], dict[str, tuple[tuple[int, str], Any]]] = {}
    for c in received:
        key = (c.tbl, c.row_id)
        if c.op == "d" or c.cl != generation.get(key):
            continue
        fields = values.setdefault(key, {})
        for name, value in (c.data or {}).items():
            if name not in fields or (c.hlc, c.device) > fields[name][0]:
                fields[name] = ((c.hlc, c.device), value)
    alive = {
        key: {name: v for name, (_version, v) in fields.items()}
        for key, fields in values.items()
        if generation[key] % 2 == 1
    }
    for tbl, rows in BASE_ROWS.items():
        for row in rows:
            alive[(tbl, row["id"])] = row
    visible: dict[tuple[str, str], bool] = {}

    def is_visible(key: tuple[str, str]) -> bool:
        if key not in visible:
            visible[key] = key in alive and all(
                (fk.column.table.name, alive[key][fk.parent.name]) in alive
                and is_visible((fk.column.table.name, alive[key][fk.parent.name]))
                for fk in Base.metadata.tables[key[0]].foreign_keys
                if alive[key].get(fk.parent.name) is not None
            )
        return visible[key]

    tables: dict[str, list[dict[str, Any]]] = {name: [] for name in synced_tables()}
    for key in sorted(alive):
        if is_visible(key):
            tables[key[0]].append(_normal(key[0], {**alive[key], "id": key[1]}))
    for rows in tables.values():
        rows.sort(key=lambda r: r["id"])
    stones = sorted([t, r, g] for (t, r), g in generation.items() if g % 2 == 0)
    return {"tables": tables, "tombstones": stones}
