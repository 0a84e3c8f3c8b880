"""Bar charts for report PDFs (``reportlab.graphics``), in the embedded DejaVu font.

Periods are drawn as vertical bars in time order; places, programmes and other categories as
horizontal bars, largest first, at most :data:`MAX_BARS` of them (a note says when more were
left out). Sections whose chart column is empty or all zero get no chart.
"""

from __future__ import annotations

import math

from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.shapes import STATE_DEFAULTS, Drawing, String
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth

from libtrainer.i18n import _
from libtrainer.i18n.format import format_number
from libtrainer.reports.fonts import BOLD, register_fonts
from libtrainer.reports.model import Section
from libtrainer.reports.periods import UNITS

MAX_BARS = 25
#: Bars of a breakdown kept in the table's order (periods, the ESF+ indicators).
MAX_ORDERED_BARS = 40
#: Breakdowns whose bars are drawn largest first (others keep the table's order).
RANKED = frozenset({"region", "library", "branch", "programme", "target_group", "topic", "helper"})
BAR_COLOUR = colors.HexColor("#2E75B6")


def _shorten(text: str, limit: int = 46) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _thousands(value: float) -> str:
    return format_number(round(value, 1) if value % 1 else int(value))


def axis_step(top: float, *, whole: bool) -> float:
    """A round step (1, 2, 5 × 10ⁿ) giving about five ticks; at least 1 for counts."""
    raw = top / 5 or 1.0
    magnitude = 10.0 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1.0, 2.0, 5.0, 10.0) if m * magnitude >= raw)
    return max(step, 1.0) if whole else step


def chart_data(section: Section) -> tuple[list[str], list[float]] | None:
    """(labels, values) for the section's chart column, or None when there is nothing to show."""
    if not section.chart or not section.rows:
        return None
    try:
        index = section.index(section.chart)
    except ValueError:
        return None
    pairs = [
        (str(r.values[0]), float(r.values[index] or 0))
        for r in section.rows
        if isinstance(r.values[index], (int, float))
    ]
    if len(pairs) < 2 or not any(v for _label, v in pairs):
        return None
    if section.columns[0].key in RANKED:
        pairs.sort(key=lambda p: -p[1])
    limit = bar_limit(section)
    # periods: the latest ones (a long span's most recent months are the ones asked about)
    pairs = pairs[-limit:] if section.columns[0].key in UNITS else pairs[:limit]
    return [p[0] for p in pairs], [p[1] for p in pairs]


def bar_limit(section: Section) -> int:
    """How many bars the section's chart draws: the largest :data:`MAX_BARS` of a ranked
    breakdown (the small tail is in the table), else up to :data:`MAX_ORDERED_BARS` in the
    table's order (periods, indicators: a row left out there would be a gap, not a tail)."""
    return MAX_BARS if section.columns[0].key in RANKED else MAX_ORDERED_BARS


def bar_chart(section: Section, width: float) -> Drawing | None:
    """A titled bar chart of the section's chart column, ``width`` points wide."""
    data = chart_data(section)
    if data is None:
        return None
    font = register_fonts()
    # A drawing starts from these defaults and names their font in the PDF even when every
    # string has its own: without this, an unembedded Helvetica is listed.
    STATE_DEFAULTS["fontName"] = font
    names, values = data
    periods = section.columns[0].key in UNITS
    chart: HorizontalBarChart | VerticalBarChart
    if periods:
        height = 190.0
        chart = VerticalBarChart()
        angled = len(names) > 6
        # a slanted first label (a period the range cuts names its days) reaches left of the
        # axis: start the chart far enough in for it to stay on the page
        left, below = 45.0, 45.0
        if angled:
            widest = max(stringWidth(n, font, 7) for n in names)
            left = max(left, stringWidth(names[0], font, 7) * math.cos(math.radians(30)) + 4)
            below = max(below, widest * math.sin(math.radians(30)) + 14)
            height += below - 45
        chart.x, chart.y = left, below
        chart.width, chart.height = width - left - 25, height - below - 30
        chart.categoryAxis.labels.angle = 30 if angled else 0
        chart.categoryAxis.labels.boxAnchor = "ne" if angled else "n"
    else:
        height = min(60.0 + 15 * len(names), 430.0)
        chart = HorizontalBarChart()
        chart.x, chart.y, chart.width, chart.height = 235, 20, width - 270, height - 50
        names = [_shorten(n) for n in reversed(names)]  # drawn bottom-up: largest on top
        values = list(reversed(values))
    chart.data = [values]
    chart.categoryAxis.categoryNames = names
    chart.categoryAxis.labels.fontName = font
    chart.categoryAxis.labels.fontSize = 7
    chart.valueAxis.labels.fontName = font
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = max(values) * 1.12
    chart.valueAxis.valueStep = axis_step(max(values), whole=all(v % 1 == 0 for v in values))
    chart.valueAxis.labelTextFormat = _thousands
    chart.bars[0].fillColor = BAR_COLOUR
    chart.bars[0].strokeColor = None
    chart.barLabelFormat = _thousands
    chart.barLabels.fontName = font
    chart.barLabels.fontSize = 6
    chart.barLabels.nudge = 3
    chart.barLabels.boxAnchor = "s" if periods else "w"
    drawing = Drawing(width, height)
    drawing.add(chart)
    title = section.column(section.chart or "").label
    limit = bar_limit(section)
    if len(section.rows) > limit and section.columns[0].key in RANKED:
        title += " — " + _("the {count} largest").format(count=limit)
    elif len(section.rows) > limit and section.columns[0].key in UNITS:
        title += " — " + _("the last {count}").format(count=limit)
    elif len(section.rows) > limit:
        title += " — " + _("the first {count}").format(count=limit)
    drawing.add(String(0, height - 12, title, fontName=BOLD, fontSize=9))
    return drawing
