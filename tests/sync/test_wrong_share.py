"""An enrolled device refuses to send into a folder that is not its region's shared folder:
another region's stick, the libtrainer folder inside the right one, or an unrelated folder."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from libtrainer.i18n import render
from libtrainer.sync import enroll, publish
from libtrainer.sync.errors import WrongShare
from libtrainer.sync.session import synchronise
from libtrainer.sync.share import Share
from libtrainer.sync.summary import describe
from tests.sync.regionkit import NAMES, Region, add_participants, make_region


def _files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file())


def _other_regions_stick(tmp_path: Path) -> Path:
    stick = tmp_path / "stick-mrj"
    trust = stick / "libtrainer" / "v1" / "marijampoles-apskritis" / "trust"
    trust.mkdir(parents=True)
    (trust / "00000001.trust").write_bytes(b"another region's trust list")
    return stick


def _refused(region: Region, folder: Path) -> str:
    """Sync the branch to ``folder``: refused, nothing written there, the changes kept."""
    branch = region.branches[0]
    before = _files(folder)
    with branch.read() as conn:
        waiting = publish.unpublished(conn)
    with pytest.raises(WrongShare) as refused:
        synchronise(branch, folder)
    with pytest.raises(WrongShare):
        publish.publish(branch, Share.for_store(folder, branch))
    assert _files(folder) == before
    with branch.read() as conn:
        assert publish.unpublished(conn) == waiting > 0
    return render(refused.value)


def test_another_regions_stick_is_refused_and_named(region: Region, tmp_path: Path) -> None:
    """Syncing to another region's stick sends nothing and names the region found there."""
    add_participants(region.branches[0], NAMES[:1])
    message = _refused(region, _other_regions_stick(tmp_path))
    assert "marijampoles-apskritis" in message and "alytaus-apskritis" in message
    summary = synchronise(region.branches[0], region.root)  # the right folder afterwards
    assert summary.published_changes > 0


def test_libtrainer_folder_inside_the_share_is_refused_with_the_folder_above(
    region: Region,
) -> None:
    """Choosing SHARE/libtrainer says to choose SHARE instead, and writes nothing."""
    add_participants(region.branches[0], NAMES[:1])
    message = _refused(region, region.root / "libtrainer")
    assert "inside the shared folder" in message and str(region.root) in message
    assert not (region.root / "libtrainer" / "libtrainer").exists()


def test_unrelated_folder_is_refused(region: Region, tmp_path: Path) -> None:
    """An empty folder holds no trust list of the region: refused, nothing created in it."""
    add_participants(region.branches[0], NAMES[:1])
    empty = tmp_path / "empty"
    empty.mkdir()
    message = _refused(region, empty)
    assert "holds no trust list of alytaus-apskritis" in message


def test_first_enrolment_and_the_coordinators_first_publish_still_work(tmp_path: Path) -> None:
    """A new region on an empty folder: the coordinator starts it and branches send into it."""
    region = make_region(tmp_path)
    try:
        add_participants(region.branches[0], NAMES[:1])
        assert synchronise(region.coordinator, region.root).problems == []
        assert synchronise(region.branches[0], region.root).published_changes > 0
    finally:
        region.close()


def test_a_reformatted_stick_is_started_again_by_the_coordinator(region: Region) -> None:
    """The region's only stick was emptied: branches are refused until the coordinator syncs
    with it, which writes the region's trust lists back; then the branch re-sends what the
    stick lost and the coordinator merges it."""
    branch = region.branches[0]
    add_participants(branch, NAMES[:2])
    synchronise(branch, region.root)
    shutil.rmtree(region.root / "libtrainer")  # reformatted
    with pytest.raises(WrongShare):
        synchronise(branch, region.root)
    assert synchronise(region.coordinator, region.root).problems == []
    assert any((region.share(branch).base / "trust").iterdir())
    again = synchronise(branch, region.root)
    assert again.resent_changes > 0
    merged = synchronise(region.coordinator, region.root)
    assert merged.ingest is not None and merged.ingest.merged


def test_a_coordinator_does_not_start_the_region_inside_another_regions_stick(
    region: Region, tmp_path: Path
) -> None:
    """Only a blank folder is started again: a coordinator is refused on another region's
    stick like any computer."""
    stick = _other_regions_stick(tmp_path)
    with pytest.raises(WrongShare):
        synchronise(region.coordinator, stick)
    assert not (stick / "libtrainer" / "v1" / "alytaus-apskritis").exists()


def test_a_deleted_trust_folder_is_put_back_by_the_coordinator(region: Region) -> None:
    """trust/ deleted while tidying up: the branch still sends and is told the coordinator must
    sync; the coordinator writes the list back and says so; then all merges as before."""
    branch = region.branches[0]
    add_participants(branch, NAMES[:2])
    shutil.rmtree(region.share(branch).base / "trust")
    sent = synchronise(branch, region.root)
    assert sent.published_changes > 0 and sent.home == publish.HOME_TRUST_MISSING
    assert any("coordinator must synchronise once" in line for line in describe(sent))
    again = synchronise(region.coordinator, region.root)
    assert again.home == publish.HOME_RESEEDED
    assert any("wrote it there again" in line for line in describe(again))
    assert again.ingest is not None and again.ingest.merged
    assert region.share(branch).holds_trust()
    assert synchronise(branch, region.root).home is None


def test_a_stick_with_only_the_outboxes_is_used_and_completed(
    region: Region, tmp_path: Path
) -> None:
    """A partial copy holding outbox/ only: the branch sends to it, the coordinator writes the
    trust list there and merges what the branch sent."""
    branch = region.branches[0]
    synchronise(branch, region.root)
    stick = tmp_path / "stick"
    base = region.share(branch).base
    shutil.copytree(base / "outbox", stick / base.relative_to(region.root) / "outbox")
    add_participants(branch, NAMES[:1])
    assert synchronise(branch, stick).home == publish.HOME_TRUST_MISSING
    merged = synchronise(region.coordinator, stick)
    assert merged.home == publish.HOME_RESEEDED
    assert merged.ingest is not None and merged.ingest.merged


def test_enrol_on_the_coordinator_puts_a_lost_trust_list_back(region: Region) -> None:
    """`enroll SHARE` on the coordinator writes the trust list into a folder that lost it."""
    shutil.rmtree(region.share(region.coordinator).base / "trust")
    outcome = enroll.join(region.coordinator, region.root)
    assert outcome.reseeded and region.share(region.coordinator).holds_trust()


def test_a_region_folder_of_another_trust_root_is_refused(region: Region, tmp_path: Path) -> None:
    """Another region of the same name (its own first coordinator) is refused, the
    coordinator too: nothing is written there and no trust list is put back, also when its
    trust/ holds only a damaged file but its other files are of devices we never knew."""
    other = make_region(tmp_path / "other", branches=0)
    try:
        folder = other.root
        synchronise(other.coordinator, folder)  # its catalogue: files of a device we never knew
        assert "another region named" in _refused(region, folder)
        with pytest.raises(WrongShare):
            synchronise(region.coordinator, folder)
        shutil.rmtree(other.share(other.coordinator).base / "trust")
        (other.share(other.coordinator).base / "trust").mkdir()
        (other.share(other.coordinator).base / "trust" / "00000001.trust").write_bytes(
            (region.share(region.coordinator).base / "trust" / "00000001.trust").read_bytes()[::-1]
        )
        with pytest.raises(WrongShare):
            synchronise(region.coordinator, folder)
    finally:
        other.close()
