"""Who keeps the programme catalogue on this computer (docs/decisions/0110).

The region's catalogue is the coordinator's: it is made on the coordinator's computer and
reaches every branch and lecturer computer as a snapshot with each sync (``sync/catalogue.py``,
docs/decisions/0317). A computer in no region — a library using the app on its own — has no
one to receive programmes from, so it keeps its own catalogue. The window and the command
line both ask :func:`catalogue_source`; the import and the demo still create programmes
anywhere (a register names its programmes), so the services themselves do not refuse.
"""

from __future__ import annotations

from sqlalchemy import Connection, func, select

from libtrainer.domain.errors import N_, LibtrainerError
from libtrainer.store.models import Ingested, TrustVersion
from libtrainer.store.store import read_meta

#: The coordinator's computer: the region's catalogue is made here.
COORDINATOR = "coordinator"
#: A branch or lecturer computer that joined (or asked to join) a region: it receives it.
REGION = "region"
#: A computer in no region: its administrator keeps its own catalogue.
OWN = "own"

#: Staff roles that may change the catalogue where it is kept.
EDITORS = frozenset({"coordinator", "admin"})

#: ``sync.enroll.META_JOINING``, read here without loading the sync package (crypto).
JOINING = "sync_join_pending"


def catalogue_source(conn: Connection) -> str:
    """:data:`COORDINATOR`, :data:`REGION` or :data:`OWN` for the store on ``conn``.

    A computer is in a region once it asked to join, accepted a trust list of the region, or
    merged a catalogue from it; each of these lasts, so a computer never drifts back to "own"."""
    if read_meta(conn, "role") == "coordinator":
        return COORDINATOR
    if read_meta(conn, JOINING):
        return REGION
    trusted = conn.execute(select(func.count()).select_from(TrustVersion)).scalar_one()
    catalogues = conn.execute(
        select(func.count()).select_from(Ingested).where(Ingested.kind == "catalogue")
    ).scalar_one()
    return REGION if trusted or catalogues else OWN


def may_edit(source: str, staff_role: str) -> bool:
    """Whether a person with ``staff_role`` changes the catalogue in the window."""
    return source != REGION and staff_role in EDITORS


def require_kept_here(conn: Connection) -> str:
    """The source, when the catalogue may be changed here (the command line has no signed-in
    person: whoever opens the store may, as for its other commands); else a message."""
    source = catalogue_source(conn)
    if source == REGION:
        raise LibtrainerError(
            N_(
                "This computer receives its programmes from the region's coordinator with each "
                "sync. Programmes are added and changed on the coordinator's computer."
            )
        )
    return source
