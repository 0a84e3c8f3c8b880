"""Who may delete what from the window (decision 0515).

Librarians, coordinators and administrators may delete any of the records the window offers
to delete: sessions, groups, consultations, e-scout visits, and a participant's record (an
erasure). A lecturer — and any other role — may delete only their own work: a session they
lead, a group they lead when they lead every one of its sessions, a consultation they gave. The
core services stay role-free, like every other service; the window asks here first.
"""

from __future__ import annotations

from collections.abc import Iterable

from libtrainer.domain.errors import N_
from libtrainer.i18n import _

#: Roles that may delete every record the window offers to delete.
STAFF_ROLES = frozenset({"librarian", "coordinator", "admin"})

#: Records other roles may delete when they are its only lecturer or helper, with the message
#: shown when they are not.
OWN_WORK = {
    "training_session": N_(
        "With a lecturer’s sign-in you can delete only sessions you lead. Ask a librarian or "
        "the coordinator to delete this one."
    ),
    "training_group": N_(
        "With a lecturer’s sign-in you can delete only a group you lead, and only when you lead "
        "all its sessions. Ask a librarian or the coordinator to delete this one."
    ),
    "consultation": N_(
        "With a lecturer’s sign-in you can delete only consultations you gave. Ask a librarian "
        "or the coordinator to delete this one."
    ),
}

#: Records only the staff roles may delete, with the message for everyone else.
STAFF_ONLY = {
    "participant": N_("Only a librarian, a coordinator or an administrator can erase a person."),
    "escout_visit": N_(
        "Only a librarian, a coordinator or an administrator can delete an e-scout visit."
    ),
}


def may_erase_people(role: str) -> bool:
    """Whether the person signed in sees the participant's delete button at all."""
    return role in STAFF_ROLES


def refusal(
    role: str, staff_id: str | None, table: str, owners: Iterable[str | None] | None = None
) -> str | None:
    """Why the person signed in may not delete this record (translated), or None when they
    may. ``owners``: the lecturers or helpers recorded on it (its sessions' too, for a group);
    None when not read yet — then only what the role alone decides is answered."""
    if role in STAFF_ROLES:
        return None
    if table in STAFF_ONLY:
        return _(STAFF_ONLY[table])
    if table not in OWN_WORK:
        return _("Only a librarian, a coordinator or an administrator can delete this.")
    if owners is None:
        return None
    found = set(owners)
    if staff_id is not None and found == {staff_id}:
        return None
    return _(OWN_WORK[table])
