"""Sessions typed on two computers and decided "same" count once in every report.

The known store with ``twins=True`` adds G1b, a laptop's copy of group G1: sessions S1b and S2b
(decided the same as S1 and S2), their marks (Ona under her second record at S1b) and the
same completions. Every report must equal the known store's (docs/decisions/0402).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import insert, update

from libtrainer.domain.ids import fact_id
from libtrainer.reports.api import run_report
from libtrainer.reports.filters import ReportFilters
from libtrainer.reports.work import Workspace
from libtrainer.store import models as m
from libtrainer.store.capture import capture_suspended
from libtrainer.store.store import Store
from tests.reports.known_store import Y2024, i, known_store_at, twin_pair

#: Every report kind and the breakdowns that see groups, places and periods.
KINDS = [
    (
        "summary",
        ("region", "library", "branch", "programme", "target_group", "month", "referrer", "level"),
        {},
    ),
    ("summary", ("quarter", "half", "year"), {}),
    ("esf", ("half", "target_group", "branch"), {}),
    ("esf", ("half",), {"new_entrants": True}),
    ("sessions", ("branch", "month"), {}),
    ("sessions", ("programme", "quarter"), {}),
    ("impact", ("programme", "branch"), {}),
]


def tables(store: Store, kind: str, by: tuple[str, ...], extra: dict[str, Any]) -> list[Any]:
    report = run_report(store, kind, ReportFilters(*Y2024, **extra), by=by)
    return [(s.key, s.table()) for s in report.sections]


def totals(store: Store) -> dict[str, Any]:
    report = run_report(store, "summary", ReportFilters(*Y2024), by=("year",))
    return {r.key: r.values[1] for r in report.sections[0].rows}


@pytest.fixture(scope="module")
def plain(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    with known_store_at(tmp_path_factory.mktemp("plain") / "data") as store:
        yield store


@pytest.fixture(scope="module")
def twins(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    with known_store_at(tmp_path_factory.mktemp("twins") / "data", twins=True) as store:
        yield store


@pytest.fixture
def fresh(tmp_path: Path) -> Iterator[Store]:
    """A twin store of its own, for tests that change it."""
    with known_store_at(tmp_path / "data", twins=True) as store:
        yield store


def write(store: Store, stmt: Any) -> None:
    with store.engine.begin() as conn, capture_suspended(conn):
        conn.execute(stmt)


def decide(store: Store, decision: str) -> None:
    t = m.SessionTwin
    write(store, update(t).values(decision=decision))


@pytest.mark.parametrize(("kind", "by", "extra"), KINDS)
def test_sessions_typed_twice_change_no_report(
    plain: Store, twins: Store, kind: str, by: tuple[str, ...], extra: dict[str, Any]
) -> None:
    """With both pairs decided "same", every section equals the report without the copies."""
    assert tables(twins, kind, by, extra) == tables(plain, kind, by, extra)


@pytest.mark.parametrize("upsert", [True, False])
def test_both_grain_builds_count_a_twin_once(
    plain: Store, twins: Store, upsert: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The SQLite upsert and the portable (PostgreSQL) builds give the same figures."""
    monkeypatch.setattr(Workspace, "upsert", upsert)
    by = ("branch", "month")
    assert tables(twins, "summary", by, {}) == tables(plain, "summary", by, {})


def test_totals_count_the_copied_group_sessions_and_people_once(twins: Store) -> None:
    """The hand count of the known store: 10 people, 18 attendances, 8 sessions, 3 groups,
    23.5 academic hours, 45.5 participant-hours, 9 enrolled, 7 completions."""
    got = totals(twins)
    assert {k: got[k] for k in ("participants", "attendances", "sessions", "groups")} == {
        "participants": 10,
        "attendances": 18,
        "sessions": 8,
        "groups": 3,
    }
    assert (got["academic_hours"], got["participant_hours"]) == (23.5, 45.5)
    assert (got["enrolled"], got["completions"]) == (9, 7)


def test_per_person_attendance_counts_once(twins: Store) -> None:
    """Gabija (present at S1, S1b, S2, S2b, S5) has 3 attendances and 5.5 hours in Sangrūda's
    group and the seminar, as without the copies."""
    with twins.read() as conn, Workspace(conn, ReportFilters(*Y2024)) as ws:
        ws.build()
        from libtrainer.reports.work import PERSON  # noqa: PLC0415

        row = conn.execute(PERSON.select().where(PERSON.c.person == i("p17"))).one()._mapping
        ona = conn.execute(PERSON.select().where(PERSON.c.person == i("p55"))).one()._mapping
    assert (row["n"], row["hours"]) == (3, 5.5)
    assert (ona["n"], ona["hours"]) == (3, 7.0)  # S1, S2 (with S1b, S2b, two records), S3


def test_separate_counts_the_copies_again(fresh: Store) -> None:
    """Decided "separate" (or "different"): two more sessions, their hours, the copied group
    and its completions count again; people still once."""
    decide(fresh, "separate")
    got = totals(fresh)
    assert (got["sessions"], got["academic_hours"], got["groups"]) == (10, 27.5, 4)
    assert got["participants"] == 10
    assert got["attendances"] == 24 and got["completions"] == 10
    decide(fresh, "different")
    assert totals(fresh)["sessions"] == 10
    decide(fresh, "same")
    assert totals(fresh)["sessions"] == 8


def test_a_later_mark_on_either_session_counts(fresh: Store) -> None:
    """A person marked present later at the copy only (Mantas, absent at S1b, then present
    at S2b) is counted at that session; at the original too, once."""
    before = totals(fresh)
    row = {"session_id": i("S2b"), "participant_id": i("p18"), "mark": "present"}
    write(fresh, insert(m.Attendance).values(id=fact_id("attendance", i("S2b"), i("p18")), **row))
    after = totals(fresh)
    assert after["attendances"] == before["attendances"] + 1
    assert after["participant_hours"] == before["participant_hours"] + 2
    assert after["sessions"] == before["sessions"]
    write(
        fresh,
        update(m.Attendance)
        .where(m.Attendance.id == fact_id("attendance", i("S2"), i("p18")))
        .values(mark="present"),
    )
    assert totals(fresh)["attendances"] == after["attendances"]


def test_the_representatives_length_is_counted(fresh: Store) -> None:
    """When the two lengths differ, the component counts the length of its representative
    (the session of the group with more sessions: G1, three against two) for academic and
    participant-hours."""
    write(
        fresh,
        update(m.TrainingSession)
        .where(m.TrainingSession.id.in_([i("S1b"), i("S2b")]))
        .values(academic_hours=1.0),
    )
    got = totals(fresh)
    assert (got["sessions"], got["academic_hours"], got["participant_hours"]) == (8, 23.5, 45.5)
    write(
        fresh,
        update(m.TrainingSession)
        .where(m.TrainingSession.id.in_([i("S1"), i("S2")]))
        .values(academic_hours=1.0),
    )
    got = totals(fresh)
    assert (got["academic_hours"], got["participant_hours"]) == (23.5 - 2, 45.5 - 7)


def test_a_pair_on_different_days_is_not_counted_as_one(fresh: Store) -> None:
    """A copy moved to another day since the decision is a session of its own again."""
    write(
        fresh,
        update(m.TrainingSession)
        .where(m.TrainingSession.id == i("S1b"))
        .values(date=Y2024[0].replace(month=3, day=6)),
    )
    assert totals(fresh)["sessions"] == 9


def test_three_sessions_linked_by_two_pairs_are_one(fresh: Store) -> None:
    """S1–S1b and S1b–S1c (a third computer) make one session whatever the order."""
    s = m.TrainingSession
    write(
        fresh,
        insert(s).values(
            id=i("S1c"),
            group_id=None,
            programme_id=i("P1"),
            branch_id=i("sangruda"),
            lecturer_id=None,
            date=Y2024[0].replace(month=3, day=5),
            academic_hours=2.0,
        ),
    )
    write(fresh, insert(m.SessionTwin).values(**twin_pair("S1c", "S1b")))
    got = totals(fresh)
    assert (got["sessions"], got["groups"], got["academic_hours"]) == (8, 3, 23.5)
