"""The main window: sign-in panel or workspace (navigation list + screens), menus, lock.

The central widget is a stack of two pages: the sign-in panel and the workspace. The
workspace exists only while someone is signed in; locking deletes it (every screen, model and
open dialog), so nothing personal is left behind the sign-in panel. Screens are imported and
built the first time they are shown, so the window appears before the core is loaded.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
)

from libtrainer.i18n import _

from libtrainer.gui import appearance
from libtrainer.gui.lock import IdleWatcher
from libtrainer.gui.operations import Job, Operation, error_text
from libtrainer.gui.screens import SCREENS
from libtrainer.gui.screens.base import Screen
from libtrainer.gui.signin import SignInPanel
from libtrainer.gui.state import AppState, Device
from libtrainer.gui.workspace import Workspace

log = logging.getLogger("libtrainer.gui")


class MainWindow(QMainWindow):
    """The app window. ``go(key)`` shows a screen (after sign-in); ``lock()`` locks."""

    def __init__(self, state: AppState) -> None:
        super().__init__()
        self.state = state
        self.setObjectName("mainWindow")
        self.pages = QStackedWidget()
        self.sign_in = SignInPanel()
        self.sign_in.submitted.connect(self._submitted)
        self.pages.addWidget(self.sign_in)
        self.setCentralWidget(self.pages)
        self.workspace: Workspace | None = None
        self.idle = IdleWatcher(state.idle_lock_minutes, self)
        self.idle.idle.connect(self.lock)
        self.user_label = QLabel()
        self.user_label.setObjectName("userLabel")
        self.statusBar().addPermanentWidget(self.user_label)
        self._actions: dict[str, QAction] = {}
        self._last_login = state.settings.last_login or ""
        self._build_menus()
        self._retitle()
        geometry = state.settings.geometry
        if geometry:
            self.restoreGeometry(geometry)
        else:
            self.resize(1200, 760)
        self._show_sign_in()

    # -- start: open the store -----------------------------------------------------------------

    def start(self, *, passphrase: str | None = None) -> None:
        """Open the store in the background (the sign-in panel is already shown). The core is
        imported there too, so the window paints before SQLAlchemy and the store are loaded."""
        if self.state.store_open:
            self.load_device()
            return
        self._open_store(passphrase, ask=passphrase is None)

    def _open_store(self, passphrase: str | None, then: Any = None, *, ask: bool = False) -> None:
        data_dir = self.state.data_dir

        def open_(job: Job) -> Any:
            from libtrainer.services import storefile  # noqa: PLC0415 - on the worker

            if ask and storefile.needs_passphrase(data_dir):
                return None
            return storefile.open_store(data_dir, passphrase=passphrase)

        def opened(store: Any) -> None:
            if store is None:
                self.sign_in.set_needs_passphrase(True)
                return
            self.state.tasks.store = store
            self.sign_in.set_needs_passphrase(False)
            self.load_device(then)

        operation = Operation(self, open_).success(opened)
        operation.failure(lambda error: self.sign_in.show_error(error_text(error)))
        operation.run_in_background()

    def load_device(self, then: Any = None) -> None:
        from libtrainer.services import settings as device_settings  # noqa: PLC0415
        from libtrainer.services import storefile  # noqa: PLC0415

        from libtrainer.gui import queries  # noqa: PLC0415

        data_dir = self.state.data_dir

        def load(job: Job) -> tuple[dict[str, str], Any, bool]:
            with job.store.read() as conn:
                return (
                    queries.device_meta(conn),
                    device_settings.read(conn),
                    storefile.is_demo(data_dir),
                )

        def loaded(result: tuple[dict[str, str], Any, bool]) -> None:
            meta, prefs, demo = result
            self.state.device = Device(
                meta["device_id"],
                meta["region_id"],
                meta["library_id"],
                meta["branch_id"],
                meta["role"],
                meta["device_name"],
                meta["branch_name"],
                demo,
            )
            self.state.idle_lock_minutes = prefs.idle_lock_minutes
            self.state.share_path = prefs.share_path
            self.idle.set_minutes(prefs.idle_lock_minutes)
            self._retitle()
            if then is not None:
                then()

        Operation(self, load).success(loaded).read_only().run_in_background()

    # -- sign-in, lock -------------------------------------------------------------------------

    def _submitted(self, login: str, password: str, passphrase: str) -> None:
        if not self.state.store_open:
            self._open_store(passphrase or None, then=lambda: self._verify(login, password))
        else:
            self._verify(login, password)

    def _verify(self, login: str, password: str) -> None:
        from libtrainer.services import accounts  # noqa: PLC0415

        def check(job: Job) -> Any:
            with job.store.read() as conn:
                return accounts.verify(conn, login, password)

        Operation(self, check).success(self.signed_in).failure(
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
        self._enable_actions(True)
        first = self.state.settings.last_screen or "today"
        self.go(first if first in self.state.screens() else "today")

    def lock(self) -> None:
        """Lock now: delete every screen and dialog, show the sign-in panel."""
        if self.state.user is None:
            return
        self.idle.disarm()
        for dialog in self.findChildren(QDialog):
            dialog.reject()
            dialog.deleteLater()
        for box in self.findChildren(QMessageBox):
            box.close()
        self._drop_workspace()
        self.state.sign_out()
        self._enable_actions(False)
        self.sign_in.reset(login=self._last_login, message="")
        self.sign_in.message.show_message(_("Locked. Sign in again to continue."), "info")
        self._show_sign_in()

    def _show_sign_in(self) -> None:
        self.pages.setCurrentWidget(self.sign_in)
        self.user_label.setText("")
        self._enable_actions(False)
        self.sign_in.focus()

    def _build_workspace(self) -> None:
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

    # -- menus and shortcuts -------------------------------------------------------------------

    def _action(self, key: str, text: str, slot: Any, shortcut: Any = None) -> QAction:
        action = QAction(text, self)
        action.setObjectName(f"action_{key}")
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        self._actions[key] = action
        self.addAction(action)
        return action

    def _build_menus(self) -> None:
        for action in self._actions.values():
            self.removeAction(action)
            action.deleteLater()
        self._actions.clear()
        bar = self.menuBar()
        bar.clear()
        file_menu = bar.addMenu(_("&File"))
        file_menu.addAction(self._action("sync", _("&Sync now"), self._sync_now, "Ctrl+Shift+S"))
        file_menu.addAction(self._action("lock", _("&Lock"), self.lock, "Ctrl+L"))
        file_menu.addSeparator()
        file_menu.addAction(
            self._action("quit", _("&Quit"), self.close, QKeySequence.StandardKey.Quit)
        )
        go_menu = bar.addMenu(_("&Go"))
        for key, title, _module, _cls, shortcut in SCREENS:
            go_menu.addAction(
                self._action(f"go_{key}", _(title), lambda _c=False, k=key: self.go(k), shortcut)
            )
        work = bar.addMenu(_("&Actions"))
        work.addAction(
            self._action(
                "find", _("&Find a participant"), self._find, QKeySequence.StandardKey.Find
            )
        )
        work.addAction(
            self._action(
                "new_participant",
                _("&New participant"),
                self._new_participant,
                QKeySequence.StandardKey.New,
            )
        )
        work.addAction(
            self._action("consultation", _("Log a &consultation"), self._consultation, "Ctrl+K")
        )
        work.addAction(
            self._action("attendance", _("Take &attendance"), self._attendance, "Ctrl+T")
        )
        work.addAction(
            self._action("refresh", _("&Refresh"), self._refresh, QKeySequence.StandardKey.Refresh)
        )
        view = bar.addMenu(_("&View"))
        view.addAction(
            self._action("contrast", _("&High contrast"), self._toggle_contrast, "Ctrl+Shift+H")
        )
        self._actions["contrast"].setCheckable(True)
        self._actions["contrast"].setChecked(self.state.settings.high_contrast)
        view.addAction(
            self._action(
                "bigger",
                _("&Larger text"),
                lambda: self._text_size(1),
                QKeySequence.StandardKey.ZoomIn,
            )
        )
        view.addAction(
            self._action(
                "smaller",
                _("&Smaller text"),
                lambda: self._text_size(-1),
                QKeySequence.StandardKey.ZoomOut,
            )
        )
        help_menu = bar.addMenu(_("&Help"))
        help_menu.addAction(
            self._action(
                "about", _("&About libtrainer"), self._about, QKeySequence.StandardKey.HelpContents
            )
        )
        self._enable_actions(self.state.user is not None)

    def _enable_actions(self, signed_in: bool) -> None:
        always = {"quit", "about", "contrast", "bigger", "smaller"}
        allowed = set(self.state.screens()) if signed_in else set()
        for key, action in self._actions.items():
            if key.startswith("go_"):
                action.setEnabled(key[3:] in allowed)
            else:
                action.setEnabled(signed_in or key in always)

    def _find(self) -> None:
        screen = self.go("participants")
        if screen is not None:
            screen.focus_first()

    def _new_participant(self) -> None:
        screen = self.go("participants")
        if screen is not None:
            screen.new_participant()  # type: ignore[attr-defined]

    def _consultation(self) -> None:
        screen = self.go("consultations")
        if screen is not None:
            screen.focus_first()

    def _attendance(self) -> None:
        screen = self.go("groups")
        if screen is not None:
            screen.take_attendance()  # type: ignore[attr-defined]

    def _sync_now(self) -> None:
        screen = self.go("sync")
        if screen is not None:
            screen.sync_now()  # type: ignore[attr-defined]

    def _refresh(self) -> None:
        screen = self.current_screen()
        if screen is not None:
            screen.refresh()

    def _toggle_contrast(self) -> None:
        settings = self.state.settings
        settings.high_contrast = not settings.high_contrast
        self._apply_appearance()

    def _text_size(self, step: int) -> None:
        settings = self.state.settings
        current = settings.font_points or round(QApplication.font().pointSizeF())
        settings.font_points = max(8, min(28, current + step))
        self._apply_appearance()

    def _apply_appearance(self) -> None:
        app = QApplication.instance()
        if isinstance(app, QApplication):
            appearance.apply_appearance(
                app,
                high_contrast=self.state.settings.high_contrast,
                font_points=self.state.settings.font_points,
            )
        self._actions["contrast"].setChecked(self.state.settings.high_contrast)

    def _about(self) -> None:
        from libtrainer import __version__  # noqa: PLC0415

        box = QMessageBox(self)
        box.setWindowTitle(_("About libtrainer"))
        box.setText(
            _(
                "libtrainer {version}: records and reports of digital-skills training in "
                "public libraries."
            ).format(version=__version__)
        )
        box.setInformativeText(_("Log file: {path}").format(path=self.state.log_path or ""))
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    # -- language ------------------------------------------------------------------------------

    def set_language(self, lang: str) -> None:
        """Switch the language now: menus, sign-in panel and every screen are rebuilt."""
        app = QApplication.instance()
        if isinstance(app, QApplication):
            lang = appearance.apply_language(app, lang)
        self.state.settings.language = lang
        self._build_menus()
        self.sign_in.retranslate()
        self._retitle()
        if self.workspace is not None:
            current = self.current_screen()
            key = current.key if current is not None else "today"
            self._build_workspace()
            self.go(key)
        self.state.language_changed.emit(lang)

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
        self.state.settings.geometry = bytes(self.saveGeometry().data())
        self.state.settings.sync()
        self.idle.stop()
        super().closeEvent(event)
