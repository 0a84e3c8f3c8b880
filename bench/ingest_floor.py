"""What the attendance schema costs by itself: the ceiling of ``bench/ingest.py``'s ratio.

Inserts the same 200,000 attendance rows as ``bench/ingest.py`` with one raw ``executemany``
(no sync work at all: no decoding, no clocks looked up, no capture) into variants of the
store's ``attendance`` table in an encrypted store file (the store's cipher settings and
pragmas, 512 MiB cache as an ingest of a large bundle has), committed, and compares each with
the baseline of ``bench/ingest.py``: plain ``executemany`` into a plain unencrypted table
(``id TEXT PRIMARY KEY`` and the three columns), measured in the same run.

Variants (the table's DDL comes from the models, as Alembic made it):

- ``store_table``: the table as it is: its ``id`` key, the participant index, the reports'
  covering index ``ix_attendance_report`` and both foreign keys;
- ``store_table_with_clocks``: the same plus the row's ``'*'`` clock in ``lt_clock``, which
  every synced row has (what an ingest writes at the least);
- ``without_report_index``, ``without_participant_index``, ``id_key_only``: the table with
  indexes left out, to show what each costs;
- ``without_rowid``: the table keyed by ``id`` as a ``WITHOUT ROWID`` table (indexes kept).

Ingest can be no faster than ``store_table_with_clocks``: if that ratio is under 0.5, the
issue's target (ingest ≥ 0.5 × plain) needs a schema without some of these structures. Each
figure is the best of ``--repeat`` runs. Ends with ONE JSON line of figures.

    .venv/bin/python bench/ingest_floor.py [--rows 200000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from pathlib import Path
from typing import Any

import sqlcipher3
from sqlalchemy.dialects import sqlite as sqlite_dialect
from sqlalchemy.schema import CreateIndex, CreateTable

from ingest import plain_values_rate, workload  # bench/ingest.py: the same rows and baseline
from libtrainer.domain.ids import new_id
from libtrainer.store.cipher import STORE_FORMAT, cipher_pragmas
from libtrainer.store.engine import PRAGMAS, key_pragma
from libtrainer.store.models import Attendance, Clock, Participant, TrainingSession

CACHE = "PRAGMA cache_size = -524288"
VARIANTS = (
    "store_table",
    "store_table_with_clocks",
    "without_report_index",
    "without_participant_index",
    "id_key_only",
    "without_rowid",
)


def _ddl(table: Any, *, indexes: set[str] | None = None, without_rowid: bool = False) -> list[str]:
    dialect = sqlite_dialect.dialect()  # type: ignore[no-untyped-call]
    create = str(CreateTable(table).compile(dialect=dialect)).strip()
    if without_rowid:
        create += " WITHOUT ROWID"
    kept = [i for i in table.indexes if indexes is None or i.name in indexes]
    return [create, *(str(CreateIndex(i).compile(dialect=dialect)) for i in kept)]


def _schema(variant: str) -> list[str]:
    table: Any = Attendance.__table__
    parents = [
        f"CREATE TABLE {model.__tablename__} (id VARCHAR(36) NOT NULL PRIMARY KEY)"
        for model in (TrainingSession, Participant)
    ]
    clock = _ddl(Clock.__table__)
    every = {i.name for i in table.indexes}
    attendance = {
        "store_table": _ddl(table),
        "store_table_with_clocks": _ddl(table),
        "without_report_index": _ddl(table, indexes=every - {"ix_attendance_report"}),
        "without_participant_index": _ddl(table, indexes=every - {"ix_attendance_participant_id"}),
        "id_key_only": _ddl(table, indexes=set()),
        "without_rowid": _ddl(table, without_rowid=True),
    }[variant]
    return [*parents, *clock, *attendance]


def _store_connection(path: Path) -> Any:
    conn = sqlcipher3.connect(str(path), isolation_level=None)
    conn.execute(key_pragma(os.urandom(32)))
    for pragma in (*cipher_pragmas(STORE_FORMAT), *PRAGMAS, CACHE):
        conn.execute(pragma)
    return conn


def variant_rate(variant: str, rows: list[tuple[str, str, str, str]], folder: Path) -> float:
    """Rows per second of the raw insert (and clocks, for that variant), committed."""
    conn = _store_connection(folder / f"{variant}.db")
    for statement in _schema(variant):
        conn.execute(statement)
    sessions = sorted({r[1] for r in rows})
    people = sorted({r[2] for r in rows})
    conn.execute("BEGIN")
    conn.executemany("INSERT INTO training_session VALUES (?)", [(s,) for s in sessions])
    conn.executemany("INSERT INTO participant VALUES (?)", [(p,) for p in people])
    conn.execute("COMMIT")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    device = new_id()
    clocks = sorted((r[0], 1_700_000_000_000 + i, device) for i, r in enumerate(rows))
    start = time.perf_counter()
    conn.execute("BEGIN")
    conn.executemany(
        "INSERT INTO attendance (id, session_id, participant_id, mark) VALUES (?, ?, ?, ?)", rows
    )
    if variant == "store_table_with_clocks":
        conn.executemany(
            "INSERT INTO lt_clock (tbl, row_id, field, cl, hlc, device) "
            "VALUES ('attendance', ?, '*', 1, ?, ?)",
            clocks,
        )
    conn.execute("COMMIT")
    seconds = time.perf_counter() - start
    conn.close()
    return len(rows) / seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    _parents, changes, _edits = workload(new_id(), new_id(), args.rows, 0)
    rows = [
        (c.row_id, c.data["session_id"], c.data["participant_id"], c.data["mark"])  # type: ignore[index]
        for c in changes
    ]
    best: dict[str, float] = {}
    for _ in range(args.repeat):
        # Interleaved, so a slow minute of a shared machine touches every variant alike.
        for name in ("plain", *VARIANTS):
            with tempfile.TemporaryDirectory(prefix="lt-floor-") as tmp:
                folder = Path(tmp)
                rate = (
                    plain_values_rate(rows, folder)
                    if name == "plain"
                    else variant_rate(name, rows, folder)
                )
            best[name] = max(best.get(name, 0.0), rate)
    plain = best["plain"]
    print(f"{args.rows:,} attendance rows, raw executemany, best of {args.repeat}")
    print(f"plain table, unencrypted (baseline): {plain:>9,.0f} rows/s")
    for name in VARIANTS:
        print(f"{name:<35} {best[name]:>9,.0f} rows/s  {best[name] / plain:.2f} × plain")
    figures: dict[str, Any] = {"rows": args.rows, "plain_rows_per_s": round(plain)}
    for name in VARIANTS:
        figures[f"{name}_rows_per_s"] = round(best[name])
        figures[f"{name}_ratio"] = round(best[name] / plain, 3)
    print(json.dumps(figures, sort_keys=True))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
