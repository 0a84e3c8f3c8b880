"""Every report kind gives the same tables on PostgreSQL as on the SQLite store.

The same hand-built rows are inserted into a fresh PostgreSQL database (schema from the
models) and into an encrypted SQLite store; each report is run on both and compared cell by
cell. The server comes from ``tests.sync.pgserver`` (skipped without PostgreSQL, except in CI).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import create_engine

from libtrainer.reports.api import run_report
from libtrainer.reports.filters import ReportFilters, Scope
from libtrainer.store.models import Base
from libtrainer.store.store import Store
from tests.reports.known_store import Y2024, build, i, known_store_at
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
    ("esf", ("half", "target_group"), {}),
    ("esf", (), {"age_rules": "2014"}),
    ("sessions", ("region", "half"), {}),
    ("sessions", ("library", "quarter"), {"scope": Scope("region", i("rA"))}),
    ("consultations", ("branch", "month"), {}),
    ("impact", ("programme", "branch"), {}),
]


@pytest.fixture(scope="module")
def known(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    with known_store_at(tmp_path_factory.mktemp("known") / "data") as store:
        yield store


@pytest.fixture(scope="module")
def pg(postgres: Server) -> Iterator[Any]:  # noqa: F811 - fixture from pgserver
    engine = create_engine(postgres.create_database("reports_known"))
    Base.metadata.create_all(engine)
    with engine.begin() as conn:
        build(conn)
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
