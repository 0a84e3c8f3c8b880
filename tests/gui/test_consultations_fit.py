"""Consultations on a small laptop: the whole form and its Save without scrolling."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QRect
from PySide6.QtWidgets import QApplication, QScrollArea, QWidget

from libtrainer.i18n import _
from tests.gui.conftest import WAIT_MS, open_window

from libtrainer.gui import appearance, fit

#: a 1024×600 laptop at 100 %; the same less a 40 px taskbar (Windows)
LAPTOPS = [QRect(0, 0, 1024, 600), QRect(0, 0, 1024, 560)]


def _open(branch: Any, make_state: Any, qtbot: Any, lang: str) -> tuple[Any, QScrollArea]:
    """The Consultations screen in ``lang`` with a message shown above the form (it takes
    room too), and the scroll area it sits in."""
    appearance.apply_language(QApplication.instance(), lang)  # type: ignore[arg-type]
    window = open_window(branch.data_dir, make_state, qtbot)
    screen = window.go("consultations")
    qtbot.waitUntil(lambda: screen.index is not None, timeout=WAIT_MS)
    screen.banner.show_message(_("Consultation saved."), "info")
    QApplication.processEvents()
    return screen, window.findChild(QScrollArea, "scroll_consultations")


def _box(widget: QWidget, to: QWidget) -> QRect:
    return QRect(widget.mapTo(to, widget.rect().topLeft()), widget.size())


def _inside(widget: QWidget, area: QScrollArea) -> bool:
    """``widget`` lies wholly inside what ``area`` shows."""
    return area.viewport().rect().contains(_box(widget, area.viewport()))


@pytest.mark.parametrize("lang", ["lt", "lv", "en"])
@pytest.mark.parametrize("available", LAPTOPS, ids=["1024x600", "1024x560"])
def test_consultation_form_and_save_fit_a_small_laptop_without_scrolling(
    branch: Any,
    make_state: Any,
    qtbot: Any,
    monkeypatch: pytest.MonkeyPatch,
    available: QRect,
    lang: str,
) -> None:
    """On 1024×600 at 100 % the screen does not scroll: every field, Save and three rows of
    the recent consultations are in sight."""
    monkeypatch.setattr(fit, "available_geometry", lambda _widget: QRect(available))
    screen, area = _open(branch, make_state, qtbot, lang)
    assert area.verticalScrollBar().maximum() == 0
    assert area.horizontalScrollBar().maximum() == 0
    for widget in (*screen.form.focus_chain(), screen.table, screen.delete_button):
        assert _inside(widget, area), widget.objectName()
    rows = screen.table.verticalHeader().defaultSectionSize()
    assert screen.table.viewport().height() >= 3 * rows


def test_consultation_form_at_200_percent_scrolls_without_overlapping(
    branch: Any, make_state: Any, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """At 200 % (512×300) the screen scrolls, and the topic chips, wrapped onto more lines,
    still end above the minutes row; Save lies within what scrolls."""
    monkeypatch.setattr(fit, "available_geometry", lambda _widget: QRect(0, 0, 512, 300))
    screen, area = _open(branch, make_state, qtbot, "lt")
    assert area.verticalScrollBar().maximum() > 0
    content = area.widget()
    chips = [c for c in screen.topics.findChildren(QWidget) if c.objectName().startswith("chip_")]
    lowest = max(_box(chip, content).bottom() for chip in chips)
    assert lowest < _box(screen.minutes, content).top()
    assert content.rect().contains(_box(screen.save_button, content))
