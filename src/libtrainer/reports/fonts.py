"""The PDF fonts: DejaVu Sans, shipped under ``resources/fonts`` so every Lithuanian and Latvian
letter prints on any machine (Windows builds included). Registered once per process."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FONT_DIR = Path(__file__).resolve().parent.parent / "resources" / "fonts"
REGULAR = "DejaVuSans"
BOLD = "DejaVuSans-Bold"
ITALIC = "DejaVuSans-Oblique"


@cache
def register_fonts() -> str:
    """Register the family with reportlab; returns the regular font name."""
    files = {
        REGULAR: "DejaVuSans.ttf",
        BOLD: "DejaVuSans-Bold.ttf",
        ITALIC: "DejaVuSans-Oblique.ttf",
    }
    for name, filename in files.items():
        path = FONT_DIR / filename
        if path.is_file():
            pdfmetrics.registerFont(TTFont(name, str(path)))
    italic = ITALIC if (FONT_DIR / files[ITALIC]).is_file() else REGULAR
    addMapping(REGULAR, 0, 0, REGULAR)
    addMapping(REGULAR, 1, 0, BOLD)
    addMapping(REGULAR, 0, 1, italic)
    addMapping(REGULAR, 1, 1, BOLD)
    return REGULAR
