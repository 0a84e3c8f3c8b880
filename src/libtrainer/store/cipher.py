"""How a store file is encrypted: its format number and the SQLCipher settings that go with it.

SQLCipher cannot tell from a file how it was encrypted: the page size and the HMAC algorithm
must be set on every connection, right after the key and before the first read. ``store.json``
records the store's ``format``; this module turns it into those settings. It imports nothing
heavy, so the sign-in check (``gui.opening``) can use it without loading SQLAlchemy.

- format 1: SQLCipher 4's defaults (4 KiB pages, HMAC-SHA512), stores made before format 2.
- format 2: 8 KiB pages and HMAC-SHA256. Every page is still encrypted with AES-256 and
  authenticated; SHA-256 runs on the processor's SHA extensions where SHA-512 has none, and
  larger pages halve the per-page work (docs/decisions/0007-store-cipher-profile.md). A *demo*
  store's key is SHA-256 over a fixed label and its salt: its passphrase is published, so the
  scrypt of format 1 (≈150 ms of CPU at every start) protected nothing. Passphrase stores keep
  scrypt in every format.

New stores are made in :data:`STORE_FORMAT`; older stores keep their format and open as before.
The store key's derivation from a passphrase (:func:`derive_key`) lives here too, so that
``sync.keys`` (with the keyring) and the sign-in check (without it) share one definition.
"""

from __future__ import annotations

from libtrainer.domain.errors import N_, KeyStoreError, StoreError

STORE_FORMAT = 2
LEGACY_FORMAT = 1  # a store.json without "format" was written before formats were numbered

_PROFILES: dict[int, tuple[str, ...]] = {
    1: (),
    2: ("PRAGMA cipher_page_size = 8192", "PRAGMA cipher_hmac_algorithm = HMAC_SHA256"),
}


def cipher_pragmas(store_format: int) -> tuple[str, ...]:
    """The PRAGMAs (constants only) that open a store of ``store_format``, to run after the key."""
    try:
        return _PROFILES[store_format]
    except KeyError:
        raise newer_format_error() from None


def newer_format_error() -> StoreError:
    return StoreError(
        N_("This store was made by a newer libtrainer. Update libtrainer on this computer.")
    )


def format_of(raw: dict[str, object]) -> int:
    """The store format recorded in ``store.json``'s parsed content (``raw``); raises
    ``ValueError`` when the value is not a whole number, ``StoreError`` when it is newer than
    this libtrainer knows."""
    value = raw.get("format", LEGACY_FORMAT)
    if isinstance(value, bool) or not isinstance(value, int) or value < LEGACY_FORMAT:
        raise ValueError("format")
    if value not in _PROFILES:
        raise newer_format_error()
    return value


SCRYPT_N = 2**15
SCRYPT_R = 8
SCRYPT_P = 1
DEMO_PASSPHRASE = "demo"  # noqa: S105 - published on purpose (demo stores only)
DEMO_LABEL = b"libtrainer demo store key\x00"


def new_salt() -> bytes:
    """A fresh random salt for :func:`derive_key` (kept in ``store.json``)."""
    import os  # noqa: PLC0415 - only where a store or a passphrase is made

    return os.urandom(16)


def derive_key(passphrase: str, salt: bytes) -> bytes:
    """A 256-bit store key from a passphrase (scrypt, N=2^15, r=8, p=1)."""
    if not passphrase:
        raise KeyStoreError(N_("The passphrase must not be empty."))
    import hashlib  # noqa: PLC0415 - where the key is found (a worker thread in the app)

    return hashlib.scrypt(
        passphrase.encode("utf-8"),
        salt=salt,
        n=SCRYPT_N,
        r=SCRYPT_R,
        p=SCRYPT_P,
        maxmem=64 * 1024 * 1024,
        dklen=32,
    )


def demo_key(salt: bytes, store_format: int) -> bytes:
    """A demo store's key: SHA-256 of a label and the salt from format 2 on; in format 1 the
    scrypt of the published passphrase."""
    if store_format < 2:
        return derive_key(DEMO_PASSPHRASE, salt)
    import hashlib  # noqa: PLC0415 - where the key is found (a worker thread in the app)

    return hashlib.sha256(DEMO_LABEL + salt).digest()
