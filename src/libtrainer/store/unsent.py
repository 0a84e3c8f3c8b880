"""Taking an erased person's changes back out of the outbox before they leave this computer.

A person entered (and edited) and then erased before the next sync would otherwise still
travel in full: the outbox keeps the insert and every edit with each field written, and the
next bundle carries them ahead of the delete. An erasure (``services/erasure.py``) therefore
removes here the records no bundle holds yet (decision 0324):

- :func:`withdraw` — the inserts and edits of rows erased with the person; their deletes,
  written by the erasure itself, stay: another store may hold the rows.
- :func:`scrub` — fields of rows that stay (a consultation kept without the person): the
  values are blanked in a waiting insert and left out of a waiting edit.
- :func:`forget` — every record *and* the clock of rows that cannot exist anywhere else (see
  :func:`never_left`): nothing about them is sent, and this store keeps no tombstone either,
  as if they had never been entered.

Only records after the last one in a bundle (:func:`sent_upto`) are touched: a bundle made
is kept byte for byte until a coordinator confirms it (decision 0320) and is not changed.
The clock floor is raised over what is removed, so the clock never runs back (0002).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import Connection, delete, func, select, update

from libtrainer.store.models import Clock, Meta, Outbox, Published
from libtrainer.store.store import raise_floor

#: ``lt_meta``: outbox records up to this number may have left under an earlier device id
#: (``sync/renew.py`` re-sends the whole outbox under a new id; decision 0318).
SENT_FLOOR = "outbox_sent_floor"
#: ``lt_meta`` keys that make it unknowable what left (``sync/renew.py``, ``sync/ownchain.py``):
#: earlier device ids of a store renewed before :data:`SENT_FLOOR` was kept, and a store that
#: found its own bundles elsewhere (restored from an older copy).
_PREVIOUS_IDS = "sync_previous_devices"
_RESTORED = "sync_own_chain"
#: ``lt_meta`` of a device a coordinator paused after a fork (``sync/paused.py``, 0333): a copy
#: of its records sent under its id, so what of them left is not known here either.
_PAUSED = "sync_paused"

Rows = Iterable[tuple[str, Sequence[str]]]


def _meta(conn: Connection, key: str) -> str | None:
    return conn.execute(select(Meta.value).where(Meta.key == key)).scalar_one_or_none()


def sent_upto(conn: Connection) -> int:
    """The last outbox record in a bundle made here; later ones are in none (yet)."""
    last = conn.execute(
        select(func.max(Published.last_outbox)).where(Published.kind == "changes")
    ).scalar()
    return int(last or 0)


def left_upto(conn: Connection) -> int | None:
    """The last outbox record that may have left this computer in any way: in a bundle of
    this chain, or of an earlier device id of this store. None when that cannot be known: an
    identity renewed before the floor was kept, or a store restored from an older copy (its
    records not in a bundle here may be on the shared folder, sent before the restore), or
    paused after a fork (a copy of it sent under its id)."""
    if _meta(conn, _RESTORED) or _forked(conn):
        return None
    floor = _meta(conn, SENT_FLOOR)
    if floor is None and _meta(conn, _PREVIOUS_IDS):
        return None
    return max(sent_upto(conn), int(floor or 0))


def _forked(conn: Connection) -> bool:
    """A coordinator paused this device after a fork (:data:`_PAUSED`)."""
    try:
        return bool(json.loads(_meta(conn, _PAUSED) or "{}").get("reason") == "fork")
    except (ValueError, AttributeError):
        return False


def never_left(conn: Connection, tbl: str, row_id: str) -> bool:
    """The row was first entered here (its first insert, causal length 1, is in the outbox)
    after everything that may have left: no other store can have got it from here."""
    upto = left_upto(conn)
    if upto is None:
        return False
    first = conn.execute(
        select(Outbox.seq).where(
            Outbox.tbl == tbl,
            Outbox.row_id == row_id,
            Outbox.op == "i",
            Outbox.cl == 1,
            Outbox.seq > upto,
        )
    ).first()
    return first is not None


Record = tuple[int, str, int, str | None]


def _records(
    conn: Connection, tbl: str, ids: Sequence[str], after: int, upto: int | None
) -> list[Record]:
    """Outbox records (seq, op, hlc, data) of rows ``ids`` with ``after < seq <= upto``."""
    found: list[Record] = []
    for start in range(0, len(ids), 500):
        stmt = select(Outbox.seq, Outbox.op, Outbox.hlc, Outbox.data).where(
            Outbox.tbl == tbl, Outbox.row_id.in_(ids[start : start + 500]), Outbox.seq > after
        )
        if upto is not None:
            stmt = stmt.where(Outbox.seq <= upto)
        found.extend((int(s), str(op), int(h), d) for s, op, h, d in conn.execute(stmt))
    return found


def _drop(conn: Connection, seqs: list[int], hlcs: list[int]) -> None:
    """Remove the outbox records ``seqs`` (none in a bundle) and number the later ones on
    from the first, so the outbox stays without gaps (``services/checks.py``)."""
    if not seqs:
        return
    raise_floor(conn, max(hlcs))  # the outbox tail may go: the clock restarts from the floor
    for start in range(0, len(seqs), 500):
        conn.execute(delete(Outbox).where(Outbox.seq.in_(seqs[start : start + 500])))
    _close_gaps(conn, min(seqs) - 1)


def _close_gaps(conn: Connection, base: int) -> None:
    """Number the records after ``base`` ``base + 1``, ``base + 2``… in their order. They are
    in no bundle, so their numbers mean nothing elsewhere yet. Two statements: first out of
    the way (negative), then in place, so no number is taken twice in between."""
    conn.execute(update(Outbox).where(Outbox.seq > base).values(seq=-Outbox.seq))
    order = func.row_number().over(order_by=Outbox.seq.desc())
    moved = select(Outbox.seq, (order + base).label("n")).where(Outbox.seq < 0).subquery()
    conn.execute(update(Outbox).where(Outbox.seq == moved.c.seq).values(seq=moved.c.n))


def withdraw(conn: Connection, rows: Rows, *, upto: int) -> int:
    """Remove the records of ``rows`` (table, ids) that are in no bundle yet and numbered up
    to ``upto`` (what was written before the erasure began); how many went."""
    after = sent_upto(conn)
    seqs: list[int] = []
    hlcs: list[int] = []
    for tbl, ids in rows:
        for seq, _op, hlc, _data in _records(conn, tbl, list(ids), after, upto):
            seqs.append(int(seq))
            hlcs.append(int(hlc))
    _drop(conn, seqs, hlcs)
    return len(seqs)


def scrub(
    conn: Connection, tbl: str, ids: Sequence[str], values: Mapping[str, Any], *, upto: int
) -> None:
    """In the records of rows ``ids`` that are in no bundle yet (numbered up to ``upto``),
    blank the fields ``values`` names: an insert gets ``values``, an edit loses those
    fields (and goes when nothing else is left in it)."""
    after = sent_upto(conn)
    gone: list[int] = []
    hlcs: list[int] = []
    for seq, op, hlc, data in _records(conn, tbl, list(ids), after, upto):
        if data is None:
            continue
        fields = json.loads(data)
        if not fields.keys() & values.keys():
            continue
        if op == "i":
            fields.update(values)
        else:
            fields = {k: v for k, v in fields.items() if k not in values}
            if not fields.keys() - {"id"}:
                gone.append(int(seq))
                hlcs.append(int(hlc))
                continue
        conn.execute(
            update(Outbox)
            .where(Outbox.seq == seq)
            .values(data=json.dumps(fields, ensure_ascii=False))
        )
    _drop(conn, gone, hlcs)


def forget(conn: Connection, rows: Rows) -> None:
    """Remove every record of ``rows`` (table, ids) in no bundle yet, and their clocks: they
    never left and cannot exist elsewhere (:func:`never_left`).

    The newest outbox record stays when taking it would let SQLite hand out a number already
    in a bundle (the outbox was pruned up to it; ``sync/acks.py`` keeps the newest row for the
    same reason): it is the erased person's delete, which carries their id only, and their
    tombstone stays with it."""
    after = sent_upto(conn)
    rows = [(tbl, list(ids)) for tbl, ids in rows]
    found = {
        int(seq): int(hlc)
        for tbl, ids in rows
        for seq, _op, hlc, _data in _records(conn, tbl, ids, after, None)
    }
    tail = conn.execute(select(func.max(Outbox.seq))).scalar()
    spared: tuple[str, str] | None = None
    if tail is not None and int(tail) in found and not _numbers_kept(conn, after, len(found)):
        spared = _row_of(conn, int(tail))
        del found[int(tail)]
    _drop(conn, list(found), list(found.values()))
    for tbl, ids in rows:
        for start in range(0, len(ids), 500):
            part = [i for i in ids[start : start + 500] if (tbl, i) != spared]
            conn.execute(delete(Clock).where(Clock.tbl == tbl, Clock.row_id.in_(part)))
    if spared is not None:  # its delete travels: its tombstone stays, its other clocks go
        conn.execute(
            delete(Clock).where(
                Clock.tbl == spared[0], Clock.row_id == spared[1], Clock.field != "*"
            )
        )


def _numbers_kept(conn: Connection, after: int, going: int) -> bool:
    """After ``going`` of the records numbered above ``after`` are removed, the outbox still
    holds one numbered ``after`` or above, so SQLite numbers the next one above ``after``."""
    if after == 0:
        return True
    at = conn.execute(select(Outbox.seq).where(Outbox.seq == after)).first()
    later = conn.execute(select(func.count()).select_from(Outbox).where(Outbox.seq > after))
    return at is not None or int(later.scalar_one()) > going


def _row_of(conn: Connection, seq: int) -> tuple[str, str]:
    tbl, row_id = conn.execute(select(Outbox.tbl, Outbox.row_id).where(Outbox.seq == seq)).one()
    return str(tbl), str(row_id)
