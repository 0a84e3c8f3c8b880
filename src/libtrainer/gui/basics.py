"""The few widgets the sign-in panel needs as well as every screen: a labelled form row,
a message banner, a heading, a rule. Kept apart from :mod:`libtrainer.gui.widgets` so the
window's first frame does not load the screens' widget classes.

Every widget made here gets an accessible name (screen readers say what a field is) and, in a
form, a label whose buddy is the field so Alt+letter reaches it.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QFormLayout, QFrame, QLabel, QWidget

from libtrainer.domain.errors import N_
from libtrainer.i18n import _


def named(widget: QWidget, name: str, description: str = "") -> QWidget:
    """Give ``widget`` an accessible name (and description)."""
    widget.setAccessibleName(name)
    if description:
        widget.setAccessibleDescription(description)
    return widget


def add_row(form: QFormLayout, text: str, field: QWidget, description: str = "") -> QLabel:
    """A labelled row: the label is the field's buddy; the field is named for screen readers."""
    label = QLabel(text)
    label.setBuddy(field)
    named(field, text.replace("&", ""), description)
    form.addRow(label, field)
    return label


class Banner(QLabel):
    """A coloured message line (info, warning, error) that reads well in high contrast too.

    Its text is always plain text: a message can quote what a person typed or a file's name,
    which must never be read as HTML. The format is set by the property's name —
    ``setProperty("textFormat", "PlainText")`` is Qt's ``setTextFormat(Qt::PlainText)`` —
    because importing ``Qt`` in Python builds all the namespace's enum classes (≈30 ms), and
    the sign-in panel shows a banner before the window is ready (decision 0508)."""

    STYLES = {
        "info": "background:#e8f1fb;color:#0b3d6e;border:1px solid #0b3d6e;",
        "warning": "background:#fff4d6;color:#5a3a00;border:1px solid #5a3a00;",
        "error": "background:#fde8e8;color:#7a0000;border:1px solid #7a0000;",
    }

    def __init__(self, text: str = "", kind: str = "info", parent: Any = None) -> None:
        super().__init__(text, parent)
        self.setWordWrap(True)
        if not self.setProperty("textFormat", "PlainText"):
            raise RuntimeError("QLabel has no textFormat property")
        self.set_kind(kind)
        self.setVisible(bool(text))

    #: what a screen reader says the banner is, in the person's language
    NAMES = {"info": N_("Message"), "warning": N_("Warning"), "error": N_("Error")}

    def set_kind(self, kind: str) -> None:
        self.setStyleSheet(f"QLabel{{{self.STYLES[kind]}padding:6px;border-radius:3px;}}")
        self.setAccessibleName(_(self.NAMES[kind]))

    def show_message(self, text: str, kind: str | None = None) -> None:
        if kind:
            self.set_kind(kind)
        self.setText(text)
        self.setAccessibleDescription(text)
        self.setVisible(bool(text))


def heading(text: str) -> QLabel:
    label = QLabel(text)
    label.setProperty("textFormat", "PlainText")  # headings carry group and person names
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * 1.35)
    font.setBold(True)
    label.setFont(font)
    label.setAccessibleName(text)
    label.setWordWrap(True)
    return label


def hline() -> QFrame:
    line = QFrame()
    line.setFrameShape(QFrame.Shape.HLine)
    line.setFrameShadow(QFrame.Shadow.Sunken)
    return line
