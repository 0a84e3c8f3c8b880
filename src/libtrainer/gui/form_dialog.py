"""A dialog of one form: a heading, labelled fields, a message line and Save/Cancel.

It writes through one operation on Save and stays open when the core refuses: a field made
with :meth:`FormDialog.field_row` shows the core's message for that field under it (and gets
the keyboard), anything else shows in the message line. Tab runs down the fields, then to Save
and Cancel.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from libtrainer.i18n import _

from libtrainer.gui import fit
from libtrainer.gui.field_form import add_error_row
from libtrainer.gui.operations import Operation, error_text
from libtrainer.gui.widgets import Banner, heading


class FormDialog(QDialog):
    """A titled form with OK/Cancel and a message line; ``finished_ok(changed)`` on success.
    Rows made with :meth:`field_row` show the core's message for their field under them."""

    finished_ok = Signal(object)

    def __init__(self, title: str, parent: Any = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self._errors: dict[str, tuple[QLabel, QWidget]] = {}
        self._labels: dict[str, str] = {}  # each field's row label, without its "&"
        #: its Save is being written: closing or locking the window waits for it (gui.save_wait)
        self.saving = False
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.message = Banner(kind="error")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(_("&Save"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        fields = QWidget(objectName="formFields")
        fields.setLayout(self.form)
        self.form.setContentsMargins(0, 0, 0, 0)
        layout = QVBoxLayout(self)
        layout.addWidget(heading(title))
        # A tall form scrolls on a small screen; the message and the buttons stay in sight.
        self.scroll = fit.scrolling(fields, "formScroll")
        layout.addWidget(self.scroll, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        fit.fit_window(self, 520)  # room for a long topic, name or message in lt and lv

    def showEvent(self, event: Any) -> None:  # noqa: N802
        """The cursor starts in the first field and Tab runs down the form, then to Save and
        Cancel (the buttons were made first, so Qt's own order would start on Save)."""
        super().showEvent(event)
        fields = self._fields()
        chain = [*fields, self.ok, self.buttons.button(QDialogButtonBox.StandardButton.Cancel)]
        for first, second in zip(chain, chain[1:]):
            QWidget.setTabOrder(first, second)
        if fields:
            fields[0].setFocus()

    def _fields(self) -> list[QWidget]:
        """The form's field widgets that take the keyboard, top to bottom."""
        found: list[QWidget] = []
        for row in range(self.form.rowCount()):
            item = self.form.itemAt(row, QFormLayout.ItemRole.FieldRole)
            widget = item.widget() if item is not None else None
            if widget is None:
                continue
            if widget.focusPolicy() != Qt.FocusPolicy.NoFocus:
                candidates = [widget]
            else:  # a row of several inputs (a date and a "known" box)
                direct = Qt.FindChildOption.FindDirectChildrenOnly
                candidates = widget.findChildren(QWidget, options=direct)
            found.extend(
                w for w in candidates if w.focusPolicy() != Qt.FocusPolicy.NoFocus and w.isEnabled()
            )
        return found

    def field_row(self, field: str, text: str, widget: QWidget) -> QLabel:
        """A labelled row for the core's ``field``, with its error line under it (hidden)."""
        label, error = add_error_row(self.form, field, text, widget, widget)
        self._errors[field] = (error, widget)
        self._labels[field] = text.replace("&&", "\0").replace("&", "").replace("\0", "&")
        return label

    def field_error(self, field: str) -> str:
        """The message shown under ``field`` ("" when none)."""
        error = self._errors.get(field)
        return error[0].text() if error is not None and not error[0].isHidden() else ""

    def clear_errors(self) -> None:
        for error, widget in self._errors.values():
            error.clear()
            error.hide()
            widget.setAccessibleDescription("")

    def run_write(self, fn: Callable[[Any], Any]) -> None:
        def work(job: Any) -> Any:
            return fn(job)

        self.clear_errors()
        self.ok.setEnabled(False)
        self.saving = True
        future = Operation(self, work).success(self._ok).failure(self._failed).run_in_background()
        if future.cancelled():  # the app is closing: nothing runs
            self.saving = False

    def _ok(self, changed: Any) -> None:
        self.saving = False
        self.finished_ok.emit(changed)
        self.accept()

    def _failed(self, error: BaseException) -> None:
        """A refused field: its message under it, and the keyboard there; else the message
        line."""
        from libtrainer.domain.errors import ValidationError  # noqa: PLC0415

        self.saving = False
        self.ok.setEnabled(True)
        if isinstance(error, ValidationError) and error.field in self._labels:
            # the field as this form labels it ("Group name"), not the core's generic "Name"
            error.params = {"field_label": self._labels[error.field], **error.params}
        text = error_text(error)
        found = self._errors.get(error.field) if isinstance(error, ValidationError) else None
        if found is None:
            self.message.show_message(text, "error")
            return
        label, widget = found
        label.setText(text)
        label.show()
        widget.setAccessibleDescription(text)
        widget.setFocus()
        fit.scroll_to(self.scroll, widget, label)  # the form may scroll on a small screen

    def submit(self) -> None:  # pragma: no cover - every dialog overrides it
        raise NotImplementedError

    def lock_work(self) -> tuple[Callable[[Any], Any], str, str] | None:
        """What the window saves when it locks with this dialog open (decision 0516): the
        write of Save, whose changes (a name) and what they are (a ``kind`` of
        :func:`gui.unsaved.not_saved_at_lock`); None: nothing typed, or nothing to save."""
        return None

    def save_before_lock(self, window: Any) -> None:
        """The window locks with this dialog open: what was typed is saved in the background
        on ``window`` when valid; else ``window`` tells why after the next sign-in (never on
        the sign-in panel)."""
        from libtrainer.gui.unsaved import save_at_lock  # noqa: PLC0415 - at the lock only

        if not self.isVisible():
            return  # closed (saved, or cancelled): it lingers until deleted, holding nothing
        if self.saving or not self.ok.isEnabled():
            return  # its Save is still running (the lock waited long enough): left to it
        work = self.lock_work()
        if work is not None:
            record, name, kind = work
            save_at_lock(window, record, name, kind=kind)
