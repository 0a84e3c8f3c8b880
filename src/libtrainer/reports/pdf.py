"""Reports as PDF (reportlab platypus), A4 landscape, DejaVu Sans embedded.

A title page (title, filters, generation time, source devices, notes), then per section a
heading, a bar chart and the table. Tables split across pages with the header repeated; tables
too wide for the page are split into column groups, each repeating the label column. Every
page carries the report title and "page X of Y" (a two-pass canvas counts the pages).
Numbers are formatted in the reader's locale (``cells``).
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    CondPageBreak,
    LongTable,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.flowables import Flowable

from libtrainer.i18n import _
from libtrainer.i18n.format import format_datetime
from libtrainer.reports.atomic import temp_then_rename
from libtrainer.reports.cells import section_texts
from libtrainer.reports.fonts import BOLD, register_fonts
from libtrainer.reports.labels import DEVICE_ROLES, code_label, received_until, report_period
from libtrainer.reports.model import Report, Section
from libtrainer.reports.pdfcharts import bar_chart
from libtrainer.reports.printables_style import fit_parts

PAGE = landscape(A4)
MARGIN = 14 * mm
FRAME_WIDTH = PAGE[0] - 2 * MARGIN
HEADER_BG = colors.HexColor("#1F4E79")
STRIPE = colors.HexColor("#EEF3F8")
FONT_SIZE = 8
LABEL_MAX = 78 * mm
PAD = 14.0  # cell padding left + right, plus a little air


def _styles() -> dict[str, ParagraphStyle]:
    font = register_fonts()
    return {
        "title": ParagraphStyle("title", fontName=BOLD, fontSize=22, leading=28, spaceAfter=8),
        "h1": ParagraphStyle("h1", fontName=BOLD, fontSize=14, leading=18, spaceAfter=6),
        "body": ParagraphStyle("body", fontName=font, fontSize=9, leading=12),
        "cell": ParagraphStyle("cell", fontName=font, fontSize=FONT_SIZE, leading=10),
        "head": ParagraphStyle(
            "head",
            fontName=BOLD,
            fontSize=FONT_SIZE - 0.5,
            leading=9.5,
            textColor=colors.white,
            alignment=1,
        ),
    }


#: room for the footer's left text, beside "Page X of Y"
FOOTER_WIDTH = FRAME_WIDTH - 40 * mm


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class NumberedCanvas(Canvas):  # type: ignore[misc]
    """Keeps every page until the end, then stamps "page X of Y" and the report title."""

    report_title = ""
    period = ""
    stamp = ""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:  # noqa: N802 - reportlab's name
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for state in self._pages:
            self.__dict__.update(state)
            self._footer(total)
            super().showPage()
        super().save()

    def _footer(self, total: int) -> None:
        font = register_fonts()
        self.setFont(font, 7.5)
        self.setFillColor(colors.HexColor("#555555"))
        text = _("Page {page} of {pages}").format(page=self._pageNumber, pages=total)
        self.drawRightString(PAGE[0] - MARGIN, 8 * mm, text)
        # every page says what it is: the title (shortened first, at a word), the period and
        # when it was made; a long title must not run into the page number
        parts = (self.report_title, self.period, self.stamp)
        self.drawString(MARGIN, 8 * mm, fit_parts(parts, font, 7.5, FOOTER_WIDTH))


def _title_page(report: Report, st: dict[str, ParagraphStyle]) -> list[Flowable]:
    out: list[Flowable] = [Spacer(1, 18 * mm), Paragraph(_esc(report.title), st["title"])]
    lines = [*report.filter_lines, (_("Generated"), format_datetime(report.generated_at))]
    rows = [
        [Paragraph(f"<b>{_esc(k)}</b>", st["body"]), Paragraph(_esc(v), st["body"])]
        for k, v in lines
    ]
    out += [
        Spacer(1, 6 * mm),
        Table(
            rows,
            colWidths=[55 * mm, FRAME_WIDTH - 55 * mm],
            hAlign="LEFT",
            # Its cells are paragraphs, but a table without a font of its own names Helvetica
            # (not embedded) in the file.
            style=[("FONTNAME", (0, 0), (-1, -1), register_fonts())],
        ),
    ]
    if report.sources:
        out += [Spacer(1, 8 * mm), Paragraph(_esc(_("Source devices")), st["h1"])]
        heads = (_("Device"), _("Role"), _("Branch"), _("Work received up to"))
        head = [Paragraph(_esc(h), st["head"]) for h in heads]
        body = [
            [
                Paragraph(_esc(s.name), st["cell"]),
                Paragraph(_esc(code_label(DEVICE_ROLES, s.role)), st["cell"]),
                Paragraph(_esc(s.branch), st["cell"]),
                Paragraph(_esc(received_until(s)), st["cell"]),
            ]
            for s in report.sources
        ]
        table = LongTable(
            [head, *body],
            colWidths=[65 * mm, 35 * mm, 80 * mm, 45 * mm],
            repeatRows=1,
            hAlign="LEFT",
        )
        table.setStyle(_table_style(len(body), has_total=False))
        out.append(table)
    for note in report.notes:
        out += [Spacer(1, 5 * mm), Paragraph(_esc(note), st["body"])]
    return out


def _table_style(rows: int, *, has_total: bool, size: float = FONT_SIZE) -> TableStyle:
    commands: list[tuple[Any, ...]] = [
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_BG),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("FONTNAME", (0, 0), (-1, -1), register_fonts()),
        ("FONTSIZE", (0, 0), (-1, -1), size),
        ("ALIGN", (1, 1), (-1, -1), "RIGHT"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.HexColor("#BFBFBF")),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
    ]
    commands += [("BACKGROUND", (0, r), (-1, r), STRIPE) for r in range(2, rows + 1, 2)]
    if has_total:
        commands += [
            ("FONTNAME", (0, -1), (-1, -1), BOLD),
            ("LINEABOVE", (0, -1), (-1, -1), 1, HEADER_BG),
        ]
    return TableStyle(commands)


def _column_widths(
    section: Section, texts: list[list[str]], size: float
) -> tuple[float, list[float]]:
    """Width of the label column and of each numeric column at font ``size``: wide enough for
    the widest value and for the longest word of the header (headers wrap between words)."""
    labels = [r[0] for r in texts] + [section.columns[0].label]
    label_w = min(max(stringWidth(t, BOLD, size) for t in labels) + PAD, LABEL_MAX)
    widths = []
    for i, col in enumerate(section.columns[1:], start=1):
        value_w = max((stringWidth(r[i], BOLD, size) for r in texts), default=0)
        word_w = max(stringWidth(w, BOLD, size - 0.5) for w in col.label.split())
        widths.append(max(value_w, word_w) + PAD)
    return label_w, widths


def _column_groups(
    section: Section, texts: list[list[str]]
) -> tuple[float, float, list[list[int]], list[float]]:
    """Font size, label width, groups of column indexes that fit the page, column widths.

    A wide table first gets a smaller font; if it still does not fit, its numeric columns are
    dealt into as few, evenly filled groups as fit, each printed with the label column.
    """
    for size in (FONT_SIZE, FONT_SIZE - 1, FONT_SIZE - 1.5):
        label_w, widths = _column_widths(section, texts, size)
        if label_w + sum(widths) <= FRAME_WIDTH:
            return size, label_w, [list(range(1, len(widths) + 1))], widths
    room = FRAME_WIDTH - label_w
    count = max(1, math.ceil(sum(widths) / room))
    while True:
        target = sum(widths) / count
        groups: list[list[int]] = [[]]
        used = 0.0
        for i, w in enumerate(widths, start=1):
            if groups[-1] and (used + w > room or (used >= target and len(groups) < count)):
                groups.append([])
                used = 0.0
            groups[-1].append(i)
            used += w
        if len(groups) <= count:
            return size, label_w, groups, widths
        count += 1


def _tables(section: Section, st: dict[str, ParagraphStyle]) -> list[Flowable]:
    texts = section_texts(section)
    size, label_w, groups, widths = _column_groups(section, texts)
    head_style = ParagraphStyle("h", parent=st["head"], fontSize=size - 0.5, leading=size + 1.5)
    cell_style = ParagraphStyle("c", parent=st["cell"], fontSize=size, leading=size + 2)
    out: list[Flowable] = []
    for n, group in enumerate(groups):
        cols = [0, *group]
        head = [Paragraph(_esc(section.columns[i].label), head_style) for i in cols]
        body = []
        total_style = ParagraphStyle("t", parent=cell_style, fontName=BOLD)
        for r, values in enumerate(texts):
            is_total = section.total is not None and r == len(texts) - 1
            style = total_style if is_total else cell_style
            line: list[Any] = [Paragraph(_esc(values[0]), style)]
            line += [values[i] for i in group]
            body.append(line)
        col_widths = [label_w, *[widths[i - 1] for i in group]]
        table = LongTable([head, *body], colWidths=col_widths, repeatRows=1, hAlign="LEFT")
        table.setStyle(_table_style(len(body), has_total=section.total is not None, size=size))
        if n:
            out.append(Spacer(1, 5 * mm))
        out.append(table)
    return out


def _section(section: Section, st: dict[str, ParagraphStyle]) -> list[Flowable]:
    out: list[Flowable] = [PageBreak(), Paragraph(_esc(section.title), st["h1"])]
    chart = bar_chart(section, FRAME_WIDTH * 0.75)
    if chart is not None:
        out += [chart, Spacer(1, 4 * mm), CondPageBreak(40 * mm)]
    out += _tables(section, st)
    if section.note:
        out += [Spacer(1, 3 * mm), Paragraph(_esc(section.note), st["body"])]
    return out


def write_pdf(report: Report, path: Path) -> None:
    """Build the PDF under a temporary name, then rename it over ``path``."""
    st = _styles()
    story = _title_page(report, st)
    for section in report.sections:
        story += _section(section, st)

    class Stamped(NumberedCanvas):
        report_title = report.title
        period = report_period(report.filters)
        stamp = format_datetime(report.generated_at)

    with temp_then_rename(path) as tmp:
        doc = SimpleDocTemplate(
            str(tmp),
            pagesize=PAGE,
            leftMargin=MARGIN,
            rightMargin=MARGIN,
            topMargin=MARGIN,
            bottomMargin=MARGIN + 4 * mm,
            title=report.title,
            author="libtrainer",
            lang=report.language,
            initialFontName=register_fonts(),  # no unembedded Helvetica in the file
        )
        doc.build(story, canvasmaker=Stamped)
