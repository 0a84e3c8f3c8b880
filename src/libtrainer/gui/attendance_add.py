"""Adding a person from the attendance sheet (a part of :class:`AttendanceDialog`).

Before creating someone the sheet looks for the same name and birth year and, if found, asks
whether it is that person. Adding is saved at once, the person and their place in the group
(one transaction: never a new person left off the group); only their tick waits for the
sheet's Save, and "Close without saving" leaves them in the group and says so (decision 0517).
A second new person identical to one added on the same sheet is refused. A new person typed
when the app locks is added as Add would add them, or told after the next sign-in why not
(:meth:`AddingPeople.add_before_lock`, decision 0516).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QListView, QPushButton

from libtrainer.domain import namesakes, rules
from libtrainer.domain.namesakes import Namesake
from libtrainer.i18n import N_, _, gendered

from libtrainer.gui.attendance_parts import ID_ROLE, FoldFilter, NewPersonRow
from libtrainer.gui.operations import Operation, error_text
from libtrainer.gui.widgets import Banner

if TYPE_CHECKING:
    from PySide6.QtGui import QStandardItemModel
    from PySide6.QtWidgets import QLineEdit

    from libtrainer.gui import queries


class AddingPeople:
    """The "new participant" row's work; mixed into the sheet, whose widgets it uses. Runs
    on the GUI thread; the store is reached through operations."""

    header: queries.SessionHeader | None
    held: bool
    model: QStandardItemModel
    proxy: FoldFilter
    list: QListView
    filter: QLineEdit
    new_row: NewPersonRow
    warning: Banner
    message: Banner
    use_existing: QPushButton
    add_anyway: QPushButton
    _adding: bool
    _writing: bool
    session_id: str
    _pending_duplicate: tuple[dict[str, Any], list[Any]] | None
    _added_here: dict[str, tuple[str, str, int | None]]
    _added_names: dict[str, str]

    if TYPE_CHECKING:  # the sheet's own (only declared here: Qt's parent() must stay Qt's)

        def _items(self) -> list[Any]: ...
        def _append(self, person: Namesake, mark: str, *, retell: bool = True) -> None: ...
        def set_mark(self, item: Any, mark: str) -> None: ...
        def _count(self, *_args: Any) -> None: ...
        def parent(self) -> Any: ...

    def add_person(self) -> None:
        """Look for a likely duplicate first; add the person when there is none."""
        from libtrainer.services import participants  # noqa: PLC0415

        if self._adding:
            return
        self.message.show_message("")  # an earlier "added" must not stand next to a new answer
        values = self.new_row.values()
        try:
            given = rules.clean_name("given_name", values["given_name"])
            family = rules.clean_name("family_name", values["family_name"])
        except Exception as error:  # noqa: BLE001 - a ValidationError, shown in the dialog
            self.message.show_message(error_text(error), "error")
            return
        if self._refuse_added_twice(values):
            return

        def similar(job: Any) -> list[Any]:
            with job.reader() as unit:
                return participants.find_similar(unit, given, family, values["birth_year"])

        def checked(found: list[Any]) -> None:
            self._adding = False
            known = {self.model.item(r).data(ID_ROLE) for r in range(self.model.rowCount())}
            if found:
                self._pending_duplicate = (values, found)
                self._show_duplicate(found, already=[p.id in known for p in found])
            else:
                self._create(values)

        self._adding = True
        Operation(self, similar).read_only().success(checked).failure(
            self._add_failed
        ).run_in_background()

    @staticmethod
    def _same_key(values: dict[str, Any]) -> tuple[str, str, int | None]:
        given, family = (" ".join(str(values[k]).split()) for k in ("given_name", "family_name"))
        return rules.fold(given), rules.fold(family), values.get("birth_year")

    def _added_before(self, values: dict[str, Any]) -> str | None:
        """The id of someone added on this sheet with the name (and a birth year that does
        not differ) of ``values``, or None."""
        given, family, year = self._same_key(values)
        return next(
            (
                pid
                for pid, (g, f, y) in self._added_here.items()
                if (g, f) == (given, family) and (year is None or y is None or year == y)
            ),
            None,
        )

    def _refuse_added_twice(self, values: dict[str, Any]) -> bool:
        """A new person with the name (and a birth year that does not differ) of someone added
        on this sheet already is refused: pressing Add, or "No, add a new person", twice for
        one person must not make two records. The person is shown in the list."""
        pid = self._added_before(values)
        if pid is None:
            return False
        self.message.show_message(
            _(
                "{name} was added on this sheet already and is in the list. A different person "
                "with the same name can be added on the Participants screen."
            ).format(name=self._added_names.get(pid, "")),
            "warning",
        )
        self.filter.clear()
        for row, item in enumerate(self._items()):
            if item.data(ID_ROLE) == pid:
                self.list.setCurrentIndex(self.proxy.mapFromSource(self.model.index(row, 0)))
        return True

    def _show_duplicate(self, found: list[Any] | None, already: list[bool] | None = None) -> None:
        if not found:
            self.warning.show_message("")
            self.use_existing.hide()
            self.add_anyway.hide()
            return
        self.message.show_message("")
        person = found[0]
        name = f"{person.given_name} {person.family_name}"
        hint = namesakes.hints(
            Namesake(p.id, p.given_name, p.family_name, p.birth_year, p.code) for p in found
        ).get(person.id)
        if hint is not None and hint.kind == "code":  # namesakes born the same year
            name = namesakes.with_hint(name, hint, _)
        year = person.birth_year or "?"
        text = _("{name} (born {year}) is already known. Is this the same person?").format(
            name=name, year=year
        )
        if already and already[0]:
            text += " " + _("They are already on this list.")
        self.warning.show_message(text, "warning")
        self.use_existing.setText(_("&Yes, use {name}").format(name=name))
        self.use_existing.setAccessibleName(_("Use the person already known"))
        self.add_anyway.setText(_("No, add a &new person"))
        self.add_anyway.setAccessibleName(_("Add a new person anyway"))
        self.use_existing.show()
        self.add_anyway.show()
        self.use_existing.setFocus()

    def _use_existing(self) -> None:
        if self._pending_duplicate is None:
            return
        _values, found = self._pending_duplicate
        person = found[0]
        self._pending_duplicate = None
        self._show_duplicate(None)
        key = self._same_key(
            {
                "given_name": person.given_name,
                "family_name": person.family_name,
                "birth_year": person.birth_year,
            }
        )
        self._enrol_and_tick(
            Namesake(
                person.id, person.given_name, person.family_name, person.birth_year, person.code
            ),
            key,
            getattr(person, "gender", None),
        )

    def _add_anyway(self) -> None:
        if self._pending_duplicate is None:
            return
        values, _found = self._pending_duplicate
        self._pending_duplicate = None
        self._show_duplicate(None)
        self._create(values)

    def _create(self, values: dict[str, Any]) -> None:
        from libtrainer.services import groups, participants  # noqa: PLC0415

        if self._refuse_added_twice(values):
            return
        key = self._same_key(values)
        group_id = self.header.group_id if self.header else None
        fields = dict(values)
        given, family = fields.pop("given_name"), fields.pop("family_name")

        def create(job: Any) -> tuple[str, Any]:
            with job.uow() as uow:
                with uow.one_transaction():  # never a new person left off the group
                    changed = participants.create_participant(uow, given, family, **fields)
                    pid = changed.first("participant")
                    if group_id:
                        changed.merge(groups.enrol(uow, group_id, [pid]))
                uow.commit()
            return pid, changed

        def created(result: tuple[str, Any]) -> None:
            self._adding = self._writing = False
            pid, changed = result
            self._added_here[pid] = key
            self._added_names[pid] = f"{given} {family}"
            person = Namesake(pid, given, family, fields.get("birth_year"))
            self._added(person, changed, gender=fields.get("gender"))

        self._adding = self._writing = True
        Operation(self, create).success(created).failure(self._add_failed).run_in_background()

    def _add_failed(self, error: BaseException) -> None:
        self._adding = self._writing = False
        self.message.show_message(error_text(error), "error")

    def _enrol_and_tick(
        self, person: Namesake, key: tuple[str, str, int | None], gender: str | None = None
    ) -> None:
        from libtrainer.services import groups  # noqa: PLC0415

        pid = person.id
        group_id = self.header.group_id if self.header else None
        on_list = any(item.data(ID_ROLE) == pid for item in self._items())

        def enrol(job: Any) -> Any:
            if not group_id:
                return None
            with job.uow() as uow:
                return groups.enrol(uow, group_id, [pid])

        def enrolled(changed: Any) -> None:
            self._writing = False
            if not on_list:
                self._added_here[pid] = key
                self._added_names[pid] = f"{person.given_name} {person.family_name}"
            self._added(person, changed, gender=gender)

        def failed(error: BaseException) -> None:
            self._writing = False
            self.message.show_message(error_text(error), "error")

        self._writing = True
        Operation(self, enrol).success(enrolled).failure(failed).run_in_background()

    def _added(self, person: Namesake, changed: Any, *, gender: str | None = None) -> None:
        """The person is saved and in the group: on the list, and ticked when the session is
        held (the tick waits for Save like any other). The message agrees with ``gender``
        in lv and lt (:func:`libtrainer.i18n.gendered`)."""
        pid = person.id
        name = f"{person.given_name} {person.family_name}"
        mark = "present" if self.held else "absent"
        for item in self._items():
            if item.data(ID_ROLE) == pid:
                self.set_mark(item, mark)
                text = gendered(gender, N_("{name} is ticked as present.")).format(name=name)
                break
        else:
            self._append(person, mark)
            if self.held:
                text = gendered(
                    gender,
                    N_(
                        "{name} is added to the group (saved now) and ticked as present; Save "
                        "records the marks."
                    ),
                ).format(name=name)
            else:
                text = gendered(gender, N_("{name} is added to the group (saved now).")).format(
                    name=name
                )
        self.new_row.reset()
        self.message.show_message(text, "info")
        self._count()
        self.new_row.given.setFocus()
        parent = self.parent()
        state = getattr(parent, "state", None)
        if changed is not None and state is not None:
            state.notify(changed)

    # -- the lock ------------------------------------------------------------------------------

    def add_before_lock(self, window: Any) -> None:
        """The window locks with a new person typed in the row (Add not pressed, or the
        question "Is this the same person?" open): add them in the background on ``window``
        as Add would — to the group, and marked present at a session held, in one
        transaction — and tell after the next sign-in (``gui/unsaved``, decision 0516). A
        refused name, a likely duplicate or someone added on this sheet already: nobody is
        added, and the message says why. A row with no name or year typed is nothing; a
        person whose adding is being written already is left to it."""
        from libtrainer.gui import unsaved  # noqa: PLC0415

        values = self.new_row.values()
        given, family = (" ".join(str(values[k]).split()) for k in ("given_name", "family_name"))
        if self._writing or not (given or family or values["birth_year"] is not None):
            return
        name = f"{given} {family}".strip()
        pending = self._pending_duplicate
        problem: BaseException | None = None
        if pending is not None:
            problem = unsaved.may_be_known(pending[1])
        elif self._added_before(values) is not None:
            problem = unsaved.NotSavedAtLock(_("they were added on this sheet already."))
        work = _adding_at_lock(
            values,
            self.header.group_id if self.header else None,
            self.session_id if self.held else None,
            problem,
        )
        kind = "sheet person present" if self.held else "sheet person"
        unsaved.save_at_lock(window, work, name, kind=kind)


def _adding_at_lock(
    values: dict[str, Any], group_id: str | None, present_at: str | None, problem: Any
) -> Any:
    """The work that adds the person of ``values`` at the lock (on the window: the sheet is
    deleted meanwhile): the names checked, no likely duplicate, then the person, their place
    in ``group_id`` and, at the session ``present_at``, a present mark — all or nothing."""
    fields = dict(values)

    def record(job: Any) -> Any:
        from libtrainer.services import attendance, groups, participants  # noqa: PLC0415

        from libtrainer.gui import unsaved  # noqa: PLC0415

        if problem is not None:
            raise problem
        given = rules.clean_name("given_name", fields.pop("given_name"))
        family = rules.clean_name("family_name", fields.pop("family_name"))
        with job.uow() as uow:
            found = participants.find_similar(uow, given, family, fields["birth_year"])
            if found:
                raise unsaved.may_be_known(found)
            with uow.one_transaction():  # never a new person left off the group
                changed = participants.create_participant(uow, given, family, **fields)
                pid = changed.first("participant")
                if group_id:
                    changed.merge(groups.enrol(uow, group_id, [pid]))
                if present_at:
                    changed.merge(attendance.record_attendance(uow, present_at, {pid: "present"}))
            uow.commit()
        return changed

    return record
