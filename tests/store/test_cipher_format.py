"""How a store file is encrypted is recorded in store.json; older and newer formats are handled."""

from __future__ import annotations

import base64
import hashlib
import json
from pathlib import Path

import pytest
import sqlcipher3

from libtrainer.domain.errors import StoreError
from libtrainer.i18n import render, set_language
from libtrainer.services import storefile
from libtrainer.services.storefile import StoreConfig
from libtrainer.store.cipher import LEGACY_FORMAT, STORE_FORMAT, demo_key
from libtrainer.store.engine import connect_raw
from libtrainer.store.store import Store
from libtrainer.sync import keys


def _demo_key(data_dir: Path) -> bytes:
    config = storefile.read_config(data_dir)
    return demo_key(base64.b64decode(config.salt or ""), config.format)


def make_legacy_store(data_dir: Path) -> bytes:
    """A demo store as libtrainer wrote it before store formats: SQLCipher's own defaults and
    a store.json without "format". Returns its key."""
    data_dir.mkdir(parents=True)
    salt = keys.new_salt()
    key = keys.derive_key(keys.DEMO_PASSPHRASE, salt)
    config = StoreConfig("uid-legacy", "demo", base64.b64encode(salt).decode())
    raw = config.to_json()
    del raw["format"]
    (data_dir / storefile.CONFIG_FILE).write_text(json.dumps(raw), encoding="utf-8")
    Store.open(storefile.store_path(data_dir), key, create=True, store_format=LEGACY_FORMAT).close()
    return key


def test_a_new_store_records_its_format_and_is_encrypted_that_way(data_dir: Path) -> None:
    """store.json says format 2; the file opens with 8 KiB pages and HMAC-SHA256 and not with
    SQLCipher's defaults (so the settings really are applied)."""
    storefile.create(data_dir, demo=True).close()
    raw = json.loads((data_dir / storefile.CONFIG_FILE).read_text(encoding="utf-8"))
    assert raw["format"] == STORE_FORMAT == 2
    key, path = _demo_key(data_dir), storefile.store_path(data_dir)
    conn = connect_raw(path, key, STORE_FORMAT)
    try:
        assert conn.execute("PRAGMA cipher_page_size").fetchone()[0] == "8192"
        assert conn.execute("PRAGMA cipher_hmac_algorithm").fetchone()[0] == "HMAC_SHA256"
        assert conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] > 10
    finally:
        conn.close()
    with pytest.raises(sqlcipher3.DatabaseError):
        connect_raw(path, key, LEGACY_FORMAT)


def test_a_store_from_before_formats_still_opens_and_keeps_its_format(data_dir: Path) -> None:
    """A store.json without "format" means SQLCipher's defaults; such a store opens, takes
    writes and is left in its format."""
    make_legacy_store(data_dir)
    before = (data_dir / storefile.CONFIG_FILE).read_bytes()
    assert storefile.read_config(data_dir).format == LEGACY_FORMAT
    store = storefile.open_store(data_dir)
    try:
        store.set_meta("probe", "Žemaitė")
        assert store.meta("probe") == "Žemaitė"
    finally:
        store.close()
    assert (data_dir / storefile.CONFIG_FILE).read_bytes() == before


@pytest.mark.parametrize("value", [3, 99])
def test_a_newer_format_asks_for_an_update_and_touches_nothing(data_dir: Path, value: int) -> None:
    """A format this libtrainer does not know stops with 'update libtrainer', in Lithuanian
    too, and leaves the store file as it was."""
    storefile.create(data_dir, demo=True).close()
    config = data_dir / storefile.CONFIG_FILE
    raw = json.loads(config.read_text(encoding="utf-8"))
    raw["format"] = value
    config.write_text(json.dumps(raw), encoding="utf-8")
    before = storefile.store_path(data_dir).read_bytes()
    with pytest.raises(StoreError) as err:
        storefile.open_store(data_dir)
    assert "newer libtrainer" in render(err.value)
    set_language("lt")
    assert "naujesnė libtrainer" in render(err.value)
    assert storefile.store_path(data_dir).read_bytes() == before


@pytest.mark.parametrize("value", ["2", True, 0, None, 2.0])
def test_a_format_that_is_not_a_whole_number_is_a_damaged_settings_file(
    data_dir: Path, value: object
) -> None:
    """Anything but a known whole number in "format" is reported as a damaged settings file."""
    storefile.create(data_dir, demo=True).close()
    config = data_dir / storefile.CONFIG_FILE
    raw = json.loads(config.read_text(encoding="utf-8"))
    raw["format"] = value
    config.write_text(json.dumps(raw), encoding="utf-8")
    with pytest.raises(StoreError) as err:
        storefile.read_config(data_dir)
    assert "damaged" in render(err.value)


def test_a_new_demo_store_key_is_a_hash_of_its_salt_and_an_old_one_scrypt(tmp_path: Path) -> None:
    """Format 2 demo stores take SHA-256 of a label and the salt (the passphrase is public, so
    scrypt protected nothing); format 1 demo stores keep their scrypt key and still open."""
    salt = bytes(range(16))
    assert demo_key(salt, 2) == hashlib.sha256(b"libtrainer demo store key\x00" + salt).digest()
    assert demo_key(salt, 1) == keys.derive_key(keys.DEMO_PASSPHRASE, salt)
    new, old = tmp_path / "new", tmp_path / "old"
    storefile.create(new, demo=True).close()
    storefile.open_store(new).close()
    legacy_key = make_legacy_store(old)
    salt_old = base64.b64decode(storefile.read_config(old).salt or "")
    assert legacy_key == keys.derive_key(keys.DEMO_PASSPHRASE, salt_old)
    storefile.open_store(old).close()
