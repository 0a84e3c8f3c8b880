"""Every report kind gives the same tables on PostgreSQL as on the SQLite store.

The same hand-built rows, sessions typed twice included (decided "same", decision 0402), are
inserted into a fresh PostgreSQL database (schema from the models) and into an encrypted
SQLite store; each report is run on both and compared cell by
cell. The server comes from ``tests.sync.pgserver`` (skipped without PostgreSQL, except in CI).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import create_engine, insert, update

from libtrainer.reports import twins
from libtrainer.reports.api import run_report
from libtrainer.reports.facts import alias_rows
from libtrainer.reports.filters import ReportFilters, Scope
from libtrainer.store.capture import capture_suspended
from libtrainer.store.models import (
    Base,
    Participant,
    ParticipantAlias,
    SessionTwin,
    TrainingSession,
)
from libtrainer.store.store import Store
from tests.conftest import make_store
from tests.reports.known_store import SESSIONS, Y2024, build, i, known_store_at, twin_pair
from tests.sync.pgserver import Server, postgres  # noqa: F401 - the session's server

pytestmark = pytest.mark.postgres

CASES = [
    (
        "summary",
        (
            "region",
            "library",
            "branch",
            "programme",
            "target_group",
            "month",
            "quarter",
            "half",
            "year",
        ),
        {},
    ),
    ("summary", ("branch",), {"audience": "library_staff"}),
    ("summary", ("referrer", "level"), {}),
    ("esf", ("half", "target_group"), {}),
    ("esf", (), {"age_rules": "2014"}),
    ("esf", ("half",), {"new_entrants": True}),
    ("sessions", ("region", "half"), {}),
    ("sessions", ("library", "quarter"), {"scope": Scope("region", i("rA"))}),
    ("consultations", ("branch", "month"), {}),
    ("impact", ("programme", "branch"), {}),
]


@pytest.fixture(scope="module")
def known(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    with known_store_at(tmp_path_factory.mktemp("known") / "data", twins=True) as store:
        yield store


@pytest.fixture(scope="module")
def pg(postgres: Server) -> Iterator[Any]:  # noqa: F811 - fixture from pgserver
    engine = create_engine(postgres.create_database("reports_known"))
    Base.metadata.create_all(engine)
    with engine.begin() as conn:
        build(conn, twins=True)
    try:
        yield engine
    finally:
        engine.dispose()


@pytest.mark.parametrize(("kind", "by", "extra"), CASES)
def test_postgres_gives_the_same_tables(
    known: Store, pg: Any, kind: str, by: tuple[str, ...], extra: dict[str, Any]
) -> None:
    """Same sections, same rows in the same order, same numbers on both databases."""
    filters = ReportFilters(*Y2024, **extra)
    lite = run_report(known, kind, filters, by=by)
    with pg.connect() as conn:
        post = run_report(conn, kind, filters, by=by)
    assert [s.key for s in post.sections] == [s.key for s in lite.sections]
    for a, b in zip(post.sections, lite.sections):
        assert a.labels == b.labels
        assert [r.key for r in a.rows] == [r.key for r in b.rows]
        assert a.table() == b.table(), a.key


def test_postgres_known_answers(pg: Any) -> None:
    """Spot checks against the hand count: 10 people, Ona once, 18 attendances."""
    with pg.connect() as conn:
        report = run_report(conn, "summary", ReportFilters(*Y2024), by=("branch",))
    totals = {r.key: r.values[1] for r in report.sections[0].rows}
    assert (totals["participants"], totals["attendances"], totals["participant_hours"]) == (
        10,
        18,
        45.5,
    )
    assert report.section("branch").value(i("kalvarija"), "participants") == 6


def test_alias_chains_and_cycles_resolve_alike_on_postgres(
    postgres: Server,  # noqa: F811 - fixture from pgserver
    tmp_path: Any,
) -> None:
    """Confirmations a→b→c, d⇄e, a re-confirmation and a self-alias map the same on both."""
    people = [f"00000000-0000-4000-8000-00000000000{n}" for n in range(7)]
    day = dt.date(2025, 5, 1)
    edges = [  # (participant, canonical, confirmed on, alias id)
        (people[0], people[1], day, "a1"),
        (people[1], people[2], day, "a2"),
        (people[3], people[4], day, "a3"),
        (people[4], people[3], day, "a4"),
        (people[5], people[0], day, "a5"),
        (people[5], people[6], day + dt.timedelta(days=1), "a6"),  # the later one wins
        (people[6], people[6], day, "a7"),
    ]

    def fill(conn: Any) -> dict[str, str]:
        for pid in people:
            conn.execute(
                insert(Participant).values(
                    id=pid, given_name="Ona", family_name=pid[-1], name_key=f"ona {pid[-1]}"
                )
            )
        for pid, canonical, on, alias in edges:
            conn.execute(
                insert(ParticipantAlias).values(
                    id=i(alias), participant_id=pid, canonical_id=canonical, confirmed_on=on
                )
            )
        return dict(conn.execute(alias_rows()).all())

    engine = create_engine(postgres.create_database("alias_cycles"))
    Base.metadata.create_all(engine)
    try:
        with engine.begin() as conn:
            on_postgres = fill(conn)
    finally:
        engine.dispose()
    store = make_store(tmp_path / "data")
    try:
        with store.uow() as uow:
            on_sqlite = fill(uow.session.connection())
            uow.commit()
    finally:
        store.close()
    assert on_sqlite == {
        people[0]: people[2],
        people[1]: people[2],
        people[4]: people[3],  # the cycle's smallest id; it maps to nobody else
        people[5]: people[6],
    }
    assert on_postgres == on_sqlite


def test_session_components_and_copied_groups_resolve_alike_on_postgres(
    known: Store,
    pg: Any,
) -> None:
    """A third copy S1c linked in a cycle (S1–S1b, S1b–S1c, S1c–S1) and a "different" pair:
    the same components and the same summary (one session for the three) on both databases."""
    extra_session = {
        "id": i("S1c"),
        "group_id": None,
        "programme_id": i("P1"),
        "branch_id": i("sangruda"),
        "lecturer_id": None,
        "date": SESSIONS["S1"][3],
        "start_time": None,
        "academic_hours": 2.0,
        "place_kind": "branch",
        "place": None,
        "topic": None,
        "archived": False,
    }
    pairs = [twin_pair("S1b", "S1c"), twin_pair("S1c", "S1"), twin_pair("S3", "S4", "different")]

    def resolve(conn: Any) -> tuple[list[Any], list[Any]]:
        conn.execute(insert(TrainingSession).values(**extra_session))
        conn.execute(insert(SessionTwin), pairs)
        comps = conn.execute(twins.components(twins.same_edges(), "t")).all()
        report = run_report(conn, "summary", ReportFilters(*Y2024), by=("branch", "month"))
        return sorted(tuple(r) for r in comps), [s.table() for s in report.sections]

    with pg.connect() as conn:
        trans = conn.begin()
        on_postgres = resolve(conn)
        trans.rollback()
    with known.engine.connect() as conn:
        trans = conn.begin()
        with capture_suspended(conn):
            on_sqlite = resolve(conn)
        trans.rollback()
    comp = min(i("S1"), i("S1b"), i("S1c"))
    expected_nodes = sorted([i("S1"), i("S1b"), i("S1c"), i("S2"), i("S2b")])
    assert [n for n, _c in on_sqlite[0]] == expected_nodes
    assert {c for n, c in on_sqlite[0] if n in (i("S1"), i("S1b"), i("S1c"))} == {comp}
    assert on_postgres == on_sqlite
    totals = {row[0]: row[1] for row in on_sqlite[1][0]}
    assert totals["Sessions"] == 8


def test_facts_from_a_persons_other_record_alike_on_postgres(
    postgres: Server,  # noqa: F811 - fixture from pgserver
    tmp_path: Any,
) -> None:
    """Facts Ona's kept record lacks come from her other record, alike on both databases."""

    def forget(conn: Any) -> None:
        conn.execute(
            update(Participant)
            .where(Participant.id == i("p55"))
            .values(birth_year=None, gender="unspecified", labour_status="unknown")
        )
        conn.execute(
            update(Participant).where(Participant.id == i("p55dup")).values(gender="female")
        )

    engine = create_engine(postgres.create_database("reports_facts"))
    Base.metadata.create_all(engine)
    filters = ReportFilters(*Y2024)
    try:
        with engine.begin() as conn:
            build(conn)
            forget(conn)
        with engine.connect() as conn:
            post = run_report(conn, "esf", filters, by=("half",))
    finally:
        engine.dispose()
    with known_store_at(tmp_path / "data") as store:
        with store.engine.begin() as conn, capture_suspended(conn):
            forget(conn)
        lite = run_report(store, "esf", filters, by=("half",))
    got = {r.key: r.values[1] for r in lite.section("indicators").rows}
    assert (got["age_unknown"], got["gender_unknown"], got["women"]) == (1, 1, 4)
    assert (got["age_30_54"], got["age_55_plus"], got["inactive"]) == (6, 0, 1)
    assert [s.table() for s in post.sections] == [s.table() for s in lite.sections]
