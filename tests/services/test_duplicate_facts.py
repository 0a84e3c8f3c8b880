"""Joining two records never loses a known ESF+ fact: the reports take what the kept record
leaves unrecorded from the other record, the default keeps the record that knows more, the
pair shows the facts, and "separate" gives back exactly what each record says."""

from __future__ import annotations

import datetime as dt

import pytest

from libtrainer.reports.api import run_report
from libtrainer.reports.filters import ReportFilters
from libtrainer.reports.personfacts import merged
from libtrainer.services import duplicates, participants
from libtrainer.services.duplicate_records import find
from libtrainer.store.store import Store
from tests.services.support import DAY, World, build_world
from tests.services.test_duplicates import attend, person


@pytest.fixture
def world(store: Store) -> World:
    return build_world(store, people=0)


def esf(store: Store) -> dict[str, int]:
    filters = ReportFilters(dt.date(DAY.year, 1, 1), dt.date(DAY.year, 12, 31))
    report = run_report(store, "esf", filters)
    return {r.key: int(r.values[1]) for r in report.section("indicators").rows}


def kikute(store: Store, world: World) -> tuple[str, str]:
    """Skaidrīte Ķikute: 1944, a woman, retired at one branch (one session); nothing but her
    name at the other (two sessions)."""
    known = person(store, "Skaidrīte", "Ķikute", 1944)
    with store.uow() as uow:
        participants.edit_participant(
            uow, known, gender="female", labour_status="retired", disability=True
        )
    bare = person(store, "Skaidrīte", "Ķikute", None)
    attend(store, world, [known, bare])
    attend(store, world, [bare], DAY + dt.timedelta(days=7))
    return known, bare


def test_keeping_the_bare_record_still_counts_what_the_other_knows(
    store: Store, world: World
) -> None:
    """Keeping the bare record still counts 1944 and the rest; "separate" restores exactly."""
    known, bare = kikute(store, world)
    before = esf(store)
    assert (before["total"], before["age_55_plus"], before["age_unknown"]) == (2, 1, 1)
    with store.uow() as uow:
        duplicates.same_person(uow, known, bare, keep=bare)
    kept_bare = esf(store)
    assert kept_bare["total"] == 1
    assert (kept_bare["age_55_plus"], kept_bare["age_unknown"]) == (1, 0)
    assert (kept_bare["women"], kept_bare["inactive"], kept_bare["disability"]) == (1, 1, 1)
    assert kept_bare["gender_unknown"] == kept_bare["disability_unknown"] == 0
    with store.uow() as uow:
        duplicates.separate(uow, known)
    assert esf(store) == before
    with store.uow() as uow:
        duplicates.same_person(uow, known, bare, keep=known)
    assert esf(store) == kept_bare


def test_by_default_the_record_that_knows_more_is_kept(store: Store, world: World) -> None:
    """The record that knows more is kept by default, though it has fewer sessions."""
    known, bare = kikute(store, world)
    with store.uow() as uow:
        duplicates.same_person(uow, bare, known)
    with store.uow() as uow:
        assert duplicates.persons(uow) == {bare: known}


def test_the_kept_record_wins_a_conflict_and_the_pair_shows_it(store: Store, world: World) -> None:
    """Two known, different birth years: the kept record's counts, and the pair says so."""
    a = person(store, "Kristīne", "Kalniņa", 1950)
    b = person(store, "Kristīne", "Kalniņa", 1949)
    attend(store, world, [a, b])
    with store.uow() as uow:
        first, second = duplicates.records(uow, [a, b])
    assert first.differs(second) == ["birth_year"]
    with store.uow() as uow:
        duplicates.same_person(uow, a, b, keep=b)
    filters = ReportFilters(dt.date(DAY.year, 1, 1), dt.date(DAY.year, 12, 31))
    age = DAY.year - 1949
    report = run_report(store, "esf", filters)
    rows = {r.key: r.values[1] for r in report.section("indicators").rows}
    assert rows["total"] == 1 and rows["age_55_plus"] == (1 if age >= 55 else 0)


def test_a_confirmed_group_shows_the_facts_the_reports_count(store: Store, world: World) -> None:
    """A group kept by a bare record shows its other record's facts, marked as taken."""
    known, bare = kikute(store, world)
    third = person(store, "Skaidrite", "Kikute", 1944)
    with store.uow() as uow:
        duplicates.same_person(uow, known, bare, keep=bare)
    with store.uow() as uow:
        (pair,) = duplicates.candidates(uow).pairs
    group = pair.first if pair.first.id == bare else pair.second
    assert {pair.first.id, pair.second.id} == {bare, third}
    assert group.birth_year == 1944 and group.gender == "female"
    assert {"birth_year", "gender", "labour_status", "disability"} <= group.taken


def test_the_rule_takes_each_fact_from_the_first_record_that_knows_it() -> None:
    """Kept values win; each unknown one comes from the first other record (by id) knowing it."""
    facts, taken = merged(
        {"birth_year": None, "gender": "male", "labour_status": "unknown"},
        [
            {"birth_year": None, "gender": "female", "labour_status": "employed"},
            {"birth_year": 1950, "labour_status": "retired", "rural": False},
        ],
    )
    assert facts["birth_year"] == 1950 and facts["gender"] == "male"
    assert facts["labour_status"] == "employed" and facts["rural"] is False
    assert taken == {"birth_year", "labour_status", "rural"}


def test_any_record_is_found_by_name_for_a_pair_not_offered(store: Store, world: World) -> None:
    """Kaliņa 1950 / Kalniņa 1949, never offered, are found by name and joined."""
    a = person(store, "Ilze", "Kaliņa", 1950)
    b = person(store, "Ilze", "Kalniņa", 1949)
    with store.uow() as uow:
        assert duplicates.candidates(uow).pairs == []
        assert [r.id for r in find(uow, "ilze kal")] == [a, b]
        assert [r.id for r in find(uow, "kalnina")] == [b]
        duplicates.same_person(uow, a, b, keep=a)
    with store.uow() as uow:
        assert duplicates.persons(uow) == {b: a}


def test_a_found_record_says_whom_it_is_counted_as(store: Store, world: World) -> None:
    """After joining, a search marks the record counted as another (naming that person) and
    the kept record with how many are counted as it; a lone record carries neither."""
    a = person(store, "Ilze", "Kaliņa", 1950)
    b = person(store, "Ilze", "Kalniņa", 1949)
    c = person(store, "Ilze", "Kalnina", None)
    with store.uow() as uow:
        duplicates.same_person(uow, a, b, keep=b)
    with store.uow() as uow:
        found = {r.id: r for r in find(uow, "ilze kal")}
    assert (found[a].counted_as_id, found[a].counted_as, found[a].person) == (b, "Ilze Kalniņa", b)
    assert (found[b].counted_as_id, found[b].others, found[b].person) == (None, 1, b)
    assert (found[c].counted_as_id, found[c].counted_as, found[c].others) == (None, "", 0)
