"""Unexpected errors while the window is open: logged without data, told in one sentence.

An error nobody caught reaches ``sys.excepthook``: Python's own, and PySide for an error in a
slot or a Qt virtual method, and the operation helper for an error in a result's callback
(:meth:`gui.operations.TaskManager._on_deliver`); an error in a plain thread reaches
``threading.excepthook``. Python's hooks print the message and the source lines to stderr,
and either can quote a person's name ("search failed for 'Kriaučiūnas'"); on a public PC
stderr may be a console window or a file anyone reads.

For the main window's life (:func:`install`, undone when the window is destroyed) both hooks
are replaced: the log gets the error's type, codes and frames only
(:func:`libtrainer.domain.errors.stack_without_data`: no message, no locals, no source lines),
nothing is printed, and the person sees a short message (one at a time) saying what to do.
A hook never raises: Python would print both errors then. Thread rule: the hooks run on any
thread; the message is shown on the GUI thread.
"""

from __future__ import annotations

import logging
import sys
import threading
from types import TracebackType
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QTimer
from shiboken6 import isValid

from libtrainer.domain.errors import stack_without_data
from libtrainer.i18n import _

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMessageBox, QWidget

log = logging.getLogger("libtrainer.gui")

_caught = 0


def take_caught() -> int:
    """How many errors the hooks took since the last call (the GUI tests check that none
    went by unnoticed: pytest-qt would otherwise have failed the test)."""
    global _caught
    count, _caught = _caught, 0
    return count


def message() -> str:
    """What the person reads after an unexpected error."""
    return _(
        "Something went wrong, but nothing you saved is lost. Try again; if it happens "
        "again, close libtrainer and start it again. The details are in the log for whoever "
        "looks after this computer."
    )


class CrashHooks:
    """The two hooks of one window (see the module docstring)."""

    def __init__(self, window: QWidget) -> None:
        self.window = window
        self.previous = (sys.excepthook, threading.excepthook)
        self.box: QMessageBox | None = None

    def on_error(
        self,
        kind: type[BaseException],
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        """``sys.excepthook``: log without data, tell the person."""
        self._caught(kind, error, trace, "on the GUI thread")

    def on_thread_error(self, args: Any) -> None:
        """``threading.excepthook`` (``args``: a ``threading.ExceptHookArgs``)."""
        if args.exc_type is SystemExit:  # how a thread ends on purpose: Python is silent too
            return
        self._caught(args.exc_type, args.exc_value, args.exc_traceback, "in a thread")

    def _caught(
        self,
        kind: type[BaseException],
        error: BaseException | None,
        trace: TracebackType | None,
        where: str,
    ) -> None:
        global _caught
        try:
            _caught += 1
            if error is None:
                error = kind()
            if error.__traceback__ is None and trace is not None:
                error = error.with_traceback(trace)
            log.error("unexpected error %s: %s", where, stack_without_data(error))
            if isValid(self.window):  # shown on the GUI thread, from whichever thread
                QTimer.singleShot(0, self.window, self._tell)
        except BaseException:  # noqa: BLE001, S110 - a hook that raises makes Python print
            pass

    def _tell(self) -> None:
        from PySide6.QtCore import Qt  # noqa: PLC0415 - rare (decision 0508)
        from PySide6.QtWidgets import QMessageBox  # noqa: PLC0415 - rare

        if not isValid(self.window) or not self.window.isVisible():
            return  # closing: the log has it
        if self.box is not None and isValid(self.box) and self.box.isVisible():
            return  # one message for a burst of errors (a paint that fails each time)
        box = QMessageBox(self.window)
        box.setObjectName("unexpectedErrorBox")
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(_("libtrainer"))
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setText(message())
        box.setAccessibleName(_("Error message"))
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        self.box = box

    def uninstall(self, *_args: Any) -> None:
        """Put back the hooks found at :func:`install`, unless another replaced ours since."""
        if sys.excepthook == self.on_error:
            sys.excepthook = self.previous[0]
        if threading.excepthook == self.on_thread_error:
            threading.excepthook = self.previous[1]


def install(window: QWidget) -> CrashHooks:
    """Replace both hooks until ``window`` is destroyed."""
    hooks = CrashHooks(window)
    sys.excepthook = hooks.on_error
    threading.excepthook = hooks.on_thread_error
    window.destroyed.connect(hooks.uninstall)
    return hooks
