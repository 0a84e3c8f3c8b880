"""Erasures reach every computer of the region: a coordinator's, and a branch's through it.

Branch PCs and lecturers' laptops read only the catalogue (``sync/session.py``); a delete of a
person travels in bundles of changes, which only coordinators (and the central store) read.
So an erasure a resident asked of the coordinator never reached the branch that holds them,
and a branch's erasure never reached a lecturer's laptop that imported the same person from
a register (decision 0325):

- **Publish** (:func:`tombstones`): the coordinator's catalogue snapshot also carries the
  tombstone of every person erased in its merged store (and, with ``--central``, in the
  central one): the id, causal length and clock of the delete — no name, code or fingerprint.
  It is signed and sealed for every enrolled device like the rest of the catalogue, and since
  the catalogue's fingerprint covers it, a new erasure makes a new catalogue.
- **Merge** (:func:`set_aside`): a device merging a catalogue does not apply the delete of a
  person it holds (the merge would only hide the row and hold what refers to it); it notes
  the id (``lt_meta`` :data:`META_ASKED`) in the bundle's own transaction. The tombstone of
  anyone it does not hold is merged as usual, so a register imported later leaves that
  person's rows out (decisions 0405, 0009).
- **Erase** (:func:`carry_out`, after the ingest): each noted person is erased as a local
  erasure does (``records.erase_on_request``: cascade, consultations kept without name and
  notes, a keyed fingerprint here, captured tombstones), without asking; the sync summary
  says how many.

Re-reading a catalogue or a newer one changes nothing: an erased person is not held any more
and their tombstone is merged as stale. A person brought back here since (a newer causal
length) is not erased by an older tombstone.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence

from sqlalchemy import Connection, select

from libtrainer.domain.errors import LibtrainerError
from libtrainer.store.apply import Change
from libtrainer.store.models import Clock, Participant
from libtrainer.store.store import Store
from libtrainer.sync.sqlutil import read_meta, write_meta

log = logging.getLogger(__name__)

TABLE = "participant"
#: ``lt_meta``: people a coordinator erased that this device holds: JSON {id: causal length}.
META_ASKED = "sync_erasures_asked"


def tombstones(conn: Connection) -> list[Change]:
    """The delete of every person erased in the store of ``conn``, by id (for the catalogue
    snapshot)."""
    rows = conn.execute(
        select(Clock.row_id, Clock.cl, Clock.hlc, Clock.device)
        .where(Clock.tbl == TABLE, Clock.field == "*", Clock.cl % 2 == 0)
        .order_by(Clock.row_id)
    )
    return [
        Change(TABLE, str(row_id), "d", int(cl), int(hlc), str(device), None)
        for row_id, cl, hlc, device in rows
    ]


def newest(*lists: Sequence[Change]) -> list[Change]:
    """The tombstones of several stores as one list: the newest of each person, by id."""
    found: dict[str, Change] = {}
    for changes in lists:
        for change in changes:
            known = found.get(change.row_id)
            if known is None or (change.cl, change.hlc) > (known.cl, known.hlc):
                found[change.row_id] = change
    return [found[key] for key in sorted(found)]


def set_aside(conn: Connection, changes: Sequence[Change]) -> Sequence[Change]:
    """``changes`` of a catalogue without the deletes of people this store holds in an older
    generation; those are noted for :func:`carry_out` (in the caller's transaction)."""
    deletes = {c.row_id: c.cl for c in changes if c.tbl == TABLE and c.op == "d"}
    if not deletes:
        return changes
    here = _generations(conn, sorted(deletes))
    asked = {pid: cl for pid, cl in deletes.items() if pid in here and here[pid] < cl}
    if not asked:
        return changes
    noted = _asked(conn)
    for pid, cl in asked.items():
        noted[pid] = max(cl, noted.get(pid, 0))
    write_meta(conn, META_ASKED, json.dumps(noted, sort_keys=True))
    return [c for c in changes if not (c.tbl == TABLE and c.op == "d" and c.row_id in asked)]


def _generations(conn: Connection, ids: Sequence[str]) -> dict[str, int]:
    """Of ``ids``, the people in this store's table, with their causal length (1 without a
    clock)."""
    found: dict[str, int] = {}
    for start in range(0, len(ids), 500):
        part = ids[start : start + 500]
        present = conn.execute(select(Participant.id).where(Participant.id.in_(part))).scalars()
        found.update((str(pid), 1) for pid in present)
        clocks = conn.execute(
            select(Clock.row_id, Clock.cl).where(
                Clock.tbl == TABLE, Clock.field == "*", Clock.row_id.in_(part)
            )
        )
        for pid, cl in clocks:
            if str(pid) in found:
                found[str(pid)] = int(cl)
    return found


def _asked(conn: Connection) -> dict[str, int]:
    try:
        value = json.loads(read_meta(conn, META_ASKED) or "{}")
    except ValueError:
        return {}
    if not isinstance(value, dict):
        return {}
    return {str(k): int(v) for k, v in value.items() if isinstance(v, int)}


def carry_out(store: Store) -> int:
    """Erase here each person a coordinator's catalogue asked for (noted by :func:`set_aside`)
    as a local erasure does, each in its own unit of work; how many were erased. A person not
    held any more, or brought back since in a newer generation, is left alone."""
    from libtrainer.services import records  # noqa: PLC0415 - the services, only when asked

    with store.read() as conn:
        asked = _asked(conn)
    done = 0
    for pid, cl in sorted(asked.items()):
        with store.uow() as uow:
            conn = uow.connection
            rest = _asked(conn)
            rest.pop(pid, None)
            write_meta(conn, META_ASKED, json.dumps(rest, sort_keys=True))
            here = _generations(conn, [pid]).get(pid)
            if here is None or here >= cl:
                uow.commit()
                continue
            try:
                records.erase_on_request(uow, pid)  # commits, with the note taken off
            except LibtrainerError as exc:  # cannot happen for people (no restricting link)
                log.warning("an erasure the coordinator asked for was not carried out: %s", exc)
                continue
            done += 1
    return done
