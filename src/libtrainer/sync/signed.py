"""Small signed JSON documents: trust-list versions, enrolment requests, acks.

A document is ``{"body": "<canonical JSON text>", "sigs": [{"key_id": …, "sig": base64}]}``.
The body travels as a string, so the bytes that were signed are exactly the bytes that are
read back (no re-serialisation before verifying). Each kind of document signs under its own
domain (see :mod:`libtrainer.sync.crypto`).
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from libtrainer.sync import crypto

DOC_LIMIT = 8 * 1024 * 1024
MAX_SIGS = 16


class DocError(ValueError):
    """Not a well-formed signed document."""


def canonical(value: Any) -> bytes:
    """Canonical JSON bytes: sorted keys, no spaces, UTF-8 (letters like ą and ņ stay letters)."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def make_doc(
    body: Mapping[str, Any], signers: list[tuple[str, Ed25519PrivateKey]], domain: bytes
) -> bytes:
    """The bytes of a document with ``body`` signed by every (key id, key) of ``signers``."""
    text = canonical(body).decode()
    sigs = [
        {"key_id": kid, "sig": base64.b64encode(crypto.sign(key, domain, text.encode())).decode()}
        for kid, key in signers
    ]
    return canonical({"body": text, "sigs": sigs}) + b"\n"


@dataclass(frozen=True)
class SignedDoc:
    raw: bytes
    body_bytes: bytes
    body: dict[str, Any]
    sigs: dict[str, bytes]

    def signed_by(self, key_id: str, sign_public: bytes, domain: bytes) -> bool:
        """True when the document carries a valid signature by that key."""
        sig = self.sigs.get(key_id)
        return sig is not None and crypto.verify(sign_public, domain, self.body_bytes, sig)


def read_doc(data: bytes) -> SignedDoc:
    """Parse a signed document (signatures are checked by the caller, who knows the keys)."""
    if len(data) > DOC_LIMIT:
        raise DocError("document too large")
    try:
        outer = json.loads(data.decode("utf-8"))
        text = outer["body"]
        raw_sigs = outer["sigs"]
        if not isinstance(text, str) or not isinstance(raw_sigs, list):
            raise DocError("bad document shape")
        body = json.loads(text)
        body_bytes = text.encode("utf-8")
        sigs = {
            str(item["key_id"]): base64.b64decode(item["sig"], validate=True)
            for item in raw_sigs[:MAX_SIGS]
            if isinstance(item, dict) and isinstance(item.get("sig"), str)
        }
    except (
        UnicodeDecodeError,
        ValueError,
        KeyError,
        TypeError,
        binascii.Error,
        RecursionError,
    ) as exc:  # RecursionError: JSON nested deeper than Python parses (a hostile file)
        raise DocError("not a signed document") from exc
    if not isinstance(body, dict):
        raise DocError("body is not an object")
    return SignedDoc(data, body_bytes, body, sigs)
