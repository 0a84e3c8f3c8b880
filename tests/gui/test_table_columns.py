"""Table columns: dates short, names whole where there is room (decision 0525)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from libtrainer.i18n.format import format_short_date
from libtrainer.services import consultations, groups
from libtrainer.store.models import Programme, Volunteer
from tests.gui.conftest import WAIT_MS, BranchData, open_store, open_window

from libtrainer.gui import appearance
from libtrainer.gui.models import ListTableModel
from libtrainer.gui.widgets import table_view

LONG_NAME = "Viedtālrunis senioriem – Ķīšezers"


def _prepare(branch: BranchData) -> None:
    """A second group with a long name (the programme's title is short) and a consultation."""
    store = open_store(branch.data_dir)
    try:
        with store.uow() as uow:
            programme = uow.session.scalars(select(Programme.id)).one()
            volunteer = uow.session.scalars(select(Volunteer.id)).one()
        with store.uow() as uow:
            groups.create_group(uow, programme, LONG_NAME)
        with store.uow() as uow:
            consultations.log_consultation(
                uow, ["smartphone"], 15, volunteer_id=volunteer, participant_id=None
            )
    finally:
        store.close()


def _window(branch: BranchData, make_state: Any, qtbot: Any) -> Any:
    _prepare(branch)
    appearance.apply_language(QApplication.instance(), "lv")  # type: ignore[arg-type]
    window = open_window(branch.data_dir, make_state, qtbot)
    window.resize(1366, 740)
    return window


def test_a_long_group_name_gets_the_room_a_short_programme_title_leaves(
    branch: BranchData, make_state: Any, qtbot: Any
) -> None:
    """At 1366×740 in Latvian the Groups list shows "Viedtālrunis senioriem – Ķīšezers" and
    its start date whole: the name and programme columns share the room by what they hold,
    the date is short."""
    window = _window(branch, make_state, qtbot)
    screen = window.go("groups")
    qtbot.waitUntil(lambda: screen.group_model.rowCount() == 2, timeout=WAIT_MS)
    QApplication.processEvents()
    view, header = screen.groups, screen.groups.horizontalHeader()
    assert header.sectionSize(0) >= view.sizeHintForColumn(0)  # the name, whole
    assert header.sectionSize(0) > header.sectionSize(1)
    assert header.sectionSize(2) >= view.sizeHintForColumn(2)  # the start date, whole
    dates = [screen.group_model.index(row, 2).data() for row in range(2)]
    assert all("gada" not in date for date in dates)
    right = max(header.sectionPosition(c) + header.sectionSize(c) for c in range(header.count()))
    assert right <= view.viewport().width()  # no sideways scrolling


def test_the_consultation_list_shows_its_dates_whole(
    branch: BranchData, make_state: Any, qtbot: Any
) -> None:
    """The Consultations list's date column holds today's date in Latvian, uncut."""
    window = _window(branch, make_state, qtbot)
    screen = window.go("consultations")
    qtbot.waitUntil(lambda: screen.model.rowCount() == 1, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: screen.model.index(0, 0).data() not in (None, "", "…"), timeout=WAIT_MS)
    text = screen.model.index(0, 0).data()
    assert text == format_short_date(dt.date.today())
    assert screen.table.horizontalHeader().sectionSize(0) >= screen.table.sizeHintForColumn(0)


def test_text_columns_share_the_room_by_what_they_hold(qtbot: Any) -> None:
    """Two text columns, a long group name and a short title, in a table with room for both:
    both are whole (an even split would cut the name), the row ends at the table's edge, and
    after a narrower resize the name keeps the larger share."""
    model = ListTableModel(["Grupa", "Programma", "Sākums"])
    model.set_rows([("1", (LONG_NAME + " un Lielvārde", "E-pakalpojumi", "23.11.2026"))])
    view = table_view("groupTable", model, (0, 1))
    qtbot.addWidget(view)
    view.resize(560, 200)
    view.show()
    qtbot.waitExposed(view)
    header = view.horizontalHeader()
    needs = [view.sizeHintForColumn(c) for c in range(3)]
    assert needs[0] > 3 * needs[1] and needs[0] > (560 - needs[2]) // 2  # even: cut
    qtbot.waitUntil(lambda: header.sectionSize(0) >= needs[0], timeout=WAIT_MS)
    assert header.sectionSize(1) >= needs[1]
    assert sum(header.sectionSize(c) for c in range(3)) == view.viewport().width()
    view.resize(420, 200)
    qtbot.waitUntil(lambda: view.viewport().width() < 420, timeout=WAIT_MS)
    QApplication.processEvents()
    assert header.sectionSize(0) > 2 * header.sectionSize(1)
    assert sum(header.sectionSize(c) for c in range(3)) == view.viewport().width()
