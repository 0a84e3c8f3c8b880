"""`trust revoke` as a coordinator uses it: the computer named by its code, name or id,
after its last merged bundle by default, and never silently below what is merged (0335)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from libtrainer.cli import main
from libtrainer.store.store import Store
from libtrainer.sync import devices, identity, publish
from libtrainer.sync.errors import TrustError
from libtrainer.sync.session import synchronise
from libtrainer.sync.trust import refresh_trust
from tests.sync.regionkit import NAMES, Region, add_participants


def _two_bundles_merged(region: Region) -> Store:
    """The branch sends bundle 1, then bundle 2 with two new residents; both are merged."""
    branch = region.branches[0]
    add_participants(branch, NAMES[:1])
    publish.publish(branch, region.share(branch))
    add_participants(branch, NAMES[1:3])
    publish.publish(branch, region.share(branch))
    synchronise(region.coordinator, region.root)
    region.coordinator.engine.dispose()
    return branch


def _trust(region: Region, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    data = str(Path(region.coordinator.path).parent)
    code = main(["--lang", "en", "--data-dir", data, "trust", *args, "--share", str(region.root)])
    out, err = capsys.readouterr()
    return code, out + err


def _revoked_after(region: Region, device: str) -> int | None:
    coord = region.coordinator
    entry = refresh_trust(coord, region.share(coord)).key_for(device)
    assert entry is not None
    return entry.revoked_after


def test_revoking_below_what_is_merged_is_refused_without_the_flag(
    region: Region, capsys: pytest.CaptureFixture[str]
) -> None:
    """--after-seq 1 while bundle 2 is merged: refused, saying its records stay; the flag
    revokes after 1 and warns that bundle 2's changes stay merged here."""
    branch = _two_bundles_merged(region)
    device = branch.device_id
    code, out = _trust(region, capsys, "revoke", device, "--after-seq", "1")
    assert code == 2, out
    assert "up to number 2, are already merged" in out and "--below-merged" in out
    assert _revoked_after(region, device) is None, "nothing was revoked"
    code, out = _trust(region, capsys, "revoke", device, "--after-seq", "1", "--below-merged")
    assert code == 0, out
    assert _revoked_after(region, device) == 1
    assert "bundle 2 stays merged here" in out
    code, out = _trust(region, capsys, "revoke", device)
    assert code == 0 and "already revoked" in out and "bundle 2 stays merged here" in out
    assert "--after-seq 2" in out, "the way to make the merged history valid again"


def test_revoke_by_code_defaults_to_the_last_merged_bundle_and_says_so(
    region: Region, capsys: pytest.CaptureFixture[str]
) -> None:
    """`trust revoke CODE` (the code `trust list` shows), no --after-seq: revoked after the
    last merged bundle, and the output names that number and why."""
    branch = _two_bundles_merged(region)
    code_shown = identity.enrolment_code(branch) or ""
    code, out = _trust(region, capsys, "revoke", code_shown.lower())
    assert code == 0, out
    assert _revoked_after(region, branch.device_id) == 2
    assert "up to number 2" in out and "last one merged" in out
    code, out = _trust(region, capsys, "revoke", code_shown)
    assert code == 0 and "already revoked" in out


def test_revoke_by_name_or_the_start_of_its_id(
    region: Region, capsys: pytest.CaptureFixture[str]
) -> None:
    """The computer's name (any case) or the last characters of its id name it too."""
    branch = _two_bundles_merged(region)
    code, out = _trust(region, capsys, "revoke", "pc-0")
    assert code == 0, out
    assert _revoked_after(region, branch.device_id) == 2


def test_the_device_is_found_by_code_name_or_id_start_and_an_unclear_name_is_refused(
    region: Region, tmp_path: Path
) -> None:
    """find_device: code, name and id end each find it; two computers of one name are
    listed with their codes; an unknown text says where to look."""
    from tests.sync.regionkit import add_coordinator  # noqa: PLC0415

    branch, coord = region.branches[0], region.coordinator
    trust = refresh_trust(coord, region.share(coord))
    device = branch.device_id
    code = identity.enrolment_code(branch) or ""
    assert devices.find_device(trust, code).device == device
    assert devices.find_device(trust, code.replace("-", "").lower()).device == device
    assert devices.find_device(trust, " PC-0 ").device == device
    assert devices.find_device(trust, device[-8:]).device == device
    assert devices.find_device(trust, device).device == device
    second = add_coordinator(region, tmp_path / "c2", name="PC-0")
    try:
        trust = refresh_trust(coord, region.share(coord))
        with pytest.raises(TrustError) as twice:
            devices.find_device(trust, "pc-0")
        assert code in str(twice.value)
    finally:
        second.close()
    with pytest.raises(TrustError) as unknown:
        devices.find_device(trust, "Skaitykla")
    assert "trust list" in str(unknown.value)


def test_trust_list_shows_the_last_merged_bundle(
    region: Region, capsys: pytest.CaptureFixture[str]
) -> None:
    """`trust list` names each computer's last bundle merged here (JSON: last_merged_seq)."""
    branch = _two_bundles_merged(region)
    code, out = _trust(region, capsys, "list")
    assert code == 0, out
    (line,) = [row for row in out.splitlines() if "PC-0" in row]
    assert "last merged: no. 2" in line
    code, out = _trust(region, capsys, "list", "--json")
    rows = {d["device"]: d for d in json.loads(out)["devices"]}
    assert rows[branch.device_id]["last_merged_seq"] == 2


def test_lithuanian_revoke_message_says_siunta(
    region: Region, capsys: pytest.CaptureFixture[str]
) -> None:
    """In Lithuanian the revoke message names a bundle "siunta", not "paketas"."""
    branch = _two_bundles_merged(region)
    data = str(Path(region.coordinator.path).parent)
    args = ["--lang", "lt", "--data-dir", data, "trust", "revoke", branch.device_id[-6:]]
    assert main([*args, "--share", str(region.root)]) == 0
    out = capsys.readouterr().out
    assert "siunt" in out and "paket" not in out
