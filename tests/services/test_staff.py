"""The staff list a branch keeps (docs/decisions/0111): people without a sign-in account,
changed, archived and brought back; a region's branch computer changes only its own people."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from libtrainer.domain.errors import LibtrainerError, NotFoundError, ValidationError
from libtrainer.i18n import render
from libtrainer.services import accounts, org, staff
from libtrainer.store.models import Account
from libtrainer.store.store import Store
from libtrainer.sync import enroll
from libtrainer.sync.session import synchronise
from libtrainer.sync.share import Share
from tests.conftest import make_store
from tests.services.support import counts

PASSWORD = "slaptažodis-1"


def _add(store: Store, given: str = "Aldona", family: str = "Vaitkienė", **fields: Any) -> str:
    with store.uow() as uow:
        return staff.add_person(uow, given, family, fields.pop("role", "lecturer"), **fields).first(
            "staff"
        )


def _people(store: Store, *, archived: bool = False) -> list[staff.StaffInfo]:
    with store.uow() as uow:
        return staff.list_people(uow, include_archived=archived)


def _account(store: Store, login: str = "ruta", role: str = "admin") -> str:
    with store.uow() as uow:
        branch = org.find_branches(uow)[0].id
        accounts.create_account(
            uow,
            login=login,
            password=PASSWORD,
            role=role,
            given_name="Rūta",
            family_name="Žukauskienė",
            branch_id=branch,
        )
    with store.read() as conn:
        return accounts.verify(conn, login, PASSWORD).staff_id


def test_a_person_added_without_an_account_is_listed_at_this_branch(store: Store) -> None:
    """A guest lecturer is added with an e-mail: listed with this computer's branch, no
    sign-in account, changeable here, and offered among the staff choices."""
    sid = _add(store, email="aldona@example.lt")
    (person,) = _people(store)
    assert (person.id, person.name, person.role, person.email) == (
        sid,
        "Aldona Vaitkienė",
        "lecturer",
        "aldona@example.lt",
    )
    assert person.branch == "Būdviečio padalinys" and person.login is None and person.changeable
    with store.read() as conn:
        assert conn.execute(select(func.count()).select_from(Account)).scalar_one() == 0
    with store.uow() as uow:
        assert [p.id for p in org.list_staff(uow)] == [sid]


def test_editing_an_account_holders_details_keeps_the_account(store: Store) -> None:
    """An administrator's names, role and e-mail are changed: the login and password still
    work, the sign-in shows the new name, and the account keeps the role it signs in with."""
    sid = _account(store)
    with store.uow() as uow:
        changed = staff.edit_person(
            uow, sid, given_name="Rūtelė", family_name="Žukauskė", role="librarian", email="r@x.lt"
        )
    assert changed.updated == {"staff": [sid]}
    with store.read() as conn:
        user = accounts.verify(conn, "ruta", PASSWORD)
    assert (user.staff_id, user.family_name, user.role) == (sid, "Žukauskė", "admin")
    (person,) = _people(store)
    assert (person.role, person.login, person.account_disabled) == ("librarian", "ruta", False)


def test_archived_person_leaves_the_choices_and_comes_back(store: Store) -> None:
    """Archived, a person is gone from the list and the staff choices but shown on request;
    brought back, they are offered again. Archiving twice changes nothing."""
    sid = _add(store)
    with store.uow() as uow:
        assert not staff.archive_person(uow, sid).empty
    with store.uow() as uow:
        assert staff.archive_person(uow, sid).empty
        assert org.list_staff(uow) == []
    assert _people(store) == []
    assert [p.archived for p in _people(store, archived=True)] == [True]
    with store.uow() as uow:
        staff.unarchive_person(uow, sid)
    assert [p.id for p in _people(store)] == [sid]


def test_archiving_is_refused_while_the_person_can_sign_in_here(store: Store) -> None:
    """A person with an enabled account on this computer is not archived (the message names
    the login); once the account is disabled, they are."""
    _account(store, "ruta", "admin")
    sid = _account(store, "jonas", "lecturer")
    with pytest.raises(LibtrainerError) as error, store.uow() as uow:
        staff.archive_person(uow, sid)
    assert "“jonas”" in render(error.value) and "Staff accounts" in render(error.value)
    assert not any(p.archived for p in _people(store, archived=True))
    with store.uow() as uow:
        accounts.set_disabled(uow, sid, True)
    with store.uow() as uow:
        staff.archive_person(uow, sid)
    assert sid not in {p.id for p in _people(store)}


def test_a_namesake_at_the_same_branch_is_refused_on_the_family_name(store: Store) -> None:
    """The same name typed again (case and diacritics aside) is refused on the family name,
    pointing to bringing back an archived one; at another branch the name is allowed."""
    sid = _add(store)
    before = counts(store)
    with pytest.raises(ValidationError) as error, store.uow() as uow:
        staff.add_person(uow, "ALDONA", "Vaitkiene", "consultant")
    assert error.value.field == "family_name" and "already" in render(error.value)
    assert counts(store) == before
    with store.uow() as uow:
        staff.archive_person(uow, sid)
    with pytest.raises(ValidationError) as error, store.uow() as uow:
        staff.add_person(uow, "Aldona", "Vaitkienė", "lecturer")
    assert "bring them back" in render(error.value)
    with store.uow() as uow:
        other = org.ensure_branch(
            uow,
            region="Alytaus apskritis",
            library="Lazdijų r. savivaldybės viešoji biblioteka",
            branch="Seiliūnų padalinys",
        ).branch_id
    assert _add(store, branch_id=other)


@pytest.mark.parametrize(
    ("given", "family", "role", "fields", "field"),
    [
        ("Aldona", "Vaitkienė", "lecturer", {"email": "aldona.example.lt"}, "email"),
        ("Aldona", "Vaitkienė", "janitor", {}, "role"),
        (" ", "Vaitkienė", "lecturer", {}, "given_name"),
        ("Aldona", "Vaitkienė", "lecturer", {"branch_id": "no-such-branch"}, None),
    ],
)
def test_bad_values_are_refused_and_nothing_is_written(
    store: Store, given: str, family: str, role: str, fields: dict[str, Any], field: str | None
) -> None:
    """A bad e-mail, role or name is refused on its field; an unknown branch is not found;
    the store is untouched."""
    before = counts(store)
    with pytest.raises(ValidationError if field else NotFoundError) as error, store.uow() as uow:
        staff.add_person(uow, given, family, role, **fields)
    if field:
        assert getattr(error.value, "field", None) == field
    assert counts(store) == before


def test_a_person_is_found_by_id_its_start_or_a_unique_name(store: Store) -> None:
    """Found by the whole id, eight characters of it, "Given Family" or "Family Given"
    typed without diacritics; two people of one name need the id; LIKE wildcards match
    nothing."""
    sid = _add(store)
    with store.uow() as uow:
        assert staff.find_person(uow, sid) == sid
        assert staff.find_person(uow, sid[:8].upper()) == sid
        assert staff.find_person(uow, "  aldona   VAITKIENE ") == sid
        assert staff.find_person(uow, "Vaitkienė Aldona") == sid
        for wild in ("%", "_", sid[:7] + "%", "Aldona%"):
            with pytest.raises(NotFoundError):
                staff.find_person(uow, wild)
        org.add_staff(uow, "Aldona", "Vaitkienė", "consultant", branch_id=None)
    with pytest.raises(LibtrainerError) as error, store.uow() as uow:
        staff.find_person(uow, "Aldona Vaitkienė")
    assert "2 staff members" in render(error.value)


def _region(tmp_path: Path) -> tuple[Store, Store, str, str]:
    """A coordinator with a lecturer of its own branch and one of no branch, and a branch
    computer that joined and received them: (coordinator, branch, their ids)."""
    root = tmp_path / "share"
    root.mkdir()
    coordinator = make_store(tmp_path / "coord", role="coordinator", device_name="Koord")
    branch = make_store(tmp_path / "branch", branch="Šventežerio padalinys", device_name="PC-2")
    with coordinator.uow() as uow:
        theirs = org.add_staff(uow, "Dalia", "Rimkutė", "lecturer").first("staff")
    with coordinator.uow() as uow:
        loose = org.add_staff(uow, "Petras", "Svečias", "lecturer", branch_id=None).first("staff")
    enroll.join(coordinator, root)
    synchronise(coordinator, root)
    outcome = enroll.join(branch, root)
    enroll.admit(coordinator, Share.for_store(root, coordinator), outcome.code)
    assert enroll.finish_join(branch, root) is not None
    return coordinator, branch, theirs, loose


def test_a_regions_branch_changes_only_its_own_people(tmp_path: Path) -> None:
    """On a branch computer of a region, the coordinator's people are listed read-only and
    refused with who keeps them; the branch's own people (and one of no branch entered
    here) are changed; a person cannot be put at another branch."""
    coordinator, branch, theirs, loose = _region(tmp_path)
    try:
        mine = _add(branch, "Ieva", "Kazlauskė")
        with branch.uow() as uow:
            imported = org.add_staff(uow, "Jonas", "Importas", "lecturer", branch_id=None)
        by_name = {p.name: p for p in _people(branch)}
        assert {n: p.changeable for n, p in by_name.items()} == {
            "Dalia Rimkutė": False,
            "Petras Svečias": False,
            "Ieva Kazlauskė": True,
            "Jonas Importas": True,
        }
        before = counts(branch)
        for other, words in ((theirs, "other branches"), (loose, "entered by the region")):
            with pytest.raises(LibtrainerError) as error, branch.uow() as uow:
                staff.edit_person(uow, other, email="x@example.lt")
            assert words in render(error.value)
            with pytest.raises(LibtrainerError), branch.uow() as uow:
                staff.archive_person(uow, other)
        coordinator_branch = by_name["Dalia Rimkutė"].branch_id
        with pytest.raises(ValidationError) as refused, branch.uow() as uow:
            staff.add_person(uow, "Ona", "Kita", "lecturer", branch_id=coordinator_branch)
        assert refused.value.field == "branch_id" and "Šventežerio" in render(refused.value)
        with pytest.raises(ValidationError), branch.uow() as uow:
            staff.edit_person(uow, mine, branch_id=coordinator_branch)
        assert counts(branch) == before
        with branch.uow() as uow:
            staff.edit_person(uow, imported.first("staff"), family_name="Importuotas")
        with branch.uow() as uow:
            staff.archive_person(uow, mine)
        with coordinator.uow() as uow:  # the coordinator changes anyone
            staff.edit_person(uow, theirs, email="dalia@example.lt")
    finally:
        coordinator.close()
        branch.close()
