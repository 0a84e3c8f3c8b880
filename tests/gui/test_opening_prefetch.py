"""The store key sought ahead of time (while Qt loads) is the key found the ordinary way."""

from __future__ import annotations

from pathlib import Path

import pytest

from libtrainer.domain.errors import StoreError
from libtrainer.services import storefile

from libtrainer.gui import opening


def test_prefetched_demo_key_is_the_key(tmp_path: Path) -> None:
    """A demo store's key found on the early thread equals the one derived on demand."""
    folder = tmp_path / "demo"
    storefile.create(folder, demo=True).close()
    opening.prefetch_key(folder)
    early = opening.store_key(folder, None)
    assert early is not None and early == opening.store_key(folder, None)
    assert early[1] == "demo"


def test_prefetched_keyring_key_is_the_key(tmp_path: Path) -> None:
    """A keyring store's key (test keyring) comes out of the early thread unchanged."""
    folder = tmp_path / "kr"
    storefile.create(folder).close()
    expected = opening.store_key(folder, None)
    opening.prefetch_key(folder)
    assert opening.store_key(folder, None) == expected


def test_prefetch_error_reaches_the_caller(tmp_path: Path) -> None:
    """A damaged store.json is reported to whoever asks for the key, not lost on the thread."""
    folder = tmp_path / "bad"
    folder.mkdir()
    (folder / "store.json").write_text("{not json", encoding="utf-8")
    opening.prefetch_key(folder)
    with pytest.raises(StoreError):
        opening.store_key(folder, None)


def test_a_typed_passphrase_does_not_take_the_early_result(tmp_path: Path) -> None:
    """A passphrase store needs the typed passphrase: the early result (none) is not used."""
    folder = tmp_path / "pp"
    storefile.create(folder, passphrase="labai slapta frazė").close()
    opening.prefetch_key(folder)
    found = opening.store_key(folder, "labai slapta frazė")
    assert found is not None and found[1] == "passphrase"
    assert opening.store_key(folder, None) is None


def test_no_store_no_thread(tmp_path: Path) -> None:
    """A folder without a store starts nothing (first run)."""
    opening.prefetch_key(tmp_path / "empty")
    assert str((tmp_path / "empty").resolve()) not in opening._early


@pytest.mark.parametrize("legacy", [False, True])
def test_the_sign_in_check_opens_either_store_format(tmp_path: Path, legacy: bool) -> None:
    """The sign-in check and the open after it use the file's own format: a new store (8 KiB
    pages, HMAC-SHA256) and one from before store formats both check as current and open."""
    from tests.store.test_cipher_format import make_legacy_store

    folder = tmp_path / "store"
    if legacy:
        make_legacy_store(folder)
    else:
        storefile.create(folder, demo=True).close()
    first = storefile.open_store(folder)
    first.set_meta("device_id", "įrenginys-ā")
    first.close()
    checked = opening.check_store(folder)
    assert checked is not None and checked.current
    assert checked.store_format == (1 if legacy else 2)
    assert checked.meta["device_id"] == "įrenginys-ā"
    store = opening.open_checked(checked)
    try:
        assert store.device_id == "įrenginys-ā"
    finally:
        store.close()
