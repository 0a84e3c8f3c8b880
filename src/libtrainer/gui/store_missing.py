"""“The records folder is missing”: shown at start instead of the first-run wizard when the
folder this computer's settings remember holds no store any more (docs/decisions/0518).

A vanished folder is usually not a first start: a USB or network drive not connected, restore
software or a restored backup that put the disk back, a folder moved. The page names the
folder and offers "Look again", "Choose the folder…" and — only after a question — "Start
with a new, empty store". Nothing is created, moved or deleted here.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from libtrainer.i18n import _

from libtrainer.gui import fit
from libtrainer.gui.basics import Banner, heading


def missing_text(folder: Path) -> str:
    """Why ``folder`` is not a store (it is gone, empty of records, or only a store file)."""
    if (folder / "libtrainer.db").exists() and not (folder / "store.json").exists():
        from libtrainer.services.storefile import ORPHAN_STORE_FILE  # noqa: PLC0415 - rare

        return _(ORPHAN_STORE_FILE).format(path=folder)
    if folder.is_dir():
        return _(
            "The records folder {path} is there, but the records are not in it any more."
        ).format(path=folder)
    return _("The records folder {path} is not there.").format(path=folder)


class StoreMissingPage(QWidget):
    """Emits ``found(folder)`` when the records are there again (or chosen elsewhere), and
    ``start_new`` when the person confirmed starting with a new, empty store."""

    found = Signal(object)
    start_new = Signal()

    def __init__(self, folder: Path) -> None:
        super().__init__()
        self.folder = folder
        self.setObjectName("storeMissing")
        self.setWindowTitle(_("libtrainer — the records folder is missing"))
        self.title = heading(_("The records folder is missing"))
        self.reason = Banner(missing_text(folder), "error")
        self.reason.setObjectName("missingReason")
        self.advice = QLabel(
            _(
                "This computer kept its records in this folder until now. Is it on a USB "
                "stick, an external disk or a network drive that is not connected? Connect "
                "it and press “Look again”. Was the computer restored (restore-on-restart "
                "software, a backup put back)? Call the coordinator before going on. If the "
                "records are in another folder now, choose that folder."
            )
        )
        self.advice.setWordWrap(True)
        self.message = Banner(kind="info")
        self.message.setObjectName("missingMessage")
        self.look_again = QPushButton(_("&Look again"), objectName="lookAgain")
        self.look_again.setDefault(True)
        self.choose = QPushButton(_("&Choose the folder…"), objectName="chooseFolder")
        self.new_store = QPushButton(_("Start &again with no records…"), objectName="startNewStore")
        self.look_again.clicked.connect(self.look)
        self.choose.clicked.connect(self._choose)
        self.new_store.clicked.connect(self.ask_new_store)
        buttons = QHBoxLayout()
        buttons.addWidget(self.look_again)
        buttons.addWidget(self.choose)
        buttons.addStretch(1)
        buttons.addWidget(self.new_store)
        content = QWidget(objectName="missingContent")
        layout = QVBoxLayout(content)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in (self.title, self.reason, self.advice, self.message):
            layout.addWidget(widget)
        layout.addStretch(1)
        outer = QVBoxLayout(self)
        outer.addWidget(fit.scrolling(content, "missingScroll"), 1)  # buttons stay in sight
        outer.addLayout(buttons)
        fit.fit_window(self, 720, 420)

    def look(self) -> bool:
        """Look at the remembered folder again; True (and ``found``) when the records are
        there."""
        return self.try_folder(self.folder)

    def try_folder(self, folder: Path) -> bool:
        """Use ``folder`` when it holds a store; else say so (nothing is changed)."""
        from libtrainer.gui.app import has_store  # noqa: PLC0415 - app imports launching

        if has_store(folder):
            self.found.emit(folder)
            return True
        if folder == self.folder:
            self.reason.show_message(missing_text(folder), "error")
            self.message.show_message(
                _("Looked again: the records are still not in {path}.").format(path=folder),
                "info",
            )
        else:
            self.message.show_message(
                _(
                    "No records in {path}. Choose the folder that holds store.json and "
                    "libtrainer.db."
                ).format(path=folder),
                "warning",
            )
        return False

    def ask_folder(self) -> str:
        """The folder the person chooses ("" when cancelled)."""
        return QFileDialog.getExistingDirectory(
            self, _("Choose the records folder"), str(self.folder.parent)
        )

    def _choose(self) -> None:
        chosen = self.ask_folder()
        if chosen:
            self.try_folder(Path(chosen))

    def ask_new_store(self) -> None:
        """Ask before starting the first-run wizard for a new, empty store."""
        from libtrainer.gui.confirm import ConfirmDialog  # noqa: PLC0415 - rare

        question = ConfirmDialog(
            self,
            _("Start again with no records?"),
            _(
                "The records this computer kept in {path} are not opened. The first-start "
                "steps set this computer up again, with no records. Do this only when you are "
                "sure the old records are not needed or are safe with your coordinator."
            ).format(path=self.folder),
            _("Start &again"),
            "newStore",
        )
        question.accepted.connect(self.start_new)
        question.open()
        self.question = question
