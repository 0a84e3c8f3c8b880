"""The recovery code: a keyring store whose key the keyring lost opens again, and only with it."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from libtrainer.domain.errors import KeyStoreError
from libtrainer.services import participants, recovery, storefile
from libtrainer.sync import keys
from tests.cli.clikit import run_cli
from tests.conftest import MemoryKeyring, make_store


def _store_with_person(data: Path) -> str:
    store = make_store(data)
    with store.uow() as uow:
        participants.create_participant(uow, "Šarūnė", "Žukauskienė", birth_year=1957)
    store.close()
    return recovery.make_code(data)


def _lose_key(keyring_backend: MemoryKeyring, data: Path) -> None:
    uid = storefile.read_config(data).store_uid
    keyring_backend.delete_password(keys.SERVICE, keys.store_key_name(uid))


def test_a_lost_store_key_comes_back_with_the_recovery_code(
    tmp_path: Path, memory_keyring: MemoryKeyring
) -> None:
    """Keyring emptied (new profile, reboot-restore): opening says to use the code; the code
    typed loosely (lower case, spaces, 0 for O) puts the key back and every record is there."""
    data = tmp_path / "d"
    code = _store_with_person(data)
    assert re.fullmatch(r"([A-Z2-7]{4}-){5}[A-Z2-7]{4}", code)
    _lose_key(memory_keyring, data)
    with pytest.raises(storefile.StoreKeyMissing) as missing:
        storefile.open_store(data)
    assert missing.value.recoverable
    assert missing.value.msgid == storefile.KEY_NOT_IN_KEYRING
    typed = " ".join(code.lower().split("-")).replace("o", "0")
    recovery.recover(data, typed)
    store = storefile.open_store(data)
    with store.read() as conn:
        names = conn.exec_driver_sql("SELECT family_name FROM participant").scalars().all()
    store.close()
    assert "Žukauskienė" in names


def test_a_wrong_or_malformed_code_changes_nothing(
    tmp_path: Path, memory_keyring: MemoryKeyring
) -> None:
    """Another store's code, a typo or a short code are refused with a message; the keyring
    stays without the key and store.json is untouched."""
    data, other = tmp_path / "d", tmp_path / "other"
    _store_with_person(data)
    other_code = _store_with_person(other)
    _lose_key(memory_keyring, data)
    before = (data / storefile.CONFIG_FILE).read_bytes()
    for typed in (other_code, "ABCD-EFGH", "ABCD-EFGH-IJKL-MNOP-QRST-UV9X", ""):
        with pytest.raises(KeyStoreError) as refused:
            recovery.recover(data, typed)
        assert "recovery code" in refused.value.msgid
    assert (data / storefile.CONFIG_FILE).read_bytes() == before
    with pytest.raises(storefile.StoreKeyMissing):
        storefile.open_store(data)


def test_a_new_code_replaces_the_old_one_and_holds_no_secret_in_clear(
    tmp_path: Path, memory_keyring: MemoryKeyring
) -> None:
    """Making a new code makes the old one useless; store.json holds neither the code nor the
    key."""
    data = tmp_path / "d"
    old = _store_with_person(data)
    new = recovery.make_code(data)
    uid = storefile.read_config(data).store_uid
    key = keys.load_secret(keys.store_key_name(uid))
    text = (data / storefile.CONFIG_FILE).read_text(encoding="utf-8")
    assert old.replace("-", "") not in text and new.replace("-", "") not in text
    assert key.hex() not in text and keys.base64.b64encode(key).decode() not in text
    _lose_key(memory_keyring, data)
    with pytest.raises(KeyStoreError):
        recovery.recover(data, old)
    recovery.recover(data, new)
    assert keys.load_secret(keys.store_key_name(uid)) == key


def test_a_store_without_a_code_says_where_the_records_are_safe(
    tmp_path: Path, memory_keyring: MemoryKeyring
) -> None:
    """A store made before codes existed: the message says the code is missing and points to the
    coordinator; recovering is refused with the same words."""
    data = tmp_path / "d"
    make_store(data).close()
    config = json.loads((data / storefile.CONFIG_FILE).read_text(encoding="utf-8"))
    assert "recovery" not in config
    _lose_key(memory_keyring, data)
    with pytest.raises(storefile.StoreKeyMissing) as missing:
        storefile.open_store(data)
    assert not missing.value.recoverable
    with pytest.raises(KeyStoreError) as refused:
        recovery.recover(data, recovery.shown(recovery.new_code()))
    assert refused.value.msgid == storefile.NO_RECOVERY_CODE


@given(st.binary(min_size=recovery.CODE_BYTES, max_size=recovery.CODE_BYTES))
def test_every_code_reads_back_as_written(code: bytes) -> None:
    """What is shown parses back to the same bytes, also typed in lower case without dashes."""
    text = recovery.shown(code)
    assert recovery.parse(text) == code
    assert recovery.parse(text.replace("-", "").lower()) == code


def test_cli_init_shows_the_code_and_keys_recover_uses_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], memory_keyring: MemoryKeyring
) -> None:
    """init prints the recovery code; after the keyring lost the key, status explains, and
    `keys recover --code-file` brings the store back; status then works."""
    data = tmp_path / "d"
    code, out, _err = run_cli(
        capsys, data, "init", "--region", "R", "--library", "L", "--branch", "B",
        "--device-name", "PC",
    )  # fmt: skip
    assert code == 0
    shown = re.search(r"Recovery code of this store: ([A-Z2-7-]{29})", out)
    assert shown is not None
    _lose_key(memory_keyring, data)
    code, _out, err = run_cli(capsys, data, "status")
    assert code != 0 and "recovery code" in err and "Traceback" not in err
    paper = tmp_path / "code.txt"
    paper.write_text(shown.group(1) + "\n", encoding="utf-8")
    code, out, _err = run_cli(capsys, data, "keys", "recover", "--code-file", str(paper))
    assert code == 0 and "back in this computer's keyring" in out
    assert run_cli(capsys, data, "status")[0] == 0


def test_keys_recover_reads_a_code_file_saved_with_a_bom(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], memory_keyring: MemoryKeyring
) -> None:
    """A --code-file saved "UTF-8 with BOM" (Notepad) still holds the code, not a bad one."""
    data = tmp_path / "d"
    code = _store_with_person(data)
    _lose_key(memory_keyring, data)
    paper = tmp_path / "code.txt"
    paper.write_bytes(("\ufeff" + code + "\r\n").encode("utf-8"))
    exit_code, out, err = run_cli(capsys, data, "keys", "recover", "--code-file", str(paper))
    assert exit_code == 0, err
    assert "back in this computer's keyring" in out
