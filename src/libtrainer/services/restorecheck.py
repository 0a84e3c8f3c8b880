"""Is the store older than when this computer last used it? (A data folder put back to an
earlier state: a restored backup, a disk image, reboot-restore software covering the folder.)

The store's progress is its clock floor: the newest hybrid-logical-clock time it issued or
absorbed and committed — ``lt_meta.hlc_floor`` (written when the store closes) or the newest
outbox change (the newest one is never pruned). It only ever grows (decision 0002), so a copy
of an earlier state has a lower one. The app remembers, per store id, the highest progress it
saw (after writes, on lock, sync and close) and at start compares: lower now means the folder
went back in time. Only a warning: nothing is changed (docs/decisions/0518).

No Qt, no SQLAlchemy, no ``dataclasses``: the same SQL runs on the raw SQLCipher connection
of the start-up check and on a store's SQLAlchemy connection.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, NamedTuple

from libtrainer.store.hlc import unpack

#: The store's committed clock floor (fixed text: no parameters, no user text).
FLOOR_SQL = (
    "SELECT max("
    "coalesce((SELECT CAST(value AS INTEGER) FROM lt_meta WHERE key = 'hlc_floor'), 0), "
    "coalesce((SELECT hlc FROM lt_outbox ORDER BY seq DESC LIMIT 1), 0))"
)


class Behind(NamedTuple):
    """The store is older than this computer saw it: its newest record is from ``since``;
    this computer had seen records up to ``seen`` (both UTC). (A named tuple: the start-up
    check imports this module before the window is ready, decision 0510.)"""

    since: dt.datetime
    seen: dt.datetime


def hlc_time(value: int) -> dt.datetime:
    """The wall time (UTC) of an HLC value."""
    ms, _counter = unpack(value)
    return dt.datetime.fromtimestamp(ms / 1000, dt.UTC)


def progress_of(conn: Any) -> int:
    """The committed clock floor of the store open on ``conn`` (a SQLAlchemy connection)."""
    return int(conn.exec_driver_sql(FLOOR_SQL).scalar() or 0)


def behind(remembered: int | None, current: int) -> Behind | None:
    """``Behind`` when the store's progress ``current`` is below what this computer
    ``remembered`` of the same store, else None (nothing remembered: a first use here)."""
    if not remembered or current >= remembered:
        return None
    return Behind(hlc_time(current), hlc_time(remembered))


def newest(remembered: int | None, current: int) -> int:
    """What to remember now: never lower (a folder that went back stays noticed until new
    work moves it past the point this computer had seen)."""
    return max(remembered or 0, current)
