"""The bundle format: round trip, header contents, limits, compact payload encoding."""

from __future__ import annotations

import contextlib
import json
import random
import struct

import pytest

from libtrainer.domain.ids import fact_id, new_id
from libtrainer.store.apply import Change
from libtrainer.store.hlc import pack
from libtrainer.sync import bundle, payload, publish
from libtrainer.sync.bundle import MAGIC, open_bundle, parse_frame
from libtrainer.sync.errors import BundleError
from tests.sync.regionkit import NAMES, Region, add_participants


def _open(region: Region, data: bytes) -> bundle.OpenedBundle:
    coord = region.coordinator
    return open_bundle(
        data,
        trust=region.trust(coord),
        decrypt_keys=region.keys(coord),
        region=region.share(coord).region,
    )


def test_published_bundle_opens_with_changes_in_capture_order(region: Region) -> None:
    """What a branch publishes opens on the coordinator with every change, in order."""
    branch = region.branches[0]
    ids = add_participants(branch)
    result = publish.publish(branch, region.share(branch))
    opened = _open(region, result.bundles[0].read_bytes())
    participant_rows = [c.row_id for c in opened.changes if c.tbl == "participant"]
    assert participant_rows == ids
    assert opened.header.device == branch.device_id
    assert opened.header.counts["participant"] == len(NAMES)
    assert opened.bundle_hash == bundle.bundle_hash(result.bundles[0].read_bytes())
    names = {(c.data or {}).get("given_name") for c in opened.changes}
    assert "Žydrūnė" in names and "Ēriks" in names


def test_header_holds_no_personal_data(region: Region) -> None:
    """Names, phone numbers and notes appear neither in the header nor anywhere in the file."""
    branch = region.branches[0]
    add_participants(branch)
    data = publish.publish(branch, region.share(branch)).bundles[0].read_bytes()
    header_text = parse_frame(data).header_bytes.decode("utf-8")
    header = json.loads(header_text)
    assert set(header) == {
        "format",
        "schema",
        "min_reader",
        "region",
        "device",
        "key_id",
        "seq",
        "prev_hash",
        "payload_sha256",
        "payload_len",
        "counts",
        "created_hlc",
        "created_wall",
        "trust_version",
        "kind",
    }
    for given, family in NAMES:
        for text in (given, family):
            assert text not in header_text
            assert text.encode() not in data
    assert b"+370" not in data and b"Pastabos" not in data


def test_header_larger_than_limit_is_refused() -> None:
    """A declared header length over 64 KiB is refused before anything is read."""
    data = MAGIC + bytes([1]) + struct.pack(">I", bundle.MAX_HEADER + 1) + b"{}"
    with pytest.raises(BundleError) as info:
        parse_frame(data)
    assert info.value.reason == "too_large"


def test_payload_larger_than_limit_is_refused() -> None:
    """A declared payload length over the limit is refused (no allocation, no read)."""
    header = b"{}"
    data = (
        MAGIC
        + bytes([1])
        + struct.pack(">I", len(header))
        + header
        + bytes([1])
        + b"\0" * 64
        + struct.pack(">Q", bundle.MAX_PAYLOAD + 1)
    )
    with pytest.raises(BundleError) as info:
        parse_frame(data)
    assert info.value.reason == "too_large"


def test_decompression_is_bounded() -> None:
    """A small payload that expands past the limit is refused as too large."""
    bomb = payload.compress(b"\0" * 2_000_000)
    with pytest.raises(payload.PayloadError) as info:
        payload.decompress(bomb, limit=1_000_000)
    assert info.value.too_large


def test_trailing_bytes_after_payload_are_refused() -> None:
    """A file longer than its declared lengths is malformed (nothing hidden after the end)."""
    header = b"{}"
    data = (
        MAGIC
        + bytes([1])
        + struct.pack(">I", len(header))
        + header
        + bytes([1])
        + b"\0" * 64
        + struct.pack(">Q", 2)
        + b"ab"
        + b"extra"
    )
    with pytest.raises(BundleError) as info:
        parse_frame(data)
    assert info.value.reason == "malformed"


def _attendance(n: int, seed: int = 1) -> list[Change]:
    rnd = random.Random(seed)
    device, changes, ms = new_id(), [], 1_750_000_000_000
    while len(changes) < n:
        people = [new_id() for _ in range(rnd.randint(10, 18))]
        for _session in range(rnd.randint(8, 14)):
            session, ms = new_id(), ms + rnd.randint(3_600_000, 7 * 86_400_000)
            for counter, person in enumerate(people):
                row = fact_id("attendance", session, person)
                mark = rnd.choices(["present", "absent", "excused"], [85, 10, 5])[0]
                changes.append(
                    Change(
                        "attendance",
                        row,
                        "i",
                        1,
                        pack(ms, counter),
                        device,
                        {"id": row, "session_id": session, "participant_id": person, "mark": mark},
                    )
                )
    return changes[:n]


def test_attendance_inserts_compress_below_25_bytes_per_change() -> None:
    """20,000 attendance inserts take well under 25 compressed bytes per change."""
    changes = _attendance(20_000)
    compressed = payload.compress(payload.encode_changes(changes))
    assert len(compressed) / len(changes) <= 25
    assert payload.decode_changes(payload.decompress(compressed)) == changes


def test_payload_round_trip_keeps_order_across_tables_and_ops() -> None:
    """Mixed inserts, updates and deletes of several tables decode exactly, in order."""
    device = new_id()
    pid, sid = new_id(), new_id()
    aid = fact_id("attendance", sid, pid)
    changes = [
        Change("participant", pid, "i", 1, 10, device, {"id": pid, "given_name": "Ąžuolas"}),
        Change(
            "attendance",
            aid,
            "i",
            1,
            11,
            device,
            {"id": aid, "session_id": sid, "participant_id": pid, "mark": "present"},
        ),
        Change("participant", pid, "u", 1, 12, device, {"given_name": "Ąžuolas Ēriks"}),
        Change("attendance", aid, "u", 1, 13, device, {"mark": "absent"}),
        Change("attendance", aid, "d", 2, 14, device, None),
        Change("participant", pid, "u", 1, 12, device, {"notes": "x", "phone": None}),
    ]
    plain = payload.encode_changes(changes)
    assert payload.decode_changes(plain) == changes


def test_fast_fact_id_matches_domain_fact_id() -> None:
    """The payload's UUIDv5 shortcut gives exactly domain.ids.fact_id."""
    for _ in range(50):
        a, b = new_id(), new_id()
        assert payload._fast_fact_id("attendance", a, b) == fact_id("attendance", a, b)
    assert payload._fast_fact_id("tag", "ą", "ž") == fact_id("tag", "ą", "ž")


def test_payload_refuses_wrong_derived_ids_and_unknown_tables() -> None:
    """Hostile payload blocks (unknown table, non-scalar value, bad counts) are refused."""
    bad_blocks = [
        {
            "t": "lt_meta",
            "o": "i",
            "n": 1,
            "f": ["key"],
            "v": [["x"]],
            "r": ["a"],
            "c": 1,
            "d": "d",
            "h": [1],
        },
        {
            "t": "participant",
            "o": "i",
            "n": 1,
            "f": ["notes"],
            "v": [[{"x": 1}]],
            "r": ["a"],
            "c": 1,
            "d": "d",
            "h": [1],
        },
        {"t": "participant", "o": "d", "n": 2, "r": ["a"], "c": 2, "d": "d", "h": [1, 1]},
        {"t": "participant", "o": "d", "n": 1, "r": ["a"], "c": 1, "d": "d", "h": [1]},
        {
            "t": "participant",
            "o": "u",
            "n": 1,
            "f": ["notes"],
            "v": [["x"]],
            "x": 1,
            "c": 1,
            "d": "d",
            "h": [1],
        },
    ]
    for block in bad_blocks:
        plain = b'{"v":1,"n":1}\n' + json.dumps(block).encode() + b"\n"
        with pytest.raises(payload.PayloadError):
            payload.decode_changes(plain)


def test_payload_decoder_only_raises_payload_error_on_mutated_input() -> None:
    """3,000 random byte edits of a plain payload: decoded or PayloadError, nothing else."""
    plain = payload.encode_changes(
        _attendance(40)
        + [
            Change(
                "participant", new_id(), "u", 1, 99_999_999_999, "d", {"notes": "ą", "phone": None}
            )
        ]
    )
    rnd = random.Random(7)
    alphabet = b'{}[]",:0123456789-.aeinrtxvnfcdho \n\\'
    for _ in range(3_000):
        data = bytearray(plain)
        for _edit in range(rnd.randint(1, 4)):
            pos = rnd.randrange(len(data))
            action = rnd.randrange(3)
            if action == 0:
                data[pos] = rnd.choice(alphabet)
            elif action == 1:
                del data[pos]
            else:
                data.insert(pos, rnd.choice(alphabet))
        with contextlib.suppress(payload.PayloadError):
            payload.decode_changes(bytes(data))
