"""``libtrainer sync`` without SHARE uses the shared folder set in Settings (a scheduled task
can run it while the app is closed); with none set, one translated line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from libtrainer.services import settings
from tests.conftest import make_store
from tests.sync.regionkit import add_participants, make_region

from .clikit import run_cli


def test_sync_without_share_uses_the_folder_set_in_settings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A branch with its folder set in Settings publishes its waiting changes there."""
    region = make_region(tmp_path)
    try:
        branch = region.branches[0]
        add_participants(branch)
        with branch.uow() as uow:
            settings.save(uow, share_path=str(region.root))
    finally:
        region.close()
    code, out, err = run_cli(capsys, tmp_path / "b0", "sync", "--json")
    assert (code, err) == (0, "")
    assert json.loads(out)["published"]["changes"] >= 5
    assert list((region.root).rglob("*.ltb"))


def test_sync_without_share_or_setting_names_what_to_do(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """No SHARE and none in Settings: exit 2 and one Latvian line."""
    make_store(data_dir).close()
    code, out, err = run_cli(capsys, data_dir, "sync", lang="lv")
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and "Iestatījumos" in err
