"""Impact: pre/post self-assessments (1–5) per programme, only where both exist.

P1: p17 2→4, p29 3→3, p30 2→3 (Ona has only a pre score: left out); P2: lib1 3→5.
"""

from __future__ import annotations

from collections.abc import Iterator

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

    assert row(i("P1")) == (3, 2.33, 3.33, 1, 2, 0.67)
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
