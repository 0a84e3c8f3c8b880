"""Participants: search as you type (diacritics ignored), the person's form, their history.

The list is a lazy model over the ids that match; the name index (ids and folded names in the
language's alphabetical order) is loaded once in the background and searched on the reader
thread, one search at a time: keystrokes typed while a search runs collapse into one more
search for the latest text, so typing never queues stale work.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from libtrainer.domain.errors import ValidationError
from libtrainer.i18n import _

from libtrainer.gui import code_change, delete_rules, people_queries, unsaved
from libtrainer.gui.data_copy import DataCopy
from libtrainer.gui.deleting import DeleteFlow
from libtrainer.gui.models import LazyTableModel, select_row
from libtrainer.gui.operations import Job, error_text
from libtrainer.gui.participant_form import ParticipantForm
from libtrainer.gui.screens.base import Screen
from libtrainer.gui.widgets import table_view


def fetch_rows(job: Job, ids: list[str]) -> dict[str, Any]:
    with job.reader() as unit:
        return people_queries.participant_rows(unit.session, ids)


class ParticipantsScreen(Screen):
    key = "participants"
    #: Emitted with the search text once its results are in the model (tests, benchmarks).
    searched = Signal(str)

    def __init__(self, state: Any, title: str, parent: Any = None) -> None:
        super().__init__(state, title, parent)
        self.index: people_queries.NameIndex | None = None
        self.current_id: str | None = None
        self._loaded_code: str | None = None  # the code of the person in the form, as stored
        self.code_question: Any = None  # the confirm dialog of a change of code, while open
        self._searching = False
        self._wanted: str | None = None
        #: the name key and birth year a "may already be known" warning was given for: Save
        #: adds the person anyway only while the form still holds exactly those
        self._duplicate_ok: tuple[str, int | None] | None = None
        self._selecting = False  # the screen moves the list's selection itself
        self._may_erase = delete_rules.may_erase_people(state.role)
        self.search = QLineEdit(objectName="participantSearch")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._text_changed)
        self.count = QLabel(objectName="participantCount")
        self.model = LazyTableModel(self._headers(), fetch_rows, self)
        self.table = table_view("participantTable", self.model, (0, 1, 4), lazy=True)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        self.form = ParticipantForm()
        self.data_copy = DataCopy(self)
        self.unsaved = unsaved.UnsavedGuard(self)
        self.new_button = QPushButton(objectName="newParticipant")
        self.new_button.clicked.connect(lambda: self.new_participant())
        self.save_button = QPushButton(objectName="saveParticipant")
        self.save_button.clicked.connect(self.save)
        self.archive_button = QPushButton(objectName="archiveParticipant")
        self.archive_button.clicked.connect(self.archive)
        self.erase_button = QPushButton(objectName="eraseParticipant")
        self.erase_button.clicked.connect(self.erase)
        self.editing = QLabel(objectName="editingLabel")
        self.deleting = DeleteFlow(
            self, deleted=lambda _t: self._empty_form(), restored=self._restored
        )
        self.deleting.watch(self.table, "participant", self._table_id)
        self._layout()
        # Only once in the layout: a widget without a parent would open as a window of its own.
        # A lecturer may not erase people (decision 0515): the button is neither shown nor on.
        self.erase_button.setHidden(not self._may_erase)
        self.erase_button.setEnabled(False)
        self.retranslate()
        QShortcut(QKeySequence.StandardKey.Save, self, activated=self.save)
        self.search.returnPressed.connect(self.table.setFocus)
        self._empty_form()

    def _headers(self) -> list[str]:
        return [_("Family name"), _("Given name"), _("Birth year"), _("Code"), _("Branch")]

    def _layout(self) -> None:
        left = QWidget()
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        self.search_label = QLabel()
        self.search_label.setBuddy(self.search)
        column.addWidget(self.search_label)
        column.addWidget(self.search)
        column.addWidget(self.count)
        column.addWidget(self.table, 1)
        right = QWidget()
        side = QVBoxLayout(right)
        side.setContentsMargins(0, 0, 0, 0)
        side.addWidget(self.editing)
        side.addWidget(self.form, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addStretch(1)
        buttons.addWidget(self.erase_button)
        buttons.addWidget(self.archive_button)
        buttons.addWidget(self.save_button)
        side.addLayout(buttons)
        split = QSplitter()
        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        self.body.addWidget(split)
        self.setTabOrder(self.search, self.table)
        self.setTabOrder(self.table, self.form)

    def retranslate(self) -> None:
        self.search_label.setText(_("Find a pe&rson (no need for ą, č, š…)"))
        self.search.setPlaceholderText(_("Type part of a name or a code"))
        self.search.setAccessibleName(_("Find a person"))
        self.table.setAccessibleName(_("Participants"))
        self.new_button.setText(_("Ne&w person"))
        self.save_button.setText(_("&Save"))
        self.archive_button.setText(_("&Archive"))
        self.archive_button.setToolTip(_("Hide from everyday lists; kept for reports"))
        self.erase_button.setText(_("Delete for good…"))
        self.erase_button.setAccessibleName(_("Delete the person for good"))
        self.erase_button.setToolTip(
            _(
                "Erase the person's record, e.g. when they ask to be forgotten (or press Delete "
                "in the list). Archive keeps it for reports instead."
            )
        )

    def focus_first(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    # -- the list ------------------------------------------------------------------------------

    def refresh(self) -> None:
        def load(unit: Any) -> people_queries.NameIndex:
            return people_queries.participant_index(unit.session)

        self.read(load).success(self._index_loaded).run_in_background()

    def _index_loaded(self, index: people_queries.NameIndex) -> None:
        self.index = index
        self._wanted = self.search.text()
        if not self._searching:
            self._run_search()
        # The posting lists make later keystrokes fast; built on the reader thread after the
        # first search, so the list appears at once (searches queue behind it, in order).
        self.op(lambda job: index.build()).read_only().run_in_background()

    def _text_changed(self, text: str) -> None:
        self._wanted = text
        if not self._searching and self.index is not None:
            self._run_search()

    def _run_search(self) -> None:
        index = self.index
        if index is None:
            return
        text = self.search.text() if self._wanted is None else self._wanted
        self._wanted = None
        self._searching = True
        self.op(lambda job: index.search(text)).read_only().success(
            lambda ids: self._found(text, ids)
        ).failure(self._search_failed).run_in_background()

    def _search_failed(self, error: BaseException) -> None:
        self._searching = False
        self.banner.show_message(error_text(error), "error")

    def _found(self, text: str, ids: list[str]) -> None:
        self._searching = False
        if self._wanted is not None and self._wanted != text:
            self._run_search()
            return
        self._wanted = None
        self.model.set_ids(ids)
        if self.current_id is not None:  # the person in the form stays chosen in the list
            self._select(self.current_id)
        total = len(self.index.ids) if self.index else 0
        self.count.setText(_("{shown} of {total} people").format(shown=len(ids), total=total))
        self.searched.emit(text)

    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        row_id = self.model.id_at(current.row()) if current.isValid() else None
        if self._selecting or not row_id:
            return
        if row_id == self.current_id and self.has_changes():
            return  # the person in the form, chosen again: keep what was typed
        self._leave(lambda: self._open_row(row_id))

    def _select(self, row_id: str | None) -> None:
        """Show ``row_id`` (None: nobody) as the list's choice without opening it."""
        self._selecting = True
        try:
            select_row(self.table, self.model, row_id)
        finally:
            self._selecting = False

    def _open_row(self, row_id: str) -> None:
        self._select(row_id)
        self.open(row_id)

    # -- unsaved changes (gui/unsaved.py) ------------------------------------------------------

    def has_changes(self) -> bool:
        """The form's values differ from what was loaded into it (or last saved)."""
        return self.unsaved.changed()

    def save_question(self) -> str:
        """ "Save the changes to …?" about the person in the form (:class:`UnsavedGuard`)."""
        name = self.form_name() or None
        return unsaved.person_question(name, new=self.current_id is None)

    def form_name(self) -> str:
        """Whose changes the form holds: the name as stored, or as typed for a new person."""
        if self.current_id is not None:
            return self.editing.text()
        values = self.form.values()
        return f"{values['given_name']} {values['family_name']}".strip()

    def _leave(self, then: Callable[[], None]) -> bool:
        return self.unsaved.leave(then)

    def ask_before_close(self, close: Callable[[], None]) -> bool:
        """The window is closing: True when the form has changes and the question is asked
        (``close`` runs after Save or Don't save)."""
        return self.has_changes() and self.unsaved.leave(close)

    def save_before_lock(self, window: Any) -> None:
        """The window locks: save the form's changes in the background when no question is
        needed; else ``window`` tells after the next sign-in (:meth:`UnsavedGuard.at_lock`)."""
        if self.busy or not self.unsaved.changed():
            return
        record = unsaved.participant_lock_work(self, self._loaded_code, self._duplicate_ok)
        self.unsaved.at_lock(window, record, self.form_name() or _("the new person"))

    # -- the form ------------------------------------------------------------------------------

    def new_participant(self) -> None:
        """Empty the form for a new person (New person, Ctrl+N); changes in the form are asked
        about first."""

        def start() -> None:
            self._select(None)
            self._empty_form()

        self._leave(start)

    def _empty_form(self) -> None:
        self.current_id = None
        self._loaded_code = None
        self._duplicate_ok = None
        self.form.clear()
        self.unsaved.loaded()
        self.form.setCurrentIndex(0)
        self.editing.setText(_("New person"))
        self.archive_button.setEnabled(False)
        self.erase_button.setEnabled(False)
        self.data_copy.person_shown(False)
        self.banner.show_message("")
        self.form.given.setFocus()

    def _restored(self, target: Any) -> None:
        """An erasure was undone: show the person again, under the "brought back" message."""
        self._leave(lambda: self._open_row_keeping_banner(target.row_id))

    def _open_row_keeping_banner(self, row_id: str) -> None:
        self._select(row_id)
        self.open(row_id, keep_banner=True)

    def open(self, participant_id: str, *, keep_banner: bool = False) -> None:
        """Show one person in the form (as it is stored: what the form held is replaced).
        ``keep_banner``: the message shown stays (it is about this person)."""
        from libtrainer.services import participants  # noqa: PLC0415

        def load(unit: Any) -> tuple[Any, Any]:
            details = participants.get_participant(unit, participant_id)
            return details, people_queries.participant_history(unit.session, participant_id)

        def loaded(result: tuple[Any, Any]) -> None:
            details, history = result
            self.current_id = participant_id
            self._loaded_code = details.fields.get("code")
            self._duplicate_ok = None
            self.form.set_values(details.fields, details.target_groups)
            self.unsaved.loaded()
            self.form.set_history(history)
            name = f"{details.fields['given_name']} {details.fields['family_name']}"
            self.editing.setText(name)
            self.archive_button.setEnabled(True)
            self.erase_button.setEnabled(self._may_erase)
            self.data_copy.person_shown(True)
            if not keep_banner:
                self.banner.show_message("")

        self.read(load).success(loaded).run_in_background()

    def save(self) -> None:
        """Create or update the person in the form (a likely duplicate is asked about first)."""
        self._save(None)

    def _save(self, then: Callable[[], None] | None) -> None:
        """:meth:`save`, then ``then`` once saved (not when refused or a question stops it)."""
        from libtrainer.services import participants  # noqa: PLC0415

        if self.busy:
            return
        values = self.form.values()
        current = self.current_id
        if current is not None:
            if code_change.asks_first(self.state, current, self._loaded_code, values["code"]):
                self._ask_code_change(current, values, then)
                return
            self._save_edit(current, values, then)
            return
        self.busy = True
        seen = (
            participants.name_key(values["given_name"], values["family_name"]),
            values["birth_year"],
        )
        if self._duplicate_ok == seen:
            self._create(values, then)
            return

        def similar(unit: Any) -> list[Any]:
            return participants.find_similar(
                unit, values["given_name"], values["family_name"], values["birth_year"]
            )

        def checked(found: list[Any]) -> None:
            if not found:
                self._create(values, then)
                return
            self._duplicate_ok = seen
            people = people_queries.namesakes(found)
            self.banner.show_message(
                _(
                    "This person may already be known: {people}. Find them in the list, or press "
                    "Save again to add a new person anyway."
                ).format(people=people),
                "warning",
            )

        self.read(similar).success(self.settled(checked)).failure(
            self.settled(self._failed)
        ).run_in_background()

    def _ask_code_change(
        self, current: str, values: dict[str, Any], then: Callable[[], None] | None = None
    ) -> None:
        name = f"{values['given_name']} {values['family_name']}".strip()
        self.code_question = code_change.question(
            self, name, self._loaded_code or "", values["code"]
        )
        self.code_question.accepted.connect(lambda: self._save_edit(current, values, then))
        self.code_question.finished.connect(self._question_closed)
        self.code_question.open()

    def _question_closed(self, _result: int) -> None:
        self.code_question = None

    def _save_edit(
        self, current: str, values: dict[str, Any], then: Callable[[], None] | None = None
    ) -> None:
        """Save the form over the person ``current``; a new code goes through
        ``change_code`` (one unit of work: the person may move to the code's record)."""
        from libtrainer.services import participants  # noqa: PLC0415

        if self.busy:
            return
        fields = dict(values)
        code = fields.pop("code")
        self.busy = True
        self.write(lambda uow: participants.change_code(uow, current, code, **fields)).success(
            self.settled(lambda changed: self._edited(current, values, changed, then))
        ).failure(self.settled(self._failed)).run_in_background()

    def _create(self, values: dict[str, Any], then: Callable[[], None] | None = None) -> None:
        from libtrainer.services import participants  # noqa: PLC0415

        values = dict(values)
        given, family = values.pop("given_name"), values.pop("family_name")
        self.busy = True
        self.write(
            lambda uow: participants.create_participant(uow, given, family, **values)
        ).success(
            self.settled(lambda changed: self._created(f"{given} {family}".strip(), changed, then))
        ).failure(self.settled(self._failed)).run_in_background()

    def _created(self, name: str, changed: Any, then: Callable[[], None] | None = None) -> None:
        """A new person is saved: the form empties for the next one, so typing the next
        person can never write over the one just saved (they are in the list to open)."""
        self._empty_form()
        self.banner.show_message(
            _("Saved: {name}. The form is empty for the next person.").format(name=name), "info"
        )
        self.state.notify(changed)
        if then is not None:
            then()

    def _edited(
        self,
        participant_id: str,
        values: dict[str, Any],
        changed: Any,
        then: Callable[[], None] | None = None,
    ) -> None:
        moved = changed.created.get("participant")
        if moved:  # the code changed: the person is the new code's record now
            participant_id = moved[0]
            self.banner.show_message(code_change.done_text(values["code"]), "info")
        else:
            self.banner.show_message(_("Saved."), "info")
        self.current_id = participant_id
        self._loaded_code = values["code"]
        self._duplicate_ok = None
        self.unsaved.loaded(values)  # what was typed meanwhile is still a change
        self.editing.setText(f"{values['given_name']} {values['family_name']}".strip())
        self.archive_button.setEnabled(True)
        self.state.notify(changed)
        if then is not None:
            then()

    def _failed(self, error: BaseException) -> None:
        self.banner.show_message(error_text(error), "error")
        if isinstance(error, ValidationError):
            widget = getattr(self.form, _FIELD_WIDGETS.get(error.field, ""), None)
            if isinstance(widget, QWidget):
                self.form.setCurrentIndex(_FIELD_TABS.get(error.field, 0))
                widget.setFocus()

    def archive(self) -> None:
        """Archive the person in the form (changes in the form are asked about first)."""
        if self.current_id is not None:
            self._leave(self._archive)

    def _archive(self) -> None:
        from libtrainer.services import records  # noqa: PLC0415

        current = self.current_id
        if current is None:
            return
        self.write(lambda uow: records.archive(uow, "participant", current)).success(
            self._archived
        ).run_in_background()

    def _archived(self, changed: Any) -> None:
        self._empty_form()
        self.banner.show_message(_("Archived: kept for reports, hidden from lists."), "info")
        self.state.notify(changed)

    def _table_id(self) -> str | None:
        return self.model.id_at(self.table.currentIndex().row())

    def erase(self) -> None:
        """Ask whether to delete the person in the form for good (an erasure); nothing for a
        role that may not erase people (its button is hidden)."""
        if self._may_erase:
            self.deleting.ask("participant", self.current_id)

    def keyPressEvent(self, event: Any) -> None:  # noqa: N802
        if event.key() == Qt.Key.Key_Escape and self.search.text():
            self.search.clear()
            self.search.setFocus()
            return
        super().keyPressEvent(event)


_FIELD_WIDGETS = {
    "given_name": "given",
    "family_name": "family",
    "birth_year": "birth_year",
    "email": "email",
    "phone": "phone",
    "code": "code",
    "notes": "notes",
    "consent_date": "consent_given",
    "consent_basis": "consent_basis",
    "consent_text_version": "consent_version",
}
_FIELD_TABS = {"consent_date": 2, "consent_basis": 2, "consent_text_version": 2}
