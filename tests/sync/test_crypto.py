"""Signatures, multi-recipient encryption, key ids, codes and passphrase seals."""

from __future__ import annotations

import re

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from libtrainer.sync import crypto


def test_signature_is_domain_separated() -> None:
    """A signature made for one kind of document does not verify as another kind."""
    key = Ed25519PrivateKey.generate()
    pub = crypto.public_bytes(key)
    sig = crypto.sign(key, b"libtrainer-bundle-v1", b"header")
    assert crypto.verify(pub, b"libtrainer-bundle-v1", b"header", sig)
    assert not crypto.verify(pub, b"libtrainer-ack-v1", b"header", sig)
    assert not crypto.verify(pub, b"libtrainer-bundle-v1", b"headeR", sig)


def test_verify_rejects_garbage_keys_and_signatures() -> None:
    """Malformed keys or signatures give False, never an exception."""
    assert not crypto.verify(b"short", b"d", b"m", b"x" * 64)
    key = Ed25519PrivateKey.generate()
    assert not crypto.verify(crypto.public_bytes(key), b"d", b"m", b"")


def test_seal_opens_for_every_recipient_and_nobody_else() -> None:
    """Each recipient can open the envelope; an outsider cannot."""
    readers = [X25519PrivateKey.generate() for _ in range(3)]
    envelope = crypto.seal(b"Pastabos: \xc4\x85", [crypto.public_bytes(k) for k in readers], b"a")
    for reader in readers:
        assert crypto.unseal(envelope, [reader], b"a") == b"Pastabos: \xc4\x85"
    with pytest.raises(crypto.CryptoError):
        crypto.unseal(envelope, [X25519PrivateKey.generate()], b"a")


def test_seal_is_bound_to_its_associated_data() -> None:
    """An envelope moved into another device's bundle does not decrypt."""
    reader = X25519PrivateKey.generate()
    envelope = crypto.seal(b"data", [crypto.public_bytes(reader)], b"device-1")
    with pytest.raises(crypto.CryptoError):
        crypto.unseal(envelope, [reader], b"device-2")


def test_unseal_tries_old_keys_after_a_rotation() -> None:
    """A list of keys (newest first) still opens envelopes sealed for an older key."""
    old, new = X25519PrivateKey.generate(), X25519PrivateKey.generate()
    envelope = crypto.seal(b"old", [crypto.public_bytes(old)], b"")
    assert crypto.unseal(envelope, [new, old], b"") == b"old"


def test_unseal_refuses_damaged_envelopes() -> None:
    """Short, flipped or empty envelopes raise CryptoError."""
    reader = X25519PrivateKey.generate()
    envelope = bytearray(crypto.seal(b"data", [crypto.public_bytes(reader)], b""))
    for bad in (b"", bytes(envelope[:40]), bytes(envelope[:-1])):
        with pytest.raises(crypto.CryptoError):
            crypto.unseal(bad, [reader], b"")
    envelope[-3] ^= 1
    with pytest.raises(crypto.CryptoError):
        crypto.unseal(bytes(envelope), [reader], b"")


def test_short_code_looks_like_four_and_four_hex_digits() -> None:
    """Codes are read aloud: 'XXXX-XXXX' upper-case hex, and normalise what people type."""
    code = crypto.short_code(b"a" * 32, b"b" * 32)
    assert re.fullmatch(r"[0-9A-F]{4}-[0-9A-F]{4}", code)
    assert crypto.normalise_code(code.lower().replace("-", " ")) == code


def test_key_id_is_sixteen_hex_digits() -> None:
    """Key ids are stable 16-digit hex names of a public key."""
    key = crypto.public_bytes(Ed25519PrivateKey.generate())
    assert re.fullmatch(r"[0-9a-f]{16}", crypto.key_id(key))
    assert crypto.key_id(key) == crypto.key_id(key)


def test_passphrase_seal_round_trip_and_wrong_passphrase() -> None:
    """A passphrase seal opens with the passphrase and refuses another one."""
    sealed = crypto.seal_with_passphrase(b"secret keys", "ąžuolas ir ēka")
    assert crypto.open_with_passphrase(sealed, "ąžuolas ir ēka") == b"secret keys"
    with pytest.raises(crypto.CryptoError):
        crypto.open_with_passphrase(sealed, "wrong")
    with pytest.raises(crypto.CryptoError):
        crypto.open_with_passphrase(b"not a backup", "x")
