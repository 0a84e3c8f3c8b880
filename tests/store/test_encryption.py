"""The store is encrypted at rest and its key is never kept in plain text."""

from __future__ import annotations

from pathlib import Path

import keyring
import pytest
from keyring.backends.fail import Keyring as FailKeyring

from libtrainer.domain.errors import KeyStoreError, StoreError
from libtrainer.i18n import render, set_language
from libtrainer.services import storefile
from libtrainer.store.engine import is_plaintext
from libtrainer.store.store import Store


def test_store_file_is_not_plain_sqlite(store: Store) -> None:
    """The file on disk does not begin with 'SQLite format 3' and holds no readable names."""
    store.close()
    data = store.path.read_bytes()
    assert not is_plaintext(store.path)
    assert "Būdviečio".encode() not in data


def test_wrong_key_is_a_clear_error(store: Store, tmp_path: Path) -> None:
    """Opening with another key says the key does not fit, and changes nothing."""
    store.close()
    before = store.path.read_bytes()
    with pytest.raises(StoreError):
        Store.open(store.path, b"\x01" * 32)
    assert store.path.read_bytes() == before


def test_store_key_lives_in_the_keyring(data_dir: Path, memory_keyring) -> None:  # type: ignore[no-untyped-def]
    """`create` keeps a 256-bit key in the keyring under service 'libtrainer' and not on disk."""
    storefile.create(data_dir).close()
    (service, _name), value = next(iter(memory_keyring.secrets.items()))
    assert service == "libtrainer"
    for f in data_dir.iterdir():
        if f.is_file():
            assert value.encode() not in f.read_bytes()


def test_no_keyring_stops_with_advice_and_no_plain_fallback(data_dir: Path) -> None:
    """Without a keyring, create refuses (in Lithuanian too) and writes no store."""
    keyring.set_keyring(FailKeyring())
    with pytest.raises(KeyStoreError) as err:
        storefile.create(data_dir)
    assert "--passphrase-file" in render(err.value)
    set_language("lt")
    assert "--passphrase-file" in render(err.value)
    assert not (data_dir / "libtrainer.db").exists()


def test_passphrase_store_round_trip(data_dir: Path) -> None:
    """A passphrase-protected store reopens with the passphrase and refuses a wrong one."""
    keyring.set_keyring(FailKeyring())
    storefile.create(data_dir, passphrase="Žalgiris 1410").close()
    storefile.open_store(data_dir, passphrase="Žalgiris 1410").close()
    with pytest.raises(KeyStoreError):
        storefile.open_store(data_dir, passphrase="wrong")
