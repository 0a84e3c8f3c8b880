"""The shared folder is remembered as a whole path (decision 0331): ``enroll usb`` typed in
``E:\\`` still finds the stick from a plain ``libtrainer sync`` started anywhere, and a folder
remembered without its drive by an older version is never looked for from the current folder."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from libtrainer.services import settings, storefile
from libtrainer.store.store import write_meta
from tests.sync.regionkit import add_participants, make_region

from .clikit import run_cli


def _remembered(data_dir: Path) -> str | None:
    store = storefile.open_store(data_dir)
    try:
        return store.meta(settings.SHARE_PATH)
    finally:
        store.close()


def _add_work(data_dir: Path) -> None:
    store = storefile.open_store(data_dir)
    try:
        add_participants(store)
    finally:
        store.close()


def test_enrol_with_a_relative_folder_then_sync_from_another_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """``enroll share`` run in the folder above it keeps the whole path: a later plain
    ``sync`` started in another folder sends to that same shared folder."""
    make_region(tmp_path).close()
    monkeypatch.chdir(tmp_path)
    code, _out, err = run_cli(capsys, tmp_path / "b0", "enroll", "share")
    assert (code, err) == (0, "")
    assert _remembered(tmp_path / "b0") == str(tmp_path / "share")
    _add_work(tmp_path / "b0")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    code, out, err = run_cli(capsys, tmp_path / "b0", "sync", "--json")
    assert (code, err) == (0, "")
    assert json.loads(out)["published"]["changes"] >= 5
    assert not (elsewhere / "share").exists()


def test_sync_with_a_relative_share_argument_uses_the_current_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """``sync share`` names a folder under the one the command runs in, as a person means."""
    region = make_region(tmp_path)
    try:
        add_participants(region.branches[0])
    finally:
        region.close()
    monkeypatch.chdir(tmp_path)
    code, out, err = run_cli(capsys, tmp_path / "b0", "sync", "share", "--json")
    assert (code, err) == (0, "")
    assert json.loads(out)["published"]["changes"] >= 5


def test_a_share_remembered_without_its_drive_is_never_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A store of an older version that remembered "share": a plain sync refuses in one line
    naming it and Settings — even started where a folder of that name is — and writes nothing."""
    region = make_region(tmp_path)
    try:
        branch = region.branches[0]
        add_participants(branch)
        with branch.uow() as uow:
            write_meta(uow.connection, settings.SHARE_PATH, "share")
            uow.commit()
    finally:
        region.close()
    monkeypatch.chdir(tmp_path)
    before = sorted(p.name for p in (tmp_path / "share").rglob("*.ltb"))
    code, out, err = run_cli(capsys, tmp_path / "b0", "sync")
    assert code == 2 and out == ""
    assert "“share”" in err and "Settings" in err and len(err.strip().splitlines()) == 1
    assert sorted(p.name for p in (tmp_path / "share").rglob("*.ltb")) == before
    code, out, err = run_cli(capsys, tmp_path / "b0", "trust", "list")
    assert code != 0 and "“share”" in err


def test_enrolling_again_with_the_whole_path_mends_a_remembered_relative_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """``enroll`` with the whole path replaces what an older version remembered."""
    region = make_region(tmp_path)
    try:
        with region.branches[0].uow() as uow:
            write_meta(uow.connection, settings.SHARE_PATH, "share")
            uow.commit()
    finally:
        region.close()
    code, _out, err = run_cli(capsys, tmp_path / "b0", "enroll", str(tmp_path / "share"))
    assert (code, err) == (0, "")
    assert _remembered(tmp_path / "b0") == str(tmp_path / "share")
