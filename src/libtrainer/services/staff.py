"""The staff list a branch keeps: librarians, lecturers, consultants, coordinators — list,
add without a sign-in account, change, archive and bring back (docs/decisions/0111).

Staff are the lecturers of groups and sessions and the helpers of consultations; some of them
also sign in on this computer (``services.accounts``: the account is local, the staff row
travels). These use cases are what the window and the command line call: each follows
:mod:`~libtrainer.services.staff_rights` (a region's branch computer changes its own branch's
people only), refuses a second person of the same name at the same branch, and leaves a sign-in
account as it is when its person's details change. An archived person leaves the choices for
new records and stays on past ones and in reports. The import and the demo keep creating staff
through ``services.org``. Every write validates first, then checks, then commits its own unit.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import or_, select

from libtrainer.domain.errors import N_, LibtrainerError, NotFoundError, ValidationError
from libtrainer.domain.rules import fold
from libtrainer.i18n.collation import sort_key
from libtrainer.services import common, org, records, staff_rights
from libtrainer.services.results import Changed
from libtrainer.store.models import Account, Branch, Staff
from libtrainer.store.uow import UnitOfWork

#: The shortest start of an id that finds a staff member (the list shows whole ids).
MIN_ID_START = 6
_ID_CHARACTERS = frozenset("0123456789abcdef-")


@dataclass(frozen=True)
class StaffInfo:
    """One staff member as the staff list shows them (plain data)."""

    id: str
    given_name: str
    family_name: str
    role: str
    branch_id: str | None
    branch: str  # the branch's name ('' for none)
    email: str | None
    archived: bool
    login: str | None  # the sign-in account on this computer, if any
    account_disabled: bool
    changeable: bool  # this computer may change them (staff_rights)

    @property
    def name(self) -> str:
        return f"{self.given_name} {self.family_name}".strip()


_LIST = (
    select(Staff, Branch.name, Account.login, Account.disabled)
    .outerjoin(Branch, Branch.id == Staff.branch_id)
    .outerjoin(Account, Account.staff_id == Staff.id)
)


def list_people(uow: UnitOfWork, *, include_archived: bool = False) -> list[StaffInfo]:
    """Every staff member (archived ones too when asked), by family then given name."""
    stmt = _LIST if include_archived else _LIST.where(Staff.archived.is_(False))
    return _infos(uow, list(uow.session.execute(stmt)))


def get_person(uow: UnitOfWork, staff_id: str) -> StaffInfo:
    """One staff member (archived or not); :class:`NotFoundError` when there is none."""
    found = _infos(uow, list(uow.session.execute(_LIST.where(Staff.id == staff_id))))
    if not found:
        raise common.not_found("staff", staff_id)
    return found[0]


def _infos(uow: UnitOfWork, rows: list[Any]) -> list[StaffInfo]:
    conn = uow.connection
    keep = staff_rights.keeper(conn)
    loose = [s.id for s, *_rest in rows if s.branch_id is None]
    here = set() if keep.whole_region else staff_rights.made_here(conn, keep, loose)
    people = [
        StaffInfo(
            s.id,
            s.given_name,
            s.family_name,
            s.role,
            s.branch_id,
            branch or "",
            s.email,
            bool(s.archived),
            login,
            bool(disabled),
            keep.may_change(s.branch_id, s.id in here),
        )
        for s, branch, login, disabled in rows
    ]
    return sorted(people, key=lambda p: (sort_key(p.family_name), sort_key(p.given_name), p.id))


def add_person(
    uow: UnitOfWork, given_name: str, family_name: str, role: str, **fields: Any
) -> Changed:
    """A staff member without a sign-in account (fields: email, branch_id — by default this
    computer's branch). Refuses another branch where this computer keeps its own branch's
    staff only, and a name already listed at that branch (archived or not)."""
    values = common.validate(
        org.STAFF_RULES,
        {"given_name": given_name, "family_name": family_name, "role": role, **fields},
    )
    conn = uow.connection
    keep = staff_rights.keeper(conn)
    branch_id = values.pop("branch_id", None) or keep.branch_id
    common.require(uow, Branch, branch_id)
    staff_rights.require_branch(conn, keep, branch_id)
    _check_namesake(uow, values["given_name"], values["family_name"], branch_id, None)
    given, family, staff_role = (
        values.pop("given_name"),
        values.pop("family_name"),
        values.pop("role"),
    )
    return org.add_staff(uow, given, family, staff_role, branch_id=branch_id, **values)


def edit_person(uow: UnitOfWork, staff_id: str, **changes: Any) -> Changed:
    """Change a staff member's names, role, e-mail or branch; only differing fields are
    written. A sign-in account of theirs stays as it is (its login, password and the role
    it signs in with)."""
    values = common.validate(org.STAFF_RULES, changes)
    row = common.get(uow, Staff, staff_id)
    conn = uow.connection
    keep = staff_rights.keeper(conn)
    staff_rights.require_changeable(conn, keep, row.id, row.branch_id, _name(row))
    branch_id = values.get("branch_id", row.branch_id)
    if branch_id != row.branch_id:
        common.require(uow, Branch, branch_id)
        staff_rights.require_branch(conn, keep, branch_id)
    given = values.get("given_name", row.given_name)
    family = values.get("family_name", row.family_name)
    moved = branch_id != row.branch_id
    if moved or (fold(given), fold(family)) != (fold(row.given_name), fold(row.family_name)):
        _check_namesake(uow, given, family, branch_id, row.id)
    return org.edit_staff(uow, staff_id, **values)


def archive_person(uow: UnitOfWork, staff_id: str) -> Changed:
    """Take a staff member out of the choices for new groups, sessions and consultations;
    past records and reports keep them. Refused while they can still sign in here."""
    row = common.get(uow, Staff, staff_id)
    conn = uow.connection
    staff_rights.require_changeable(
        conn, staff_rights.keeper(conn), row.id, row.branch_id, _name(row)
    )
    account = uow.session.get(Account, staff_id)
    if account is not None and not account.disabled and not row.archived:
        raise LibtrainerError(
            N_(
                "{name} can still sign in on this computer (login name “{login}”). An "
                "administrator disables the account under Settings ▸ Staff accounts first; "
                "then archive them."
            ),
            name=_name(row),
            login=account.login,
        )
    return records.archive(uow, "staff", staff_id)


def unarchive_person(uow: UnitOfWork, staff_id: str) -> Changed:
    """Offer an archived staff member in the choices again."""
    row = common.get(uow, Staff, staff_id)
    conn = uow.connection
    staff_rights.require_changeable(
        conn, staff_rights.keeper(conn), row.id, row.branch_id, _name(row)
    )
    return records.unarchive(uow, "staff", staff_id)


def find_person(uow: UnitOfWork, ref: str) -> str:
    """The id of the staff member ``ref`` names: their id, the unique start of it (at least
    :data:`MIN_ID_START` characters), or "Given Family" (or "Family Given"; case, spaces and
    diacritics do not matter) when one person has that name. Archived people are found too."""
    ref = " ".join(str(ref).split())
    if not ref:
        raise NotFoundError(N_("Name the staff member: their id or “Given Family” name."))
    if uow.session.get(Staff, ref) is not None:
        return ref
    start = ref.lower()
    if len(start) >= MIN_ID_START and set(start) <= _ID_CHARACTERS:
        query = select(Staff.id).where(Staff.id.startswith(start, autoescape=True)).limit(2)
        found = list(uow.session.execute(query).scalars())
        if len(found) == 1:
            return str(found[0])
        if found:
            raise LibtrainerError(
                N_("“{ref}” is the start of several staff members' ids; give more of it."),
                ref=ref,
            )
    wanted = fold(ref)
    named = [
        str(s.id)
        for s in uow.session.execute(select(Staff.id, Staff.given_name, Staff.family_name))
        if wanted
        in (fold(f"{s.given_name} {s.family_name}"), fold(f"{s.family_name} {s.given_name}"))
    ]
    if len(named) == 1:
        return named[0]
    if named:
        raise LibtrainerError(
            N_(
                "{count} staff members are called “{ref}”; give the id instead (libtrainer "
                "staff list --all shows it)."
            ),
            count=len(named),
            ref=ref,
        )
    raise NotFoundError(N_("No staff member with the name or id “{ref}” was found."), ref=ref)


def _check_namesake(
    uow: UnitOfWork, given: str, family: str, branch_id: str | None, own_id: str | None
) -> None:
    """Refuse (on the family name) a name another staff member of the branch has, or one of
    no branch (a lecturer a register named), who is most likely the same person."""
    stmt = select(Staff.id, Staff.given_name, Staff.family_name, Staff.archived).where(
        or_(Staff.branch_id.is_(None), Staff.branch_id == branch_id)
    )
    key = (fold(given), fold(family))
    for other in uow.session.execute(stmt):
        if other.id == own_id or (fold(other.given_name), fold(other.family_name)) != key:
            continue
        name = f"{other.given_name} {other.family_name}"
        if other.archived:
            raise ValidationError(
                "family_name",
                N_(
                    "{name} is in the staff list already, archived: bring them back instead of "
                    "adding them again."
                ),
                name=name,
            )
        raise ValidationError("family_name", N_("{name} is in the staff list already."), name=name)


def _name(row: Staff) -> str:
    return f"{row.given_name} {row.family_name}".strip()
