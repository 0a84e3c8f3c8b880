"""Device keys: kept in the keyring only; passphrase backup and restore."""

from __future__ import annotations

from pathlib import Path

import keyring
import pytest
from keyring.errors import KeyringLocked
from sqlalchemy import select

from libtrainer.domain.errors import KeyStoreError
from libtrainer.i18n import render
from libtrainer.store.models import Meta
from libtrainer.sync import bundle, crypto, identity, keys, publish
from tests.conftest import MemoryKeyring, make_store
from tests.sync.regionkit import NAMES, Region, add_participants

PASSPHRASE = "Šviesi naktis ir ąžuolų giraitė"


def _forget_keys(memory_keyring: MemoryKeyring, device: str) -> None:
    for name in (keys.signing_key_name(device), keys.exchange_keys_name(device)):
        memory_keyring.delete_password(keys.SERVICE, name)


def test_private_keys_live_only_in_the_keyring(
    region: Region, memory_keyring: MemoryKeyring
) -> None:
    """The store holds public keys only; the private parts are in the keyring."""
    coord = region.coordinator
    own = identity.load_device_keys(coord)
    with coord.read() as conn:
        values = " ".join(conn.execute(select(Meta.value)).scalars())
    assert crypto.private_bytes(own.signing).hex() not in values
    assert own.sign_public.hex() in values
    assert (keys.SERVICE, keys.signing_key_name(coord.device_id)) in memory_keyring.secrets


def test_backup_and_restore_round_trip(
    region: Region, memory_keyring: MemoryKeyring, tmp_path: Path
) -> None:
    """After losing the keyring, a restored backup signs and decrypts exactly as before."""
    coord, branch = region.coordinator, region.branches[0]
    add_participants(branch, NAMES[:1])
    data = publish.publish(branch, region.share(branch)).bundles[0].read_bytes()
    before = identity.load_device_keys(coord)
    backup = tmp_path / "koordinatore.ltkeys"
    identity.backup_keys(coord, backup, PASSPHRASE)
    assert crypto.private_bytes(before.signing) not in backup.read_bytes()
    _forget_keys(memory_keyring, coord.device_id)
    with pytest.raises(KeyStoreError):
        identity.load_device_keys(coord)
    assert identity.restore_keys(coord, backup, PASSPHRASE) == "all"
    after = identity.load_device_keys(coord)
    assert after.key_id == before.key_id and after.code == before.code
    opened = bundle.open_bundle(
        data,
        trust=region.trust(coord),
        decrypt_keys=identity.decryption_keys(coord),
        region=region.share(coord).region,
    )
    assert opened.header.device == branch.device_id


def test_restore_with_wrong_passphrase_is_refused(region: Region, tmp_path: Path) -> None:
    """A wrong passphrase gives a clear KeyStoreError and changes nothing."""
    coord = region.coordinator
    backup = tmp_path / "k.ltkeys"
    identity.backup_keys(coord, backup, PASSPHRASE)
    before = identity.load_device_keys(coord).key_id
    with pytest.raises(KeyStoreError) as info:
        identity.restore_keys(coord, backup, "neteisinga")
    assert "passphrase" in str(info.value)
    assert identity.load_device_keys(coord).key_id == before


def test_restore_into_another_store_adds_decryption_keys_only(
    region: Region, tmp_path: Path
) -> None:
    """A new coordinator computer can read old bundles from a backup but keeps its own key."""
    coord, branch = region.coordinator, region.branches[0]
    add_participants(branch, NAMES[:1])
    data = publish.publish(branch, region.share(branch)).bundles[0].read_bytes()
    backup = tmp_path / "k.ltkeys"
    identity.backup_keys(coord, backup, PASSPHRASE)
    fresh = make_store(tmp_path / "fresh", role="coordinator", device_name="Naujas PC")
    own = identity.ensure_device_keys(fresh)
    assert identity.restore_keys(fresh, backup, PASSPHRASE) == "decryption"
    assert identity.load_device_keys(fresh).key_id == own.key_id
    opened = bundle.open_bundle(
        data,
        trust=region.trust(coord),
        decrypt_keys=identity.decryption_keys(fresh),
        region=region.share(coord).region,
    )
    assert opened.header.seq == 1
    fresh.close()


def test_damaged_backup_is_refused(region: Region, tmp_path: Path) -> None:
    """A truncated backup file is refused with a message, not a crash."""
    backup = tmp_path / "k.ltkeys"
    identity.backup_keys(region.coordinator, backup, PASSPHRASE)
    backup.write_bytes(backup.read_bytes()[:30])
    with pytest.raises(KeyStoreError):
        identity.restore_keys(region.coordinator, backup, PASSPHRASE)


class _FailingKeyring(MemoryKeyring):
    """A keyring that is there but fails: locked (KeyringLocked) or its service gone (an
    OSError, as from a lost D-Bus connection)."""

    def __init__(self, error: Exception | None = None) -> None:
        super().__init__()
        self.error = error or OSError("the keyring service went away")

    def get_password(self, service: str, username: str) -> str | None:
        raise self.error

    def set_password(self, service: str, username: str, password: str) -> None:
        raise self.error

    def delete_password(self, service: str, username: str) -> None:
        raise self.error


@pytest.mark.parametrize(
    "error", [KeyringLocked("Failed to unlock the collection!"), ConnectionResetError(104, "x")]
)
def test_a_failing_keyring_says_what_to_do_and_names_no_class(error: Exception) -> None:
    """Reading or keeping a key in a locked keyring, or one whose service went away (OSError),
    is a KeyStoreError that says to sign out and in again or restart; never a class name."""
    keyring.set_keyring(_FailingKeyring(error))
    for attempt in (
        lambda: keys.load_secret("store-key:x"),
        lambda: keys.load_optional_secret("sync-sign:x"),
        lambda: keys.save_secret("store-key:x", b"\x01" * 32),
    ):
        with pytest.raises(KeyStoreError) as err:
            attempt()
        text = render(err.value)
        assert "sign in again" in text and "restart it" in text
        assert type(error).__name__ not in text and "Error" not in text
    keys.delete_secret("store-key:x")  # forgetting a key never fails on it


def test_a_keyring_gone_away_at_sign_in_is_a_clear_message(data_dir: Path) -> None:
    """The sign-in check of a keyring store whose keyring service went away (OSError) says
    what to do instead of "Something went wrong"."""
    from libtrainer.gui import opening

    make_store(data_dir).close()
    keyring.set_keyring(_FailingKeyring(OSError("D-Bus connection lost")))
    with pytest.raises(KeyStoreError, match="sign in again, or restart it"):
        opening.check_store(data_dir)
