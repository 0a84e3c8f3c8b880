"""Adding people on the attendance sheet: saved at once, never twice, one message at a time."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import func, select

from libtrainer.store.models import Participant
from tests.gui.conftest import WAIT_MS, open_store
from tests.gui.test_attendance import _sheet


def _add(dialog: Any, qtbot: Any, given: str, family: str, year: str) -> None:
    row = dialog.new_row
    row.given.setText(given)
    row.family.setText(family)
    row.year.setText(year)
    qtbot.mouseClick(row.button, Qt.MouseButton.LeftButton)


def _people(window: Any, given: str) -> int:
    store = open_store(window.state.data_dir)
    try:
        with store.read() as conn:
            stmt = select(func.count()).select_from(Participant)
            return int(conn.execute(stmt.where(Participant.given_name == given)).scalar_one())
    finally:
        store.close()


def test_the_same_new_person_is_not_added_twice_on_one_sheet(window: Any, qtbot: Any) -> None:
    """Ieva added, then "Ieva Kazlauskaite" (no year) again: refused with a warning, the list
    and the store keep one Ieva, and she is highlighted."""
    dialog = _sheet(window, qtbot)
    _add(dialog, qtbot, "Ieva", "Kazlauskaitė", "1990")
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 4, timeout=WAIT_MS)
    assert "saved now" in dialog.message.text()
    _add(dialog, qtbot, " ieva ", "KAZLAUSKAITE", "")
    assert "Ieva Kazlauskaitė was added on this sheet already" in dialog.message.text()
    assert not dialog.use_existing.isVisible() and dialog.model.rowCount() == 4
    assert dialog.list.currentIndex().data() == "Kazlauskaitė Ieva"
    assert _people(window, "Ieva") == 1


def test_no_add_a_new_person_is_refused_for_someone_added_on_this_sheet(
    window: Any, qtbot: Any
) -> None:
    """The duplicate prompt kept from before Ieva was added cannot add her a second time."""
    dialog = _sheet(window, qtbot)
    values = {
        "given_name": "Ieva",
        "family_name": "Kazlauskaitė",
        "birth_year": 1990,
        "gender": "unspecified",
        "labour_status": "unknown",
        "target_groups": [],
    }
    _add(dialog, qtbot, "Ieva", "Kazlauskaitė", "1990")
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 4, timeout=WAIT_MS)
    dialog._pending_duplicate = (values, [object()])
    dialog._add_anyway()
    assert "added on this sheet already" in dialog.message.text()
    assert dialog.model.rowCount() == 4 and _people(window, "Ieva") == 1


def test_a_duplicate_warning_clears_the_earlier_added_message(window: Any, qtbot: Any) -> None:
    """After "Ieva … added", asking about Šarūnas shows the question alone."""
    dialog = _sheet(window, qtbot)
    _add(dialog, qtbot, "Ieva", "Kazlauskaitė", "1990")
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 4, timeout=WAIT_MS)
    assert dialog.message.isVisible()
    _add(dialog, qtbot, "Sarunas", "Zemaitis", "1957")
    qtbot.waitUntil(lambda: dialog.use_existing.isVisible(), timeout=WAIT_MS)
    assert not dialog.message.isVisible() and dialog.message.text() == ""


def test_close_without_saving_says_added_people_stay_in_the_group(window: Any, qtbot: Any) -> None:
    """The close question counts the new person's unsaved tick and says they stay in the
    group; closing leaves them enrolled (adding is saved at once)."""
    from libtrainer.gui.confirm import ConfirmDialog

    dialog = _sheet(window, qtbot)
    _add(dialog, qtbot, "Ieva", "Kazlauskaitė", "1990")
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 4, timeout=WAIT_MS)
    dialog.reject()
    question = [q for q in dialog.findChildren(ConfirmDialog) if q.isVisible()][0]
    assert "1 person" in question.text.text()
    assert "1 person added on this sheet stays in the group" in question.text.text()
    question.confirm.click()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=WAIT_MS)
    assert _people(window, "Ieva") == 1


def test_a_birth_year_under_school_age_is_refused_on_the_sheet(window: Any, qtbot: Any) -> None:
    """Ona born this year (age 0) is not added: the message names the birth year rule."""
    import datetime as dt

    dialog = _sheet(window, qtbot)
    _add(dialog, qtbot, "Ona", "Ąžuolienė", str(dt.date.today().year))
    qtbot.waitUntil(lambda: dialog.message.isVisible(), timeout=WAIT_MS)
    assert "is not plausible" in dialog.message.text() and dialog.model.rowCount() == 3
    assert _people(window, "Ona") == 1  # Ona Čepienė only


@pytest.mark.parametrize(
    ("lang", "gender", "status", "year"),
    [
        ("lv", "Dzimums", "Statuss darba tirgū", "Dzimšanas gads"),
        ("lt", "Lytis", "Padėtis darbo rinkoje", "Gimimo metai"),
        ("en", "Gender", "Labour-market status", "Birth year"),
    ],
)
def test_the_new_persons_lists_are_labelled_and_the_year_says_what_it_wants(
    window: Any, qtbot: Any, lang: str, gender: str, status: str, year: str
) -> None:
    """The new person's gender and labour-market status lists carry visible labels (their
    "Not specified" and "Not known" alone do not tell which is which); the empty year field
    asks for the birth year in words that suit anyone, shown whole."""
    window.set_language(lang)
    dialog = _sheet(window, qtbot)
    row = dialog.new_row
    for label, combo, text in (
        (row.gender_label, row.gender, gender),
        (row.status_label, row.status, status),
    ):
        assert label.isVisible() and label.text() == text
        assert label.buddy() is combo
        assert label.geometry().right() < combo.geometry().left()
        assert combo.accessibleName()
    assert row.year.placeholderText() == year
    advance = row.year.fontMetrics().horizontalAdvance(year)
    assert row.year.width() > advance
