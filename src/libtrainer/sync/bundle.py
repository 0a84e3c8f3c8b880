"""The bundle file: what one device publishes in one go, signed, encrypted, size-limited.

Layout (integers big-endian)::

    MAGIC(8) format(1) header_len(4) header(UTF-8 JSON) sig_count(1) sig_count × sig(64)
    payload_len(8) payload

The header is signed exactly as stored: each signature is Ed25519 over
``b"libtrainer-bundle-v1\\0" + header``. The header holds no personal data (ids, counts per
table, hashes, clocks). The payload is the zstd-compressed change records
(:mod:`libtrainer.sync.payload`) sealed for the region's coordinator keys
(:func:`libtrainer.sync.crypto.seal`); its SHA-256 and length are in the header, so a signed
header pins the payload. A bundle's identity is the SHA-256 of the whole file.

:func:`open_bundle` treats its input as hostile and raises only :class:`BundleError`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import struct
from dataclasses import asdict, dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from libtrainer.domain.ids import is_uuid
from libtrainer.store import migrate
from libtrainer.store.apply import Change
from libtrainer.sync import crypto, payload
from libtrainer.sync.errors import BundleError

if TYPE_CHECKING:
    from libtrainer.sync.trust import TrustList

MAGIC = b"\x89LTB\r\n\x1a\n"
FORMAT = 1
READER = 1  # the payload format this code reads; a header's min_reader above it is "newer"
MAX_HEADER = 64 * 1024
MAX_PAYLOAD = 256 * 1024 * 1024
MAX_BUNDLE = MAX_PAYLOAD + MAX_HEADER + 1024
MAX_SIGS = 4
SIGN_DOMAIN = b"libtrainer-bundle-v1"
PAYLOAD_DOMAIN = b"libtrainer-payload-v1"
KINDS = ("changes", "catalogue")
_HEX = frozenset("0123456789abcdef")


@dataclass(frozen=True)
class BundleHeader:
    format: int
    schema: str
    min_reader: int
    region: str
    device: str
    key_id: str
    seq: int
    prev_hash: str | None
    payload_sha256: str
    payload_len: int
    counts: dict[str, int]
    created_hlc: int
    created_wall: str
    trust_version: int
    kind: str


@dataclass(frozen=True)
class OpenedBundle:
    bundle_hash: str
    header: BundleHeader
    changes: list[Change]


@dataclass(frozen=True)
class Frame:
    header_bytes: bytes
    signatures: list[bytes]
    payload: bytes


def bundle_hash(data: bytes) -> str:
    """The identity of a bundle: SHA-256 hex of the whole file."""
    return hashlib.sha256(data).hexdigest()


@cache
def known_schemas() -> frozenset[str]:
    """Alembic revisions this build knows (a bundle from any other schema is "newer")."""
    from alembic.script import ScriptDirectory  # noqa: PLC0415 - only when bundles are read

    script = ScriptDirectory.from_config(migrate.alembic_config())
    return frozenset(rev.revision for rev in script.walk_revisions())


# --- writing ----------------------------------------------------------------------------------


def build_bundle(
    changes: list[Change],
    *,
    region: str,
    device: str,
    signing_key: Ed25519PrivateKey,
    seq: int,
    prev_hash: str | None,
    created_hlc: int,
    trust_version: int,
    recipients: list[bytes],
    kind: str = "changes",
) -> bytes:
    """The bytes of a new bundle holding ``changes`` (in order), sealed for ``recipients``."""
    sealed = crypto.seal(
        payload.compress(payload.encode_changes(changes)), recipients, _aad(device)
    )
    counts: dict[str, int] = {}
    for change in changes:
        counts[change.tbl] = counts.get(change.tbl, 0) + 1
    header = BundleHeader(
        format=FORMAT,
        schema=migrate.head_revision(),
        min_reader=READER,
        region=region,
        device=device,
        key_id=crypto.key_id(crypto.public_bytes(signing_key)),
        seq=seq,
        prev_hash=prev_hash,
        payload_sha256=hashlib.sha256(sealed).hexdigest(),
        payload_len=len(sealed),
        counts=dict(sorted(counts.items())),
        created_hlc=created_hlc,
        created_wall=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        trust_version=trust_version,
        kind=kind,
    )
    header_bytes = json.dumps(asdict(header), sort_keys=True, ensure_ascii=False).encode()
    signature = crypto.sign(signing_key, SIGN_DOMAIN, header_bytes)
    return b"".join(
        [
            MAGIC,
            bytes([FORMAT]),
            struct.pack(">I", len(header_bytes)),
            header_bytes,
            bytes([1]),
            signature,
            struct.pack(">Q", len(sealed)),
            sealed,
        ]
    )


def _aad(device: str) -> bytes:
    return PAYLOAD_DOMAIN + b"\0" + device.encode()


# --- reading ----------------------------------------------------------------------------------


def _take(data: bytes, offset: int, size: int) -> bytes:
    if offset + size > len(data):
        raise BundleError("truncated")
    return data[offset : offset + size]


def parse_frame(data: bytes) -> Frame:
    """Split a bundle into header, signatures and payload (no trust in any of them yet)."""
    if len(data) < len(MAGIC):
        raise BundleError("truncated" if MAGIC.startswith(data) else "malformed")
    if not data.startswith(MAGIC):
        raise BundleError("malformed")
    version = _take(data, 8, 1)[0]
    if version != FORMAT:
        raise BundleError("newer_schema" if version > FORMAT else "malformed")
    (header_len,) = struct.unpack(">I", _take(data, 9, 4))
    if header_len > MAX_HEADER:
        raise BundleError("too_large")
    header = _take(data, 13, header_len)
    offset = 13 + header_len
    count = _take(data, offset, 1)[0]
    if not 1 <= count <= MAX_SIGS:
        raise BundleError("malformed")
    sigs_raw = _take(data, offset + 1, 64 * count)
    offset += 1 + 64 * count
    (payload_len,) = struct.unpack(">Q", _take(data, offset, 8))
    if payload_len > MAX_PAYLOAD:
        raise BundleError("too_large")
    body = _take(data, offset + 8, payload_len)
    if offset + 8 + payload_len != len(data):
        raise BundleError("malformed")
    return Frame(header, [sigs_raw[i : i + 64] for i in range(0, 64 * count, 64)], body)


def _field(raw: dict[str, Any], name: str, kind: type, limit: int = 200) -> Any:
    value = raw.get(name)
    if kind is int:
        ok = type(value) is int and 0 <= value < 2**63
    elif kind is str:
        ok = isinstance(value, str) and len(value) <= limit
    else:
        ok = isinstance(value, kind)
    if not ok:
        raise BundleError("malformed")
    return value


def _hex(value: Any, length: int) -> str:
    if not (isinstance(value, str) and len(value) == length and set(value) <= _HEX):
        raise BundleError("malformed")
    return value


def _header(raw: dict[str, Any]) -> BundleHeader:
    counts = _field(raw, "counts", dict)
    if len(counts) > 64 or not all(
        isinstance(k, str) and type(v) is int and 0 <= v <= payload.MAX_CHANGES
        for k, v in counts.items()
    ):
        raise BundleError("malformed")
    prev = raw.get("prev_hash")
    header = BundleHeader(
        format=_field(raw, "format", int),
        schema=_field(raw, "schema", str, 40),
        min_reader=_field(raw, "min_reader", int),
        region=_field(raw, "region", str, 100),
        device=_field(raw, "device", str, 64),
        key_id=_hex(raw.get("key_id"), 16),
        seq=_field(raw, "seq", int),
        prev_hash=None if prev is None else _hex(prev, 64),
        payload_sha256=_hex(raw.get("payload_sha256"), 64),
        payload_len=_field(raw, "payload_len", int),
        counts=counts,
        created_hlc=_field(raw, "created_hlc", int),
        created_wall=_field(raw, "created_wall", str, 40),
        trust_version=_field(raw, "trust_version", int),
        kind=_field(raw, "kind", str, 20),
    )
    if header.kind not in KINDS or header.seq < 1 or not is_uuid(header.device):
        raise BundleError("malformed")
    return header


def _verified_header(frame: Frame, trust: TrustList) -> BundleHeader:
    try:
        raw = json.loads(frame.header_bytes.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise BundleError("malformed") from None
    if not isinstance(raw, dict):
        raise BundleError("malformed")
    device, kid = raw.get("device"), raw.get("key_id")
    if not isinstance(device, str) or not isinstance(kid, str):
        raise BundleError("malformed")
    entry = trust.key_for(device)
    key = entry.key(kid) if entry else None
    if key is None:
        raise BundleError("unknown_key")
    if not any(
        crypto.verify(key.sign, SIGN_DOMAIN, frame.header_bytes, s) for s in frame.signatures
    ):
        raise BundleError("bad_signature")
    min_reader, fmt = raw.get("min_reader"), raw.get("format")
    if type(min_reader) is int and type(fmt) is int and (min_reader > READER or fmt > FORMAT):
        raise BundleError("newer_schema")
    return _header(raw)


def peek_header(data: bytes) -> BundleHeader:
    """The header of a bundle WITHOUT any signature check (for tools and diagnostics only)."""
    frame = parse_frame(data)
    try:
        raw = json.loads(frame.header_bytes.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise BundleError("malformed") from None
    if not isinstance(raw, dict):
        raise BundleError("malformed")
    return _header(raw)


def open_bundle(
    data: bytes,
    *,
    trust: TrustList,
    decrypt_keys: list[X25519PrivateKey],
    region: str,
    name: str = "",
) -> OpenedBundle:
    """Verify, decrypt and decode a bundle; :class:`BundleError` with a reason otherwise."""
    try:
        return _open(data, trust, decrypt_keys, region)
    except BundleError as exc:
        if name:
            exc.params = {**exc.params, "name": name}
        raise


def signed_header(data: bytes, trust: TrustList, region: str) -> BundleHeader:
    """The header of a bundle whose signature, region, signing key and payload hash all check
    out under ``trust`` (no decryption: for a bundle this computer need not read)."""
    return _signed(parse_frame(data), trust, region)


def _signed(frame: Frame, trust: TrustList, region: str) -> BundleHeader:
    header = _verified_header(frame, trust)
    if header.region != region:
        raise BundleError("wrong_region")
    if not trust.allows(header.device, header.seq, header.key_id, header.kind):
        raise BundleError("revoked_key")
    if (
        header.payload_len != len(frame.payload)
        or hashlib.sha256(frame.payload).hexdigest() != header.payload_sha256
    ):
        raise BundleError("hash_mismatch")
    return header


def _open(
    data: bytes, trust: TrustList, decrypt_keys: list[X25519PrivateKey], region: str
) -> OpenedBundle:
    frame = parse_frame(data)
    header = _signed(frame, trust, region)
    if header.schema not in known_schemas():
        raise BundleError("newer_schema")
    try:
        compressed = crypto.unseal(frame.payload, decrypt_keys, _aad(header.device))
    except crypto.CryptoError:
        raise BundleError("undecryptable") from None
    try:
        changes = payload.decode_changes(payload.decompress(compressed))
    except payload.PayloadError as exc:
        raise BundleError("too_large" if exc.too_large else "malformed") from None
    counts: dict[str, int] = {}
    for change in changes:
        counts[change.tbl] = counts.get(change.tbl, 0) + 1
    if counts != header.counts:
        raise BundleError("malformed")
    if header.kind == "changes" and any(c.device != header.device for c in changes):
        raise BundleError("malformed")
    return OpenedBundle(bundle_hash(data), header, changes)
