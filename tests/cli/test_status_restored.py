"""``status`` shows a branch restored from an older copy as ``sync`` does (decision 0323)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from libtrainer.services import status
from libtrainer.sync import renew
from libtrainer.sync.session import synchronise
from tests.cli.clikit import run_cli
from tests.sync.forkkit import restored_branch
from tests.sync.regionkit import Region, make_region


@pytest.fixture
def region(tmp_path: Path) -> Iterator[Region]:
    reg = make_region(tmp_path)
    yield reg
    reg.close()


def test_status_says_restored_after_a_sync_found_it(
    region: Region, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Text and JSON name the bundle on the share and the way out, as ``sync`` does."""
    restored = restored_branch(region, tmp_path)
    synchronise(restored, region.root)
    restored.close()
    code, out, _err = run_cli(capsys, tmp_path / "image", "status")
    assert code == 0
    assert "restored from an older copy" in out and "bundle 2" in out
    assert "libtrainer enroll SHARE --new-device" in out
    code, out, _err = run_cli(capsys, tmp_path / "image", "status", "--json")
    own = json.loads(out)["own_chain"]
    assert own["state"] == "restored" and own["seq"] == 2
    assert own["way_out"] == "enroll SHARE --new-device"
    code, out, _err = run_cli(capsys, tmp_path / "image", "status", "--json", lang="lt")
    assert json.loads(out)["own_chain"]["state"] == "restored"


def test_status_is_quiet_for_a_computer_that_was_not_restored(
    region: Region, tmp_path: Path
) -> None:
    """An ordinary branch after a sync: no own chain state at all."""
    branch = region.branches[0]
    synchronise(branch, region.root)
    info = status.status(branch, Path(branch.path).parent)
    assert info["own_chain"] is None
    assert not any("older copy" in line for line in status.describe(info))


def test_new_identity_clears_the_restored_state(region: Region, tmp_path: Path) -> None:
    """After ``enroll SHARE --new-device`` status no longer says restored."""
    restored = restored_branch(region, tmp_path)
    try:
        synchronise(restored, region.root)
        folder = tmp_path / "image"
        assert status.status(restored, folder)["own_chain"]["state"] == "restored"
        renew.renew_identity(restored)
        assert status.status(restored, folder)["own_chain"] is None
    finally:
        restored.close()
