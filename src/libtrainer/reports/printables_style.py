"""What the printables share: the embedded font, paragraph styles, words and numbers in the
document's language, and a page footer that says what the document is and "page N of M",
always within the page."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from typing import Any

from babel import dates, numbers
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from libtrainer.i18n import BABEL_LOCALES, translations
from libtrainer.i18n.format import date_pattern
from libtrainer.reports.fonts import BOLD, register_fonts

INK = colors.HexColor("#1F2937")
MUTED = colors.HexColor("#6B7280")
ACCENT = colors.HexColor("#1F4E79")
RULE = colors.HexColor("#9CA3AF")
FOOTER_SIZE = 8
MIN_PART = 60.0  # points: less room than this for the first footer part shortens the whole
WORD_SLACK = 12  # characters: a cut moves back to a space this near


class Words:
    """Translation and formatting in one document language (the process language is untouched)."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self._t = translations(lang)
        self.locale = BABEL_LOCALES.get(lang, "en_GB")

    def __call__(self, message: str) -> str:
        return self._t.gettext(message)

    def ctx(self, context: str, message: str) -> str:
        """A message whose translation depends on ``context`` (e.g. the person's gender)."""
        return self._t.pgettext(context, message)

    def date(self, value: dt.date | None, fmt: str = "long") -> str:
        if not value:
            return ""
        return dates.format_date(value, format=date_pattern(self.lang, fmt), locale=self.locale)

    def time(self, value: dt.time | None) -> str:
        return value.strftime("%H:%M") if value else ""

    def hours(self, value: float) -> str:
        return numbers.format_decimal(round(value, 2), format="#,##0.##", locale=self.locale)


Styles = dict[str, ParagraphStyle]


def styles() -> Styles:
    """Paragraph styles over the embedded DejaVu family (every lt and lv letter)."""
    regular = register_fonts()
    base = ParagraphStyle("base", fontName=regular, fontSize=10, leading=13, textColor=INK)
    return {
        "base": base,
        "small": ParagraphStyle("small", parent=base, fontSize=8, leading=10, textColor=MUTED),
        "label": ParagraphStyle("label", parent=base, fontSize=9, textColor=MUTED),
        "value": ParagraphStyle("value", parent=base, fontName=BOLD),
        "cell": ParagraphStyle("cell", parent=base, fontSize=10, leading=12),
        "head": ParagraphStyle(
            "head", parent=base, fontName=BOLD, fontSize=9, leading=11, textColor=colors.white
        ),
        "title": ParagraphStyle(
            "title",
            parent=base,
            fontName=BOLD,
            fontSize=17,
            leading=21,
            textColor=ACCENT,
            spaceAfter=4,
        ),
        "c_title": ParagraphStyle(
            "c_title",
            parent=base,
            fontName=BOLD,
            fontSize=34,
            leading=40,
            alignment=TA_CENTER,
            textColor=ACCENT,
        ),
        "c_text": ParagraphStyle(
            "c_text", parent=base, fontSize=13, leading=17, alignment=TA_CENTER
        ),
        "c_name": ParagraphStyle(
            "c_name", parent=base, fontName=BOLD, fontSize=28, leading=34, alignment=TA_CENTER
        ),
        "c_prog": ParagraphStyle(
            "c_prog",
            parent=base,
            fontName=BOLD,
            fontSize=17,
            leading=22,
            alignment=TA_CENTER,
            textColor=ACCENT,
        ),
        "c_small": ParagraphStyle(
            "c_small", parent=base, fontSize=10, leading=13, alignment=TA_CENTER, textColor=MUTED
        ),
    }


#: where a name may break: after a hyphen (double-barrelled names) or at a space
NAME_BREAKS = re.compile(r"(?<=-)|\s+")


def name_style(
    text: str, style: ParagraphStyle, width: float, *, lines: int, smallest: float
) -> ParagraphStyle:
    """``style`` for a name in ``width`` points: as it is when the name fits on one line,
    else a size down to ``smallest`` at which it takes at most ``lines`` lines, each broken
    only after a hyphen or at a space, never inside a part ("Vītoliņa-Ziemeļkalniņa-" /
    "Jaunzeme-Šķiņķe"). At ``smallest`` a part wider than the line is still split (nothing
    runs off the page)."""
    font = style.fontName
    if stringWidth(text, font, style.fontSize) <= width:
        return style
    widest = max(stringWidth(p, font, 1) for p in NAME_BREAKS.split(text) if p)
    size = float(style.fontSize)
    while True:
        size = max(smallest, size - 0.5)
        fitted = ParagraphStyle(
            f"{style.name}_{size:g}",
            parent=style,
            fontSize=size,
            leading=size * style.leading / style.fontSize,
            embeddedHyphenation=1,
            hyphenationLang="",
        )
        if stringWidth(text, font, size) <= width:
            return fitted
        if lines > 1 and widest * size <= width:
            paragraph = Paragraph(esc(text), fitted)
            paragraph.wrap(width, 10_000)
            if len(paragraph.blPara.lines) <= lines:
                return fitted
        if size <= smallest:
            return fitted


def esc(text: str) -> str:
    """Text for a reportlab Paragraph (its mini-markup must not see user text as tags)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def fit(text: str, font: str, size: float, width: float) -> str:
    """``text`` as it is when it fits in ``width`` points, else cut with "…" (at a word
    boundary when one is near), so a long name cannot run off the page."""
    if stringWidth(text, font, size) <= width:
        return text
    low, high = 0, len(text)  # the longest prefix that fits with the ellipsis
    while low < high:
        middle = (low + high + 1) // 2
        if stringWidth(text[:middle].rstrip() + "…", font, size) <= width:
            low = middle
        else:
            high = middle - 1
    cut = text[:low]
    space = cut.rfind(" ")
    if space >= len(cut) - WORD_SLACK and space > 0:
        cut = cut[:space]
    return cut.rstrip(" ·,:;–—-") + "…" if cut.strip() else ""


def fit_parts(parts: Sequence[str], font: str, size: float, width: float, sep: str = " · ") -> str:
    """``parts`` joined by ``sep`` within ``width`` points, empty ones left out (so no
    separator dangles). The first part (a programme, a topic, a report title) is shortened
    first; the others only when they alone are too long."""
    shown = [p.strip() for p in parts if p and p.strip()]
    line = sep.join(shown)
    if stringWidth(line, font, size) <= width:
        return line
    rest = sep.join(shown[1:])
    first_room = width - stringWidth(sep + rest, font, size) if rest else width
    if first_room >= MIN_PART:
        return sep.join([fit(shown[0], font, size, first_room), *shown[1:]])
    return fit(line, font, size, width)


def footer_line(
    parts: Sequence[str], page: str, font: str, size: float, width: float, sep: str = " · "
) -> str:
    """One footer line within ``width`` points: ``parts`` (:func:`fit_parts`), then ``page``,
    which is always whole."""
    tail = f" — {page}"
    head = fit_parts(parts, font, size, width - stringWidth(tail, font, size), sep)
    return head + tail if head else fit(page, font, size, width)


def numbered_canvas(
    parts: Sequence[str], page: Callable[[int, int], str], *, margin: float = 15 * mm
) -> type[Canvas]:
    """A canvas class that writes a footer at the foot of every page: ``parts`` (what the
    document is) and ``page(page, pages)``, centred, within the margins (:func:`footer_line`)."""

    class NumberedCanvas(Canvas):  # type: ignore[misc]  # reportlab has no type hints
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            kwargs["initialFontName"] = kwargs.get("initialFontName") or register_fonts()
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:  # noqa: N802 - reportlab's name
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            font = register_fonts()
            for state in self._pages:
                self.__dict__.update(state)
                self.setFont(font, FOOTER_SIZE)
                self.setFillColor(MUTED)
                width = self._pagesize[0]
                text = footer_line(
                    parts, page(self._pageNumber, total), font, FOOTER_SIZE, width - 2 * margin
                )
                self.drawCentredString(width / 2, 22, text)
                super().showPage()
            super().save()

    return NumberedCanvas
