"""Natural-key ids of shared reference data: the same place or coded programme entered on two
devices has the same id (docs/decisions/0005)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import select

from libtrainer.domain.ids import is_uuid
from libtrainer.services import natural, org, programmes, records, setup, storefile
from libtrainer.store.models import Branch, Clock, Library, Programme, Region
from libtrainer.store.store import Store
from tests.services.register.support import merged
from tests.services.support import counts

VARIANTS = [
    ("Alytaus apskritis", "Lazdijų r. savivaldybės viešoji biblioteka", "Būdviečio padalinys"),
    ("ALYTAUS APSKRITIS", "LAZDIJŲ R. SAVIVALDYBĖS VIEŠOJI BIBLIOTEKA", "BŪDVIEČIO PADALINYS"),
    ("alytaus  apskritis ", "Lazdiju r. savivaldybes viesoji biblioteka", "budviecio padalinys"),
]


def _initialised(folder: Path, names: tuple[str, str, str], device: str) -> Store:
    store = storefile.create(folder)
    setup.initialise(
        store, region=names[0], library=names[1], branch=names[2], device_name=device, role="branch"
    )
    return store


def test_key_folds_case_diacritics_and_spaces_only() -> None:
    """The name key ignores case, diacritics and extra spaces, and nothing else."""
    assert natural.key("  ALYTAUS   Apskritis ") == "alytaus apskritis"
    assert natural.key("Līgatnes filiāle") == natural.key("LIGATNES FILIALE")
    assert natural.key("Lazdijų r. biblioteka") != natural.key("Lazdijų r biblioteka")


def test_ids_are_uuids_that_depend_on_every_part() -> None:
    """Each natural id is a UUID and changes with the parent, country, level, date or start."""
    region = natural.region_id("LT", "Alytaus apskritis")
    assert is_uuid(region) and region == natural.region_id("lt", "ALYTAUS APSKRITIS")
    assert region != natural.region_id("LV", "Alytaus apskritis")
    library = natural.library_id(region, "Lazdijų biblioteka")
    assert library != natural.library_id(natural.region_id("LT", "Kitas"), "Lazdijų biblioteka")
    assert natural.programme_id_for_title("Saugus internetas", "beginner") != (
        natural.programme_id_for_title("Saugus internetas", "advanced")
    )
    day = dt.date(2025, 3, 14)
    ten = natural.session_id("g", None, "b", day, dt.time(10, 0))
    assert ten == natural.session_id("g", "p", "other", day, dt.time(10, 0, 30))
    assert ten != natural.session_id("g", None, "b", day, None)
    assert natural.session_id(None, "p", "b", day, None) != natural.session_id(
        None, "p", "c", day, None
    )


def test_two_stores_initialised_with_name_variants_share_place_ids(tmp_path: Path) -> None:
    """Three devices typing the same places in other case/diacritics get the same three ids."""
    places = []
    for n, names in enumerate(VARIANTS):
        store = _initialised(tmp_path / f"d{n}", names, f"PC-{n}")
        try:
            me = setup.identity(store)
            places.append((me.region_id, me.library_id, me.branch_id))
        finally:
            store.close()
    region = natural.region_id("LT", VARIANTS[0][0])
    library = natural.library_id(region, VARIANTS[0][1])
    assert places == [(region, library, natural.branch_id(library, VARIANTS[0][2]))] * 3


def test_ensure_branch_finds_a_variant_spelling(store: Store) -> None:
    """ensure_branch with the set-up names in capitals finds the device's own places."""
    me = setup.identity(store)
    with store.uow() as uow:
        placed = org.ensure_branch(
            uow, region=VARIANTS[1][0], library=VARIANTS[1][1], branch=VARIANTS[1][2]
        )
    assert (placed.region_id, placed.library_id, placed.branch_id) == (
        me.region_id,
        me.library_id,
        me.branch_id,
    )
    assert placed.changed.empty


def test_adding_a_known_place_returns_it_and_writes_nothing(store: Store) -> None:
    """add_region/add_library/add_branch of an existing place return its id, create nothing."""
    me = setup.identity(store)
    before = counts(store)
    with store.uow() as uow:
        region = org.add_region(uow, "alytaus apskritis")
    with store.uow() as uow:
        library = org.add_library(uow, me.region_id, VARIANTS[2][1])
    with store.uow() as uow:
        branch = org.add_branch(uow, me.library_id, "BŪDVIEČIO PADALINYS", rural=True)
    assert (region.id, library.id, branch.id) == (me.region_id, me.library_id, me.branch_id)
    assert region.empty and library.empty and branch.empty
    assert counts(store) == before


def test_a_renamed_place_keeps_its_id_and_is_found_by_its_first_name(store: Store) -> None:
    """A branch renamed after creation keeps its id; adding the old name returns that row."""
    with store.uow() as uow:
        library = org.find_branches(uow)[0].library_id
    with store.uow() as uow:
        first = org.add_branch(uow, library, "Seiliūnų padalinys")
    with store.uow() as uow:
        org.edit_branch(uow, first.id, name="Seiliūnų kaimo padalinys")
    with store.uow() as uow:
        again = org.add_branch(uow, library, "Seiliūnų padalinys")
    assert again.id == first.id == natural.branch_id(library, "Seiliūnų padalinys")
    assert again.empty


def test_a_deleted_place_added_again_is_restored_under_its_id(store: Store) -> None:
    """Deleting a branch and adding it again re-inserts the same id with a new causal length."""
    with store.uow() as uow:
        library = org.find_branches(uow)[0].library_id
    with store.uow() as uow:
        first = org.add_branch(uow, library, "Verstaminų skyrius")
    with store.uow() as uow:
        records.delete(uow, "branch", first.id)
    with store.uow() as uow:
        again = org.add_branch(uow, library, "Verstaminų skyrius")
    with store.read() as conn:
        cl = conn.execute(
            select(Clock.cl).where(
                Clock.tbl == "branch", Clock.row_id == first.id, Clock.field == "*"
            )
        ).scalar_one()
    assert again.id == first.id and again.restored and again.created == {"branch": [first.id]}
    assert cl == 3


def test_a_place_added_before_natural_ids_is_found_by_name(store: Store) -> None:
    """A library with an older, random id is found by its folded name, not added twice."""
    me = setup.identity(store)
    with store.uow() as uow:
        uow.session.add(Library(id="legacy-library", region_id=me.region_id, name="Kauno VB"))
        uow.commit()
    with store.uow() as uow:
        found = org.add_library(uow, me.region_id, "KAUNO VB")
    assert found.id == "legacy-library" and found.empty


def test_coded_programme_has_the_code_id_and_is_not_added_twice(store: Store) -> None:
    """A programme with a code gets the code's id; the same code again returns that entry."""
    with store.uow() as uow:
        first = programmes.create_programme(uow, 8, code="PL-1", title_lt="Saugus internetas")
    with store.uow() as uow:
        again = programmes.create_programme(uow, 16, code=" pl-1 ", title_lv="Drošs internets")
    with store.read() as conn:
        rows = conn.execute(select(Programme.id, Programme.academic_hours)).all()
    assert first.first("programme") == first.id == natural.programme_id_for_code("PL-1")
    assert again.id == first.id and again.empty
    assert [tuple(r) for r in rows] == [(first.id, 8.0)]


def test_uncoded_programmes_keep_random_ids(store: Store) -> None:
    """Hand-made programmes without a code are separate entries with UUIDv7 ids."""
    ids = []
    for _ in range(2):
        with store.uow() as uow:
            ids.append(programmes.create_programme(uow, 8, title_lt="Saugus internetas").id)
    assert ids[0] != ids[1]
    assert all(i[14] == "7" for i in ids)


def test_two_stores_give_one_region_and_library_after_replay(tmp_path: Path) -> None:
    """Two devices' outboxes replayed into one empty store: one region, one library row."""
    stores = [
        _initialised(tmp_path / "a", VARIANTS[0], "PC-a"),
        _initialised(tmp_path / "b", (*VARIANTS[1][:2], "Seiliūnų padalinys"), "PC-b"),
    ]
    target = merged(tmp_path / "merged", stores)
    try:
        with target.read() as conn:
            regions = conn.execute(select(Region.id)).scalars().all()
            libraries = conn.execute(select(Library.id)).scalars().all()
            branches = conn.execute(select(Branch.name)).scalars().all()
    finally:
        target.close()
        for store in stores:
            store.close()
    assert len(regions) == 1 and len(libraries) == 1
    assert sorted(branches) == ["Būdviečio padalinys", "Seiliūnų padalinys"]
