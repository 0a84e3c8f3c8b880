"""What the printables share: the embedded font, paragraph styles, words and numbers in the
document's language, and a page footer that says "page N of M"."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from babel import dates, numbers
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas

from libtrainer.i18n import BABEL_LOCALES, translations
from libtrainer.reports.fonts import BOLD, register_fonts

INK = colors.HexColor("#1F2937")
MUTED = colors.HexColor("#6B7280")
ACCENT = colors.HexColor("#1F4E79")
RULE = colors.HexColor("#9CA3AF")


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
        return dates.format_date(value, format=fmt, locale=self.locale) if value else ""

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


def esc(text: str) -> str:
    """Text for a reportlab Paragraph (its mini-markup must not see user text as tags)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def numbered_canvas(footer: Callable[[int, int], str]) -> type[Canvas]:
    """A canvas class that writes ``footer(page, pages)`` at the foot of every page."""

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
            for state in self._pages:
                self.__dict__.update(state)
                self.setFont(register_fonts(), 8)
                self.setFillColor(MUTED)
                width = self._pagesize[0]
                self.drawCentredString(width / 2, 22, footer(self._pageNumber, total))
                super().showPage()
            super().save()

    return NumberedCanvas
