"""Damaged files in the share at ingest: never an exception, never a partial merge.

Truncations at many offsets and random bit flips of a real bundle are put into the branch's
outbox folder one by one and ingested by the coordinator: each is refused (quarantined, or
"still arriving" when young and short), the store's synced content never moves, and the intact
bundle afterwards merges completely. (The bundle format's own tests cover every offset and
thousands of flips at the parsing level; this is the same at the level of the whole ingest.)
"""

from __future__ import annotations

import os
import random
from collections.abc import Iterator
from pathlib import Path

import pytest

from libtrainer.store.dump import canonical_dump
from libtrainer.store.store import Store
from libtrainer.sync import identity
from libtrainer.sync.bundle import MAX_BUNDLE, open_bundle
from libtrainer.sync.ingest import FileIngest
from libtrainer.sync.session import synchronise
from libtrainer.sync.trust import refresh_trust
from tests.sync.regionkit import Region, add_participants, make_region

FLIPS = int(os.environ.get("LIBTRAINER_INGEST_FLIPS", "600"))


@pytest.fixture
def region(tmp_path: Path) -> Iterator[Region]:
    r = make_region(tmp_path, branches=1)
    try:
        yield r
    finally:
        r.close()


def _ingest(region: Region, store: Store, paths: list[Path]) -> FileIngest:
    share = region.share(store)
    trust = refresh_trust(store, share)
    keys = identity.decryption_keys(store)
    from libtrainer.sync.target import StoreTarget

    run = FileIngest(
        StoreTarget(store),
        read=lambda p: share.read(p, MAX_BUNDLE),
        open_=lambda data, name: open_bundle(
            data, trust=trust, decrypt_keys=keys, region=share.region, name=name
        ),
        label=lambda device: device or "",
        root=share.base,
    )
    run.run(paths)
    return run


def _content(store: Store) -> dict:
    with store.read() as conn:
        return canonical_dump(conn)["tables"]


def test_truncated_and_bit_flipped_bundles_never_merge_partly(region: Region) -> None:
    """Hundreds of damaged copies: each refused whole; then the intact bundle merges whole."""
    branch, coordinator = region.branches[0], region.coordinator
    add_participants(branch)
    synchronise(branch, region.root)
    folder = region.share(branch).base / "outbox" / branch.device_id
    original = sorted(folder.glob("*.ltb"))[0]
    data = original.read_bytes()
    original.unlink()
    before = _content(coordinator)
    rng = random.Random(7)
    cuts = sorted(set(rng.sample(range(len(data)), min(len(data), 250)) + [0, 1, 9, 13]))
    damaged: list[bytes] = [data[:cut] for cut in cuts]
    for _ in range(FLIPS):
        flipped = bytearray(data)
        at = rng.randrange(len(flipped))
        flipped[at] ^= 1 << rng.randrange(8)
        damaged.append(bytes(flipped))
    old = os.stat(folder).st_mtime - 3600
    paths = []
    for n, blob in enumerate(damaged):
        path = folder / f"{n:012d}-damaged.ltb"
        path.write_bytes(blob)
        if n % 2:
            os.utime(path, (old, old))  # half of them old enough to be judged, not awaited
        paths.append(path)
    run = _ingest(region, coordinator, paths)
    report = run.report
    assert report.merged == []
    empty = sum(1 for blob in damaged if not blob)  # a name claimed, not written: skipped
    assert len(report.quarantined) + len(report.arriving) + report.duplicates + empty == len(paths)
    reasons = {q.reason for q in report.quarantined}
    assert reasons <= {
        "truncated",
        "malformed",
        "bad_signature",
        "hash_mismatch",
        "unknown_key",
        "newer_schema",
        "wrong_region",
        "undecryptable",
        "too_large",
        "revoked_key",
    }
    assert {"truncated", "bad_signature", "hash_mismatch"} <= reasons
    assert _content(coordinator) == before
    for path in paths:
        path.unlink()
    original.write_bytes(data)
    run = _ingest(region, coordinator, [original])
    assert len(run.report.merged) == 1
    assert len(_content(coordinator)["participant"]) == len(before["participant"]) + 5
