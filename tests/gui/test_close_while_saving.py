"""Closing, locking or switching the language right after Save waits for the save, says
"Saving…", and then asks only about what is really unsaved (gui/save_wait.py, 0516)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from tests.gui.conftest import WAIT_MS, idle, sign_in
from tests.gui.test_listform_unsaved import CASES, Case
from tests.gui.test_listform_unsaved import _open as _open_record
from tests.gui.test_listform_unsaved import _screen as _listform_screen
from tests.gui.test_listform_unsaved import _stored as _stored_record
from tests.gui.test_listform_unsaved import _type as _type_record
from tests.gui.test_participant_unsaved import _count_named, _open, _question, _screen, _stored


def _no_question(window: Any) -> bool:
    from libtrainer.gui.unsaved import SaveChangesDialog

    return not any(d.isVisible() for d in window.findChildren(SaveChangesDialog))


def _new_person(screen: Any, given: str, family: str) -> None:
    screen.new_participant()
    screen.form.given.setText(given)
    screen.form.family.setText(family)


def test_closing_right_after_saving_a_new_person_closes_without_asking(
    window: Any, qtbot: Any
) -> None:
    """Save on a new person, then close at once: "Saving…", then the window closes unasked
    and the person is saved once."""
    screen = _screen(window, qtbot)
    _new_person(screen, "Uždaroma", "Vidurysaugojimo")
    window.show()
    qtbot.mouseClick(screen.save_button, Qt.MouseButton.LeftButton)
    window.close()
    assert window.statusBar().currentMessage().startswith("Saving…")
    assert window.isVisible() and _no_question(window)
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=WAIT_MS)
    assert _no_question(window)
    idle(qtbot, window)
    assert _count_named(window, "Vidurysaugojimo") == 1


def test_closing_right_after_saving_a_change_closes_without_asking(window: Any, qtbot: Any) -> None:
    """Save on a change to a person, then close at once: the change is saved and the window
    closes without asking about it."""
    pid = window.branch.people["Ona Čepienė"]
    screen = _screen(window, qtbot)
    _open(screen, qtbot, pid, "Ona")
    screen.form.phone.setText("+370 622 22222")
    window.show()
    qtbot.mouseClick(screen.save_button, Qt.MouseButton.LeftButton)
    window.close()
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=WAIT_MS)
    assert _no_question(window)
    idle(qtbot, window)
    assert _stored(window, pid)["phone"] == "+370 622 22222"


def test_closing_after_a_refused_save_asks_about_the_typing_and_save_is_heard(
    window: Any, qtbot: Any
) -> None:
    """A save refused while the close waits leaves a real change: the question is asked,
    and its Save runs (refused again, the window stays open with the reason shown)."""
    pid = window.branch.people["Ona Čepienė"]
    screen = _screen(window, qtbot)
    _open(screen, qtbot, pid, "Ona")
    screen.form.phone.setText("tel. abc")
    window.show()
    qtbot.mouseClick(screen.save_button, Qt.MouseButton.LeftButton)
    window.close()
    dialog = _question(screen, qtbot)
    assert "Save the changes to Ona Čepienė?" in dialog.text.text()
    assert not screen.busy  # asked once the refused save came back
    qtbot.mouseClick(dialog.discard, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=WAIT_MS)
    idle(qtbot, window)
    assert not _stored(window, pid)["phone"]


def test_the_lock_right_after_save_waits_and_saves_what_was_typed_meanwhile(
    window: Any, qtbot: Any
) -> None:
    """Lock while a change is being saved, with more typed after Save: the lock says
    "Saving…", waits, then saves the rest too (nothing is lost)."""
    pid = window.branch.people["Ona Čepienė"]
    screen = _screen(window, qtbot)
    _open(screen, qtbot, pid, "Ona")
    screen.form.phone.setText("+370 644 44444")
    qtbot.mouseClick(screen.save_button, Qt.MouseButton.LeftButton)
    screen.form.email.setText("ona@example.lt")  # typed while the save runs
    window.lock()
    assert window.statusBar().currentMessage() == "Saving… The app locks once it is saved."
    qtbot.waitUntil(lambda: window.workspace is None, timeout=WAIT_MS)
    idle(qtbot, window)
    stored = _stored(window, pid)
    assert stored["phone"] == "+370 644 44444" and stored["email"] == "ona@example.lt"
    sign_in(qtbot, window)
    qtbot.waitUntil(lambda: window.workspace is not None, timeout=WAIT_MS)


def test_the_lock_right_after_saving_a_new_person_adds_them_once(window: Any, qtbot: Any) -> None:
    """Lock while a new person is being saved: locked once saved, the person added once."""
    screen = _screen(window, qtbot)
    _new_person(screen, "Užrakinama", "Vidurysaugojimo")
    qtbot.mouseClick(screen.save_button, Qt.MouseButton.LeftButton)
    window.lock()
    qtbot.waitUntil(lambda: window.workspace is None, timeout=WAIT_MS)
    idle(qtbot, window)
    assert _count_named(window, "Vidurysaugojimo") == 1


def test_the_language_switch_right_after_save_waits_and_switches(window: Any, qtbot: Any) -> None:
    """Switching the language while a new person is saved waits, then switches unasked."""
    screen = _screen(window, qtbot)
    _new_person(screen, "Kalbinama", "Vidurysaugojimo")
    qtbot.mouseClick(screen.save_button, Qt.MouseButton.LeftButton)
    assert window.set_language("lt") is False
    qtbot.waitUntil(lambda: window.state.settings.language == "lt", timeout=WAIT_MS)
    assert _no_question(window)
    idle(qtbot, window)
    window.set_language("en")
    assert _count_named(window, "Vidurysaugojimo") == 1


@CASES
def test_closing_right_after_save_on_a_list_form_closes_without_asking(
    window: Any, qtbot: Any, case: Case
) -> None:
    """Programmes and Staff: Save, then close at once: saved, closed, nothing asked."""
    screen, mine, _other = _listform_screen(window, qtbot, case)
    _open_record(screen, qtbot, mine)
    _type_record(screen, case, case.good)
    window.show()
    qtbot.mouseClick(screen.save_button, Qt.MouseButton.LeftButton)
    window.close()
    assert window.statusBar().currentMessage().startswith("Saving…")
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=WAIT_MS)
    assert _no_question(window)
    idle(qtbot, window)
    assert getattr(_stored_record(window, case, mine), case.column) == case.stored


def test_closing_right_after_logging_a_consultation_closes_without_asking(
    window: Any, qtbot: Any
) -> None:
    """Consultations: Save, then close at once: logged once, closed, nothing asked."""
    from sqlalchemy import func, select

    from libtrainer.store.models import Consultation
    from tests.gui.test_double_submit import _count

    screen = window.go("consultations")
    qtbot.waitUntil(lambda: screen.index is not None, timeout=WAIT_MS)
    screen.topics.first().click()
    window.show()
    qtbot.mouseClick(screen.save_button, Qt.MouseButton.LeftButton)
    window.close()
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=WAIT_MS)
    assert _no_question(window)
    idle(qtbot, window)
    assert _count(window, select(func.count()).select_from(Consultation)) == 1


def test_the_lock_right_after_planning_sessions_waits_and_plans_them_once(
    window: Any, qtbot: Any
) -> None:
    """Lock while the Plan sessions dialog saves: "Saving…", then locked; planned once."""
    import datetime as dt

    from sqlalchemy import func, select

    from libtrainer.store.models import TrainingSession
    from tests.gui.test_double_submit import _count

    screen = window.go("groups")
    qtbot.waitUntil(lambda: screen.session_model.rowCount() == 1, timeout=WAIT_MS)
    qtbot.mouseClick(screen.plan, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: screen.dialog is not None and screen.dialog.isVisible(), timeout=WAIT_MS
    )
    dialog = screen.dialog
    dialog.date.set_value(dt.date.today() + dt.timedelta(days=3))
    dialog.count.setValue(2)
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert dialog.saving
    window.lock()
    assert window.statusBar().currentMessage() == "Saving… The app locks once it is saved."
    qtbot.waitUntil(lambda: window.workspace is None, timeout=WAIT_MS)
    idle(qtbot, window)
    assert _count(window, select(func.count()).select_from(TrainingSession)) == 3


def test_closing_right_after_adding_an_escout_closes_without_asking(
    window: Any, qtbot: Any
) -> None:
    """E-scouts: "Add e-scout", then close at once: added once, closed, nothing asked."""
    import datetime as dt

    from sqlalchemy import func, select

    from libtrainer.store.models import Volunteer
    from tests.gui.test_double_submit import _count

    screen = window.go("escouts")
    idle(qtbot, window)
    screen.given.setText("Dovilė")
    screen.family.setText("Kartaitė")
    screen.year.setText(str(dt.date.today().year - 20))
    window.show()
    qtbot.mouseClick(screen.add_person, Qt.MouseButton.LeftButton)
    window.close()
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=WAIT_MS)
    assert _no_question(window)
    idle(qtbot, window)
    assert _count(window, select(func.count()).where(Volunteer.family_name == "Kartaitė")) == 1
