"""Merging one verified, decrypted bundle into a store, all or nothing.

:func:`merge_bundle` runs inside the caller's transaction (one per bundle) on a connection
whose writes are not captured. It checks the device's chain (duplicate, fork, gap), refuses a
bundle dated more than 24 hours ahead of this computer's clock unless a coordinator approved
a re-stamp, applies the changes (:func:`libtrainer.sync.fastpath.apply_bundle`), records the
bundle as merged and raises the persisted clock floor. A refusal is a :class:`Refused`
exception: the caller rolls the transaction back — nothing of the bundle stays — and records
the reason in a transaction of its own.

The same code serves the device store (SQLite) and a central PostgreSQL store.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection

from libtrainer.store.apply import BadChange, Change, Outcome, apply_changes
from libtrainer.store.hlc import HybridClock, pack, unpack
from libtrainer.store.store import raise_floor
from libtrainer.sync import chain, erasures, fastpath
from libtrainer.sync.chain import Link
from libtrainer.sync.quarantine import (
    catalogue_ahead_ended,
    catalogue_ahead_news,
    device_clock_right,
    device_restamp_covers,
    restamp_approved,
)

FUTURE_LIMIT_MS = 24 * 3600 * 1000
DAY_MS = 24 * 3600 * 1000


@dataclass(frozen=True)
class Incoming:
    """A verified bundle's facts that merging needs (built from ``bundle.OpenedBundle``)."""

    bundle_hash: str
    device: str
    kind: str
    seq: int
    prev_hash: str | None
    created_hlc: int
    changes: Sequence[Change]
    #: the sending computer's wall clock when it made the bundle (header), when known
    created_wall_ms: int | None = None
    #: earlier identities of the sending computer (the trust list's link, decision 0332):
    #: a coordinator's approval to re-stamp theirs covers this one's bundles too
    earlier: tuple[str, ...] = ()

    @property
    def link(self) -> Link:
        return Link(self.bundle_hash, self.device, self.kind, self.seq, self.prev_hash)

    @property
    def newest_hlc(self) -> int:
        return max([self.created_hlc, *(c.hlc for c in self.changes)])


class Refused(Exception):
    """The bundle must not be merged; ``reason`` and ``params`` go to the quarantine."""

    def __init__(self, reason: str, suspend: bool = False, **params: Any) -> None:
        super().__init__(reason)
        self.reason = reason
        self.suspend = suspend
        self.params = params


@dataclass
class Merged:
    """What merging one bundle did."""

    duplicate: bool = False
    counts: dict[Outcome, int] = field(default_factory=lambda: dict.fromkeys(Outcome, 0))
    gap: tuple[int, int] | None = None
    restamped: bool = False
    observed_hlc: int = 0
    #: a catalogue dated this far ahead (ms) was merged in this store's time; noted to people
    #: the first time for its coordinator (and when it runs further ahead), else 0
    ahead_ms: int = 0


def merge_bundle(
    conn: Connection,
    incoming: Incoming,
    *,
    now_ms: int,
    clock: HybridClock | None = None,
    bulk: bool = True,
    own_device: str | None = None,
) -> Merged:
    """Merge ``incoming`` on ``conn`` (caller's transaction); :class:`Refused` when it must not.

    ``clock`` re-stamps a bundle a coordinator approved, and a catalogue's clocks that are too
    far ahead; ``bulk=False`` applies change by change (the reference path the property test
    compares the bulk path with). ``own_device``: this store's device, whose own bundles are
    never refused for their clock.
    """
    link = incoming.link
    if chain.is_ingested(conn, incoming.bundle_hash):
        return Merged(duplicate=True)
    suspended = chain.suspension(conn, incoming.device)
    if suspended is not None:
        raise Refused("suspended", seq=suspended.seq)
    fork = chain.fork_of(conn, link)
    if fork is not None:
        raise Refused("fork", suspend=True, seq=incoming.seq, detail=fork)
    changes = incoming.changes
    restamped = False
    ahead = incoming.newest_hlc - pack(now_ms)
    noted = 0
    if ahead > pack(FUTURE_LIMIT_MS):
        ahead_ms = unpack(ahead)[0]
        if own_device is not None and incoming.device == own_device:
            pass  # its own changes, dated by its own clock: never refused (decision 0002)
        elif incoming.kind == "catalogue" and clock is not None:
            # A coordinator's signed snapshot: merged, its dates ahead taken in this store's
            # time, so neither the catalogue nor this store's clock is held up (decision 0002).
            changes = _restamp_ahead(changes, pack(now_ms + FUTURE_LIMIT_MS), clock)
            restamped = True
            noted = ahead_ms if catalogue_ahead_news(conn, incoming.device, ahead_ms) else 0
        else:
            stamp = _approved_clock(conn, incoming, now_ms, ahead_ms, clock)
            changes = [change._replace(hlc=stamp.now()) for change in changes]
            restamped = True
    else:
        device_clock_right(conn, incoming.device, incoming.seq)
        if incoming.kind == "catalogue":
            catalogue_ahead_ended(conn, incoming.device)
    gap = chain.missing_before(conn, link)
    if incoming.kind == "catalogue":  # people a coordinator erased that this store holds
        changes = erasures.set_aside(conn, changes)
    try:
        counts = (
            fastpath.apply_bundle(conn, changes, validated=True)
            if bulk
            else apply_changes(conn, changes)
        )
    except BadChange as exc:
        raise Refused("bad_change", detail=str(exc)[:200]) from exc
    chain.record(
        conn,
        link,
        created_hlc=incoming.created_hlc,
        changes=len(changes),
        restamped=restamped,
    )
    observed = max((c.hlc for c in changes), default=0)
    if not restamped:
        observed = max(observed, incoming.created_hlc)
    if observed:
        raise_floor(conn, observed)
    return Merged(
        counts=counts, gap=gap, restamped=restamped, observed_hlc=observed, ahead_ms=noted
    )


def _approved_clock(
    conn: Connection, incoming: Incoming, now_ms: int, ahead_ms: int, clock: HybridClock | None
) -> HybridClock:
    """The clock that re-stamps a bundle of changes dated too far ahead, when a coordinator
    approved it (decision 0312); :class:`Refused` otherwise."""
    # The device's approval covers a bundle made once its clock was right again (its wall
    # time is not ahead), though its changes stay dated ahead (the clock never runs back).
    wall = incoming.created_wall_ms
    clock_right = wall is not None and wall - now_ms <= FUTURE_LIMIT_MS
    approved = restamp_approved(conn, incoming.bundle_hash) or (
        clock_right
        and any(
            device_restamp_covers(conn, device, ahead_ms)
            for device in (incoming.device, *incoming.earlier)
        )
    )
    if clock is None or not approved:
        days = ahead_ms / DAY_MS
        days = round(days) if days >= 10 else round(days, 1)
        raise Refused("future_clock", days=days, ref=incoming.bundle_hash[:12], ahead_ms=ahead_ms)
    return clock


def _restamp_ahead(changes: Sequence[Change], limit: int, clock: HybridClock) -> list[Change]:
    """``changes`` with each clock past ``limit`` re-stamped by this store's clock, in order;
    the others keep theirs (a field the coordinator edited while its clock was right keeps its
    true date, so it does not override a newer edit made here)."""
    return [
        change._replace(hlc=clock.now()) if change.hlc > limit else change for change in changes
    ]
