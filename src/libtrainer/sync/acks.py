"""Acks, the device's side: prune the outbox only after a coordinator confirmed the merge.

A device keeps every captured change in ``lt_outbox`` until a coordinator's signed ack (read
and verified by :func:`libtrainer.sync.publish.read_acks`) names the bundle that carried it,
with the same hash this device published. Pruning goes in seq order and stops at the first
bundle not acknowledged, so a lost ack never lets a later one remove earlier changes.

An acknowledged bundle's kept bytes are dropped as well (any acknowledged bundle, not only
the unbroken run): until then ``sync/publish.py`` writes it again whenever its file is
missing from the share (decisions/0320).

Before anything is pruned the clock floor is persisted (``lt_meta`` ``hlc_floor``): the store
restores its clock from the newest of that floor and the outbox tail, and the tail is going
away. The newest outbox row is always kept, because SQLite would otherwise hand its number out
again and a new change could look already published.

What :func:`prune` reports is the number of changes in the bundles newly covered by the
acknowledged run (``lt_meta`` ``acked_upto`` remembers how far the run went), not the number
of outbox rows deleted: the newest row kept, or a bundle carrying fewer changes than rows,
would make the person's "confirmed receiving N changes" wrong.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Connection, delete, func, select, update

from libtrainer.store.capture import capture_suspended
from libtrainer.store.models import Outbox, Published
from libtrainer.store.store import HLC_FLOOR, Store, raise_floor
from libtrainer.sync.ackfile import Ack
from libtrainer.sync.sqlutil import read_meta, write_meta

ACKED_UPTO = "acked_upto"


def acknowledged_upto(published: Iterable[tuple[int, str, int]], acks: Iterable[Ack]) -> int:
    """The last outbox seq covered by an unbroken run of acknowledged bundles from seq 1.

    ``published``: (seq, bundle hash, last outbox seq) per bundle. An ack names the hash, so
    it can only be for bytes a coordinator read from the share.
    """
    acked = {(ack.seq, ack.bundle_hash) for ack in acks}
    upto = 0
    for seq, bundle_hash, last_outbox in sorted(published):
        if (seq, bundle_hash) not in acked:
            break
        upto = max(upto, last_outbox)
    return upto


def prune(store: Store, acks: Iterable[Ack]) -> int:
    """Delete the outbox rows acknowledged by ``acks``; returns how many changes the bundles
    newly confirmed (and so cleared from this computer) carried."""
    acks = list(acks)
    if not acks:
        return 0
    acked = {(ack.seq, ack.bundle_hash) for ack in acks}
    with store.uow() as uow, capture_suspended(uow.connection):
        conn = uow.connection
        rows = conn.execute(
            select(
                Published.seq,
                Published.bundle_hash,
                Published.last_outbox,
                Published.data.is_not(None),
                Published.changes,
            ).where(Published.kind == "changes")
        ).all()
        # numbers a coordinator's chain took over from its own merged bundles (no changes of
        # this outbox; sync/ownchain.py) need no ack of their own
        taken = {
            (int(s), str(h))
            for s, h in conn.execute(
                select(Published.seq, Published.bundle_hash).where(
                    Published.kind == "changes", Published.changes == 0, Published.data.is_(None)
                )
            )
        }
        confirmed = [int(seq) for seq, h, _last, kept, _n in rows if kept and (seq, h) in acked]
        if confirmed:  # a coordinator has them: no need to write them again
            conn.execute(
                update(Published)
                .where(Published.kind == "changes", Published.seq.in_(confirmed))
                .values(data=None)
            )
        run = [(int(s), str(h), int(last)) for s, h, last, _k, _n in rows]
        upto = acknowledged_upto([c for c in run if c[:2] not in taken], acks)
        before = _acked_before(conn)
        cleared = sum(int(n) for _s, _h, last, _k, n in rows if before < int(last) <= upto)
        if upto > before:
            write_meta(conn, ACKED_UPTO, str(upto))
        tail = conn.execute(select(func.max(Outbox.seq))).scalar()
        if upto and tail is not None:
            upto = min(upto, int(tail) - 1)  # keep the newest row (see the module docstring)
            newest = conn.execute(select(func.max(Outbox.hlc)).where(Outbox.seq <= upto)).scalar()
            raise_floor(conn, max(int(newest or 0), store.identity.clock.last))
            conn.execute(delete(Outbox).where(Outbox.seq <= upto))
        uow.commit()
    return cleared


def _acked_before(conn: Connection) -> int:
    """The last outbox seq an earlier prune found acknowledged. A store pruned before this was
    remembered: the outbox's first row was the newest one kept then (already counted)."""
    kept = read_meta(conn, ACKED_UPTO)
    if kept is not None:
        return int(kept)
    if read_meta(conn, HLC_FLOOR) is None:
        return 0
    first = conn.execute(select(func.min(Outbox.seq))).scalar()
    return int(first) if first is not None else 0
