"""The coordinator's device list: enrolled devices with their last merged bundle, requests
waiting, approval by code and revocation after the last merged bundle."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from libtrainer.i18n import set_language
from libtrainer.store.models import Participant
from libtrainer.sync import devices, enroll, identity, publish
from libtrainer.sync.errors import ShareError, TrustError
from libtrainer.sync.session import synchronise
from libtrainer.sync.share import Share
from tests.conftest import make_store
from tests.sync.regionkit import Region, add_participants, merge_branch_work


def test_devices_show_what_was_merged_from_each(region: Region) -> None:
    """After a branch's bundle is merged, its row shows that bundle's number and changes."""
    branch, coord = merge_branch_work(region), region.coordinator
    listed = devices.region_devices(coord, str(region.root))
    assert listed.reachable and listed.pending == []
    rows = {r.device: r for r in listed.devices}
    own, mine = rows[coord.meta("device_id") or ""], rows[branch.meta("device_id") or ""]
    assert mine.branch_name == "Padalinys Nr. 0" and mine.code == identity.enrolment_code(branch)
    assert mine.last_seq == 1 and mine.changes >= 5 and mine.last_merged
    assert mine.revoked_after is None and not mine.coordinator
    assert own.coordinator


def test_a_request_is_listed_and_approved_by_its_code(region: Region, tmp_path: Path) -> None:
    """A new computer's request appears with its code; approving it enrols the computer."""
    newcomer = make_store(tmp_path / "new", branch="Veisiejų padalinys", device_name="PC-V")
    try:
        outcome = enroll.request_enrolment(newcomer, Share.for_store(region.root, newcomer))
        coord = region.coordinator
        (pending,) = devices.region_devices(coord, str(region.root)).pending
        assert (pending.code, pending.branch_name) == (outcome.code, "Veisiejų padalinys")
        entry = devices.approve(coord, str(region.root), pending.code)
        assert entry.name == "PC-V"
        listed = devices.region_devices(coord, str(region.root))
        assert listed.pending == [] and outcome.code in [d.code for d in listed.devices]
        with pytest.raises(TrustError):
            devices.approve(coord, str(region.root), pending.code)
    finally:
        newcomer.close()


def test_revoke_keeps_what_was_merged(region: Region) -> None:
    """Revoking a branch PC keeps its merged bundles valid: after = its last merged number."""
    branch, coord = merge_branch_work(region), region.coordinator
    device = branch.meta("device_id") or ""
    assert devices.revoke_after_last(coord, str(region.root), device) == 1
    rows = {r.device: r for r in devices.region_devices(coord, str(region.root)).devices}
    assert rows[device].revoked_after == 1
    assert list(rows)[-1] == device, "revoked devices are listed last"


def test_without_a_reachable_share_the_known_list_is_shown(region: Region, tmp_path: Path) -> None:
    """No share: the list this computer knows, no requests; approving says the folder is away."""
    coord = region.coordinator
    gone = str(tmp_path / "not-there")
    listed = devices.region_devices(coord, gone)
    assert not listed.reachable and listed.pending == [] and listed.devices
    with pytest.raises(ShareError) as away:
        devices.approve(coord, gone, "ABCD-EFGH")
    assert "not reachable" in str(away.value)
    with pytest.raises(ShareError):
        devices.approve(coord, None, "ABCD-EFGH")


def _count(store: Any) -> int:
    with store.read() as conn:
        return int(conn.execute(select(func.count()).select_from(Participant)).scalar_one())


def test_revoke_keeps_signed_bundles_already_on_the_share(region: Region) -> None:
    """A bundle the branch wrote before the revocation, not merged yet, stays valid and merges."""
    branch, coord = merge_branch_work(region), region.coordinator
    add_participants(branch, [("Rūta", "Žukauskienė")])
    publish.publish(branch, region.share(branch))  # bundle 2: on the share, not merged
    device = branch.meta("device_id") or ""
    point = devices.revocation_point(coord, str(region.root), device)
    assert (point.merged, point.after, point.not_merged) == (1, 2, 1)
    assert devices.revoke_after_last(coord, str(region.root), device) == 2
    summary = synchronise(coord, region.root)
    assert summary.ingest is not None and summary.ingest.quarantined == []
    assert _count(coord) == _count(branch) == 6


def test_revocation_point_ignores_files_not_signed_by_the_device(region: Region) -> None:
    """A damaged or forged file numbered after the last bundle does not move the point."""
    branch, coord = merge_branch_work(region), region.coordinator
    device = branch.meta("device_id") or ""
    folder = region.root / "libtrainer" / "v1"
    (outbox,) = list(folder.glob(f"*/outbox/{device}"))
    (first,) = list(outbox.glob("000000000001-*.ltb"))
    data = bytearray(first.read_bytes())
    data[-5] ^= 0xFF  # the payload no longer matches its signed hash
    (outbox / "000000000002-0123456789abcdef.ltb").write_bytes(bytes(data))
    assert devices.revocation_point(coord, str(region.root), device).after == 1


def test_devices_are_listed_by_name_in_the_language_alphabet(
    region: Region, tmp_path: Path
) -> None:
    """Computers are in the order of their names as the language sorts them (Š before T)."""
    set_language("lt")
    coord = region.coordinator
    for name in ("Tauragės PC", "Šilalės PC"):
        newcomer = make_store(tmp_path / name, device_name=name)
        try:
            code = enroll.request_enrolment(newcomer, Share.for_store(region.root, newcomer)).code
            devices.approve(coord, str(region.root), code)
        finally:
            newcomer.close()
    names = [d.name for d in devices.region_devices(coord, str(region.root)).devices]
    assert names == ["Koordinatorė", "PC-0", "Šilalės PC", "Tauragės PC"]


def test_a_second_revocation_never_lowers_the_point(region: Region) -> None:
    """A coordinator who confirms "after 1" once another already revoked "after 2" keeps 2:
    the bundle the other coordinator merged stays valid everywhere."""
    branch, coord = merge_branch_work(region), region.coordinator
    add_participants(branch, [("Rūta", "Žukauskienė")])
    publish.publish(branch, region.share(branch))  # bundle 2
    device = branch.meta("device_id") or ""
    assert devices.revoke_after_last(coord, str(region.root), device) == 2
    assert devices.revoke_after_last(coord, str(region.root), device, after=1) == 2
    rows = {r.device: r for r in devices.region_devices(coord, str(region.root)).devices}
    assert rows[device].revoked_after == 2


def test_rotating_from_the_window_names_the_new_version_and_code(region: Region) -> None:
    """A new trust list version with the new key; branches take it and their work merges."""
    coord, branch = region.coordinator, region.branches[0]
    before = region.trust(coord).version
    old_code = identity.enrolment_code(coord)
    rotated = devices.rotate_keys(coord, str(region.root))
    assert rotated.version == before + 1 and rotated.old_code == old_code
    assert rotated.code == identity.enrolment_code(coord) != old_code
    rows = {r.device: r for r in devices.region_devices(coord, str(region.root)).devices}
    assert rows[coord.device_id].code == rotated.code and rows[coord.device_id].coordinator
    add_participants(branch, [("Rūta", "Žukauskienė")])
    synchronise(branch, region.root)
    assert region.trust(branch).version == rotated.version
    summary = synchronise(coord, region.root)
    assert summary.ingest is not None and summary.ingest.quarantined == []
    assert summary.ingest.changes_applied >= 1


def test_rotating_without_the_shared_folder_changes_nothing(region: Region, tmp_path: Path) -> None:
    """Not reachable: refused in plain words; the keys and the list stay as they were."""
    coord = region.coordinator
    key_id, version = identity.load_device_keys(coord).key_id, region.trust(coord).version
    with pytest.raises(ShareError) as away:
        devices.rotate_keys(coord, str(tmp_path / "not-there"))
    assert "not reachable" in str(away.value)
    assert identity.load_device_keys(coord).key_id == key_id
    assert region.trust(coord).version == version


def test_rotating_while_another_coordinator_changes_the_list_says_try_again(
    region: Region, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The list moved on between reading and writing: nothing changes, the next try works."""
    from libtrainer.sync import trustops
    from tests.sync.regionkit import add_coordinator

    coord = region.coordinator
    second = add_coordinator(region, tmp_path / "second")
    try:
        trustops.refresh_trust(coord, region.share(coord))
        stale = region.trust(coord)
        devices.rotate_keys(second, str(region.root))  # version N+1 by the other coordinator
        key_id = identity.load_device_keys(coord).key_id
        with monkeypatch.context() as patch:
            patch.setattr(
                trustops,
                "coordinator_context",
                lambda store, share: (stale, identity.load_device_keys(store)),
            )
            with pytest.raises(TrustError) as moved:
                devices.rotate_keys(coord, str(region.root))
        assert moved.value.reason == "conflict" and "try again" in str(moved.value)
        assert identity.load_device_keys(coord).key_id == key_id
        rotated = devices.rotate_keys(coord, str(region.root))
        assert rotated.version == stale.version + 2
    finally:
        second.close()


def test_a_key_backup_from_the_window_restores_the_new_keys(region: Region, tmp_path: Path) -> None:
    """After a rotation the backup holds the new keys; short or differing passphrases refused."""
    from libtrainer.domain.errors import ValidationError

    coord = region.coordinator
    devices.rotate_keys(coord, str(region.root))
    path = str(tmp_path / "keys.ltkeys")
    for phrase, again, field in (("short", "short", "passphrase"), ("a" * 12, "b" * 12, "repeat")):
        with pytest.raises(ValidationError) as refused:
            devices.backup_keys(coord, path, phrase, again)
        assert refused.value.field == field
    with pytest.raises(ValidationError):
        devices.backup_keys(coord, "  ", "a" * 12, "a" * 12)
    assert not Path(path).exists()
    written = devices.backup_keys(coord, path, "Ąžuolas ir liepa", "Ąžuolas ir liepa")
    assert written == Path(path) and written.stat().st_size > 0
    assert identity.restore_keys(coord, written, "Ąžuolas ir liepa") == "decryption"


def test_a_key_backup_never_replaces_another_file_and_is_written_whole(
    region: Region, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The window's key backup refuses a path that is someone's other file or relative; it is
    readable by its owner only; a write that fails half-way leaves the earlier backup whole."""
    import os  # noqa: PLC0415

    from libtrainer.domain.errors import KeyStoreError, ValidationError  # noqa: PLC0415

    coord, phrase = region.coordinator, "Ąžuolas ir liepa"
    report = tmp_path / "ataskaita.xlsx"
    report.write_bytes(b"a report")
    for path in (str(report), "keys.ltkeys"):
        with pytest.raises(ValidationError) as refused:
            devices.backup_keys(coord, path, phrase, phrase)
        assert refused.value.field == "path"
    assert report.read_bytes() == b"a report"
    backup = devices.backup_keys(coord, str(tmp_path / "keys.ltkeys"), phrase, phrase)
    assert backup.stat().st_mode & 0o777 == 0o600
    before = backup.read_bytes()

    def disk_full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(KeyStoreError):
        devices.backup_keys(coord, str(backup), phrase, phrase)
    monkeypatch.undo()
    assert backup.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []
    assert identity.restore_keys(coord, backup, phrase) == "decryption"
