"""Hostile bundles: truncation, bit flips and attacks are refused with the right reason."""

from __future__ import annotations

import random
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from libtrainer.sync import bundle, enroll, identity, publish, trustops
from libtrainer.sync.bundle import MAGIC, build_bundle, open_bundle, parse_frame
from libtrainer.sync.errors import REASONS, BundleError
from tests.conftest import make_store
from tests.sync.regionkit import NAMES, Region, add_participants


def _publish(region: Region, names: list[tuple[str, str]] = NAMES[:2]) -> bytes:
    branch = region.branches[0]
    add_participants(branch, names)
    return publish.publish(branch, region.share(branch)).bundles[-1].read_bytes()


def _reader(region: Region, where: str | None = None) -> Callable[[bytes], bundle.OpenedBundle]:
    """open_bundle as the coordinator, with its trust list and keys read once."""
    coord = region.coordinator
    trust, keys = region.trust(coord), region.keys(coord)
    name = where or region.share(coord).region
    return lambda data: open_bundle(data, trust=trust, decrypt_keys=keys, region=name)


def _open(region: Region, data: bytes, *, where: str | None = None) -> bundle.OpenedBundle:
    return _reader(region, where)(data)


def _reason(region: Region, data: bytes, **kw: str) -> str:
    with pytest.raises(BundleError) as info:
        _open(region, data, **kw)
    assert info.value.reason in REASONS
    return info.value.reason


def test_truncated_at_every_offset_is_truncated_or_malformed(region: Region) -> None:
    """Cutting a bundle at any byte gives BundleError 'truncated' (or 'malformed'), nothing else."""
    data = _publish(region)
    read = _reader(region)
    read(data)
    for cut in range(len(data)):
        try:
            read(data[:cut])
        except BundleError as exc:
            assert exc.reason in ("truncated", "malformed"), (cut, exc.reason)
        else:
            pytest.fail(f"a bundle cut at {cut} of {len(data)} bytes was accepted")


def test_random_bit_flips_are_always_refused_with_a_sensible_reason(region: Region) -> None:
    """5,000 single-bit flips: always BundleError, with a reason that fits where the flip is."""
    data = _publish(region)
    frame = parse_frame(data)
    header_start = len(MAGIC) + 5
    header_end = header_start + len(frame.header_bytes)
    sig_end = header_end + 1 + 64
    payload_start = sig_end + 8
    expected = {
        "framing": {"malformed", "truncated", "too_large", "newer_schema"},
        "header": {"malformed", "unknown_key", "bad_signature"},
        "signature": {"bad_signature", "malformed", "truncated"},
        "payload": {"hash_mismatch"},
    }
    read = _reader(region)
    rnd = random.Random(20261121)
    seen: dict[str, set[str]] = {k: set() for k in expected}
    for _ in range(5_000):
        offset = rnd.randrange(len(data))
        flipped = bytearray(data)
        flipped[offset] ^= 1 << rnd.randrange(8)
        if (
            offset < header_start
            or header_end <= offset < header_end + 1
            or (sig_end <= offset < payload_start)
        ):
            part = "framing"
        elif offset < header_end:
            part = "header"
        elif offset < sig_end:
            part = "signature"
        else:
            part = "payload"
        with pytest.raises(BundleError) as info:
            read(bytes(flipped))
        assert info.value.reason in expected[part], (offset, part, info.value.reason)
        seen[part].add(info.value.reason)
    assert seen["payload"] == {"hash_mismatch"} and "bad_signature" in seen["header"]


def test_replay_under_a_new_name_is_recognised_by_hash(region: Region) -> None:
    """An old bundle copied under other names is the same bundle: one hash, one entry."""
    data = _publish(region)
    share = region.share(region.coordinator)
    original = share.bundle_files()[0]
    shutil.copy(original, original.with_name("000000000099-0000000000000000.ltb"))
    shutil.copy(original, original.with_name("renamed.ltb"))
    files = share.bundle_files()
    assert len(files) == 3
    unique = share.unique(files, bundle.MAX_BUNDLE)
    assert list(unique) == [bundle.bundle_hash(data)]
    assert _open(region, files[-1].read_bytes()).bundle_hash == bundle.bundle_hash(data)


def test_bundle_signed_by_unknown_key_is_refused(region: Region, tmp_path: Path) -> None:
    """A device that asked to enrol but was not approved cannot get a bundle accepted."""
    stranger = make_store(tmp_path / "stranger", branch="Svetimas", device_name="PC-X")
    enroll.request_enrolment(stranger, region.share(stranger))
    own = identity.load_device_keys(stranger)
    coord_trust = region.trust(region.coordinator)
    data = build_bundle(
        [],
        region=region.share(stranger).region,
        device=own.device,
        signing_key=own.signing,
        seq=1,
        prev_hash=None,
        created_hlc=1,
        trust_version=1,
        recipients=coord_trust.recipients(),
    )
    assert _reason(region, data) == "unknown_key"
    stranger.close()


def test_revoked_key_refused_after_its_seq_and_accepted_up_to_it(region: Region) -> None:
    """Revocation 'after seq 2': bundles 1 and 2 stay valid, bundle 3 is refused."""
    bundles = [_publish(region, [name]) for name in NAMES[:3]]
    branch = region.branches[0]
    trustops.revoke(region.coordinator, region.share(region.coordinator), branch.device_id, 2)
    assert [_open(region, b).header.seq for b in bundles[:2]] == [1, 2]
    assert _reason(region, bundles[2]) == "revoked_key"


def test_tampered_header_is_refused(region: Region) -> None:
    """Changing a header field (same length) breaks the signature."""
    data = _publish(region)
    tampered = data.replace(b'"seq": 1', b'"seq": 7', 1)
    assert tampered != data
    assert _reason(region, tampered) == "bad_signature"


def test_newer_schema_is_refused(region: Region, monkeypatch: pytest.MonkeyPatch) -> None:
    """A bundle from a schema this build does not know asks for an update."""
    monkeypatch.setattr(bundle.migrate, "head_revision", lambda: "9999")
    data = _publish(region)
    monkeypatch.undo()
    assert _reason(region, data) == "newer_schema"


def test_newer_reader_version_is_refused(region: Region, monkeypatch: pytest.MonkeyPatch) -> None:
    """A bundle that needs a newer reader (min_reader) is refused as newer."""
    monkeypatch.setattr(bundle, "READER", 2)
    data = _publish(region)
    monkeypatch.undo()
    assert _reason(region, data) == "newer_schema"


def test_bundle_of_another_region_is_refused(region: Region) -> None:
    """A valid bundle read as another region's is refused."""
    data = _publish(region)
    assert _reason(region, data, where="rigas-regions") == "wrong_region"


def test_bundle_not_sealed_for_the_reader_is_undecryptable(region: Region) -> None:
    """A branch cannot read another branch's change bundle (sealed for coordinators only)."""
    data = _publish(region)
    branch = region.branches[0]
    with pytest.raises(BundleError) as info:
        open_bundle(
            data,
            trust=region.trust(branch),
            decrypt_keys=region.keys(branch),
            region=region.share(branch).region,
        )
    assert info.value.reason == "undecryptable"


def test_error_names_the_file(region: Region) -> None:
    """The person-readable message names the bundle file."""
    with pytest.raises(BundleError) as info:
        open_bundle(
            b"PK\x03\x04",
            trust=region.trust(region.coordinator),
            decrypt_keys=[],
            region="x",
            name="000000000001-ab.ltb",
        )
    assert "000000000001-ab.ltb" in str(info.value)
