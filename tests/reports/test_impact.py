"""Impact: pre/post self-assessments (1–5) per programme, only where both exist.

P1: p17 2→4, p29 3→3, p30 2→3 (Ona has only a pre score: left out); P2: lib1 3→5.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from libtrainer.reports.api import run_report
from libtrainer.reports.filters import ReportFilters
from libtrainer.store.store import Store
from tests.reports.known_store import Y2024, i, known_store_at

FIGURES = ("pairs", "mean_pre", "mean_post", "mean_change", "improved", "improved_share")


@pytest.fixture(scope="module")
def known(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    with known_store_at(tmp_path_factory.mktemp("known") / "data") as store:
        yield store


def test_change_per_programme_and_in_total(known: Store) -> None:
    """Means are over enrolments with both scores; the total is over all such enrolments."""
    section = run_report(known, "impact", ReportFilters(*Y2024)).section("programme")

    def row(key: str) -> tuple[object, ...]:
        return tuple(section.value(key, f) for f in FIGURES)

    assert row(i("P1")) == (3, 2.33, 3.33, 1, 2, pytest.approx(2 / 3))
    assert row(i("P2")) == (1, 3, 5, 2, 1, 1)
    assert row("total") == (4, 2.5, 3.75, 1.25, 3, 0.75)


def test_impact_by_branch_and_period_without_groups(known: Store) -> None:
    """By branch; and a period in which no assessed group met gives an empty table."""
    report = run_report(known, "impact", ReportFilters(*Y2024), by=("branch",))
    assert report.section("branch").value(i("sangruda"), "pairs") == 2
    import datetime as dt

    empty = run_report(known, "impact", ReportFilters(dt.date(2023, 1, 1), dt.date(2023, 12, 31)))
    assert empty.sections[0].rows == []
    assert empty.sections[0].value("total", "pairs") == 0


def _assess(store: Store, group: str, person: str, pre: int, post: int, *, enrol: bool) -> None:
    """Record a pre/post pair for ``person`` in ``group`` (enrolling them first if asked)."""
    from sqlalchemy import insert

    from libtrainer.domain.ids import fact_id
    from libtrainer.store import models as m
    from libtrainer.store.capture import capture_suspended

    enrolment = fact_id("enrolment", i(group), i(person))
    with store.engine.begin() as conn, capture_suspended(conn):
        if enrol:
            row = {"id": enrolment, "group_id": i(group), "participant_id": i(person)}
            row |= {"status": "completed", "enrolled_on": None, "certificate_issued": False}
            conn.execute(insert(m.Enrolment), [row])
        conn.execute(
            insert(m.Assessment),
            [
                {"id": fact_id("assessment", enrolment, ph), "enrolment_id": enrolment}
                | {"phase": ph, "score": sc, "date": None}
                for ph, sc in (("pre", pre), ("post", post))
            ],
        )


def _tables(store: Store, filters: ReportFilters) -> list[object]:
    report = run_report(store, "impact", filters, by=("programme", "branch"))
    return [s.table() for s in report.sections]


def test_a_pair_entered_on_two_computers_counts_once(known: Store, tmp_path: Path) -> None:
    """A group typed twice (decided "same") with the pair on both copies: one pair."""
    with known_store_at(tmp_path / "twins", twins=True) as twins:
        _assess(twins, "G1b", "p17", 2, 4, enrol=False)
        assert _tables(twins, ReportFilters(*Y2024)) == _tables(known, ReportFilters(*Y2024))


def test_a_pair_under_a_confirmed_duplicate_counts_once(tmp_path: Path) -> None:
    """The same person's pair under both of their records in one group is one pair."""
    with known_store_at(tmp_path / "dup") as store:
        _assess(store, "G2", "p55dup", 2, 4, enrol=False)
        _assess(store, "G2", "p55", 2, 4, enrol=True)
        section = run_report(store, "impact", ReportFilters(*Y2024)).section("programme")
        assert section.value(i("P1"), "pairs") == 4
        assert section.value("total", "pairs") == 5


def test_a_group_counts_in_the_half_year_it_ends(known: Store) -> None:
    """G2 (20 June – 4 July) counts in the second half only: the halves add up to the year."""
    import datetime as dt

    def pairs(start: dt.date, end: dt.date) -> object:
        return run_report(known, "impact", ReportFilters(start, end)).sections[0].total[1]  # type: ignore[index]

    first = pairs(dt.date(2024, 1, 1), dt.date(2024, 6, 30))
    second = pairs(dt.date(2024, 7, 1), dt.date(2024, 12, 31))
    assert (first, second) == (2, 2)
    assert pairs(*Y2024) == 4
