"""Each device's chain of bundles as this store has received it: seq, prev_hash, forks, gaps.

A device numbers its bundles 1, 2, 3, … per kind and each names the hash of the one before.
Against what was already merged here, a verified bundle is

* a duplicate — the same hash again (a re-delivery, a sync client's conflict copy): no-op;
* a fork — the same device and seq with another hash, or a bundle whose neighbour names a
  different hash: the device's history split (a restored backup, a cloned disk). The device
  is suspended; it must be enrolled again;
* late or early — seqs before it are missing (a gap): it is merged all the same and the gap
  is reported until the missing bundles arrive (merging does not depend on order).

Only bundles whose signature verified come here, so nobody but the device can cause a fork.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Row, insert, select, update

from libtrainer.store.models import Ingested, Quarantined, Suspended


@dataclass(frozen=True)
class Link:
    """What ingest knows of one bundle in a chain."""

    bundle_hash: str
    device: str
    kind: str
    seq: int
    prev_hash: str | None


@dataclass(frozen=True)
class Gap:
    device: str
    kind: str
    first: int
    last: int


def now_wall() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def is_ingested(conn: Connection, bundle_hash: str) -> bool:
    found = conn.execute(
        select(Ingested.bundle_hash).where(Ingested.bundle_hash == bundle_hash)
    ).first()
    return found is not None


def fork_of(conn: Connection, link: Link) -> str | None:
    """Why ``link`` contradicts the chain merged so far ("same_seq", "prev", "next"), or None."""
    rows = conn.execute(
        select(Ingested.seq, Ingested.bundle_hash, Ingested.prev_hash).where(
            Ingested.device == link.device,
            Ingested.kind == link.kind,
            Ingested.seq.in_([link.seq - 1, link.seq, link.seq + 1]),
        )
    ).all()
    for seq, bundle_hash, prev_hash in rows:
        if seq == link.seq and bundle_hash != link.bundle_hash:
            return "same_seq"
        if seq == link.seq - 1 and link.prev_hash is not None and bundle_hash != link.prev_hash:
            return "prev"
        if seq == link.seq + 1 and prev_hash is not None and prev_hash != link.bundle_hash:
            return "next"
    if link.seq == 1 and link.prev_hash is not None:
        return "prev"
    return None


def record(
    conn: Connection, link: Link, *, created_hlc: int, changes: int, restamped: bool
) -> None:
    conn.execute(
        insert(Ingested).values(
            bundle_hash=link.bundle_hash,
            device=link.device,
            kind=link.kind,
            seq=link.seq,
            prev_hash=link.prev_hash,
            created_hlc=created_hlc,
            changes=changes,
            restamped=restamped,
            ingested_wall=now_wall(),
            acked=False,
        )
    )


def unacked(conn: Connection) -> list[Link]:
    """Merged bundles of changes not acknowledged yet (a coordinator writes their acks)."""
    rows = conn.execute(
        select(
            Ingested.bundle_hash, Ingested.device, Ingested.kind, Ingested.seq, Ingested.prev_hash
        )
        .where(Ingested.kind == "changes", Ingested.acked.is_(False))
        .order_by(Ingested.device, Ingested.seq)
    )
    return [Link(*row) for row in rows]


def mark_acked(conn: Connection, bundle_hash: str) -> None:
    conn.execute(update(Ingested).where(Ingested.bundle_hash == bundle_hash).values(acked=True))


def ack_again(conn: Connection, bundle_hash: str) -> None:
    """A merged bundle arrived again: its sender has not seen the ack (the shared folder lost
    it, or an old copy of a stick was put back). The coordinator checks the ack is still there
    and writes it again when not (``session._ack_merged``)."""
    conn.execute(
        update(Ingested)
        .where(Ingested.bundle_hash == bundle_hash, Ingested.kind == "changes")
        .values(acked=False)
    )


def merged_upto(conn: Connection, device: str, kind: str, seq: int) -> bool:
    """Whether bundle ``seq`` of ``device`` (of changes), or a catalogue at least that new, is
    merged here: a damaged copy of it is then of no use."""
    stmt = select(Ingested.seq).where(Ingested.device == device, Ingested.kind == kind)
    if kind == "catalogue":
        stmt = stmt.where(Ingested.seq >= seq)
    else:
        stmt = stmt.where(Ingested.seq == seq)
    return conn.execute(stmt.limit(1)).first() is not None


def missing_before(conn: Connection, link: Link) -> tuple[int, int] | None:
    """The run of seqs just before ``link`` that has not been merged, as (first, last)."""
    if link.seq <= 1:
        return None
    seqs = conn.execute(
        select(Ingested.seq).where(
            Ingested.device == link.device, Ingested.kind == link.kind, Ingested.seq < link.seq
        )
    ).scalars()
    below = max((int(s) for s in seqs), default=0)
    return (below + 1, link.seq - 1) if below < link.seq - 1 else None


def gaps(conn: Connection) -> list[Gap]:
    """Every run of seqs missing below a device's highest merged seq.

    Seqs of bundles that are in the quarantine are not missing: they arrived, and the
    quarantine says why they were not merged. Only bundles of changes count: a catalogue
    bundle is a whole snapshot, so a missing older one lacks nothing (and only the newest
    is written again when the share loses it).
    """
    seen: dict[tuple[str, str], list[int]] = {}
    for device, kind, seq in conn.execute(
        select(Ingested.device, Ingested.kind, Ingested.seq)
        .where(Ingested.kind == "changes")
        .order_by(Ingested.device, Ingested.kind, Ingested.seq)
    ):
        seen.setdefault((device, kind), []).append(int(seq))
    refused: dict[str, set[int]] = {}
    for who, number in conn.execute(
        select(Quarantined.device, Quarantined.seq).where(Quarantined.seq.is_not(None))
    ):
        refused.setdefault(str(who), set()).add(int(number or 0))
    found = []
    for (device, kind), seqs in seen.items():
        expected = 1
        for seq in seqs:
            if seq > expected:
                found.extend(_split(Gap(device, kind, expected, seq - 1), refused.get(device)))
            expected = max(expected, seq + 1)
    return found


def _split(gap: Gap, arrived: set[int] | None) -> list[Gap]:
    """``gap`` without the seqs in ``arrived``."""
    inside = sorted(s for s in arrived or () if gap.first <= s <= gap.last)
    parts, start = [], gap.first
    for seq in inside:
        if seq > start:
            parts.append(Gap(gap.device, gap.kind, start, seq - 1))
        start = seq + 1
    if start <= gap.last:
        parts.append(Gap(gap.device, gap.kind, start, gap.last))
    return parts


def suspension(conn: Connection, device: str) -> Row[Any] | None:
    """The suspension of ``device`` (device, reason, seq, bundle_hash, since_wall), or None."""
    return conn.execute(select(*Suspended.__table__.c).where(Suspended.device == device)).first()


def suspend(conn: Connection, link: Link, reason: str) -> None:
    """Stop merging ``link.device``'s bundles (once; the first fork is the one kept)."""
    if suspension(conn, link.device) is not None:
        return
    conn.execute(
        insert(Suspended).values(
            device=link.device,
            reason=reason,
            seq=link.seq,
            bundle_hash=link.bundle_hash,
            since_wall=now_wall(),
        )
    )


def suspended_devices(conn: Connection) -> list[Row[Any]]:
    return list(conn.execute(select(*Suspended.__table__.c).order_by(Suspended.device)))
