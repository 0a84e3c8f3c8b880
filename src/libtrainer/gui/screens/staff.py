"""Staff: the people who lead groups and sessions and help at consultations — list, add
without a sign-in account, change, archive, bring back (docs/decisions/0111).

Administrators and coordinators change the list; librarians read it (lecturers choose from it
in their dialogs and do not get the screen). Whose details this computer may change is the
core's rule (``services.staff_rights``): everyone on the coordinator's computer and on one in
no region; on a region's branch computer its own branch's people, while the others are shown
read-only as the coordinator keeps them. A field the core refuses shows its message under that
field, which gets the keyboard focus.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QModelIndex
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from libtrainer.domain.rules import fold
from libtrainer.i18n import _

from libtrainer.gui import labels as L
from libtrainer.gui import unsaved
from libtrainer.gui.basics import add_row
from libtrainer.gui.models import ListTableModel
from libtrainer.gui.screens.listform import ListFormScreen
from libtrainer.gui.staff_form import StaffForm
from libtrainer.gui.widgets import table_view

ARCHIVED_COLUMN = 6


class StaffScreen(ListFormScreen):
    key = "staff"

    def __init__(self, state: Any, title: str, parent: Any = None) -> None:
        super().__init__(state, title, parent)
        self.keeper: Any = None  # services.staff_rights.Keeper, read with the list
        self.may_edit = False
        self._name = ""  # the name of the person in the form, as stored
        self.note = QLabel(objectName="staffNote")
        self.note.setWordWrap(True)
        self.note.setProperty("textFormat", "PlainText")
        self.find = QLineEdit(objectName="staffFind")
        self.find.setPlaceholderText(_("name, branch or e-mail"))
        self.find.setClearButtonEnabled(True)
        self.find.textChanged.connect(lambda _text: self._show_rows())
        self.show_archived = QCheckBox(_("Sho&w archived people"), objectName="showArchivedStaff")
        self.show_archived.setAccessibleName(_("Show archived people"))
        self.show_archived.toggled.connect(lambda _on: self.refresh())
        headers = [_("Family name"), _("Given name"), _("Role"), _("Branch"), _("E-mail")]
        self.model = ListTableModel([*headers, _("Sign-in account"), _("Archived")], self)
        self.table = table_view("staffTable", self.model, (3, 4))
        self.table.setAccessibleName(_("Staff"))
        self.form = StaffForm()
        self.new_button = QPushButton(_("&New person"), objectName="newStaff")
        self.archive_button = QPushButton(objectName="archiveStaff")
        self.save_button = QPushButton(_("&Save"), objectName="saveStaff")
        self.save_button.setAccessibleName(_("Save the staff member"))
        top = QWidget()
        top_row = QHBoxLayout(top)
        top_row.setContentsMargins(0, 0, 0, 0)
        finding = QWidget()
        find_row = QFormLayout(finding)
        find_row.setContentsMargins(0, 0, 0, 0)
        add_row(find_row, _("Fin&d"), self.find)
        top_row.addWidget(finding, 1)
        top_row.addWidget(self.show_archived)
        self.build(self.note, top, [self.find, self.show_archived], left_share=620)
        self.empty_form()
        self._set_editable()

    def focus_first(self) -> None:
        if self.may_edit and not self.items:
            self.form.given.setFocus()
        else:
            self.table.setFocus()

    # -- who may change what -------------------------------------------------------------------

    def _changeable(self, person: Any) -> bool:
        return self.may_edit and (person is None or person.changeable)

    def _set_editable(self) -> None:
        """Fields and buttons for the person shown (or the new one)."""
        person = self.items.get(self.current_id or "")
        editable = self._changeable(person)
        choose_branch = self.keeper is not None and self.keeper.whole_region
        self.form.set_editable(editable, branch=choose_branch)
        self.new_button.setVisible(self.may_edit)
        self.save_button.setVisible(self.may_edit)
        self.archive_button.setVisible(self.may_edit)
        self.save_button.setEnabled(editable)
        self.archive_button.setEnabled(editable and person is not None)

    def _note(self) -> str:
        from libtrainer.services import catalogue_rights  # noqa: PLC0415

        if not self.may_edit:
            return _(
                "Administrators and coordinators add and change staff. Lecturers and helpers "
                "are chosen from this list in groups, sessions and consultations."
            )
        accounts = _("People added here need no sign-in account.")
        if self.keeper.source == catalogue_rights.REGION:
            branch = self.state.device.branch_name if self.state.device else ""
            return (
                _(
                    "You change the staff of {branch}; the other branches' staff come from the "
                    "region's coordinator with each sync."
                ).format(branch=branch)
                + " "
                + accounts
            )
        if self.keeper.source == catalogue_rights.COORDINATOR:
            return (
                _("This is the region's staff list: branches receive it with their next sync.")
                + " "
                + accounts
            )
        return accounts + " " + _("Sign-in accounts are made under Settings ▸ Staff accounts.")

    # -- the list ------------------------------------------------------------------------------

    def refresh(self) -> None:
        from libtrainer.services import org, staff, staff_rights  # noqa: PLC0415

        archived = self.show_archived.isChecked()

        def load(unit: Any) -> tuple[list[Any], list[tuple[str, str]], Any]:
            people = staff.list_people(unit, include_archived=archived)
            # archived branches too: a person of one must not lose their branch on saving
            branches = [(b.id, b.name) for b in org.find_branches(unit, include_archived=True)]
            return people, branches, staff_rights.keeper(unit.connection)

        self.read(load).success(self._loaded).failure(self.failed).run_in_background()

    def _loaded(self, result: tuple[list[Any], list[tuple[str, str]], Any]) -> None:
        from libtrainer.services import staff_rights  # noqa: PLC0415

        people, branches, self.keeper = result
        typed = self.has_changes()
        self.may_edit = staff_rights.may_edit(self.state.role)
        self.form.set_branches(branches)
        before = self.items.get(self.current_id or "")
        self.items = {p.id: p for p in people}
        self.note.setText(self._note())
        self._show_rows()
        shown = self.current_id if self.current_id in self.items else None
        if shown is None and self.current_id is not None:
            self.record_gone()  # archived meanwhile, or gone with a sync
        elif shown is not None and self.items[shown] != before:
            self.record_changed(shown)  # saved, archived, synced
        elif shown is None and self.form.branch.code() is None:
            self.form.branch.set_code(self._home())  # the branches arrived with the list
        self._set_editable()
        if not typed:  # the branches, or the branch field opened, are no typing
            self.unsaved.loaded()
        self.reveal_added()

    def _show_rows(self) -> None:
        """The people matching the find field, the one shown in the form chosen in the list."""
        wanted = fold(self.find.text().strip())
        rows = [
            (p.id, self._cells(p))
            for p in self.items.values()
            if not wanted or wanted in fold(" ".join(str(c) for c in self._cells(p)))
        ]
        self.list_rows(rows, self.current_id)
        self.table.setColumnHidden(ARCHIVED_COLUMN, not self.show_archived.isChecked())

    @staticmethod
    def _cells(p: Any) -> tuple[str, ...]:
        if p.login is None:
            account = ""
        elif p.account_disabled:
            account = _("{login} (disabled)").format(login=p.login)
        else:
            account = p.login
        return (
            p.family_name,
            p.given_name,
            L.label(L.ROLES, p.role),
            p.branch,
            p.email or "",
            account,
            _("Yes") if p.archived else "",
        )

    def _home(self) -> str | None:
        return self.keeper.branch_id if self.keeper is not None else self.branch_id

    # -- the form ------------------------------------------------------------------------------

    def empty_form(self) -> None:
        """Empty the form for a new person at this computer's branch (New asks about changes
        first)."""
        self.current_id = None
        self._name = ""
        self.form.set_values(None, home=self._home())
        self.form.setTitle(_("New person"))
        self.table.setCurrentIndex(QModelIndex())  # nobody looks chosen in the list
        self.archive_button.setText(_("Ar&chive"))
        self._set_editable()
        if self.may_edit:
            self.form.given.setFocus()
        self.opened()

    def open(self, staff_id: str) -> None:
        """Show one person in the form (to read, or to change where allowed)."""
        p = self.items[staff_id]
        self.current_id = staff_id
        self._name = p.name
        self.form.set_values(p)
        title = _("{name} (archived)").format(name=p.name) if p.archived else p.name
        if self.may_edit and not p.changeable:
            title += " — " + _("kept by the region's coordinator")
        self.form.setTitle(title.replace("&", "&&"))  # a name, not a keyboard letter
        self.archive_button.setText(_("Bring bac&k") if p.archived else _("Ar&chive"))
        self._set_editable()
        self.opened()

    # -- unsaved changes (listform, gui/unsaved.py) --------------------------------------------

    def may_save(self) -> bool:
        return self._changeable(self.items.get(self.current_id or ""))

    def form_name(self) -> str:
        if self.current_id is not None:
            return self._name
        return f"{self.form.given.text().strip()} {self.form.family.text().strip()}".strip()

    def save_question(self) -> str:
        if self.current_id is not None:
            return unsaved.changes_question(self._name)
        return unsaved.person_question(self.form_name() or None, new=True)

    def lock_name(self) -> str:
        return self.form_name() or _("the new person")

    # -- writing -------------------------------------------------------------------------------

    def change(self, values: dict[str, Any], current: str | None) -> Callable[[Any], Any]:
        """``add_person`` for a new person, else ``edit_person``."""
        from libtrainer.services import staff  # noqa: PLC0415

        if current is None:
            fields = dict(values)
            names = fields.pop("given_name"), fields.pop("family_name"), fields.pop("role")
            return lambda uow: staff.add_person(uow, *names, **fields)
        return lambda uow: staff.edit_person(uow, current, **values)

    def _added(self, changed: Any) -> None:
        """A new person is saved: the form empties for the next one (so typing the next cannot
        change the one just added), and the list shows where they are."""
        name = f"{self.form.given.text().strip()} {self.form.family.text().strip()}"
        self.empty_form()
        text = _(
            "Added: {name}. They are offered as lecturer and helper; the form is empty for "
            "the next person."
        )
        self.added(changed.first("staff"), text.format(name=name), changed)

    def _toggle_archived(self) -> None:
        """Archive the person opened (no longer offered as lecturer or helper; past records
        and reports keep them), or bring an archived person back."""
        from libtrainer.services import staff  # noqa: PLC0415

        p = self.items.get(self.current_id or "")
        if p is None or self.busy or not self._changeable(p):
            return
        change = staff.unarchive_person if p.archived else staff.archive_person
        self.submit(lambda uow: change(uow, p.id), lambda changed: self._archived(p, changed))

    def _archived(self, p: Any, changed: Any) -> None:
        if p.archived:
            text = _("Brought back: {name}. They are offered as lecturer and helper again.")
        else:
            text = _(
                "Archived: {name}. Past groups, sessions and consultations keep them; they are "
                "no longer offered as lecturer or helper."
            )
        self.banner.show_message(text.format(name=p.name), "info")
        if not p.archived and not self.show_archived.isChecked():
            self.empty_form()
        self.state.notify(changed)
