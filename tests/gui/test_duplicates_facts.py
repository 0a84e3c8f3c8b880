"""The Duplicates screen shows each record's ESF+ facts with differences marked, keeps the record
that knows more by default, and joins any two records found by name on "Choose two records"."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from libtrainer.services import duplicates, participants
from tests.conftest import make_store
from tests.gui.conftest import WAIT_MS, add_account, idle, open_store, open_window
from tests.gui.test_accessibility import _unnamed


def _persons(data_dir: Path) -> dict[str, str]:
    store = open_store(data_dir)
    try:
        with store.uow() as uow:
            return duplicates.persons(uow)
    finally:
        store.close()


@pytest.fixture
def people(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """A coordinator's store: Skaidrīte Ķikute twice (1944, a retired woman with a code; and
    nothing but her name, called a man by mistake), and Ilze Kaliņa 1950 / Kalniņa 1949."""
    store = make_store(tmp_path / "data", role="coordinator")
    ids: dict[str, str] = {}
    try:
        with store.uow() as uow:
            ids["known"] = participants.create_participant(
                uow,
                "Skaidrīte",
                "Ķikute",
                birth_year=1944,
                gender="female",
                labour_status="retired",
                code="PR-7",
            ).first("participant")
        with store.uow() as uow:
            ids["bare"] = participants.create_participant(
                uow, "Skaidrite", "Kikute", gender="male"
            ).first("participant")
        with store.uow() as uow:
            ids["kalina"] = participants.create_participant(
                uow, "Ilze", "Kaliņa", birth_year=1950
            ).first("participant")
        with store.uow() as uow:
            ids["kalnina"] = participants.create_participant(
                uow, "Ilze", "Kalniņa", birth_year=1949
            ).first("participant")
        add_account(store)
    finally:
        store.close()
    return tmp_path / "data", ids


def _screen(data_dir: Path, make_state: Any, qtbot: Any) -> tuple[Any, Any]:
    win = open_window(data_dir, make_state, qtbot)
    screen = win.go("duplicates")
    qtbot.waitUntil(lambda: screen.pairs.rowCount() == 1, timeout=WAIT_MS)
    idle(qtbot, win)
    return win, screen


def test_the_boxes_show_the_facts_and_mark_what_differs(
    people: tuple[Path, dict[str, str]], make_state: Any, qtbot: Any
) -> None:
    """The facts are shown, a differing gender marked "≠", bold and named; more facts kept."""
    data_dir, ids = people
    _win, screen = _screen(data_dir, make_state, qtbot)
    pair = screen.pair()
    known_box = screen.first if pair.first.id == ids["known"] else screen.second
    bare_box = screen.second if known_box is screen.first else screen.first
    shown = known_box.text()
    assert "1944" in shown and "Female" in shown and "Retired" in shown and "PR-7" in shown
    assert "not recorded" in bare_box.text()
    assert known_box.values["gender"].text().startswith("≠ ")
    assert known_box.values["gender"].font().bold()
    assert not known_box.values["birth_year"].text().startswith("≠")
    assert "Gender" in screen.note.text()
    assert known_box.keep.isChecked()


def test_two_records_not_offered_are_joined_and_separated(
    people: tuple[Path, dict[str, str]], make_state: Any, qtbot: Any
) -> None:
    """Two records found by name are joined with "Same person"; "Separate" undoes it."""
    data_dir, ids = people
    win, screen = _screen(data_dir, make_state, qtbot)
    tab = screen.pick
    screen.tabs.setCurrentWidget(tab)
    assert _unnamed(tab) == []
    assert not tab.same_button.isEnabled()
    tab.left.search.setText("kalina")
    tab.right.search.setText("Kalniņa")
    qtbot.waitUntil(
        lambda: tab.left.model.rowCount() == 1 and tab.right.model.rowCount() == 1,
        timeout=WAIT_MS,
    )
    idle(qtbot, win)
    assert tab.left.current().id == ids["kalina"] and tab.right.current().id == ids["kalnina"]
    assert "1950" in tab.first.text() and "1949" in tab.second.text()
    assert tab.first.values["birth_year"].text() == "≠ 1950"
    tab.second.keep.click()
    qtbot.mouseClick(tab.same_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.confirmed.rowCount() == 1, timeout=WAIT_MS)
    idle(qtbot, win)
    assert "one person" in screen.banner.text()
    assert _persons(data_dir) == {ids["kalina"]: ids["kalnina"]}
    screen.tabs.setCurrentIndex(1)
    screen.confirmed_view.setCurrentIndex(screen.confirmed.index(0, 0))
    qtbot.mouseClick(screen.separate_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.confirmed.rowCount() == 0, timeout=WAIT_MS)
    idle(qtbot, win)
    assert _persons(data_dir) == {}


def test_a_record_already_joined_is_marked_and_what_joining_does_is_said(
    people: tuple[Path, dict[str, str]], make_state: Any, qtbot: Any
) -> None:
    """Kaliņa counted as Kalniņa: found, she is marked "counted as Ilze Kalniņa"; chosen with
    another record the line says the whole person is joined; chosen with Kalniņa herself,
    "Same person" is off and the line says they are one person already."""
    data_dir, ids = people
    store = open_store(data_dir)
    try:
        with store.uow() as uow:
            duplicates.same_person(uow, ids["kalina"], ids["kalnina"], keep=ids["kalnina"])
    finally:
        store.close()
    win, screen = _screen(data_dir, make_state, qtbot)
    tab = screen.pick
    screen.tabs.setCurrentWidget(tab)
    tab.left.search.setText("Kaliņa")
    tab.right.search.setText("PR-7")
    qtbot.waitUntil(
        lambda: tab.left.model.rowCount() == 1 and tab.right.model.rowCount() == 1,
        timeout=WAIT_MS,
    )
    idle(qtbot, win)
    assert tab.left.model.index(0, 0).data() == "Ilze Kaliņa — counted as Ilze Kalniņa"
    assert tab.right.current().id == ids["known"]
    assert "Record 1 is already counted as Ilze Kalniņa" in tab.note.text()
    assert "whole person" in tab.note.text() and tab.same_button.isEnabled()
    tab.right.search.setText("Kalniņa")
    qtbot.waitUntil(lambda: tab.right.current().id == ids["kalnina"], timeout=WAIT_MS)
    idle(qtbot, win)
    assert tab.right.model.index(0, 0).data() == "Ilze Kalniņa — counted with 1 other record"
    assert "already counted as one person" in tab.note.text()
    assert not tab.same_button.isEnabled() and not tab.first.keep.isEnabled()
