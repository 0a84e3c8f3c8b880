"""Size and speed of the bundle payload encoding (sync/payload.py + sync/bundle.py).

Prints, in one run, for 200,000 attendance inserts followed by 50,000 mark updates (realistic
shapes: groups of 10–18 people, 8–14 sessions each, one device):

1. compressed bytes per change of our columnar encoding (target: ≤ 25);
2. the same for the naive baseline: one JSON object per change (the outbox record as captured),
   zstd at the same level — the ratio shows what the columnar form buys;
3. build rate (encode + compress + seal + sign) and open rate (verify + decrypt + decompress +
   decode + validate), changes per second;

then ONE JSON line of figures.

    .venv/bin/python bench/bundle_size.py [--inserts 200000] [--updates 50000]
"""

from __future__ import annotations

import argparse
import json
import random
import time

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from libtrainer.domain.ids import fact_id, new_id
from libtrainer.store.apply import Change
from libtrainer.store.hlc import pack
from libtrainer.sync import crypto, payload
from libtrainer.sync.bundle import build_bundle, open_bundle
from libtrainer.sync.trust import DeviceEntry, DeviceKey, TrustList

TARGET = 25


def workload(inserts: int, updates: int, seed: int = 3) -> list[Change]:
    rnd = random.Random(seed)
    device, changes, ms = new_id(), [], 1_750_000_000_000
    while len(changes) < inserts:
        people = [new_id() for _ in range(rnd.randint(10, 18))]
        for _session in range(rnd.randint(8, 14)):
            session, ms = new_id(), ms + rnd.randint(3_600_000, 7 * 86_400_000)
            for counter, person in enumerate(people):
                row = fact_id("attendance", session, person)
                mark = rnd.choices(["present", "absent", "excused"], [85, 10, 5])[0]
                data = {"id": row, "session_id": session, "participant_id": person, "mark": mark}
                changes.append(Change("attendance", row, "i", 1, pack(ms, counter), device, data))
    changes = changes[:inserts]
    for i, target in enumerate(rnd.sample(changes, updates)):
        mark = rnd.choice(["present", "absent", "excused"])
        changes.append(
            Change("attendance", target.row_id, "u", 1, pack(ms + 1000 + i), device, {"mark": mark})
        )
    return changes


def naive_size(changes: list[Change]) -> int:
    lines = [
        json.dumps(
            {
                "tbl": c.tbl,
                "row_id": c.row_id,
                "op": c.op,
                "cl": c.cl,
                "hlc": c.hlc,
                "device": c.device,
                "data": c.data,
            },
            separators=(",", ":"),
        )
        for c in changes
    ]
    return len(payload.compress("\n".join(lines).encode()))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--inserts", type=int, default=200_000)
    parser.add_argument("--updates", type=int, default=50_000)
    args = parser.parse_args()
    changes = workload(args.inserts, args.updates)
    n = len(changes)
    ours = len(payload.compress(payload.encode_changes(changes)))
    naive = naive_size(changes)

    signing, reader = Ed25519PrivateKey.generate(), X25519PrivateKey.generate()
    sign_pub = crypto.public_bytes(signing)
    key = DeviceKey(crypto.key_id(sign_pub), sign_pub, crypto.public_bytes(reader), 1)
    device = changes[0].device
    trust = TrustList(
        "bench", 1, {device: DeviceEntry(device, "pc", "branch", None, "", (key,))}, (key.key_id,)
    )
    start = time.perf_counter()
    data = build_bundle(
        changes,
        region="bench",
        device=device,
        signing_key=signing,
        seq=1,
        prev_hash=None,
        created_hlc=changes[-1].hlc,
        trust_version=1,
        recipients=[key.x25519],
    )
    built = time.perf_counter() - start
    start = time.perf_counter()
    opened = open_bundle(data, trust=trust, decrypt_keys=[reader], region="bench")
    read = time.perf_counter() - start
    assert opened.changes == changes

    figures = {
        "changes": n,
        "bytes_per_change": round(ours / n, 2),
        "naive_bytes_per_change": round(naive / n, 2),
        "size_ratio": round(ours / naive, 3),
        "bundle_bytes": len(data),
        "build_changes_per_s": int(n / built),
        "open_changes_per_s": int(n / read),
    }
    print(f"{n:,} changes ({args.inserts:,} attendance inserts, {args.updates:,} updates)")
    print(
        f"columnar payload : {figures['bytes_per_change']:>6} bytes/change "
        f"({figures['size_ratio']:.2f} × naive JSON-lines)"
    )
    print(f"naive JSON-lines : {figures['naive_bytes_per_change']:>6} bytes/change (baseline)")
    print(
        f"build {figures['build_changes_per_s']:,} changes/s, "
        f"open {figures['open_changes_per_s']:,} changes/s"
    )
    verdict = "meets" if figures["bytes_per_change"] <= TARGET else "MISSES"
    print(f"bytes per change {verdict} the target of ≤ {TARGET}")
    print(json.dumps(figures, sort_keys=True))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
