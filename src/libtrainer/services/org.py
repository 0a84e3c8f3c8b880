"""The organisation: regions, municipal libraries and their branches; staff; e-scouts.

Regions, libraries and branches have natural-key ids (docs/decisions/0005): the same place
typed on two devices is one row after merge, and creating a place that exists returns it.
Branches are looked up by name under their library (a coordinator's list of ~200 branches is
created once and found again); staff are librarians, lecturers, consultants and coordinators;
e-scouts are young volunteers who must be 14–29 years old (checked by birth year). Every write
validates first, then commits its own unit of work.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import Any

from sqlalchemy import select

from libtrainer.domain import rules
from libtrainer.domain.enums import BranchKind, StaffRole
from libtrainer.domain.errors import N_, ValidationError
from libtrainer.domain.ids import new_id
from libtrainer.i18n.collation import sort_key
from libtrainer.services import common, natural
from libtrainer.services.natural import Ensured
from libtrainer.services.results import Changed
from libtrainer.store.models import Branch, Library, Region, Staff, Volunteer
from libtrainer.store.uow import UnitOfWork

COUNTRIES = ("LT", "LV")


@dataclass(frozen=True)
class BranchInfo:
    id: str
    name: str
    kind: str
    rural: bool
    archived: bool
    library_id: str
    library: str
    region_id: str
    region: str


@dataclass(frozen=True)
class Placed:
    """Where ``ensure_branch`` found or put a branch, and what it had to create."""

    region_id: str
    library_id: str
    branch_id: str
    changed: Changed


@dataclass(frozen=True)
class PersonInfo:
    id: str
    given_name: str
    family_name: str
    branch_id: str | None
    role: str | None
    birth_year: int | None
    archived: bool


def check_country(field: str, value: Any) -> str:
    code = str(value or "").strip().upper()
    if code not in COUNTRIES:
        raise ValidationError(
            field, N_("{field_label}: “{value}” is not one of the allowed values."), value=value
        )
    return code


def _rural(value: Any) -> bool:
    return bool(common.check_flag("rural", value))


BRANCH_RULES: dict[str, common.Rule] = {
    "name": partial(rules.clean_name, "name"),
    "kind": common.enum("kind", BranchKind),
    "rural": _rural,
}
STAFF_RULES: dict[str, common.Rule] = {
    "given_name": partial(rules.clean_name, "given_name"),
    "family_name": partial(rules.clean_name, "family_name"),
    "role": common.enum("role", StaffRole),
    "branch_id": common.optional(str),
    "email": partial(common.check_email, "email"),
}
VOLUNTEER_RULES: dict[str, common.Rule] = {
    "given_name": partial(rules.clean_name, "given_name"),
    "family_name": partial(rules.clean_name, "family_name"),
    "birth_year": partial(rules.check_escout_age, "birth_year"),
    "branch_id": common.optional(str),
    "phone": partial(rules.clean_phone, "phone"),
}


# --- regions, libraries, branches -----------------------------------------------------------


def add_region(
    uow: UnitOfWork, name: str, *, code: str | None = None, country: str = "LT"
) -> Ensured:
    """A region (an apskritis / a planning region), or the one already known by that name.

    Its id is ``natural.region_id(country, name)`` (docs/decisions/0005)."""
    clean = rules.clean_name("region", name)
    short = rules.clean_name("code", code, required=False, limit=40) or clean[:40]
    land = check_country("country", country)
    result = Ensured()
    result.id = find_or_add(uow, Region, result, name=clean, code=short, country=land)
    uow.commit()
    return result


def add_library(uow: UnitOfWork, region_id: str, name: str) -> Ensured:
    """A municipal library in a region, or the one already there by that name."""
    clean = rules.clean_name("library", name)
    common.get(uow, Region, region_id)
    result = Ensured()
    result.id = find_or_add(uow, Library, result, name=clean, region_id=region_id)
    uow.commit()
    return result


def add_branch(uow: UnitOfWork, library_id: str, name: str, **fields: Any) -> Ensured:
    """A branch, community site or mobile library (fields: kind, rural), or the one already
    there by that name (returned unchanged: edit it with :func:`edit_branch`)."""
    values = common.validate(BRANCH_RULES, {"name": name, **fields})
    common.get(uow, Library, library_id)
    result = Ensured()
    result.id = find_or_add(uow, Branch, result, library_id=library_id, **values)
    uow.commit()
    return result


def edit_branch(uow: UnitOfWork, branch_id: str, **changes: Any) -> Changed:
    """Change a branch's name, kind or rural flag; only differing fields are written.

    A renamed branch keeps its id (the one derived from the name it was created with)."""
    values = common.validate(BRANCH_RULES, changes)
    row = common.get(uow, Branch, branch_id)
    changed = common.edited(uow, row, values, Changed())
    uow.commit()
    return changed


def ensure_branch(
    uow: UnitOfWork, *, region: str, library: str, branch: str, country: str = "LT"
) -> Placed:
    """Find the branch by its names (region → library → branch) or create what is missing."""
    names = (
        rules.clean_name("region", region),
        rules.clean_name("library", library),
        rules.clean_name("branch", branch),
    )
    land = check_country("country", country)
    changed = Changed()
    region_id = find_or_add(uow, Region, changed, name=names[0], code=names[0][:40], country=land)
    library_id = find_or_add(uow, Library, changed, name=names[1], region_id=region_id)
    branch_id = find_or_add(uow, Branch, changed, name=names[2], library_id=library_id)
    uow.commit()
    return Placed(region_id, library_id, branch_id, changed)


Place = Region | Library | Branch
#: The field that names each kind of place's parent (the country for a region).
PARENT = {"region": "country", "library": "region_id", "branch": "library_id"}


def place_id(table: str, parent: str, name: str) -> str:
    """The natural id of a place of ``table`` named ``name`` under ``parent``."""
    if table == "region":
        return natural.region_id(parent, name)
    if table == "library":
        return natural.library_id(parent, name)
    return natural.branch_id(parent, name)


def find_or_add(uow: UnitOfWork, model: type[Place], changed: Changed, **fields: Any) -> str:
    """The id of the place ``fields`` describe; added (under its natural id) when missing.

    Found, in order: the row with the natural id; a row entered before natural ids (or sent in
    the coordinator's catalogue under another id) with the same name, by :func:`natural.key`,
    under the same parent. A place deleted here comes back under its old id (a restore)."""
    table = model.__tablename__
    parent_field = PARENT[table]
    row_id = place_id(table, str(fields[parent_field]), str(fields["name"]))
    if uow.session.get(model, row_id) is not None:
        return row_id
    named = natural.key(str(fields["name"]))
    query = select(model.id, model.name).where(getattr(model, parent_field) == fields[parent_field])
    same = sorted(r.id for r in uow.session.execute(query) if natural.key(r.name) == named)
    if same:
        return str(same[0])
    restored = natural.tombstoned(uow.connection, table, row_id)
    uow.session.add(model(id=row_id, **fields))
    uow.session.flush()
    changed.add("created", table, row_id)
    if isinstance(changed, Ensured):
        changed.restored = restored
    return row_id


def find_branches(
    uow: UnitOfWork, text: str = "", *, include_archived: bool = False
) -> list[BranchInfo]:
    """Branches whose name contains ``text`` (diacritics and case ignored), by name."""
    stmt = (
        select(Branch, Library, Region)
        .join(Library, Branch.library_id == Library.id)
        .join(Region, Library.region_id == Region.id)
    )
    if not include_archived:
        stmt = stmt.where(Branch.archived.is_(False))
    needle = rules.fold(text.strip())
    found = [
        BranchInfo(b.id, b.name, b.kind, b.rural, b.archived, lib.id, lib.name, reg.id, reg.name)
        for b, lib, reg in uow.session.execute(stmt)
        if needle in rules.fold(b.name)
    ]
    return sorted(found, key=lambda b: (sort_key(b.name), b.id))


def find_libraries(uow: UnitOfWork) -> list[tuple[str, str]]:
    """Every library this store knows, as (id, name), in the alphabet of the current
    language (a coordinator's computer holds every library of the region)."""
    rows = uow.session.execute(select(Library.id, Library.name)).all()
    return sorted(((str(i), str(n)) for i, n in rows), key=lambda r: (sort_key(r[1]), r[0]))


# --- staff and e-scouts -----------------------------------------------------------------------


def add_staff(
    uow: UnitOfWork, given_name: str, family_name: str, role: str, **fields: Any
) -> Changed:
    """A librarian, lecturer, consultant or coordinator (fields: branch_id, email).

    Without ``branch_id`` the person belongs to this device's branch."""
    values = common.validate(
        STAFF_RULES, {"given_name": given_name, "family_name": family_name, "role": role, **fields}
    )
    values.setdefault("branch_id", common.home_branch(uow))
    common.require(uow, Branch, values["branch_id"])
    row = Staff(id=new_id(), **values)
    uow.session.add(row)
    uow.commit()
    return Changed().add("created", "staff", row.id)


def edit_staff(uow: UnitOfWork, staff_id: str, **changes: Any) -> Changed:
    """Change a staff member's names, role, branch or e-mail."""
    values = common.validate(STAFF_RULES, changes)
    row = common.get(uow, Staff, staff_id)
    common.require(uow, Branch, values.get("branch_id"))
    changed = common.edited(uow, row, values, Changed())
    uow.commit()
    return changed


def add_volunteer(
    uow: UnitOfWork, given_name: str, family_name: str, birth_year: int, **fields: Any
) -> Changed:
    """An e-scout: a volunteer aged 14–29 by birth year (fields: branch_id, phone)."""
    values = common.validate(
        VOLUNTEER_RULES,
        {"given_name": given_name, "family_name": family_name, "birth_year": birth_year, **fields},
    )
    values.setdefault("branch_id", common.home_branch(uow))
    common.require(uow, Branch, values["branch_id"])
    row = Volunteer(id=new_id(), **values)
    uow.session.add(row)
    uow.commit()
    return Changed().add("created", "volunteer", row.id)


def edit_volunteer(uow: UnitOfWork, volunteer_id: str, **changes: Any) -> Changed:
    """Change an e-scout's names, birth year (still 14–29), branch or phone; only differing
    values are written. A phone stored before the stricter rule may be sent back unchanged."""
    stored = uow.session.get(Volunteer, volunteer_id)
    values = common.validate(VOLUNTEER_RULES, common.unchanged(stored, changes))
    row = common.get(uow, Volunteer, volunteer_id)
    common.require(uow, Branch, values.get("branch_id"))
    changed = common.edited(uow, row, values, Changed())
    uow.commit()
    return changed


@dataclass(frozen=True)
class VolunteerDetails:
    """One e-scout as the form shows them (to change)."""

    id: str
    given_name: str
    family_name: str
    birth_year: int
    phone: str | None
    branch_id: str | None


def get_volunteer(uow: UnitOfWork, volunteer_id: str) -> VolunteerDetails:
    """One e-scout's details."""
    row = common.get(uow, Volunteer, volunteer_id)
    return VolunteerDetails(
        row.id, row.given_name, row.family_name, row.birth_year, row.phone, row.branch_id
    )


def list_staff(
    uow: UnitOfWork, *, branch_id: str | None = None, include_archived: bool = False
) -> list[PersonInfo]:
    """Staff, optionally of one branch, by family then given name."""
    stmt = select(Staff)
    if branch_id is not None:
        stmt = stmt.where(Staff.branch_id == branch_id)
    if not include_archived:
        stmt = stmt.where(Staff.archived.is_(False))
    rows = uow.session.execute(stmt).scalars()
    people = [
        PersonInfo(s.id, s.given_name, s.family_name, s.branch_id, s.role, None, s.archived)
        for s in rows
    ]
    return sorted(people, key=_person_key)


def list_volunteers(
    uow: UnitOfWork, *, branch_id: str | None = None, include_archived: bool = False
) -> list[PersonInfo]:
    """E-scouts, optionally of one branch, by family then given name."""
    stmt = select(Volunteer)
    if branch_id is not None:
        stmt = stmt.where(Volunteer.branch_id == branch_id)
    if not include_archived:
        stmt = stmt.where(Volunteer.archived.is_(False))
    rows = uow.session.execute(stmt).scalars()
    people = [
        PersonInfo(v.id, v.given_name, v.family_name, v.branch_id, None, v.birth_year, v.archived)
        for v in rows
    ]
    return sorted(people, key=_person_key)


def _person_key(person: PersonInfo) -> tuple[tuple[str, str, str], tuple[str, str, str], str]:
    return (sort_key(person.family_name), sort_key(person.given_name), person.id)
