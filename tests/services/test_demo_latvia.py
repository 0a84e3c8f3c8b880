"""Demonstration data in the store's country: Latvian throughout for a Latvian store (names,
groups, referrers, places, topics, notes), Lithuanian for a Lithuanian one."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from libtrainer.services import checks, demo, setup, storefile
from libtrainer.store.store import Store

REF = dt.date(2026, 3, 16)
LT_ONLY = set("ąęėįųĄĘĖĮŲ")
LV_ONLY = set("āēīķļņģĀĒĪĶĻŅĢ")


def rows(store: Store, sql: str) -> list[Any]:
    with store.read() as conn:
        return list(conn.exec_driver_sql(sql).all())


def texts(store: Store, sql: str) -> list[str]:
    return [str(v) for (v,) in rows(store, sql) if v]


def _store(folder: Path, country: str) -> Store:
    store = storefile.create(folder / "data", demo=True)
    lv = country == "LV"
    setup.initialise(
        store,
        region="Vidzemes reģions" if lv else "Alytaus apskritis",
        library="Cēsu Centrālā bibliotēka" if lv else "Lazdijų r. savivaldybės viešoji biblioteka",
        branch="Priekuļu pagasta bibliotēka" if lv else "Būdviečio padalinys",
        device_name="Demo PC",
        role="branch",
        country=country,
    )
    return store


@pytest.fixture(scope="module")
def latvian(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """A branch-size demo in a store created with country LV."""
    store = _store(tmp_path_factory.mktemp("lv"), "LV")
    try:
        demo.fill(store, size="branch", seed=7, today=REF)
        yield store
    finally:
        store.close()


def test_latvian_demo_groups_are_latvian(latvian: Store) -> None:
    """Latvian group names and referrers (TVU, NVA), no Lithuanian-only letters, taught in lv."""
    groups = rows(latvian, "SELECT name, referrer_name, language FROM training_group")
    assert groups
    for name, referrer, language in groups:
        assert not set(name) & LT_ONLY and not set(referrer or "") & LT_ONLY, name
        assert language == "lv"
    names = " ".join(n for n, _r, _l in groups)
    assert "TVU grupa" in names and "NVA grupa" in names and "TAU" not in names
    assert "Priekuļu kopienas grupa" in names
    referrers = {r for _n, r, _l in groups}
    assert "Nodarbinātības valsts aģentūras Cēsu filiāle" in referrers


def test_latvian_demo_places_topics_and_notes_are_latvian(latvian: Store) -> None:
    """Places, topics and notes carry no Lithuanian-only letters; a home visit is Latvian."""
    written = (
        texts(latvian, "SELECT place FROM training_session")
        + texts(latvian, "SELECT topic FROM training_session")
        + texts(latvian, "SELECT notes FROM consultation")
        + texts(latvian, "SELECT notes FROM escout_visit")
        + texts(latvian, "SELECT place FROM escout_visit")
        + texts(latvian, "SELECT notes FROM participant")
    )
    assert written
    assert not [t for t in written if set(t) & LT_ONLY]
    assert "Dalībnieka mājās" in texts(latvian, "SELECT place FROM training_session")
    letters = set("".join(written))
    assert letters & LV_ONLY


def test_latvian_demo_people_are_mostly_latvian(latvian: Store) -> None:
    """Nine in ten residents and all staff have Latvian names; phones are Latvian numbers."""
    people = rows(latvian, "SELECT given_name || ' ' || family_name, phone FROM participant")
    lithuanian = [n for n, _p in people if set(n) & LT_ONLY]
    assert len(lithuanian) <= len(people) // 10
    assert set("".join(n for n, _p in people)) & LV_ONLY
    assert all(p.startswith("+371 2") for _n, p in people if p)
    staff = texts(latvian, "SELECT given_name || ' ' || family_name FROM staff")
    assert staff and not [s for s in staff if set(s) & LT_ONLY]
    assert "Asta Mickevičienė" not in staff


def test_latvian_programme_title_says_tvu(latvian: Store) -> None:
    """The Latvian title of the Third Age programme uses TVU (Trešā vecuma universitāte)."""
    titles = texts(latvian, "SELECT title_lv FROM programme WHERE code = 'PL-TAU'")
    assert titles == ["Digitālās tehnoloģijas TVU: nāc, uzzini, iemācies"]


def test_latvian_demo_is_healthy(latvian: Store) -> None:
    """check() finds the Latvian demo store healthy."""
    assert checks.check(latvian).healthy


def test_lithuanian_demo_stays_lithuanian(tmp_path: Path) -> None:
    """A Lithuanian store's groups, referrers and places stay Lithuanian, taught in lt."""
    store = _store(tmp_path, "LT")
    try:
        demo.fill(store, size="branch", seed=7, today=REF)
        groups = rows(store, "SELECT name, referrer_name, language FROM training_group")
        for name, referrer, language in groups:
            assert not set(name + (referrer or "")) & LV_ONLY, name
            assert language == "lt"
        assert any("TAU grupė" in n for n, _r, _l in groups)
        places = texts(store, "SELECT place FROM training_session")
        assert not [p for p in places if set(p) & LV_ONLY]
        assert "Dalyvio namuose" in places
    finally:
        store.close()


def test_latvian_region_demo_fills_latvian_libraries(tmp_path: Path) -> None:
    """A scaled-down Latvian region demo adds Latvian libraries, branches and groups."""
    store = _store(tmp_path, "LV")
    try:
        summary = demo.fill(store, size="region", seed=3, scale=0.02, today=REF)
        libraries = set(texts(store, "SELECT name FROM library"))
        assert {"Cēsu Centrālā bibliotēka", "Ogres Centrālā bibliotēka"} <= libraries
        branches = texts(store, "SELECT name FROM branch")
        assert "Amatas pagasta bibliotēka" in branches and len(branches) == summary.branches
        assert not [b for b in branches + list(libraries) if set(b) & LT_ONLY]
        groups = texts(store, "SELECT name FROM training_group")
        assert not [g for g in groups if set(g) & LT_ONLY]
        assert checks.check(store).healthy
    finally:
        store.close()
