"""A set-up stopped half-way (kill, power cut, full disk) is made again, never a dead end; a
store file without its settings is never touched."""

from __future__ import annotations

from pathlib import Path

import pytest

from libtrainer.domain.errors import StoreError
from libtrainer.services import setup, storefile
from libtrainer.store.store import STORE_FILE
from libtrainer.sync import keys
from tests.cli.clikit import run_cli
from tests.conftest import MemoryKeyring

INIT = ("init", "--region", "R", "--library", "L", "--branch", "B", "--device-name", "PC")


def test_init_after_an_init_stopped_half_way_makes_the_store_again(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], memory_keyring: MemoryKeyring
) -> None:
    """A store made but never finished is refused by other commands with advice, and init
    makes it again (its orphan key removed) instead of 'a store already exists'."""
    data = tmp_path / "d"
    store = storefile.create(data, setup_pending=True)  # init killed right after this
    old_uid = storefile.read_config(data).store_uid
    store.close()
    assert storefile.unfinished(data)
    code, _out, err = run_cli(capsys, data, "status")
    assert code != 0 and "interrupted" in err and "init" in err
    code, out, err = run_cli(capsys, data, *INIT)
    assert code == 0, err
    assert not storefile.unfinished(data)
    assert keys.load_optional_secret(keys.store_key_name(old_uid)) is None
    assert run_cli(capsys, data, "status")[0] == 0


def test_a_store_file_without_its_settings_is_never_touched(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A libtrainer.db without store.json (settings lost, or init killed before writing them)
    is neither replaced nor moved: init refuses with advice and the file stays as it was."""
    data = tmp_path / "d"
    data.mkdir()
    (data / STORE_FILE).write_bytes(b"an encrypted store whose settings are gone")
    (data / f"{STORE_FILE}-wal").write_bytes(b"its last commits")
    code, _out, err = run_cli(capsys, data, *INIT)
    assert code != 0 and "store.json" in err and "nothing was changed" in err
    assert (data / STORE_FILE).read_bytes() == b"an encrypted store whose settings are gone"
    assert (data / f"{STORE_FILE}-wal").read_bytes() == b"its last commits"
    assert {p.name for p in data.iterdir()} - {"logs"} == {STORE_FILE, f"{STORE_FILE}-wal"}


def test_a_finished_store_is_never_made_again(tmp_path: Path) -> None:
    """create() refuses a finished store as before; only an unfinished one is replaced."""
    data = tmp_path / "d"
    store = storefile.create(data, setup_pending=True)
    setup.initialise(store, region="R", library="L", branch="B", device_name="PC", role="branch")
    store.close()
    storefile.finish_setup(data)
    with pytest.raises(StoreError):
        storefile.create(data)
    storefile.open_store(data).close()
