"""Organisation: branches looked up or created, staff, and e-scouts aged 14–29."""

from __future__ import annotations

import json

import pytest

from libtrainer.domain import rules
from libtrainer.domain.errors import NotFoundError, ValidationError
from libtrainer.i18n import render, set_language
from libtrainer.services import org
from libtrainer.store.models import Volunteer
from libtrainer.store.store import Store
from tests.services.support import counts, outbox_since, outbox_tail

YEAR = rules.today().year


def test_ensure_branch_finds_known_names_and_creates_the_rest(store: Store) -> None:
    """Known region and library are reused; only the new branch is created."""
    with store.uow() as uow:
        placed = org.ensure_branch(
            uow,
            region="Alytaus apskritis",
            library="Lazdijų r. savivaldybės viešoji biblioteka",
            branch="Seiliūnų padalinys",
        )
    with store.uow() as uow:
        again = org.ensure_branch(
            uow,
            region="Alytaus apskritis",
            library="Lazdijų r. savivaldybės viešoji biblioteka",
            branch="Seiliūnų padalinys",
        )
    assert list(placed.changed.created) == ["branch"]
    assert again.changed.empty and again.branch_id == placed.branch_id


def test_add_region_library_branch_chain(store: Store) -> None:
    """A Latvian region, library and branch are created with diacritics intact."""
    with store.uow() as uow:
        region = org.add_region(uow, "Vidzemes reģions", country="lv").first("region")
    with store.uow() as uow:
        library = org.add_library(uow, region, "Cēsu Centrālā bibliotēka").first("library")
    with store.uow() as uow:
        branch = org.add_branch(uow, library, "Līgatnes filiāle", kind="branch", rural=True).first(
            "branch"
        )
    with store.uow() as uow:
        found = org.find_branches(uow, "ligatnes")
    assert [(b.id, b.name, b.library, b.region, b.rural) for b in found] == [
        (branch, "Līgatnes filiāle", "Cēsu Centrālā bibliotēka", "Vidzemes reģions", True)
    ]


def test_add_library_in_missing_region_is_not_found_and_writes_nothing(store: Store) -> None:
    """A library cannot be put in a region that does not exist; the message is Lithuanian."""
    before = counts(store)
    with pytest.raises(NotFoundError) as info, store.uow() as uow:
        org.add_library(uow, "no-such-region", "Kauno biblioteka")
    set_language("lt")
    assert "Regiono no-such-region nėra" in render(info.value)
    assert counts(store) == before


def test_staff_defaults_to_this_devices_branch(store: Store) -> None:
    """A staff member added without a branch belongs to the device's branch."""
    with store.uow() as uow:
        home = org.find_branches(uow)[0].id
        org.add_staff(uow, "Rūta", "Kavaliauskienė", "lecturer", email="ruta@example.lt")
    with store.uow() as uow:
        staff = org.list_staff(uow, branch_id=home)
    assert [(s.given_name, s.role) for s in staff] == [("Rūta", "lecturer")]


def test_edit_staff_writes_only_changes(store: Store) -> None:
    """Editing with the same values writes nothing; a real change writes only that field."""
    with store.uow() as uow:
        sid = org.add_staff(uow, "Rūta", "Kavaliauskienė", "lecturer").first("staff")
    tail = outbox_tail(store)
    with store.uow() as uow:
        assert org.edit_staff(uow, sid, given_name="Rūta", role="lecturer").empty
    assert outbox_since(store, tail) == []
    with store.uow() as uow:
        org.edit_staff(uow, sid, role="consultant")
    [(_t, _r, op, data)] = outbox_since(store, tail)
    assert op == "u" and json.loads(data) == {"role": "consultant"}


@pytest.mark.parametrize("age", [14, 29])
def test_escout_age_limits_are_inclusive(store: Store, age: int) -> None:
    """E-scouts aged exactly 14 or 29 (by birth year) are accepted."""
    with store.uow() as uow:
        vid = org.add_volunteer(
            uow, "Gabija", "Žukauskaitė", YEAR - age, phone="+370 600 00000"
        ).first("volunteer")
    with store.uow() as uow:
        [scout] = org.list_volunteers(uow)
    assert scout.id == vid and scout.birth_year == YEAR - age


def test_lists_are_in_lithuanian_alphabetical_order(store: Store) -> None:
    """Staff are sorted by family name with Č after C, as a Lithuanian reader expects."""
    for family in ("Čėsna", "Cibulskis", "Dambrauskas"):
        with store.uow() as uow:
            org.add_staff(uow, "Jonas", family, "librarian")
    set_language("lt")
    with store.uow() as uow:
        names = [s.family_name for s in org.list_staff(uow)]
    assert names == ["Cibulskis", "Čėsna", "Dambrauskas"]


def test_an_escout_with_a_phone_stored_before_the_rule_can_still_be_changed(
    store: Store,
) -> None:
    """A phone stored loosely ("1") stays readable and does not block changing the name;
    changing the phone itself is checked."""
    with store.uow() as uow:
        vid = org.add_volunteer(uow, "Gabija", "Žukauskaitė", YEAR - 20).first("volunteer")
    with store.uow() as uow:
        row = uow.session.get(Volunteer, vid)
        assert row is not None
        row.phone = "1"
        uow.commit()
    with store.uow() as uow:
        org.edit_volunteer(uow, vid, family_name="Žukauskienė", phone="1")
    with store.uow() as uow:
        row = uow.session.get(Volunteer, vid)
        assert row is not None and (row.family_name, row.phone) == ("Žukauskienė", "1")
    before = counts(store)
    with pytest.raises(ValidationError) as caught, store.uow() as uow:
        org.edit_volunteer(uow, vid, phone="8 612 3456")
    assert caught.value.field == "phone"
    assert counts(store) == before
    with store.uow() as uow:
        org.edit_volunteer(uow, vid, phone="+370 612 34567; 8 612 34568")
    with store.uow() as uow:
        assert org.list_volunteers(uow)[0].family_name == "Žukauskienė"
        row = uow.session.get(Volunteer, vid)
        assert row is not None and row.phone == "+370 612 34567, 8 612 34568"
