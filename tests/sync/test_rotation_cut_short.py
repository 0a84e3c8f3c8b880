"""A change of the coordinator's keys cut short (the app ended on a dead share, "Close
anyway", a power cut) never leaves a trust list naming a key nobody holds: the next use of the
keys finishes it or drops it, by what the list says, and changing the keys works again."""

from __future__ import annotations

from pathlib import Path

import pytest

from libtrainer.sync import devices, identity, keys, trustops
from libtrainer.sync.errors import ShareUnreachable
from libtrainer.sync.session import synchronise
from tests.sync.regionkit import Region, add_participants


class Ended(BaseException):
    """The process ending at this point (nothing after it runs)."""


def _end_at(monkeypatch: pytest.MonkeyPatch, module: object, name: str) -> None:
    def ended(*_args: object, **_kwargs: object) -> None:
        raise Ended

    monkeypatch.setattr(module, name, ended)


def _pending(region: Region) -> bytes | None:
    return keys.load_optional_secret(keys.pending_keys_name(region.coordinator.device_id))


def test_ended_after_the_list_was_written_the_new_keys_are_used(
    region: Region, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The new version is on the share but the app ended before it kept the new keys: the
    next use of the keys takes them, the coordinator changes the list again and reads what a
    branch sends for the new key."""
    coord, branch = region.coordinator, region.branches[0]
    old = identity.load_device_keys(coord).key_id
    with monkeypatch.context() as patch:
        _end_at(patch, trustops.identity, "save_device_keys")
        with pytest.raises(Ended):
            devices.rotate_keys(coord, str(region.root))
    named = region.trust(coord).key_for(coord.device_id)
    assert named is not None and named.current.key_id != old
    assert identity.load_device_keys(coord).key_id == named.current.key_id
    assert _pending(region) is None
    add_participants(branch, [("Rūta", "Žukauskienė")])
    synchronise(branch, region.root)
    summary = synchronise(coord, region.root)
    assert summary.ingest is not None and summary.ingest.quarantined == []
    assert summary.ingest.changes_applied >= 1
    rotated = devices.rotate_keys(coord, str(region.root))
    assert rotated.version == region.trust(coord).version


def test_ended_before_this_computer_kept_the_new_version_it_is_read_from_the_share(
    region: Region, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ended right after the file was written, before the store kept the version: changing the
    keys again reads the list first and goes on from the keys it names (not refused as "not a
    coordinator")."""
    coord = region.coordinator
    before = region.trust(coord).version
    with monkeypatch.context() as patch:
        _end_at(patch, trustops, "save_trust")
        with pytest.raises(Ended):
            devices.rotate_keys(coord, str(region.root))
    assert region.trust(coord).version == before and _pending(region) is not None
    rotated = devices.rotate_keys(coord, str(region.root))
    assert rotated.version == before + 2 and _pending(region) is None
    assert identity.load_device_keys(coord).code == rotated.code


def test_a_write_that_never_reached_the_share_keeps_the_keys_and_is_dropped_later(
    region: Region, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The share went away while writing: the old keys stay in use and the next keys wait;
    once the list passes that version without them they are dropped."""
    coord = region.coordinator
    old = identity.load_device_keys(coord).key_id
    share = region.share(coord)

    def away(*_args: object, **_kwargs: object) -> None:
        raise ShareUnreachable(0, path=str(region.root))

    with monkeypatch.context() as patch:
        patch.setattr(type(share), "write_once", away)
        with pytest.raises(ShareUnreachable):
            devices.rotate_keys(coord, str(region.root))
    assert identity.load_device_keys(coord).key_id == old and _pending(region) is not None
    branch = region.branches[0].device_id
    trustops.revoke(coord, region.share(coord), branch, 0)  # that version, without them
    assert identity.load_device_keys(coord).key_id == old and _pending(region) is None
    devices.rotate_keys(coord, str(region.root))
    assert identity.load_device_keys(coord).key_id != old


def test_damaged_next_keys_are_dropped(region: Region, tmp_path: Path) -> None:
    """Next keys that cannot be read are dropped; the keys in use stay."""
    coord = region.coordinator
    old = identity.load_device_keys(coord).key_id
    keys.save_secret(keys.pending_keys_name(coord.device_id), b"{not json")
    assert identity.settle_pending_keys(coord) == "dropped"
    assert identity.load_device_keys(coord).key_id == old and _pending(region) is None
