"""Hours rounded to 2 decimals on their own: rows are never adjusted, a note says when they
do not add up to the total (docs/decisions/0404)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import openpyxl
import pytest

from libtrainer.reports.api import export_report, run_report
from libtrainer.reports.filters import ReportFilters
from libtrainer.reports.model import Column, Report, Row, Section
from libtrainer.services.register import import_register
from libtrainer.store.store import Store
from tests.services.register.support import row, write_register

NOTE = "rows may not add up to the total exactly"
SPRING = ReportFilters(dt.date(2025, 3, 1), dt.date(2025, 4, 30))


def _section(rows: list[float], total: float) -> Section:
    cols = [Column("month", "Month", "text"), Column("academic_hours", "Hours", "hours")]
    return Section(
        "month",
        "By month",
        cols,
        [Row(str(i), [str(i), v]) for i, v in enumerate(rows)],
        ["Total", total],
    )


@pytest.mark.parametrize(
    ("rows", "total", "missed"),
    [
        ([1.11, 4.44], 5.56, True),  # 50 / 45 + 4 × 50 / 45, each rounded
        ([1.11, 4.44], 5.55, False),
        ([1.5, 2], 3.5, False),
        ([10, 12], 15, False),  # people in several rows: not rounding, no rounding note
    ],
)
def test_a_table_misses_its_total_only_by_rounding(
    rows: list[float], total: float, missed: bool
) -> None:
    """Rows 1.11 + 4.44 against a total of 5.56 are a rounding gap; 5.55 or overlaps are not."""
    assert _section(rows, total).rows_miss_total() is missed


def _months(store: Store, tmp_path: Path, days: list[dt.date], cell: str) -> Report:
    rows = [row(date=d, academic_hours=cell) for d in days]
    result = import_register(store, write_register(tmp_path / "r.xlsx", rows))
    assert result.errors == [] and result.written
    return run_report(store, "summary", SPRING)


def test_rows_are_rounded_each_and_a_note_says_they_miss_the_total(
    store: Store, tmp_path: Path
) -> None:
    """One 50-minute session in March, four in April: rows 1.11 and 4.44, Total 5.56, a note."""
    days = [dt.date(2025, 3, 3)] + [dt.date(2025, 4, d) for d in (1, 8, 15, 22)]
    report = _months(store, tmp_path, days, "50 min")
    months = report.section("month")
    assert [r.values[months.index("academic_hours")] for r in months.rows] == [1.11, 4.44]
    assert months.value("total", "academic_hours") == 5.56
    [note] = [n for n in report.notes if NOTE in n]
    assert months.title in note
    exported = {fmt: export_report(report, fmt, tmp_path / f"r.{fmt}") for fmt in ("csv", "json")}
    assert NOTE in exported["csv"].read_text(encoding="utf-8-sig")
    assert note in json.loads(exported["json"].read_text(encoding="utf-8"))["notes"]
    book = openpyxl.load_workbook(export_report(report, "xlsx", tmp_path / "r.xlsx"))
    cover = [
        c for ws in book.worksheets[:1] for line in ws.iter_rows(values_only=True) for c in line
    ]
    assert note in cover


def test_no_rounding_note_when_the_rows_add_up(store: Store, tmp_path: Path) -> None:
    """Sessions typed in academic hours add up row by row: no note about rounding."""
    days = [dt.date(2025, 3, 3)] + [dt.date(2025, 4, d) for d in (1, 8, 15, 22)]
    report = _months(store, tmp_path, days, "1.5")
    assert not any(NOTE in n for n in report.notes)
