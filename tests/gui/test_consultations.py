"""Consultations: logging one by keyboard only, with the defaults doing most of the work."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel
from sqlalchemy import select

from libtrainer.store.models import Consultation, Participant
from tests.gui.conftest import WAIT_MS, idle, open_store


def _press(key: Qt.Key, text: str = "", mods: Any = Qt.KeyboardModifier.NoModifier) -> None:
    """A key press delivered to whatever has the keyboard focus."""
    target = QApplication.focusWidget()
    assert target is not None
    QTest.keyClick(target, key, mods)


def test_log_an_anonymous_consultation_by_keyboard_only(window: Any, qtbot: Any) -> None:
    """Ctrl+K, Tab to age band (↑ = 65+), Tab gender (Home = female), Tab, keys 1 and 4 for
    e-government and smartphone, Tab, 25 minutes, Enter: saved with today, branch, staff."""
    window.show()
    window.activateWindow()
    qtbot.waitUntil(lambda: window.isActiveWindow(), timeout=WAIT_MS)
    _press(Qt.Key.Key_K, mods=Qt.KeyboardModifier.ControlModifier)
    screen = window.current_screen()
    assert screen is not None and screen.key == "consultations"
    qtbot.waitUntil(lambda: screen.index is not None, timeout=WAIT_MS)
    assert QApplication.focusWidget() is screen.person
    _press(Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is screen.age_band
    _press(Qt.Key.Key_Up)
    _press(Qt.Key.Key_Tab)
    _press(Qt.Key.Key_Home)
    _press(Qt.Key.Key_Tab)
    _press(Qt.Key.Key_1)
    _press(Qt.Key.Key_4)
    _press(Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is screen.minutes
    QTest.keyClicks(screen.minutes, "25")
    with qtbot.waitSignal(screen.saved, timeout=WAIT_MS) as saved:
        _press(Qt.Key.Key_Return)
    idle(qtbot, window)
    store = open_store(window.state.data_dir)
    try:
        with store.read() as conn:
            row = conn.execute(select(Consultation).where(Consultation.id == saved.args[0])).one()
    finally:
        store.close()
    assert row.topics == "e_government,smartphone"
    assert row.minutes == 25
    assert row.age_band == "65_plus" and row.gender == "female"
    assert row.date == dt.date.today()
    assert row.staff_id == window.state.staff_id
    assert row.branch_id == window.state.device.branch_id
    assert row.participant_id is None
    assert QApplication.focusWidget() is screen.person
    assert screen.topics.codes() == []


def _error(screen: Any, field: str) -> str:
    """The message shown under a field of the consultation form ("" when hidden)."""
    label = screen.form.findChild(QLabel, f"error_{field}")
    return str(label.text()) if label is not None and not label.isHidden() else ""


def test_consultation_without_topics_is_refused_with_a_message(window: Any, qtbot: Any) -> None:
    """Enter with no topic chosen says under the topics that they must not be empty, and
    puts the keyboard on the first topic; nothing is saved."""
    screen = window.go("consultations")
    qtbot.waitUntil(lambda: screen.index is not None, timeout=WAIT_MS)
    screen.save()
    qtbot.waitUntil(lambda: "Topics" in _error(screen, "topics"), timeout=WAIT_MS)
    assert screen.topics.first().hasFocus() or not window.isActiveWindow()
    assert screen.model.total == 0


def test_consultation_for_a_known_person_uses_the_completer(window: Any, qtbot: Any) -> None:
    """Typing "cep" offers "Ona Čepienė"; choosing her links the consultation to her."""
    screen = window.go("consultations")
    qtbot.waitUntil(lambda: screen.index is not None, timeout=WAIT_MS)
    screen.person.setFocus()
    QTest.keyClicks(screen.person, "cep")
    qtbot.waitUntil(lambda: screen.completions.rowCount() == 1, timeout=WAIT_MS)
    label = screen.completions.index(0, 0).data()
    assert label.startswith("Ona Čepienė")
    screen.completer.activated[str].emit(label)
    assert screen.person_id == window.branch.people["Ona Čepienė"]
    assert not screen.age_band.isEnabled()
    screen.topics.chip("banking").click()
    with qtbot.waitSignal(screen.saved, timeout=WAIT_MS):
        screen.save()
    qtbot.waitUntil(lambda: screen.model.total == 1, timeout=WAIT_MS)


def test_a_visitor_not_in_the_list_is_added_from_the_consultation(window: Any, qtbot: Any) -> None:
    """Typing a new name enables "Add as a new person"; it adds and chooses them, and the
    consultation is saved for that person."""
    screen = window.go("consultations")
    assert screen.person.accessibleName().startswith("Person")
    screen.person.setText("Nežinomas Žmogus")
    screen._person_typed("Nežinomas Žmogus")
    assert screen.new_person.isEnabled()
    _add_checked(qtbot, screen, ("Nežinomas", "Žmogus"))
    qtbot.waitUntil(lambda: screen.person_id is not None, timeout=WAIT_MS)
    assert "added as a new person" in screen.banner.text()
    assert not screen.new_person.isEnabled()
    screen.topics.first().click()
    with qtbot.waitSignal(screen.saved, timeout=WAIT_MS):
        qtbot.mouseClick(screen.save_button, Qt.MouseButton.LeftButton)
    store = open_store(window.state.data_dir)
    try:
        with store.read() as conn:
            family = conn.execute(
                select(Participant.family_name).join(
                    Consultation, Consultation.participant_id == Participant.id
                )
            ).scalar_one()
    finally:
        store.close()
    assert family == "Žmogus"


def _add_checked(qtbot: Any, screen: Any, shown: tuple[str, str], names: Any = None) -> None:
    """Press "Add as a new person"; the dialog shows the names split as ``shown``; Add with
    ``names`` typed over them (None: as shown)."""
    qtbot.mouseClick(screen.new_person, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.name_dialog is not None, timeout=WAIT_MS)
    dialog = screen.name_dialog
    assert (dialog.given.text(), dialog.family.text()) == shown
    if names is not None:
        dialog.given.setText(names[0])
        dialog.family.setText(names[1])
    qtbot.mouseClick(dialog.add, Qt.MouseButton.LeftButton)


def test_adding_a_namesake_from_the_consultation_asks_first(window: Any, qtbot: Any) -> None:
    """A typed name like a known person's is not added at once: the known one is named, and
    adding the same names again adds the new person; in Lithuanian the last word is guessed
    as the family name."""
    screen = window.go("consultations")
    screen.person.setText("Ona Čepienė")
    screen._person_typed("Ona Čepienė")
    _add_checked(qtbot, screen, ("Ona", "Čepienė"))
    qtbot.waitUntil(lambda: "may already be known" in screen.banner.text(), timeout=WAIT_MS)
    assert screen.person_id is None
    _add_checked(qtbot, screen, ("Ona", "Čepienė"))
    qtbot.waitUntil(lambda: screen.person_id is not None, timeout=WAIT_MS)
    screen.reset_form()
    screen.person.setText("Ona Marija Naujokė")
    screen._person_typed("Ona Marija Naujokė")
    _add_checked(qtbot, screen, ("Ona Marija", "Naujokė"))
    qtbot.waitUntil(lambda: screen.person_id is not None, timeout=WAIT_MS)
    store = open_store(window.state.data_dir)
    try:
        with store.read() as conn:
            names = [
                tuple(r)
                for r in conn.execute(select(Participant.given_name, Participant.family_name))
            ]
    finally:
        store.close()
    assert ("Ona Marija", "Naujokė") in names
    assert names.count(("Ona", "Čepienė")) == 2


def test_a_two_word_family_name_is_split_as_the_librarian_says(window: Any, qtbot: Any) -> None:
    """ "Līga Ozoliņa Ķēniņa" typed: in Latvian the dialog guesses given "Līga", family
    "Ozoliņa Ķēniņa"; the names are editable and saved as corrected."""
    window.set_language("lv")
    screen = window.go("consultations")
    screen.person.setText("Līga Ozoliņa Ķēniņa")
    screen._person_typed("Līga Ozoliņa Ķēniņa")
    _add_checked(qtbot, screen, ("Līga", "Ozoliņa Ķēniņa"))
    qtbot.waitUntil(lambda: screen.person_id is not None, timeout=WAIT_MS)
    screen.reset_form()
    screen.person.setText("Anna Marija Bērziņa")
    screen._person_typed("Anna Marija Bērziņa")
    _add_checked(qtbot, screen, ("Anna", "Marija Bērziņa"), ("Anna Marija", "Bērziņa"))
    qtbot.waitUntil(lambda: screen.person_id is not None, timeout=WAIT_MS)
    assert screen.person.text() == "Anna Marija Bērziņa"
    store = open_store(window.state.data_dir)
    try:
        with store.read() as conn:
            names = set(conn.execute(select(Participant.given_name, Participant.family_name)))
    finally:
        store.close()
    assert {("Līga", "Ozoliņa Ķēniņa"), ("Anna Marija", "Bērziņa")} <= {tuple(n) for n in names}


def test_an_escout_chosen_as_helper_is_saved_as_the_helper(window: Any, qtbot: Any) -> None:
    """Choosing "E-scout: Gabija Petraitytė" under who helped saves her as the helper."""
    screen = window.go("consultations")
    qtbot.waitUntil(lambda: screen.index is not None, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: screen.helper.findText("E-scout: Gabija Petraitytė") >= 0)
    screen.helper.setCurrentIndex(screen.helper.findText("E-scout: Gabija Petraitytė"))
    screen.topics.chip("banking").click()
    with qtbot.waitSignal(screen.saved, timeout=WAIT_MS) as saved:
        screen.save()
    idle(qtbot, window)
    store = open_store(window.state.data_dir)
    try:
        with store.read() as conn:
            row = conn.execute(select(Consultation).where(Consultation.id == saved.args[0])).one()
    finally:
        store.close()
    assert row.volunteer_id is not None and row.staff_id is None


def test_alt_and_a_digit_chooses_a_topic_wherever_the_keyboard_is_in_the_form(
    window: Any, qtbot: Any
) -> None:
    """Alt+2 in the minutes and Alt+4 in the person's name choose e-health and smartphone,
    the keyboard staying put; a digit alone in the name is typed, in the minutes it is the
    number; on the chips the digit alone still toggles. The label says Alt+1–0."""
    window.show()
    window.activateWindow()
    qtbot.waitUntil(lambda: window.isActiveWindow(), timeout=WAIT_MS)
    screen = window.go("consultations")
    qtbot.waitUntil(lambda: screen.index is not None, timeout=WAIT_MS)
    alt = Qt.KeyboardModifier.AltModifier
    screen.minutes.setFocus()
    screen.minutes.lineEdit().selectAll()
    _press(Qt.Key.Key_2, mods=alt)
    _press(Qt.Key.Key_3)
    _press(Qt.Key.Key_0)
    assert QApplication.focusWidget() is screen.minutes
    assert screen.minutes.value() == 30
    assert screen.topics.codes() == ["e_health"]
    screen.person.setFocus()
    _press(Qt.Key.Key_4, mods=alt)
    QTest.keyClicks(screen.person, "Ona 2")
    assert QApplication.focusWidget() is screen.person
    assert screen.person.text() == "Ona 2"
    assert screen.topics.codes() == ["e_health", "smartphone"]
    screen.topics.first().setFocus()
    _press(Qt.Key.Key_2)
    assert screen.topics.codes() == ["smartphone"]
    labels = [lab.text() for lab in screen.form.findChildren(QLabel)]
    assert "Top&ics (Alt+1–0)" in labels
