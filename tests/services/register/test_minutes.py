"""Session lengths in minutes: a Minutes column or "50 min" in the hours cell, kept to six
decimals of academic hours, matched to two against what is already recorded (decision 0404)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from libtrainer.i18n import set_language
from libtrainer.reports.api import run_report
from libtrainer.reports.filters import ReportFilters
from libtrainer.services.register import import_register
from libtrainer.services.register.read import RawRow, read_register
from libtrainer.services.register.validate import check_rows
from libtrainer.store.models import Programme, TrainingSession
from libtrainer.store.store import Store

from .support import DAY, KEYS, alpha, counts, row, write_register

#: the columns of the template with Minutes in place of Academic hours
MINUTE_KEYS = [k if k != "academic_hours" else "minutes" for k in KEYS]


def raw(number: int, **values: Any) -> RawRow:
    cells = row(**values)
    return RawRow(number=number, values=cells, cells=list(cells.values()))


def _hours(store: Store) -> list[float]:
    with store.read() as conn:
        query = select(TrainingSession.academic_hours).order_by(TrainingSession.date)
        return list(conn.execute(query).scalars())


@pytest.mark.parametrize(
    ("cell", "hours"),
    [
        ("50 min", 50 / 45),
        ("50 min.", 50 / 45),
        ("50min", 50 / 45),
        ("50 minučių", 50 / 45),
        ("50 minūtes", 50 / 45),
        ("1 h 30 min", 2.0),
        ("1 val. 30 min.", 2.0),
        ("1 st. 40 min.", 100 / 45),
        (2, 2.0),
        ("1,5", 1.5),
        ("1.111", 1.11),  # typed academic hours keep 2 decimals, as before
    ],
)
def test_hours_cell_takes_academic_hours_or_a_length_in_minutes(cell: Any, hours: float) -> None:
    """A number is academic hours (2 decimals); "50 min", "1 h 30 min" are minutes ÷ 45."""
    good, errors = check_rows([raw(2, academic_hours=cell)])
    assert errors == []
    assert good[0].hours == hours


@pytest.mark.parametrize(("cell", "hours"), [(50, 50 / 45), ("90", 2.0), ("50 min.", 50 / 45)])
def test_minutes_column_gives_the_length(cell: Any, hours: float) -> None:
    """A Minutes cell (number or "50 min.") is the length when the hours cell is empty."""
    good, errors = check_rows([raw(2, academic_hours=None, minutes=cell)])
    assert errors == []
    assert good[0].hours == hours


@pytest.mark.parametrize(
    ("lang", "label"),
    [("en", "Academic hours"), ("lt", "Akademinės valandos"), ("lv", "Akadēmiskās stundas")],
)
def test_a_bad_length_in_the_hours_cell_names_row_and_column(lang: str, label: str) -> None:
    """ "50 mins?" is refused on row 7's Academic hours column, in the user's language."""
    set_language(lang)
    good, errors = check_rows([raw(7, academic_hours="50 mins?")])
    assert good == []
    [error] = errors
    assert (error.row, error.column, error.label) == (7, "academic_hours", label)
    assert "50 mins?" in error.reason and label in error.reason


@pytest.mark.parametrize(
    ("lang", "label"), [("en", "Minutes"), ("lt", "Minutės"), ("lv", "Minūtes")]
)
def test_a_bad_minutes_cell_names_row_and_column(lang: str, label: str) -> None:
    """A Minutes cell that is no number, or not whole minutes, is refused on that column."""
    set_language(lang)
    for cell in ("50 mins?", "50,5", 0, 600):
        good, errors = check_rows([raw(4, academic_hours=None, minutes=cell)])
        assert good == []
        assert [(e.row, e.column, e.label) for e in errors] == [(4, "minutes", label)], cell


def test_hours_alone_with_a_unit_are_not_guessed() -> None:
    """ "2 h" may be clock or academic hours: refused, asking for a number or minutes."""
    _good, [error] = check_rows([raw(3, academic_hours="2 h")])
    assert error.column == "academic_hours"
    assert "could be clock hours or academic hours" in error.reason


def test_hours_and_minutes_of_one_row_must_agree() -> None:
    """1.11 hours and 50 minutes agree (kept exact: 50 / 45); 2 hours and 50 minutes do not."""
    good, errors = check_rows([raw(2, academic_hours=1.11, minutes=50)])
    assert errors == [] and good[0].hours == 50 / 45
    good, [error] = check_rows([raw(3, academic_hours=2, minutes=50)])
    assert good == [] and error.column == "minutes"
    assert "50 minutes are 1.11 academic hours" in error.reason


def test_rows_of_one_session_in_minutes_and_in_typed_hours_are_one_length() -> None:
    """One session given as 1.11 in one row and as "50 min" in the next is one length."""
    good, errors = check_rows(
        [raw(2, academic_hours=1.11), raw(3, academic_hours="50 min", given_name="Ona")]
    )
    assert errors == [] and len(good) == 2
    _good, [error] = check_rows(
        [raw(2, academic_hours="50 min"), raw(3, academic_hours="51 min", given_name="Ona")]
    )
    assert (error.row, error.column) == (3, "academic_hours")


@pytest.mark.parametrize("header", ["Minutes", "Min.", "min", "Minutės", "Minūtes", "MINUTES"])
def test_a_minutes_column_stands_in_for_academic_hours(tmp_path: Path, header: str) -> None:
    """A register with a Minutes column (any of its names) and no Academic hours is read."""
    names = [header if k == "minutes" else k for k in MINUTE_KEYS]
    path = write_register(tmp_path / "r.csv", [row(minutes=50)], keys=MINUTE_KEYS, header=names)
    table = read_register(path)
    assert "minutes" in table.keys and "academic_hours" not in table.keys
    good, errors = check_rows(table.rows)
    assert errors == [] and good[0].hours == 50 / 45


def _fifty_minutes(tmp_path: Path, name: str = "r.xlsx", minutes: Any = 50) -> Path:
    rows = [
        row(given_name=f"Asmuo{alpha(p)}", date=DAY.replace(day=day), minutes=minutes)
        for day in range(1, 10)
        for p in range(10)
    ]
    return write_register(tmp_path / name, rows, keys=MINUTE_KEYS)


def test_reimporting_a_register_in_minutes_changes_nothing(store: Store, tmp_path: Path) -> None:
    """Sessions from minutes keep 50 / 45 unrounded; the same file again changes nothing."""
    path = _fifty_minutes(tmp_path)
    first = import_register(store, path)
    assert first.errors == [] and first.written
    assert _hours(store) == [50 / 45] * 9
    before = counts(store)
    again = import_register(store, path)
    assert again.errors == []
    assert counts(store) == before and _hours(store) == [50 / 45] * 9
    assert again.plan.attendance_unchanged == 90 and not again.plan.mark_updates
    with store.read() as conn:  # a programme the file added: its course is 10 hours
        assert list(conn.execute(select(Programme.academic_hours)).scalars()) == [10.0]


@pytest.mark.parametrize(("old", "new"), [(1.11, "50 min"), ("50 min", 1.11)])
def test_typed_hours_and_minutes_match_the_same_recorded_session(
    store: Store, tmp_path: Path, old: Any, new: Any
) -> None:
    """A session recorded as 1.11 hours matches 50 min in a file, and back: nothing changes."""
    import_register(store, write_register(tmp_path / "a.xlsx", [row(academic_hours=old)]))
    stored = _hours(store)
    before = counts(store)
    again = import_register(store, write_register(tmp_path / "b.xlsx", [row(academic_hours=new)]))
    assert again.errors == []
    assert counts(store) == before and _hours(store) == stored


def test_another_length_than_recorded_is_refused(store: Store, tmp_path: Path) -> None:
    """A session recorded with 50 minutes refuses 51 minutes for it, naming the row."""
    import_register(store, write_register(tmp_path / "a.xlsx", [row(academic_hours="50 min")]))
    again = import_register(
        store, write_register(tmp_path / "b.xlsx", [row(academic_hours="51 min")])
    )
    [error] = again.errors
    assert (error.row, error.column) == (2, "academic_hours")
    assert "already recorded with 1.11 academic hours" in error.reason


@pytest.mark.parametrize(("minutes", "hours", "people_hours"), [(50, 10, 100), (None, 9.99, 99.9)])
def test_nine_fifty_minute_sessions_for_ten_people_are_100_participant_hours(
    store: Store, tmp_path: Path, minutes: Any, hours: float, people_hours: float
) -> None:
    """9 × 50 minutes × 10 people: exactly 100 participant-hours (typed 1.11 h: 99.9)."""
    rows = [
        row(
            given_name=f"Asmuo{alpha(p)}",
            date=DAY.replace(day=day),
            minutes=minutes,
            academic_hours=1.11,
        )
        for day in range(1, 10)
        for p in range(10)
    ]
    keys = [*KEYS, "minutes"]
    assert import_register(store, write_register(tmp_path / "r.xlsx", rows, keys=keys)).written
    report = run_report(store, "summary", ReportFilters(DAY.replace(day=1), DAY.replace(day=31)))
    totals = {r.key: r.values[1] for r in report.sections[0].rows}
    assert (totals["sessions"], totals["attendances"]) == (9, 90)
    assert (totals["academic_hours"], totals["participant_hours"]) == (hours, people_hours)


@pytest.mark.parametrize(
    ("lang", "label"),
    [("en", "Academic hours"), ("lt", "Akademinės valandos"), ("lv", "Akadēmiskās stundas")],
)
@pytest.mark.parametrize("key", ["academic_hours", "minutes"])
def test_a_comma_that_may_separate_thousands_is_refused_showing_the_value(
    lang: str, label: str, key: str
) -> None:
    """ "12,345" in the hours (or minutes) column is refused on its row and column, showing
    the value, in the user's language: not read as 12.35 hours."""
    set_language(lang)
    values = {"academic_hours": None, key: "12,345"}
    good, errors = check_rows([raw(5, **values)])
    assert good == []
    [error] = errors
    assert (error.row, error.column) == (5, key)
    assert "12,345" in error.reason
    if key == "academic_hours":
        assert error.label == label and label in error.reason


@pytest.mark.parametrize("cell", ["1.234,5", "1,234.5"])
def test_a_length_with_a_thousands_separator_is_refused_as_such(cell: str) -> None:
    """ "1.234,5" is said to have a thousands separator, not to be "not a length"."""
    _good, [error] = check_rows([raw(2, academic_hours=cell)])
    assert error.column == "academic_hours"
    assert "thousands separator" in error.reason and cell in error.reason


@pytest.mark.parametrize(("cell", "hours"), [("12,5", 12.5), ("12.5", 12.5), ("1,25", 1.25)])
def test_a_decimal_comma_or_point_in_the_hours_is_read(cell: str, hours: float) -> None:
    """ "1,25" and "12,5" hours are read as written (12.5 is refused only as too long)."""
    good, errors = check_rows([raw(2, academic_hours=cell)])
    if hours > 12:
        assert [e.column for e in errors] == ["academic_hours"]
        assert "at most 12" in errors[0].reason
    else:
        assert errors == [] and good[0].hours == hours
