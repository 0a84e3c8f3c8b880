"""The catalogue a coordinator publishes to its branches: organisation, programmes, staff and
e-scouts, as a full snapshot of the merged state.

Each row travels as an insert carrying the row's causal length and insert clock, followed by
one update per field that has its own, newer clock; deleted rows travel as tombstones. Applied
with the ordinary merge rule this reproduces the coordinator's state exactly, and an old
snapshot can never undo a newer edit. The snapshot is idempotent: ingesting it twice, or an
older one after a newer one, changes nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator

from sqlalchemy import Connection, select

from libtrainer.store.apply import Change
from libtrainer.store.codec import encode
from libtrainer.store.models import Base, Clock, synced_tables

log = logging.getLogger(__name__)
CATALOGUE_TABLES = frozenset({"region", "library", "branch", "programme", "staff", "volunteer"})

_Version = tuple[int, int, str]


def _clocks(conn: Connection, tbl: str) -> dict[str, dict[str, _Version]]:
    found: dict[str, dict[str, _Version]] = {}
    rows = conn.execute(
        select(Clock.row_id, Clock.field, Clock.cl, Clock.hlc, Clock.device).where(Clock.tbl == tbl)
    )
    for row_id, field, cl, hlc, device in rows:
        found.setdefault(str(row_id), {})[str(field)] = (int(cl), int(hlc), str(device))
    return found


def _table_changes(conn: Connection, tbl: str) -> Iterator[Change]:
    table = Base.metadata.tables[tbl]
    clocks = _clocks(conn, tbl)
    present: set[str] = set()
    for row in conn.execute(select(table).order_by(table.c.id)).mappings():
        row_id = str(row["id"])
        versions = clocks.get(row_id, {})
        star = versions.get("*")
        if star is None or star[0] % 2 == 0:
            log.warning("catalogue: %s row without a clock skipped", tbl)
            continue
        present.add(row_id)
        data = {c.name: encode(c, row[c.name]) for c in table.columns}
        yield Change(tbl, row_id, "i", star[0], star[1], star[2], data)
        for field in sorted(versions):
            if field != "*" and field in data:
                _cl, hlc, device = versions[field]
                yield Change(tbl, row_id, "u", star[0], hlc, device, {field: data[field]})
    for row_id in sorted(set(clocks) - present):
        star = clocks[row_id].get("*")
        if star is not None and star[0] % 2 == 0:
            yield Change(tbl, row_id, "d", star[0], star[1], star[2], None)


def snapshot(conn: Connection) -> list[Change]:
    """Every catalogue row and tombstone, parents before children."""
    return [
        change
        for tbl in synced_tables()
        if tbl in CATALOGUE_TABLES
        for change in _table_changes(conn, tbl)
    ]
