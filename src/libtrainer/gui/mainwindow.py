"""The main window: sign-in panel or workspace (navigation list + screens), and lock.

The central widget is a stack of two pages: the sign-in panel and the workspace. The
workspace exists only while someone is signed in; locking deletes it (every screen, model and
open dialog), so nothing personal is left behind the sign-in panel. Screens are imported and
built the first time they are shown. Menus and shortcuts: :mod:`libtrainer.gui.window_menus`.

Opening the store takes two steps (:mod:`libtrainer.gui.opening`): at start the file, its key
and its schema are checked without loading the core, so the sign-in panel is ready at once;
the store itself (SQLAlchemy) is opened when the person starts typing or signs in.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QApplication, QLabel, QStackedWidget

from libtrainer.i18n import _

from libtrainer.gui import appearance, crashes, fit, kept_appearance, printouts
from libtrainer.gui.autosync import AutoSync
from libtrainer.gui.clipboard_guard import ClipboardGuard
from libtrainer.gui.lock import IdleWatcher
from libtrainer.gui.operations import Job, Operation, error_text
from libtrainer.gui.own_password import OwnPasswordStep
from libtrainer.gui.recovery_owed import OwedCode
from libtrainer.gui.signin import SignInPanel
from libtrainer.gui.state import AppState
from libtrainer.gui.store_progress import ProgressKeeper
from libtrainer.gui.window_store import StoreWindow

if TYPE_CHECKING:
    from PySide6.QtGui import QCloseEvent

    from libtrainer.gui.screens.base import Screen
    from libtrainer.gui.workspace import Workspace

log = logging.getLogger("libtrainer.gui")


class MainWindow(StoreWindow):
    """The app window. ``go(key)`` shows a screen (after sign-in); ``lock()`` locks."""

    def __init__(self, state: AppState, *, checking: bool = False) -> None:
        """``checking``: the caller already started checking the store and passes the result
        to :meth:`store_checked` (or the error to :meth:`open_failed`) — see ``app.launch``."""
        super().__init__(checking=checking)
        self.state = state
        self.setObjectName("mainWindow")
        self.pages = QStackedWidget()
        self.sign_in = SignInPanel()
        self.sign_in.submitted.connect(self._submitted)
        self.sign_in.typing.connect(self._prepare_store)
        self.sign_in.recovery_wanted.connect(self.recover_store_key)
        self.sign_in.forgot_wanted.connect(self.forgot_password)
        self.sign_in.forgot_passphrase_wanted.connect(self.forgot_passphrase)
        self.pages.addWidget(self.sign_in)
        self.setCentralWidget(self.pages)
        self.workspace: Workspace | None = None
        self.idle = IdleWatcher(state.idle_lock_minutes, self)
        self.idle.idle.connect(self.lock)
        self.autosync = AutoSync(self, state, state.settings.auto_sync_minutes)
        self.progress = ProgressKeeper(self, state)
        self.clipboard_guard = ClipboardGuard(self)  # what was copied goes at the lock
        crashes.install(self)  # unexpected errors: logged without data, told briefly
        printouts.clean(state.data_dir)  # left by the last run (a viewer held one open)
        self.owed_code = OwedCode(self)  # the wizard's recovery code, until written down
        self.own_password = OwnPasswordStep(self)  # after a password an administrator set
        self._scheduled_renewed = False
        #: attendance marks whose save at the lock failed: (sheet title, recording work)
        self._unsaved_marks: list[tuple[str, Callable[[Job], Any]]] = []
        self._lose_marks = False  # the person chose to close without them
        #: what became of forms saved at the lock, told after the next sign-in: (text, kind)
        self._after_sign_in: list[tuple[str, str]] = []
        self.user_label = QLabel()
        self.user_label.setObjectName("userLabel")
        self.statusBar().addPermanentWidget(self.user_label)
        self._last_login = state.settings.last_login or ""
        self._build_menus()
        self._retitle()
        geometry = state.settings.geometry
        if geometry and self.restoreGeometry(geometry) and fit.usable_size(self):
            fit.fit_window(self)  # saved on a larger screen: fitted when shown
        else:
            # none saved, or one Qt could not place on this screen (it shrank it to a corner)
            fit.fit_window(self, 1200, 760)
        self._show_sign_in()

    # -- sign-in, lock -------------------------------------------------------------------------

    def _submitted(self, login: str, password: str, passphrase: str) -> None:
        verify = lambda: self._verify(login, password)  # noqa: E731
        if self.state.store_open or self.checked is not None:
            self._when_open(verify)
            return
        # Not checked yet: the check is still running, a passphrase was needed, or it failed.
        self._waiting.append((verify, None))
        self._wanted = True
        if not self._checking:  # no passphrase typed (the field was hidden): asked for
            self._check_store(passphrase or None)

    def _verify(self, login: str, password: str) -> None:
        from libtrainer.services import accounts  # noqa: PLC0415

        def check(job: Job) -> Any:
            with job.store.read() as conn:
                return accounts.verify(conn, login, password)

        def accepted(user: Any) -> None:
            if user.must_change_password:  # an administrator set it: their own first
                self.own_password.ask(user, password)
            else:
                self.signed_in(user)

        Operation(self, check).success(accepted).failure(
            lambda error: self.sign_in.show_error(error_text(error))
        ).read_only().run_in_background()

    def signed_in(self, user: Any) -> None:
        """Open the workspace for ``user`` (a ``services.accounts.SignedIn``)."""
        self.state.sign_in(user)
        self._last_login = user.login
        self.state.settings.last_login = user.login
        self.sign_in.reset(login=user.login)
        self._build_workspace()
        self.idle.arm()
        self.clipboard_guard.watch()
        self.autosync.start()
        self._renew_scheduled_send()
        self._record_kept_marks()
        self._enable_actions(True)
        first = self.state.settings.last_screen or "today"
        self.go(first if first in self.state.screens() else "today")
        self._tell_after_sign_in()
        if self.state.is_admin:
            self.owed_code.offer()

    def tell_after_sign_in(self, text: str, kind: str) -> None:
        """How a form saved at the lock went (``kind`` "info" or "error"), told to whoever
        signs in next — not on the sign-in panel: the text names a person."""
        self._after_sign_in.append((text, kind))
        if self.workspace is not None:
            self._tell_after_sign_in()

    def _tell_after_sign_in(self) -> None:
        from PySide6.QtCore import Qt  # noqa: PLC0415 - rare (decision 0508)
        from PySide6.QtWidgets import QMessageBox  # noqa: PLC0415 - rare

        notes, self._after_sign_in = self._after_sign_in, []
        for text, kind in notes:
            if kind != "error":
                self.statusBar().showMessage(text, 15_000)
                continue
            box = QMessageBox(
                QMessageBox.Icon.Warning,
                _("Changes not saved"),
                text,
                QMessageBox.StandardButton.Ok,
                self,
            )
            box.setObjectName("notSavedAtLock")
            box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            box.open()

    def _renew_scheduled_send(self) -> None:
        """Once per run, register the hourly send again when it is chosen: reboot-restore
        software removes scheduled tasks at every restart (``sync.scheduled``)."""
        if not self.state.scheduled_send or self._scheduled_renewed:
            return
        self._scheduled_renewed = True
        data_dir = self.state.data_dir

        def renew(_job: Job) -> bool:
            from libtrainer.sync import scheduled  # noqa: PLC0415 - not at start

            return scheduled.ensure(data_dir)

        Operation(self, renew).uses_share().run_in_background()

    def keep_unsaved_marks(
        self, label: str, record: Callable[[Job], Any], error: BaseException
    ) -> None:
        """Marks of an attendance sheet open at the lock could not be recorded (a full disk):
        keep them in memory, say so on the sign-in panel and record them at the next sign-in."""
        log.warning("attendance marks kept after a failed save at lock: %s", type(error).__name__)
        self._unsaved_marks.append((label, record))
        self.sign_in.message.show_message(self._marks_not_saved(label, error), "error")

    def _marks_not_saved(self, label: str, error: BaseException) -> str:
        return _(
            "{sheet} — the marks made before the lock could not be saved: {reason} "
            "They are kept while the app is open and saved again at the next sign-in."
        ).format(sheet=label, reason=error_text(error))

    def _record_kept_marks(self) -> None:
        """At sign-in: record the marks a failed save at the lock kept; tell how it went."""
        from PySide6.QtWidgets import QMessageBox  # noqa: PLC0415 - rare

        kept, self._unsaved_marks = self._unsaved_marks, []
        for label, record in kept:

            def saved(changed: Any, label: str = label) -> None:
                self.state.notify(changed)
                self.statusBar().showMessage(
                    _("{sheet} — the marks made before the lock are saved now.").format(
                        sheet=label
                    ),
                    15_000,
                )

            def failed(error: BaseException, label: str = label, record: Any = record) -> None:
                self._unsaved_marks.append((label, record))
                QMessageBox.warning(
                    self, _("Attendance not saved"), self._marks_not_saved(label, error)
                )

            Operation(self, record).success(saved).failure(failed).run_in_background()

    def lock(self) -> None:
        """Lock now: delete every screen and dialog, empty the clipboard of what the app
        copied and delete the printouts (decision 0521), show the sign-in panel. A save being
        written is waited for first, briefly (:mod:`gui.save_wait`): what it saves is then
        no longer a change to save at the lock, and a save refused is saved (or told) as
        any change is."""
        if self.own_password.cancel():  # not signed in yet: back to the sign-in panel
            return
        if self.state.user is None:
            return
        if self._save_wait().hold("lock", self._lock_now):
            return
        self._lock_now()

    def _lock_now(self) -> None:
        if self.state.user is None:  # locked meanwhile (while a save was waited for)
            return
        from PySide6.QtWidgets import QDialog, QMessageBox  # noqa: PLC0415 - not at start

        self.idle.disarm()  # the automatic sync goes on: nothing of it is shown
        if self.workspace is not None:
            for screen in self.workspace.screens.values():
                keep = getattr(screen, "save_before_lock", None)
                if callable(keep):  # a form's changes are saved when no question is needed
                    keep(self)
        for dialog in self.findChildren(QDialog):
            keep = getattr(dialog, "save_before_lock", None)
            if callable(keep):  # ticks on an open attendance sheet are kept, not lost
                keep(self)
            dialog.done(QDialog.DialogCode.Rejected)
            dialog.deleteLater()
        for box in self.findChildren(QMessageBox):
            box.close()
        self._drop_workspace()
        self._leave_nothing_behind()
        self.state.sign_out()
        self.progress.refresh()
        self._enable_actions(False)
        self.sign_in.reset(login=self._last_login, message="")
        self.sign_in.refresh_notice()  # "folder is older" ends once new work went past it
        self.sign_in.message.show_message(_("Locked. Sign in again to continue."), "info")
        self._show_sign_in()

    def _leave_nothing_behind(self) -> None:
        """At the lock and at close: empty the clipboard of what the app copied, delete the
        printouts made (decision 0521)."""
        self.clipboard_guard.clear()
        printouts.clean(self.state.data_dir)

    def _show_sign_in(self) -> None:
        self.pages.setCurrentWidget(self.sign_in)
        self.user_label.setText("")
        self._enable_actions(False)
        self.sign_in.focus()

    def _build_workspace(self) -> None:
        from libtrainer.gui.workspace import Workspace  # noqa: PLC0415 - after sign-in only

        self._drop_workspace()
        self.workspace = Workspace(self)
        self.pages.addWidget(self.workspace)
        self.pages.setCurrentWidget(self.workspace)
        self._retitle()

    def _drop_workspace(self) -> None:
        if self.workspace is None:
            return
        for screen in self.workspace.screens.values():
            screen.clear_personal_data()
        self.pages.removeWidget(self.workspace)
        self.workspace.hide()
        self.workspace.setParent(None)
        self.workspace.deleteLater()
        self.workspace = None

    # -- navigation ----------------------------------------------------------------------------

    def go(self, key: str) -> Screen | None:
        """Show the screen ``key`` (None when locked or not allowed for the role)."""
        if self.workspace is None:
            return None
        return self.workspace.go(key)

    def current_screen(self) -> Screen | None:
        return self.workspace.current() if self.workspace else None

    # -- language ------------------------------------------------------------------------------

    def set_language(self, lang: str) -> bool:
        """Switch the language now: menus, sign-in panel and every screen are rebuilt. A
        screen whose form has unsaved changes asks first, as when closing (decision 0516):
        False then — the language changes after Save or Don't save, Cancel keeps it. A save
        being written is waited for first (False too: the language changes once it ends)."""
        if self._save_wait().hold("language", lambda: self.set_language(lang)):
            return False
        if self._asks_about_unsaved_forms(lambda: self.set_language(lang)):
            return False
        app = QApplication.instance()
        if isinstance(app, QApplication):
            lang = appearance.apply_language(app, lang)
        self.state.settings.language = lang
        kept_appearance.keep(self, self.state)
        self._build_menus()
        self.sign_in.retranslate()
        self._retitle()
        if self.workspace is not None:
            current = self.current_screen()
            key = current.key if current is not None else "today"
            self._build_workspace()
            self.go(key)
        self.state.language_changed.emit(lang)
        return True

    def _retitle(self) -> None:
        device = self.state.device
        place = device.branch_name if device else ""
        demo = _(" — demonstration data") if device and device.demo else ""
        self.setWindowTitle(f"libtrainer — {place}{demo}" if place else "libtrainer")
        user = self.state.user
        if user is not None:
            from libtrainer.gui import labels as L  # noqa: PLC0415

            self.user_label.setText(
                _("Signed in: {name} ({role})").format(
                    name=user.display_name, role=L.label(L.ROLES, user.role)
                )
            )

    # -- closing -------------------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        if self._unsaved_marks and not self._lose_marks:
            event.ignore()
            self._ask_to_lose_marks()
            return
        if self._save_wait().hold("close", self.close):
            event.ignore()  # closes again once the save under way has ended (gui.save_wait)
            return
        if self._asks_about_unsaved_forms(self.close):
            event.ignore()  # closes again after Save or Don't save
            return
        if self._send_first():
            event.ignore()  # closes again once the waiting changes are sent (gui.closing)
            return
        self.state.settings.geometry = bytes(self.saveGeometry().data())
        self.state.settings.sync()
        self.idle.stop()
        self.autosync.stop()
        self._leave_nothing_behind()
        super().closeEvent(event)

    def _ask_to_lose_marks(self) -> None:
        from libtrainer.gui.confirm import ConfirmDialog  # noqa: PLC0415 - rare

        sheets = ", ".join(label for label, _record in self._unsaved_marks)
        question = ConfirmDialog(
            self,
            _("Attendance not saved"),
            _(
                "{sheets} — the marks made before the lock could not be saved yet (is the disk "
                "full?). Closing loses them. Free some space and sign in: they are saved then."
            ).format(sheets=sheets),
            _("Close and &lose them"),
            "loseMarks",
        )

        def close_anyway() -> None:
            self._lose_marks = True
            log.warning("closed with %d attendance sheets not saved", len(self._unsaved_marks))
            self.close()

        question.accepted.connect(close_anyway)
        question.open()

    def _save_wait(self) -> Any:
        """The :class:`gui.save_wait.SaveWait` holding a close, a lock or a language switch
        while a save is being written."""
        from libtrainer.gui.save_wait import SaveWait  # noqa: PLC0415 - not at start

        wait = self.findChild(SaveWait, "saveWait")
        return wait if wait is not None else SaveWait(self)

    def _asks_about_unsaved_forms(self, then: Callable[[], None]) -> bool:
        """A screen with unsaved changes in its form is shown and asks about them; ``then``
        (closing, switching the language) runs again after Save or Don't save."""
        if self.workspace is None:
            return False
        for screen in self.workspace.screens.values():
            ask = getattr(screen, "ask_before_close", None)
            if callable(ask) and ask(then):
                self.go(screen.key)
                return True
        return False

    def _send_first(self) -> bool:
        """Start sending the waiting changes when that should come before closing."""
        if not self.autosync.active or not self.state.share_path:
            return False
        if self._save_wait().anyway:  # "Close anyway": the shared folder is not answering
            return False
        from libtrainer.gui.closing import SendBeforeClose  # noqa: PLC0415 - only when closing

        sender = self.findChild(SendBeforeClose)
        if sender is None:
            sender = SendBeforeClose(self)
        if not sender.wanted():
            return False
        sender.start()
        return True
