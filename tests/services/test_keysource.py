"""A keyring store moved to a passphrase (a reboot-restore PC): it opens with the passphrase
only, keeps its records and its recovery code, and nothing changes when the move is refused."""

from __future__ import annotations

import json
from dataclasses import replace
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


NEW_PHRASE = "naujas rytas Trakuose 7"


def _moved_with_code(data: Path) -> str:
    """A keyring store with a person and a recovery code, moved to PHRASE; returns the code."""
    _store_with_person(data)
    code = recovery.make_code(data)
    keysource.use_passphrase(data, PHRASE)
    return code


def test_a_forgotten_passphrase_is_replaced_with_the_recovery_code(data_dir: Path) -> None:
    """The code sets a new passphrase: the records open with it, not with the old one; the key
    is the same (no new encryption) and the code keeps working."""
    code = _moved_with_code(data_dir)
    before = storefile.read_config(data_dir)
    key = storefile.passphrase_key(data_dir, before, PHRASE)
    assert keysource.can_reset(data_dir)
    keysource.reset_passphrase(data_dir, code.lower().replace("-", " "), NEW_PHRASE)
    after = storefile.read_config(data_dir)
    assert after.salt != before.salt and after.wrapped_key != before.wrapped_key
    assert after.recovery == before.recovery and after.store_uid == before.store_uid
    assert storefile.passphrase_key(data_dir, after, NEW_PHRASE) == key
    assert _names(data_dir, NEW_PHRASE) == ["Žukauskienė"]
    with pytest.raises(KeyStoreError):
        storefile.open_store(data_dir, passphrase=PHRASE)
    assert recovery.unwrap(after.recovery or {}, recovery.parse(code), after.store_uid) == key
    assert not (data_dir / "store.json.tmp").exists()


@pytest.mark.parametrize("case", ["wrong code", "not a code", "short", "foreign wrap"])
def test_a_refused_passphrase_reset_changes_nothing(data_dir: Path, case: str) -> None:
    """A wrong or malformed code, a too short new passphrase, or a store.json whose code
    entry wraps another key: refused in plain words, store.json as it was."""
    code = _moved_with_code(data_dir)
    typed, phrase = code, NEW_PHRASE
    if case == "wrong code":
        typed = recovery.shown(recovery.new_code())
    elif case == "not a code":
        typed = "ABCD-1234"
    elif case == "short":
        phrase = "trumpa"
    else:  # someone put their own key under a code they know
        uid = storefile.read_config(data_dir).store_uid
        typed_raw = recovery.new_code()
        typed = recovery.shown(typed_raw)
        foreign = recovery.wrap(keys.new_key(), typed_raw, uid)
        storefile.update_config(data_dir, lambda now: replace(now, recovery=foreign))
    before = (data_dir / "store.json").read_bytes()
    error = ValidationError if case == "short" else KeyStoreError
    with pytest.raises(error) as refused:
        keysource.reset_passphrase(data_dir, typed, phrase)
    if case in ("wrong code", "foreign wrap"):
        assert refused.value.msgid == keysource.WRONG_CODE
    assert (data_dir / "store.json").read_bytes() == before
    assert _names(data_dir, PHRASE) == ["Žukauskienė"]


def test_a_passphrase_store_made_so_from_the_start_cannot_be_reset(tmp_path: Path) -> None:
    """The wizard's or init's passphrase store has no recovery code (its key is derived from
    the passphrase): nothing can replace it, and it is said so, nothing changed."""
    data = tmp_path / "from-start"
    storefile.create(data, passphrase=PHRASE).close()
    assert not keysource.can_reset(data)
    before = (data / "store.json").read_bytes()
    with pytest.raises(KeyStoreError) as refused:
        keysource.reset_passphrase(data, recovery.shown(recovery.new_code()), NEW_PHRASE)
    assert refused.value.msgid == keysource.NO_CODE_FOR_PASSPHRASE
    assert (data / "store.json").read_bytes() == before


def test_a_keyring_store_has_no_passphrase_to_reset(data_dir: Path) -> None:
    """A store whose key is in the keyring: refused, its code sends nobody the wrong way."""
    _store_with_person(data_dir)
    code = recovery.make_code(data_dir)
    assert not keysource.can_reset(data_dir)
    with pytest.raises(KeyStoreError) as refused:
        keysource.reset_passphrase(data_dir, code, NEW_PHRASE)
    assert refused.value.msgid == keysource.NOT_A_PASSPHRASE_STORE


def test_keys_recover_on_a_moved_store_points_to_the_reset(data_dir: Path) -> None:
    """A passphrase store has no keyring key to put back: recover says which command helps."""
    code = _moved_with_code(data_dir)
    with pytest.raises(KeyStoreError) as refused:
        recovery.recover(data_dir, code)
    assert refused.value.msgid == recovery.PASSPHRASE_STORE_CODE


def test_the_recovery_code_of_a_moved_store_still_proves_the_key(data_dir: Path) -> None:
    """ "Forgot your password?" checks the code of a moved store against the store itself."""
    code = _moved_with_code(data_dir)
    recovery.check_code(data_dir, code)
    with pytest.raises(KeyStoreError):
        recovery.check_code(data_dir, recovery.shown(recovery.new_code()))


def test_the_command_sets_a_new_passphrase_with_the_code(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """libtrainer keys reset-passphrase --code-file --passphrase-file: the store then opens
    with the new passphrase; a wrong code exits 2 with the reason and changes nothing."""
    code = _moved_with_code(data_dir)
    code_file, phrase_file = tmp_path / "code.txt", tmp_path / "phrase.txt"
    phrase_file.write_text(NEW_PHRASE + "\n", encoding="utf-8")
    code_file.write_text(recovery.shown(recovery.new_code()), encoding="utf-8")
    before = (data_dir / "store.json").read_bytes()
    args = ("--passphrase-file", str(phrase_file), "keys", "reset-passphrase")
    status, _out, err = run_cli(capsys, data_dir, *args, "--code-file", str(code_file))
    assert status == 2 and "does not open these records" in err
    assert (data_dir / "store.json").read_bytes() == before
    code_file.write_text("\ufeff" + code + "\r\n", encoding="utf-8")
    status, out, _err = run_cli(capsys, data_dir, *args, "--code-file", str(code_file))
    assert status == 0, out
    assert _names(data_dir, NEW_PHRASE) == ["Žukauskienė"]
