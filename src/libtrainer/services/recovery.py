"""The recovery code of a store whose key lives in the keyring.

A keyring store's key exists in one place only: this computer's keyring (Windows Credential
Manager, a Secret Service). A new Windows profile, or reboot-restore software that puts the
user profile back at every restart while the data folder (on its thawed drive) is kept, empties
that keyring — and without its key the store cannot be read. So every keyring store gets a
recovery code when it is set up (``init``, the first-run wizard; ``libtrainer keys
recovery-code`` or Settings make a new one for older stores): 120 random bits shown once as 24
letters and digits in groups of four, for the library's papers. ``store.json`` keeps the store
key wrapped with it (AES-256-GCM under a key derived from the code with HKDF-SHA256, the
store's id as context): not a secret without the code, and the code is never kept anywhere on
the computer. ``recover`` unwraps the key with a code typed in, checks that it opens the store
and puts it back into the keyring.

The first-run wizard keeps its code only once the person confirms writing it down: until then
``store.json`` says a code is owed (:func:`owe_code`), the store has none (``status`` says so)
and the window shows a code again at an administrator's next sign-in (decision 0519). The code
also proves possession of the store key when a forgotten administrator password is set again
(:func:`check_code`, ``services.password_reset``).

A code of 120 random bits needs no slow key derivation; a passphrase chosen by a person would
(``store.cipher.derive_key``).
"""

from __future__ import annotations

import base64
import binascii
import hmac
import secrets
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from libtrainer.domain.errors import N_, KeyStoreError, StoreError
from libtrainer.services import storefile
from libtrainer.store import keywrap
from libtrainer.store.store import Store
from libtrainer.sync import keys

CODE_BYTES = 15  # 120 bits: 24 characters of base32
GROUP = 4
WRAP_FORMAT = keywrap.FORMAT
_INFO = b"libtrainer store recovery v1"
#: Characters people mistake for letters of the code's alphabet (A-Z, 2-7): read as meant.
_LOOKALIKES = str.maketrans({"0": "O", "1": "I", "8": "B"})

_NOT_A_CODE = N_(
    "A recovery code has 24 letters and digits (A–Z and 2–7), in six groups of four. "
    "Check what you typed against the paper."
)
_WRONG_CODE = N_(
    "This recovery code does not open the records on this computer. Check it letter by "
    "letter; if this computer has been set up again since, the code on paper belongs to the "
    "old records."
)


def new_code() -> bytes:
    """A fresh random recovery code (raw bytes; :func:`shown` writes it for people)."""
    return secrets.token_bytes(CODE_BYTES)


def shown(code: bytes) -> str:
    """The code as people write it down: ``ABCD-EFGH-…`` (24 characters, six groups)."""
    text = base64.b32encode(code).decode("ascii")
    return "-".join(text[i : i + GROUP] for i in range(0, len(text), GROUP))


def parse(text: str) -> bytes:
    """The code typed by a person: any case, with or without spaces and dashes; 0, 1 and 8
    read as O, I and B (the code never contains them). :class:`KeyStoreError` when it cannot
    be a code (wrong length, other characters)."""
    cleaned = "".join(ch for ch in text.upper() if not ch.isspace() and ch not in "-–—")
    cleaned = cleaned.translate(_LOOKALIKES)
    if len(cleaned) != CODE_BYTES * 8 // 5:
        raise KeyStoreError(_NOT_A_CODE)
    try:
        return base64.b32decode(cleaned)
    except (binascii.Error, ValueError):
        raise KeyStoreError(_NOT_A_CODE) from None


def _wrapping_key(code: bytes, store_uid: str) -> bytes:
    return HKDF(
        algorithm=hashes.SHA256(), length=32, salt=store_uid.encode("utf-8"), info=_INFO
    ).derive(code)


def wrap(key: bytes, code: bytes, store_uid: str) -> dict[str, Any]:
    """The store key wrapped with ``code``, as kept in ``store.json``."""
    return keywrap.seal(key, _wrapping_key(code, store_uid), store_uid)


def unwrap(entry: dict[str, Any], code: bytes, store_uid: str) -> bytes | None:
    """The store key, or None when ``code`` is not the one it was wrapped with."""
    try:
        return keywrap.unseal(entry, _wrapping_key(code, store_uid), store_uid)
    except ValueError:
        raise StoreError(
            N_("The store settings file {path} is damaged."), path=storefile.CONFIG_FILE
        ) from None


def _keyring_config(data_dir: Path) -> storefile.StoreConfig:
    config = storefile.read_config(data_dir)
    if config.key_source != "keyring":
        raise KeyStoreError(
            N_(
                "Only a store whose key is kept in the system keyring has a recovery code. "
                "This store opens with its passphrase."
            )
            if config.key_source == "passphrase"
            else N_("A demonstration store needs no recovery code: its key is published.")
        )
    return config


def make_code(data_dir: Path) -> str:
    """A new recovery code for the keyring store in ``data_dir`` (its key must be in the
    keyring now); returns it as shown to people. A code made before stops working."""
    code, wrapped = prepare_code(data_dir)
    keep_code(data_dir, wrapped)
    return code


def prepare_code(data_dir: Path) -> tuple[str, dict[str, Any]]:
    """A new code (as shown) and the key wrapped with it, nothing written yet: the window keeps
    it (:func:`keep_code`) only once the person has written it down, so an old code on paper
    keeps working until then."""
    config = _keyring_config(data_dir)
    key = keys.load_secret(keys.store_key_name(config.store_uid))
    code = new_code()
    return shown(code), wrap(key, code, config.store_uid)


def keep_code(data_dir: Path, wrapped: dict[str, Any]) -> None:
    """Make ``wrapped`` (from :func:`prepare_code`) the store's recovery code."""
    with storefile.config_lock:  # still a keyring store when it is written
        _keyring_config(data_dir)
        storefile.write_recovery(data_dir, wrapped)


def has_code(data_dir: Path) -> bool:
    """Whether the store in ``data_dir`` has a recovery code."""
    return storefile.read_config(data_dir).recovery is not None


def owe_code(data_dir: Path) -> None:
    """Note that the keyring store in ``data_dir`` still owes its first recovery code: one
    made was not yet confirmed as written down (:func:`keep_code` clears the note)."""
    with storefile.config_lock:
        _keyring_config(data_dir)
        storefile.write_recovery_owed(data_dir)


def owed(data_dir: Path) -> bool:
    """Whether the store still owes its first recovery code (the window shows one)."""
    return storefile.read_config(data_dir).owes_code


#: ``keys recover`` on a passphrase store that has a code: a forgotten passphrase is
#: replaced instead (``services.keysource.reset_passphrase``).
PASSPHRASE_STORE_CODE = N_(
    "These records open with their passphrase, not with a key kept in the system keyring. "
    "If the passphrase is forgotten, the recovery code sets a new one: libtrainer keys "
    "reset-passphrase."
)


def recover(data_dir: Path, typed: str) -> None:
    """Put the store key back into this computer's keyring with the recovery code ``typed``.

    Refused, with nothing changed, when the code is malformed or not this store's, or when the
    store has no code (it was made before codes existed and none was made since)."""
    config = storefile.read_config(data_dir)
    if config.key_source == "passphrase" and config.recovery is not None:
        raise KeyStoreError(PASSPHRASE_STORE_CODE)
    config = _keyring_config(data_dir)
    key = _opening_key(data_dir, config, typed)
    keys.save_secret(keys.store_key_name(config.store_uid), key)


def check_code(data_dir: Path, typed: str) -> None:
    """Nothing when ``typed`` is the store's recovery code and the key it unwraps is the
    store's (the holder has the store key); else :class:`KeyStoreError` saying why. The key in
    the keyring is compared when it is there (the store may be open in this process). A
    store moved from the keyring to a passphrase keeps its code, which wraps the same key
    (``services.keysource``): that key must open the store file (read only: a unit of work
    may hold the store's write lock)."""
    config = storefile.read_config(data_dir)
    if config.key_source == "passphrase" and config.recovery is not None:
        key = unwrap(config.recovery, parse(typed), config.store_uid)
        if key is None or not storefile.key_opens(data_dir, config, key):
            raise KeyStoreError(_WRONG_CODE)
        return
    config = _keyring_config(data_dir)
    if config.recovery is None:
        raise KeyStoreError(storefile.NO_RECOVERY_CODE)
    key = unwrap(config.recovery, parse(typed), config.store_uid)
    if key is None:
        raise KeyStoreError(_WRONG_CODE)
    try:
        kept = keys.load_secret(keys.store_key_name(config.store_uid))
    except KeyStoreError:
        _opening_key(data_dir, config, typed)
        return
    if not hmac.compare_digest(kept, key):
        raise KeyStoreError(_WRONG_CODE)


def _opening_key(data_dir: Path, config: storefile.StoreConfig, typed: str) -> bytes:
    """The store key unwrapped with ``typed``, checked to open the store (a ``store.json``
    whose wrapped key was replaced by someone else's does not pass)."""
    if config.recovery is None:
        raise KeyStoreError(storefile.NO_RECOVERY_CODE)
    key = unwrap(config.recovery, parse(typed), config.store_uid)
    if key is None:
        raise KeyStoreError(_WRONG_CODE)
    store = Store.open(storefile.store_path(data_dir), key, store_format=config.format)
    store.close()
    return key
