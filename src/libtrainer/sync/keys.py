"""Secrets of this device: the store key (and, for sync, the signing keys), kept in the OS keyring.

This is the only module that imports ``keyring``. When no keyring backend exists (headless
Linux, some locked-down PCs) it says so with :class:`KeyStoreError`; callers then offer an
explicit passphrase, from which the key is derived with scrypt. Nothing ever falls back to a
plaintext key file silently. A *demo* store is the one stated exception: its key derives from
the published passphrase ``demo`` and the app marks the store as demo data everywhere.
"""

from __future__ import annotations

import base64
import contextlib
import logging
import secrets

import keyring
from keyring.errors import KeyringError, NoKeyringError, PasswordDeleteError

from libtrainer.domain.errors import N_, KeyStoreError, stack_without_data

# The store key's derivation is defined beside the store's encryption (no keyring there).
from libtrainer.store.cipher import DEMO_PASSPHRASE as DEMO_PASSPHRASE
from libtrainer.store.cipher import derive_key as derive_key
from libtrainer.store.cipher import new_salt as new_salt

SERVICE = "libtrainer"

log = logging.getLogger("libtrainer.keys")


def keyring_available() -> bool:
    """True when a real keyring backend is configured (not the 'fail' or 'null' backends)."""
    try:
        backend = keyring.get_keyring()
    except KeyringError:
        return False
    name = type(backend).__module__ + "." + type(backend).__name__
    return not any(
        bad in name for bad in ("fail.Keyring", "null.Keyring", "chainer.ChainerBackend")
    )


def new_key() -> bytes:
    """A fresh random 256-bit key."""
    return secrets.token_bytes(32)


def store_key_name(store_uid: str) -> str:
    return f"store-key:{store_uid}"


def save_secret(name: str, secret: bytes, *, missing: str | None = None) -> None:
    """Keep ``secret`` in the keyring under ``name`` (service ``libtrainer``); ``missing``: the
    message when there is no keyring (default: the store key's, which a passphrase replaces)."""
    try:
        _prefer_machine_local(keyring.get_keyring())
        keyring.set_password(SERVICE, name, base64.b64encode(secret).decode("ascii"))
    except NoKeyringError as exc:
        raise KeyStoreError(missing or _NO_KEYRING) from exc
    except (KeyringError, OSError) as exc:  # locked; a lost D-Bus / Secret Service connection
        raise _keyring_failed(exc, KEYRING_REFUSED) from exc


def load_optional_secret(name: str) -> bytes | None:
    """The secret kept under ``name``, or None when there is none (keyring errors still raise)."""
    try:
        value = keyring.get_password(SERVICE, name)
    except NoKeyringError as exc:
        raise KeyStoreError(_NO_KEYRING) from exc
    except (KeyringError, OSError) as exc:  # locked; a lost D-Bus / Secret Service connection
        raise _keyring_failed(exc, KEYRING_UNREADABLE) from exc
    return None if value is None else base64.b64decode(value)


def signing_key_name(device_id: str) -> str:
    """Keyring name of a device's Ed25519 signing key (sync)."""
    return f"sync-sign:{device_id}"


def exchange_keys_name(device_id: str) -> str:
    """Keyring name of a device's X25519 decryption keys, newest first (sync)."""
    return f"sync-x25519:{device_id}"


def pending_keys_name(device_id: str) -> str:
    """Keyring name of a device's next keys while a change of keys is being written
    (``identity.save_pending_keys``)."""
    return f"sync-pending:{device_id}"


def _prefer_machine_local(backend: object) -> None:
    """On Windows keep secrets on this machine only (Credential Manager would roam them)."""
    if type(backend).__name__ == "WinVaultKeyring" and hasattr(backend, "persist"):
        with contextlib.suppress(AttributeError, ValueError, TypeError):
            backend.persist = "local machine"


def load_secret(name: str) -> bytes:
    """The secret kept under ``name``; :class:`KeyStoreError` when missing or unreadable."""
    try:
        value = keyring.get_password(SERVICE, name)
    except NoKeyringError as exc:
        raise KeyStoreError(_NO_KEYRING) from exc
    except (KeyringError, OSError) as exc:  # locked; a lost D-Bus / Secret Service connection
        raise _keyring_failed(exc, KEYRING_UNREADABLE) from exc
    if value is None:
        raise KeyStoreError(
            N_(
                "The key of this store is not in this computer's keyring. "
                "Use the passphrase or the key backup to open it."
            )
        )
    return base64.b64decode(value)


def delete_secret(name: str) -> None:
    with contextlib.suppress(PasswordDeleteError, KeyringError, OSError):
        keyring.delete_password(SERVICE, name)


def _keyring_failed(exc: BaseException, msgid: str) -> KeyStoreError:
    """What a person can do when the keyring failed; the log keeps the kind of failure
    (``KeyringLocked``, ``OSError [ECONNRESET]``), the message names none."""
    log.warning("the system keyring failed: %s", stack_without_data(exc))
    return KeyStoreError(msgid)


#: The keyring is there but does not answer (locked, its service gone): what to do about it.
KEYRING_UNREADABLE = N_(
    "The secret key on this computer could not be read just now. Sign out of the computer "
    "(on Windows: of Windows) and sign in again, or restart it, then try again. Nothing was "
    "lost."
)
KEYRING_REFUSED = N_(
    "This computer refused to keep a secret key just now. Sign out of the computer (on "
    "Windows: of Windows) and sign in again, or restart it, then try again."
)


#: Sync keys have no passphrase alternative: the issue keeps them in the keyring only.
NO_KEYRING_FOR_SYNC = N_(
    "This computer has no system keyring, where sync keeps this computer's signing key. "
    "Windows and macOS have one built in; on Linux install and unlock a Secret Service "
    "(GNOME Keyring or KWallet), then enrol again. The records on this computer are safe."
)

_NO_KEYRING = N_(
    "This computer has no system keyring to keep the store key safely. "
    "Start again with --passphrase-file FILE (or answer the passphrase prompt): "
    "the key will then be derived from your passphrase, and you will need it every time."
)
