"""Consultations and E-scouts forms, and switching the language: typing is never lost
silently (opening another record, leaving a change, closing, the lock, a language switch;
decision 0516)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import func, select

from libtrainer.i18n import get_language
from libtrainer.services import consultations, org
from libtrainer.store.models import Consultation
from tests.gui.conftest import WAIT_MS, BranchData, idle, open_store, sign_in

from libtrainer.gui.unsaved import SaveChangesDialog


def _write(branch: BranchData, change: Callable[[Any], Any]) -> Any:
    store = open_store(branch.data_dir)
    try:
        with store.uow() as uow:
            return change(uow)
    finally:
        store.close()


def _read(branch: BranchData, query: Any) -> Any:
    store = open_store(branch.data_dir)
    try:
        with store.read() as conn:
            return conn.execute(query).all()
    finally:
        store.close()


def _consult(branch: BranchData) -> str:
    """A consultation yesterday for Ona Čepienė, 20 minutes on banking."""

    def log(uow: Any) -> str:
        staff = org.list_staff(uow)[0].id
        return str(
            consultations.log_consultation(
                uow,
                ["banking"],
                20,
                date=dt.date.today() - dt.timedelta(days=1),
                participant_id=branch.people["Ona Čepienė"],
                notes="Mokėjimo nurodymas",
                staff_id=staff,
            ).first("consultation")
        )

    return str(_write(branch, log))


def _notes(branch: BranchData) -> list[str]:
    return sorted(row[0] for row in _read(branch, select(Consultation.notes)))


def _count(branch: BranchData) -> int:
    return int(_read(branch, select(func.count()).select_from(Consultation))[0][0])


def _consultations(window: Any, qtbot: Any, listed: int) -> Any:
    screen = window.go("consultations")
    qtbot.waitUntil(lambda: screen.model.total == listed, timeout=WAIT_MS)
    idle(qtbot, window)
    return screen


def _question(guard: Any, qtbot: Any) -> SaveChangesDialog:
    qtbot.waitUntil(lambda: guard.question is not None, timeout=WAIT_MS)
    dialog = guard.question
    qtbot.waitUntil(dialog.isVisible, timeout=WAIT_MS)
    return dialog


def _answer(guard: Any, qtbot: Any, button: str) -> None:
    qtbot.mouseClick(getattr(_question(guard, qtbot), button), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: guard.question is None, timeout=WAIT_MS)


def _type(screen: Any, notes: str) -> None:
    """A new consultation on banking with ``notes``."""
    screen.topics.set_codes(["banking"])
    screen.notes.setText(notes)


def _open_listed(screen: Any) -> None:
    screen.table.setCurrentIndex(screen.model.index(0, 0))
    screen.change_selected()


# -- consultations ---------------------------------------------------------------------------


def test_opening_a_listed_consultation_asks_and_cancel_keeps_the_typing(
    window: Any, qtbot: Any
) -> None:
    """A new consultation half typed: opening a listed one asks "Save the new
    consultation?"; Cancel keeps the typing and opens nothing."""
    _consult(window.branch)
    screen = _consultations(window, qtbot, 1)
    screen.minutes.setValue(35)
    _type(screen, "Išmokė naudotis e. bankininkyste")
    _open_listed(screen)
    dialog = _question(screen.unsaved, qtbot)
    assert "Save the new consultation?" in dialog.text.text() and dialog.save.isDefault()
    _answer(screen.unsaved, qtbot, "cancel")
    idle(qtbot, window)
    assert screen.editing is None and screen.notes.text().startswith("Išmokė")
    assert screen.has_changes()


def test_save_in_the_question_logs_the_typing_then_opens_the_listed_one(
    window: Any, qtbot: Any
) -> None:
    """Save in the question logs the half-typed consultation, then opens the chosen one."""
    _consult(window.branch)
    screen = _consultations(window, qtbot, 1)
    _type(screen, "Išmokė naudotis e. bankininkyste")
    _open_listed(screen)
    _answer(screen.unsaved, qtbot, "save")
    qtbot.waitUntil(lambda: screen.editing is not None, timeout=WAIT_MS)
    idle(qtbot, window)
    assert _notes(window.branch) == ["Išmokė naudotis e. bankininkyste", "Mokėjimo nurodymas"]
    assert not screen.has_changes()


def test_leaving_a_changed_consultation_with_esc_asks_and_dont_save_drops_it(
    window: Any, qtbot: Any
) -> None:
    """Changing an opened consultation then pressing Esc asks about "the consultation of
    <date>"; Don't save leaves the change and writes nothing."""
    _consult(window.branch)
    screen = _consultations(window, qtbot, 1)
    _open_listed(screen)
    qtbot.waitUntil(lambda: screen.editing is not None, timeout=WAIT_MS)
    assert not screen.has_changes()
    screen.notes.setText("Kitas")
    screen._escape()
    dialog = _question(screen.unsaved, qtbot)
    assert "Save the changes to the consultation of" in dialog.text.text()
    _answer(screen.unsaved, qtbot, "discard")
    assert screen.editing is None and screen.notes.text() == ""
    assert _notes(window.branch) == ["Mokėjimo nurodymas"]


def test_an_opened_consultation_left_unchanged_never_asks(window: Any, qtbot: Any) -> None:
    """Opening a consultation and leaving it unchanged (Esc) asks nothing."""
    _consult(window.branch)
    screen = _consultations(window, qtbot, 1)
    _open_listed(screen)
    qtbot.waitUntil(lambda: screen.editing is not None, timeout=WAIT_MS)
    screen._escape()
    assert screen.editing is None and screen.unsaved.question is None


def test_closing_the_window_asks_about_a_typed_consultation(window: Any, qtbot: Any) -> None:
    """Closing with a consultation typed shows the Consultations screen and asks; Save logs
    it and the window closes."""
    screen = _consultations(window, qtbot, 0)
    _type(screen, "Skambutis dėl e. sveikatos")
    window.go("today")
    window.show()
    window.close()
    _question(screen.unsaved, qtbot)
    assert window.isVisible() and window.current_screen() is screen
    _answer(screen.unsaved, qtbot, "save")
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=WAIT_MS)
    idle(qtbot, window)
    assert _notes(window.branch) == ["Skambutis dėl e. sveikatos"]


def test_the_lock_logs_a_valid_consultation_and_says_so_after_sign_in(
    window: Any, qtbot: Any
) -> None:
    """Locking with a new consultation typed logs it; the next sign-in says so."""
    screen = _consultations(window, qtbot, 0)
    screen.minutes.setValue(25)
    _type(screen, "Skambutis dėl e. sveikatos")
    window.lock()
    idle(qtbot, window)
    assert _notes(window.branch) == ["Skambutis dėl e. sveikatos"]
    sign_in(qtbot, window)
    qtbot.waitUntil(lambda: window.workspace is not None, timeout=WAIT_MS)
    qtbot.waitUntil(
        lambda: (
            "consultation typed before the app locked was saved"
            in window.statusBar().currentMessage()
        ),
        timeout=WAIT_MS,
    )


def test_the_lock_saves_the_changes_to_an_opened_consultation(window: Any, qtbot: Any) -> None:
    """Locking while changing an opened consultation writes the change."""
    _consult(window.branch)
    screen = _consultations(window, qtbot, 1)
    _open_listed(screen)
    qtbot.waitUntil(lambda: screen.editing is not None, timeout=WAIT_MS)
    screen.notes.setText("Pataisyta")
    window.lock()
    idle(qtbot, window)
    assert _notes(window.branch) == ["Pataisyta"]


def test_the_lock_keeps_nothing_of_a_name_nobody_chosen_and_tells_why(
    window: Any, qtbot: Any
) -> None:
    """A name typed but nobody chosen is not logged at the lock; the sign-in panel names
    nobody, and after the next sign-in a message says why and what to do."""
    screen = _consultations(window, qtbot, 0)
    screen.person.setText("Ona Čepienė")
    screen.person.textEdited.emit("Ona Čepienė")
    idle(qtbot, window)
    window.lock()
    idle(qtbot, window)
    assert _count(window.branch) == 0
    assert "Čepienė" not in window.sign_in.message.text()
    sign_in(qtbot, window)
    qtbot.waitUntil(
        lambda: window.findChild(QMessageBox, "notSavedAtLock") is not None, timeout=WAIT_MS
    )
    text = window.findChild(QMessageBox, "notSavedAtLock").text()
    assert "consultation typed before the app locked was not saved" in text
    assert "Choose the person from the list" in text


# -- switching the language ------------------------------------------------------------------


def _choose_language(window: Any, lang: str) -> Any:
    settings = window.go("settings")
    index = settings.language.findData(lang)
    settings.language.setCurrentIndex(index)
    settings.language.activated.emit(index)
    return settings


def test_a_language_switch_asks_and_cancel_keeps_the_language_and_typing(
    window: Any, qtbot: Any
) -> None:
    """Choosing another language with a consultation typed shows it and asks; Cancel keeps
    the language (Settings shows it again) and what was typed."""
    screen = _consultations(window, qtbot, 0)
    _type(screen, "Skambutis dėl e. sveikatos")
    workspace = window.workspace
    settings = _choose_language(window, "lv")
    _question(screen.unsaved, qtbot)
    assert window.current_screen() is screen
    assert settings.language.currentData() == "en"
    _answer(screen.unsaved, qtbot, "cancel")
    assert get_language() == "en" and window.state.settings.language != "lv"
    assert window.workspace is workspace and screen.notes.text().startswith("Skambutis")


def test_a_language_switch_after_dont_save_switches_without_writing(
    window: Any, qtbot: Any
) -> None:
    """Don't save in the language question switches the language; nothing is logged."""
    screen = _consultations(window, qtbot, 0)
    _type(screen, "Skambutis dėl e. sveikatos")
    _choose_language(window, "lv")
    _answer(screen.unsaved, qtbot, "discard")
    qtbot.waitUntil(lambda: get_language() == "lv", timeout=WAIT_MS)
    assert window.state.settings.language == "lv"
    idle(qtbot, window)
    assert _count(window.branch) == 0


def test_a_language_switch_asks_about_a_participant_form_too(window: Any, qtbot: Any) -> None:
    """Typing in the Participants form is asked about before a switch; Save writes it and
    the language changes."""
    screen = window.go("participants")
    screen.new_participant()
    screen.form.given.setText("Kazimieras")
    screen.form.family.setText("Naujokas")
    _choose_language(window, "lt")
    _answer(screen.unsaved, qtbot, "save")
    qtbot.waitUntil(lambda: get_language() == "lt", timeout=WAIT_MS)
    idle(qtbot, window)
    assert window.state.settings.language == "lt"


def test_a_language_switch_without_typing_asks_nothing(window: Any, qtbot: Any) -> None:
    """With no form changed, choosing a language switches at once."""
    _consultations(window, qtbot, 0)
    _choose_language(window, "lt")
    assert get_language() == "lt"


# -- e-scouts --------------------------------------------------------------------------------


def _escouts(window: Any, qtbot: Any) -> Any:
    screen = window.go("escouts")
    qtbot.waitUntil(lambda: screen.people.rowCount() == 1, timeout=WAIT_MS)
    idle(qtbot, window)
    return screen


def _visit(uow: Any, notes: str) -> str:
    from libtrainer.services import escouts  # noqa: PLC0415

    volunteer = org.list_volunteers(uow)[0].id
    return str(
        escouts.record_visit(
            uow, volunteer, dt.date.today() - dt.timedelta(days=2), notes=notes
        ).first("escout_visit")
    )


def _visit_notes(branch: BranchData) -> list[str]:
    from libtrainer.store.models import EScoutVisit  # noqa: PLC0415

    return sorted(row[0] for row in _read(branch, select(EScoutVisit.notes)))


def _volunteers(branch: BranchData) -> list[str]:
    from libtrainer.store.models import Volunteer  # noqa: PLC0415

    return sorted(row[0] for row in _read(branch, select(Volunteer.family_name)))


def test_another_visit_asks_and_cancel_keeps_the_typing_and_its_row(
    window: Any, qtbot: Any
) -> None:
    """Changing a visit's notes then choosing another visit asks about "the visit of
    <date>"; Cancel keeps the typing and chooses the visit in the form again."""
    first = _write(window.branch, lambda uow: _visit(uow, "Pirmas"))
    _write(window.branch, lambda uow: _visit(uow, "Antras"))
    screen = _escouts(window, qtbot)
    qtbot.waitUntil(lambda: screen.visits.rowCount() == 2, timeout=WAIT_MS)
    screen.visit_view.setCurrentIndex(screen.visits.index(screen.visits.row_of(first), 0))
    assert screen.visit_shown == first and screen.notes.text() == "Pirmas"
    screen.notes.setText("Pirmas, pataisyta")
    other = 1 - screen.visits.row_of(first)
    screen.visit_view.setCurrentIndex(screen.visits.index(other, 0))
    dialog = _question(screen.visit_guard, qtbot)
    assert "Save the changes to the visit of" in dialog.text.text()
    _answer(screen.visit_guard, qtbot, "cancel")
    qtbot.waitUntil(lambda: screen.visit_id() == first, timeout=WAIT_MS)
    assert screen.notes.text() == "Pirmas, pataisyta" and screen.visit_shown == first


def test_save_in_the_visit_question_saves_then_shows_the_other_visit(
    window: Any, qtbot: Any
) -> None:
    """Save in the question writes the visit's result, then the other visit is shown."""
    first = _write(window.branch, lambda uow: _visit(uow, "Pirmas"))
    second = _write(window.branch, lambda uow: _visit(uow, "Antras"))
    screen = _escouts(window, qtbot)
    qtbot.waitUntil(lambda: screen.visits.rowCount() == 2, timeout=WAIT_MS)
    screen.visit_view.setCurrentIndex(screen.visits.index(screen.visits.row_of(first), 0))
    screen.notes.setText("Pirmas, pataisyta")
    screen.visit_view.setCurrentIndex(screen.visits.index(screen.visits.row_of(second), 0))
    _answer(screen.visit_guard, qtbot, "save")
    qtbot.waitUntil(lambda: screen.visit_shown == second, timeout=WAIT_MS)
    idle(qtbot, window)
    assert screen.notes.text() == "Antras"
    assert _visit_notes(window.branch) == ["Antras", "Pirmas, pataisyta"]


def test_leaving_a_changed_escout_with_esc_asks_and_dont_save_drops_it(
    window: Any, qtbot: Any
) -> None:
    """Changing an opened e-scout then pressing Esc asks about her by name; Don't save
    empties the form and writes nothing."""
    screen = _escouts(window, qtbot)
    screen.people_view.setCurrentIndex(screen.people.index(0, 0))
    screen.change_volunteer()
    qtbot.waitUntil(lambda: screen.changing is not None, timeout=WAIT_MS)
    screen.family.setText("Petraitienė")
    screen.new_volunteer()
    dialog = _question(screen.person_guard, qtbot)
    assert "Save the changes to Gabija Petraitytė?" in dialog.text.text()
    _answer(screen.person_guard, qtbot, "discard")
    assert screen.changing is None and screen.family.text() == ""
    assert _volunteers(window.branch) == ["Petraitytė"]


def test_the_lock_saves_a_new_escout_and_a_new_visit(window: Any, qtbot: Any) -> None:
    """Locking with a new e-scout typed and a new visit typed for the chosen one saves both;
    the next sign-in says so."""
    screen = _escouts(window, qtbot)
    screen.people_view.setCurrentIndex(screen.people.index(0, 0))
    qtbot.waitUntil(screen.new_visit.isEnabled, timeout=WAIT_MS)
    screen.given.setText("Mantas")
    screen.family.setText("Jankūnas")
    screen.year.setText(str(dt.date.today().year - 20))
    screen.place.setText("Seniūnijos salė")
    screen.notes.setText("Atsineš planšetę")
    window.lock()
    idle(qtbot, window)
    assert _volunteers(window.branch) == ["Jankūnas", "Petraitytė"]
    assert _visit_notes(window.branch) == ["Atsineš planšetę"]
    sign_in(qtbot, window)
    qtbot.waitUntil(lambda: window.workspace is not None, timeout=WAIT_MS)
    qtbot.waitUntil(
        lambda: (
            "visit typed before the app locked was saved" in window.statusBar().currentMessage()
        ),
        timeout=WAIT_MS,
    )


def test_the_lock_keeps_nothing_of_a_refused_escout_and_tells_why(window: Any, qtbot: Any) -> None:
    """An e-scout too old is not saved at the lock; the sign-in panel names nobody, and the
    next sign-in names her and the rule."""
    screen = _escouts(window, qtbot)
    screen.given.setText("Petras")
    screen.family.setText("Vyresnis")
    screen.year.setText("1960")
    window.lock()
    idle(qtbot, window)
    assert _volunteers(window.branch) == ["Petraitytė"]
    assert "Vyresnis" not in window.sign_in.message.text()
    sign_in(qtbot, window)
    qtbot.waitUntil(
        lambda: window.findChild(QMessageBox, "notSavedAtLock") is not None, timeout=WAIT_MS
    )
    text = window.findChild(QMessageBox, "notSavedAtLock").text()
    assert "Petras Vyresnis" in text and "14–29" in text


def test_a_language_switch_asks_about_a_typed_escout(window: Any, qtbot: Any) -> None:
    """A new e-scout half typed is asked about before a language switch; Cancel keeps it."""
    screen = _escouts(window, qtbot)
    screen.given.setText("Mantas")
    _choose_language(window, "lt")
    dialog = _question(screen.person_guard, qtbot)
    assert "Save the new person Mantas?" in dialog.text.text()
    _answer(screen.person_guard, qtbot, "cancel")
    assert get_language() == "en" and screen.given.text() == "Mantas"


# -- group and session dialogs ---------------------------------------------------------------


def _dialog(window: Any, qtbot: Any, button: str, rows: Callable[[Any], bool]) -> Any:
    """The Groups & sessions screen with the dialog of ``button`` open."""
    screen = window.go("groups")
    qtbot.waitUntil(lambda: rows(screen), timeout=WAIT_MS)
    idle(qtbot, window)
    qtbot.mouseClick(getattr(screen, button), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: screen.dialog is not None and screen.dialog.isVisible(), timeout=WAIT_MS
    )
    return screen.dialog


def _group_names(branch: BranchData) -> list[str]:
    from libtrainer.store.models import TrainingGroup  # noqa: PLC0415

    return sorted(row[0] for row in _read(branch, select(TrainingGroup.name)))


def _session_places(branch: BranchData) -> list[str | None]:
    from libtrainer.store.models import TrainingSession  # noqa: PLC0415

    return [row[0] for row in _read(branch, select(TrainingSession.place))]


def test_the_lock_saves_a_new_group_typed_in_its_dialog(window: Any, qtbot: Any) -> None:
    """A New group dialog open at the lock with a name typed: the group is added, and the
    next sign-in says so by name."""
    dialog = _dialog(window, qtbot, "new_group", lambda s: s.group_model.rowCount() == 1)
    before = _group_names(window.branch)
    dialog.name.setText("Vakarinė grupė")
    window.lock()
    idle(qtbot, window)
    assert _group_names(window.branch) == sorted([*before, "Vakarinė grupė"])
    sign_in(qtbot, window)
    qtbot.waitUntil(
        lambda: "Vakarinė grupė were saved" in window.statusBar().currentMessage(),
        timeout=WAIT_MS,
    )


def test_the_lock_does_not_add_a_group_from_an_untouched_dialog(window: Any, qtbot: Any) -> None:
    """A New group dialog open at the lock with nothing typed adds no group."""
    _dialog(window, qtbot, "new_group", lambda s: s.group_model.rowCount() == 1)
    before = _group_names(window.branch)
    window.lock()
    idle(qtbot, window)
    assert _group_names(window.branch) == before


def test_the_lock_keeps_nothing_of_sessions_at_a_refused_date_and_tells_why(
    window: Any, qtbot: Any
) -> None:
    """Sessions planned at a refused date are not planned at the lock; after the next
    sign-in a message says so (nothing on the sign-in panel)."""
    dialog = _dialog(window, qtbot, "plan", lambda s: s.session_model.rowCount() == 1)
    before = _session_places(window.branch)
    dialog.place.setText("Kaimo bendruomenės namai")
    dialog.date.set_value(dt.date(1990, 1, 1))
    window.lock()
    idle(qtbot, window)
    assert _session_places(window.branch) == before
    assert "session" not in window.sign_in.message.text()
    sign_in(qtbot, window)
    qtbot.waitUntil(
        lambda: window.findChild(QMessageBox, "notSavedAtLock") is not None, timeout=WAIT_MS
    )
    assert "sessions typed before the app locked were not planned" in (
        window.findChild(QMessageBox, "notSavedAtLock").text()
    )


def test_the_lock_plans_the_sessions_typed(window: Any, qtbot: Any) -> None:
    """A Plan sessions dialog open at the lock with a place typed plans the sessions."""
    dialog = _dialog(window, qtbot, "plan", lambda s: s.session_model.rowCount() == 1)
    dialog.count.setValue(2)
    dialog.place.setText("Kaimo bendruomenės namai")
    window.lock()
    idle(qtbot, window)
    assert _session_places(window.branch).count("Kaimo bendruomenės namai") == 2
