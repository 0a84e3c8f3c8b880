"""Layout of a session's sign-in sheet (A4 portrait).

Top: what, where, when and who teaches. Then one numbered row per participant (family name,
given name, a wide signature box), in the language's alphabetical order — two people of one
name get what tells them apart after the given name ("Dalia (born 1957)"), so each signs on
their own row — then empty numbered rows for people who walk in. The table header repeats on
every page; the lecturer's signature line follows the last rows and is never alone on a page
(the last rows go with it, under the header again when they start a page); every page's
footer says what the sheet is and "page N of M", shortened with "…" to the page's width. A
one-off seminar (no group) shows its topic, and its programme when it has one.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
)
from reportlab.platypus import TableStyle as TS

from libtrainer.domain import namesakes
from libtrainer.domain.errors import N_
from libtrainer.reports.atomic import temp_then_rename
from libtrainer.reports.printables import SignInSheet
from libtrainer.reports.printables_style import (
    ACCENT,
    RULE,
    Styles,
    Words,
    esc,
    name_style,
    numbered_canvas,
    styles,
)

ROW_HEIGHT = 9 * mm
#: reportlab's padding left and right of a table cell's text (points)
CELL_PADDING = 6
#: the smallest size a long name shrinks to in its cell (points)
NAME_SMALLEST = 7.5
MARGIN = 15 * mm
#: rows that stay with the lecturer's signature, so it never stands alone on a page
ROWS_WITH_SIGNATURE = 3
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
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=14 * mm,
        bottomMargin=16 * mm,
        title=w(N_("Sign-in sheet")),
        author="libtrainer",
        subject=data.title,
        initialFontName=st["base"].fontName,
    )
    width = doc.width
    story = [
        Paragraph(esc(w(N_("Sign-in sheet"))), st["title"]),
        _facts(data, w, st, width),
        Spacer(1, 5 * mm),
        *_people_and_signature(data, w, st, walk_ins, width),
    ]

    def page(number: int, pages: int) -> str:
        return w(N_("page {page} of {pages}")).format(page=number, pages=pages)

    parts = (data.title, w.date(data.date, "medium"), data.setting.branch)
    doc.build(story, canvasmaker=numbered_canvas(parts, page, margin=MARGIN))


def _facts(data: SignInSheet, w: Words, st: Styles, width: float) -> Table:
    s = data.setting
    when = w.date(data.date, "full")
    if data.start:
        when += f", {w.time(data.start)}"
    place = data.place or w(PLACE_KINDS.get(data.place_kind, N_("In the branch")))
    pairs = []
    if s.programme or not data.topic:
        pairs.append((N_("Programme"), s.programme or "—"))
    if data.topic:
        pairs.append((N_("Topic"), data.topic))
    if s.group:
        pairs.append((N_("Group"), s.group))
    pairs += [
        (N_("Branch"), f"{s.branch}, {s.library}"),
        (N_("Place"), place),
        (N_("Date"), when),
        (N_("Academic hours"), w.hours(data.hours)),
        # the lecturer's record has no gender: a verb, not a title (decision 0360)
        (N_("Led by"), s.lecturer or "—"),
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


def _people_and_signature(
    data: SignInSheet, w: Words, st: Styles, walk_ins: int, width: float
) -> list[Flowable]:
    """The people's table, then the signature kept together with its last rows."""
    head = [
        Paragraph(esc(w(t)), st["head"])
        for t in (N_("No."), N_("Family name"), N_("Given name"), N_("Signature"))
    ]
    rows: list[list[Any]] = []
    hints = namesakes.hints(
        namesakes.Namesake(p.id, p.given_name, p.family_name, p.birth_year, p.code, p.phone)
        for p in data.people
    )
    family_width, given_width = (c - 2 * CELL_PADDING for c in _columns(width)[1:3])
    for number, person in enumerate(data.people, start=1):
        given = esc(person.given_name)
        hint = hints.get(person.id)
        if hint is not None:  # a namesake on the sheet: what tells them apart, smaller
            given += f' <font size="8" color="#4B5563">({esc(namesakes.hint_text(hint, w))})</font>'
        rows.append(
            [
                str(number),
                Paragraph(esc(person.family_name), _name(person.family_name, st, family_width)),
                Paragraph(given, _name(person.given_name, st, given_width)),
                "",
            ]
        )
    for number in range(len(data.people) + 1, len(data.people) + walk_ins + 1):
        rows.append([str(number), "", "", ""])
    people = len(data.people)
    keep = min(ROWS_WITH_SIGNATURE, len(rows))
    body, last = rows[: len(rows) - keep], rows[len(rows) - keep :]
    flow: list[Flowable] = []
    if body:
        flow.append(_table([head, *body], people + 1, st, width))
        shade_from = max(0, people - len(body))  # the first walk-in row among the last rows
        tail: Flowable = _HeadWhenAtTop(
            _table(last, shade_from, st, width, head=False),
            _table([head, *last], shade_from + 1, st, width),
        )
    else:
        tail = _table([head, *last], people + 1, st, width)
    return [*flow, KeepTogether([tail, Spacer(1, 10 * mm), *_signature(data, w, st)])]


def _table(
    rows: list[list[Any]], shade_from: int, st: Styles, width: float, *, head: bool = True
) -> Table:
    """Numbered rows, the first of them the header when ``head``; rows from ``shade_from`` on
    are walk-in rows, shaded."""
    heights = ([8 * mm] if head else []) + [ROW_HEIGHT] * (len(rows) - (1 if head else 0))
    table = Table(
        rows,
        colWidths=_columns(width),
        rowHeights=heights,
        repeatRows=1 if head else 0,
        hAlign="LEFT",
    )
    top = 1 if head else 0
    style = [
        ("FONTNAME", (0, 0), (-1, -1), st["cell"].fontName),
        ("FONTSIZE", (0, top), (0, -1), 9),
        ("TEXTCOLOR", (0, top), (0, -1), colors.HexColor("#4B5563")),
        ("ALIGN", (0, top), (0, -1), "RIGHT"),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("GRID", (0, 0), (-1, -1), 0.5, RULE),
        # a name on two lines (smaller) stays inside its row
        ("TOPPADDING", (0, top), (-1, -1), 1),
        ("BOTTOMPADDING", (0, top), (-1, -1), 1),
    ]
    if head:
        style.append(("BACKGROUND", (0, 0), (-1, 0), ACCENT))
    if shade_from < len(rows):
        style.append(("BACKGROUND", (0, shade_from), (-1, -1), colors.HexColor("#F9FAFB")))
    table.setStyle(TS(style))
    return table


def _columns(width: float) -> list[float]:
    """Number, family name, given name, signature."""
    first = 12 * mm
    names = (width - first) * 0.6
    return [first, names * 0.53, names * 0.47, width - first - names]


def _name(text: str, st: Styles, width: float) -> ParagraphStyle:
    """A name's cell style: one line when it fits, else at most two lines broken only after a
    hyphen or at a space, smaller (decision 0360)."""
    return name_style(text, st["cell"], width, lines=2, smallest=NAME_SMALLEST)


class _HeadWhenAtTop(Flowable):  # type: ignore[misc]  # reportlab has no type hints
    """The table's last rows: as its continuation when they follow it on the same page, under
    the header again when they start a page (the frame says whether it is at its top)."""

    def __init__(self, plain: Table, headed: Table) -> None:
        super().__init__()
        self._plain, self._headed = plain, headed
        self._shown = plain

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        frame = getattr(self, "_frame", None)
        self._shown = self._headed if frame is not None and frame._atTop else self._plain
        return self._shown.wrap(avail_width, avail_height)  # type: ignore[no-any-return]

    def draw(self) -> None:
        self._shown.drawOn(self.canv, 0, 0)


def _signature(data: SignInSheet, w: Words, st: Styles) -> list[Table]:
    line = "_" * 34
    label = w(N_("Session led by (signature)"))
    name = data.setting.lecturer
    rows = [
        [Paragraph(esc(label), st["label"]), Paragraph(line, st["base"])],
        ["", Paragraph(esc(name), st["small"])],
    ]
    table = Table(rows, colWidths=[55 * mm, 90 * mm], hAlign="LEFT")
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
