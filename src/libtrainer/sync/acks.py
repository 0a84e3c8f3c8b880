"""Acks, the device's side: prune the outbox only after a coordinator confirmed the merge.

A device keeps every captured change in ``lt_outbox`` until a coordinator's signed ack (read
and verified by :func:`libtrainer.sync.publish.read_acks`) names the bundle that carried it,
with the same hash this device published. Pruning goes in seq order and stops at the first
bundle not acknowledged, so a lost ack never lets a later one remove earlier changes.

Before anything is pruned the clock floor is persisted (``lt_meta`` ``hlc_floor``): the store
restores its clock from the newest of that floor and the outbox tail, and the tail is going
away. The newest outbox row is always kept, because SQLite would otherwise hand its number out
again and a new change could look already published.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import delete, func, select

from libtrainer.store.capture import capture_suspended
from libtrainer.store.models import Outbox, Published
from libtrainer.store.store import Store
from libtrainer.sync.ackfile import Ack
from libtrainer.sync.sqlutil import raise_floor


def acknowledged_upto(published: Iterable[tuple[int, str, int, bool]], acks: Iterable[Ack]) -> int:
    """The last outbox seq covered by an unbroken run of acknowledged bundles from seq 1.

    ``published``: (seq, bundle hash, last outbox seq, written to the share) per bundle.
    """
    acked = {(ack.seq, ack.bundle_hash) for ack in acks}
    upto = 0
    for seq, bundle_hash, last_outbox, written in sorted(published):
        if not written or (seq, bundle_hash) not in acked:
            break
        upto = max(upto, last_outbox)
    return upto


def prune(store: Store, acks: Iterable[Ack]) -> int:
    """Delete the outbox rows acknowledged by ``acks``; returns how many were deleted."""
    acks = list(acks)
    if not acks:
        return 0
    with store.uow() as uow, capture_suspended(uow.connection):
        conn = uow.connection
        published = [
            (int(seq), str(h), int(last), data is None)
            for seq, h, last, data in conn.execute(
                select(
                    Published.seq, Published.bundle_hash, Published.last_outbox, Published.data
                ).where(Published.kind == "changes")
            )
        ]
        upto = acknowledged_upto(published, acks)
        tail = conn.execute(select(func.max(Outbox.seq))).scalar()
        if not upto or tail is None:
            return 0
        upto = min(upto, int(tail) - 1)  # keep the newest row (see the module docstring)
        newest = conn.execute(select(func.max(Outbox.hlc)).where(Outbox.seq <= upto)).scalar()
        raise_floor(conn, max(int(newest or 0), store.identity.clock.last))
        deleted = conn.execute(delete(Outbox).where(Outbox.seq <= upto)).rowcount
        uow.commit()
    return int(deleted or 0)
