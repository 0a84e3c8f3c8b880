"""The coordinator's device list: enrolled devices with their last merged bundle, requests
waiting, approval by code and revocation after the last merged bundle."""

from __future__ import annotations

from pathlib import Path

import pytest

from libtrainer.sync import devices, enroll, identity
from libtrainer.sync.errors import ShareError, TrustError
from libtrainer.sync.share import Share
from tests.conftest import make_store
from tests.sync.regionkit import Region, make_region, merge_branch_work


@pytest.fixture
def region(tmp_path: Path) -> Region:
    reg = make_region(tmp_path)
    yield reg
    reg.close()


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
