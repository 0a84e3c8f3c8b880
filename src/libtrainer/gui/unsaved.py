"""Unsaved changes in a screen's form (Participants, Programmes, Staff, Consultations,
E-scouts): the question before they would be lost, and the save at the lock.

The form is *changed* when its values differ from what was loaded into it (not when a
keystroke signal fired: typing a letter and deleting it again is no change); a form this
person may not save (read-only) never is. Choosing another row, New, Archive or closing the
window then asks "Save the changes to …?" with Save (the default: Enter keeps what was typed),
Don't save and Cancel. At the lock nobody is there to ask (decision 0502 deletes the
workspace): the screen's save runs in the background on the window, like an attendance sheet
open at the lock; what needs a question (a likely duplicate person, a change of code) or breaks
a rule is not saved, and the window says so after the next sign-in — never on the sign-in
panel, which anyone at the PC can read (decision 0516). Switching the language rebuilds every
screen, so it asks each screen first like closing the window; Cancel keeps the language.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout

from libtrainer.i18n import _

from libtrainer.gui import code_change, fit
from libtrainer.gui.operations import Job, Operation, error_text
from libtrainer.gui.widgets import heading

if TYPE_CHECKING:
    from libtrainer.gui.screens.participants import ParticipantsScreen

#: :class:`SaveChangesDialog` results (``finished``): Cancel is ``QDialog.Rejected`` (0).
SAVE, DISCARD = 1, 2


def person_question(name: str | None, *, new: bool) -> str:
    """The question about a person's form (None: a new person without a name yet)."""
    if not new:
        return changes_question(name or "")
    if name:
        return _("Save the new person {name}?").format(name=name)
    return _("Save the new person?")


def changes_question(name: str) -> str:
    """The question about a record already saved, named as stored."""
    return _("Save the changes to {name}?").format(name=name)


class SaveChangesDialog(QDialog):
    """Save / Don't save / Cancel, asking ``question`` (:func:`person_question`, or a screen's
    own). Object names start with ``unsaved``. Open it with ``open()`` (window-modal) and
    read the answer from ``finished``."""

    def __init__(self, parent: Any, question: str) -> None:
        super().__init__(parent)
        self.setObjectName("unsavedDialog")
        title = _("Unsaved changes")
        text = f"{question}\n\n" + _("If you do not save, what you typed is lost.")
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.setAccessibleDescription(text)
        self.text = QLabel(text, objectName="unsavedExplanation")
        self.text.setWordWrap(True)
        self.text.setProperty("textFormat", "PlainText")  # it quotes a typed name
        self.text.setAccessibleName(title)
        self.text.setAccessibleDescription(text)
        self.text.setMinimumWidth(fit.readable_width(self, 420))
        buttons = QDialogButtonBox()
        self.save = buttons.addButton(_("&Save"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.discard = buttons.addButton(
            _("Do&n't save"), QDialogButtonBox.ButtonRole.DestructiveRole
        )
        self.cancel = buttons.addButton(_("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        for button, name_, accessible in (
            (self.save, "unsavedSave", _("Save the changes")),
            (self.discard, "unsavedDiscard", _("Do not save the changes")),
            (self.cancel, "unsavedCancel", _("Cancel")),
        ):
            button.setObjectName(name_)
            button.setAccessibleName(accessible)
            button.setAutoDefault(False)
        self.save.setDefault(True)
        self.save.clicked.connect(lambda: self.done(SAVE))
        self.discard.clicked.connect(lambda: self.done(DISCARD))
        self.cancel.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading(title))
        layout.addWidget(self.text)
        layout.addWidget(buttons)
        fit.fit_window(self)
        self.save.setFocus()


class GuardedScreen(Protocol):
    """What :class:`UnsavedGuard` uses of its screen (GUI thread only)."""

    form: Any
    current_id: str | None

    def save_question(self) -> str:
        """ "Save the changes to …?" for what the form holds now."""
        ...

    def _select(self, row_id: str | None) -> None:
        """Show ``row_id`` (None: nothing) as the list's choice without opening it."""
        ...

    def _save(self, then: Callable[[], None] | None) -> None:
        """The form's own Save; ``then`` runs once saved (not when refused)."""
        ...


class UnsavedGuard:
    """Knows whether a screen's form changed since it was loaded, and asks before what it
    holds is replaced (GUI thread only). ``editable``: whether this person may save the form
    now — a read-only form never asks. ``widget``: the screen the question belongs to, when
    ``screen`` is one of its forms rather than the screen itself (E-scouts has two);
    ``values``: what the form holds, when not ``screen.form.values()``."""

    def __init__(
        self,
        screen: GuardedScreen,
        *,
        editable: Callable[[], bool] | None = None,
        widget: Any = None,
        values: Callable[[], dict[str, Any]] | None = None,
    ) -> None:
        self.screen = screen
        self.values = values if values is not None else lambda: dict(screen.form.values())
        self.widget = widget if widget is not None else screen
        self.editable = editable
        #: the form's values as loaded (or saved): the form is changed when they differ
        self.baseline: dict[str, Any] | None = None
        self.question: SaveChangesDialog | None = None

    def changed(self) -> bool:
        if self.baseline is None or (self.editable is not None and not self.editable()):
            return False
        return bool(self.values() != self.baseline)

    def loaded(self, values: dict[str, Any] | None = None) -> None:
        """What the form holds now (or ``values``, as saved) is the unchanged state."""
        self.baseline = dict(values) if values is not None else self.values()

    def leave(self, then: Callable[[], None]) -> bool:
        """Run ``then`` (which replaces what the form shows) now, or — when the form has
        changes — after asking: Save saves first (``then`` runs once saved), Don't save drops
        the changes, Cancel keeps the form and its record chosen in the list. True: asked."""
        screen = self.screen
        if not self.changed():
            then()
            return False
        # The list shows whose changes are asked about — once the click that chose another
        # row has finished selecting it (this runs while the list's current row changes).
        QTimer.singleShot(0, self.widget, lambda: screen._select(screen.current_id))
        if self.question is not None:
            return True
        question = SaveChangesDialog(self.widget, screen.save_question())

        def answered(result: int) -> None:
            self.question = None
            question.deleteLater()
            if result == SAVE:
                screen._save(then)
            elif result == DISCARD:
                self.loaded()  # dropped: nothing is asked again on the way out
                then()

        question.finished.connect(answered)
        self.question = question
        question.open()
        return True

    def at_lock(
        self, window: Any, record: Callable[[Job], Any], name: str, *, kind: str = "person"
    ) -> None:
        """The window locks with changes in the form: run ``record`` (the form's save, on
        ``window``: the screen is deleted meanwhile) in the background; ``window`` says after
        the next sign-in how it went, or whose (``name``) changes were not saved and why.
        ``kind``: "person", "programme", "group", "session", "sessions", "consultation",
        "visit", "sheet person" or "sheet person present", for what to open again (only a
        person, a programme, a group, a person added with a consultation and one typed on an
        attendance sheet are named by ``name``)."""
        if self.changed():
            save_at_lock(window, record, name, kind=kind)


def save_at_lock(
    window: Any, record: Callable[[Job], Any], name: str, *, kind: str = "person"
) -> None:
    """Run ``record`` (a form's save) on ``window`` in the background as the window locks;
    ``window`` tells after the next sign-in how it went (:meth:`UnsavedGuard.at_lock`; a
    dialog open at the lock calls this itself)."""
    tell = getattr(window, "tell_after_sign_in", None)

    def saved(changed: Any) -> None:
        window.state.notify(changed)
        if callable(tell):
            tell(saved_at_lock(name, kind=kind), "info")

    def failed(error: BaseException) -> None:
        if callable(tell):
            tell(not_saved_at_lock(name, error, kind=kind), "error")

    Operation(window, record).success(saved).failure(failed).run_in_background()


def participant_lock_work(
    screen: ParticipantsScreen, stored_code: str | None, seen: Any
) -> Callable[[Job], Any]:
    """The save of the Participants form at the lock (:func:`lock_work`). ``stored_code``:
    the code of the person as loaded; ``seen``: the names and year a "may already be known"
    warning was given for."""
    from libtrainer.services import participants  # noqa: PLC0415

    values, current = screen.form.values(), screen.current_id
    return lock_work(
        values,
        current,
        code_question=current is not None
        and code_change.asks_first(screen.state, current, stored_code, values["code"]),
        duplicates_seen=seen
        == (
            participants.name_key(values["given_name"], values["family_name"]),
            values["birth_year"],
        ),
    )


class NotSavedAtLock(Exception):
    """The form needed a question to be saved (a likely duplicate, a change of code)."""


def may_be_known(found: Any) -> NotSavedAtLock:
    """Not saved at the lock: ``found`` (``find_similar``'s people) may be the person typed,
    and only the person at the PC can say whether they are."""
    from libtrainer.gui import people_queries  # noqa: PLC0415

    return NotSavedAtLock(
        _("this person may already be known: {people}.").format(
            people=people_queries.namesakes(found)
        )
    )


def lock_work(
    values: dict[str, Any],
    current: str | None,
    *,
    code_question: bool,
    duplicates_seen: bool,
) -> Callable[[Job], Any]:
    """The save of the form at the lock, to run on the window (the screen is deleted with the
    lock). ``current``: the person edited (None: a new one); ``code_question``: saving would
    move them to another code's record, which is asked first on the screen;
    ``duplicates_seen``: the person at the PC already chose to add these names anyway."""
    fields = dict(values)

    def record(job: Job) -> Any:
        from libtrainer.services import participants  # noqa: PLC0415

        if code_question:
            raise NotSavedAtLock(
                _("the code was changed, and a change of code is asked about first.")
            )
        code = fields.pop("code")
        with job.uow() as uow:
            if current is not None:
                return participants.change_code(uow, current, code, **fields)
            given, family = fields.pop("given_name"), fields.pop("family_name")
            if not duplicates_seen:
                found = participants.find_similar(uow, given, family, fields["birth_year"])
                if found:
                    raise may_be_known(found)
            return participants.create_participant(uow, given, family, code=code, **fields)

    return record


def saved_at_lock(name: str, *, kind: str = "person") -> str:
    """The status line after the next sign-in."""
    if kind == "consultation" and name:  # with the person of the "Add a new person" dialog
        return _(
            "{name} was added as a new person and the consultation typed before the app "
            "locked was saved."
        ).format(name=name)
    if kind == "consultation":
        return _("The consultation typed before the app locked was saved.")
    if kind == "sheet person present":
        return _(
            "{name}, typed on the attendance sheet before the app locked, was added to the "
            "group and marked present."
        ).format(name=name)
    if kind == "sheet person":
        return _(
            "{name}, typed on the attendance sheet before the app locked, was added to the group."
        ).format(name=name)
    if kind == "visit":
        return _("The e-scout visit typed before the app locked was saved.")
    if kind == "sessions":
        return _("The sessions typed before the app locked were planned.")
    if kind == "session":
        return _("The changes to a session typed before the app locked were saved.")
    return _("The changes to {name} were saved when the app locked.").format(name=name)


def not_saved_at_lock(name: str, error: BaseException, *, kind: str = "person") -> str:
    """The message after the next sign-in: whose changes were lost, and why."""
    reason = str(error) if isinstance(error, NotSavedAtLock) else error_text(error)
    if kind == "consultation" and name:
        return _(
            "The consultation typed before the app locked was not saved, and {name} was not "
            "added as a new person: {reason} Add them and log the consultation again on the "
            "Consultations screen."
        ).format(name=name, reason=reason)
    if kind.startswith("sheet person") and name:
        return _(
            "{name}, typed on the attendance sheet before the app locked, was not added to "
            "the group: {reason} Add them again on the attendance sheet."
        ).format(name=name, reason=reason)
    if kind.startswith("sheet person"):
        return _(
            "The new person typed on the attendance sheet before the app locked was not "
            "added to the group: {reason} Add them again on the attendance sheet."
        ).format(reason=reason)
    if kind == "consultation":
        return _(
            "The consultation typed before the app locked was not saved: {reason} "
            "Log it again on the Consultations screen."
        ).format(reason=reason)
    if kind == "visit":
        return _(
            "The e-scout visit typed before the app locked was not saved: {reason} "
            "Type it again on the E-scouts screen."
        ).format(reason=reason)
    if kind == "sessions":
        return _(
            "The sessions typed before the app locked were not planned: {reason} "
            "Plan them again on the Groups & sessions screen."
        ).format(reason=reason)
    if kind == "session":
        return _(
            "The changes to a session typed before the app locked were not saved: {reason} "
            "Open the session and type them again."
        ).format(reason=reason)
    if kind == "group":
        return _(
            "The changes to {name} typed before the app locked were not saved: {reason} "
            "Open the group and type them again."
        ).format(name=name, reason=reason)
    if kind == "programme":
        return _(
            "The changes to {name} typed before the app locked were not saved: {reason} "
            "Open the programme and type them again."
        ).format(name=name, reason=reason)
    return _(
        "The changes to {name} typed before the app locked were not saved: {reason} "
        "Open the person and type them again."
    ).format(name=name, reason=reason)
