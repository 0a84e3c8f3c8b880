"""A question before a step that is hard to undo: plain words, the action named on its button,
and Cancel as the default button, so Enter never confirms by accident."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout

from libtrainer.i18n import _

from libtrainer.gui import fit
from libtrainer.gui.widgets import heading


class ConfirmDialog(QDialog):
    """``title`` as heading, ``text`` (plain text), ``action`` and Cancel. Object names start
    with ``prefix``: ``<prefix>Dialog``, ``…Explanation``, ``…Confirm``, ``…Cancel``. Open it
    with ``open()`` (window-modal, not blocking) and connect ``accepted``."""

    def __init__(
        self,
        parent: Any,
        title: str,
        text: str,
        action: str,
        prefix: str,
        *,
        action_name: str | None = None,
        text_name: str | None = None,
        width: int = 480,
    ) -> None:
        super().__init__(parent)
        self.setObjectName(f"{prefix}Dialog")
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.setAccessibleDescription(text)
        self.text = QLabel(text, objectName=f"{prefix}Explanation")
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        self.text.setAccessibleName(text_name or title)
        self.text.setAccessibleDescription(text)
        self.text.setMinimumWidth(fit.readable_width(self, width))
        buttons = QDialogButtonBox()
        self.confirm = buttons.addButton(action, QDialogButtonBox.ButtonRole.AcceptRole)
        self.confirm.setObjectName(f"{prefix}Confirm")
        self.confirm.setAccessibleName(action_name or action.replace("&", ""))
        self.confirm.setAutoDefault(False)
        self.cancel = buttons.addButton(_("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        self.cancel.setObjectName(f"{prefix}Cancel")
        self.cancel.setAccessibleName(_("Cancel"))
        self.cancel.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading(title))
        layout.addWidget(self.text)
        layout.addWidget(buttons)
        fit.fit_window(self)
        self.cancel.setFocus()
