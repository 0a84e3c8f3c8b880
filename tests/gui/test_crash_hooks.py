"""Unexpected errors while the window is open: the log gets the type and frames only, stderr
nothing, the person one short message (decision 0521)."""

from __future__ import annotations

import logging
import sys
import threading
from typing import Any

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication, QMessageBox

from tests.gui.conftest import WAIT_MS, idle, open_window

from libtrainer.gui import crashes
from libtrainer.gui.screens import participants as participants_screen

NAME = "Žemaitis"


def _box(window: Any) -> QMessageBox | None:
    box = window.findChild(QMessageBox, "unexpectedErrorBox")
    return box if box is not None and box.isVisible() else None


def _nothing_personal(caplog: Any, capfd: Any) -> None:
    """Neither the log nor stderr/stdout holds the name; the log has the type and a frame."""
    out, err = capfd.readouterr()
    assert NAME not in out and NAME not in err and "Traceback" not in err
    logged = [r.getMessage() for r in caplog.records if r.name.startswith("libtrainer")]
    assert any("ValueError" in text and ".py:" in text for text in logged)
    assert not any(NAME in text for text in logged)


def test_an_error_in_a_slot_is_logged_without_its_message(
    branch: Any, make_state: Any, qtbot: Any, monkeypatch: Any, caplog: Any, capfd: Any
) -> None:
    """A search result's callback fails with a name in its message: a short message is shown,
    the log has no name, stderr has nothing."""
    caplog.set_level(logging.ERROR, logger="libtrainer")
    window = open_window(branch.data_dir, make_state, qtbot)
    screen = window.go("participants")
    qtbot.waitUntil(lambda: screen.index is not None, timeout=WAIT_MS)
    idle(qtbot, window)

    def broken(self: Any, text: str, ids: list[str]) -> None:
        raise ValueError(f"search failed for {text!r}")

    monkeypatch.setattr(participants_screen.ParticipantsScreen, "_found", broken)
    capfd.readouterr()
    screen.search.setText(NAME)
    qtbot.waitUntil(lambda: _box(window) is not None, timeout=WAIT_MS)
    assert "nothing you saved is lost" in _box(window).text()  # type: ignore[union-attr]
    _nothing_personal(caplog, capfd)
    assert crashes.take_caught() >= 1


def test_an_error_in_a_thread_is_logged_without_its_message(
    branch: Any, make_state: Any, qtbot: Any, caplog: Any, capfd: Any
) -> None:
    """A plain thread that fails: the same short message, nothing personal anywhere."""
    caplog.set_level(logging.ERROR, logger="libtrainer")
    window = open_window(branch.data_dir, make_state, qtbot)
    capfd.readouterr()

    def fail() -> None:
        raise ValueError(f"could not write {NAME}")

    thread = threading.Thread(target=fail)
    thread.start()
    thread.join()
    qtbot.waitUntil(lambda: _box(window) is not None, timeout=WAIT_MS)
    _nothing_personal(caplog, capfd)
    assert crashes.take_caught() == 1


def test_the_hooks_are_put_back_when_the_window_is_gone(
    branch: Any, make_state: Any, qtbot: Any
) -> None:
    """While the window lives the hooks are the app's; once it is destroyed, the ones
    before are back."""
    before = (sys.excepthook, threading.excepthook)
    window = open_window(branch.data_dir, make_state, qtbot)
    assert (sys.excepthook, threading.excepthook) != before
    window.state.window = None
    window.close()
    window.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert (sys.excepthook, threading.excepthook) == before
