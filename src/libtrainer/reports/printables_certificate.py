"""Layout of completion certificates: one landscape A4 page per enrolment.

Each page: the library, the word "Certificate" and a number (the enrolment id's first
characters, so a certificate can be traced to its record), the person's name, the programme,
its volume in academic hours, the training dates, the branch, the date of issue and two
signatory lines (who led the training, for the library). Latvian verbs agree with the person's
gender (pgettext contexts "female"/"male"); the lecturer, whose record has no gender, is named
with a verb. A long name stays on one line in a smaller size.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from libtrainer.domain.errors import N_, LibtrainerError
from libtrainer.reports.atomic import temp_then_rename
from libtrainer.reports.fonts import register_fonts
from libtrainer.reports.printables import Certificate
from libtrainer.reports.printables_style import (
    ACCENT,
    MUTED,
    RULE,
    Words,
    esc,
    name_style,
    styles,
)

PAGE = landscape(A4)
TEXT_WIDTH = 210 * mm
#: the person's name may use more of the width inside the border (271 mm)
NAME_WIDTH = 250 * mm
SIGN_WIDTH = 60 * mm
#: the smallest size a long name shrinks to before it takes a second line (points)
NAME_SMALLEST = 16
QUOTES = {"lt": ("„", "“"), "lv": ("„", "”")}


def render_certificates(
    items: list[Certificate], out: Path, *, lang: str, issued_on: dt.date
) -> Path:
    """Write every certificate to one PDF at ``out`` (whole or not at all: :mod:`.atomic`)."""
    if not items:
        raise LibtrainerError(
            N_(
                "Nobody in this group is marked as having completed it, so there is no "
                "certificate to print. Finish the group first (Groups & sessions, “Finish "
                "group”)."
            )
        )
    w = Words(lang)
    with temp_then_rename(out) as tmp:
        canvas = Canvas(str(tmp), pagesize=PAGE, initialFontName=register_fonts())
        canvas.setTitle(w(N_("Certificates")))
        canvas.setAuthor("libtrainer")
        for item in items:
            _page(canvas, item, w, issued_on)
            canvas.showPage()
        canvas.save()
    return out


def _page(c: Canvas, item: Certificate, w: Words, issued_on: dt.date) -> None:
    width, height = PAGE
    st = styles()
    _border(c)
    s = item.setting
    y = height - 34 * mm
    y = _centred(c, esc(s.library.upper()), st["c_small"], y)
    y = _centred(c, esc(w(N_("Certificate")).upper()), st["c_title"], y - 8 * mm)
    y = _centred(c, esc(w(N_("No. {number}")).format(number=item.number)), st["c_small"], y)
    y = _centred(c, esc(w(N_("This is to certify that"))), st["c_text"], y - 9 * mm)
    name = f"{item.person.given_name} {item.person.family_name}"
    # a long name stays on one line, smaller; only below NAME_SMALLEST it takes two lines,
    # broken after a hyphen or at a space (decision 0360)
    fitted = name_style(name, st["c_name"], NAME_WIDTH, lines=1, smallest=NAME_SMALLEST)
    y = _centred(c, esc(name), fitted, y - 4 * mm, NAME_WIDTH)
    gender = item.person.gender if item.person.gender in ("female", "male") else "any"
    verb = w.ctx(gender, "has completed the digital-skills training programme")
    y = _centred(c, esc(verb), st["c_text"], y - 5 * mm)
    left, right = QUOTES.get(w.lang, ("“", "”"))
    y = _centred(c, esc(f"{left}{s.programme}{right}"), st["c_prog"], y - 3 * mm)
    volume = w(N_("Volume: {hours} academic hours (45 minutes each)")).format(
        hours=w.hours(item.hours)
    )
    y = _centred(c, esc(volume), st["c_text"], y - 5 * mm)
    if item.first:
        dates = _date(w, item.first)
        if item.last and item.last != item.first:
            dates = f"{dates} – {_date(w, item.last)}"
        y = _centred(c, esc(w(N_("Training dates: {dates}")).format(dates=dates)), st["c_text"], y)
    _centred(c, esc(f"{s.branch}, {s.library}"), st["c_small"], y - 2 * mm)
    _signatures(c, item, w, issued_on)


def _border(c: Canvas) -> None:
    width, height = PAGE
    c.setStrokeColor(ACCENT)
    c.setLineWidth(2.2)
    c.rect(10 * mm, 10 * mm, width - 20 * mm, height - 20 * mm)
    c.setLineWidth(0.6)
    c.rect(13 * mm, 13 * mm, width - 26 * mm, height - 26 * mm)


def _centred(
    c: Canvas, text: str, style: ParagraphStyle, top: float, width: float = TEXT_WIDTH
) -> float:
    """Draw a centred paragraph whose top is at ``top``; returns the y below it."""
    para = Paragraph(text, style)
    _, used = para.wrapOn(c, width, 80 * mm)
    para.drawOn(c, (PAGE[0] - width) / 2, top - used)
    return float(top - used - 2 * mm)


def _signatures(c: Canvas, item: Certificate, w: Words, issued_on: dt.date) -> None:
    font = register_fonts()
    base = 36 * mm
    c.setFont(font, 10)
    c.setFillColor(MUTED)
    c.drawString(30 * mm, base, w(N_("Issued on {date}")).format(date=_date(w, issued_on)))
    # The lecturer's record has no gender and the head of the library is not named: a verb
    # and "for the library" instead of titles that are masculine or feminine (decision 0360).
    boxes = (
        (140 * mm, N_("Training led by"), item.setting.lecturer),
        (212 * mm, N_("For the library"), ""),
    )
    for left, role, name in boxes:
        middle = left + SIGN_WIDTH / 2
        c.setStrokeColor(RULE)
        c.setLineWidth(0.7)
        c.line(left, base, left + SIGN_WIDTH, base)
        c.setFillColor(MUTED)
        c.setFont(font, 7)
        c.drawCentredString(middle, base - 3 * mm, w(N_("(signature)")))
        c.setFont(font, 9)
        c.drawCentredString(middle, base - 7.5 * mm, w(role))
        if name:
            c.drawCentredString(middle, base - 11.5 * mm, name)


def _date(w: Words, value: dt.date | None) -> str:
    """Dates on a certificate: Latvian numerically (its long form would need the locative)."""
    return w.date(value, "dd.MM.yyyy.") if w.lang == "lv" else w.date(value)
