"""Records already there, offered by the first-run wizard (docs/decisions/0518).

On a public PC whose profile is put back at every restart, the wizard starts every morning
although the records survive on a kept drive. :class:`FoundBox` (on the wizard's first page)
offers to open the stores found in the usual places (``services.storefind``) before anything
else, and "Open records in another folder…" for records kept anywhere else (a folder chooser;
no place to fill in first); the folder page offers the same for a folder typed or browsed to.
A store is named only by what its ``store.json`` says (branch, computer): nothing secret, no
person.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from libtrainer.domain.errors import N_
from libtrainer.i18n import _, ngettext
from libtrainer.services.storefind import FoundStore

from libtrainer.gui.basics import Banner


def place_text(found: FoundStore) -> str:
    """Which branch and computer the store is of, as far as ``store.json`` says."""
    names = [name for name in (found.branch, found.device) if name]
    return " — ".join(names) if names else _("branch not recorded")


def find_here(data_dir: Path) -> list[FoundStore]:
    """The stores in ``data_dir`` and in the usual places (``services.storefind``)."""
    from libtrainer.paths import data_dir as default_data_dir  # noqa: PLC0415
    from libtrainer.services import storefind  # noqa: PLC0415

    places = [str(data_dir), *storefind.usual_places(default_data_dir(None))]
    return storefind.find_stores(places)


def copy_text(store: FoundStore, newest: bool) -> str:
    """When a copy of a store found in several folders last changed, its drive, and whether
    it is the most recently changed one."""
    from libtrainer.i18n.format import format_datetime  # noqa: PLC0415 - Babel, only now

    parts = []
    if store.changed:
        when = dt.datetime.fromtimestamp(store.changed).astimezone()
        parts.append(_("Last changed: {when}.").format(when=format_datetime(when, "short")))
    kind = DRIVE_KINDS.get(store.drive)
    if kind is not None:
        parts.append(_("Drive: {kind}.").format(kind=_(kind)))
    if newest:
        parts.append(_("This is the most recently changed copy."))
    return " ".join(parts)


#: What the kinds of drive of ``storefind.drive_kind`` are called.
DRIVE_KINDS = {
    "fixed": N_("fixed disk (or a USB hard disk)"),
    "removable": N_("removable (USB stick, memory card)"),
    "network": N_("network drive"),
    "optical": N_("CD or DVD"),
}


class FoundBox(QWidget):
    """One "Open the records found in …" button per store found, and "Open records in another
    folder…"; emits ``chosen(folder)``. One store in several folders is said plainly, each copy
    with when it last changed and its drive: the person chooses (asking the coordinator when
    unsure: a branch has no IT help); none is picked for them."""

    chosen = Signal(object)

    def __init__(self, found: list[FoundStore]) -> None:
        super().__init__()
        from libtrainer.services import storefind  # noqa: PLC0415

        self.setObjectName("foundStores")
        self.groups = storefind.by_store(found)
        self.found = [store for group in self.groups for store in group]
        self.label = QLabel()
        self.label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 12, 0, 0)
        layout.addWidget(self.label)
        self.buttons: list[QPushButton] = []
        self.labels: list[QLabel] = []
        self.copies: list[Banner] = []  # one per store found in several folders
        self._newest: list[bool] = []
        for group in self.groups:
            if len(group) > 1:
                same = Banner(kind="warning")
                same.setObjectName(f"sameStore{len(self.copies)}")
                layout.addWidget(same)
                self.copies.append(same)
            newest = storefind.newest(group)
            for store in group:
                self._add_row(layout, store, several=len(group) > 1)
                self._newest.append(store is newest)
        self.elsewhere = QLabel(objectName="recordsElsewhere")
        self.elsewhere.setWordWrap(True)
        self.other = QPushButton(objectName="openOtherFolder")
        self.other.clicked.connect(self._choose)
        row = QHBoxLayout()
        row.addWidget(self.elsewhere, 1)
        row.addWidget(self.other)
        layout.addLayout(row)
        self.other_message = Banner(kind="warning")
        self.other_message.setObjectName("otherFolderMessage")
        layout.addWidget(self.other_message)
        self.label.setVisible(bool(found))

    def ask_folder(self) -> str:
        """The folder the person chooses ("" when cancelled)."""
        return QFileDialog.getExistingDirectory(self, _("Choose the records folder"))

    def _choose(self) -> None:
        chosen = self.ask_folder()
        if chosen:
            self.try_folder(Path(chosen))

    def try_folder(self, folder: Path) -> bool:
        """Open the records in ``folder`` (or in its ``libtrainer`` folder: a drive chosen
        whole) — ``chosen`` — or say why not; nothing in the folder is changed."""
        from libtrainer.services import storefind  # noqa: PLC0415

        for candidate in (folder, folder / storefind.PLAIN_NAME):
            if storefind.describe(candidate) is not None:
                self.other_message.show_message("")
                self.chosen.emit(candidate)
                return True
        if (folder / storefind.STORE_FILE).exists():  # without its store.json: never touched
            from libtrainer.services.storefile import ORPHAN_STORE_FILE  # noqa: PLC0415

            self.other_message.show_message(_(ORPHAN_STORE_FILE).format(path=folder), "error")
        else:
            self.other_message.show_message(
                _(
                    "No records in {path}. Choose the folder that holds store.json and "
                    "libtrainer.db."
                ).format(path=folder),
                "warning",
            )
        return False

    def _add_row(self, layout: QVBoxLayout, store: FoundStore, *, several: bool) -> None:
        i = len(self.buttons)
        label = QLabel(objectName=f"foundStore{i}")
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setProperty("several", several)
        button = QPushButton(objectName=f"openFound{i}")
        button.clicked.connect(lambda _on=False, f=store.folder: self.chosen.emit(f))
        row = QHBoxLayout()
        row.addWidget(label, 1)
        row.addWidget(button)
        layout.addLayout(row)
        self.labels.append(label)
        self.buttons.append(button)

    def retranslate(self) -> None:
        self.elsewhere.setText(
            _(
                "Were the records of this computer kept in another folder (another drive, a "
                "USB stick)? Open them instead of starting again."
            )
            if not self.found
            else _("Or open records kept in another folder:")
        )
        self.other.setText(_("Open records in another &folder…"))
        self.other.setAccessibleName(_("Open records in another folder"))
        self.label.setText(
            _(
                "Records are already on this computer. If this computer was set up before "
                "(for example, its settings are put back at every restart), open them instead "
                "of starting again:"
            )
        )
        several = [group for group in self.groups if len(group) > 1]
        for banner, group in zip(self.copies, several, strict=True):
            banner.show_message(
                ngettext(
                    "The same records are in {count} folder. Open the one this computer uses "
                    "(each says when it last changed); if you are not sure which, call the "
                    "coordinator before opening one.",
                    "The same records are in {count} folders. Open the one this computer uses "
                    "(each says when it last changed); if you are not sure which, call the "
                    "coordinator before opening one.",
                    len(group),
                ).format(count=len(group)),
                "warning",
            )
        rows = zip(self.labels, self.buttons, self.found, self._newest, strict=True)
        for label, button, store, newest in rows:
            text = _("Records found in {path} ({place})").format(
                path=store.folder, place=place_text(store)
            )
            if label.property("several"):
                text += "\n" + copy_text(store, newest)
            label.setText(text)
            button.setText(_("&Open these records"))
            button.setAccessibleName(
                _("Open the records found in {path} ({place})").format(
                    path=store.folder, place=place_text(store)
                )
            )
