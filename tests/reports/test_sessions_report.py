"""Sessions and unique participants by region × half-year (how seminars are reported).

2024: Marijampolės apskritis held S1, S2, S3 in H1 (p17, p18, p29, Ona, p30, p54) and S4, S5 in
H2 (p30, pX, p17, pW); Latgales reģions held S6, S7 and S9 (nobody present) in H2 (lib1, lib2).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from libtrainer.reports.api import run_report
from libtrainer.reports.filters import ReportFilters
from libtrainer.store.store import Store
from tests.reports.known_store import Y2024, i, known_store_at


@pytest.fixture(scope="module")
def known(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    with known_store_at(tmp_path_factory.mktemp("known") / "data") as store:
        yield store


def test_region_by_half_year_table(known: Store) -> None:
    """Per region and half-year: sessions held and unique people; row totals count once."""
    section = run_report(known, "sessions", ReportFilters(*Y2024)).sections[0]
    assert [c.key for c in section.columns] == [
        "region",
        "2024-H1:sessions",
        "2024-H1:participants",
        "2024-H2:sessions",
        "2024-H2:participants",
        "sessions",
        "participants",
        "academic_hours",
    ]
    rows = {r.key: r.values[1:] for r in section.rows}
    assert rows[i("rA")] == [3, 6, 2, 4, 5, 8, 11.5]
    assert rows[i("rB")] == [0, 0, 3, 2, 3, 2, 12]
    assert section.total == ["Total", 3, 6, 5, 6, 8, 10, 23.5]


def test_group_spanning_two_half_years_counts_once_in_row_total(known: Store) -> None:
    """p30 came in June and July (group G2): in both half-years, once in the region total."""
    section = run_report(known, "sessions", ReportFilters(*Y2024)).sections[0]
    h1 = section.value(i("rA"), "2024-H1:participants")
    h2 = section.value(i("rA"), "2024-H2:participants")
    assert (h1, h2, section.value(i("rA"), "participants")) == (6, 4, 8)


def test_library_by_quarter_and_audience_filter(known: Store) -> None:
    """Rows and periods can be chosen; the staff audience keeps the librarians' seminar only."""
    report = run_report(
        known,
        "sessions",
        ReportFilters(*Y2024, audience="library_staff"),
        by=("library", "quarter"),
    )
    section = report.sections[0]
    # every library in scope is a row: Kalvarija held no staff training (zeros)
    assert [r.key for r in section.rows] == [i("lA"), i("lB")]
    assert section.value(i("lA"), "sessions") == 0
    assert section.value(i("lB"), "2024-Q4:sessions") == 3
    assert section.value(i("lB"), "2024-Q4:participants") == 2
    assert section.title.startswith("Sessions and unique participants")
