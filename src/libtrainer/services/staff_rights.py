"""Whose staff details this computer may change (docs/decisions/0111).

Staff rows travel with the coordinator's catalogue (``sync/catalogue.py``): every branch
receives the whole region's staff, so that a travelling lecturer can be chosen anywhere. The
rule follows the programmes' (``services.catalogue_rights``, decision 0110) where the region
is concerned, but a branch knows its own people best:

- on the **coordinator's** computer and on a computer **in no region**, every staff member;
- on a branch or lecturer computer **of a region**, the staff of this computer's branch, and
  the people without a branch that were entered on this computer (lecturers named by a
  register imported here); everyone else comes from the coordinator with each sync.

Which *person* may change them in the window (administrators and coordinators) is the
window's rule; the command line has no signed-in person, so only this device rule applies
there, as for its other commands. The services of ``services.staff`` check this rule; the
import and the demo, which create staff through ``services.org``, do not.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import Connection, select

from libtrainer.domain.errors import N_, LibtrainerError, ValidationError
from libtrainer.services import catalogue_rights
from libtrainer.services.catalogue_rights import REGION
from libtrainer.store.models import Branch, Clock
from libtrainer.store.store import read_meta

#: Staff roles that change the staff list in the window.
EDITORS = catalogue_rights.EDITORS


@dataclass(frozen=True)
class Keeper:
    """What this computer is, as far as changing staff goes (plain data, read once)."""

    source: str  # catalogue_rights: coordinator | region | own
    branch_id: str | None  # this computer's branch
    device_id: str | None

    @property
    def whole_region(self) -> bool:
        """This computer changes every staff member (and chooses their branch)."""
        return self.source != REGION

    def may_change(self, branch_id: str | None, made_here: bool) -> bool:
        """Whether a staff member of ``branch_id`` (entered on this computer or not) may be
        changed here."""
        if self.whole_region:
            return True
        if branch_id is None:
            return made_here
        return branch_id == self.branch_id


def keeper(conn: Connection) -> Keeper:
    """This computer's :class:`Keeper`."""
    return Keeper(
        catalogue_rights.catalogue_source(conn),
        read_meta(conn, "branch_id"),
        read_meta(conn, "device_id"),
    )


def may_edit(staff_role: str) -> bool:
    """Whether a signed-in person with ``staff_role`` changes staff in the window."""
    return staff_role in EDITORS


def made_here(conn: Connection, keep: Keeper, ids: Iterable[str]) -> set[str]:
    """The staff ids among ``ids`` whose row was first written on this computer (its insert
    clock carries this device's id). Only asked on a region's branch computer."""
    wanted = list(ids)
    if not wanted or not keep.device_id:
        return set()
    found: set[str] = set()
    for start in range(0, len(wanted), 500):
        part = wanted[start : start + 500]
        rows = conn.execute(
            select(Clock.row_id).where(
                Clock.tbl == "staff",
                Clock.field == "*",
                Clock.device == keep.device_id,
                Clock.row_id.in_(part),
            )
        )
        found.update(str(r) for r in rows.scalars())
    return found


def require_changeable(
    conn: Connection, keep: Keeper, staff_id: str, branch_id: str | None, name: str
) -> None:
    """Nothing when this computer may change the staff member; else a message saying who
    keeps them."""
    if keep.may_change(branch_id, staff_id in made_here(conn, keep, [staff_id])):
        return
    if branch_id is None:
        raise LibtrainerError(
            N_(
                "{name} was entered by the region's coordinator and comes with each sync; "
                "ask the coordinator to change their details."
            ),
            name=name,
        )
    raise LibtrainerError(
        N_(
            "{name} works at {branch}; the staff of other branches come from the region's "
            "coordinator with each sync. Ask the coordinator to change their details."
        ),
        name=name,
        branch=branch_name(conn, branch_id),
    )


def require_branch(conn: Connection, keep: Keeper, branch_id: str | None) -> None:
    """Refuse (on the branch field) putting a person at another branch than this
    computer's, where only this branch's staff are kept."""
    if keep.whole_region or branch_id == keep.branch_id:
        return
    raise ValidationError(
        "branch_id",
        N_(
            "{field_label}: this computer keeps the staff of {branch} only; people of other "
            "branches are added by the region's coordinator."
        ),
        branch=branch_name(conn, keep.branch_id),
    )


def branch_name(conn: Connection, branch_id: str | None) -> str:
    """A branch's name ('' for none or unknown)."""
    if branch_id is None:
        return ""
    name = conn.execute(select(Branch.name).where(Branch.id == branch_id)).scalar_one_or_none()
    return str(name or "")
