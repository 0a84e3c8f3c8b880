"""Unsaved changes on the Participants form: the question before they would be lost, and the
save at the lock.

The form is *changed* when its values differ from what was loaded into it (not when a
keystroke signal fired: typing a letter and deleting it again is no change). Choosing another
person, New person, Archive or closing the window then asks "Save the changes to …?" with
Save (the default: Enter keeps what was typed), Don't save and Cancel. At the lock nobody is
there to ask (decision 0502 deletes the workspace): :func:`lock_work` saves what can be saved
without a question, like an attendance sheet open at the lock; what needs one (a likely
duplicate, a change of code) or breaks a rule is not saved, and the window says so after the
next sign-in — never on the sign-in panel, which anyone at the PC can read.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

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


class SaveChangesDialog(QDialog):
    """Save / Don't save / Cancel about the changes to ``name`` (None: a new person without a
    name yet). Object names start with ``unsaved``. Open it with ``open()`` (window-modal) and
    read the answer from ``finished``."""

    def __init__(self, parent: Any, name: str | None, *, new: bool) -> None:
        super().__init__(parent)
        self.setObjectName("unsavedDialog")
        title = _("Unsaved changes")
        if not new:
            question = _("Save the changes to {name}?").format(name=name)
        elif name:
            question = _("Save the new person {name}?").format(name=name)
        else:
            question = _("Save the new person?")
        text = f"{question}\n\n" + _("If you do not save them, what you typed is lost.")
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


class UnsavedGuard:
    """Knows whether the Participants form changed since it was loaded, and asks before what
    it holds is replaced (the screen's ``form``, ``current_id``, ``form_name``, ``_select`` and
    ``_save`` are used; GUI thread only)."""

    def __init__(self, screen: ParticipantsScreen) -> None:
        self.screen = screen
        #: the form's values as loaded (or saved): the form is changed when they differ
        self.baseline: dict[str, Any] | None = None
        self.question: SaveChangesDialog | None = None

    def changed(self) -> bool:
        return self.baseline is not None and self.screen.form.values() != self.baseline

    def loaded(self, values: dict[str, Any] | None = None) -> None:
        """What the form holds now (or ``values``, as saved) is the unchanged state."""
        self.baseline = dict(values) if values is not None else self.screen.form.values()

    def leave(self, then: Callable[[], None]) -> bool:
        """Run ``then`` (which replaces what the form shows) now, or — when the form has
        changes — after asking: Save saves first (``then`` runs once saved), Don't save drops
        the changes, Cancel keeps the form and its person chosen in the list. True: asked."""
        screen = self.screen
        if not self.changed():
            then()
            return False
        # The list shows whose changes are asked about — once the click that chose another
        # row has finished selecting it (this runs while the list's current row changes).
        QTimer.singleShot(0, screen, lambda: screen._select(screen.current_id))
        if self.question is not None:
            return True
        question = SaveChangesDialog(
            screen, screen.form_name() or None, new=screen.current_id is None
        )

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

    def at_lock(self, window: Any, stored_code: str | None, seen: Any) -> None:
        """The window locks with changes in the form: save them in the background (on
        ``window``: the screen is deleted meanwhile) when no question is needed; ``window``
        says after the next sign-in how it went, or whose changes were not saved and why.
        ``seen``: the names and year a "may already be known" warning was given for."""
        from libtrainer.services import participants  # noqa: PLC0415

        if not self.changed():
            return
        screen = self.screen
        values, current = screen.form.values(), screen.current_id
        name = screen.form_name() or _("the new person")
        record = lock_work(
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
        tell = getattr(window, "tell_after_sign_in", None)

        def saved(changed: Any) -> None:
            window.state.notify(changed)
            if callable(tell):
                tell(saved_at_lock(name), "info")

        def failed(error: BaseException) -> None:
            if callable(tell):
                tell(not_saved_at_lock(name, error), "error")

        Operation(window, record).success(saved).failure(failed).run_in_background()


class NotSavedAtLock(Exception):
    """The form needed a question to be saved (a likely duplicate, a change of code)."""


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
                    from libtrainer.gui import people_queries  # noqa: PLC0415

                    raise NotSavedAtLock(
                        _("this person may already be known: {people}.").format(
                            people=people_queries.namesakes(found)
                        )
                    )
            return participants.create_participant(uow, given, family, code=code, **fields)

    return record


def saved_at_lock(name: str) -> str:
    """The status line after the next sign-in."""
    return _("The changes to {name} were saved when the app locked.").format(name=name)


def not_saved_at_lock(name: str, error: BaseException) -> str:
    """The message after the next sign-in: whose changes were lost, and why."""
    reason = str(error) if isinstance(error, NotSavedAtLock) else error_text(error)
    return _(
        "The changes to {name} typed before the app locked were not saved: {reason} "
        "Open the person and type them again."
    ).format(name=name, reason=reason)
