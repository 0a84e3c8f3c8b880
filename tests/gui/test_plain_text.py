"""Names and values from data are never read as HTML by Qt's widgets."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from libtrainer.domain.errors import LibtrainerError

from libtrainer.gui.basics import heading
from libtrainer.gui.import_dialog import plain_tooltip
from libtrainer.gui.operations import show_error


def test_headings_error_boxes_and_tooltips_show_markup_as_typed(qtbot: Any) -> None:
    """A group named "<b>TAU</b>" is a heading in plain text; an error quoting
    '<img src=x>' is plain text; a tooltip of a cell escapes its markup."""
    label = heading("<b>TAU</b>")
    qtbot.addWidget(label)
    assert label.textFormat() == Qt.TextFormat.PlainText
    box = show_error(None, LibtrainerError("Bad value {value}.", value="<img src=x>"))
    assert isinstance(box, QMessageBox)
    assert box.textFormat() == Qt.TextFormat.PlainText and "<img src=x>" in box.text()
    box.close()
    assert plain_tooltip("<b>x</b>") == "<qt>&lt;b&gt;x&lt;/b&gt;</qt>"
