"""A small simulated region for the convergence property test: devices, bundles, coordinators.

Devices are in-memory stores (``ingest_support.memory_store``) whose edits go through the real
capture triggers; their wall clocks can be skewed, stuck or run backwards. A device publishes
its outbox as a bundle (an :class:`Incoming` with seq and prev_hash, as ``sync/publish.py``
makes them, minus the encryption) and may merge other devices' bundles, so devices share rows
and edit them concurrently. Coordinators merge bundles with the real ingest code
(``ingest.merge_one``): one with the bulk path, one change by change, one more with the bulk
path. Ids are deterministic so a failing example replays exactly.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.exc import IntegrityError

from libtrainer.domain.ids import fact_id
from libtrainer.store.apply import Change
from libtrainer.store.hlc import HybridClock
from libtrainer.store.models import Base, Clock, Outbox
from libtrainer.store.store import Store
from libtrainer.sync.ingest import Quarantine, merge_one
from libtrainer.sync.merge import Incoming
from libtrainer.sync.target import StoreTarget
from tests.sync.ingest_support import BASE_BRANCH, memory_store, release

START_MS = 1_767_225_600_000  # 2026-01-01
YEAR_MS = 365 * 24 * 3600 * 1000
NAMES = ["Ąžuolas", "Žemaitė", "Jūratė", "Kęstutis", "Līga", "Ķēniņš", "Ņina", "Šarūnas"]
TITLES = ["Saugus internetas", "E. valdžia", "Viedtālrunis", "Banku pakalpojumi"]
MARKS = ["present", "absent", "excused"]
TAGS = ["job_seeker", "senior", "community"]
FACTS = {
    "attendance": ("attendance", "session_id", "participant_id", "training_session", "participant"),
    "participant_tag": ("tag", "participant_id", "tag", "participant", ""),
    "session_twin": (
        "same-session",
        "session_id",
        "other_id",
        "training_session",
        "training_session",
    ),
}
DECISIONS = ["same", "different", "separate"]
KINDS = [
    "programme",
    "participant",
    "training_group",
    "training_session",
    "attendance",
    "participant_tag",
    "participant_alias",
    "session_twin",
]
EDITS: dict[str, list[tuple[str, list[Any]]]] = {
    "programme": [("title_lt", TITLES), ("academic_hours", [2.0, 4.5, 8.0])],
    "participant": [
        ("given_name", NAMES),
        ("birth_year", [1950, 1987, 2004]),
        ("notes", ["", "pastaba ą", "piezīme ņ"]),
    ],
    "training_group": [("name", NAMES), ("programme_id", [])],
    "training_session": [
        ("topic", TITLES),
        ("group_id", []),
        ("start_time", ["09:00:00.000000", "17:30:00.000000"]),
    ],
    "attendance": [("mark", MARKS)],
    "session_twin": [("decision", DECISIONS)],
}


def uid(n: int, prefix: str = "0") -> str:
    return f"00000000-0000-4000-8{prefix}{n % 1000:02d}-{n:012d}"


@dataclass
class SimDevice:
    index: int
    world: SimWorld
    mode: str = "normal"
    frozen: int = 0
    seq: int = 0
    prev: str | None = None
    published_upto: int = 0
    store: Store = field(init=False)

    def __post_init__(self) -> None:
        self.id = uid(self.index, "d")
        self.store = memory_store(self.id, wall=self.wall)

    def wall(self) -> int:
        now = self.world.now
        if self.mode == "ahead":
            return now + YEAR_MS
        if self.mode == "behind":
            return now - YEAR_MS
        if self.mode == "stuck":
            return self.frozen
        if self.mode == "backwards":
            self.frozen -= 250
            return self.frozen
        return now

    def set_mode(self, mode: str) -> None:
        self.mode, self.frozen = mode, self.world.now

    # -- edits through the capture triggers -----------------------------------------------------

    def visible(self, tbl: str) -> list[str]:
        table = Base.metadata.tables[tbl]
        with self.store.read() as conn:
            return [r[0] for r in conn.execute(select(table.c.id).order_by(table.c.id))]

    def tombstoned(self) -> list[tuple[str, str]]:
        with self.store.read() as conn:
            rows = conn.execute(
                select(Clock.tbl, Clock.row_id)
                .where(Clock.field == "*", Clock.cl % 2 == 0)
                .order_by(Clock.tbl, Clock.row_id)
            )
            return [(t, r) for t, r in rows]

    def write(self, stmt: Any) -> bool:
        try:
            with self.store.uow() as uow:
                uow.connection.execute(stmt)
                uow.commit()
        except IntegrityError:
            return False
        return True

    def values_for(self, tbl: str, pick: int, row_id: str | None = None) -> dict[str, Any] | None:
        """A full, valid row of ``tbl`` referring to rows this device sees; None if it cannot."""
        name = NAMES[pick % len(NAMES)]

        def one(parent: str) -> str | None:
            ids = self.visible(parent)
            return ids[pick % len(ids)] if ids else None

        def two(parent: str) -> tuple[str, str] | None:
            ids = self.visible(parent)
            if not ids:
                return None
            return ids[pick % len(ids)], ids[(pick // 7) % len(ids)]

        new = row_id or self.world.new_id()
        if tbl == "programme":
            return {"id": new, "title_lt": TITLES[pick % 4], "academic_hours": 8.0}
        if tbl == "participant":
            return {
                "id": new,
                "given_name": name,
                "family_name": NAMES[(pick + 3) % 8],
                "name_key": name.lower(),
                "branch_id": BASE_BRANCH if pick % 2 else None,
            }
        if tbl == "training_group":
            prog = one("programme")
            return prog and {
                "id": new,
                "programme_id": prog,
                "branch_id": BASE_BRANCH,
                "name": name,
            }
        if tbl == "training_session":
            group = one("training_group") if pick % 3 else None
            return {
                "id": new,
                "group_id": group,
                "branch_id": BASE_BRANCH,
                "date": "2026-03-0" + str(1 + pick % 9),
                "academic_hours": 2.0,
            }
        if tbl == "attendance":
            sess, part = one("training_session"), one("participant")
            if not sess or not part:
                return None
            return {
                "id": row_id or fact_id("attendance", sess, part),
                "session_id": sess,
                "participant_id": part,
                "mark": MARKS[pick % 3],
            }
        if tbl == "participant_tag":
            part = one("participant")
            tag = TAGS[pick % 3]
            return part and {
                "id": row_id or fact_id("tag", part, tag),
                "participant_id": part,
                "tag": tag,
            }
        if tbl == "session_twin":
            sessions = two("training_session")
            if not sessions or sessions[0] == sessions[1]:
                return None
            low, high = sorted(sessions)
            return {
                "id": row_id or fact_id("same-session", low, high),
                "session_id": low,
                "other_id": high,
                "decision": DECISIONS[pick % 3],
                "decided_on": "2026-04-01",
            }
        pair = two("participant")
        return pair and {
            "id": new,
            "participant_id": pair[0],
            "canonical_id": pair[1],
            "confirmed_on": "2026-04-01",
        }

    def create(self, kind: str, pick: int) -> None:
        values = self.values_for(kind, pick)
        if values is None or values["id"] in self.visible(kind):
            return
        table = Base.metadata.tables[kind]
        self.write(insert(table).values(**_python(kind, values)))

    def edit(self, kind: str, pick: int, choice: int) -> None:
        ids = self.visible(kind)
        if not ids or kind not in EDITS:
            return
        field_name, options = EDITS[kind][choice % len(EDITS[kind])]
        if not options:  # a reference: point it at another row this device sees
            parent = "programme" if field_name == "programme_id" else "training_group"
            options = self.visible(parent) + ([None] if field_name == "group_id" else [])
            if not options:
                return
        table = Base.metadata.tables[kind]
        value = options[(pick // 3) % len(options)]
        row_id = ids[pick % len(ids)]
        self.write(
            update(table).where(table.c.id == row_id).values(**_python(kind, {field_name: value}))
        )

    def delete(self, kind: str, pick: int) -> None:
        ids = self.visible(kind)
        if ids:
            table = Base.metadata.tables[kind]
            self.write(delete(table).where(table.c.id == ids[pick % len(ids)]))

    def restore(self, pick: int) -> None:
        stones = self.tombstoned()
        if not stones:
            return
        tbl, row_id = stones[pick % len(stones)]
        values = self.values_for(tbl, pick, row_id)
        if values is not None and tbl in FACTS:
            values = self.fact_values(tbl, row_id, values)
        if values is None:
            return  # a fact whose natural parents this device no longer sees
        self.write(insert(Base.metadata.tables[tbl]).values(**_python(tbl, values)))

    def fact_values(self, tbl: str, row_id: str, values: dict[str, Any]) -> dict[str, Any] | None:
        """The natural key of a fact row, found among the rows this device sees."""
        kind, a, b, pa, pb = FACTS[tbl]
        firsts = self.visible(pa)
        seconds = self.visible(pb) if pb else TAGS
        for x in firsts:
            for y in seconds:
                if fact_id(kind, x, y) == row_id:
                    return {**values, a: x, b: y}
        return None

    # -- bundles --------------------------------------------------------------------------------

    def publish(self) -> Incoming | None:
        with self.store.read() as conn:
            rows = conn.execute(
                select(Outbox).where(Outbox.seq > self.published_upto).order_by(Outbox.seq)
            ).all()
        if not rows:
            return None
        changes = [
            Change(
                r.tbl,
                r.row_id,
                r.op,
                r.cl,
                r.hlc,
                r.device,
                None if r.data is None else json.loads(r.data),
            )
            for r in rows
        ]
        self.published_upto = rows[-1].seq
        self.seq += 1
        digest = bundle_digest(self.id, self.seq, changes)
        bundle = Incoming(
            digest,
            self.id,
            "changes",
            self.seq,
            self.prev,
            self.store.identity.clock.now(),
            changes,
        )
        self.prev = digest
        return bundle

    def receive(self, bundle: Incoming) -> None:
        if bundle.device != self.id:
            merge_one(StoreTarget(self.store), bundle, now_ms=self.wall())


def bundle_digest(device: str, seq: int, changes: list[Change]) -> str:
    text = json.dumps(
        [device, seq, [[c.tbl, c.row_id, c.op, c.cl, c.hlc, c.device, c.data] for c in changes]],
        sort_keys=True,
    )
    return hashlib.sha256(text.encode()).hexdigest()


def _python(tbl: str, values: dict[str, Any]) -> dict[str, Any]:
    from libtrainer.store.codec import decode

    table = Base.metadata.tables[tbl]
    return {k: decode(table.c[k], v) for k, v in values.items()}


@dataclass
class SimCoordinator:
    index: int
    bulk: bool
    store: Store = field(init=False)

    def __post_init__(self) -> None:
        self.id = uid(self.index, "c")
        self.store = memory_store(self.id, wall=lambda: START_MS)

    def receive(self, bundle: Incoming, now_ms: int) -> bool:
        """Merge; True when it was merged (or already was), False when quarantined."""
        result = merge_one(StoreTarget(self.store), bundle, now_ms=now_ms, bulk=self.bulk)
        return not isinstance(result, Quarantine)


class SimWorld:
    def __init__(self, devices: int, coordinators: int) -> None:
        self.now = START_MS
        self.next_id = 0
        self.devices = [SimDevice(i, self) for i in range(devices)]
        self.coordinators = [SimCoordinator(i, bulk=i != 1) for i in range(coordinators)]
        self.bundles: list[Incoming] = []
        self.lost: set[int] = set()
        self.delivered: set[int] = set()

    def new_id(self) -> str:
        self.next_id += 1
        return uid(self.next_id)

    def close(self) -> None:
        for node in [*self.devices, *self.coordinators]:
            release(node.store)

    @staticmethod
    def hlc_clock(store: Store) -> HybridClock:
        return store.identity.clock


def random_run(world: SimWorld, seed: int, steps: int) -> list[Incoming]:
    """Random edits, exchanges and clock changes on ``world``'s devices; every bundle made."""
    import random

    rng = random.Random(seed)
    for _ in range(steps):
        device = rng.choice(world.devices)
        roll = rng.random()
        pick = rng.randrange(60)
        if roll < 0.35:
            device.create(rng.choice(KINDS), pick)
        elif roll < 0.5:
            device.edit(rng.choice(sorted(EDITS)), pick, rng.randrange(4))
        elif roll < 0.6:
            device.delete(rng.choice(KINDS), pick)
        elif roll < 0.67:
            device.restore(pick)
        elif roll < 0.82:
            bundle = device.publish()
            if bundle is not None:
                world.bundles.append(bundle)
        elif roll < 0.92 and world.bundles:
            device.receive(rng.choice(world.bundles))
        elif roll < 0.96:
            device.set_mode(rng.choice(["normal", "behind", "stuck", "backwards"]))
        else:
            world.now += rng.randrange(1, 3_600_000)
    for device in world.devices:
        bundle = device.publish()
        if bundle is not None:
            world.bundles.append(bundle)
    return list(world.bundles)
