"""E-scouts on a small laptop: both forms, their buttons and the lists' columns in sight."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QApplication, QScrollArea, QWidget

from libtrainer.i18n import _
from tests.gui.conftest import WAIT_MS, open_window

from libtrainer.gui import appearance, fit

#: a 1024×600 laptop at 100 %; the same less a 40 px taskbar (Windows)
LAPTOPS = [QRect(0, 0, 1024, 600), QRect(0, 0, 1024, 560)]


def _open(branch: Any, make_state: Any, qtbot: Any, lang: str) -> tuple[Any, QScrollArea]:
    """The E-scouts screen in ``lang``, its e-scout opened to change and a visit chosen, with
    a message shown above the forms (it takes room too), and the scroll area it sits in."""
    appearance.apply_language(QApplication.instance(), lang)  # type: ignore[arg-type]
    window = open_window(branch.data_dir, make_state, qtbot)
    screen = window.go("escouts")
    qtbot.waitUntil(lambda: screen.people.rowCount() == 1, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: screen.visits.rowCount() == 1, timeout=WAIT_MS)
    screen.visit_view.setCurrentIndex(screen.visits.index(0, 0))
    screen.change_volunteer()  # the widest e-scout form: "Save the e-scout", "New … instead"
    qtbot.waitUntil(lambda: screen.cancel_change.isVisible(), timeout=WAIT_MS)
    screen.banner.show_message(_("Visit saved. The form is ready for the next visit."), "info")
    QApplication.processEvents()
    return screen, window.findChild(QScrollArea, "scroll_escouts")


def _box(widget: QWidget, to: QWidget) -> QRect:
    return QRect(widget.mapTo(to, widget.rect().topLeft()), widget.size())


def _inside(widget: QWidget, area: QScrollArea) -> bool:
    """``widget`` lies wholly inside what ``area`` shows."""
    return area.viewport().rect().contains(_box(widget, area.viewport()))


@pytest.fixture
def visited(branch: Any) -> Any:
    """The branch's e-scout with one visit agreed."""
    import datetime as dt

    from libtrainer.services import escouts, org
    from tests.gui.conftest import open_store

    store = open_store(branch.data_dir)
    try:
        with store.uow() as uow:
            volunteer = org.list_volunteers(uow)[0].id
        with store.uow() as uow:
            escouts.record_visit(
                uow, volunteer, dt.date.today(), start_time=dt.time(10, 0), place="Skaitykla"
            )
    finally:
        store.close()
    return branch


@pytest.mark.parametrize("lang", ["lt", "lv", "en"])
@pytest.mark.parametrize("available", LAPTOPS, ids=["1024x600", "1024x560"])
def test_escouts_forms_and_buttons_fit_a_small_laptop_without_scrolling(
    visited: Any,
    make_state: Any,
    qtbot: Any,
    monkeypatch: pytest.MonkeyPatch,
    available: QRect,
    lang: str,
) -> None:
    """On 1024×600 at 100 % the screen scrolls neither way: every field and button of both
    forms is in sight, and each column of the two lists shows its whole title."""
    monkeypatch.setattr(fit, "available_geometry", lambda _widget: QRect(available))
    screen, area = _open(visited, make_state, qtbot, lang)
    assert area.horizontalScrollBar().maximum() == 0
    assert area.verticalScrollBar().maximum() == 0
    widgets = [
        *screen.person_box.focus_chain(),
        screen.add_person,
        screen.cancel_change,
        screen.change_person,
        *screen.visit_box.focus_chain(),
        screen.new_visit,
        screen.update_visit,
        screen.delete_visit,
        screen.people_view,
        screen.visit_view,
    ]
    for widget in widgets:
        assert _inside(widget, area), widget.objectName()
    for view in (screen.people_view, screen.visit_view):
        assert view.horizontalScrollBar().maximum() == 0, view.objectName()
        header = view.horizontalHeader()
        for column in range(header.count()):
            title = str(view.model().headerData(column, Qt.Orientation.Horizontal) or "")
            room = header.sectionSize(column)
            assert room >= header.fontMetrics().horizontalAdvance(title), (view.objectName(), title)
    rows = screen.visit_view.verticalHeader().defaultSectionSize()
    assert screen.visit_view.viewport().height() >= 2 * rows
    assert screen.people_view.viewport().height() >= 2 * rows
