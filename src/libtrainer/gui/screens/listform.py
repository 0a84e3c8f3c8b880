"""A list on the left, the chosen record's form on the right: the shape of Programmes and Staff.

What the two screens share lives here: the split layout with New / Archive / Save under the
form and their keyboard order, choosing a record in the list, the one-save-at-a-time rule for
writes, "Saved." / "Nothing changed.", scrolling a record just added into view, showing a
refused field under the field, and typing that is never lost without a word (``gui/unsaved``,
decision 0516): another row, New, Archive / Bring back and closing the window ask first, a
sync never writes over it, and the lock saves it. Each screen keeps its own fields, rules,
texts and services.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QModelIndex, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from libtrainer.i18n import _

from libtrainer.gui.field_form import FieldForm
from libtrainer.gui.models import ListTableModel, select_row
from libtrainer.gui.operations import Job
from libtrainer.gui.screens.base import Screen
from libtrainer.gui.unsaved import UnsavedGuard


class ListFormScreen(Screen):
    """Subclasses set :attr:`model`, :attr:`table`, :attr:`form` and the three buttons, then call
    :meth:`build`; they implement :meth:`open` (show one record of :attr:`items` in the form),
    :meth:`empty_form`, :meth:`may_save`, :meth:`change` (the write of Save and of the lock),
    :meth:`_added`, :meth:`_toggle_archived`, and :meth:`form_name`, :meth:`save_question` and
    :meth:`lock_name` for the question and the message after the lock."""

    saved = Signal(str)  # the id of the record added or changed (tests)

    model: ListTableModel
    table: QTableView
    form: FieldForm
    new_button: QPushButton
    archive_button: QPushButton
    save_button: QPushButton

    def __init__(self, state: Any, title: str, parent: Any = None) -> None:
        super().__init__(state, title, parent)
        self.current_id: str | None = None
        self.items: dict[str, Any] = {}  # the records listed, by id
        self._reveal: str | None = None  # a record just added: scrolled into view
        self._selecting = False  # the screen moves the list's choice itself
        #: the record this screen saved last: its change coming back with the list is no
        #: news (the form may hold typing made since)
        self._own_save: str | None = None
        self.unsaved = UnsavedGuard(self, editable=self.may_save)

    def build(self, note: QLabel, top: QWidget, top_focus: list[QWidget], left_share: int) -> None:
        """Lay the screen out: ``note`` above, ``top`` over the list (its focusable widgets in
        ``top_focus``), the form with its buttons beside it; ``left_share`` of 1,000 pixels
        goes to the list at first. Tab runs down the list, through the form to Save, then New
        and Archive; Ctrl+S saves."""
        left = QWidget()
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(top)
        column.addWidget(self.table, 1)
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        right = QWidget()
        side = QVBoxLayout(right)
        side.setContentsMargins(0, 0, 0, 0)
        side.addWidget(self.form)
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addStretch(1)
        buttons.addWidget(self.archive_button)
        buttons.addWidget(self.save_button)
        side.addLayout(buttons)
        side.addStretch(1)
        split = QSplitter()
        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setSizes([left_share, 1000 - left_share])
        self.body.addWidget(note)
        self.body.addWidget(split, 1)
        order = [
            *top_focus,
            self.table,
            *self.form.focus_chain(),
            self.save_button,
            self.new_button,
            self.archive_button,
        ]
        for first, second in zip(order, order[1:]):
            QWidget.setTabOrder(first, second)
        self.new_button.clicked.connect(self.new_record)
        self.archive_button.clicked.connect(self.toggle_archived)
        self.save_button.clicked.connect(self.save)
        self.form.submit.connect(self.save)
        QShortcut(QKeySequence.StandardKey.Save, self, activated=self.save)

    # -- the list ------------------------------------------------------------------------------

    def list_rows(self, rows: list[tuple[str, tuple[Any, ...]]], keep: str | None) -> int:
        """Show ``rows`` (id, cells) in the list with ``keep`` chosen, without opening anything
        (what is being typed in the form stays); ``keep``'s row, or -1 when it is not listed."""
        selection = self.table.selectionModel()
        selection.blockSignals(True)
        self.model.set_rows(rows)
        row = self.model.row_of(keep) if keep else -1
        if row >= 0:
            self.table.setCurrentIndex(self.model.index(row, 0))
        selection.blockSignals(False)
        return row

    def reveal_added(self) -> None:
        """Scroll the record just added (if any) into view, once."""
        reveal, self._reveal = self._reveal, None
        row = self.model.row_of(reveal) if reveal is not None else -1
        if row >= 0:
            self.table.scrollTo(self.model.index(row, 0))

    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        row_id = self.model.id_at(current.row()) if current.isValid() else None
        if self._selecting or row_id is None or row_id not in self.items:
            return
        if row_id == self.current_id and self.has_changes():
            return  # the record in the form, chosen again: keep what was typed
        self.unsaved.leave(lambda: self._open_row(row_id))

    def _select(self, row_id: str | None) -> None:
        """Show ``row_id`` (None: nothing) as the list's choice without opening it."""
        self._selecting = True
        try:
            select_row(self.table, self.model, row_id)
        finally:
            self._selecting = False

    def _open_row(self, row_id: str) -> None:
        if row_id in self.items:
            self._select(row_id)
            self.open(row_id)

    def open(self, row_id: str) -> None:
        """Show one record in the form (what it held is replaced: call :meth:`opened` last)."""
        raise NotImplementedError

    def empty_form(self) -> None:
        """Empty the form for a new record, without asking (call :meth:`opened` last)."""
        raise NotImplementedError

    def opened(self) -> None:
        """The form shows a record as stored (or is empty): nothing in it is a change."""
        self._own_save = None
        self.unsaved.loaded()

    def new_record(self) -> None:
        """New (the button, its keyboard letter): empty the form; changes are asked about
        first."""

        def start() -> None:
            self._select(None)
            self.empty_form()

        self.unsaved.leave(start)

    def record_changed(self, row_id: str) -> None:
        """The list came back with the record in the form changed (saved here, archived, or
        by a sync): show it as stored — unless the form holds typing, which is kept; when
        the change came from elsewhere the banner says so."""
        own, self._own_save = self._own_save, None
        if not self.has_changes():
            self.open(row_id)
        elif own != row_id:
            self._changed_elsewhere()

    def record_gone(self) -> None:
        """The record in the form is no longer listed (archived or deleted elsewhere): the
        form empties — unless it holds typing, which is kept and the banner says why."""
        if self.has_changes():
            self._changed_elsewhere()
        else:
            self.empty_form()

    def _changed_elsewhere(self) -> None:
        self.banner.show_message(
            _(
                "{name} was changed elsewhere (a sync) while you were typing. What you typed "
                "is kept: Save puts it in place of that change."
            ).format(name=self.form_name()),
            "warning",
        )

    # -- unsaved changes (gui/unsaved.py) ------------------------------------------------------

    def has_changes(self) -> bool:
        """The form's values differ from what was loaded into it (or last saved), and this
        person may save it."""
        return self.unsaved.changed()

    def may_save(self) -> bool:
        """This person may save what the form holds (a read-only form never asks)."""
        raise NotImplementedError

    def form_name(self) -> str:
        """Whose changes the form holds: the record's name as stored, or as typed for a new
        one (may be empty)."""
        raise NotImplementedError

    def save_question(self) -> str:
        """ "Save the changes to …?" for what the form holds."""
        raise NotImplementedError

    def lock_name(self) -> str:
        """:meth:`form_name`, or what to call a new record without one yet."""
        raise NotImplementedError

    lock_kind = "person"  # gui.unsaved.not_saved_at_lock: what to open again

    def ask_before_close(self, close: Callable[[], None]) -> bool:
        """The window is closing: True when the form has changes and the question is asked
        (``close`` runs after Save or Don't save)."""
        return self.has_changes() and self.unsaved.leave(close)

    def save_before_lock(self, window: Any) -> None:
        """The window locks: save the form's changes in the background (on ``window``), with
        the screen's own rules; ``window`` tells after the next sign-in how it went."""
        if self.busy or not self.has_changes():
            return
        change = self.change(self.form.values(), self.current_id)

        def record(job: Job) -> Any:
            with job.uow() as uow:
                return change(uow)

        self.unsaved.at_lock(window, record, self.lock_name(), kind=self.lock_kind)

    # -- writing -------------------------------------------------------------------------------

    def change(self, values: dict[str, Any], current: str | None) -> Callable[[Any], Any]:
        """The write of Save for the form's ``values`` over ``current`` (None: add a new
        record); it gets the unit of work. Used at the lock too (on another thread)."""
        raise NotImplementedError

    def save(self) -> None:
        """Add the record in the form, or save the changes to the one opened."""
        self._save(None)

    def _save(self, then: Callable[[], None] | None) -> None:
        """:meth:`save`, then ``then`` once saved (not when a field is refused)."""
        if self.busy or not self.may_save():
            return
        values, current = self.form.values(), self.current_id

        def done(result: Any) -> None:
            if current is None:
                self._added(result)
            else:
                self._own_save = current
                self.unsaved.loaded(values)  # what was typed meanwhile is still a change
                self.edited(current, result)
            if then is not None:
                then()

        self.submit(self.change(values, current), done)

    def _added(self, result: Any) -> None:
        """A new record is saved: empty the form and call :meth:`added`."""
        raise NotImplementedError

    def toggle_archived(self) -> None:
        """Archive the record opened, or bring an archived one back; changes in the form are
        asked about first (after Save, the saved record is archived)."""
        if self.current_id is None or self.busy or not self.may_save():
            return
        self.unsaved.leave(self._toggle_archived)

    def _toggle_archived(self) -> None:
        raise NotImplementedError

    def submit(self, change: Callable[[Any], Any], done: Callable[[Any], None]) -> None:
        """Run one write (``change`` gets the unit of work); ``done`` gets its result. Field
        errors from the form's earlier try are cleared first; a second Save while it runs is
        ignored by the callers' :attr:`busy` check."""
        self.form.clear_errors()
        self.banner.show_message("")
        self.busy = True
        self.write(change).success(self.settled(done)).failure(
            self.settled(self.failed)
        ).run_in_background()

    def added(self, row_id: str, text: str, changed: Any) -> None:
        """A new record is saved: the form is emptied (by the caller, so typing the next one
        cannot change it), the banner says so and the list shows where it is."""
        self.banner.show_message(text, "info")
        self._reveal = row_id
        self.state.notify(changed)
        self.saved.emit(row_id)

    def edited(self, row_id: str, changed: Any) -> None:
        self.banner.show_message(_("Nothing changed.") if changed.empty else _("Saved."), "info")
        self.state.notify(changed)
        self.saved.emit(row_id)

    def failed(self, error: BaseException) -> None:
        """A refused field: its message under it; anything else: the banner."""
        self.form.show_failure(error, self.banner)
