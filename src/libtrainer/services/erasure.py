"""What erasing a person does to the changes that have not left this computer yet.

An erasure (``records.delete`` of a participant, with or without undo) deletes the person and
what goes with them, each delete a captured tombstone. Before this, whatever had been entered
or edited since the last sync was still in the outbox with every field, and the next bundle
carried name, phone, e-mail and notes to the coordinator ahead of the delete. Now, in the
erasure's own unit of work (decision 0325):

- the kept consultations' waiting records lose the link to the person and the notes
  (``store/unsent.py`` :func:`~libtrainer.store.unsent.scrub`); the erasure's own edit that
  clears them travels as before;
- a person who **cannot be anywhere else** — typed in by hand here (a UUIDv7 made on this
  computer), first entered after everything that may have left it — leaves nothing to send:
  every record of them and of the rows erased with them goes, with their clocks
  (:func:`~libtrainer.store.unsent.forget`);
- anyone else may be held elsewhere: a coordinator has them, another coordinator or the
  central store merged them, or another computer made the same record on its own (a coded
  person's id comes from the code, a register's person's from the branch, name and year, so
  a lecturer's laptop that imported the same register holds them too). Their inserts and
  edits that have not left go (:func:`~libtrainer.store.unsent.withdraw`); the deletes stay,
  so every copy goes.

Thread rule: inside the caller's unit of work (the store's writer).
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import Connection

from libtrainer.store import unsent


def withdraw_unsent(
    conn: Connection,
    participant_id: str,
    order: Sequence[tuple[str, Sequence[str]]],
    cleared: Sequence[tuple[str, Sequence[str], Mapping[str, Any]]],
    *,
    upto: int,
    elsewhere: bool = False,
) -> None:
    """After the deletes of an erasure: take what of the person has not left out of the
    outbox. ``order``: the rows deleted (table, ids); ``cleared``: the rows kept with fields
    cleared (table, ids, values); ``upto``: the last outbox record written before the erasure
    began; ``elsewhere``: the person is known to be held by other stores (an erasure a
    coordinator asked for)."""
    for tbl, ids, values in cleared:
        unsent.scrub(conn, tbl, ids, values, upto=upto)
    if not elsewhere and made_here_only(conn, participant_id):
        unsent.forget(conn, order)
    else:
        unsent.withdraw(conn, order, upto=upto)


def made_here_only(conn: Connection, participant_id: str) -> bool:
    """The person can be in no other store: their id was made at random on this computer (a
    person typed in; coded and register people have ids another computer makes alike) and
    they were first entered after everything that may have left it."""
    try:
        random = uuid.UUID(participant_id).version == 7
    except ValueError:
        return False
    return random and unsent.never_left(conn, "participant", participant_id)
