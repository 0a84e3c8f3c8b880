"""A keyring store moved to a passphrase (a reboot-restore PC): it opens with the passphrase
only, keeps its records and its recovery code, and nothing changes when the move is refused."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from libtrainer.domain.errors import KeyStoreError, StoreError, ValidationError
from libtrainer.services import keysource, participants, recovery, storefile
from libtrainer.sync import keys
from tests.cli.clikit import run_cli
from tests.conftest import MemoryKeyring, make_store

PHRASE = "skaitykla ryte 2026"


def _store_with_person(data: Path) -> None:
    store = make_store(data)
    with store.uow() as uow:
        participants.create_participant(uow, "Šarūnė", "Žukauskienė", birth_year=1957)
    store.close()


def _names(data: Path, passphrase: str | None) -> list[str]:
    store = storefile.open_store(data, passphrase=passphrase)
    try:
        with store.read() as conn:
            return list(conn.exec_driver_sql("SELECT family_name FROM participant").scalars())
    finally:
        store.close()


def _key_in_keyring(memory_keyring: MemoryKeyring, data: Path) -> bool:
    uid = storefile.read_config(data).store_uid
    return memory_keyring.get_password(keys.SERVICE, keys.store_key_name(uid)) is not None


def test_a_keyring_store_moved_to_a_passphrase_opens_only_with_it(
    data_dir: Path, memory_keyring: MemoryKeyring
) -> None:
    """After the move the keyring holds no key, store.json no secret, and the records open
    with the passphrase (not with a wrong one, not without one)."""
    _store_with_person(data_dir)
    keysource.use_passphrase(data_dir, PHRASE)
    assert not _key_in_keyring(memory_keyring, data_dir)
    config = storefile.read_config(data_dir)
    assert config.key_source == "passphrase" and config.wrapped_key is not None
    assert storefile.needs_passphrase(data_dir)
    assert _names(data_dir, PHRASE) == ["Žukauskienė"]
    with pytest.raises(KeyStoreError) as wrong:
        storefile.open_store(data_dir, passphrase="ne ta frazė 123")
    assert wrong.value.msgid == storefile.WRONG_PASSPHRASE
    with pytest.raises(KeyStoreError):
        storefile.open_store(data_dir)


def test_the_recovery_code_written_before_still_unwraps_the_same_key(data_dir: Path) -> None:
    """The store file is not encrypted again: the code on paper wraps the key it still has."""
    _store_with_person(data_dir)
    code = recovery.make_code(data_dir)
    key_before = keys.load_secret(keys.store_key_name(storefile.read_config(data_dir).store_uid))
    keysource.use_passphrase(data_dir, PHRASE)
    config = storefile.read_config(data_dir)
    assert config.recovery is not None
    assert recovery.unwrap(config.recovery, recovery.parse(code), config.store_uid) == key_before
    assert storefile.passphrase_key(data_dir, config, PHRASE) == key_before


@pytest.mark.parametrize("case", ["short", "no key", "already", "demo"])
def test_a_refused_move_changes_nothing(
    tmp_path: Path, memory_keyring: MemoryKeyring, case: str
) -> None:
    """Too short a passphrase, the key not in the keyring, a passphrase or a demo store:
    refused with a reason, store.json and the keyring as they were."""
    data = tmp_path / "d"
    phrase = "short" if case == "short" else PHRASE
    if case == "already":
        storefile.create(data, passphrase="pirmoji frazė 1").close()
    elif case == "demo":
        storefile.create(data, demo=True).close()
    else:
        _store_with_person(data)
    if case == "no key":
        uid = storefile.read_config(data).store_uid
        memory_keyring.delete_password(keys.SERVICE, keys.store_key_name(uid))
    before = (data / "store.json").read_bytes()
    secrets_before = dict(memory_keyring.secrets)
    error = ValidationError if case == "short" else (KeyStoreError, StoreError)
    with pytest.raises(error):
        keysource.use_passphrase(data, phrase)
    assert (data / "store.json").read_bytes() == before
    assert memory_keyring.secrets == secrets_before


def test_store_json_keeps_no_secret_after_the_move(data_dir: Path) -> None:
    """store.json holds the salt and the wrapped key only: the raw key is nowhere in it."""
    _store_with_person(data_dir)
    uid = storefile.read_config(data_dir).store_uid
    key = keys.load_secret(keys.store_key_name(uid))
    keysource.use_passphrase(data_dir, PHRASE)
    text = (data_dir / "store.json").read_text(encoding="utf-8")
    raw = json.loads(text)
    assert set(raw["wrapped_key"]) == {"format", "nonce", "key"}
    assert key.hex() not in text and PHRASE not in text


def test_the_command_moves_the_store_to_a_passphrase(
    data_dir: Path,
    tmp_path: Path,
    memory_keyring: MemoryKeyring,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """libtrainer keys use-passphrase --passphrase-file FILE: then the store opens with it."""
    _store_with_person(data_dir)
    phrase_file = tmp_path / "phrase.txt"
    phrase_file.write_text("\ufeff" + PHRASE + "\r\n", encoding="utf-8")
    code, out, _err = run_cli(
        capsys, data_dir, "--passphrase-file", str(phrase_file), "keys", "use-passphrase"
    )
    assert code == 0, out
    assert not _key_in_keyring(memory_keyring, data_dir)
    assert _names(data_dir, PHRASE) == ["Žukauskienė"]
