"""Reading captured changes back out of the outbox, and replaying them into another store."""

from __future__ import annotations

import json
from collections.abc import Iterable

from sqlalchemy import Connection, func, select

from libtrainer.store.apply import Change, Outcome, apply_changes
from libtrainer.store.capture import capture_suspended
from libtrainer.store.models import Meta, Outbox, Published


def read_changes(conn: Connection, after_seq: int = 0, limit: int | None = None) -> list[Change]:
    """Captured changes with ``seq > after_seq``, in capture order."""
    stmt = (
        select(
            Outbox.tbl, Outbox.row_id, Outbox.op, Outbox.cl, Outbox.hlc, Outbox.device, Outbox.data
        )
        .where(Outbox.seq > after_seq)
        .order_by(Outbox.seq)
    )
    if limit is not None:
        stmt = stmt.limit(limit)
    return [
        Change(
            r.tbl,
            r.row_id,
            r.op,
            int(r.cl),
            int(r.hlc),
            r.device,
            None if r.data is None else json.loads(r.data),
        )
        for r in conn.execute(stmt)
    ]


def last_seq(conn: Connection) -> int:
    return int(conn.execute(select(Outbox.seq).order_by(Outbox.seq.desc()).limit(1)).scalar() or 0)


def replay(conn: Connection, changes: Iterable[Change]) -> dict[Outcome, int]:
    """Apply ``changes`` on ``conn`` without capturing them again (caller commits)."""
    with capture_suspended(conn):
        return apply_changes(conn, changes)


def unpublished(conn: Connection) -> int:
    """Captured changes not yet in any bundle: what "waiting to be sent" counts, in ``status``
    and on the Sync screen alike. Outbox rows already in a bundle stay until a coordinator
    confirms them (and the newest row always stays), so counting the outbox would count
    changes already sent."""
    last = conn.execute(
        select(func.max(Published.last_outbox)).where(Published.kind == "changes")
    ).scalar()
    stmt = select(func.count()).select_from(Outbox).where(Outbox.seq > int(last or 0))
    return int(conn.execute(stmt).scalar_one())


#: lt_meta: changes in bundles made here whose files the last send could not write
NOT_WRITTEN = "changes_not_written"


def not_written(conn: Connection) -> int:
    """Changes in bundles made here that the last send could not write to the shared folder (a
    read-only or full share, or one gone while sending; ``sync/publish.py`` keeps that count
    and sets it to 0 once every kept bundle is there). Never more than the changes whose
    bundles are still kept: a new identity (``publish.restart_chain``) or an acknowledgement
    leaves nothing of them to write."""
    value = conn.execute(select(Meta.value).where(Meta.key == NOT_WRITTEN)).scalar()
    try:
        written = int(value or 0)
    except ValueError:
        return 0
    return max(0, min(written, unconfirmed(conn))) if written else 0


def not_on_share(conn: Connection) -> int:
    """What "your N changes are safe on this computer and will be sent next time" counts, and
    "waiting to be sent" in ``status`` and on the Sync screen: changes not in a bundle yet, and
    those in bundles the last send could not write (:func:`not_written`)."""
    return unpublished(conn) + not_written(conn)


def unconfirmed(conn: Connection) -> int:
    """Changes in bundles made here that no coordinator has confirmed yet (their bundle's
    bytes are kept until then; decisions/0320)."""
    total = conn.execute(
        select(func.sum(Published.changes)).where(
            Published.kind == "changes", Published.data.is_not(None)
        )
    ).scalar()
    return int(total or 0)


def sent_unconfirmed(conn: Connection) -> int:
    """Changes on the shared folder that no coordinator has confirmed yet: :func:`unconfirmed`
    without those whose bundles the last send could not write (they are waiting to be sent)."""
    return unconfirmed(conn) - not_written(conn)
