"""Cryptography of sync: signatures, payload encryption for several recipients, key codes.

- Signatures are Ed25519 over ``domain + b"\\0" + message``; every kind of signed thing (bundle
  header, trust list, enrolment request, ack) has its own domain, so a signature made for one
  can never be replayed as another.
- A payload is encrypted once with a fresh random content key (ChaCha20-Poly1305); the content
  key is wrapped for each recipient's X25519 key (ephemeral-static ECDH, HKDF-SHA256). A share
  host or a lost USB stick sees only ciphertext.
- A key id names an Ed25519 key (16 hex digits); an enrolment code ("7F3A-19C2") is short
  enough to read aloud on the phone and covers both public keys of a device.
- A passphrase seal (scrypt + ChaCha20-Poly1305) protects key backups.

Everything here raises :class:`CryptoError` (a plain ``ValueError``) on bad input; callers turn
it into the right person-readable error.
"""

from __future__ import annotations

import hashlib
import os

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from libtrainer.sync import keys

ENVELOPE_VERSION = 1
KID_LEN = 8  # bytes of a recipient key id inside an envelope
_STANZA = KID_LEN + 32 + 16
_NONCE = 12
_RAW = serialization.Encoding.Raw
_RAW_PUB = serialization.PublicFormat.Raw
_RAW_PRIV = serialization.PrivateFormat.Raw
_NO_ENC = serialization.NoEncryption()
SEAL_MAGIC = b"LTSEAL1\n"


class CryptoError(ValueError):
    """Bad key material, a failed signature or decryption."""


# --- raw key bytes ---------------------------------------------------------------------------


def public_bytes(key: Ed25519PrivateKey | X25519PrivateKey) -> bytes:
    return key.public_key().public_bytes(_RAW, _RAW_PUB)


def private_bytes(key: Ed25519PrivateKey | X25519PrivateKey) -> bytes:
    return key.private_bytes(_RAW, _RAW_PRIV, _NO_ENC)


def ed25519_private(raw: bytes) -> Ed25519PrivateKey:
    try:
        return Ed25519PrivateKey.from_private_bytes(raw)
    except ValueError as exc:
        raise CryptoError("bad Ed25519 private key") from exc


def x25519_private(raw: bytes) -> X25519PrivateKey:
    try:
        return X25519PrivateKey.from_private_bytes(raw)
    except ValueError as exc:
        raise CryptoError("bad X25519 private key") from exc


def key_id(sign_public: bytes) -> str:
    """The id of an Ed25519 public key: 16 hex digits of a domain-separated SHA-256."""
    return hashlib.sha256(b"libtrainer-key-v1\0" + sign_public).hexdigest()[:16]


def recipient_id(x25519_public: bytes) -> bytes:
    """The 8-byte id of an X25519 public key inside an envelope."""
    return hashlib.sha256(b"libtrainer-x25519-v1\0" + x25519_public).digest()[:KID_LEN]


def short_code(sign_public: bytes, x25519_public: bytes) -> str:
    """The enrolment code of a device's two public keys, e.g. ``7F3A-19C2``."""
    digest = hashlib.sha256(b"libtrainer-code-v1\0" + sign_public + x25519_public).hexdigest()
    return f"{digest[:4]}-{digest[4:8]}".upper()


def normalise_code(text: str) -> str:
    """``"7f3a19c2"`` or ``" 7F3A-19C2 "`` → ``"7F3A-19C2"`` (what people type varies)."""
    clean = "".join(ch for ch in text.upper() if ch in "0123456789ABCDEF")
    return f"{clean[:4]}-{clean[4:8]}" if len(clean) == 8 else text.strip().upper()


# --- signatures ------------------------------------------------------------------------------


def sign(key: Ed25519PrivateKey, domain: bytes, message: bytes) -> bytes:
    """An Ed25519 signature over ``domain\\0message``."""
    return key.sign(domain + b"\0" + message)


def verify(sign_public: bytes, domain: bytes, message: bytes, signature: bytes) -> bool:
    """True when ``signature`` is a valid signature of ``domain\\0message`` by that key."""
    try:
        Ed25519PublicKey.from_public_bytes(sign_public).verify(signature, domain + b"\0" + message)
    except (InvalidSignature, ValueError):
        return False
    return True


# --- multi-recipient envelope -------------------------------------------------------------------


def _wrap_key(shared: bytes, eph_public: bytes, recipient_public: bytes) -> bytes:
    hkdf = HKDF(
        algorithm=hashes.SHA256(),
        length=32,
        salt=eph_public + recipient_public,
        info=b"libtrainer-wrap-v1",
    )
    return hkdf.derive(shared)


def seal(plaintext: bytes, recipients: list[bytes], aad: bytes) -> bytes:
    """Encrypt ``plaintext`` so that any one of ``recipients`` (X25519 public keys) can read it.

    Layout: version(1) eph_pub(32) n(1) n × [rid(8) wrapped(48)] nonce(12) ciphertext.
    """
    unique = sorted(set(recipients))
    if not 1 <= len(unique) <= 255:
        raise CryptoError("an envelope needs 1 to 255 recipients")
    content_key = ChaCha20Poly1305.generate_key()
    eph = X25519PrivateKey.generate()
    eph_public = public_bytes(eph)
    parts = [bytes([ENVELOPE_VERSION]), eph_public, bytes([len(unique)])]
    for raw in unique:
        try:
            shared = eph.exchange(X25519PublicKey.from_public_bytes(raw))
        except ValueError as exc:
            raise CryptoError("bad recipient key") from exc
        rid = recipient_id(raw)
        wrapped = ChaCha20Poly1305(_wrap_key(shared, eph_public, raw)).encrypt(
            bytes(_NONCE), content_key, rid
        )
        parts += [rid, wrapped]
    nonce = os.urandom(_NONCE)
    parts += [nonce, ChaCha20Poly1305(content_key).encrypt(nonce, plaintext, aad)]
    return b"".join(parts)


def unseal(envelope: bytes, private_keys: list[X25519PrivateKey], aad: bytes) -> bytes:
    """The plaintext of an envelope, with the first of ``private_keys`` that it was sealed for."""
    if len(envelope) < 34 or envelope[0] != ENVELOPE_VERSION:
        raise CryptoError("not an envelope")
    eph_public, count = envelope[1:33], envelope[33]
    body = 34 + count * _STANZA
    if count == 0 or len(envelope) < body + _NONCE + 16:
        raise CryptoError("short envelope")
    stanzas = {
        envelope[off : off + KID_LEN]: envelope[off + KID_LEN : off + _STANZA]
        for off in range(34, body, _STANZA)
    }
    for key in private_keys:
        own_public = public_bytes(key)
        wrapped = stanzas.get(recipient_id(own_public))
        if wrapped is None:
            continue
        try:
            shared = key.exchange(X25519PublicKey.from_public_bytes(eph_public))
            wrap = ChaCha20Poly1305(_wrap_key(shared, eph_public, own_public))
            content_key = wrap.decrypt(bytes(_NONCE), wrapped, recipient_id(own_public))
            nonce = envelope[body : body + _NONCE]
            return ChaCha20Poly1305(content_key).decrypt(nonce, envelope[body + _NONCE :], aad)
        except (InvalidTag, ValueError) as exc:
            raise CryptoError("envelope does not decrypt") from exc
    raise CryptoError("not sealed for any of these keys")


# --- passphrase seal (key backups) --------------------------------------------------------------


def seal_with_passphrase(plaintext: bytes, passphrase: str) -> bytes:
    """``SEAL_MAGIC`` salt(16) nonce(12) ciphertext; key = scrypt(passphrase, salt)."""
    salt = keys.new_salt()
    key = keys.derive_key(passphrase, salt)
    nonce = os.urandom(_NONCE)
    return SEAL_MAGIC + salt + nonce + ChaCha20Poly1305(key).encrypt(nonce, plaintext, SEAL_MAGIC)


def open_with_passphrase(sealed: bytes, passphrase: str) -> bytes:
    """The plaintext of :func:`seal_with_passphrase`; :class:`CryptoError` if wrong or damaged."""
    head = len(SEAL_MAGIC)
    if not sealed.startswith(SEAL_MAGIC) or len(sealed) < head + 16 + _NONCE + 16:
        raise CryptoError("not a libtrainer key backup")
    salt, nonce = sealed[head : head + 16], sealed[head + 16 : head + 16 + _NONCE]
    key = keys.derive_key(passphrase, salt)
    try:
        return ChaCha20Poly1305(key).decrypt(nonce, sealed[head + 16 + _NONCE :], SEAL_MAGIC)
    except InvalidTag as exc:
        raise CryptoError("wrong passphrase or damaged backup") from exc
