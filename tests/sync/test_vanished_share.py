"""A shared folder taken away half-way through a sync: "not reachable", nothing made in its place
(decision 0323)."""

from __future__ import annotations

from pathlib import Path

import pytest

from libtrainer.i18n import render
from libtrainer.sync.errors import ShareUnreachable, ShareVanished
from libtrainer.sync.session import synchronise
from libtrainer.sync.share import Share
from tests.sync.regionkit import NAMES, Region, add_participants


def _vanish_before_write(monkeypatch: pytest.MonkeyPatch, region: Region) -> Path:
    """The share is renamed away (a stick pulled out) just before the first write."""
    gone = region.root.with_name("share.gone")
    real = Share.write_once

    def write_once(self: Share, rel: str, data: bytes, **kwargs: bool) -> Path:
        if not gone.exists():
            region.root.rename(gone)
        return real(self, rel, data, **kwargs)

    monkeypatch.setattr(Share, "write_once", write_once)
    return gone


def _files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def test_branch_whose_share_vanishes_before_writing_is_told_not_reachable(
    region: Region, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No "Sent": the sync says not reachable, nothing is left locally, the next sync sends."""
    branch = region.branches[0]
    add_participants(branch, NAMES[:2])
    gone = _vanish_before_write(monkeypatch, region)
    with pytest.raises(ShareVanished) as info:
        synchronise(branch, region.root)
    assert isinstance(info.value, ShareUnreachable)
    kept = info.value.params["n"]
    assert kept > 0
    assert f"your {kept} changes are safe on this computer" in render(info.value)
    assert _files(region.root) == []
    monkeypatch.undo()
    gone.rename(region.root)
    again = synchronise(branch, region.root)
    assert again.resent_changes + again.published_changes == kept
    assert (region.share(branch).base / "outbox" / branch.device_id).is_dir()


def test_coordinator_whose_share_vanishes_writes_no_catalogue_into_an_empty_tree(
    region: Region, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A coordinator never re-creates the region tree at a vanished share's path."""
    coordinator = region.coordinator
    add_participants(coordinator, NAMES[:1])
    _vanish_before_write(monkeypatch, region)
    with pytest.raises(ShareVanished):
        synchronise(coordinator, region.root)
    assert not region.root.exists()
