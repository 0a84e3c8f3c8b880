"""The notices a coordinator owes the devices whose bundles it stopped merging (decision 0333).

A fork suspends a device on the coordinator (``sync/chain.py``, decision 0312); a coordinator
revokes a device (``trust revoke``, the Devices screen). Before this the device never learnt of
a suspension: it went on sending into bundles set aside, and its person read "Sent" each time.
Now the coordinator writes the device a signed notice (``sync/noticefile.py``) into its ack
folder for that device:

* **suspended** — at every sync, for each suspended device with an outbox on the shared folder
  whose notice is not there yet (a USB stick the device carries between buildings gets it too);
* **resumed** — when the coordinator lifts the suspension (``trust resume``, decision 0315),
  and at later syncs on other shared folders, from the lifted suspensions this coordinator
  remembers (``lt_meta`` :data:`META_LIFTED`);
* **revoked** — when it revokes the device, and at later syncs for a revoked device with an
  outbox on the shared folder.

Only names are listed (the listing of the ack folders ``sync/reack.py`` makes anyway); no
notice is read back. A notice's bytes are fixed by what it says, so writing it again anywhere
is the same write-once file. The coordinator's own id gets none: its own suspension is told by
its own sync (decision 0323).
"""

from __future__ import annotations

import contextlib
import json
import logging
import secrets

from sqlalchemy import Connection, func, select

from libtrainer.store.models import Ingested
from libtrainer.store.store import Store
from libtrainer.sync import chain, identity
from libtrainer.sync.errors import ShareConflict, ShareError
from libtrainer.sync.noticefile import (
    SUFFIX,
    Notice,
    make_notice,
    notice_name,
    notice_path,
    revoked_ref,
)
from libtrainer.sync.share import Share
from libtrainer.sync.target import Target
from libtrainer.sync.trust import DeviceEntry, TrustList

log = logging.getLogger(__name__)

#: ``lt_meta`` of a coordinator: the suspensions it lifted, as the "resumed" notices it owes
#: (JSON: device -> list of notices), written on every shared folder the device sends to.
META_LIFTED = "sync_lifted_suspensions"


def merged_upto(conn: Connection, device: str) -> int:
    """The device's last bundle of changes merged into the store of ``conn`` (0: none)."""
    last = conn.execute(
        select(func.max(Ingested.seq)).where(Ingested.device == device, Ingested.kind == "changes")
    ).scalar()
    return int(last or 0)


def suspended(conn: Connection, coordinator: str) -> dict[str, Notice]:
    """The "suspended" notice of each device suspended in the store of ``conn`` (not
    ``coordinator``'s own). Nothing of the device merges while it is suspended, so what a
    notice says stays the same until the suspension is lifted."""
    found = {}
    for row in chain.suspended_devices(conn):
        device = str(row.device)
        if device == coordinator:
            continue
        found[device] = Notice(
            coordinator,
            device,
            "suspended",
            "fork",
            merged_upto(conn, device),
            str(row.bundle_hash),
            str(row.since_wall),
        )
    return found


def lifted(store: Store) -> dict[str, list[Notice]]:
    """The "resumed" notices this coordinator owes (:data:`META_LIFTED`), by device."""
    try:
        data = json.loads(store.meta(META_LIFTED) or "{}")
        return {
            str(device): [
                Notice(
                    store.device_id,
                    str(device),
                    "resumed",
                    "fork",
                    int(n["after_seq"]),
                    str(n["ref"]),
                    str(n["since"]),
                )
                for n in items
            ]
            for device, items in data.items()
        }
    except (ValueError, KeyError, TypeError, AttributeError):
        return {}


def _remember_lifted(store: Store, notice: Notice) -> None:
    owed = lifted(store)
    items = [n for n in owed.get(notice.device, []) if n.ref != notice.ref]
    owed[notice.device] = [*items, notice]
    data = {
        device: [{"after_seq": n.after_seq, "ref": n.ref, "since": n.since} for n in items]
        for device, items in sorted(owed.items())
    }
    store.set_meta(META_LIFTED, json.dumps(data, sort_keys=True))


def revoked(entry: DeviceEntry, coordinator: str) -> Notice | None:
    """The "revoked" notice of a trust-list entry (None when it is not revoked)."""
    if entry.revoked_after is None or entry.device == coordinator:
        return None
    after = entry.revoked_after
    return Notice(coordinator, entry.device, "revoked", "revoked", after, revoked_ref(after), "")


def due(
    store: Store, target: Target, trust: TrustList, devices: list[str] | set[str]
) -> list[Notice]:
    """Every notice this coordinator owes one of ``devices`` now."""
    me = store.device_id
    with target.reading() as conn:
        stopped = suspended(conn, me)
    owed = lifted(store)
    notices: list[Notice] = []
    for device in sorted(devices):
        if device == me:
            continue
        if device in stopped:
            notices.append(stopped[device])
        notices.extend(owed.get(device, []))
        entry = trust.key_for(device)
        gone = revoked(entry, me) if entry is not None else None
        if gone is not None:
            notices.append(gone)
    return notices


def write(store: Store, share: Share, notice: Notice, names: set[str] | None = None) -> bool:
    """Write ``notice`` into this coordinator's ack folder for its device, unless ``names``
    (that folder's listing; None: not listed) shows it there already. True when written.
    Another file under its name (a damaged copy, a race) is never overwritten: the notice goes
    under a second name, and the device reads every notice file."""
    name = notice_name(notice.state, notice.ref)
    stem = name.removesuffix(SUFFIX)
    if names is not None and any(n == name or n.startswith(f"{stem}-") for n in names):
        return False
    own = identity.load_device_keys(store)
    data = make_notice(own, share.region, notice)
    rel = notice_path(own.device, notice.device, notice.state, notice.ref)
    try:
        share.write_once(rel, data)
    except ShareConflict:
        share.write_once(f"{rel.removesuffix(SUFFIX)}-{secrets.token_hex(4)}{SUFFIX}", data)
    log.info("wrote a %s notice for device %s", notice.state, notice.device[:8])
    return True


def write_due(
    store: Store, share: Share, target: Target, trust: TrustList, folders: dict[str, set[str]]
) -> int:
    """Write every notice owed to a device with an outbox on this shared folder whose ack
    folder (``folders``: its listing, ``reack.ack_folders``) lacks it. Returns how many were
    written; a failed write raises (:class:`ShareError`), the rest waits for the next sync."""
    written = 0
    for notice in due(store, target, trust, set(folders)):
        if write(store, share, notice, folders.get(notice.device, set())):
            written += 1
    return written


def after_resume(store: Store, share: Share, notice: Notice) -> bool:
    """Remember the "resumed" notice of a suspension just lifted (``suspension.resume``) and
    write it on ``share`` (best effort: the next sync writes it when this write fails)."""
    _remember_lifted(store, notice)
    return _best_effort(store, share, notice)


def after_revoke(store: Store, share: Share, entry: DeviceEntry) -> bool:
    """Write the "revoked" notice of a device just revoked (``trustops.revoke``); best effort:
    the trust list itself tells the device, and the next sync writes the notice again."""
    notice = revoked(entry, store.device_id)
    return notice is not None and _best_effort(store, share, notice)


def _best_effort(store: Store, share: Share, notice: Notice) -> bool:
    names: set[str] | None = None
    with contextlib.suppress(ShareError):
        names = set(share.file_sizes(f"acks/{store.device_id}/{notice.device}"))
    try:
        return write(store, share, notice, names)
    except ShareError as exc:  # what it follows is done: it must not look undone
        log.warning("could not write a %s notice now: %s", notice.state, exc.msgid)
        return False
