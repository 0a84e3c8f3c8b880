"""A store key sealed under another key, as ``store.json`` keeps it.

Two things seal the store's random key this way (AES-256-GCM, a fresh 96-bit nonce, the
store's id as associated data, so an entry copied from another store does not open):

- the recovery code (``services.recovery``, decision 0008): the wrapping key is HKDF-SHA256 of
  the code's 120 random bits;
- the passphrase of a store that kept its key in the keyring before (``services.keysource``,
  decision 0003, update): the wrapping key is the scrypt of the passphrase
  (``store.cipher.derive_key``). The store file is not encrypted again: its key stays the same,
  so the recovery code written down before still unwraps it.

Light (no SQLAlchemy, no keyring): the sign-in check (``gui.opening``) uses it on the worker.
"""

from __future__ import annotations

import base64
import binascii
import secrets
from typing import Any

from libtrainer.store.cipher import derive_key

FORMAT = 1
NONCE_BYTES = 12


def seal(key: bytes, wrapping_key: bytes, store_uid: str) -> dict[str, Any]:
    """``key`` sealed under ``wrapping_key``, as kept in ``store.json``."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM  # noqa: PLC0415

    nonce = secrets.token_bytes(NONCE_BYTES)
    sealed = AESGCM(wrapping_key).encrypt(nonce, key, store_uid.encode("utf-8"))
    return {
        "format": FORMAT,
        "nonce": base64.b64encode(nonce).decode("ascii"),
        "key": base64.b64encode(sealed).decode("ascii"),
    }


def unseal(entry: dict[str, Any], wrapping_key: bytes, store_uid: str) -> bytes | None:
    """The key sealed in ``entry``; None when ``wrapping_key`` is not the one it was sealed
    under. ``ValueError`` when the entry is damaged or of an unknown format."""
    from cryptography.exceptions import InvalidTag  # noqa: PLC0415
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM  # noqa: PLC0415

    try:
        nonce = base64.b64decode(entry["nonce"], validate=True)
        sealed = base64.b64decode(entry["key"], validate=True)
    except (KeyError, TypeError, binascii.Error) as exc:
        raise ValueError("damaged key entry") from exc
    if entry.get("format") != FORMAT or len(nonce) != NONCE_BYTES:
        raise ValueError("unknown key entry")
    try:
        return AESGCM(wrapping_key).decrypt(nonce, sealed, store_uid.encode("utf-8"))
    except InvalidTag:
        return None


def passphrase_key(
    passphrase: str, salt: bytes, wrapped: dict[str, Any] | None, store_uid: str
) -> bytes | None:
    """The key of a passphrase store: derived from the passphrase (scrypt, decision 0003), or,
    when ``wrapped`` (a store that kept its key in the keyring before), unsealed with it.
    None when the passphrase does not unseal ``wrapped`` (a derived key is only found wrong
    when the store file refuses it). ``ValueError`` when ``wrapped`` is damaged."""
    derived = derive_key(passphrase, salt)
    if wrapped is None:
        return derived
    return unseal(wrapped, derived, store_uid)
