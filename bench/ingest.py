"""Ingest speed: bundles of 200,000 new attendance rows and 50,000 updates into a real store.

What is measured, in one run:

1. ingest rate of the inserts: the branch's two insert bundles (100,000 changes each, as
   ``publish`` splits them) read from a share folder, verified, decrypted, decoded and merged
   into an encrypted coordinator store — rows per second, whole pipeline;
2. the same for the 50,000 updates (a third bundle);
3. baseline: plain ``sqlite3.executemany`` of the same 200,000 rows into a plain table
   (``id TEXT PRIMARY KEY`` and the three columns; unencrypted file, WAL, 64 MB cache, one
   transaction), in the same run;
4. the ratio of 1 to 3 (target ≥ 0.5), and compressed bytes per change of the bundles as
   stored on the share (header, signature and encryption included; target ≤ 25);
5. for context, two more rates of the same rows, with their ratios to 3: plain ``executemany``
   into an unencrypted copy of the store's own ``attendance`` table (its indexes, no foreign
   keys: ``same_table``), and raw ``executemany`` into a fresh encrypted store's
   ``attendance`` table with its indexes and foreign keys but no capture, no clocks, no
   decoding, committed (``store_floor``): what the schema on SQLCipher costs by itself.

Sessions and participants the rows refer to are merged first, untimed. Each figure is the best
of ``--repeat`` runs (a fresh store each time). Ends with ONE JSON line of figures.

    .venv/bin/python bench/ingest.py [--inserts 200000] [--updates 50000] [--repeat 2]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sqlite3
import tempfile
import time
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from sqlalchemy.dialects import sqlite as sqlite_dialect
from sqlalchemy.schema import CreateIndex, CreateTable

from libtrainer.domain.ids import fact_id, new_id
from libtrainer.services import setup
from libtrainer.store.apply import Change
from libtrainer.store.bulkcapture import triggers_dropped
from libtrainer.store.capture import capture_suspended
from libtrainer.store.hlc import pack
from libtrainer.store.models import Attendance
from libtrainer.store.store import Store
from libtrainer.sync import crypto
from libtrainer.sync.bundle import build_bundle, bundle_hash, open_bundle
from libtrainer.sync.ingest import FileIngest
from libtrainer.sync.share import bundle_name
from libtrainer.sync.target import StoreTarget
from libtrainer.sync.trust import DeviceEntry, DeviceKey, TrustList

PER_BUNDLE = 100_000
REGION = "bench"


def workload(
    device: str, branch: str, inserts: int, updates: int
) -> tuple[list[Change], list[Change], list[Change]]:
    """(parents, attendance inserts, mark updates) shaped like a branch's real work."""
    rnd = random.Random(3)
    parents: list[Change] = []
    rows: list[Change] = []
    ms = 1_700_000_000_000
    while len(rows) < inserts:
        people = [new_id() for _ in range(rnd.randint(10, 18))]
        for person in people:
            data = {
                "id": person,
                "given_name": "Žydrūnė",
                "family_name": "Šimkūnienė",
                "name_key": "zydrune simkuniene",
                "branch_id": branch,
            }
            parents.append(Change("participant", person, "i", 1, pack(ms), device, data))
        for _ in range(rnd.randint(8, 14)):
            session, ms = new_id(), ms + rnd.randint(60_000, 3_600_000)
            data = {"id": session, "branch_id": branch, "date": "2026-03-02", "academic_hours": 2.0}
            parents.append(Change("training_session", session, "i", 1, pack(ms), device, data))
            for counter, person in enumerate(people):
                row = fact_id("attendance", session, person)
                mark = rnd.choices(["present", "absent", "excused"], [85, 10, 5])[0]
                data = {"id": row, "session_id": session, "participant_id": person, "mark": mark}
                rows.append(Change("attendance", row, "i", 1, pack(ms, counter + 1), device, data))
    rows = rows[:inserts]
    edits = [
        Change(
            "attendance",
            target.row_id,
            "u",
            1,
            pack(ms + 1000 + i),
            device,
            {"mark": rnd.choice(["absent", "excused"])},
        )
        for i, target in enumerate(rnd.sample(rows, updates))
    ]
    wanted = {c.data["session_id"] for c in rows} | {c.data["participant_id"] for c in rows}  # type: ignore[index]
    return [p for p in parents if p.row_id in wanted], rows, edits


class Branch:
    """A device identity, its trust entry and its bundles written to a share folder."""

    def __init__(self, folder: Path) -> None:
        self.device = new_id()
        self.signing, self.reader = Ed25519PrivateKey.generate(), X25519PrivateKey.generate()
        sign_pub = crypto.public_bytes(self.signing)
        self.key = DeviceKey(crypto.key_id(sign_pub), sign_pub, crypto.public_bytes(self.reader), 1)
        entry = DeviceEntry(self.device, "PC-1", "branch", None, "", (self.key,))
        self.trust = TrustList(REGION, 1, {self.device: entry}, (self.key.key_id,))
        self.folder = folder / "outbox" / self.device
        self.folder.mkdir(parents=True)
        self.seq, self.prev = 0, None

    def write(self, changes: list[Change]) -> list[Path]:
        paths = []
        for start in range(0, len(changes), PER_BUNDLE):
            part = changes[start : start + PER_BUNDLE]
            self.seq += 1
            data = build_bundle(
                part,
                region=REGION,
                device=self.device,
                signing_key=self.signing,
                seq=self.seq,
                prev_hash=self.prev,
                created_hlc=part[-1].hlc,
                trust_version=1,
                recipients=[self.key.x25519],
            )
            self.prev = bundle_hash(data)
            path = self.folder / bundle_name(self.seq, self.prev)
            path.write_bytes(data)
            paths.append(path)
        return paths


def ingest(store: Store, branch: Branch, paths: list[Path]) -> float:
    """Seconds to ingest ``paths`` (read, verify, decrypt, decode, merge) into ``store``."""
    run = FileIngest(
        StoreTarget(store),
        read=lambda path: path.read_bytes(),
        open_=lambda data, name: open_bundle(
            data, trust=branch.trust, decrypt_keys=[branch.reader], region=REGION
        ),
        label=lambda device: device or "",
        now_ms=1_760_000_000_000,
    )
    start = time.perf_counter()
    for path in paths:
        run.one(path)
    seconds = time.perf_counter() - start
    assert not run.report.quarantined, run.report.quarantined
    return seconds


def plain_rate(rows: list[Change], folder: Path) -> float:
    """Rows per second of plain sqlite3 executemany into a plain table (one transaction)."""
    return plain_values_rate([_values(c) for c in rows], folder)


def plain_values_rate(params: list[tuple[Any, ...]], folder: Path) -> float:
    """``plain_rate`` of rows given as (id, session_id, participant_id, mark) tuples."""
    conn = sqlite3.connect(folder / "plain.db", isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA cache_size = -65536")
    conn.execute(
        "CREATE TABLE plain (id TEXT PRIMARY KEY, session_id TEXT, participant_id TEXT, mark TEXT)"
    )
    start = time.perf_counter()
    conn.execute("BEGIN")
    conn.executemany("INSERT INTO plain VALUES (?, ?, ?, ?)", params)
    conn.execute("COMMIT")
    seconds = time.perf_counter() - start
    conn.close()
    return len(params) / seconds


def same_table_rate(rows: list[Change], folder: Path) -> float:
    """Plain executemany into an unencrypted table with the store's attendance DDL."""
    table: Any = Attendance.__table__
    dialect = sqlite_dialect.dialect()  # type: ignore[no-untyped-call]
    conn = sqlite3.connect(folder / "same.db", isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA cache_size = -65536")
    conn.execute(str(CreateTable(table).compile(dialect=dialect)))
    for index in table.indexes:
        conn.execute(str(CreateIndex(index).compile(dialect=dialect)))
    params = [_values(c) for c in rows]
    start = time.perf_counter()
    conn.execute("BEGIN")
    conn.executemany(
        "INSERT INTO attendance (id, session_id, participant_id, mark) VALUES (?, ?, ?, ?)", params
    )
    conn.execute("COMMIT")
    seconds = time.perf_counter() - start
    conn.close()
    return len(rows) / seconds


def store_floor_rate(
    folder: Path, branch: Branch, parent_paths: list[Path], rows: list[Change]
) -> float:
    """Raw executemany of the rows into a fresh encrypted store's own attendance table (indexes
    and foreign keys on; no capture, clocks or decoding), committed like an ingest."""
    store = _coordinator(folder / "floor")
    try:
        ingest(store, branch, parent_paths)
        params = [_values(c) for c in rows]
        start = time.perf_counter()
        with store.uow() as uow, capture_suspended(uow.connection):
            with triggers_dropped(uow.connection, "attendance", "INSERT"):
                raw = uow.connection.connection.driver_connection
                assert raw is not None
                raw.executemany(
                    "INSERT INTO attendance (id, session_id, participant_id, mark) "
                    "VALUES (?, ?, ?, ?)",
                    params,
                )
            uow.commit()
        return len(rows) / (time.perf_counter() - start)
    finally:
        store.close()


def _coordinator(folder: Path) -> Store:
    store = Store.open(folder / "libtrainer.db", os.urandom(32), create=True)
    setup.initialise(
        store,
        region="Alytaus apskritis",
        library="Lazdijų biblioteka",
        branch="Centrinė",
        device_name="Koordinatorė",
        role="coordinator",
    )
    return store


def _values(c: Change) -> tuple[Any, ...]:
    data: Any = c.data
    return (c.row_id, data["session_id"], data["participant_id"], data["mark"])


def one_run(inserts: int, updates: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory(prefix="lt-bench-") as tmp:
        folder = Path(tmp)
        store = _coordinator(folder / "coord")
        branch = Branch(folder / "share")
        branch_id = setup.identity(store).branch_id
        parents, rows, edits = workload(branch.device, branch_id, inserts, updates)
        parent_paths = branch.write(parents)
        ingest(store, branch, parent_paths)
        floor = store_floor_rate(folder, branch, parent_paths, rows)
        insert_paths, update_paths = branch.write(rows), branch.write(edits)
        size = sum(p.stat().st_size for p in insert_paths + update_paths)
        insert_s = ingest(store, branch, insert_paths)
        update_s = ingest(store, branch, update_paths)
        with store.read() as conn:
            count = conn.exec_driver_sql("SELECT count(*) FROM attendance").scalar_one()
            changed = conn.exec_driver_sql(
                "SELECT count(*) FROM attendance WHERE mark != 'present'"
            ).scalar_one()
        assert count == inserts and changed >= updates, (count, changed)
        store.close()
        return {
            "ingest_rows_per_s": inserts / insert_s,
            "update_rows_per_s": updates / update_s,
            "plain_rows_per_s": plain_rate(rows, folder),
            "same_table_rows_per_s": same_table_rate(rows, folder),
            "store_floor_rows_per_s": floor,
            "bytes_per_change": size / (inserts + updates),
        }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--inserts", type=int, default=200_000)
    parser.add_argument("--updates", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    runs = [one_run(args.inserts, args.updates) for _ in range(args.repeat)]
    best = {key: max(r[key] for r in runs) for key in runs[0]}
    best["bytes_per_change"] = min(r["bytes_per_change"] for r in runs)
    ratio = best["ingest_rows_per_s"] / best["plain_rows_per_s"]
    print(f"{args.inserts:,} new attendance rows, {args.updates:,} updates; best of {args.repeat}")
    print(f"ingest (read+verify+decrypt+decode+merge): {best['ingest_rows_per_s']:>9,.0f} rows/s")
    print(f"ingest of updates:                         {best['update_rows_per_s']:>9,.0f} rows/s")
    print(f"plain sqlite3.executemany (baseline):      {best['plain_rows_per_s']:>9,.0f} rows/s")
    print(
        f"ratio {ratio:.2f} (target ≥ 0.5); {best['bytes_per_change']:.1f} bytes per change "
        "on the share (target ≤ 25)"
    )
    plain = best["plain_rows_per_s"]
    print(
        f"context: same table and indexes, unencrypted {best['same_table_rows_per_s']:>9,.0f} "
        f"rows/s ({best['same_table_rows_per_s'] / plain:.2f} × plain; ingest "
        f"{best['ingest_rows_per_s'] / best['same_table_rows_per_s']:.2f} × this)"
    )
    print(
        f"context: raw insert, encrypted store's table "
        f"{best['store_floor_rows_per_s']:>9,.0f} rows/s "
        f"({best['store_floor_rows_per_s'] / plain:.2f} × plain; ingest "
        f"{best['ingest_rows_per_s'] / best['store_floor_rows_per_s']:.2f} × this)"
    )
    figures = {
        "inserts": args.inserts,
        "updates": args.updates,
        "ingest_rows_per_s": round(best["ingest_rows_per_s"]),
        "update_rows_per_s": round(best["update_rows_per_s"]),
        "plain_rows_per_s": round(best["plain_rows_per_s"]),
        "ingest_ratio": round(ratio, 3),
        "update_ratio": round(best["update_rows_per_s"] / best["plain_rows_per_s"], 3),
        "bytes_per_change": round(best["bytes_per_change"], 2),
        "same_table_rows_per_s": round(best["same_table_rows_per_s"]),
        "same_table_ratio": round(best["same_table_rows_per_s"] / plain, 3),
        "ingest_vs_same_table_ratio": round(
            best["ingest_rows_per_s"] / best["same_table_rows_per_s"], 3
        ),
        "store_floor_rows_per_s": round(best["store_floor_rows_per_s"]),
        "store_floor_ratio": round(best["store_floor_rows_per_s"] / plain, 3),
        "ingest_vs_store_floor_ratio": round(
            best["ingest_rows_per_s"] / best["store_floor_rows_per_s"], 3
        ),
    }
    print(json.dumps(figures, sort_keys=True))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
