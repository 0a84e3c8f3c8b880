"""Reports as Excel workbooks (openpyxl) that open cleanly in Excel and LibreOffice.

The first sheet states what the report is: its title, the filters, when it was made, in which
language, the devices whose records the store holds, and notes. Then one sheet per section:
a title row, a styled header row (wrapped, filled, bordered), the rows (names wrapped when
longer than their column), and a bold totals row; panes frozen below the header and right of
the label column; numbers stored as numbers with formats (``#,##0``, hours ``#,##0.00`` as
the PDF shows them, shares ``0.0%``); column widths fitted to the content; landscape printing
with the header repeated on every page.
Text is always stored as text: a name beginning with ``=`` never becomes a formula
(:mod:`.cells_safe`).
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from libtrainer.i18n import _
from libtrainer.i18n.format import format_datetime
from libtrainer.reports.atomic import temp_then_rename
from libtrainer.reports.cells_safe import keep_text
from libtrainer.reports.labels import DEVICE_ROLES, code_label, received_until, report_period
from libtrainer.reports.model import Column, Report, Section

FORMATS = {"int": "#,##0", "hours": "#,##0.00", "score": "0.00", "percent": "0.0%"}
HEADER_FILL = PatternFill("solid", fgColor="1F4E79")
HEADER_FONT = Font(bold=True, color="FFFFFF")
TITLE_FONT = Font(bold=True, size=14)
THIN = Side(style="thin", color="A6A6A6")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP = Alignment(wrap_text=True, vertical="top")
TOTAL_BORDER = Border(top=Side(style="medium", color="1F4E79"))
BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")
HEADER_ROW = 2
SHEET_NAME_MAX = 31


def _short(title: str) -> str:
    """``title`` in at most 31 characters: whole, else what follows its colon (the breakdown,
    e.g. "Region × Month"), else cut at a word with "…" (the sheet's first cell has it whole)."""
    if len(title) <= SHEET_NAME_MAX:
        return title
    tail = title.split(": ", 1)[1] if ": " in title else ""
    if tail and len(tail) <= SHEET_NAME_MAX:
        return tail
    cut = title[: SHEET_NAME_MAX - 1]
    if " " in cut:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,:;–-") + "…"


def sheet_name(title: str, used: set[str]) -> str:
    """A valid, unique sheet name (≤ 31 characters, none of []:*?/\\)."""
    base = BAD_SHEET_CHARS.sub(" ", _short(title.strip())).strip()[:SHEET_NAME_MAX] or "Sheet"
    name, n = base, 2
    while name.lower() in used:
        suffix = f" ({n})"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    used.add(name.lower())
    return name


def _about(ws: Worksheet, report: Report) -> None:
    keep_text(ws.cell(1, 1, report.title)).font = TITLE_FONT
    lines = [
        *report.filter_lines,
        (_("Generated"), format_datetime(report.generated_at)),
        (_("Language"), report.language),
    ]
    row = 3
    for label, value in lines:
        keep_text(ws.cell(row, 1, label)).font = Font(bold=True)
        keep_text(ws.cell(row, 2, value))
        row += 1
    row += 1
    keep_text(ws.cell(row, 1, _("Source devices"))).font = Font(bold=True, size=12)
    row += 1
    heads = (_("Device"), _("Role"), _("Branch"), _("Device id"), _("Work received up to"))
    for col, head in enumerate(heads, start=1):
        _header_cell(keep_text(ws.cell(row, col, head)))
    for source in report.sources:
        row += 1
        for col, value in enumerate(
            (
                source.name,
                code_label(DEVICE_ROLES, source.role),
                source.branch,
                source.device_id,
                received_until(source),
            ),
            start=1,
        ):
            keep_text(ws.cell(row, col, value))
    for note in report.notes:
        row += 2
        keep_text(ws.cell(row, 1, note)).alignment = Alignment(wrap_text=True, vertical="top")
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=4)
        # Merged cells do not grow with their text: about 130 characters fit on a line.
        ws.row_dimensions[row].height = 15 * max(2, -(-len(note) // 130) + 1)
    for letter, width in zip("ABCDE", (34, 48, 34, 38, 24)):
        ws.column_dimensions[letter].width = width
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    _page_frame(ws, report)


def _header_cell(cell: object) -> None:
    cell.font = HEADER_FONT  # type: ignore[attr-defined]
    cell.fill = HEADER_FILL  # type: ignore[attr-defined]
    cell.border = BOX  # type: ignore[attr-defined]
    cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")  # type: ignore[attr-defined]


def _width(column: Column, values: Sequence[object]) -> float:
    longest_value = max((len(str(v)) for v in values if v is not None), default=1)
    if column.numeric:
        longest_value += longest_value // 3 + 1  # thousands separators and decimals
    header_words = max((len(w) for w in column.label.split()), default=4)
    head = min(len(column.label), 18)
    limit = 60 if column.kind == "text" else 22
    return float(min(max(longest_value, header_words, head, 6) + 2, limit))


def _page_frame(ws: Worksheet, report: Report) -> None:
    """Printed pages say what they are: title and period above, page x / y and date below."""
    period = report_period(report.filters)
    ws.oddHeader.left.text = _header_text(f"{report.title} — {period}" if period else report.title)
    ws.oddHeader.left.size = 9
    ws.oddFooter.center.text = "&P / &N"
    ws.oddFooter.center.size = 9
    ws.oddFooter.right.text = _header_text(format_datetime(report.generated_at))
    ws.oddFooter.right.size = 9


def _header_text(text: str) -> str:
    """Plain text for a page header or footer ("&" starts a code there; 255 characters)."""
    return text.replace("&", "&&")[:200]


def _section(ws: Worksheet, section: Section) -> None:
    keep_text(ws.cell(1, 1, section.title)).font = Font(bold=True, size=12)
    for col, column in enumerate(section.columns, start=1):
        _header_cell(keep_text(ws.cell(HEADER_ROW, col, column.label)))
    ws.row_dimensions[HEADER_ROW].height = 15 * max(
        2, *(len(c.label) // 16 + 1 for c in section.columns)
    )
    table = section.table()
    kinds = [row.kind for row in section.rows] + [None] * (len(table) - len(section.rows))
    for r, (values, kind) in enumerate(zip(table, kinds), start=HEADER_ROW + 1):
        for c, (column, value) in enumerate(zip(section.columns, values), start=1):
            cell = keep_text(ws.cell(r, c, value))  # text as typed, never a formula
            if column.numeric:
                cell.number_format = FORMATS[kind or column.kind]
            else:
                # a name longer than the column (at most 60 wide) wraps instead of being cut
                cell.alignment = WRAP
    if section.total is not None:
        last = HEADER_ROW + len(table)
        for c in range(1, len(section.columns) + 1):
            cell = ws.cell(last, c)
            cell.font = Font(bold=True)
            cell.border = TOTAL_BORDER
    if section.note:
        keep_text(ws.cell(HEADER_ROW + len(table) + 2, 1, section.note))
    widths = []
    for c, column in enumerate(section.columns, start=1):
        cells = [line[c - 1] for line in table]
        widths.append(_width(column, cells))
        ws.column_dimensions[get_column_letter(c)].width = widths[-1]
    _fit_rows(ws, section, table, widths)
    ws.freeze_panes = ws.cell(HEADER_ROW + 1, 2)
    if section.rows:
        last_data = HEADER_ROW + len(section.rows)
        ws.auto_filter.ref = f"A{HEADER_ROW}:{get_column_letter(len(section.columns))}{last_data}"
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def _fit_rows(
    ws: Worksheet, section: Section, table: list[list[object]], widths: list[float]
) -> None:
    """Rows whose wrapped names need more than one line get the height for them (neither
    Excel nor LibreOffice grows a row written without a height on opening)."""
    text = [i for i, column in enumerate(section.columns) if not column.numeric]
    for r, values in enumerate(table, start=HEADER_ROW + 1):
        lines = max(
            (
                math.ceil(len(str(values[i])) / max(widths[i] - 2, 1))
                for i in text
                if values[i] is not None
            ),
            default=1,
        )
        if lines > 1:
            ws.row_dimensions[r].height = 15 * lines


def write_xlsx(report: Report, path: Path) -> None:
    """Write the workbook to a temporary name, then rename it over ``path``."""
    wb = Workbook()
    used: set[str] = set()
    about = wb.active
    assert about is not None
    about.title = sheet_name(_("Report"), used)
    _about(about, report)
    for section in report.sections:
        sheet = wb.create_sheet(sheet_name(section.title, used))
        _section(sheet, section)
        _page_frame(sheet, report)
    wb.properties.title = report.title
    wb.properties.creator = "libtrainer"
    wb.properties.language = report.language
    with temp_then_rename(path) as tmp:
        wb.save(tmp)
