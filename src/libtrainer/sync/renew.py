"""A new identity for this device after a restore: a new device id, new keys, everything again.

A branch PC restored from a backup, reset by reboot-restore software or cloned re-uses bundle
numbers its device id already published; the coordinator sees a fork and suspends the id
(docs/decisions/0312, 0315). The id is burnt: whatever this computer recorded since the restore
can never be merged under it. :func:`renew_identity` gives the store a new device id and keys
and makes every change still in its outbox travel again under the new id, from bundle 1 in the
new id's own outbox folder; :func:`renew_and_join` then asks the coordinator to enrol it.

Why sending again is harmless (docs/decisions/0318): a re-sent change keeps its causal length
and HLC and only changes its device id. Against a version the coordinator already merged it is
either older (stale), or the very same write (same cl and HLC, same values) — whichever device
id wins the tie, the field keeps the same value. A re-sent delete ties with a merged delete and
is stale; a re-sent insert of a row deleted or restored since is older by causal length.
Natural-key facts (attendance, enrolments, tags) have the same id everywhere, so they are one
row however often they arrive. Rows are never duplicated: ids do not change, only who sent them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import update

from libtrainer.domain import rules
from libtrainer.domain.errors import N_, LibtrainerError, StoreError
from libtrainer.domain.ids import new_id
from libtrainer.store.models import Device, Outbox
from libtrainer.store.store import Store, read_meta, write_meta
from libtrainer.sync import enroll, identity, lineage, publish
from libtrainer.sync.enroll import JoinOutcome
from libtrainer.sync.share import Share
from libtrainer.sync.trust import load_trust

#: Earlier device ids of this store, oldest first, comma-separated: its enrolment request
#: names them, so the coordinator links the new identity to them (decision 0332).
META_PREVIOUS = lineage.META_EARLIER

COORDINATOR_REFUSED = N_(
    "A coordinator cannot take a new identity: its keys sign the region's trust list. After a "
    "restore, synchronise (“libtrainer sync SHARE”) to merge again what the branches sent; to "
    "replace lost keys use “libtrainer keys restore FILE” or “libtrainer trust rotate”."
)


@dataclass(frozen=True)
class Renewed:
    """What :func:`renew_identity` did."""

    old_device: str
    device: str
    code: str  # the new enrolment code, read to the coordinator by phone
    resent: int  # changes in the outbox, sent again under the new id
    old_last_seq: int  # the last bundle this store had published under the old id
    old_enrolled: bool  # the old id is in the trust list this computer knows


def renew_identity(store: Store, *, device_name: str | None = None) -> Renewed:
    """Give this store a new device id and keys; its whole outbox will be sent again.

    In one store transaction: the device row of the new id (same branch and role, the same
    name unless ``device_name`` is given), the id in ``lt_meta`` and in the capture triggers,
    the outbox re-attributed to the new id and the bundle chain restarted (the next publish is
    bundle 1 of the new id). The new private keys go to the keyring first (under the new id;
    harmless if the transaction then fails). Refused on a coordinator and on a store not set up.
    The new id still has to be enrolled (:func:`renew_and_join`).
    """
    old = store.device_id
    if not old:
        raise StoreError(N_("This store is not set up yet. Run “libtrainer init” first."))
    role = store.meta("role") or "branch"
    if role == "coordinator":
        raise LibtrainerError(COORDINATOR_REFUSED)
    name = rules.clean_name(
        "device_name", device_name if device_name is not None else store.meta("device_name") or ""
    )
    device = new_id()
    keys = identity.keys_for_new_identity(store, device)
    with store.uow() as uow:
        conn = uow.connection
        try:
            old_enrolled = load_trust(conn).key_for(old) is not None
            old_last_seq = publish.restart_chain(conn)
            resent = conn.execute(update(Outbox).values(device=device)).rowcount
            store.switch_device(conn, device)
            identity.write_public_meta(conn, keys)
            previous = [p for p in (read_meta(conn, META_PREVIOUS) or "").split(",") if p]
            write_meta(conn, META_PREVIOUS, ",".join([*previous, old]))
            write_meta(conn, "device_name", name)
            write_meta(conn, enroll.META_JOINING, "1")  # first sync as soon as it is approved
            uow.session.add(
                Device(id=device, branch_id=read_meta(conn, "branch_id"), name=name, role=role)
            )
            uow.commit()
        except BaseException:
            store.identity.device_id = old  # the triggers and lt_meta roll back with the rest
            raise
    return Renewed(old, device, keys.code, int(resent or 0), old_last_seq, old_enrolled)


def renew_and_join(
    store: Store, share_root: Path, *, device_name: str | None = None
) -> tuple[Renewed, JoinOutcome]:
    """Renew this device's identity and ask the region's coordinator to enrol the new one.

    The shared folder must be reachable first (:class:`ShareUnreachable` otherwise, nothing
    changed). After the approval, :func:`enroll.finish_join` (``libtrainer enroll SHARE``
    again, or the Sync screen) runs the first sync, which sends everything again.
    """
    Share.for_store(share_root, store).require(store.pending_changes())
    renewed = renew_identity(store, device_name=device_name)
    return renewed, enroll.join(store, share_root)
