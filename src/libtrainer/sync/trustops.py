"""What a coordinator does to the trust list: start it, change it, revoke, rotate its key.

Every change is a new version N+1 that names the hash of N, signed by a coordinator key of N
and one of N+1, written write-once as ``trust/<N+1:08d>.trust``. If another coordinator wrote
version N+1 first, nothing is overwritten: the message says so and it can simply be tried again.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from libtrainer.domain.errors import N_
from libtrainer.store.store import Store
from libtrainer.sync import crypto, identity, lineage, notify
from libtrainer.sync.errors import ShareConflict, TrustError
from libtrainer.sync.identity import DeviceKeys
from libtrainer.sync.publish import next_seq
from libtrainer.sync.share import Share
from libtrainer.sync.trust import (
    DeviceEntry,
    DeviceKey,
    TrustList,
    refresh_trust,
    save_trust,
    sign_trust,
    verify_next,
)


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def _own_entry(store: Store, own: DeviceKeys, from_seq: int = 1) -> DeviceEntry:
    branch, branch_name = identity.branch_of(store)
    key = DeviceKey(own.key_id, own.sign_public, own.x25519_public, from_seq)
    return DeviceEntry(
        own.device, store.meta("device_name") or "", "coordinator", branch, branch_name, (key,)
    )


def commit_next(
    store: Store,
    share: Share,
    current: TrustList,
    devices: dict[str, DeviceEntry],
    coordinators: tuple[str, ...],
    signers: list[tuple[str, Ed25519PrivateKey]],
) -> TrustList:
    """Sign, check, write and keep version ``current.version + 1``."""
    if not coordinators:
        raise TrustError("no_coordinator", N_("A region needs at least one coordinator key."))
    unsigned = TrustList(
        region=share.region,
        version=current.version + 1,
        devices=devices,
        coordinators=coordinators,
        prev=current.sha256 if current.version else None,
        created_wall=_now(),
    )
    signed = sign_trust(unsigned, signers)
    verify_next(current, signed.raw)
    try:
        share.write_once(  # the first version makes the region's folder
            f"trust/{signed.version:08d}.trust", signed.raw, make_region=current.version == 0
        )
    except ShareConflict:
        if refresh_trust(store, share).sha256 == current.sha256:
            # the name holds nothing this computer takes (a damaged file, a version signed
            # only by a revoked key, decision 0322): readers go by content, a second name does
            again = f"trust/{signed.version:08d}-{secrets.token_hex(4)}.trust"
            share.write_once(again, signed.raw)
            with store.uow() as uow:
                save_trust(uow.connection, signed)
                uow.commit()
            return signed
        raise TrustError(
            "conflict",
            N_(
                "Another coordinator changed the trust list at the same "
                "moment. Nothing was overwritten: try again."
            ),
        ) from None
    with store.uow() as uow:
        save_trust(uow.connection, signed)
        uow.commit()
    return signed


def start_trust_list(store: Store, share: Share, own: DeviceKeys) -> TrustList:
    """Version 1 with this coordinator as the region's only device and coordinator."""
    entry = _own_entry(store, own)
    return commit_next(
        store,
        share,
        TrustList(region=share.region),
        {own.device: entry},
        (own.key_id,),
        [(own.key_id, own.signing)],
    )


def coordinator_context(store: Store, share: Share) -> tuple[TrustList, DeviceKeys]:
    """The current trust list and this device's keys, if it is a coordinator of it. The
    list is read first: a change of keys cut short after its version was written is then
    settled with the keys it names (``identity.settle_pending_keys``)."""
    share.require()
    trust = refresh_trust(store, share)
    own = identity.load_device_keys(store)
    if own.key_id not in trust.coordinators:
        raise TrustError(
            "not_coordinator",
            N_(
                "This computer is not a coordinator of the "
                "region's trust list, so it cannot change it."
            ),
        )
    return trust, own


def revoke(store: Store, share: Share, device: str, after_seq: int) -> DeviceEntry:
    """Revoke ``device`` after its bundle ``after_seq`` (earlier bundles stay valid)."""
    if after_seq < 0:
        raise TrustError("bad_seq", N_("The sequence number must be 0 or more."))
    trust, own = coordinator_context(store, share)
    entry = trust.key_for(device)
    if entry is None:
        raise TrustError(
            "unknown_device", N_("The device {device} is not in the trust list."), device=device
        )
    revoked = replace(entry, revoked_after=after_seq)
    gone = {k.key_id for k in entry.keys}
    coordinators = tuple(k for k in trust.coordinators if k not in gone)
    signers = [(own.key_id, own.signing)]
    if own.key_id in gone:
        raise TrustError(
            "self_revoke",
            N_("A coordinator cannot revoke its own computer; ask another coordinator."),
        )
    commit_next(store, share, trust, {**trust.devices, device: revoked}, coordinators, signers)
    notify.after_revoke(store, share, revoked)  # why it stops, and what to do (decision 0333)
    return revoked


def rotate(store: Store, share: Share) -> DeviceKeys:
    """Replace this coordinator's keys: the new version is signed by the old and the new key.

    The new keys are used only after the new version is safely on the share; until then they
    wait in the keyring (``identity.save_pending_keys``), so an app ended meanwhile loses
    nothing: the next use of the keys settles them against the list. Old decryption keys are
    kept so old bundles stay readable.
    """
    trust, old = coordinator_context(store, share)
    entry = trust.key_for(old.device)
    assert entry is not None
    fresh = DeviceKeys(
        old.device, Ed25519PrivateKey.generate(), (X25519PrivateKey.generate(), *old.exchange)
    )
    with store.read() as conn:
        from_seq = max(next_seq(conn), entry.current.from_seq + 1)
    key = DeviceKey(fresh.key_id, fresh.sign_public, fresh.x25519_public, from_seq)
    rotated = replace(entry, keys=(*entry.keys, key))
    coordinators = (*(k for k in trust.coordinators if k != old.key_id), fresh.key_id)
    identity.save_pending_keys(store, fresh, trust.version + 1)
    commit_next(
        store,
        share,
        trust,
        {**trust.devices, old.device: rotated},
        coordinators,
        [(old.key_id, old.signing), (fresh.key_id, fresh.signing)],
    )
    identity.save_device_keys(store, fresh)
    identity.drop_pending_keys(store)
    return fresh


def describe_entry(
    entry: DeviceEntry, trust: TrustList, held: Mapping[str, int] | None = None
) -> dict[str, Any]:
    """Plain data about one enrolled device (for ``trust list --json``): its state
    ("enrolled", "revoked", or "suspended" when this store set its bundles aside after a fork,
    ``held``: device -> bundle seq), and the identities of the same computer it replaced or
    that replaced it (decision 0332)."""
    held = held or {}
    newer = trust.replaced_by(entry.device)
    return {
        "device": entry.device,
        "name": entry.name,
        "role": entry.role,
        "branch": entry.branch,
        "branch_name": entry.branch_name,
        "code": entry.current.code,
        "key_id": entry.current.key_id,
        "coordinator": entry.current.key_id in trust.coordinators,
        "state": lineage.state(entry, held),
        "revoked_after": entry.revoked_after,
        "suspended_since": held.get(entry.device),
        "replaced_by": newer.device if newer is not None else None,
        "earlier": list(entry.earlier),
        "key_codes": [crypto.short_code(k.sign, k.x25519) for k in entry.keys],
    }
