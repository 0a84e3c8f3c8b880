"""A register is read as the librarian sees it in Excel, or refused saying why (decision 0406):
look-alike headers, several sheets, hidden rows, merged cells, formulas without a value, CSV
rows that do not line up with the header, files that cannot be opened."""

from __future__ import annotations

import datetime as dt
import errno
import os
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

from libtrainer.domain.errors import LibtrainerError
from libtrainer.i18n import render, set_language
from libtrainer.services.register import import_register
from libtrainer.services.register.read import read_register
from libtrainer.services.register.summary import read_lines, to_json
from libtrainer.store.store import Store

from .support import KEYS, alpha, counts, headers, row, write_register


def _sheet(wb: Workbook, title: str, rows: list[dict[str, Any]], *, first: bool = False) -> Any:
    ws = wb.active if first else wb.create_sheet(title)
    ws.title = title
    ws.append(headers("lt"))
    for values in rows:
        ws.append([values[k] for k in KEYS])
    return ws


def _people(n: int, **values: Any) -> list[dict[str, Any]]:
    return [row(given_name=f"Ona{alpha(i)}", family_name="Petraitytė", **values) for i in range(n)]


def test_a_look_alike_header_holding_data_is_refused_naming_the_column(
    store: Store, tmp_path: Path
) -> None:
    """ "Dalyvavo (Taip/Ne)" and "Gim. metai" are not skipped (marks "Ne" would be stored as
    present): the import is refused, naming the columns they probably are; nothing written."""
    header = headers("lt")
    header[KEYS.index("present")] = "Dalyvavo (Taip/Ne)"
    header[KEYS.index("birth_year")] = "Gim. metai"
    path = write_register(
        tmp_path / "r.xlsx", [row(present="Ne"), row(given_name="Ona")], header=header
    )
    before = counts(store)
    set_language("lt")
    with pytest.raises(LibtrainerError) as info:
        import_register(store, path, dry_run=True, skip_bad=True)
    text = render(info.value)
    assert "„Dalyvavo (Taip/Ne)“" in text and "„Dalyvavo“" in text
    assert "„Gim. metai“" in text and "„Gimimo metai“" in text
    assert counts(store) == before


def test_an_unknown_column_without_data_or_unlike_any_column_is_only_noted(tmp_path: Path) -> None:
    """An empty "Gim. metai" column, or "Pastabos" with notes, is listed as not recognised."""
    keys = [k for k in KEYS if k != "birth_year"]
    header = [*headers("lt", keys), "Gim. metai", "Pastabos"]
    path = tmp_path / "r.csv"
    cells = [str(row(target_groups="Seniors")[k]) for k in keys] + ["", "skambinti"]
    path.write_text(";".join(header) + "\n" + ";".join(cells) + "\n", encoding="utf-8")
    assert read_register(path).unknown_headers == ["Gim. metai", "Pastabos"]


def test_every_register_sheet_is_read_and_rows_named_by_sheet(store: Store, tmp_path: Path) -> None:
    """ "Sausis" and "Vasaris" are both read; a note sheet before them is skipped and named;
    errors name "Vasaris!3"."""
    wb = Workbook()
    notes = wb.active
    notes.title = "Pastabos"
    notes.append(["Būdviečio padalinys, 2025 m."])
    _sheet(wb, "Sausis", _people(2, date=dt.date(2025, 1, 10)))
    _sheet(wb, "Vasaris", [*_people(1, date=dt.date(2025, 2, 10)), row(birth_year=2090)])
    wb.save(tmp_path / "r.xlsx")
    result = import_register(store, tmp_path / "r.xlsx", dry_run=True, skip_bad=True)
    assert result.rows_read == 4
    assert [str(n) for n in result.bad_rows] == ["Vasaris!3"]
    assert result.plan.attendance_written == 3
    lines = read_lines(result)
    assert "Sheets read: “Sausis” (2 rows), “Vasaris” (2 rows)." in lines
    assert "Sheets not read: “Pastabos” (no header row)." in lines
    assert to_json(result)["bad_rows"] == ["Vasaris!3"]


def test_hidden_and_filtered_rows_are_not_imported_and_counted(
    store: Store, tmp_path: Path
) -> None:
    """Rows hidden by hand or by an autofilter are left out, and the summary says how many."""
    wb = Workbook()
    ws = _sheet(wb, "Registras", _people(4), first=True)
    ws.auto_filter.ref = "A1:U5"
    ws.row_dimensions[3].hidden = True
    ws.row_dimensions[5].hidden = True
    wb.save(tmp_path / "r.xlsx")
    result = import_register(store, tmp_path / "r.xlsx", dry_run=True)
    assert result.rows_read == 2 and result.hidden_rows == 2
    assert result.plan.attendance_written == 2
    assert any(line.startswith("2 hidden rows were not imported") for line in read_lines(result))


def test_merged_cells_are_read_in_every_row_and_said(store: Store, tmp_path: Path) -> None:
    """A Date and a Programme merged over three rows hold in each row, as Excel shows them."""
    wb = Workbook()
    ws = wb.active
    ws.append(headers("lt"))
    for i, values in enumerate(_people(3)):
        cells = [values[k] for k in KEYS]
        if i:
            cells[KEYS.index("date")] = cells[KEYS.index("programme")] = None
        ws.append(cells)
    for key in ("date", "programme"):
        col = KEYS.index(key) + 1
        ws.merge_cells(start_row=2, end_row=4, start_column=col, end_column=col)
    wb.save(tmp_path / "r.xlsx")
    result = import_register(store, tmp_path / "r.xlsx", dry_run=True)
    assert result.ok and result.plan.attendance_written == 3
    assert any("Merged cells" in line and "rows 2–4" in line for line in read_lines(result))


def test_a_formula_without_a_saved_value_is_named_as_such(store: Store, tmp_path: Path) -> None:
    """A formula cell written without its value is not "empty": open and save it in Excel."""
    path = write_register(tmp_path / "r.xlsx", [row(academic_hours="=1+1")])
    result = import_register(store, path, dry_run=True)
    assert [e.column for e in result.errors] == ["academic_hours"]
    assert "formula without a saved value" in result.errors[0].reason


def test_excel_true_and_false_are_present_and_absent(store: Store, tmp_path: Path) -> None:
    """A TRUE/FALSE cell (a tick box) in Present marks present and absent."""
    path = write_register(
        tmp_path / "r.xlsx", [row(present=True), row(given_name="Ona", present=False)]
    )
    result = import_register(store, path, dry_run=True)
    assert result.ok
    assert sorted(a["mark"] for a in result.plan.inserts["attendance"]) == ["absent", "present"]


def test_a_title_line_with_a_comma_does_not_decide_the_separator(
    store: Store, tmp_path: Path
) -> None:
    """A title "Būdviečio padalinys, 2025 m. kovas" over a ";" header on line 3 is read by ";"."""
    path = tmp_path / "r.csv"
    body = ";".join(str(row(target_groups="Seniors")[k]) for k in KEYS)
    lines = ["Būdviečio padalinys, 2025 m. kovas", "", ";".join(headers("lt")), body]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = import_register(store, path, dry_run=True)
    assert result.rows_read == 1 and result.ok


@pytest.mark.parametrize(
    ("header_sep", "row_sep", "words"),
    [
        (",", ",", f"has {len(KEYS) + 1} cells, but the header has {len(KEYS)}"),
        (";", ",", "separated by “,”"),
    ],
)
def test_a_row_that_does_not_line_up_with_the_header_says_so(
    store: Store, tmp_path: Path, header_sep: str, row_sep: str, words: str
) -> None:
    """An unquoted 1,5 in a ","-CSV, or "," data under a ";" header: one whole-row error."""
    values = row(academic_hours="1,5", target_groups="Seniors", email="ona@pastas.lt")
    cells = [str(values[k]) for k in KEYS]
    path = tmp_path / "r.csv"
    path.write_text(
        header_sep.join(headers("lt")) + "\n" + row_sep.join(cells) + "\n", encoding="utf-8"
    )
    result = import_register(store, path, dry_run=True)
    assert len(result.errors) == 1 and result.errors[0].column == ""
    assert words in result.errors[0].reason


def test_rows_to_fix_are_not_saved_over_a_hard_link_of_the_register(
    store: Store, tmp_path: Path
) -> None:
    """A fix file that is another name of the register (a hard link) is refused."""
    path = write_register(tmp_path / "r.csv", [row(), row(given_name="Ona", birth_year=2090)])
    os.link(path, tmp_path / "fix.csv")
    before = path.read_bytes()
    with pytest.raises(LibtrainerError) as info:
        import_register(store, path, skip_bad=True, bad_rows_out=tmp_path / "fix.csv")
    assert "cannot be saved over the register" in render(info.value)
    assert path.read_bytes() == before


@pytest.mark.parametrize("name", ["r.csv", "r.xlsx"])
def test_a_register_that_cannot_be_opened_says_why(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    """Locked by Excel or no permission: "cannot be opened (no permission) … close it"."""
    path = write_register(tmp_path / name, [row()])
    real_open = Path.open

    def locked(self: Path, *args: Any, **kwargs: Any) -> Any:
        if self == path:
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", locked)
    with pytest.raises(LibtrainerError) as info:
        read_register(path)
    text = render(info.value)
    assert "cannot be opened (no permission)" in text and "close it there" in text


def test_the_header_search_is_said_as_it_is(tmp_path: Path) -> None:
    """With no header in the first 10 rows the message says so, not "the first row"."""
    wb = Workbook()
    for i in range(12):
        wb.active.append([f"pastaba {i}"])
    wb.active.append(headers("lt"))
    wb.save(tmp_path / "r.xlsx")
    with pytest.raises(LibtrainerError) as info:
        read_register(tmp_path / "r.xlsx")
    assert "One of the first 10 rows" in render(info.value)


def test_unknown_columns_are_quoted_in_the_language(tmp_path: Path, store: Store) -> None:
    """Lithuanian summaries quote „Pastabos“, not “Pastabos”."""
    keys = [*KEYS, "Pastabos"]
    values = [*(str(row(target_groups="Seniors")[k]) for k in KEYS), "x"]
    path = tmp_path / "r.csv"
    path.write_text(";".join([*headers("lt"), keys[-1]]) + "\n" + ";".join(values) + "\n")
    set_language("lt")
    lines = read_lines(import_register(store, path, dry_run=True))
    assert any("„Pastabos“" in line for line in lines)


def test_rows_to_fix_of_a_formula_without_value_and_of_two_sheets_are_saved(
    store: Store, tmp_path: Path
) -> None:
    """--skip-bad on a workbook of two sheets with a formula without a value: the good rows
    are imported and the bad one saved to fix (the formula cell left empty)."""
    wb = Workbook()
    _sheet(wb, "Sausis", _people(1), first=True)
    _sheet(wb, "Vasaris", [row(given_name="Rita", academic_hours="=1+1")])
    wb.save(tmp_path / "r.xlsx")
    out = tmp_path / "fix.xlsx"
    result = import_register(store, tmp_path / "r.xlsx", skip_bad=True, bad_rows_out=out)
    assert result.written and [str(n) for n in result.bad_rows] == ["Vasaris!2"]
    assert result.bad_rows_file == out and out.is_file()


def test_a_summary_sheet_beside_the_register_is_skipped_and_named(
    store: Store, tmp_path: Path
) -> None:
    """A sheet with some register headers but no names is skipped and said; a look-alike
    header on a second sheet still refuses the workbook, naming that sheet."""
    wb = Workbook()
    _sheet(wb, "Kovas", _people(2), first=True)
    summary = wb.create_sheet("Suvestinė")
    summary.append(["Data", "Programa", "Akademinės valandos"])
    summary.append([dt.date(2025, 3, 14), "TAU", 2])
    wb.save(tmp_path / "r.xlsx")
    result = import_register(store, tmp_path / "r.xlsx", dry_run=True)
    assert result.ok and result.rows_read == 2
    assert "Sheets not read: “Suvestinė” (columns of the register missing)." in read_lines(result)
    header = headers("lt")
    header[KEYS.index("birth_year")] = "Gim. metai"
    later = wb.create_sheet("Balandis")
    later.append(header)
    later.append([row()[k] for k in KEYS])
    wb.save(tmp_path / "r.xlsx")
    with pytest.raises(LibtrainerError) as info:
        import_register(store, tmp_path / "r.xlsx", dry_run=True)
    assert "sheet “Balandis”" in render(info.value) and "Gim. metai" in render(info.value)
