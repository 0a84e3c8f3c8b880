"""Malformed and hostile registers: a clear message naming the file, row or column, and nothing
imported — never a crash, a hang or a partial import."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from libtrainer.domain.errors import LibtrainerError
from libtrainer.i18n import render
from libtrainer.services.register import import_register
from libtrainer.services.register import read as read_mod
from libtrainer.store.store import Store

from .support import DAY, counts, headers, row, write_register


def _message(exc: pytest.ExceptionInfo[LibtrainerError]) -> str:
    return render(exc.value)


def test_a_code_longer_than_its_column_is_a_row_error(store: Store, tmp_path: Path) -> None:
    """A 70-character participant code is refused on its row (the coordinator could not take
    it in), and nothing is imported."""
    path = write_register(tmp_path / "r.csv", [row(), row(participant_code="LT-" + "7" * 67)])
    before = counts(store)
    result = import_register(store, path)
    assert not result.written and counts(store) == before
    assert [(e.row, e.column) for e in result.errors] == [(3, "participant_code")]


def test_rows_to_fix_are_saved_before_anything_is_written(store: Store, tmp_path: Path) -> None:
    """--skip-bad: a bad row with a control character is saved to the fix file (shown as "?")
    and the good row imported; a fix file that cannot be written, or the register itself as
    the fix file, stops the import with nothing written."""
    path = write_register(
        tmp_path / "r.csv", [row(), row(given_name="Ri\x07ta", family_name="Ąžuolaitė")]
    )
    before = counts(store)
    folder = tmp_path / "a-folder.xlsx"
    folder.mkdir()
    for out in (folder, path):
        with pytest.raises(LibtrainerError) as info:
            import_register(store, path, skip_bad=True, bad_rows_out=out)
        assert str(out) in _message(info) and "nothing was imported" in _message(info)
        assert counts(store) == before
    assert path.read_text(encoding="utf-8-sig").count("\n") == 3  # the register untouched
    fix = tmp_path / "fix.xlsx"
    result = import_register(store, path, skip_bad=True, bad_rows_out=fix)
    assert result.written and result.bad_rows_file == fix
    cells = [c.value for c in load_workbook(fix).active[2]]
    assert "Ri?ta" in cells and "Ąžuolaitė" in cells


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("big-cell.csv", "x" * 200_000, "line"),
        ("superscript.csv", "195²", None),
    ],
)
def test_odd_csv_cells_give_a_clear_message(
    store: Store, tmp_path: Path, name: str, content: str, words: str | None
) -> None:
    """A cell longer than a CSV reader takes, or a year in superscript digits: a message, not a
    crash."""
    path = write_register(tmp_path / name, [row(birth_year=content)])
    if words is None:
        result = import_register(store, path)
        assert [e.column for e in result.errors] == ["birth_year"] and not result.written
        return
    with pytest.raises(LibtrainerError) as info:
        import_register(store, path)
    assert name in _message(info) and words in _message(info)


def _damage(path: Path, part: str, old: bytes, new: bytes) -> None:
    """Rewrite one part of an xlsx (a zip) with ``old`` replaced by ``new``."""
    with zipfile.ZipFile(path) as src:
        parts = {info.filename: src.read(info.filename) for info in src.infolist()}
    assert old in parts[part]
    parts[part] = parts[part].replace(old, new, 1)
    with zipfile.ZipFile(path, "w") as dst:
        for filename, data in parts.items():
            dst.writestr(filename, data)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (b"</sheetData>", b"<row r="),  # XML cut off
        (b'<c r="O2" t="n"><v>1951</v>', b'<c r="O2" t="n"><v>two</v>'),  # a number that is not
        (b'<c r="O2" t="n"><v>1951</v>', b'<c r="O2" t="d"><v>2025-13-45</v>'),  # a bad date
    ],
)
def test_a_damaged_workbook_gives_a_clear_message(
    store: Store, tmp_path: Path, old: bytes, new: bytes
) -> None:
    """Broken XML or a cell whose stored value does not match its type: "damaged", nothing
    imported."""
    path = write_register(tmp_path / "r.xlsx", [row()])
    _damage(path, "xl/worksheets/sheet1.xml", old, new)
    before = counts(store)
    with pytest.raises(LibtrainerError) as info:
        import_register(store, path)
    assert "damaged" in _message(info) and counts(store) == before


def test_a_workbook_that_unpacks_too_large_is_refused(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A small file that unpacks to more than the limit (a zip bomb) is refused before it is
    unpacked."""
    path = write_register(tmp_path / "r.xlsx", [row() for _ in range(50)])
    monkeypatch.setattr(read_mod, "MAX_UNPACKED", 4096)
    with pytest.raises(LibtrainerError) as info:
        import_register(store, path)
    assert "too large" in _message(info)


def test_a_stray_cell_far_away_does_not_make_the_sheet_huge(store: Store, tmp_path: Path) -> None:
    """Cells in the last column of the last row: the sheet's declared size is not trusted
    (every row padded to 16,384 cells), what lies right of the register's columns is not
    read, and a stray value under a column in the last row is named."""
    path = tmp_path / "far.xlsx"
    wb = Workbook()
    ws = wb.active
    ws.append(headers("en"))
    ws.append(list(row().values()))
    ws.cell(row=1_048_575, column=16_384, value="x")
    ws.cell(row=1_048_576, column=16_384, value="x")
    ws.cell(row=1_048_576, column=2, value="x")
    wb.save(path)
    result = import_register(store, path, dry_run=True)  # took about 25 minutes before
    assert {e.row for e in result.errors} == {1_048_576}


def test_wide_rows_keep_only_the_register_columns(tmp_path: Path) -> None:
    """Rows with a value in column XFD keep only the register's columns in memory (a 1.6 MB
    file of such rows took 6 GB before)."""
    path = tmp_path / "wide.xlsx"
    wb = Workbook()
    ws = wb.active
    ws.append(headers("en"))
    for n in range(2, 202):
        ws.append(list(row().values()))
        ws.cell(row=n, column=16_384, value="x")
    wb.save(path)
    table = read_mod.read_register(path)
    assert len(table.rows) == 200
    assert all(len(r.cells) <= len(headers("en")) for r in table.rows)


def test_too_many_lines_or_too_large_a_csv_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Blank rows count towards the sheet's limit; a CSV past its size limit is refused
    before it is read."""
    path = write_register(tmp_path / "r.csv", [row() for _ in range(5)])
    with path.open("a", encoding="utf-8") as fh:
        fh.write(";\n" * 50)
    monkeypatch.setattr(read_mod, "MAX_LINES", 20)
    with pytest.raises(LibtrainerError) as info:
        read_mod.read_register(path)
    assert "rows" in _message(info)
    monkeypatch.setattr(read_mod, "MAX_CSV_BYTES", 100)
    with pytest.raises(LibtrainerError) as info:
        read_mod.read_register(path)
    assert "too large" in _message(info)


def test_a_code_of_another_person_is_a_row_error(store: Store, tmp_path: Path) -> None:
    """A participant code already used for a person with another name (in the store, or
    earlier in the same file) is refused on its row: a mistyped code must not count one
    person's attendance as another's."""
    first = write_register(
        tmp_path / "a.csv",
        [row(participant_code="LT-0012", given_name="Ona", family_name="Onaitė")],
    )
    assert import_register(store, first).written
    before = counts(store)
    second = write_register(
        tmp_path / "b.csv",
        [
            row(participant_code=code, given_name=given, family_name=family, date=day)
            for code, given, family, day in (
                ("lt-0012", "ONA", "Onaite", DAY),
                ("lt-0012", "Jonas", "Petraitis", DAY + dt.timedelta(days=7)),
                ("LV-7", "Līga", "Ozoliņa", DAY),
                ("LV-7", "Ēriks", "Kļaviņš", DAY + dt.timedelta(days=7)),
            )
        ],
    )
    result = import_register(store, second)
    assert not result.written and counts(store) == before
    assert [(e.row, e.column) for e in result.errors] == [
        (3, "participant_code"),
        (5, "participant_code"),
    ]


def test_a_hidden_sheet_is_not_imported(tmp_path: Path) -> None:
    """A hidden sheet named "Register" is passed over for the visible register sheet."""
    path = tmp_path / "hidden.xlsx"
    wb = Workbook()
    visible = wb.active
    visible.title = "Lapas"
    visible.append(headers("en"))
    visible.append(list(row(given_name="Matoma").values()))
    hidden = wb.create_sheet("Register")
    hidden.append(headers("en"))
    hidden.append(list(row(given_name="Paslepta").values()))
    hidden.sheet_state = "hidden"
    wb.save(path)
    table = read_mod.read_register(path)
    assert [r.values["given_name"] for r in table.rows] == ["Matoma"]


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("2025-03-14 vakar", "must be a date"),
        ("31.02.2026", "there is no day 31.02.2026"),
        ("2025-03-14 10:30", None),
    ],
)
def test_dates_with_words_after_them_or_impossible_days(
    store: Store, tmp_path: Path, value: str, words: str | None
) -> None:
    """ "2025-03-14 vakar" is not a date and 31 February is no day (each named); a date with
    its time is a date."""
    path = write_register(tmp_path / "d.csv", [row(date=value)])
    result = import_register(store, path, dry_run=True)
    if words is None:
        assert not result.errors
        return
    assert [e.column for e in result.errors] == ["date"]
    assert words in result.errors[0].reason


def test_a_folder_is_named_as_a_folder(tmp_path: Path) -> None:
    """Importing a folder says it is a folder, not that it does not exist."""
    with pytest.raises(LibtrainerError) as info:
        read_mod.read_register(tmp_path)
    assert "is a folder" in _message(info)
