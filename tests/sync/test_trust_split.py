"""A trust list split by two coordinators at once converges everywhere (decision 0322)."""

from __future__ import annotations

import shutil
from pathlib import Path

from sqlalchemy import select

from libtrainer.store.models import Participant
from libtrainer.store.store import Store
from libtrainer.sync import enroll, identity, trustops
from libtrainer.sync.session import synchronise
from libtrainer.sync.share import Share
from libtrainer.sync.summary import describe
from libtrainer.sync.trust import META_LOST, TrustList, refresh_trust, sign_trust
from tests.conftest import make_store
from tests.sync.regionkit import NAMES, Region, add_coordinator, add_participants, make_region


def _merge_copies(into: Path, other: Path) -> None:
    """What a sync client does with two copies of a folder: files only in ``other`` are
    copied; the same name with other bytes becomes a "(conflicted copy)"."""
    for path in other.rglob("*"):
        if not path.is_file():
            continue
        target = into / path.relative_to(other)
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target)
        elif target.read_bytes() != path.read_bytes():
            shutil.copy2(path, target.with_name(f"{target.stem} (conflicted copy){target.suffix}"))


def _names(store: Store) -> set[str]:
    with store.read() as conn:
        return set(conn.execute(select(Participant.given_name)).scalars())


def _split(tmp_path: Path) -> tuple[Region, Store, Store, Store]:
    """Coordinators A and B; A approves b4 on one copy of the share, B approves b5 on another;
    a sync client merges the copies into the region's folder. Returns (region, B, b4, b5)."""
    region = make_region(tmp_path, branches=0)
    second = add_coordinator(region, tmp_path / "coordB")
    b4 = make_store(tmp_path / "b4", branch="Padalinys 4", device_name="PC-4")
    b5 = make_store(tmp_path / "b5", branch="Padalinys 5", device_name="PC-5")
    region.branches.extend([b4, b5])
    copy_a, copy_b = tmp_path / "copyA", tmp_path / "copyB"
    shutil.copytree(region.root, copy_a)
    shutil.copytree(region.root, copy_b)
    code4 = enroll.request_enrolment(b4, Share.for_store(copy_a, b4)).code
    code5 = enroll.request_enrolment(b5, Share.for_store(copy_b, b5)).code
    enroll.approve(region.coordinator, Share.for_store(copy_a, region.coordinator), code4)
    enroll.approve(second, Share.for_store(copy_b, second), code5)
    _merge_copies(copy_a, copy_b)
    shutil.rmtree(region.root)
    shutil.copytree(copy_a, region.root)
    return region, second, b4, b5


def test_two_coordinators_approving_at_once_converge_on_one_list(tmp_path: Path) -> None:
    """Every device ends on one trust list naming both new branches; the losing coordinator
    says its approval was applied again, and both branches' work is merged."""
    region, second, b4, b5 = _split(tmp_path)
    coord = region.coordinator
    try:
        loser = max((coord, second), key=lambda s: region.trust(s).sha256)
        told: list[str] = []
        for _round in range(2):
            for store in (coord, second, b4, b5):
                told.extend(describe(synchronise(store, region.root)))
        add_participants(b4, NAMES[:1])
        add_participants(b5, NAMES[1:2])
        for store in (b4, b5, coord, second):
            synchronise(store, region.root)
        hashes = {region.trust(s).sha256 for s in (coord, second, b4, b5)}
        assert len(hashes) == 1
        final = region.trust(coord)
        assert {b4.device_id, b5.device_id} <= set(final.devices)
        assert any("was not" in line for line in told)
        assert any("Approved again on top of it" in line for line in told)
        assert not loser.meta(META_LOST)
        for store in (coord, second):
            assert {NAMES[0][0], NAMES[1][0]} <= _names(store)
    finally:
        region.close()
        second.close()


def test_a_revoked_coordinator_cannot_replace_the_version_that_revoked_it(tmp_path: Path) -> None:
    """A coordinator's key revoked in version N cannot sign a competing version N with a
    lower hash that leaves it in: the revocation stands."""
    region = make_region(tmp_path, branches=1)
    second = add_coordinator(region, tmp_path / "coordB")
    coord, branch = region.coordinator, region.branches[0]
    try:
        before = region.trust(coord)
        trustops.revoke(coord, region.share(coord), second.device_id, 0)
        revoked = region.trust(coord)
        own = identity.load_device_keys(second)
        forged = None
        for i in range(64):  # a forger tries until its version has the lower hash
            doc = sign_trust(
                TrustList(
                    before.region,
                    revoked.version,
                    before.devices,
                    before.coordinators,
                    before.sha256,
                    f"t{i}",
                ),
                [(own.key_id, own.signing)],
            )
            if doc.sha256 < revoked.sha256:
                forged = doc
                break
        assert forged is not None
        share = region.share(branch)
        refresh_trust(branch, share)
        share.write_once(f"trust/{forged.version:08d} (conflicted copy).trust", forged.raw)
        for store in (coord, branch):
            assert refresh_trust(store, region.share(store)).sha256 == revoked.sha256
    finally:
        region.close()
        second.close()
