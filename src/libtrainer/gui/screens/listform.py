"""A list on the left, the chosen record's form on the right: the shape of Programmes and Staff.

What the two screens share lives here: the split layout with New / Archive / Save under the
form and their keyboard order, choosing a record in the list, the one-save-at-a-time rule for
writes, "Saved." / "Nothing changed.", scrolling a record just added into view, and showing a
refused field under the field. Each screen keeps its own fields, rules, texts and services.
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
from libtrainer.gui.models import ListTableModel
from libtrainer.gui.screens.base import Screen


class ListFormScreen(Screen):
    """Subclasses set :attr:`model`, :attr:`table`, :attr:`form` and the three buttons, then call
    :meth:`build`; they implement :meth:`open` (show one record of :attr:`items` in the form)
    and :meth:`save`."""

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
        if row_id is not None and row_id in self.items:
            self.open(row_id)

    def open(self, row_id: str) -> None:
        """Show one record in the form."""
        raise NotImplementedError

    # -- writing -------------------------------------------------------------------------------

    def save(self) -> None:
        """Add the record in the form, or save the changes to the one opened."""
        raise NotImplementedError

    def toggle_archived(self) -> None:
        """Archive the record opened, or bring an archived one back."""
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
