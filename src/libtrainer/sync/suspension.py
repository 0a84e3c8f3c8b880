"""Lifting a fork suspension: a coordinator's way out after a device's history split
(docs/decisions/0315).

The history already merged here is kept (merged changes cannot be taken back). The bundles held
back while the device was suspended are sorted against it: those that continue it are read
again at the next sync; those of the other branch are refused for good, so they cannot suspend
the device again. The fork rule itself is unchanged. The device, which stopped sending when it
read its "suspended" notice, is told with a "resumed" notice (``sync/notify.py``, 0333).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Connection, delete, select

from libtrainer.domain.errors import N_
from libtrainer.store.models import Ingested, Suspended
from libtrainer.store.store import Store
from libtrainer.sync import chain, notify, quarantine
from libtrainer.sync.bundle import MAX_BUNDLE, BundleHeader, bundle_hash, peek_header
from libtrainer.sync.errors import BundleError, ShareError, TrustError
from libtrainer.sync.noticefile import Notice
from libtrainer.sync.quarantine import Entry
from libtrainer.sync.share import Share
from libtrainer.sync.target import StoreTarget, Target
from libtrainer.sync.trust import load_trust


@dataclass(frozen=True)
class Resumed:
    """What lifting a suspension did."""

    device: str
    label: str
    fork_seq: int
    requeued: int  # held-back bundles that continue the merged history: merged at the next sync
    rejected: int  # bundles of the other branch: refused for good (never merged)


def find_suspended(conn: Connection, device: str) -> str | None:
    """The suspended device named by ``device`` (its id, or at least 8 first characters)."""
    wanted = device.strip().lower()
    ids = [row.device for row in chain.suspended_devices(conn)]
    if wanted in ids:
        return wanted
    matches = [d for d in ids if len(wanted) >= 8 and d.startswith(wanted)]
    return matches[0] if len(matches) == 1 else None


def resume(
    store: Store,
    share: Share,
    device: str,
    *,
    target: Target | None = None,
    label: Callable[[str | None], str] | None = None,
) -> Resumed:
    """Lift ``device``'s fork suspension on this coordinator's ``target`` (its store by default).

    The history already merged here is the one kept (merged changes cannot be taken back).
    Bundles held back while the device was suspended are sorted against it: those that
    continue it are tried again at the next sync; those that belong to the other branch of
    the fork are refused for good as forks (so they cannot suspend the device again). The
    fork rule itself is unchanged: a new contradicting bundle suspends the device again.
    """
    if store.meta("role") != "coordinator":
        raise TrustError("not_coordinator", N_("Only a coordinator can resume a suspended device."))
    share.require()
    target = target or StoreTarget(store)
    with target.reading() as conn:
        found = find_suspended(conn, device)
        trust = load_trust(conn, share.region)
    if found is None:
        if trust.key_for(device.strip().lower()) is None:
            raise TrustError(
                "unknown_device", N_("The device {device} is not in the trust list."), device=device
            )
        raise TrustError(
            "not_suspended",
            N_("The device {device} is not suspended; there is nothing to resume."),
            device=device,
        )
    label = label or (lambda d: d[:8] if d else "?")
    # The share is read before the store's transaction: a slow or dead drive must not hold up
    # the saves of the people working meanwhile.
    with target.reading() as conn:
        headers = _headers(share, found, _held(conn, found))
    with target.transaction() as conn:
        row = chain.suspension(conn, found)
        assert row is not None
        held = _held(conn, found)
        keep, reject = _sort_held(conn, found, held, headers)
        for entry in keep:
            quarantine.drop(conn, entry.bundle_hash)
        for entry, seq in reject:
            params = {**entry.params, "seq": seq, "detail": "resume"}
            quarantine.put(
                conn,
                bundle_hash=entry.bundle_hash,
                file_name=entry.file_name,
                reason="fork",
                params=params,
                device=found,
                seq=entry.seq,
            )
        conn.execute(delete(Suspended).where(Suspended.device == found))
        upto = notify.merged_upto(conn, found)
    if found != store.device_id:  # the device stops sending until it reads this (0333)
        lifted = Notice(
            store.device_id, found, "resumed", "fork", upto, str(row.bundle_hash), chain.now_wall()
        )
        notify.after_resume(store, share, lifted)
    return Resumed(found, label(found), int(row.seq), len(keep), len(reject))


def _held(conn: Connection, device: str) -> list[Entry]:
    """The bundles of ``device`` held back while it was suspended."""
    return [e for e in quarantine.entries(conn) if e.device == device and e.reason == "suspended"]


def _headers(share: Share, device: str, held: list[Entry]) -> dict[str, BundleHeader]:
    """The (unverified) headers of held-back bundles still on the share, by bundle hash.

    Unverified is enough here: they only decide which bundles ingest looks at again, and
    ingest verifies every one of them before merging anything.
    """
    found: dict[str, BundleHeader] = {}
    for entry in held:
        path = share.base / "outbox" / device / Path(entry.file_name).name
        try:
            data = share.read(path, MAX_BUNDLE)
            if bundle_hash(data) == entry.bundle_hash:
                found[entry.bundle_hash] = peek_header(data)
        except (ShareError, BundleError):
            continue
    return found


def _sort_held(
    conn: Connection, device: str, held: list[Entry], headers: dict[str, BundleHeader]
) -> tuple[list[Entry], list[tuple[Entry, int]]]:
    """Split held-back bundles into those that continue the merged chain and the others."""
    known: dict[tuple[str, int], tuple[str, str | None]] = {
        (kind, int(seq)): (h, prev)
        for h, kind, seq, prev in conn.execute(
            select(Ingested.bundle_hash, Ingested.kind, Ingested.seq, Ingested.prev_hash).where(
                Ingested.device == device
            )
        )
    }
    keep: list[Entry] = []
    reject: list[tuple[Entry, int]] = []
    unknown = [e for e in held if e.bundle_hash not in headers]
    keep.extend(unknown)  # gone or unreadable: ingest judges it if it ever comes back
    ordered = sorted(
        (e for e in held if e.bundle_hash in headers),
        key=lambda e: (headers[e.bundle_hash].seq, e.bundle_hash),
    )
    for entry in ordered:
        h = headers[entry.bundle_hash]
        if _contradicts(known, h.kind, h.seq, entry.bundle_hash, h.prev_hash):
            reject.append((entry, h.seq))
        else:
            keep.append(entry)
            known[(h.kind, h.seq)] = (entry.bundle_hash, h.prev_hash)
    return keep, reject


def _contradicts(
    known: dict[tuple[str, int], tuple[str, str | None]],
    kind: str,
    seq: int,
    digest: str,
    prev: str | None,
) -> bool:
    """The chain rule of :func:`libtrainer.sync.chain.fork_of`, against ``known``."""
    same = known.get((kind, seq))
    before = known.get((kind, seq - 1))
    after = known.get((kind, seq + 1))
    return (
        (same is not None and same[0] != digest)
        or (before is not None and prev is not None and before[0] != prev)
        or (after is not None and after[1] is not None and after[1] != digest)
        or (seq == 1 and prev is not None)
    )
