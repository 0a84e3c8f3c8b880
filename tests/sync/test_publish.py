"""Publishing: per-device chain, crash safety, enrolment gate, catalogue, acks."""

from __future__ import annotations

from pathlib import Path

import pytest

from libtrainer.domain.ids import new_id
from libtrainer.services import storefile
from libtrainer.store.models import Staff
from libtrainer.sync import bundle, enroll, identity, publish
from libtrainer.sync.ackfile import make_ack
from libtrainer.sync.errors import ShareError, ShareUnreachable
from libtrainer.sync.share import Share
from tests.conftest import make_store
from tests.sync.regionkit import NAMES, Region, add_participants


def _headers(paths: list[Path]) -> list[bundle.BundleHeader]:
    return [bundle.peek_header(p.read_bytes()) for p in paths]


def test_publish_chains_seq_and_prev_hash_and_survives_reopen(
    region: Region, tmp_path: Path
) -> None:
    """Bundles 1, 2, 3 chain by prev_hash, also across closing and reopening the store."""
    branch = region.branches[0]
    paths = []
    for name in NAMES[:2]:
        add_participants(branch, [name])
        paths += publish.publish(branch, region.share(branch)).bundles
    branch.close()
    reopened = storefile.open_store(tmp_path / "b0")
    region.branches[0] = reopened
    add_participants(reopened, NAMES[2:3])
    paths += publish.publish(reopened, region.share(reopened)).bundles
    headers = _headers(paths)
    assert [h.seq for h in headers] == [1, 2, 3]
    assert headers[0].prev_hash is None
    assert headers[1].prev_hash == bundle.bundle_hash(paths[0].read_bytes())
    assert headers[2].prev_hash == bundle.bundle_hash(paths[1].read_bytes())


def test_nothing_new_publishes_nothing(region: Region) -> None:
    """A second publish without new changes writes no bundle."""
    branch = region.branches[0]
    publish.publish(branch, region.share(branch))
    result = publish.publish(branch, region.share(branch))
    assert result.bundles == [] and result.changes == 0


def test_crash_between_commit_and_write_rewrites_the_same_bytes(
    region: Region, monkeypatch: pytest.MonkeyPatch
) -> None:
    """If the share write fails after the bundle was made, the retry writes identical bytes."""
    branch = region.branches[0]
    share = region.share(branch)
    add_participants(branch, NAMES[:1])

    def broken(self: Share, rel: str, data: bytes) -> Path:
        raise ShareError("disk full")

    monkeypatch.setattr(Share, "write_once", broken)
    with pytest.raises(ShareError):
        publish.publish(branch, share)
    monkeypatch.undo()
    add_participants(branch, NAMES[1:2])
    paths = publish.publish(branch, share).bundles
    headers = _headers(paths)
    assert [h.seq for h in headers] == [1, 2]
    assert headers[0].counts["participant"] == 1 and headers[1].counts["participant"] == 1
    assert headers[1].prev_hash == bundle.bundle_hash(paths[0].read_bytes())


def test_large_outbox_is_split_into_chained_bundles(
    region: Region, monkeypatch: pytest.MonkeyPatch
) -> None:
    """More changes than fit one bundle give several bundles in one publish, all chained."""
    monkeypatch.setattr(publish, "MAX_CHANGES_PER_BUNDLE", 2)
    branch = region.branches[0]
    add_participants(branch)
    result = publish.publish(branch, region.share(branch))
    headers = _headers(result.bundles)
    assert [h.seq for h in headers] == list(range(1, len(headers) + 1))
    assert sum(sum(h.counts.values()) for h in headers) == result.changes


def test_device_not_yet_enrolled_keeps_its_changes(region: Region, tmp_path: Path) -> None:
    """A pending device publishes nothing and is told its changes wait."""
    late = make_store(tmp_path / "late", branch="Vėlyvas", device_name="PC-late")
    share = Share.for_store(region.root, late)
    enroll.request_enrolment(late, share)
    result = publish.publish(late, share)
    assert result.note == "not_enrolled" and result.bundles == [] and result.waiting > 0
    assert not (share.base / "outbox" / late.device_id).exists()
    late.close()


def test_unreachable_share_keeps_everything(region: Region, tmp_path: Path) -> None:
    """With the share gone: ShareUnreachable naming the count; nothing marked as published."""
    branch = region.branches[0]
    add_participants(branch, NAMES[:1])
    with pytest.raises(ShareUnreachable) as info:
        publish.publish(branch, Share(tmp_path / "unplugged-usb", region.share(branch).region))
    with branch.read() as conn:
        waiting = publish.unpublished(conn)
    assert waiting > 0 and str(waiting) in str(info.value)
    assert publish.publish(branch, region.share(branch)).changes == waiting


def test_coordinator_publishes_catalogue_that_branches_can_read(region: Region) -> None:
    """Staff entered on the coordinator reach branches in a catalogue bundle they can open."""
    coord, branch = region.coordinator, region.branches[0]
    with coord.uow() as uow:
        uow.session.add(
            Staff(id=new_id(), given_name="Rūta", family_name="Kazlauskienė", role="lecturer")
        )
        uow.commit()
    result = publish.publish(coord, region.share(coord))
    assert result.catalogue is not None
    opened = bundle.open_bundle(
        result.catalogue.read_bytes(),
        trust=region.trust(branch),
        decrypt_keys=identity.decryption_keys(branch),
        region=region.share(branch).region,
    )
    assert opened.header.kind == "catalogue"
    assert any(
        c.tbl == "staff" and (c.data or {}).get("given_name") == "Rūta" for c in opened.changes
    )
    assert publish.publish(coord, region.share(coord)).catalogue is None


def test_acks_are_signed_by_coordinators_only(region: Region) -> None:
    """A coordinator's ack reaches the branch; a forged ack from a branch is ignored."""
    coord, branch = region.coordinator, region.branches[0]
    add_participants(branch, NAMES[:1])
    path = publish.publish(branch, region.share(branch)).bundles[0]
    digest = bundle.bundle_hash(path.read_bytes())
    publish.write_ack(coord, region.share(coord), branch.device_id, 1, digest)
    forged = make_ack(
        identity.load_device_keys(branch),
        region.share(branch).region,
        branch.device_id,
        2,
        "0" * 64,
    )
    region.share(branch).write_once(f"acks/{branch.device_id}/{branch.device_id}/x.ack", forged)
    acks = publish.read_acks(branch, region.share(branch))
    assert [(a.coordinator, a.seq, a.bundle_hash) for a in acks] == [(coord.device_id, 1, digest)]


def test_device_that_never_enrolled_is_told_so(tmp_path: Path) -> None:
    """Without keys or trust list, publish keeps the changes and says 'not enrolled'."""
    lone = make_store(tmp_path / "lone", branch="Vienišas", device_name="PC-1")
    (tmp_path / "share").mkdir()
    result = publish.publish(lone, Share.for_store(tmp_path / "share", lone))
    assert result.note == "not_enrolled" and result.waiting > 0 and result.bundles == []
    lone.close()
