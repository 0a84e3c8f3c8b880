"""``libtrainer sync`` on a computer restored from an older copy: told plainly, non-zero exit."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.clikit import run_cli
from tests.sync.forkkit import restored_branch
from tests.sync.regionkit import make_region


def test_sync_of_a_restored_branch_says_so_and_exits_non_zero(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The summary names the restore and `enroll SHARE --new-device`; the exit code is 1."""
    region = make_region(tmp_path)
    restored = restored_branch(region, tmp_path)
    data = Path(restored.path).parent
    restored.close()
    try:
        code, out, _err = run_cli(capsys, data, "sync", str(region.root))
        assert code == 1
        assert "restored from an older copy" in out
        assert "libtrainer enroll SHARE --new-device" in out
        assert "Nothing new to send." not in out
        code, out, _err = run_cli(capsys, data, "sync", str(region.root), "--json")
        assert code == 1
        report = json.loads(out)
        assert report["own_chain"]["state"] == "restored" and report["own_chain"]["seq"] == 2
        assert report["failed"] is True
        code, out, _err = run_cli(capsys, data, "sync", str(region.root), lang="lt")
        assert code == 1
    finally:
        region.close()
