"""Cost of change capture on the bulk path the import will use.

Prints, in one run, rows per second for inserting the same 200,000 attendance rows:

1. through the register import's write path, ``store.bulkcapture.insert_rows`` (one call, one
   transaction), on an encrypted store with capture on: every row lands in the outbox and the
   row clocks, captured set-wise (two ``INSERT … SELECT`` per table) instead of per row;
2. the same path with capture off (``capture_suspended``), as ingest writes;
1b. for comparison, Core ``insert(Attendance)`` executemany in chunks of 5,000 with the
   per-row capture triggers (how the services' ordinary writes are captured);
3. plain ``sqlite3.executemany`` into an unencrypted file with the same table and indexes, WAL,
   the same cache size, one transaction (the baseline);

then the ratios against the baseline (target: capture on ≥ 0.3 of plain) and ONE JSON line.

    .venv/bin/python bench/capture.py [--rows 200000] [--chunk 5000] [--repeat 1]

Each variant writes into a fresh file, so every run starts from an empty attendance table. Rates
are given by wall clock (the target) and by this process's CPU time (steadier when other work
shares the machine); with ``--repeat N`` the best of N interleaved runs counts.
"""

from __future__ import annotations

import argparse
import json
import secrets
import sqlite3
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import insert
from sqlalchemy.dialects import sqlite as sqlite_dialect
from sqlalchemy.schema import CreateIndex, CreateTable

from libtrainer.domain.ids import fact_id, new_id
from libtrainer.services import setup
from libtrainer.store.bulkcapture import insert_rows
from libtrainer.store.capture import capture_suspended
from libtrainer.store.engine import PRAGMAS
from libtrainer.store.models import Attendance, Participant, TrainingSession
from libtrainer.store.store import Store

TARGET_RATIO = 0.3
PARTICIPANTS = 500


def open_store(folder: Path) -> tuple[Store, str]:
    """A fresh encrypted, initialised store; returns it and its branch id."""
    store = Store.open(folder / "store.db", secrets.token_bytes(32), create=True)
    ident = setup.initialise(
        store,
        region="Alytaus apskritis",
        library="Lazdijų r. savivaldybės viešoji biblioteka",
        branch="Būdviečio padalinys",
        device_name="Bench PC",
        role="branch",
    )
    return store, ident.branch_id


def parents(rows: int) -> tuple[list[str], list[str]]:
    """Session and participant ids whose cross product gives ``rows`` attendance rows."""
    sessions = -(-rows // PARTICIPANTS)
    return [new_id() for _ in range(sessions)], [new_id() for _ in range(PARTICIPANTS)]


def attendance_rows(session_ids: list[str], people: list[str], rows: int) -> list[dict[str, Any]]:
    """Attendance rows as an import produces them: one session's sheet after another."""
    out: list[dict[str, Any]] = []
    for s in session_ids:
        for p in people:
            out.append(
                {
                    "id": fact_id("attendance", s, p),
                    "session_id": s,
                    "participant_id": p,
                    "mark": "present",
                }
            )
    return out[:rows]


def add_parents(store: Store, branch_id: str, session_ids: list[str], people: list[str]) -> None:
    """The sessions and participants the attendance rows point at (not timed)."""
    import datetime as dt

    with store.uow() as uow:
        uow.connection.execute(
            insert(TrainingSession),
            [
                {
                    "id": s,
                    "branch_id": branch_id,
                    "date": dt.date(2025, 3, 3),
                    "academic_hours": 2.0,
                }
                for s in session_ids
            ],
        )
        uow.connection.execute(
            insert(Participant),
            [
                {
                    "id": p,
                    "branch_id": branch_id,
                    "given_name": "Rūta",
                    "family_name": f"Žukauskienė {n}",
                    "name_key": f"ruta zukauskiene {n}",
                }
                for n, p in enumerate(people)
            ],
        )
        uow.commit()


class Timer:
    """Wall-clock and process CPU seconds of a block (CPU time is steadier on a busy machine)."""

    def __enter__(self) -> Timer:
        self.wall, self.cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc: object) -> None:
        self.wall = time.perf_counter() - self.wall
        self.cpu = time.process_time() - self.cpu


def bulk_insert(store: Store, rows: list[dict[str, Any]], chunk: int, *, variant: str) -> Timer:
    """Write ``rows`` through a unit of work and one commit: the import's path with capture on
    or off, or chunked Core executemany with the per-row triggers."""
    table: Any = Attendance.__table__
    with Timer() as timer, store.uow() as uow:
        if variant == "capture_on":
            insert_rows(uow.connection, table, rows)
        elif variant == "capture_triggers":
            _write_chunks(uow.connection.execute, rows, chunk)
        else:
            with capture_suspended(uow.connection):
                insert_rows(uow.connection, table, rows)
        uow.commit()
    return timer


def _write_chunks(execute: Callable[..., Any], rows: list[dict[str, Any]], chunk: int) -> None:
    stmt = insert(Attendance)
    for i in range(0, len(rows), chunk):
        execute(stmt, rows[i : i + chunk])


def plain_insert(folder: Path, rows: list[dict[str, Any]]) -> Timer:
    """Plain sqlite3 executemany of the same rows into the same table and indexes, unencrypted."""
    table = Attendance.__table__
    dialect = sqlite_dialect.dialect()
    folder.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(folder / "plain.db", isolation_level=None)
    for pragma in PRAGMAS:  # the store's pragmas, minus encryption and foreign-key checks
        if "cipher" not in pragma and "foreign_keys" not in pragma:
            conn.execute(pragma)
    conn.execute(str(CreateTable(table).compile(dialect=dialect)))  # type: ignore[arg-type]
    for index in table.indexes:  # type: ignore[attr-defined]
        conn.execute(str(CreateIndex(index).compile(dialect=dialect)))
    values = [(r["id"], r["session_id"], r["participant_id"], r["mark"]) for r in rows]
    with Timer() as timer:
        conn.execute("BEGIN")
        conn.executemany(
            "INSERT INTO attendance (id, session_id, participant_id, mark) VALUES (?, ?, ?, ?)",
            values,
        )
        conn.execute("COMMIT")
    conn.close()
    return timer


def run_store(
    folder: Path,
    rows: list[dict[str, Any]],
    parents_: tuple[list[str], list[str]],
    chunk: int,
    *,
    variant: str,
) -> Timer:
    """One encrypted-store variant in a fresh file."""
    store, branch_id = open_store(folder)
    try:
        add_parents(store, branch_id, *parents_)
        timer = bulk_insert(store, rows, chunk, variant=variant)
        if variant != "capture_off":
            captured = store.pending_changes()
            assert captured >= len(rows), f"expected ≥{len(rows)} captured, found {captured}"
        return timer
    finally:
        store.close()


def measure(rows_wanted: int, chunk: int, repeat: int) -> dict[str, Any]:
    """Best of ``repeat`` runs of each variant, interleaved so a busy spell hits all alike."""
    session_ids, people = parents(rows_wanted)
    rows = attendance_rows(session_ids, people, rows_wanted)
    n = len(rows)
    best: dict[str, Timer] = {}
    with tempfile.TemporaryDirectory(prefix="lt-bench-") as tmp:
        for attempt in range(repeat):
            base = Path(tmp) / str(attempt)
            for name in ("capture_on", "capture_off", "capture_triggers", "plain"):
                if name == "plain":
                    timer = plain_insert(base / name, rows)
                else:
                    timer = run_store(
                        base / name,
                        rows,
                        (session_ids, people),
                        chunk,
                        variant=name,
                    )
                if name not in best or timer.wall < best[name].wall:
                    best[name] = timer
    figures: dict[str, Any] = {"rows": n, "chunk": chunk, "repeat": repeat}
    for clock in ("wall", "cpu"):
        rate = {k: n / getattr(t, clock) for k, t in best.items()}
        suffix = "" if clock == "wall" else "_cpu"
        figures.update(
            {
                f"capture_on{suffix}_rows_per_s": round(rate["capture_on"]),
                f"capture_off{suffix}_rows_per_s": round(rate["capture_off"]),
                f"plain{suffix}_rows_per_s": round(rate["plain"]),
                f"capture_on{suffix}_ratio": round(rate["capture_on"] / rate["plain"], 3),
                f"capture_off{suffix}_ratio": round(rate["capture_off"] / rate["plain"], 3),
                f"capture_triggers{suffix}_rows_per_s": round(rate["capture_triggers"]),
                f"capture_triggers{suffix}_ratio": round(
                    rate["capture_triggers"] / rate["plain"], 3
                ),
            }
        )
    figures["target_ratio"] = TARGET_RATIO
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--chunk", type=int, default=5_000)
    parser.add_argument("--repeat", type=int, default=1, help="best of N runs of each variant")
    args = parser.parse_args()
    f = measure(args.rows, args.chunk, args.repeat)
    print(f"attendance rows: {f['rows']:,}, one transaction each")
    for label, key in (
        ("encrypted store, capture on ", "capture_on"),
        ("encrypted store, capture off", "capture_off"),
        ("per-row triggers (Core)     ", "capture_triggers"),
    ):
        print(
            f"{label}: {f[key + '_rows_per_s']:>9,} rows/s ({f[key + '_ratio']:.2f} × plain); "
            f"CPU {f[key + '_cpu_rows_per_s']:>9,} rows/s ({f[key + '_cpu_ratio']:.2f} × plain)"
        )
    print(
        f"plain sqlite3.executemany   : {f['plain_rows_per_s']:>9,} rows/s (baseline); "
        f"CPU {f['plain_cpu_rows_per_s']:>9,} rows/s"
    )
    verdict = "meets" if f["capture_on_ratio"] >= TARGET_RATIO else "MISSES"
    print(f"capture on {verdict} the target of {TARGET_RATIO} × plain (wall clock)")
    print(json.dumps(f, sort_keys=True))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
