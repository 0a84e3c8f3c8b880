"""Consultations in 2024: C1 (staff, Ona's duplicate record, two topics, 30 min, referred),
C2 (e-scout, Ona, smartphone, 20 min), C3 (staff, anonymous, banking, 15), C4 (e-scout,
anonymous, smartphone + safety, 25). C5 is in 2025."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from libtrainer.reports.api import run_report
from libtrainer.reports.filters import ReportFilters, Scope
from libtrainer.store.store import Store
from tests.reports.known_store import Y2024, i, known_store_at

FIGURES = ("consultations", "consultation_minutes", "named", "anonymous", "people", "referred")


@pytest.fixture(scope="module")
def known(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    with known_store_at(tmp_path_factory.mktemp("known") / "data") as store:
        yield store


def figures(section: object, key: str) -> tuple[object, ...]:
    return tuple(section.value(key, f) for f in FIGURES)  # type: ignore[attr-defined]


def test_totals_named_anonymous_and_people(known: Store) -> None:
    """4 consultations, 90 minutes, 2 named (one person: a confirmed duplicate), 2 anonymous."""
    report = run_report(known, "consultations", ReportFilters(*Y2024))
    assert figures(report.section("topic"), "total") == (4, 90, 2, 2, 1, 1)


def test_by_topic_counts_a_consultation_once_per_topic(known: Store) -> None:
    """Smartphone: C2 and C4 (45 min); each topic of C1 gets its 30 minutes."""
    section = run_report(known, "consultations", ReportFilters(*Y2024)).section("topic")
    got = {
        r.key: (section.value(r.key, "consultations"), section.value(r.key, "consultation_minutes"))
        for r in section.rows
    }
    assert got == {
        "e_government": (1, 30),
        "e_health": (1, 30),
        "smartphone": (2, 45),
        "banking": (1, 15),
        "safety": (1, 25),
    }


def test_by_who_helped_staff_or_escout(known: Store) -> None:
    """Library staff helped in C1 and C3; e-scouts in C2 and C4."""
    section = run_report(known, "consultations", ReportFilters(*Y2024)).section("helper")
    assert figures(section, "staff") == (2, 45, 1, 1, 1, 1)
    assert figures(section, "escout") == (2, 45, 1, 1, 1, 0)


def test_by_branch_and_month(known: Store) -> None:
    """Branches and months get their own tables, with the same totals row."""
    report = run_report(known, "consultations", ReportFilters(*Y2024))
    branch = report.section("branch")
    assert figures(branch, i("sangruda")) == (2, 50, 2, 0, 1, 1)
    assert figures(branch, i("aglona"))[:2] == (1, 25)
    month = report.section("month")
    assert [r.key for r in month.rows] == [f"2024-{m:02d}" for m in range(1, 13)]
    assert month.value("2024-03", "consultations") == 0
    assert month.value("2024-02", "consultation_minutes") == 50
    assert figures(month, "total") == (4, 90, 2, 2, 1, 1)


def test_scope_keeps_one_region(known: Store) -> None:
    """In Latgales reģions only C4 (anonymous, e-scout) took place in 2024."""
    report = run_report(
        known, "consultations", ReportFilters(*Y2024, scope=Scope("region", i("rB")))
    )
    assert figures(report.section("topic"), "total") == (1, 25, 0, 1, 0, 0)
