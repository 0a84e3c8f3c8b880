"""Programmes: the catalogue new groups are made from — list, add, change, archive.

Who may change it (docs/decisions/0110, ``services.catalogue_rights``): on the coordinator's
computer its coordinators and administrators; on a computer in no region its administrator
(and a coordinator); on a branch or lecturer computer of a region nobody — the list is
read-only there and says the programmes come from the coordinator. A field the core refuses
shows its message under that field, which gets the keyboard focus.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QModelIndex
from PySide6.QtWidgets import QCheckBox, QLabel, QPushButton

from libtrainer.i18n import _
from libtrainer.i18n.format import format_hours

from libtrainer.gui import labels as L
from libtrainer.gui import unsaved
from libtrainer.gui.models import ListTableModel
from libtrainer.gui.programme_form import ProgrammeForm
from libtrainer.gui.screens.listform import ListFormScreen
from libtrainer.gui.widgets import table_view

ARCHIVED_COLUMN = 5


class ProgrammesScreen(ListFormScreen):
    key = "programmes"

    def __init__(self, state: Any, title: str, parent: Any = None) -> None:
        super().__init__(state, title, parent)
        self.source = ""  # services.catalogue_rights: coordinator | region | own
        self._name = ""  # the title of the programme in the form, as stored
        self.editable = False
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
        self.form = ProgrammeForm()
        self.new_button = QPushButton(_("&New programme"), objectName="newProgramme")
        self.archive_button = QPushButton(objectName="archiveProgramme")
        self.save_button = QPushButton(_("&Save"), objectName="saveProgramme")
        self.save_button.setAccessibleName(_("Save the programme"))
        # the titles need the room; the form wraps its chips
        self.build(self.note, self.show_archived, [self.show_archived], left_share=600)
        self.empty_form()
        self._set_editable(False)

    def focus_first(self) -> None:
        if self.editable and not self.items:
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

        self.read(load).success(self._loaded).failure(self.failed).run_in_background()

    def _loaded(self, result: tuple[list[Any], str]) -> None:
        from libtrainer.services import catalogue_rights  # noqa: PLC0415

        found, self.source = result
        typed = self.has_changes()
        self._set_editable(catalogue_rights.may_edit(self.source, self.state.role))
        self.note.setText(self._note())
        keep, before = self.current_id, self.items.get(self.current_id or "")
        self.items = {p.id: p for p in found}
        rows = [(p.id, self._cells(p)) for p in found]
        if keep not in self.items and not self.editable and found:
            keep_listed = found[0].id  # read-only: show the first programme's details
        else:
            keep_listed = keep
        row = self.list_rows(rows, keep_listed)
        self.table.setColumnHidden(ARCHIVED_COLUMN, not self.show_archived.isChecked())
        shown = self.model.id_at(row)
        if shown is None:
            if keep is not None:
                self.record_gone()  # archived or gone with a sync
            elif not self.editable:
                self.empty_form()
        elif shown != keep:
            self.open(shown)  # read-only: the first programme
        elif self.items[shown] != before:
            self.record_changed(shown)  # saved, archived, synced
        if not typed:  # a shape the list brought (a field opened) is no typing
            self.unsaved.loaded()
        self.reveal_added()

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

    # -- the form ------------------------------------------------------------------------------

    def empty_form(self) -> None:
        """Empty the form for a new programme (New asks about changes first)."""
        self.current_id = None
        self._name = ""
        self.form.set_values(None)
        self.form.setTitle(_("New programme"))
        self.table.setCurrentIndex(QModelIndex())  # no programme looks chosen in the list
        self.archive_button.setText(_("Ar&chive"))
        self.archive_button.setEnabled(False)
        if self.editable:
            self.form.title_lt.setFocus()
        self.opened()

    def open(self, programme_id: str) -> None:
        """Show one programme in the form (to read, or to change where allowed)."""
        p = self.items[programme_id]
        self.current_id = programme_id
        self._name = p.title
        self.form.set_values(p)
        title = p.title + (_(" (archived)") if p.archived else "")
        self.form.setTitle(title.replace("&", "&&"))  # a title, not a keyboard letter
        self.archive_button.setText(_("&Bring back") if p.archived else _("Ar&chive"))
        self.archive_button.setEnabled(self.editable)
        self.opened()

    # -- unsaved changes (listform, gui/unsaved.py) --------------------------------------------

    def may_save(self) -> bool:
        return self.editable

    def form_name(self) -> str:
        return self._name if self.current_id is not None else self.form.typed_title()

    def save_question(self) -> str:
        if self.current_id is not None:
            return unsaved.changes_question(self._name)
        title = self.form.typed_title()
        if title:
            return _("Save the new programme {title}?").format(title=title)
        return _("Save the new programme?")

    def lock_name(self) -> str:
        return self.form_name() or _("the new programme")

    lock_kind = "programme"

    # -- writing -------------------------------------------------------------------------------

    def change(self, values: dict[str, Any], current: str | None) -> Callable[[Any], Any]:
        """``add_programme`` for a new programme, else ``edit_programme``."""
        from libtrainer.services import programmes  # noqa: PLC0415

        if current is None:
            fields = dict(values)
            hours = fields.pop("academic_hours")
            return lambda uow: programmes.add_programme(uow, hours, **fields)
        return lambda uow: programmes.edit_programme(uow, current, **values)

    def _added(self, result: Any) -> None:
        """A new programme is saved: the form empties for the next one (so typing the next
        cannot change the one just added), and the list shows where it is."""
        title = self.form.typed_title()
        self.empty_form()
        text = _("Programme added: {title}. The form is empty for the next one.")
        self.added(result.id, text.format(title=title), result)

    def _toggle_archived(self) -> None:
        """Archive the programme opened (no longer offered for new groups; groups keep it and
        reports count it), or bring an archived one back."""
        from libtrainer.services import records  # noqa: PLC0415

        p = self.items.get(self.current_id or "")
        if p is None or self.busy or not self.editable:
            return
        change = records.unarchive if p.archived else records.archive
        self.submit(
            lambda uow: change(uow, "programme", p.id),
            lambda changed: self._archived(p, changed),
        )

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
            self.empty_form()
        self.state.notify(changed)
