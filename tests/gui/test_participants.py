"""Participants screen: search as you type, collation order, new person, duplicates."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from tests.gui.conftest import WAIT_MS, idle, open_store

from libtrainer.gui.models import ID_ROLE


def _type(widget: Any, text: str) -> None:
    """Type per character (QTest.keyClicks cannot type letters beyond Latin-1)."""
    for ch in text:
        QTest.sendKeyEvent(
            QTest.KeyAction.Click, widget, Qt.Key.Key_unknown, ch, Qt.KeyboardModifier.NoModifier
        )


def _names(screen: Any) -> list[str]:
    model = screen.model
    return [
        f"{model.index(r, 1).data()} {model.index(r, 0).data()}" for r in range(model.rowCount())
    ]


def _loaded(screen: Any) -> bool:
    model = screen.model
    return all(model.cached(r) is not None for r in range(model.rowCount()))


def test_search_sarunas_finds_sarunas_with_diacritics(window: Any, qtbot: Any) -> None:
    """Typing "sarunas" (no diacritics) lists "Šarūnas Žemaitis" and nobody else."""
    screen = window.go("participants")
    qtbot.waitUntil(lambda: screen.index is not None, timeout=WAIT_MS)
    screen.search.setFocus()
    with qtbot.waitSignal(
        screen.searched, timeout=WAIT_MS, check_params_cb=lambda text: text == "sarunas"
    ):
        QTest.keyClicks(screen.search, "sarunas")
    screen.table.viewport().update()
    qtbot.waitUntil(lambda: _loaded(screen) and screen.model.rowCount() == 1, timeout=WAIT_MS)
    assert _names(screen) == ["Šarūnas Žemaitis"]
    assert "1 of 3" in screen.count.text()


def test_search_typed_with_lithuanian_letters_finds_the_same(window: Any, qtbot: Any) -> None:
    """Typing "Žem" with the real letter finds Žemaitis too (typed per character)."""
    screen = window.go("participants")
    qtbot.waitUntil(lambda: screen.index is not None, timeout=WAIT_MS)
    with qtbot.waitSignal(
        screen.searched, timeout=WAIT_MS, check_params_cb=lambda text: text == "Žem"
    ):
        _type(screen.search, "Žem")
    qtbot.waitUntil(lambda: _loaded(screen) and screen.model.rowCount() == 1, timeout=WAIT_MS)
    assert _names(screen) == ["Šarūnas Žemaitis"]


def test_list_is_sorted_by_lithuanian_collation(window: Any, qtbot: Any) -> None:
    """In Lithuanian, Č comes after C: Cukras, Čepienė, Žemaitis."""
    window.set_language("lt")
    screen = window.go("participants")
    qtbot.waitUntil(lambda: screen.model.total == 3, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: _loaded(screen), timeout=WAIT_MS)
    assert [screen.model.index(r, 0).data() for r in range(3)] == ["Cukras", "Čepienė", "Žemaitis"]


def test_new_person_with_a_known_name_and_year_warns_before_saving(window: Any, qtbot: Any) -> None:
    """Saving "Sarunas Zemaitis" (1957) warns first; a second Save creates the person."""
    screen = window.go("participants")
    qtbot.waitUntil(lambda: screen.index is not None, timeout=WAIT_MS)
    screen.new_participant()
    screen.form.given.setText("Sarunas")
    screen.form.family.setText("Zemaitis")
    screen.form.birth_year.setText("1957")
    qtbot.mouseClick(screen.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "may already be known" in screen.banner.text(), timeout=WAIT_MS)
    assert "Šarūnas Žemaitis (1957)" in screen.banner.text()
    qtbot.mouseClick(screen.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Saved: Sarunas Zemaitis" in screen.banner.text(), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: screen.model.total == 4, timeout=WAIT_MS)


def test_people_entered_one_after_another_are_all_kept(window: Any, qtbot: Any) -> None:
    """After saving a new person the form is empty and says "New person", so the next person
    typed is a second record, never written over the first."""
    screen = window.go("participants")
    qtbot.waitUntil(lambda: screen.model.total == 3, timeout=WAIT_MS)
    screen.new_participant()
    for given, family, year in (("Rūta", "Bandomoji", "1961"), ("Petras", "Bandomasis", "1965")):
        screen.form.given.setText(given)
        screen.form.family.setText(family)
        screen.form.birth_year.setText(year)
        qtbot.mouseClick(screen.save_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda g=given: f"Saved: {g}" in screen.banner.text(), timeout=WAIT_MS)
        assert screen.form.given.text() == "" and screen.current_id is None
        assert screen.editing.text() == "New person"
    qtbot.waitUntil(lambda: screen.model.total == 5, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: _loaded(screen), timeout=WAIT_MS)
    assert {"Rūta Bandomoji", "Petras Bandomasis"} <= set(_names(screen))


def test_editing_details_and_consent_is_saved(window: Any, qtbot: Any) -> None:
    """Selecting a person, changing the ESF+ status and consent, Save writes them."""
    screen = window.go("participants")
    qtbot.waitUntil(lambda: screen.model.total == 3 and _loaded(screen), timeout=WAIT_MS)
    row = next(r for r in range(3) if screen.model.index(r, 0).data() == "Žemaitis")
    person = screen.model.index(row, 0).data(ID_ROLE)
    screen.table.selectRow(row)
    qtbot.waitUntil(lambda: screen.form.given.text() == "Šarūnas", timeout=WAIT_MS)
    screen.form.labour.set_code("retired")
    screen.form.tags.chip("seniors").click()
    screen.form.consent_basis.set_code("consent")
    screen.form.consent_given.setChecked(True)
    screen.form.consent_version.setText("2025-01")
    qtbot.keyClick(screen, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: screen.banner.text() == "Saved.", timeout=WAIT_MS)
    idle(qtbot, window)
    from libtrainer.services import participants

    store = open_store(window.state.data_dir)
    try:
        with store.uow() as uow:
            details = participants.get_participant(uow, person)
    finally:
        store.close()
    assert details.fields["labour_status"] == "retired"
    assert details.fields["consent_text_version"] == "2025-01"
    assert details.target_groups == ("seniors",)


def test_a_missing_name_is_reported_next_to_the_form(window: Any, qtbot: Any) -> None:
    """Saving without a family name shows the rule's message and puts the cursor there."""
    screen = window.go("participants")
    qtbot.waitUntil(lambda: screen.index is not None, timeout=WAIT_MS)
    screen.new_participant()
    screen.form.given.setText("Ona")
    qtbot.mouseClick(screen.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "must not be empty" in screen.banner.text(), timeout=WAIT_MS)
    assert "Family name" in screen.banner.text()


def test_the_duplicate_warning_holds_only_for_the_names_it_was_given_for(
    window: Any, qtbot: Any
) -> None:
    """After the warning about Šarūnas Žemaitis, typing another known person's names and
    saving warns again instead of adding them unchecked."""
    screen = window.go("participants")
    qtbot.waitUntil(lambda: screen.index is not None, timeout=WAIT_MS)
    screen.form.given.setText("Šarūnas")
    screen.form.family.setText("Žemaitis")
    screen.form.birth_year.setText("1957")
    qtbot.mouseClick(screen.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Šarūnas Žemaitis (1957)" in screen.banner.text(), timeout=WAIT_MS)
    screen.form.given.setText("Ona")
    screen.form.family.setText("Čepienė")
    screen.form.birth_year.setText("1950")
    qtbot.mouseClick(screen.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Ona Čepienė (1950)" in screen.banner.text(), timeout=WAIT_MS)
    idle(qtbot, window)
    assert screen.model.total == 3


def test_the_esf_tab_fits_its_panel_without_sideways_scrolling(window: Any, qtbot: Any) -> None:
    """At 1366×768 in Latvian the ESF+ page is no wider than its panel: chips wrap, the
    combos' arrows stay in sight, and there is no horizontal scroll bar."""
    from PySide6.QtWidgets import QPushButton, QScrollArea

    window.set_language("lv")
    window.resize(1366, 740)
    window.show()
    screen = window.go("participants")
    qtbot.waitUntil(lambda: screen.model.total == 3, timeout=WAIT_MS)
    screen.form.setCurrentIndex(1)
    area = screen.form.currentWidget()
    assert isinstance(area, QScrollArea)
    qtbot.waitUntil(lambda: area.widget().width() > 0, timeout=WAIT_MS)
    page = area.widget()
    assert page.minimumSizeHint().width() <= area.viewport().width()
    assert page.width() <= area.viewport().width()
    assert not area.horizontalScrollBar().isVisible()
    for combo in [screen.form.labour, screen.form.isced, *screen.form.flags.values()]:
        right = combo.mapTo(page, combo.rect().topRight()).x()
        assert right <= area.viewport().width()
    chips = [c for c in screen.form.tags.findChildren(QPushButton) if not c.isHidden()]
    assert len(chips) == 10


def test_translating_the_form_again_leaves_one_set_of_chips(qapp: Any) -> None:
    """Re-translating the form (before the event loop runs) does not leave the old chips and
    labels laid out and painted beside the new ones."""
    from PySide6.QtWidgets import QLabel, QPushButton

    from libtrainer.gui.participant_form import ParticipantForm

    form = ParticipantForm()
    try:
        form.retranslate()
        chips = [c for c in form.tags.findChildren(QPushButton) if not c.isHidden()]
        assert len(chips) == 10
        assert form.tags._layout.count() == 10
        esf = form._pages[1]
        labels = [w for w in esf.findChildren(QLabel) if not w.isHidden()]
        assert len(labels) == form._forms[1].rowCount()
    finally:
        form.deleteLater()
