"""A clock that ran ahead, and what this computer learns about how a coordinator treats it.

Once this computer's clock ran ahead, what it sends stays dated ahead until that date (a clock
never runs back, decision 0002). A coordinator merges such bundles only after approving one of
them (``sync --restamp``, the Sync screen's "Re-stamp and merge"), and from then on also the
later ones dated no further ahead, as long as the computer's own date is right again
(``quarantine.device_restamp_covers``). Telling the person at every send for a year to call
the coordinator, after the coordinator did that, is noise (decision 0002, thirteenth session).

The evidence here that a coordinator approved: its signed ack of a bundle of this computer
that was dated more than a day ahead of the time the ack was written. It is learnt from the
acks read at each sync, before they are pruned (the bundles' bytes, and so their dates, are
still kept then), and remembered in ``lt_meta`` as the newest date so approved.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from sqlalchemy import select

from libtrainer.store.hlc import unpack
from libtrainer.store.models import Published
from libtrainer.store.store import Store
from libtrainer.sync.ackfile import Ack
from libtrainer.sync.bundle import peek_header
from libtrainer.sync.errors import BundleError
from libtrainer.sync.merge import FUTURE_LIMIT_MS

#: ``lt_meta``: the date (ms) of the newest bundle of this computer a coordinator merged
#: although it was dated ahead of the coordinator's clock.
META_APPROVED = "sync_clock_approved_ms"


def _ms(wall: str) -> int | None:
    try:
        moment = dt.datetime.fromisoformat(wall)
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return int(moment.timestamp() * 1000)


def learn(store: Store, acks: Iterable[Ack]) -> bool:
    """Look at ``acks`` (verified, addressed to this computer) for bundles a coordinator merged
    although they were dated ahead of its clock; True when that is news (a newer date than
    any known before). Call it before the acks prune the bundles' bytes."""
    named = {(a.seq, a.bundle_hash): a for a in acks if a.coordinator != store.device_id}
    if not named:  # a coordinator never refuses its own bundles: its own acks tell nothing
        return False
    with store.read() as conn:
        rows = conn.execute(
            select(Published.seq, Published.bundle_hash, Published.data).where(
                Published.kind == "changes",
                Published.data.is_not(None),
                Published.seq.in_({seq for seq, _hash in named}),
            )
        ).all()
    newest = 0
    for seq, bundle_hash, data in rows:
        ack = named.get((int(seq), str(bundle_hash)))
        acked_ms = _ms(ack.wall) if ack is not None else None
        if acked_ms is None or data is None:
            continue
        try:
            created_ms = unpack(peek_header(bytes(data)).created_hlc)[0]
        except BundleError:
            continue
        if created_ms - acked_ms > FUTURE_LIMIT_MS:
            newest = max(newest, created_ms)
    if newest <= approved_ms(store):
        return False
    store.set_meta(META_APPROVED, str(newest))
    return True


def approved_ms(store: Store) -> int:
    """The newest date (ms) of a bundle of this computer merged although dated ahead; 0."""
    try:
        return int(store.meta(META_APPROVED) or 0)
    except ValueError:
        return 0


def covered(store: Store) -> bool:
    """A coordinator has merged bundles of this computer dated as far ahead as its clock is now
    (within a day, as the coordinator's own rule): what it sends now is merged as well."""
    approved = approved_ms(store)
    return bool(approved) and unpack(store.identity.clock.last)[0] <= approved + FUTURE_LIMIT_MS
