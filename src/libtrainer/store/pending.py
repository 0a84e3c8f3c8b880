"""Changes received before the row generation they belong to (``Outcome.DEFERRED``).

An edit made on a device after it restored a row (causal length 3) can reach a store before
the restore itself. It is kept in ``lt_pending`` — never dropped — and applied as soon as a
new generation of its row arrives; if a newer delete arrives first it becomes stale there.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from sqlalchemy import Connection, delete, func, insert, select

from libtrainer.store.apply import Change, Outcome, apply_change
from libtrainer.store.models import Pending

_CHUNK = 500


def keep(conn: Connection, change: Change) -> None:
    """Keep a deferred change (once: the same record kept twice is one)."""
    exists = conn.execute(
        select(Pending.seq).where(
            Pending.tbl == change.tbl,
            Pending.row_id == change.row_id,
            Pending.cl == change.cl,
            Pending.hlc == change.hlc,
            Pending.device == change.device,
        )
    ).first()
    if exists is not None:
        return
    data = None if change.data is None else json.dumps(dict(change.data), ensure_ascii=False)
    conn.execute(
        insert(Pending).values(
            tbl=change.tbl,
            row_id=change.row_id,
            op=change.op,
            cl=change.cl,
            hlc=change.hlc,
            device=change.device,
            data=data,
        )
    )


def count(conn: Connection) -> int:
    return int(conn.execute(select(func.count()).select_from(Pending)).scalar_one())


def retry(conn: Connection, rows: Iterable[tuple[str, str]]) -> int:
    """Apply the kept changes of ``rows`` that can now be applied; returns how many were."""
    if conn.execute(select(Pending.seq).limit(1)).first() is None:
        return 0
    by_table: dict[str, list[str]] = {}
    for tbl, row_id in rows:
        by_table.setdefault(tbl, []).append(row_id)
    found: list[Any] = []
    for tbl, ids in by_table.items():
        for start in range(0, len(ids), _CHUNK):
            found.extend(
                conn.execute(
                    select(Pending).where(
                        Pending.tbl == tbl, Pending.row_id.in_(ids[start : start + _CHUNK])
                    )
                ).all()
            )
    released = 0
    for row in sorted(found, key=lambda r: r.seq):
        data = None if row.data is None else json.loads(row.data)
        change = Change(row.tbl, row.row_id, row.op, row.cl, row.hlc, row.device, data)
        if apply_change(conn, change) is not Outcome.DEFERRED:
            conn.execute(delete(Pending).where(Pending.seq == row.seq))
            released += 1
    return released
