"""Acks: a coordinator's signed statement "I have ingested bundle (device, seq, hash)".

A device prunes its outbox only after an ack (the pruning itself is in ``sync/acks.py``).
Acks are small signed documents (:mod:`libtrainer.sync.signed`) under their own signature
domain, written by each coordinator into its own folder
``acks/<coordinator>/<device>/<seq:012d>-<hash16>.ack``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from libtrainer.domain.errors import N_
from libtrainer.sync.errors import TrustError
from libtrainer.sync.identity import DeviceKeys
from libtrainer.sync.signed import DocError, make_doc, read_doc
from libtrainer.sync.trust import TrustList

DOMAIN = b"libtrainer-ack-v1"
FORMAT = 1


@dataclass(frozen=True)
class Ack:
    coordinator: str
    device: str
    seq: int
    bundle_hash: str
    wall: str


def ack_path(coordinator: str, device: str, seq: int, bundle_hash: str) -> str:
    return f"acks/{coordinator}/{device}/{seq:012d}-{bundle_hash[:16]}.ack"


def make_ack(own: DeviceKeys, region: str, device: str, seq: int, bundle_hash: str) -> bytes:
    body = {
        "format": FORMAT,
        "kind": "ack",
        "region": region,
        "coordinator": own.device,
        "device": device,
        "seq": seq,
        "bundle_hash": bundle_hash,
        "wall": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    }
    return make_doc(body, [(own.key_id, own.signing)], DOMAIN)


def read_ack(data: bytes, trust: TrustList, region: str) -> Ack:
    """A verified ack: signed by a key of a coordinator device of ``trust`` that is not revoked."""
    bad = TrustError("malformed", N_("An acknowledgement on the shared folder is not valid."))
    try:
        doc = read_doc(data)
        body = doc.body
        ack = Ack(
            str(body["coordinator"]),
            str(body["device"]),
            int(body["seq"]),
            str(body["bundle_hash"]),
            str(body.get("wall", "")),
        )
    except (DocError, KeyError, TypeError, ValueError):
        raise bad from None
    entry = trust.key_for(ack.coordinator)
    if (
        body.get("format") != FORMAT
        or body.get("kind") != "ack"
        or body.get("region") != region
        or entry is None
        or entry.role != "coordinator"
        or entry.revoked_after is not None
    ):
        raise bad
    if not any(doc.signed_by(k.key_id, k.sign, DOMAIN) for k in entry.keys):
        raise bad
    return ack
