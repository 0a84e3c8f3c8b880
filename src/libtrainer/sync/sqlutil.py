"""Small statements that must run the same on SQLite (device store) and PostgreSQL (central)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, select
from sqlalchemy.dialects import postgresql, sqlite

from libtrainer.store.models import Meta


def upsert(conn: Connection, model: Any, values: dict[str, Any], keys: list[str]) -> None:
    """Insert ``values`` into ``model``'s table, or update the row with the same ``keys``."""
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    stmt = dialect.insert(model).values(**values)
    changed = {k: v for k, v in values.items() if k not in keys}
    conn.execute(stmt.on_conflict_do_update(index_elements=keys, set_=changed))


def read_meta(conn: Connection, key: str) -> str | None:
    return conn.execute(select(Meta.value).where(Meta.key == key)).scalar_one_or_none()


def write_meta(conn: Connection, key: str, value: str) -> None:
    upsert(conn, Meta, {"key": key, "value": value}, ["key"])
