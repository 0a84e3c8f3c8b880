"""The main window's menus, shortcuts and the actions behind them (File, Go, Actions, View,
Help). :class:`MenuWindow` is the base of :class:`~libtrainer.gui.mainwindow.MainWindow`,
which supplies navigation (``go``), locking and the shared state.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QMainWindow

from libtrainer.i18n import _

from libtrainer.gui import appearance, kept_appearance
from libtrainer.gui.screens import SCREENS
from libtrainer.gui.state import AppState

if TYPE_CHECKING:
    from libtrainer.gui.screens.base import Screen

#: Actions that work without anyone signed in.
ALWAYS_ENABLED = frozenset({"quit", "about", "contrast", "bigger", "smaller"})


class MenuWindow(QMainWindow):
    """Menus and shortcuts; ``_actions`` maps a key ("lock", "go_today", …) to its action."""

    state: AppState

    def __init__(self) -> None:
        super().__init__()
        self._actions: dict[str, QAction] = {}
        self.import_dialog: Any = None
        self.template_box: Any = None

    # -- supplied by the main window -------------------------------------------------------------

    def go(self, key: str) -> Screen | None:
        raise NotImplementedError

    def current_screen(self) -> Screen | None:
        raise NotImplementedError

    def lock(self) -> None:
        raise NotImplementedError

    # -- building ------------------------------------------------------------------------------

    def _action(self, key: str, text: str, slot: Any, shortcut: Any = None) -> QAction:
        # = QAction(text, self); choosing that constructor makes PySide build QIcon's Python
        # type (an overload takes an icon first), ≈10 M instructions before READY (0510)
        action = QAction(self)
        action.setText(text)
        action.setObjectName(f"action_{key}")
        if shortcut is not None:
            # = setShortcut(), which would build the Qt namespace's enums (decision 0508)
            action.setShortcuts([QKeySequence(shortcut)])
        action.triggered.connect(slot)
        self._actions[key] = action
        self.addAction(action)
        return action

    def _build_menus(self) -> None:
        """(Re)build every menu in the current language."""
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
            self._action("import_register", _("&Import register…"), self._import_register)
        )
        file_menu.addAction(
            self._action("save_template", _("Save a &blank register…"), self._save_template)
        )
        file_menu.addSeparator()
        file_menu.addAction(
            self._action("quit", _("&Quit"), self.close, QKeySequence.StandardKey.Quit)
        )
        go_menu = bar.addMenu(_("&Go"))
        for key, title, _module, _cls, shortcut in SCREENS:
            go_menu.addAction(
                self._action(f"go_{key}", _(title), lambda _c=False, k=key: self.go(k), shortcut)
            )
        work = bar.addMenu(_("Acti&ons"))
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
            self._action("contrast", _("H&igh contrast"), self._toggle_contrast, "Ctrl+Shift+H")
        )
        self._actions["contrast"].setCheckable(True)
        self._actions["contrast"].setChecked(self.state.settings.high_contrast)
        kept_appearance.keep(self, self.state)
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
        from libtrainer.gui.state import COORDINATOR_SCREENS  # noqa: PLC0415

        allowed = set(self.state.screens()) if signed_in else set()
        device = self.state.device
        coordinators_pc = device is not None and device.role == "coordinator"
        for key, action in self._actions.items():
            if key.startswith("go_"):
                action.setEnabled(key[3:] in allowed)
                if key[3:] in COORDINATOR_SCREENS:  # not greyed out on a branch PC: not there
                    action.setVisible(coordinators_pc)
            else:
                action.setEnabled(signed_in or key in ALWAYS_ENABLED)

    # -- what the actions do -------------------------------------------------------------------

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

    def _import_register(self) -> None:
        from libtrainer.gui import import_dialog  # noqa: PLC0415 - not at start

        self.import_dialog = import_dialog.choose_and_open(self)

    def _save_template(self) -> None:
        """Ask where, then write a blank register (xlsx, in the window's language)."""
        from pathlib import Path  # noqa: PLC0415 - not at start

        from libtrainer.i18n import get_language  # noqa: PLC0415

        from libtrainer.gui.operations import Operation  # noqa: PLC0415
        from libtrainer.gui.widgets import ask_save_path  # noqa: PLC0415

        suggested = Path.home() / (_("attendance-register") + ".xlsx")
        target = ask_save_path(
            self, _("Save a blank register"), suggested, _("Excel workbooks (*.xlsx)"), ".xlsx"
        )
        if target is None:
            return
        lang = get_language()

        def write(_job: Any) -> Path:
            from libtrainer.services.register import write_template  # noqa: PLC0415

            write_template(target, lang)
            return target

        Operation(self, write).read_only().with_progress(_("Saving…")).success(
            self._template_written
        ).run_in_background()

    def _template_written(self, path: Any) -> None:
        from PySide6.QtCore import Qt  # noqa: PLC0415 - not at start (decision 0508)
        from PySide6.QtWidgets import QMessageBox  # noqa: PLC0415 - not at start

        box = QMessageBox(self)
        box.setObjectName("templateSaved")
        box.setIcon(QMessageBox.Icon.Information)
        box.setWindowTitle(_("Save a blank register"))
        box.setText(_("Template written to {path}.").format(path=path))
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        self.template_box = box

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
        kept_appearance.keep(self, self.state)

    def _about(self) -> None:
        from PySide6.QtCore import Qt  # noqa: PLC0415 - not at start (decision 0508)
        from PySide6.QtWidgets import QMessageBox  # noqa: PLC0415 - not at start

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
