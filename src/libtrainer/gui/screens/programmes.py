"""Programmes: the catalogue new groups are made from — list, add, change, archive.

Who may change it (docs/decisions/0110, ``services.catalogue_rights``): on the coordinator's
computer its coordinators and administrators; on a computer in no region its administrator
(and a coordinator); on a branch or lecturer computer of a region nobody — the list is
read-only there and says the programmes come from the coordinator. A field the core refuses
shows its message under that field, which gets the keyboard focus.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from libtrainer.i18n import _
from libtrainer.i18n.format import format_hours

from libtrainer.gui import labels as L
from libtrainer.gui.models import ListTableModel
from libtrainer.gui.programme_form import ProgrammeForm
from libtrainer.gui.screens.base import Screen
from libtrainer.gui.widgets import table_view

ARCHIVED_COLUMN = 5


class ProgrammesScreen(Screen):
    key = "programmes"
    saved = Signal(str)  # the id of the programme added or changed (tests)

    def __init__(self, state: Any, title: str, parent: Any = None) -> None:
        super().__init__(state, title, parent)
        self.source = ""  # services.catalogue_rights: coordinator | region | own
        self.editable = False
        self.current_id: str | None = None
        self._reveal: str | None = None  # a programme just added: scrolled into view
        self._programmes: dict[str, Any] = {}
        self.note = QLabel(objectName="catalogueNote")
        self.note.setWordWrap(True)
        self.note.setProperty("textFormat", "PlainText")
        self.show_archived = QCheckBox(_("Sho&w archived"), objectName="showArchived")
        self.show_archived.setAccessibleName(_("Show archived"))
        self.show_archived.toggled.connect(lambda _on: self.refresh())
        self.model = ListTableModel(
            [_("Title"), _("Code"), _("Level"), _("Hours"), _("Audience"), _("Archived")],
            self,
        )
        self.table = table_view("programmeTable", self.model, (0,))
        self.table.setAccessibleName(_("Programmes"))
        self.table.setColumnHidden(ARCHIVED_COLUMN, True)
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        self.form = ProgrammeForm()
        self.form.submit.connect(self.save)
        self.new_button = QPushButton(_("&New programme"), objectName="newProgramme")
        self.new_button.clicked.connect(self.new_programme)
        self.archive_button = QPushButton(objectName="archiveProgramme")
        self.archive_button.clicked.connect(self.toggle_archived)
        self.save_button = QPushButton(_("&Save"), objectName="saveProgramme")
        self.save_button.setAccessibleName(_("Save the programme"))
        self.save_button.clicked.connect(self.save)
        self._layout()
        QShortcut(QKeySequence.StandardKey.Save, self, activated=self.save)
        self.new_programme()
        self._set_editable(False)

    def _layout(self) -> None:
        left = QWidget()
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.show_archived)
        column.addWidget(self.table, 1)
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
        split.setSizes([600, 400])  # the titles need the room; the form wraps its chips
        self.body.addWidget(self.note)
        self.body.addWidget(split, 1)
        order = [
            self.show_archived,
            self.table,
            *self.form.focus_chain(),
            self.save_button,
            self.new_button,
            self.archive_button,
        ]
        for first, second in zip(order, order[1:]):
            QWidget.setTabOrder(first, second)

    def focus_first(self) -> None:
        if self.editable and not self._programmes:
            self.form.title_lt.setFocus()
        else:
            self.table.setFocus()

    # -- who may change it ---------------------------------------------------------------------

    def _set_editable(self, editable: bool) -> None:
        self.editable = editable
        self.form.set_editable(editable)
        for button in (self.new_button, self.save_button, self.archive_button):
            button.setVisible(editable)
        self.archive_button.setEnabled(editable and self.current_id is not None)

    def _note(self) -> str:
        from libtrainer.services import catalogue_rights as rights  # noqa: PLC0415

        if self.source == rights.REGION:
            return _(
                "The programmes come from the region's coordinator with each sync; they are "
                "added and changed on the coordinator's computer."
            )
        if self.source == rights.COORDINATOR:
            if self.editable:
                return _(
                    "This is the region's catalogue: branches receive it with their next sync."
                )
            return _("This is the region's catalogue: coordinators and administrators change it.")
        if self.editable:
            return _(
                "This computer is not part of a region, so its programmes are made here. Once "
                "it joins a region, programmes come from the region's coordinator."
            )
        return _("An administrator of this computer adds and changes the programmes.")

    # -- the list ------------------------------------------------------------------------------

    def refresh(self) -> None:
        from libtrainer.services import catalogue_rights, programmes  # noqa: PLC0415

        archived = self.show_archived.isChecked()

        def load(unit: Any) -> tuple[list[Any], str]:
            found = programmes.list_programmes(unit, include_archived=archived)
            return found, catalogue_rights.catalogue_source(unit.connection)

        self.read(load).success(self._loaded).failure(self._failed).run_in_background()

    def _loaded(self, result: tuple[list[Any], str]) -> None:
        from libtrainer.services import catalogue_rights  # noqa: PLC0415

        found, self.source = result
        self._set_editable(catalogue_rights.may_edit(self.source, self.state.role))
        self.note.setText(self._note())
        keep, before = self.current_id, self._programmes.get(self.current_id or "")
        self._programmes = {p.id: p for p in found}
        selection = self.table.selectionModel()
        selection.blockSignals(True)  # re-selecting must not overwrite what is being typed
        self.model.set_rows([(p.id, self._cells(p)) for p in found])
        row = self.model.row_of(keep) if keep else -1
        if row < 0 and not self.editable and found:
            row = 0  # read-only: show the first programme's details
        if row >= 0:
            self.table.setCurrentIndex(self.model.index(row, 0))
        selection.blockSignals(False)
        self.table.setColumnHidden(ARCHIVED_COLUMN, not self.show_archived.isChecked())
        shown = self.model.id_at(row)
        if shown is None:
            if keep is not None or not self.editable:
                self.new_programme()
        elif shown != keep or self._programmes[shown] != before:
            self.open(shown)  # another programme, or this one changed (saved, archived, synced)
        reveal, self._reveal = self._reveal, None
        if reveal is not None and self.model.row_of(reveal) >= 0:
            self.table.scrollTo(self.model.index(self.model.row_of(reveal), 0))

    @staticmethod
    def _cells(p: Any) -> tuple[Any, ...]:
        return (
            p.title,
            p.code or "",
            L.label(L.LEVELS, p.level),
            format_hours(p.academic_hours),
            L.label(L.AUDIENCES, p.audience),
            _("Yes") if p.archived else "",
        )

    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        row_id = self.model.id_at(current.row()) if current.isValid() else None
        if row_id is not None and row_id in self._programmes:
            self.open(row_id)

    # -- the form ------------------------------------------------------------------------------

    def new_programme(self) -> None:
        """Empty the form for a new programme."""
        self.current_id = None
        self.form.set_values(None)
        self.form.setTitle(_("New programme"))
        self.table.setCurrentIndex(QModelIndex())  # no programme looks chosen in the list
        self.archive_button.setText(_("Ar&chive"))
        self.archive_button.setEnabled(False)
        if self.editable:
            self.form.title_lt.setFocus()

    def open(self, programme_id: str) -> None:
        """Show one programme in the form (to read, or to change where allowed)."""
        p = self._programmes[programme_id]
        self.current_id = programme_id
        self.form.set_values(p)
        title = p.title + (_(" (archived)") if p.archived else "")
        self.form.setTitle(title.replace("&", "&&"))  # a title, not a keyboard letter
        self.archive_button.setText(_("&Bring back") if p.archived else _("Ar&chive"))
        self.archive_button.setEnabled(self.editable)

    # -- writing -------------------------------------------------------------------------------

    def save(self) -> None:
        """Add the programme in the form, or save the changes to the one opened."""
        from libtrainer.services import programmes  # noqa: PLC0415

        if self.busy or not self.editable:
            return
        values, current = self.form.values(), self.current_id
        self.form.clear_errors()
        self.banner.show_message("")
        self.busy = True
        if current is None:
            hours = values.pop("academic_hours")
            self.write(lambda uow: programmes.add_programme(uow, hours, **values)).success(
                self.settled(self._added)
            ).failure(self.settled(self._failed)).run_in_background()
            return
        self.write(lambda uow: programmes.edit_programme(uow, current, **values)).success(
            self.settled(lambda changed: self._edited(current, changed))
        ).failure(self.settled(self._failed)).run_in_background()

    def _added(self, result: Any) -> None:
        """A new programme is saved: the form empties for the next one (so typing the next
        cannot change the one just added), and the list shows where it is."""
        title = self.form.typed_title()
        self.new_programme()
        self.banner.show_message(
            _("Programme added: {title}. The form is empty for the next one.").format(title=title),
            "info",
        )
        self._reveal = result.id
        self.state.notify(result)
        self.saved.emit(result.id)

    def _edited(self, programme_id: str, changed: Any) -> None:
        self.banner.show_message(_("Nothing changed.") if changed.empty else _("Saved."), "info")
        self.state.notify(changed)
        self.saved.emit(programme_id)

    def toggle_archived(self) -> None:
        """Archive the programme opened (no longer offered for new groups; groups keep it and
        reports count it), or bring an archived one back."""
        from libtrainer.services import records  # noqa: PLC0415

        p = self._programmes.get(self.current_id or "")
        if p is None or self.busy or not self.editable:
            return
        change = records.unarchive if p.archived else records.archive
        self.busy = True
        self.write(lambda uow: change(uow, "programme", p.id)).success(
            self.settled(lambda changed: self._archived(p, changed))
        ).failure(self.settled(self._failed)).run_in_background()

    def _archived(self, p: Any, changed: Any) -> None:
        if p.archived:
            text = _("Brought back: {title}. It is offered for new groups again.")
        else:
            text = _(
                "Archived: {title}. Groups keep it and reports count it; it is no longer "
                "offered for new groups."
            )
        self.banner.show_message(text.format(title=p.title), "info")
        if not p.archived and not self.show_archived.isChecked():
            self.new_programme()
        self.state.notify(changed)

    def _failed(self, error: BaseException) -> None:
        """A refused field: its message under it; anything else: the banner."""
        self.form.show_failure(error, self.banner)
