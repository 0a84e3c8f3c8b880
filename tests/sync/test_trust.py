"""The trust list: a signed chain of versions; no rollback, revocation by seq, key rotation."""

from __future__ import annotations

from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from libtrainer.domain.ids import new_id
from libtrainer.sync import bundle, crypto, identity, publish, trustops
from libtrainer.sync.errors import TrustError
from libtrainer.sync.trust import (
    DeviceEntry,
    DeviceKey,
    TrustList,
    refresh_trust,
    sign_trust,
    verify_next,
)
from tests.sync.regionkit import NAMES, Region, add_participants


def _trust_file(region: Region, version: int) -> Path:
    return region.share(region.coordinator).base / "trust" / f"{version:08d}.trust"


def test_first_coordinator_starts_the_list_and_branches_follow(region: Region) -> None:
    """Version 1 names the coordinator; after approval every device holds version 2."""
    coord, branch = region.coordinator, region.branches[0]
    assert region.trust(coord).version == 2
    assert region.trust(branch).sha256 == region.trust(coord).sha256
    first = verify_next(
        TrustList(region=region.trust(coord).region), _trust_file(region, 1).read_bytes()
    )
    assert list(first.devices) == [coord.device_id]
    assert first.coordinators == (identity.load_device_keys(coord).key_id,)


def test_rollback_to_an_older_version_is_refused(region: Region) -> None:
    """A device holding version 2 never goes back to version 1, even if only 1 is on the share."""
    branch = region.branches[0]
    current = region.trust(branch)
    old = _trust_file(region, 1).read_bytes()
    with pytest.raises(TrustError) as info:
        verify_next(current, old)
    assert info.value.reason == "rollback"
    _trust_file(region, 2).unlink()
    assert refresh_trust(branch, region.share(branch)).version == 2


def test_version_not_signed_by_previous_coordinators_is_refused(region: Region) -> None:
    """An attacker's version 3 naming itself coordinator is ignored by every device."""
    branch = region.branches[0]
    current = region.trust(branch)
    evil = Ed25519PrivateKey.generate()
    pub = crypto.public_bytes(evil)
    kid = crypto.key_id(pub)
    evil_id = new_id()
    entry = DeviceEntry(
        evil_id, "x", "coordinator", None, "", (DeviceKey(kid, pub, b"\1" * 32, 1),)
    )
    forged = sign_trust(
        TrustList(
            current.region,
            3,
            {**current.devices, evil_id: entry},
            (kid,),
            current.sha256,
            "2026-01-01",
        ),
        [(kid, evil)],
    )
    with pytest.raises(TrustError) as info:
        verify_next(current, forged.raw)
    assert info.value.reason == "bad_signature"
    region.share(branch).write_once("trust/00000003.trust", forged.raw)
    assert refresh_trust(branch, region.share(branch)).version == 2


def test_gap_in_versions_is_not_crossed(region: Region) -> None:
    """Version 4 without version 3 is not accepted."""
    coord, branch = region.coordinator, region.branches[0]
    share = region.share(coord)
    trustops.revoke(coord, share, branch.device_id, 10)
    trustops.revoke(coord, share, branch.device_id, 5)
    _trust_file(region, 3).unlink()
    assert refresh_trust(branch, region.share(branch)).version == 2


def test_damaged_trust_file_is_ignored(region: Region) -> None:
    """A garbage file in trust/ changes nothing."""
    branch = region.branches[0]
    region.share(branch).write_once("trust/00000003.trust", b"\x00not json")
    assert refresh_trust(branch, region.share(branch)).version == 2


def test_key_ranges_follow_from_seq() -> None:
    """A device's first key signs seqs below the second key's from_seq, the second from there."""
    k1 = DeviceKey("1" * 16, b"a" * 32, b"b" * 32, 1)
    k2 = DeviceKey("2" * 16, b"c" * 32, b"d" * 32, 5)
    trust = TrustList("r", 1, {"dev": DeviceEntry("dev", "n", "branch", None, "", (k1, k2), 8)})
    assert trust.allows("dev", 4, k1.key_id) and not trust.allows("dev", 5, k1.key_id)
    assert trust.allows("dev", 5, k2.key_id) and trust.allows("dev", 8, k2.key_id)
    assert not trust.allows("dev", 9, k2.key_id)
    assert not trust.allows("other", 1)


def test_coordinator_rotation_keeps_old_bundles_valid_and_readable(region: Region) -> None:
    """After a rotation: version signed by old and new key, old bundles still open, new ones too."""
    coord, branch = region.coordinator, region.branches[0]
    add_participants(coord, NAMES[:1])
    add_participants(branch, NAMES[1:2])
    before = publish.publish(branch, region.share(branch)).bundles[0].read_bytes()
    own_before = publish.publish(coord, region.share(coord)).bundles[0].read_bytes()
    old_kid = identity.load_device_keys(coord).key_id
    fresh = trustops.rotate(coord, region.share(coord))
    assert fresh.key_id != old_kid
    trust = refresh_trust(branch, region.share(branch))
    assert trust.coordinators == (fresh.key_id,)
    add_participants(branch, NAMES[2:3])
    add_participants(coord, NAMES[3:4])
    after = publish.publish(branch, region.share(branch)).bundles[0].read_bytes()
    own_after = publish.publish(coord, region.share(coord)).bundles[0].read_bytes()
    keys, coord_trust = identity.decryption_keys(coord), region.trust(coord)
    name = region.share(coord).region
    for data in (before, own_before, after, own_after):
        bundle.open_bundle(data, trust=coord_trust, decrypt_keys=keys, region=name)
    assert bundle.peek_header(own_after).key_id == fresh.key_id
    with pytest.raises(Exception) as info:
        bundle.open_bundle(after, trust=coord_trust, decrypt_keys=keys[1:], region=name)
    assert getattr(info.value, "reason", None) == "undecryptable"


def test_concurrent_versions_pick_the_same_winner_everywhere(region: Region) -> None:
    """Two valid documents for the same version (cloud conflict copy): lowest hash wins."""
    coord, branch = region.coordinator, region.branches[0]
    current = region.trust(coord)
    own = identity.load_device_keys(coord)
    docs = []
    for after in (3, 4):
        entry = current.devices[branch.device_id]
        revoked = DeviceEntry(
            entry.device, entry.name, entry.role, entry.branch, entry.branch_name, entry.keys, after
        )
        docs.append(
            sign_trust(
                TrustList(
                    current.region,
                    3,
                    {**current.devices, branch.device_id: revoked},
                    current.coordinators,
                    current.sha256,
                    "t",
                ),
                [(own.key_id, own.signing)],
            )
        )
    share = region.share(branch)
    share.write_once("trust/00000003.trust", docs[0].raw)
    share.write_once("trust/00000003 (conflicted copy 2026-11-21).trust", docs[1].raw)
    winner = min(docs, key=lambda t: t.sha256)
    assert refresh_trust(branch, share).sha256 == winner.sha256
    trustops.revoke(coord, region.share(coord), branch.device_id, 1)
    latest = region.trust(coord)
    assert latest.version == 4 and latest.prev == winner.sha256


def test_writing_a_version_someone_else_wrote_is_a_conflict(region: Region) -> None:
    """A coordinator never overwrites another's version N: it is told to try again."""
    coord, branch = region.coordinator, region.branches[0]
    current = region.trust(coord)
    own = identity.load_device_keys(coord)
    share = region.share(coord)
    trustops.revoke(coord, share, branch.device_id, 9)
    with pytest.raises(TrustError) as info:
        trustops.commit_next(
            coord,
            share,
            current,
            current.devices,
            current.coordinators,
            [(own.key_id, own.signing)],
        )
    assert info.value.reason == "conflict"
