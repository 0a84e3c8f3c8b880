"""Canonical dump of the synced content: every synced row and every tombstone, sorted.

Two stores hold the same synced data exactly when their canonical dumps are equal. Used by the
replay property test, by convergence tests of sync, and to compare SQLite with PostgreSQL.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Connection, select

from libtrainer.store.codec import encode
from libtrainer.store.models import Base, Clock, synced_tables


def canonical_dump(conn: Connection) -> dict[str, Any]:
    """``{"tables": {name: [row, …]}, "tombstones": [[table, id, cl], …]}``, sorted by id."""
    tables: dict[str, list[dict[str, Any]]] = {}
    for name in synced_tables():
        table = Base.metadata.tables[name]
        cols = sorted(table.columns, key=lambda c: c.name)
        rows = conn.execute(select(*cols).order_by(table.c.id)).all()
        tables[name] = [{c.name: encode(c, v) for c, v in zip(cols, row)} for row in rows]
    stones = conn.execute(
        select(Clock.tbl, Clock.row_id, Clock.cl)
        .where(Clock.field == "*", Clock.cl % 2 == 0)
        .order_by(Clock.tbl, Clock.row_id)
    ).all()
    return {"tables": tables, "tombstones": [[t, r, int(cl)] for t, r, cl in stones]}


def dump_text(conn: Connection) -> str:
    """The canonical dump as stable JSON text."""
    return json.dumps(canonical_dump(conn), sort_keys=True, ensure_ascii=False, indent=1)
