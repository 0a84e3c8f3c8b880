"""What a security review of the split trust list found, each case closed (decision 0322)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
from pathlib import Path

import pytest

from libtrainer.domain.errors import N_
from libtrainer.store.store import Store
from libtrainer.sync import enroll, identity, publish, trustops, trustsplit
from libtrainer.sync.errors import ShareError, TrustError
from libtrainer.sync.session import synchronise
from libtrainer.sync.share import Share
from libtrainer.sync.signed import make_doc
from libtrainer.sync.summary import describe
from libtrainer.sync.trust import META_LOST, DeviceEntry, TrustList, refresh_trust
from tests.conftest import make_store
from tests.sync.regionkit import (
    NAMES,
    Region,
    add_coordinator,
    add_participants,
    make_region,
)
from tests.sync.test_trust_split import _merge_copies, _split
from tests.sync.test_trust_split import _names as _given_names


def _forge_request(branch: Store, base: Path, region: str, *, device: str, role: str) -> None:
    """The branch's honest request replaced by one of its own key with another device/role."""
    own = identity.load_device_keys(branch)
    for path in (base / "enroll").glob(f"*{own.key_id}*"):
        path.unlink()
    body = {
        "format": 1,
        "kind": "enroll",
        "region": region,
        "device": device,
        "name": "Innocent PC",
        "role": role,
        "branch": None,
        "branch_name": "",
        "key_id": own.key_id,
        "sign": own.sign_public.hex(),
        "x25519": own.x25519_public.hex(),
        "from_seq": 1 if device == branch.device_id else 10**6,
        "created_wall": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    }
    doc = make_doc(body, [(own.key_id, own.signing)], enroll.DOMAIN)
    (base / "enroll" / f"{device}-{own.key_id}.req").write_bytes(doc)


@pytest.mark.parametrize("mode", ["role", "identity"])
def test_settle_never_approves_a_rewritten_request(tmp_path: Path, mode: str) -> None:
    """A request rewritten after the split (coordinator, another device's id) approves nothing."""
    region, second, b4, b5 = _split(tmp_path)
    coord = region.coordinator
    try:
        loser = max((coord, second), key=lambda s: region.trust(s).sha256)
        winner = second if loser is coord else coord
        attacker = b4 if loser is coord else b5
        share = region.share(attacker)
        device = attacker.device_id if mode == "role" else winner.device_id
        _forge_request(attacker, share.base, share.region, device=device, role="coordinator")
        told = describe(synchronise(loser, region.root))
        final = region.trust(loser)
        own = identity.load_device_keys(attacker)
        assert own.key_id not in final.coordinators
        assert final.find_key(own.key_id) is None
        assert identity.load_device_keys(winner).key_id in final.coordinators
        assert not any(line.startswith("Approved again") for line in told)
        assert any("Not approved again" in line for line in told)
    finally:
        region.close()
        second.close()


def test_settle_approves_again_as_the_lost_version_signed_it(tmp_path: Path) -> None:
    """The honest request still there: the branch is approved again with its role and key."""
    region, second, b4, b5 = _split(tmp_path)
    coord = region.coordinator
    try:
        loser = max((coord, second), key=lambda s: region.trust(s).sha256)
        branch = b4 if loser is coord else b5
        told = describe(synchronise(loser, region.root))
        final = region.trust(loser)
        own = identity.load_device_keys(branch)
        found = final.find_key(own.key_id)
        assert found is not None and found[0].device == branch.device_id
        assert found[0].role == "branch" and own.key_id not in final.coordinators
        assert any(f"(trust list version {final.version})" in line for line in told)
    finally:
        region.close()
        second.close()


def test_a_conflict_while_applying_again_names_no_version(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A conflict on the next version: no "Approved again … version None", the retry is said."""
    region, second, _b4, _b5 = _split(tmp_path)
    coord = region.coordinator
    try:
        loser = max((coord, second), key=lambda s: region.trust(s).sha256)

        def conflict(*_args: object, **_kwargs: object) -> None:
            raise TrustError("conflict", N_("Another coordinator changed the trust list."))

        monkeypatch.setattr(trustsplit.trustops, "commit_next", conflict)
        told = describe(synchronise(loser, region.root))
        assert not any("None" in line or "Approved again" in line for line in told)
        assert any("applied again at the next sync" in line for line in told)
    finally:
        region.close()
        second.close()


def test_a_send_outside_a_sync_resets_the_count_not_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After a failed send, the window's send-before-close writing everything clears the count."""
    region = make_region(tmp_path, branches=1)
    branch = region.branches[0]
    try:
        add_participants(branch, NAMES[:1])
        real = publish._write

        def full(*_args: object, **_kwargs: object) -> Path:
            raise ShareError(N_("The shared folder is full."))

        monkeypatch.setattr(publish, "_write", full)
        failed = synchronise(branch, region.root)
        assert failed.send_failed and branch.pending_changes() > 0
        monkeypatch.setattr(publish, "_write", real)
        add_participants(branch, NAMES[1:2])
        publish.publish(branch, region.share(branch))  # as send-before-close and admit do
        assert not publish.missing(branch, region.share(branch))
        with branch.read() as conn:
            assert branch.pending_changes() == publish.unpublished(conn) == 0
    finally:
        region.close()


def test_versions_missing_from_a_share_that_holds_some_are_written_back(tmp_path: Path) -> None:
    """trust/ re-seeded by the coordinator with the shorter chain: the other writes the rest."""
    region = make_region(tmp_path, branches=1)
    second = add_coordinator(region, tmp_path / "coordB", "B")
    a = region.coordinator
    b5 = make_store(tmp_path / "b5", branch="Padalinys 5", device_name="PC-5")
    try:
        for store in (a, second, *region.branches):
            synchronise(store, region.root)
        code = enroll.request_enrolment(b5, Share.for_store(region.root, b5)).code
        enroll.approve(second, region.share(second), code)
        refresh_trust(b5, Share.for_store(region.root, b5))
        base = region.share(a).base
        shutil.rmtree(base / "trust")
        synchronise(a, region.root)
        synchronise(second, region.root)
        add_participants(b5, NAMES[:1])
        synchronise(b5, region.root)
        synchronise(a, region.root)
        assert region.trust(a).sha256 == region.trust(second).sha256
        assert NAMES[0][0] in _given_names(a)
    finally:
        region.close()
        second.close()
        b5.close()


def test_a_deleted_trust_file_is_written_back_by_a_branch(tmp_path: Path) -> None:
    """One version file deleted from trust/: a branch's sync puts it back."""
    region = make_region(tmp_path, branches=1)
    branch = region.branches[0]
    try:
        base = region.share(branch).base
        newest = region.trust(branch)
        path = base / "trust" / f"{newest.version:08d}.trust"
        path.unlink()
        synchronise(branch, region.root)
        assert path.read_bytes() == newest.raw
    finally:
        region.close()


def test_a_trust_folder_holding_only_damaged_files_is_lost_not_another_region(
    tmp_path: Path,
) -> None:
    """Only a half-copied trust file: a lost list (branch told, coordinator writes it back)."""
    region = make_region(tmp_path, branches=1)
    coordinator, branch = region.coordinator, region.branches[0]
    try:
        base = region.share(coordinator).base
        first = (base / "trust" / "00000001.trust").read_bytes()
        shutil.rmtree(base / "trust")
        (base / "trust").mkdir()
        (base / "trust" / "00000001.trust").write_bytes(first[: len(first) // 2])
        assert synchronise(branch, region.root).home == publish.HOME_TRUST_MISSING
        assert synchronise(coordinator, region.root).home == publish.HOME_RESEEDED
        held = {hashlib.sha256(d).hexdigest() for d in region.share(branch).trust_documents()}
        assert region.trust(coordinator).sha256 in held
        assert synchronise(branch, region.root).home is None
    finally:
        region.close()


def _revoked_coordinator_split(tmp_path: Path) -> tuple[Region, Store, Store, Path] | None:
    """Coordinators A, B, C: on one copy A revokes C, on another B approves a branch, and B's
    version wins on hash; the copies are merged. None when no try gave that order."""
    for attempt in range(12):
        root = tmp_path / f"a{attempt}"
        region = make_region(root, branches=1)
        b = add_coordinator(region, root / "coordB", "B")
        c = add_coordinator(region, root / "coordC", "C")
        a = region.coordinator
        for store in (a, b, c, *region.branches):
            refresh_trust(store, region.share(store))
        b5 = make_store(root / "b5", branch="Padalinys 5", device_name="PC-5")
        copy_a, copy_b = root / "copyA", root / "copyB"
        shutil.copytree(region.root, copy_a)
        shutil.copytree(region.root, copy_b)
        trustops.revoke(a, Share.for_store(copy_a, a), c.device_id, 0)
        code5 = enroll.request_enrolment(b5, Share.for_store(copy_b, b5)).code
        enroll.approve(b, Share.for_store(copy_b, b), code5)
        b5.close()
        if region.trust(b).sha256 < region.trust(a).sha256:
            _merge_copies(copy_a, copy_b)
            shutil.rmtree(region.root)
            shutil.copytree(copy_a, region.root)
            return region, b, c, root
        for store in (b, c):
            store.close()
        region.close()
    return None


def test_a_coordinator_whose_revocation_lost_a_split_cannot_take_over(tmp_path: Path) -> None:
    """C, revoked in a version that lost on hash, revokes the others: no device follows it."""
    found = _revoked_coordinator_split(tmp_path)
    if found is None:
        pytest.skip("no split where the approving version won")
    region, b, c, _root = found
    a, branch = region.coordinator, region.branches[0]
    try:
        c_key = identity.load_device_keys(c).key_id
        c_view = refresh_trust(c, region.share(c))
        assert c_key in c_view.coordinators  # B's version keeps C: the split on hash
        trustops.revoke(c, region.share(c), a.device_id, 0)
        trustops.revoke(c, region.share(c), b.device_id, 0)
        told = describe(synchronise(a, region.root))
        assert any(line.startswith("Revoked again") for line in told)
        a_key = identity.load_device_keys(a).key_id
        views = [refresh_trust(s, region.share(s)) for s in (a, b, branch)]
        assert len({v.sha256 for v in views}) == 1
        assert c_key not in views[0].coordinators and a_key in views[0].coordinators
    finally:
        b.close()
        c.close()
        region.close()


def test_a_device_enrolled_meanwhile_with_another_key_is_named_not_replaced(
    tmp_path: Path,
) -> None:
    """The kept version holds the lost approval's device with another key: it is named, kept."""
    region, second, b4, b5 = _split(tmp_path)
    coord = region.coordinator
    try:
        loser = max((coord, second), key=lambda s: region.trust(s).sha256)
        branch, other = (b4, b5) if loser is coord else (b5, b4)
        share = region.share(loser)
        trust = refresh_trust(loser, share)
        ours = json.loads(loser.meta(META_LOST) or "[]")
        held = trust.devices[other.device_id]
        elsewhere = DeviceEntry(branch.device_id, "PC elsewhere", "branch", None, "", held.keys)
        kept = TrustList(
            trust.region,
            trust.version,
            {**trust.devices, branch.device_id: elsewhere},
            trust.coordinators,
        )
        settled = trustsplit.Settled(lost=[trust.version])
        devices, coordinators = trustsplit._again(kept, share, ours, loser.device_id, settled)
        assert devices[branch.device_id] == elsewhere and coordinators == trust.coordinators
        assert settled.taken and not settled.approved
        assert any("enrolled with another key" in line for line in trustsplit.lines(settled))
    finally:
        region.close()
        second.close()


def test_a_revocation_wins_over_the_revoked_coordinators_concurrent_version(
    tmp_path: Path,
) -> None:
    """A revokes C while C approves a branch at once: every device keeps A's, whatever the hash."""
    region = make_region(tmp_path, branches=1)
    c = add_coordinator(region, tmp_path / "coordC", "C")
    a, branch = region.coordinator, region.branches[0]
    b5 = make_store(tmp_path / "b5", branch="Padalinys 5", device_name="PC-5")
    try:
        for store in (a, c, branch):
            refresh_trust(store, region.share(store))
        copy_a, copy_c = tmp_path / "copyA", tmp_path / "copyC"
        shutil.copytree(region.root, copy_a)
        shutil.copytree(region.root, copy_c)
        trustops.revoke(a, Share.for_store(copy_a, a), c.device_id, 0)
        code5 = enroll.request_enrolment(b5, Share.for_store(copy_c, b5)).code
        enroll.approve(c, Share.for_store(copy_c, c), code5)
        _merge_copies(copy_a, copy_c)
        shutil.rmtree(region.root)
        shutil.copytree(copy_a, region.root)
        kept = {refresh_trust(s, region.share(s)).sha256 for s in (a, c, branch)}
        assert kept == {region.trust(a).sha256}
        assert identity.load_device_keys(c).key_id not in region.trust(branch).coordinators
    finally:
        c.close()
        b5.close()
        region.close()
