"""A place the store does not know: refused on a computer of a region (its places come from
the coordinator's catalogue), with the closest known names; elsewhere made and listed, with a
note when its name is close to a known one."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from libtrainer.services import org
from libtrainer.services.register import import_register
from libtrainer.services.register.resolve import closest
from libtrainer.services.register.summary import describe
from libtrainer.store.models import Branch
from libtrainer.store.store import Store

from .support import counts, row, write_register

JOINING = "sync_join_pending"  # sync.enroll.META_JOINING: this computer is in a region


def _with_seiliunai(store: Store) -> None:
    with store.uow() as uow:
        org.ensure_branch(
            uow,
            region="Alytaus apskritis",
            library="Lazdijų r. savivaldybės viešoji biblioteka",
            branch="Seiliūnų padalinys",
        )


def _branches(store: Store) -> set[str]:
    with store.read() as conn:
        return set(conn.execute(select(Branch.name)).scalars())


def test_a_region_computer_refuses_an_unknown_branch_and_offers_the_closest(
    store: Store, tmp_path: Path
) -> None:
    """ "Seilių padalinys" on a region's computer: every row refused, "Did you mean …?"."""
    _with_seiliunai(store)
    _with_programme(store)
    store.set_meta(JOINING, "1")
    before = counts(store)
    rows = [
        row(branch="Seiliūnų padalinys"),
        row(branch="Seilių padalinys", given_name="Petras", family_name="Jonaitis"),
        row(branch="seiliu padalinys", given_name="Rita", family_name="Jonaitė"),
    ]
    result = import_register(store, write_register(tmp_path / "r.xlsx", rows))
    assert [(e.row, e.column) for e in result.errors] == [(3, "branch"), (4, "branch")]
    assert "Did you mean Seiliūnų padalinys?" in result.errors[0].reason
    assert "“Seilių padalinys”" in result.errors[0].reason
    assert counts(store) == before


def test_a_region_computer_refuses_an_unknown_library_too(store: Store, tmp_path: Path) -> None:
    """An unknown library on a region's computer is refused on the library column."""
    _with_programme(store)
    store.set_meta(JOINING, "1")
    rows = [row(library="Lazdiju r. savivaldybes viesoji bibl.", branch="Kapčiamiesčio filialas")]
    result = import_register(store, write_register(tmp_path / "r.xlsx", rows))
    assert [e.column for e in result.errors] == ["library"]
    assert "Lazdijų r. savivaldybės viešoji biblioteka" in result.errors[0].reason
    assert not result.written


def test_a_computer_in_no_region_makes_the_branch_and_notes_a_close_name(
    store: Store, tmp_path: Path
) -> None:
    """Without a region the branch is made and listed, and its likeness to a known one said."""
    _with_seiliunai(store)
    rows = [row(branch="Seilių padalinys")]
    dry = import_register(store, write_register(tmp_path / "r.xlsx", rows), dry_run=True)
    text = "\n".join(describe(dry))
    assert "New branches (1): Seilių padalinys" in text
    assert "New branch “Seilių padalinys” has a name close to Seiliūnų padalinys" in text
    result = import_register(store, write_register(tmp_path / "r.xlsx", rows))
    assert result.written and "Seilių padalinys" in _branches(store)


def test_a_new_branch_unlike_any_known_has_no_note(store: Store, tmp_path: Path) -> None:
    """A branch name not close to any known one is made and listed without a typo note."""
    rows = [row(branch="Kapčiamiesčio filialas")]
    result = import_register(store, write_register(tmp_path / "r.xlsx", rows), dry_run=True)
    assert result.plan.created["branches"] == ["Kapčiamiesčio filialas"]
    assert result.plan.similar == []


def test_closest_compares_folded_names() -> None:
    """Case and diacritics aside, the most alike names come first; unlike ones not at all."""
    known = ["Seiliūnų padalinys", "Būdviečio padalinys", "Kapčiamiesčio filialas"]
    assert closest("SEILIU padalinys", known) == ["Seiliūnų padalinys"]
    assert closest("Veisiejų filialas", known) == []


def _with_programme(store: Store) -> None:
    from libtrainer.services import programmes

    with store.uow() as uow:
        programmes.add_programme(
            uow, 16, title_lt="Skaitmeninės technologijos TAU", level="beginner"
        )


def test_a_region_computer_refuses_an_unknown_programme_and_offers_the_closest(
    store: Store, tmp_path: Path
) -> None:
    """A programme missing from the region's catalogue is refused on its rows, nothing made."""
    _with_programme(store)
    store.set_meta(JOINING, "1")
    before = counts(store)
    rows = [
        row(),
        row(programme="Skaitmenines technologijos TAU2", given_name="Petras", group="T 3"),
        row(programme="Išmanusis telefonas senjorams", given_name="Rita", group="T 2"),
    ]
    result = import_register(store, write_register(tmp_path / "r.xlsx", rows))
    assert [(e.row, e.column) for e in result.errors] == [(3, "programme"), (4, "programme")]
    assert "Did you mean Skaitmeninės technologijos TAU?" in result.errors[0].reason
    assert "ask the coordinator to add it" in result.errors[1].reason
    assert counts(store) == before


def test_a_computer_in_no_region_makes_a_new_programme_from_the_register(
    store: Store, tmp_path: Path
) -> None:
    """Without a region a register's new programme is made and listed, as before."""
    _with_programme(store)
    rows = [row(programme="Išmanusis telefonas senjorams", group="T 2")]
    result = import_register(store, write_register(tmp_path / "r.xlsx", rows))
    assert result.errors == []
    assert list(result.plan.created["programmes"]) == ["Išmanusis telefonas senjorams"]


def test_a_computer_in_no_region_notes_a_new_programme_close_to_a_known_one(
    store: Store, tmp_path: Path
) -> None:
    """A new programme whose title is close to the catalogue's is made and its likeness said."""
    _with_programme(store)
    rows = [row(programme="Skaitmenines technologijos TAU2", group="T 3")]
    result = import_register(store, write_register(tmp_path / "r.xlsx", rows))
    assert result.errors == []
    text = "\n".join(describe(result))
    assert "New programme “Skaitmenines technologijos TAU2” has a name close to" in text
