"""Which computers' work a report holds, how recent it is, and in what state they are.

A coordinator's store (or the central database) holds every branch's work that was merged
there; each computer is dated by when its work *arrived* — its newest bundle merged here —
never by the date its own clock wrote on the bundle: a laptop whose clock ran a year ahead
must not read "received until" next year (decision 0332). That claimed date is kept beside it
only as a note when it is more than a day ahead of the arrival.

A branch or lecturer's computer holds its own work and the region's catalogue only: the other
computers of the region are listed as merged at the coordinator, not as silent.

Each computer's state is told as it is: suspended since a bundle (a history that split),
revoked after a bundle, replaced by a new identity of the same computer (decision 0332).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Connection, func, inspect, or_, select

from libtrainer.reports.filters import ReportFilters, branch_ids
from libtrainer.reports.model import Source
from libtrainer.store.hlc import unpack
from libtrainer.store.models import Branch, Device, Ingested, TrustVersion
from libtrainer.store.store import read_meta


def sources(conn: Connection, filters: ReportFilters | None = None) -> list[Source]:
    """The computers whose work the figures can hold: this one, and those whose bundles were
    merged here (each with when its last one arrived), then those enrolled in the region that
    sent nothing yet. With a scope, only computers of branches inside it (and coordinators')."""
    own = read_meta(conn, "device_id")
    merges = read_meta(conn, "role") in (None, "", "coordinator")  # the central store: no role
    last = (
        select(
            Ingested.device,
            func.max(Ingested.ingested_wall).label("arrived"),
            func.max(Ingested.created_hlc).label("hlc"),
        )
        .where(Ingested.kind == "changes")
        .group_by(Ingested.device)
        .subquery("last_bundle")
    )
    stmt = (
        select(
            Device.id,
            Device.name,
            Device.role,
            Branch.name.label("branch"),
            last.c.arrived,
            last.c.hlc,
        )
        .outerjoin(Branch, Branch.id == Device.branch_id)
        .outerjoin(last, last.c.device == Device.id)
        .order_by(Device.name, Device.id)
    )
    ids = branch_ids(filters.scope) if filters is not None else None
    in_scope = set(conn.execute(ids).scalars()) if ids is not None else None
    if in_scope is not None:
        stmt = stmt.where(
            or_(Device.branch_id.in_(in_scope), Device.role == "coordinator", Device.id == own)
        )
    trust = _trust(conn)
    suspended = _suspended(conn)
    out = []
    for r in conn.execute(stmt):
        source = Source(
            r.id,
            r.name,
            r.role,
            r.branch or "",
            _minutes(r.arrived),
            r.id == own,
            elsewhere=not merges and r.id != own,
            device_time=_hlc_time(r.hlc),
        )
        out.append(_with_state(source, trust, suspended))
    known = {s.device_id for s in out}
    return out + [
        _with_state(s, trust, suspended) for s in _enrolled_silent(trust, known, in_scope, merges)
    ]


def _minutes(wall: str | None) -> str:
    """An ISO time kept by this store, to the minute (UTC); "" for none."""
    if not wall:
        return ""
    try:
        moment = dt.datetime.fromisoformat(str(wall))
    except ValueError:
        return str(wall)[:40]
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC).isoformat(timespec="minutes")


def _hlc_time(hlc: int | None) -> str:
    """What the sending computer's clock said when it made its newest bundle merged here."""
    if hlc is None:
        return ""
    ms = unpack(int(hlc))[0]
    try:
        return dt.datetime.fromtimestamp(ms / 1000, dt.UTC).isoformat(timespec="minutes")
    except (OverflowError, OSError, ValueError):
        return ""


def _trust(conn: Connection) -> Any:
    """The trust list this store accepted, or None (none yet, or a damaged document: the
    sources list is not the place to say so)."""
    if not inspect(conn).has_table(TrustVersion.__tablename__):
        return None
    from libtrainer.sync.errors import TrustError  # noqa: PLC0415 - only where it applies
    from libtrainer.sync.trust import load_trust  # noqa: PLC0415

    try:
        trust = load_trust(conn)
    except TrustError:
        return None
    return trust if trust.version else None


def _suspended(conn: Connection) -> dict[str, int]:
    """Devices whose bundles are no longer merged here (a fork): device -> the bundle seq."""
    from libtrainer.sync.lineage import suspended  # noqa: PLC0415 - with the sync package

    return suspended(conn)


def _with_state(source: Source, trust: Any, suspended: dict[str, int]) -> Source:
    from dataclasses import replace  # noqa: PLC0415

    entry = trust.key_for(source.device_id) if trust is not None else None
    newer = trust.replaced_by(source.device_id) if trust is not None else None
    return replace(
        source,
        suspended_since=suspended.get(source.device_id),
        revoked_after=entry.revoked_after if entry is not None else None,
        replaced_by=newer.name if newer is not None else "",
        replaced_by_id=newer.device if newer is not None else "",
        replaced_by_code=newer.current.code if newer is not None else "",
    )


def _enrolled_silent(
    trust: Any, known: set[str], in_scope: set[str] | None, merges: bool
) -> list[Source]:
    """Computers enrolled in the region (the trust list this store accepted) from which
    nothing was merged yet: listed with "nothing merged yet", so a branch that never sent is
    not missing from the figures unseen — on a branch's computer, as merged at the
    coordinator. Revoked ones are left out; none without a trust list."""
    if trust is None:
        return []
    silent = [
        entry
        for entry in trust.devices.values()
        if entry.device not in known
        and entry.revoked_after is None
        and (in_scope is None or entry.role == "coordinator" or entry.branch in in_scope)
    ]
    silent.sort(key=lambda e: (e.name, e.device))
    return [Source(e.device, e.name, e.role, e.branch_name, elsewhere=not merges) for e in silent]
