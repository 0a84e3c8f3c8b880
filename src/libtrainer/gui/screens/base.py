"""What every main screen has in common."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QAbstractItemModel
from PySide6.QtWidgets import QLineEdit, QMainWindow, QPlainTextEdit, QVBoxLayout, QWidget

from libtrainer.gui.operations import Job, Operation
from libtrainer.gui.state import AppState
from libtrainer.gui.widgets import Banner, heading

T = TypeVar("T")


class Screen(QWidget):
    """A page of the main window. Subclasses fill :attr:`body` and implement :meth:`refresh`.

    - :meth:`refresh` re-reads what the screen shows (through operations).
    - :meth:`on_changed` is called when any screen wrote to the store; a hidden screen only
      remembers to refresh when it is next shown.
    - Screens keep no personal data outside their widgets and models: on lock the window
      deletes them.
    """

    key = ""
    busy = False  # a save is running: a second Save (double click, Enter twice) is ignored
    #: the screen's :class:`~libtrainer.gui.deleting.DeleteFlow`, when it deletes anything
    deleting: Any = None

    def __init__(self, state: AppState, title: str, parent: Any = None) -> None:
        super().__init__(parent)
        self.state = state
        self.setObjectName(f"screen_{self.key}")
        self.setAccessibleName(title)
        self._stale = True
        self.title = heading(title)
        self.banner = Banner()
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.banner)
        self.body = QVBoxLayout()
        layout.addLayout(self.body, 1)
        state.changed.connect(self.on_changed)

    # -- life cycle ----------------------------------------------------------------------------

    def activate(self) -> None:
        """Called each time the screen is shown."""
        if self._stale:
            self._stale = False
            self.refresh()

    def refresh(self) -> None:
        """Re-read what the screen shows."""

    def on_changed(self, changed: Any) -> None:
        self._stale = True
        if self.isVisible():
            self.activate()

    def clear_personal_data(self) -> None:
        """Empty every model and text field, drop an undo on offer (it holds what was deleted)
        (the window calls this before deleting us)."""
        if self.deleting is not None:
            self.deleting.forget()
        for model in self.findChildren(QAbstractItemModel):
            clear = getattr(model, "clear", None)
            if callable(clear):
                clear()
        for edit in self.findChildren(QLineEdit):
            edit.clear()
        for text in self.findChildren(QPlainTextEdit):
            text.clear()

    def focus_first(self) -> None:
        """Put the keyboard focus where work starts on this screen."""
        self.focusNextChild()

    # -- helpers -------------------------------------------------------------------------------

    def op(self, fn: Callable[[Job], T]) -> Operation[T]:
        """An operation whose callbacks die with this screen."""
        return Operation(self, fn)

    def read(self, fn: Callable[[Any], T]) -> Operation[T]:
        """A read-only operation: ``fn`` gets a read unit (``.session``, ``.connection``)."""

        def run(job: Job) -> T:
            with job.reader() as unit:
                return fn(unit)

        return Operation(self, run).read_only()

    def write(self, fn: Callable[[Any], T]) -> Operation[T]:
        """A writing operation: ``fn`` gets a unit of work (services commit it)."""

        def run(job: Job) -> T:
            with job.uow() as uow:
                return fn(uow)

        return Operation(self, run)

    def settled(self, callback: Callable[[T], None]) -> Callable[[T], None]:
        """``callback``, run after marking the running save finished (see :attr:`busy`)."""

        def run(value: T) -> None:
            self.busy = False
            callback(value)

        return run

    def window_(self) -> QMainWindow | None:
        window = self.window()
        return window if isinstance(window, QMainWindow) else None

    @property
    def branch_id(self) -> str | None:
        return self.state.device.branch_id if self.state.device else None
