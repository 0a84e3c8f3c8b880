"""This device's own bundles elsewhere against its local chain: a history never forks by accident.

A store restored from an older copy (a disk image, restore-on-restart software, a copy of the
data folder) knows fewer of its own bundles than were sent: its next bundle would take a number
already on the shared folder with other contents — a fork, which makes the coordinator set the
device's bundles aside (decision 0312). Before publishing, :func:`check` compares the local chain
(``lt_published``) with what says otherwise, each of it verified:

* the device's own outbox folder on the share — only files whose name is not a bundle of the
  local chain are read, and they count only when signed by this device's enrolled key;
* the coordinators' signed acks naming this device (a coordinator merged that bundle);
* on a coordinator, its own bundles it merged (``lt_ingested``: read and verified at ingest) —
  into its own store, or into the central PostgreSQL store it merges into (``--central``,
  decision 0313), whose ``lt_ingested`` is read when the sync names it.

A bundle of the same number as one of the local chain that a coordinator acknowledged (or, on
a coordinator, merged) is the other history of a copy, not a sign that this store is old: the
coordinator kept this computer's history, so it goes on (decision 0315 sorts out the rest).

A branch that finds any (``restored``) publishes nothing and is told to take a new identity
(decision 0318). A coordinator cannot (its keys sign the trust list); it has merged or will
merge its own bundles, so its store holds their changes: once every one of them is merged here
its chain continues after them (``continued``, :func:`adopt`); until then it waits
(``own_unmerged``: the session publishes again after its ingest). Decision 0323.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from sqlalchemy import Connection, delete, func, insert, select

from libtrainer.store.models import Ingested, Published, Quarantined
from libtrainer.store.store import Store
from libtrainer.sync.ackfile import Ack
from libtrainer.sync.bundle import MAX_BUNDLE, bundle_hash, signed_header
from libtrainer.sync.errors import BundleError, ShareError
from libtrainer.sync.share import Share, bundle_name, is_temp, parse_bundle_name
from libtrainer.sync.target import StoreTarget, Target
from libtrainer.sync.trust import TrustList

#: Own bundles a coordinator refused as the other history of a fork: never merged, not waited for.
SETTLED = ("fork", "suspended")

#: ``lt_meta``: a check that stopped publishing ("restored", "own_unmerged") as JSON, for
#: ``status`` between syncs; empty once a check finds nothing to stop for (or a new identity).
META_STOPPED = "sync_own_chain"


@dataclass(frozen=True)
class Verdict:
    """What publishing may do. ``note``: None (the chains agree), "restored" (a branch: send
    nothing), "own_unmerged" (a coordinator: send after merging its own bundles) or "continued"
    (a coordinator: its chain now continues after its merged bundles)."""

    note: str | None = None
    seq: int = 0  # the first own bundle number the local chain does not hold as it is elsewhere
    merged: dict[int, str] = field(default_factory=dict)  # a coordinator's own merged bundles
    floor: int = 0  # the highest own bundle number seen anywhere (the next one goes above it)
    replaced: bool = False  # "continued": bundles made here from ``seq`` on are set aside

    @property
    def upto(self) -> int:
        """The last own bundle merged here ("continued")."""
        return max(self.merged, default=0)

    @property
    def stops(self) -> bool:
        return self.note in ("restored", "own_unmerged")


def remember(store: Store, verdict: Verdict) -> None:
    """Keep what the last check found when it stops publishing (else nothing) for ``status``."""
    value = (
        json.dumps({"state": verdict.note, "seq": verdict.seq, "floor": verdict.floor})
        if verdict.stops
        else ""
    )
    if (store.meta(META_STOPPED) or "") != value:
        store.set_meta(META_STOPPED, value)


def recalled(value: str | None) -> Verdict | None:
    """The stopping verdict :func:`remember` kept (``lt_meta`` text), or None."""
    if not value:
        return None
    try:
        data = json.loads(value)
        return Verdict(str(data["state"]), int(data["seq"]), floor=int(data.get("floor", 0)))
    except (ValueError, KeyError, TypeError):
        return None


def _local(conn: Connection) -> dict[int, str]:
    rows = conn.execute(
        select(Published.seq, Published.bundle_hash).where(
            Published.kind == "changes", Published.file_name != ""
        )
    ).all()
    return {int(seq): str(h) for seq, h in rows}


def check(
    store: Store,
    share: Share,
    trust: TrustList,
    acks: list[Ack],
    *,
    coordinator: bool,
    target: Target | None = None,
) -> Verdict:
    """Compare this device's chain with its bundles on the share, in acks and (coordinator)
    merged here; see the module docstring. Unreadable or unverifiable files are passed over.
    ``target``: the store this sync merges into when it is not this computer's own (the
    central PostgreSQL store): own bundles merged there count as merged here."""
    device = store.device_id
    with store.read() as conn:
        local = _local(conn)
        merged: dict[int, str] = {}
        settled: set[str] = set()
        if coordinator:
            merged, settled = _merged(conn, device)
        top = conn.execute(
            select(func.max(Published.seq)).where(Published.kind == "changes")
        ).scalar()
    if coordinator and target is not None and not isinstance(target, StoreTarget):
        with target.reading() as conn:
            central, central_settled = _merged(conn, device)
        merged = {**central, **merged}
        settled |= central_settled
    known = set(local.items()) | set(merged.items())
    # what a coordinator kept of this device: acknowledged, or (on a coordinator) merged here
    kept = {(a.seq, a.bundle_hash) for a in acks if a.device == device} | set(merged.items())
    foreign: dict[int, set[str]] = {}
    floor = max([int(top or 0), *merged])

    def note(seq: int, digest: str) -> None:
        if local.get(seq) == digest or digest in settled:
            return
        if (seq, local.get(seq)) in kept and (seq, digest) not in kept:
            return  # this computer's bundle was kept: the other is a copy's (decision 0315)
        foreign.setdefault(seq, set()).add(digest)

    for seq, digest in merged.items():
        note(seq, digest)
    for ack in acks:
        if ack.device == device:
            note(ack.seq, ack.bundle_hash)
    for seq, digest in _on_share(share, trust, device, known, settled):
        floor = max(floor, seq)
        note(seq, digest)
    if not foreign:
        return Verdict()
    first = min(foreign)
    floor = max(floor, *foreign)
    if not coordinator:
        return Verdict("restored", first, floor=floor)
    waiting = any(d not in merged.values() for digests in foreign.values() for d in digests)
    if waiting:
        return Verdict("own_unmerged", first, floor=floor)
    replaced = first <= max(local, default=0)
    return Verdict("continued", first, merged=merged, floor=floor, replaced=replaced)


def _merged(conn: Connection, device: str) -> tuple[dict[int, str], set[str]]:
    """A coordinator's own bundles merged into the store of ``conn`` (seq -> hash), and the
    hashes of its own bundles refused there as the other history of a fork."""
    merged = {
        int(seq): str(h)
        for seq, h in conn.execute(
            select(Ingested.seq, Ingested.bundle_hash).where(
                Ingested.device == device, Ingested.kind == "changes"
            )
        )
    }
    settled = set(
        conn.execute(
            select(Quarantined.bundle_hash).where(
                Quarantined.device == device, Quarantined.reason.in_(SETTLED)
            )
        ).scalars()
    )
    return merged, settled


def _on_share(
    share: Share, trust: TrustList, device: str, known: set[tuple[int, str]], settled: set[str]
) -> list[tuple[int, str]]:
    """(seq, hash) of this device's bundles in its outbox folder on the share that are not
    known here, each read and verified (signed by this device's enrolled key, for this
    region). A folder that cannot be listed yields nothing (the write will say why)."""
    prefixes = {(seq, h[:16]) for seq, h in known} | {(0, h[:16]) for h in settled}
    settled_16 = {h[:16] for h in settled}
    folder = share.base / "outbox" / device
    try:
        names = share.file_sizes(f"outbox/{device}")
    except ShareError:
        return []
    found = []
    for name in sorted(names):
        parsed = parse_bundle_name(name)
        if parsed is None or is_temp(name) or parsed in prefixes or parsed[1] in settled_16:
            continue
        try:
            data = share.read(folder / name, MAX_BUNDLE)
            header = signed_header(data, trust, share.region)
        except (ShareError, BundleError):
            continue
        if header.device == device and header.kind == "changes":
            found.append((header.seq, bundle_hash(data)))
    return found


def adopt(store: Store, verdict: Verdict) -> None:
    """A coordinator's chain continues after its own bundles merged here (``continued``): its
    local bundles from the first differing number on are dropped (their changes, still in the
    outbox, are sent again in the next bundle — the same writes, harmless: decision 0318), the
    merged ones take their places without bytes or changes, and the next bundle is numbered
    above every own bundle seen, naming the last merged one as the one before it. Merged in
    the central store only, their changes are there, not in this computer's store: the merged
    store is whole, and the chain it checks goes on from them."""
    first = verdict.seq
    with store.uow() as uow:
        conn = uow.connection
        before = conn.execute(
            select(func.max(Published.last_outbox)).where(
                Published.kind == "changes", Published.seq < first
            )
        ).scalar()
        span = int(before or 0)
        conn.execute(delete(Published).where(Published.kind == "changes", Published.seq >= first))
        taken = sorted((s, h) for s, h in verdict.merged.items() if s >= first)
        for seq, digest in taken:
            row = _row(seq, digest, span, bundle_name(seq, digest))
            conn.execute(insert(Published).values(row))
        if taken and verdict.floor > taken[-1][0]:
            # numbers above the last merged bundle are taken on the share by the other
            # history: the next bundle goes above them and still names the last merged one
            conn.execute(insert(Published).values(_row(verdict.floor, taken[-1][1], span, "")))
        uow.commit()


def _row(seq: int, digest: str, span: int, file_name: str) -> dict[str, object]:
    """An own bundle merged here (or a number skipped, ``file_name`` empty): no bytes, no
    changes of the local outbox (its changes are in the store already)."""
    return {
        "kind": "changes",
        "seq": seq,
        "bundle_hash": digest,
        "first_outbox": span,
        "last_outbox": span,
        "changes": 0,
        "created_wall": "",
        "file_name": file_name,
        "data": None,
    }
