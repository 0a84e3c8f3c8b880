"""Layout of a session's sign-in sheet (A4 portrait).

Top: what, where, when and who teaches. Then one numbered row per participant (family name,
given name, a wide signature box), in the language's alphabetical order, then empty numbered
rows for people who walk in. The table header repeats on every page; the foot of the last
page has the lecturer's signature line; every page says "page N of M".
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table
from reportlab.platypus import TableStyle as TS

from libtrainer.domain.errors import N_
from libtrainer.reports.atomic import temp_then_rename
from libtrainer.reports.printables import SignInSheet
from libtrainer.reports.printables_style import (
    ACCENT,
    RULE,
    Styles,
    Words,
    esc,
    numbered_canvas,
    styles,
)

ROW_HEIGHT = 9 * mm
PLACE_KINDS = {
    "off_site": N_("Off-site"),
    "home_visit": N_("Home visit"),
    "online": N_("Online"),
    "branch": N_("In the branch"),
}


def render_sign_in(data: SignInSheet, out: Path, *, lang: str, walk_ins: int = 6) -> Path:
    """Write the sign-in sheet PDF to ``out`` (whole or not at all: :mod:`.atomic`)."""
    with temp_then_rename(out) as tmp:
        _build(data, tmp, lang=lang, walk_ins=walk_ins)
    return out


def _build(data: SignInSheet, out: Path, *, lang: str, walk_ins: int) -> None:
    w = Words(lang)
    st = styles()
    doc = SimpleDocTemplate(
        str(out),
        pagesize=A4,
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=14 * mm,
        bottomMargin=16 * mm,
        title=w(N_("Sign-in sheet")),
        author="libtrainer",
        subject=data.setting.programme,
        initialFontName=st["base"].fontName,
    )
    width = doc.width
    story = [
        Paragraph(esc(w(N_("Sign-in sheet"))), st["title"]),
        _facts(data, w, st, width),
        Spacer(1, 5 * mm),
        _people_table(data, w, st, walk_ins, width),
        Spacer(1, 10 * mm),
        KeepTogether(_signature(data, w, st)),
    ]
    footer = _footer(data, w)
    doc.build(story, canvasmaker=numbered_canvas(footer))


def _facts(data: SignInSheet, w: Words, st: Styles, width: float) -> Table:
    s = data.setting
    when = w.date(data.date, "full")
    if data.start:
        when += f", {w.time(data.start)}"
    place = data.place or w(PLACE_KINDS.get(data.place_kind, N_("In the branch")))
    pairs = [
        (N_("Programme"), s.programme),
        (N_("Group"), s.group or "—"),
        (N_("Branch"), f"{s.branch}, {s.library}"),
        (N_("Place"), place),
        (N_("Date"), when),
        (N_("Academic hours"), w.hours(data.hours)),
        (N_("Lecturer"), s.lecturer or "—"),
    ]
    rows = [[Paragraph(esc(w(k)), st["label"]), Paragraph(esc(v), st["value"])] for k, v in pairs]
    table = Table(rows, colWidths=[40 * mm, width - 40 * mm], hAlign="LEFT")
    table.setStyle(
        TS(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("FONTNAME", (0, 0), (-1, -1), st["base"].fontName),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                ("TOPPADDING", (0, 0), (-1, -1), 1),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return table


def _people_table(data: SignInSheet, w: Words, st: Styles, walk_ins: int, width: float) -> Table:
    head = [
        Paragraph(esc(w(t)), st["head"])
        for t in (N_("No."), N_("Family name"), N_("Given name"), N_("Signature"))
    ]
    rows = [head]
    for number, person in enumerate(data.people, start=1):
        rows.append(
            [
                str(number),
                Paragraph(esc(person.family_name), st["cell"]),
                Paragraph(esc(person.given_name), st["cell"]),
                "",
            ]
        )
    for number in range(len(data.people) + 1, len(data.people) + walk_ins + 1):
        rows.append([str(number), "", "", ""])
    heights = [8 * mm] + [ROW_HEIGHT] * (len(rows) - 1)
    first = 12 * mm
    names = (width - first) * 0.6
    table = Table(
        rows,
        colWidths=[first, names * 0.53, names * 0.47, width - first - names],
        rowHeights=heights,
        repeatRows=1,
        hAlign="LEFT",
    )
    table.setStyle(
        TS(
            [
                ("BACKGROUND", (0, 0), (-1, 0), ACCENT),
                ("FONTNAME", (0, 0), (-1, -1), st["cell"].fontName),
                ("FONTSIZE", (0, 1), (0, -1), 9),
                ("TEXTCOLOR", (0, 1), (0, -1), colors.HexColor("#4B5563")),
                ("ALIGN", (0, 1), (0, -1), "RIGHT"),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("GRID", (0, 0), (-1, -1), 0.5, RULE),
                ("BACKGROUND", (0, len(data.people) + 1), (-1, -1), colors.HexColor("#F9FAFB")),
            ]
        )
    )
    return table


def _signature(data: SignInSheet, w: Words, st: Styles) -> list[Table]:
    line = "_" * 34
    label = w(N_("Lecturer's signature"))
    name = data.setting.lecturer
    rows = [
        [Paragraph(esc(f"{label}:"), st["label"]), Paragraph(line, st["base"])],
        ["", Paragraph(esc(name), st["small"])],
    ]
    table = Table(rows, colWidths=[45 * mm, 90 * mm], hAlign="LEFT")
    table.setStyle(
        TS(
            [
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("FONTNAME", (0, 0), (-1, -1), st["base"].fontName),
                ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
            ]
        )
    )
    return [table]


def _footer(data: SignInSheet, w: Words) -> Callable[[int, int], str]:
    head = f"{data.setting.programme} · {w.date(data.date, 'medium')} · {data.setting.branch}"

    def footer(page: int, pages: int) -> str:
        return f"{head} — " + w(N_("page {page} of {pages}")).format(page=page, pages=pages)

    return footer
