"""Reading a register costs what the register holds (cells parsed, not the sheet's size), and
the reading can be stopped with nothing written (decision 0511)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook
from openpyxl.worksheet._reader import WorkSheetParser

from libtrainer.domain.errors import Cancelled, LibtrainerError
from libtrainer.i18n import render
from libtrainer.services.register import apply as apply_mod
from libtrainer.services.register import bounds, import_register
from libtrainer.services.register.read import read_register
from libtrainer.services.register.summary import read_lines
from libtrainer.store.store import Store

from .support import alpha, counts, headers, row, write_register

WIDTH = len(headers("en"))


@pytest.fixture
def parsed(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many cells openpyxl's worksheet parser turned into values (one count per cell)."""
    calls = [0]
    real = WorkSheetParser.parse_cell

    def counting(self: Any, element: Any) -> Any:
        calls[0] += 1
        return real(self, element)

    monkeypatch.setattr(WorkSheetParser, "parse_cell", counting)
    return calls


def _register(path: Path, rows: int, *, wide: int = 0, blank_after: int = 0) -> Path:
    """A register of ``rows`` rows, each followed by ``wide`` blank text cells right of the
    header, then ``blank_after`` rows holding only a blank text cell."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet()
    ws.append(headers("en"))
    filler = [" "] * wide
    for _ in range(rows):
        ws.append(list(row().values()) + filler)
    for _ in range(blank_after):
        ws.append([" "])
    wb.save(path)
    return path


def test_cells_right_of_the_header_are_not_parsed(tmp_path: Path, parsed: list[int]) -> None:
    """Rows 3,000 cells wide are parsed only as wide as the header (a 1 MB file that unpacked
    to 240 MB took 95 CPU seconds when every cell was parsed)."""
    path = _register(tmp_path / "wide.xlsx", 40, wide=3_000)
    table = read_register(path)
    assert len(table.rows) == 40
    assert parsed[0] <= 41 * WIDTH  # 120,000 and more before
    assert table.cells_read == parsed[0]


def test_a_long_run_of_blank_rows_ends_the_sheet(
    store: Store, tmp_path: Path, parsed: list[int]
) -> None:
    """Thousands of blank rows below the table are read only up to BLANK_RUN of them, and
    the summary says where reading stopped."""
    path = _register(tmp_path / "tall.xlsx", 3, blank_after=bounds.BLANK_RUN * 5)
    result = import_register(store, path, dry_run=True)
    assert result.rows_read == 3
    assert result.table is not None and result.table.ended_after == 4
    assert parsed[0] <= (4 + bounds.BLANK_RUN) * WIDTH
    assert parsed[0] < 4 * WIDTH + bounds.BLANK_RUN * 5
    assert any("Reading stopped after row 4" in line for line in read_lines(result))


def test_a_few_blank_rows_do_not_end_the_sheet(tmp_path: Path) -> None:
    """Blank rows between parts of a register (fewer than BLANK_RUN) are skipped, and the
    rows after them read."""
    path = tmp_path / "gaps.xlsx"
    wb = Workbook()
    ws = wb.active
    ws.append(headers("en"))
    ws.append(list(row().values()))
    for n in range(3, 60):
        ws.cell(row=n, column=1, value=" ")
    ws.cell(row=5_000, column=1, value=" ")
    ws.append(list(row(given_name="Petras").values()))
    wb.save(path)
    table = read_register(path)
    assert [r.number for r in table.rows] == [2, 5_001]
    assert table.ended_after == 0


def test_cells_past_the_limit_are_refused_by_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A sheet with more cells to read than MAX_CELLS is refused with the limit and the row."""
    monkeypatch.setattr(bounds, "MAX_CELLS", 5 * WIDTH)
    path = _register(tmp_path / "many.xlsx", 10)
    with pytest.raises(LibtrainerError) as info:
        read_register(path)
    message = render(info.value)
    assert f"more than {5 * WIDTH} cells" in message
    assert "row 6" in message


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
@pytest.mark.parametrize("when", ["reading", "after reading"])
def test_a_cancelled_import_writes_nothing(
    store: Store, tmp_path: Path, fmt: str, when: str
) -> None:
    """Cancel while the rows are read, or after, stops the import and the store is unchanged."""
    path = write_register(
        tmp_path / f"r.{fmt}", [row(given_name=f"N{alpha(i)}") for i in range(30)]
    )
    before = counts(store)
    seen: list[int] = []

    def progress(number: int) -> None:
        seen.append(number)
        if (when == "reading" and number == 10) or (when == "after reading" and number == 0):
            raise Cancelled

    with pytest.raises(Cancelled):
        import_register(store, path, progress=progress)
    assert counts(store) == before
    assert 10 in seen


def test_an_import_after_a_check_reads_the_file_once(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The rows a dry run read are imported without reading the file again, unless the file
    changed since (its size or modification time)."""
    path = write_register(tmp_path / "r.xlsx", [row(), row(given_name="Petras")])
    checked = import_register(store, path, dry_run=True)
    reads: list[Path] = []
    real = apply_mod.read_register

    def spy(p: Path, progress: Any = None, **kwargs: Any) -> Any:
        reads.append(p)
        return real(p, progress, **kwargs)

    monkeypatch.setattr(apply_mod, "read_register", spy)
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 2_000_000_000))
    again = import_register(store, path, dry_run=True, table=checked.table)
    assert reads == [path]
    result = import_register(store, path, table=again.table)
    assert result.written and reads == [path]
    assert counts(store)["attendance"] == 2


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
@pytest.mark.parametrize("checked", [False, True])
def test_an_import_hashes_the_register_once(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str, checked: bool
) -> None:
    """An import hashes the file once: alone, or after a check when the file changed since
    (the stale check's hash is the one the new reading keeps)."""
    import hashlib  # noqa: PLC0415

    from libtrainer.services.register import read as read_mod  # noqa: PLC0415

    path = write_register(tmp_path / f"r.{fmt}", [row()])
    table = import_register(store, path, dry_run=True).table if checked else None
    write_register(path, [row(), row(given_name="Petras")])
    hashed: list[bytes] = []

    class Counting:
        @staticmethod
        def sha256(data: bytes = b"") -> Any:
            hashed.append(data)
            return hashlib.sha256(data)

    monkeypatch.setattr(read_mod, "hashlib", Counting)
    result = import_register(store, path, table=table)
    assert result.written and result.rows_read == 2
    assert len(hashed) == 1
    assert result.table is not None and result.table.stamp == read_mod.file_stamp(path)


def test_opening_a_workbook_reads_no_sheet(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, parsed: list[int]
) -> None:
    """Sheets are not parsed to find their declared size when the workbook is opened (a sheet
    that declares none was parsed whole by openpyxl before any row was read)."""
    looked: list[object] = []
    monkeypatch.setattr(WorkSheetParser, "parse_dimensions", lambda self: looked.append(self))
    path = _register(tmp_path / "r.xlsx", 3, blank_after=50)
    table = read_register(path)
    assert looked == [] and len(table.rows) == 3


def test_merged_cells_hold_when_a_blank_run_ended_the_sheet(store: Store, tmp_path: Path) -> None:
    """Merged ranges written after a long blank run are still read and filled in every row."""
    keys = list(row())
    wb = Workbook()
    ws = wb.active
    ws.append(headers("en"))
    for i in range(3):
        cells = list(row(given_name=f"Ona{alpha(i)}").values())
        if i:
            cells[keys.index("date")] = cells[keys.index("programme")] = None
        ws.append(cells)
    for n in range(5, 5 + bounds.BLANK_RUN + 10):
        ws.cell(row=n, column=1, value=" ")
    for key in ("date", "programme"):
        col = keys.index(key) + 1
        ws.merge_cells(start_row=2, end_row=4, start_column=col, end_column=col)
    wb.save(tmp_path / "r.xlsx")
    result = import_register(store, tmp_path / "r.xlsx", dry_run=True)
    assert result.table is not None and result.table.ended_after == 4
    assert result.ok and result.plan.attendance_written == 3
    assert any("Merged cells" in line and "rows 2–4" in line for line in read_lines(result))


def test_each_sheet_is_parsed_as_wide_as_its_own_header(tmp_path: Path) -> None:
    """A second sheet with a wider header than the first has all its columns read."""
    wb = Workbook()
    for title, extra in (("Sausis", []), ("Vasaris", ["Pastabos"])):
        ws = wb.active if title == "Sausis" else wb.create_sheet(title)
        ws.title = title
        ws.append(headers("en") + extra)
        ws.append(list(row().values()) + ["pastaba" for _ in extra])
    wb.save(tmp_path / "r.xlsx")
    table = read_register(tmp_path / "r.xlsx")
    assert len(table.rows) == 2
    assert table.unknown_headers == ["Pastabos"]


def test_merged_ranges_claiming_rows_past_the_table_visit_only_rows_read(tmp_path: Path) -> None:
    """A crafted merged range claiming rows to 99,999,999,999 (and thousands of them) fills
    only the rows read and names only those: the work is bounded by the table, not the file."""
    import zipfile  # noqa: PLC0415

    from openpyxl import Workbook  # noqa: PLC0415

    from libtrainer.services.register.read import read_register  # noqa: PLC0415
    from tests.services.register.support import headers, row  # noqa: PLC0415

    path = tmp_path / "merged.xlsx"
    book = Workbook()
    sheet = book.active
    sheet.append(headers("en"))
    sheet.append(list(row().values()))
    book.save(path)
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    name = "xl/worksheets/sheet1.xml"
    refs = b'<mergeCell ref="A2:A99999999999"/>' + b'<mergeCell ref="A2:AN1048576"/>' * 2_000
    parts[name] = parts[name].replace(
        b"</sheetData>", b"</sheetData><mergeCells>" + refs + b"</mergeCells>"
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for n, data in parts.items():
            z.writestr(n, data)
    table = read_register(path)
    assert len(table.rows) == 1
    assert all(note.last <= 2 for note in table.merged)


def test_a_file_changed_without_its_time_is_read_again(store: Any, tmp_path: Path) -> None:
    """An edit that keeps the file's size and time (a copy keeping times, a share with a
    2-second clock) is not hidden by the check's rows: the import reads what the file says."""
    from sqlalchemy import select  # noqa: PLC0415

    from libtrainer.services.register import import_register  # noqa: PLC0415
    from libtrainer.store.models import Participant  # noqa: PLC0415
    from tests.services.register.support import row, write_register  # noqa: PLC0415

    path = write_register(tmp_path / "r.csv", [row(given_name="Janutė")])
    dry = import_register(store, path, dry_run=True)
    info = path.stat()
    write_register(path, [row(given_name="Jonutė")])
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert path.stat().st_size == info.st_size
    import_register(store, path, table=dry.table)
    with store.read() as conn:
        assert set(conn.execute(select(Participant.given_name)).scalars()) == {"Jonutė"}


def test_reading_stopped_is_said_for_every_sheet_naming_it(store: Store, tmp_path: Path) -> None:
    """Two register sheets each ended by a long blank run: the summary names both sheets and
    the row after which each was left, and ``--json`` lists both."""
    from libtrainer.services.register.summary import to_json  # noqa: PLC0415

    wb = Workbook()
    for title, rows in (("Sausis", 2), ("Vasaris", 3)):
        ws = wb.active if title == "Sausis" else wb.create_sheet(title)
        ws.title = title
        ws.append(headers("en"))
        for i in range(rows):
            ws.append(list(row(given_name=f"{title}{alpha(i)}").values()))
        for n in range(rows + 2, rows + 2 + bounds.BLANK_RUN + 5):
            ws.cell(row=n, column=1, value=" ")
    wb.save(tmp_path / "r.xlsx")
    result = import_register(store, tmp_path / "r.xlsx", dry_run=True)
    assert result.rows_read == 5
    stopped = [line for line in read_lines(result) if "stopped after row" in line]
    assert stopped == [
        f"Reading of the sheet “{title}” stopped after row {last}: 1,000 empty rows follow it. "
        "Rows below them, if there are any, were not read."
        for title, last in (("Sausis", 3), ("Vasaris", 4))
    ]
    assert to_json(result)["stopped_after"] == ["Sausis!3", "Vasaris!4"]


def test_cells_past_the_limit_in_a_later_sheet_name_the_sheet(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In a workbook of several sheets, the refusal for too many cells names the sheet where
    the limit was passed, with the row in that sheet."""
    monkeypatch.setattr(bounds, "MAX_CELLS", 8 * WIDTH)
    wb = Workbook()
    for title in ("Sausis", "Vasaris"):
        ws = wb.active if title == "Sausis" else wb.create_sheet(title)
        ws.title = title
        ws.append(headers("en"))
        for i in range(5):
            ws.append(list(row(given_name=f"{title}{alpha(i)}").values()))
    wb.save(tmp_path / "r.xlsx")
    with pytest.raises(LibtrainerError) as info:
        read_register(tmp_path / "r.xlsx")
    message = render(info.value)
    assert "sheet “Vasaris”" in message and "up to row 3" in message


def _stopped_register(path: Path, tail: bytes) -> Path:
    """Three rows whose Date is given in the first only, a blank run that ends the reading,
    and ``tail`` written after the rows (where Excel writes merged ranges)."""
    import zipfile  # noqa: PLC0415

    keys = list(row())
    wb = Workbook()
    ws = wb.active
    ws.append(headers("en"))
    for i in range(3):
        cells = list(row(given_name=f"Ona{alpha(i)}").values())
        if i:
            cells[keys.index("date")] = None
        ws.append(cells)
    for n in range(5, 5 + bounds.BLANK_RUN + 10):
        ws.cell(row=n, column=1, value=" ")
    wb.save(path)
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    name = "xl/worksheets/sheet1.xml"
    parts[name] = parts[name].replace(b"</sheetData>", b"</sheetData>" + tail)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for n, data in parts.items():
            z.writestr(n, data)
    return path


FAKE_MERGE = b'<mergeCells count="1"><mergeCell ref="A2:A4"/></mergeCells>'


@pytest.mark.parametrize(
    "tail",
    [
        b"<!-- " + FAKE_MERGE + b" -->",
        b"<?note " + FAKE_MERGE + b"?>",
        b'<mergeCells count="1"><!-- <mergeCell ref="A2:A4"/> --></mergeCells>',
    ],
    ids=["comment", "instruction", "comment-inside"],
)
def test_a_merge_written_in_a_comment_is_not_a_merge(
    store: Store, tmp_path: Path, tail: bytes
) -> None:
    """After a blank run ended the reading, a ``<mergeCell>`` inside a comment or a processing
    instruction fills nothing: the rows without a Date are refused, as the sheet shows them."""
    path = _stopped_register(tmp_path / "r.xlsx", tail)
    result = import_register(store, path, dry_run=True)
    assert result.table is not None and result.table.ended_after == 4
    assert result.merged == []
    assert result.bad_rows == [3, 4]


def test_a_comment_holding_the_end_of_the_merges_does_not_end_them(
    store: Store, tmp_path: Path
) -> None:
    """A real merged range after a comment holding ``</mergeCells>`` is still read."""
    tail = b'<mergeCells count="1"><!-- </mergeCells> --><mergeCell ref="A2:A4"/></mergeCells>'
    result = import_register(store, _stopped_register(tmp_path / "r.xlsx", tail), dry_run=True)
    assert result.ok and result.plan.attendance_written == 3
    assert [(m.first, m.last) for m in result.merged] == [(2, 4)]


def test_the_merge_scan_skips_markup_that_is_not_markup_across_chunks() -> None:
    """Comments, CDATA and instructions are left out also when a chunk's end cuts their
    opener or closer, and text outside them is kept whole."""
    from libtrainer.services.register.sheets import markup_only  # noqa: PLC0415

    data = b'<?xml v?><a><!-- <m ref="X"/> --><![CDATA[<m/>]]><m ref="A1:A2"/><!DOCTYPE x></a>'
    for size in range(1, len(data) + 1):
        chunks = [data[i : i + size] for i in range(0, len(data), size)]
        assert b"".join(markup_only(chunks)) == b' <a>  <m ref="A1:A2"/><!DOCTYPE x></a>'
