"""Hidden columns are not read; a column the import needs found only hidden stops it, naming
the column and saying to show or delete it (decision 0408)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.utils import get_column_letter
from sqlalchemy import select

from libtrainer.domain.errors import LibtrainerError
from libtrainer.i18n import render
from libtrainer.services.register import import_register
from libtrainer.services.register.summary import read_lines, to_json
from libtrainer.store.models import Attendance, Participant
from libtrainer.store.store import Store

from .support import KEYS, counts, headers, row


def _workbook(
    path: Path,
    rows: list[dict[str, Any]],
    *,
    extra: dict[str, list[Any]] | None = None,
    hide: tuple[str, ...] = (),
    keys: list[str] | None = None,
    title: str = "",
    wb: Workbook | None = None,
) -> Path:
    """A register sheet of ``rows`` (columns ``keys``), with ``extra`` columns (header →
    cells) at the right; the rightmost column of each header in ``hide`` is hidden."""
    keys = keys or KEYS
    extra = extra or {}
    book = wb or Workbook()
    ws = book.active if wb is None else book.create_sheet(title)
    if title:
        ws.title = title
    ws.append(headers("en", keys) + list(extra))
    for i, values in enumerate(rows):
        ws.append([values[k] for k in keys] + [cells[i] for cells in extra.values()])
    for name in hide:  # the rightmost column of that header
        index = max(i for i, cell in enumerate(ws[1], start=1) if cell.value == name)
        ws.column_dimensions[get_column_letter(index)].hidden = True
    book.save(path)
    return path


def _refusal(store: Store, path: Path) -> str:
    before = counts(store)
    with pytest.raises(LibtrainerError) as info:
        import_register(store, path, dry_run=True, skip_bad=True)
    assert counts(store) == before
    return render(info.value)


def test_a_hidden_helper_column_is_not_read_and_is_named(store: Store, tmp_path: Path) -> None:
    """A hidden "Check" column of helper values is neither a column nor "not recognised":
    the rows import, and the summary names the hidden column."""
    path = _workbook(
        tmp_path / "r.xlsx",
        [row(given_name="Ona"), row(given_name="Rita")],
        extra={"Check": ["ok", "=A2"]},
        hide=("Check",),
    )
    result = import_register(store, path)
    assert result.written and result.plan.attendance_written == 2
    assert result.unknown_headers == [] and result.hidden_columns == ["Check"]
    assert (
        "Hidden columns were not read: “Check”. Show a column and import the file again if it "
        "belongs to the register." in read_lines(result)
    )
    assert to_json(result)["hidden_columns"] == ["Check"]


def test_a_hidden_column_of_old_data_beside_the_shown_one_is_not_read(
    store: Store, tmp_path: Path
) -> None:
    """A hidden "Given name" of old data beside the shown one is not "twice": the shown
    names are imported, the hidden ones are not."""
    path = _workbook(
        tmp_path / "r.xlsx",
        [row(given_name="Ona")],
        extra={"Given name": ["Senas vardas"]},
        hide=("Given name",),
        keys=[k for k in KEYS if k != "given_name"] + ["given_name"],
    )
    # the shown Given name is the last register column, the hidden one right of it
    result = import_register(store, path)
    assert result.written
    with store.read() as conn:
        assert list(conn.execute(select(Participant.given_name)).scalars()) == ["Ona"]


def test_a_required_column_found_only_hidden_is_refused_naming_it(
    store: Store, tmp_path: Path
) -> None:
    """A hidden Date column (no other Date) stops the import: the message names it and says
    to show it (Unhide) or delete it; nothing is written."""
    path = _workbook(tmp_path / "r.xlsx", [row()], hide=("Date",))
    text = _refusal(store, path)
    assert "“Date” are hidden" in text and "Unhide" in text and "delete them" in text


def test_a_hidden_register_column_holding_data_is_refused(store: Store, tmp_path: Path) -> None:
    """A hidden Present column marking people "No" is not skipped (they would be stored as
    present) nor read (the person hid it): the import is refused, naming it."""
    path = _workbook(tmp_path / "r.xlsx", [row(present="No")], hide=("Present",))
    assert "“Present” are hidden" in _refusal(store, path)


def test_a_hidden_look_alike_holding_data_is_refused(store: Store, tmp_path: Path) -> None:
    """A hidden "Birth yr" holding years, with no Birth year column, is named with the column
    it probably is."""
    keys = [k for k in KEYS if k != "birth_year"]
    path = _workbook(
        tmp_path / "r.xlsx", [row()], keys=keys, extra={"Birth yr": [1951]}, hide=("Birth yr",)
    )
    text = _refusal(store, path)
    assert "“Birth yr” (probably “Birth year”)" in text and "are hidden" in text


def test_an_empty_hidden_register_column_is_only_named(store: Store, tmp_path: Path) -> None:
    """A hidden, empty Present column changes nothing: the rows import as present."""
    path = _workbook(tmp_path / "r.xlsx", [row(present=None)], hide=("Present",))
    result = import_register(store, path)
    assert result.written and result.hidden_columns == ["Present"]
    with store.read() as conn:
        assert list(conn.execute(select(Attendance.mark)).scalars()) == ["present"]


def test_a_hidden_needed_column_in_a_later_sheet_refuses_the_workbook(
    store: Store, tmp_path: Path
) -> None:
    """A second register sheet whose Date is hidden refuses the whole workbook, naming the
    sheet; the first sheet is not imported alone."""
    path = _workbook(tmp_path / "r.xlsx", [row()], title="Sausis")
    wb = load_workbook(path)
    _workbook(path, [row(date=dt.date(2025, 2, 3))], title="Vasaris", hide=("Date",), wb=wb)
    text = _refusal(store, path)
    assert "sheet “Vasaris”" in text and "“Date” are hidden" in text
