"""A blank attendance register (xlsx) in Lithuanian, Latvian or English.

Sheet 1 is the register: one row per attendance, a frozen header whose cells carry a short
help note, and drop-down lists (translated labels) on the columns with a closed vocabulary.
Sheet 2 explains each column. A hidden sheet holds the drop-down lists. The file is data
only: no macros, no formulas in cells. :func:`add_guidance` gives another register sheet (the
rows to fix an import left out, ``badrows.py``) the same lists, notes and instructions.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from libtrainer.domain.errors import N_
from libtrainer.services.register.columns import (
    BY_KEY,
    COLUMNS,
    INSTRUCTIONS_TITLE,
    LISTS_TITLE,
    SHEET_TITLE,
    TEMPLATE_COLUMNS,
    Translate,
    translator,
)
from libtrainer.services.register.vocab import ENUM_LABELS, enum_label

TEMPLATE_ROWS = 20_000
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
REQUIRED_FILL = PatternFill("solid", fgColor="FCE4D6")
#: a phone column is text: Excel would make "+371 2912 3456" a formula and drop a leading 0
FORMATS = {"date": "yyyy-mm-dd", "time": "hh:mm", "number": "0.##", "year": "0", "phone": "@"}

GUIDE = (
    N_("One row is one person's attendance at one session."),
    N_("Columns with a coloured header must be filled in; the others may stay empty."),
    N_(
        "Names of regions, libraries, branches, programmes, groups and lecturers that the "
        "store does not know yet are added when the file is imported, and listed."
    ),
    N_("Import the file with: libtrainer import FILE.xlsx (add --dry-run to check it first)."),
    N_(
        "If any row has a mistake, nothing is imported and every mistake is listed with its "
        "row and column. Importing the same file twice adds nothing twice."
    ),
)


def write_template(path: Path, lang: str) -> Path:
    """Write a blank register template in ``lang`` to ``path``; returns the path."""
    tr = translator(lang)
    wb = Workbook()
    register = wb.active
    register.title = tr(SHEET_TITLE)[:31]
    instructions = wb.create_sheet(tr(INSTRUCTIONS_TITLE)[:31])
    lists = wb.create_sheet(LISTS_TITLE)
    lists.sheet_state = "hidden"
    ranges = _write_lists(lists, tr)
    _write_register(register, tr, ranges)
    _write_instructions(instructions, tr, GUIDE)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


def add_guidance(
    wb: Workbook,
    register: Worksheet,
    keys: Sequence[str | None],
    rows: int,
    tr: Translate,
    guide: Sequence[str],
) -> None:
    """Give ``register`` (header in row 1, columns ``keys`` in order, "" for a column not of
    the register) the template's help notes on the headers and drop-down lists on rows 2 to
    ``rows`` + 1, and add the instructions (``guide`` first) and the hidden lists sheet."""
    instructions = wb.create_sheet(tr(INSTRUCTIONS_TITLE)[:31])
    lists = wb.create_sheet(LISTS_TITLE)
    lists.sheet_state = "hidden"
    ranges = _write_lists(lists, tr)
    for index, key in enumerate(keys, start=1):
        col = BY_KEY.get(key) if key else None
        if col is None or key is None:
            continue
        letter = get_column_letter(index)
        header = register.cell(row=1, column=index)
        header.comment = _note(tr(col.help))
        header.alignment = Alignment(wrap_text=True, vertical="top")
        label = str(header.value or "")
        longest_word = max((len(word) for word in label.split()), default=0)
        register.column_dimensions[letter].width = max(col.width, longest_word + 3)
        if key in ranges:
            register.add_data_validation(_drop_down(key, ranges[key], letter, rows, tr))
    register.row_dimensions[1].height = 45
    _fit_width(register)
    _write_instructions(instructions, tr, guide)


def _write_lists(ws: Worksheet, tr: Translate) -> dict[str, str]:
    """One column per vocabulary column; returns column key → absolute range."""
    ranges: dict[str, str] = {}
    index = 0
    for col in COLUMNS:
        if col.enum is None:
            continue
        index += 1
        letter = get_column_letter(index)
        ws.cell(row=1, column=index, value=col.key)
        codes = list(ENUM_LABELS.get(col.enum, {}))
        for i, code in enumerate(codes, start=2):
            ws.cell(row=i, column=index, value=enum_label(col.enum, code, tr))
        ranges[col.key] = f"{LISTS_TITLE}!${letter}$2:${letter}${len(codes) + 1}"
    return ranges


def _write_register(ws: Worksheet, tr: Translate, ranges: dict[str, str]) -> None:
    for index, col in enumerate(TEMPLATE_COLUMNS, start=1):
        label = tr(col.label)
        cell = ws.cell(row=1, column=index, value=label)
        cell.font = Font(bold=True)
        cell.fill = REQUIRED_FILL if col.required else HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        cell.comment = _note(tr(col.help))
        letter = get_column_letter(index)
        longest_word = max(len(word) for word in label.split())
        ws.column_dimensions[letter].width = max(col.width, longest_word + 3, len(label) / 2 + 2)
        if col.kind in FORMATS:
            ws.column_dimensions[letter].number_format = FORMATS[col.kind]
        if col.key in ranges:
            ws.add_data_validation(_drop_down(col.key, ranges[col.key], letter, TEMPLATE_ROWS, tr))
    ws.row_dimensions[1].height = 45
    ws.freeze_panes = "A2"
    ws.print_title_rows = "1:1"
    _fit_width(ws)


def _fit_width(ws: Worksheet) -> None:
    """Printed landscape, one page wide."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def _note(text: str) -> Comment:
    return Comment(text, "libtrainer", width=260, height=90)


def _drop_down(key: str, source: str, letter: str, rows: int, tr: Translate) -> DataValidation:
    multiple = key == "target_groups"  # several values typed with ";" are allowed
    dv = DataValidation(
        type="list",
        formula1=f"={source}",
        allow_blank=True,
        showErrorMessage=not multiple,
        showDropDown=False,
    )
    dv.errorTitle = tr(N_("Value not in the list"))
    dv.error = tr(N_("Choose a value from the list."))
    dv.add(f"{letter}2:{letter}{rows + 1}")
    return dv


def _write_instructions(ws: Worksheet, tr: Translate, guide: Sequence[str]) -> None:
    widths = (28, 12, 70, 60)
    for index, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    _fit_width(ws)
    ws.cell(row=1, column=1, value=tr(N_("How to fill in the register"))).font = Font(
        bold=True, size=14
    )
    row = 2
    for line in guide:
        ws.cell(row=row, column=1, value=tr(line))
        row += 1
    row += 1
    heads = (N_("Column"), N_("Required"), N_("What to enter"), N_("Allowed values"))
    for index, text in enumerate(heads, start=1):
        cell = ws.cell(row=row, column=index, value=tr(text))
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
    for col in TEMPLATE_COLUMNS:
        row += 1
        allowed = ""
        if col.enum is not None:
            codes = ENUM_LABELS.get(col.enum, {})
            allowed = "; ".join(enum_label(col.enum, code, tr) for code in codes)
        values = (tr(col.label), tr(N_("Yes")) if col.required else "", tr(col.help), allowed)
        for index, value in enumerate(values, start=1):
            cell = ws.cell(row=row, column=index, value=value)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        # Spreadsheets do not size wrapped rows on opening: give each row its lines' height.
        lines = max(math.ceil(len(v) / (w * 0.95)) for v, w in zip(values, widths) if v)
        ws.row_dimensions[row].height = 15 * max(1, lines)
