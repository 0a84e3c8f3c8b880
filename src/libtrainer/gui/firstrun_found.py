"""Records already there, offered by the first-run wizard (docs/decisions/0518).

On a public PC whose profile is put back at every restart, the wizard starts every morning
although the records survive on a kept drive. :class:`FoundBox` (on the wizard's first page)
offers to open the stores found in the usual places (``services.storefind``) before anything
else; the folder page offers the same for a folder typed or browsed to. A store is named only
by what its ``store.json`` says (branch, computer): nothing secret, no person.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from libtrainer.i18n import _
from libtrainer.services.storefind import FoundStore


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


class FoundBox(QWidget):
    """One "Open the records found in …" button per store found; emits ``chosen(folder)``."""

    chosen = Signal(object)

    def __init__(self, found: list[FoundStore]) -> None:
        super().__init__()
        self.setObjectName("foundStores")
        self.found = found
        self.label = QLabel()
        self.label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 12, 0, 0)
        layout.addWidget(self.label)
        self.buttons: list[QPushButton] = []
        self.labels: list[QLabel] = []
        for i, store in enumerate(found):
            label = QLabel(objectName=f"foundStore{i}")
            label.setWordWrap(True)
            label.setTextFormat(Qt.TextFormat.PlainText)
            button = QPushButton(objectName=f"openFound{i}")
            button.clicked.connect(lambda _on=False, f=store.folder: self.chosen.emit(f))
            row = QHBoxLayout()
            row.addWidget(label, 1)
            row.addWidget(button)
            layout.addLayout(row)
            self.labels.append(label)
            self.buttons.append(button)
        self.setVisible(bool(found))

    def retranslate(self) -> None:
        self.label.setText(
            _(
                "Records are already on this computer. If this computer was set up before "
                "(for example, its settings are put back at every restart), open them instead "
                "of starting again:"
            )
        )
        for label, button, store in zip(self.labels, self.buttons, self.found, strict=True):
            label.setText(
                _("Records found in {path} ({place})").format(
                    path=store.folder, place=place_text(store)
                )
            )
            button.setText(_("&Open these records"))
            button.setAccessibleName(
                _("Open the records found in {path} ({place})").format(
                    path=store.folder, place=place_text(store)
                )
            )
