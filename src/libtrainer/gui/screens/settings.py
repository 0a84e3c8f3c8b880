"""Settings: language, text size, contrast and automatic sync (per person); idle lock and
shared folder (the device's, administrators only); the data folder's restart check; passwords
and accounts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from libtrainer.i18n import _, get_language

from libtrainer.gui import labels as L
from libtrainer.gui.accounts_panel import AccountsPanel
from libtrainer.gui.operations import error_text
from libtrainer.gui.screens.base import Screen
from libtrainer.gui.widgets import add_row, scrolling


class SettingsScreen(Screen):
    key = "settings"

    def __init__(self, state: Any, title: str, parent: Any = None) -> None:
        super().__init__(state, title, parent)
        page = QWidget()
        column = QVBoxLayout(page)
        column.addWidget(self._personal())
        column.addWidget(self._device())
        column.addWidget(self._password())
        if state.is_admin:
            self.accounts = AccountsPanel(state)
            column.addWidget(self.accounts)
        column.addStretch(1)
        self.body.addWidget(scrolling(page))

    def _personal(self) -> QGroupBox:
        box = QGroupBox(_("For you"))
        form = QFormLayout(box)
        self.language = QComboBox(objectName="language")
        for code, native in L.UI_LANGUAGES.items():
            self.language.addItem(native, code)
        self.language.setCurrentIndex(self.language.findData(get_language()))
        self.language.activated.connect(self._language)
        self.contrast = QCheckBox(_("H&igh contrast"), objectName="highContrast")
        self.contrast.setChecked(self.state.settings.high_contrast)
        self.contrast.toggled.connect(self._contrast)
        self.font_size = QSpinBox(objectName="fontSize")
        self.font_size.setRange(0, 28)
        self.font_size.setSpecialValueText(_("as the system"))
        self.font_size.setValue(self.state.settings.font_points)
        self.font_size.valueChanged.connect(self._font)
        add_row(form, _("Language"), self.language)
        add_row(form, "", self.contrast)
        self.contrast.setAccessibleName(_("High contrast"))
        add_row(form, _("Te&xt size (points)"), self.font_size)
        self.auto_sync = QSpinBox(objectName="autoSyncMinutes")
        self.auto_sync.setRange(0, 240)
        self.auto_sync.setSpecialValueText(_("only with “Sync now”"))
        self.auto_sync.setSuffix(_(" min"))
        self.auto_sync.setValue(self.state.settings.auto_sync_minutes)
        self.auto_sync.valueChanged.connect(self._auto_sync)
        add_row(form, _("Sync automatically every"), self.auto_sync)
        return box

    def _device(self) -> QGroupBox:
        box = QGroupBox(_("This computer"))
        form = QFormLayout(box)
        self.idle = QSpinBox(objectName="idleMinutes")
        self.idle.setRange(1, 120)
        self.idle.setValue(self.state.idle_lock_minutes)
        self.idle.setSuffix(_(" min"))
        self.share = QLineEdit(self.state.share_path or "", objectName="sharePath")
        browse = QPushButton(_("&Browse…"), objectName="browseSharePath")
        browse.setAccessibleName(_("Browse for the shared folder"))
        browse.clicked.connect(self._browse)
        line = QWidget()
        row = QHBoxLayout(line)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.share, 1)
        row.addWidget(browse)
        self.scheduled = QCheckBox(
            _("Send every hour also &while the app is closed"), objectName="scheduledSend"
        )
        self.scheduled.setChecked(self.state.scheduled_send)
        self.scheduled.setAccessibleName(_("Send every hour also while the app is closed"))
        self.scheduled.setToolTip(
            _(
                "Registers an hourly task with the system for the person signed in to this "
                "computer; the day's last work leaves even when nobody opens libtrainer."
            )
        )
        self.save_device = QPushButton(_("&Save for this computer"), objectName="saveDevice")
        self.save_device.clicked.connect(self._save_device)
        add_row(form, _("Loc&k after idle"), self.idle)
        add_row(form, _("Shared fold&er"), line)
        self.share.setAccessibleName(_("Shared folder"))
        form.addRow("", self.scheduled)
        form.addRow("", self.save_device)
        folder = QLabel(_("Data folder: {path}").format(path=self.state.data_dir))
        folder.setWordWrap(True)
        folder.setObjectName("dataFolderLabel")
        form.addRow(folder)
        if self.state.is_admin and self._key_source() == "keyring":
            self.new_code = QPushButton(
                _("Make a new recovery code…"), objectName="newRecoveryCode"
            )
            self.new_code.setToolTip(
                _(
                    "The recovery code opens the records again when this computer loses their "
                    "secret key. A new code replaces the one on paper."
                )
            )
            self.new_code.clicked.connect(self._ask_new_code)
            form.addRow("", self.new_code)
            self.use_passphrase = QPushButton(
                _("Lock the records with a passphrase…"), objectName="usePassphrase"
            )
            self.use_passphrase.setToolTip(
                _(
                    "For a computer put back as it was at every restart, or one whose Windows "
                    "account visitors use too: the staff type the passphrase at each start."
                )
            )
            self.use_passphrase.clicked.connect(self._ask_passphrase)
            form.addRow("", self.use_passphrase)
        for widget in (self.idle, self.share, browse, self.scheduled, self.save_device):
            widget.setEnabled(self.state.is_admin)
        if not self.state.is_admin:
            form.addRow(QLabel(_("Only an administrator can change these.")))
        return box

    def _key_source(self) -> str:
        """Where the key of the records is kept ("keyring", "passphrase", "demo"; "" when
        store.json cannot be read): a few bytes of store.json, no key needed."""
        from libtrainer.services import storefind  # noqa: PLC0415

        found = storefind.describe(Path(self.state.data_dir))
        return found.key_source if found is not None else ""

    def _ask_passphrase(self) -> None:
        from libtrainer.gui.passphrase_dialog import UsePassphraseDialog  # noqa: PLC0415

        dialog = UsePassphraseDialog(
            self, data_dir=Path(self.state.data_dir), scheduled_send=self.state.scheduled_send
        )
        dialog.finished_ok.connect(self._passphrase_in_use)
        dialog.open()
        self.passphrase_dialog = dialog

    def _passphrase_in_use(self, scheduled_send: bool) -> None:
        """The records open with the passphrase from the next start: no recovery code to make,
        no move to offer again."""
        self.state.scheduled_send = scheduled_send
        self.scheduled.setChecked(scheduled_send)
        for button in (self.new_code, self.use_passphrase):
            button.hide()
        self.banner.show_message(
            _(
                "Done. From the next start the app asks for the passphrase before anyone can "
                "sign in; without it the records cannot be opened."
            ),
            "info",
        )

    def _ask_new_code(self) -> None:
        from libtrainer.gui.confirm import ConfirmDialog  # noqa: PLC0415

        question = ConfirmDialog(
            self,
            _("New recovery code"),
            _(
                "A new recovery code replaces the one written down before: the old code stops "
                "working. Make a new one only when you can write it down now."
            ),
            _("&Make a new code"),
            "newRecoveryCode",
        )
        question.accepted.connect(self._new_code)
        question.open()

    def _new_code(self) -> None:
        from libtrainer.gui.recovery_dialogs import RecoveryCodeDialog  # noqa: PLC0415

        data_dir = self.state.data_dir

        def make(_job: Any) -> tuple[str, Any]:
            from libtrainer.services import recovery  # noqa: PLC0415

            return recovery.prepare_code(data_dir)

        def keep(wrapped: Any) -> None:
            from libtrainer.services import recovery  # noqa: PLC0415

            self.op(lambda _job: recovery.keep_code(data_dir, wrapped)).success(
                lambda _r: self.banner.show_message(
                    _(
                        "The new recovery code is kept; the one written down before no longer "
                        "works."
                    ),
                    "info",
                )
            ).failure(failed).run_in_background()

        def show(made: tuple[str, Any]) -> None:
            code, wrapped = made
            dialog = RecoveryCodeDialog(self, code)
            # kept only once written down: a lock meanwhile leaves the old code working
            dialog.accepted.connect(lambda: keep(wrapped))
            dialog.open()

        def failed(error: BaseException) -> None:
            self.banner.show_message(error_text(error), "error")

        self.op(make).success(show).failure(failed).run_in_background()

    def _password(self) -> QGroupBox:
        box = QGroupBox(_("My password"))
        form = QFormLayout(box)
        self.old = QLineEdit(objectName="oldPassword")
        self.new = QLineEdit(objectName="newPassword")
        self.repeat = QLineEdit(objectName="repeatPassword")
        for field in (self.old, self.new, self.repeat):
            field.setEchoMode(QLineEdit.EchoMode.Password)
        add_row(form, _("C&urrent password"), self.old)
        add_row(form, _("&New password"), self.new)
        add_row(form, _("Repeat &the new password"), self.repeat)
        change = QPushButton(_("&Change my password"), objectName="changePassword")
        change.clicked.connect(self._change_password)
        form.addRow("", change)
        return box

    # -- personal ------------------------------------------------------------------------------

    def _language(self, index: int) -> None:
        code = self.language.itemData(index)
        window = self.window()
        if code == get_language() or not hasattr(window, "set_language"):
            return
        if not window.set_language(code):
            # a form asks first (decision 0516): the choice shows the language in use until
            # Save or Don't save switches it; Cancel keeps it
            self.language.setCurrentIndex(self.language.findData(get_language()))

    def _contrast(self, on: bool) -> None:
        self.state.settings.high_contrast = on
        self._appearance()

    def _font(self, points: int) -> None:
        self.state.settings.font_points = points
        self._appearance()

    def _auto_sync(self, minutes: int) -> None:
        """Kept at once, and the running automatic sync follows it (0: only "Sync now")."""
        self.state.settings.auto_sync_minutes = minutes
        autosync = getattr(self.window(), "autosync", None)
        if autosync is not None:
            autosync.set_minutes(minutes)

    def _appearance(self) -> None:
        window = self.window()
        apply = getattr(window, "_apply_appearance", None)
        if callable(apply):
            apply()

    # -- device --------------------------------------------------------------------------------

    def _browse(self) -> None:
        chosen = QFileDialog.getExistingDirectory(
            self, _("Choose the shared folder"), self.share.text()
        )
        if chosen:
            self.share.setText(chosen)

    def _save_device(self) -> None:
        from libtrainer.services import settings as device  # noqa: PLC0415

        minutes, share = self.idle.value(), self.share.text().strip()
        send, data_dir = self.scheduled.isChecked(), self.state.data_dir
        changed = send != self.state.scheduled_send

        def save(uow: Any) -> Any:
            from libtrainer.sync import scheduled  # noqa: PLC0415

            # The system first: when it refuses, the choice is not kept and the banner says why.
            # Only when the choice changes: a scheduler that refuses must not stop a change
            # of the idle time or the shared folder.
            if changed and send:
                scheduled.install(data_dir)
            elif changed:
                scheduled.remove(data_dir)
            return device.save(
                uow, share_path=share, idle_lock_minutes=minutes, scheduled_send=send
            )

        self.write(save).success(self._device_saved).failure(
            self._device_not_saved
        ).run_in_background()

    def _device_saved(self, saved: Any) -> None:
        self.state.idle_lock_minutes = saved.idle_lock_minutes
        self.state.share_path = saved.share_path
        self.state.scheduled_send = saved.scheduled_send
        window = self.window()
        idle = getattr(window, "idle", None)
        if idle is not None:
            idle.set_minutes(saved.idle_lock_minutes)
        self.banner.show_message(_("Saved for this computer."), "info")
        if saved.share_path:
            self._check_share(saved.share_path)

    def _check_share(self, share: str) -> None:
        """Say so when the shared folder just saved cannot be reached now (a typo, a network
        drive not connected). Looked at in the background, for a few seconds at most: a
        dead network path can hang."""
        from libtrainer.gui import sync_runner  # noqa: PLC0415

        def look(_job: Any) -> bool:
            return sync_runner.reachable_within(Path(share))

        def seen(reachable: bool) -> None:
            if not reachable and self.state.share_path == share:
                self.banner.show_message(
                    _(
                        "Saved for this computer, but the shared folder {path} cannot be "
                        "reached now. Check the name; if it is a network drive or a USB stick, "
                        "the app will send when it is there."
                    ).format(path=share),
                    "warning",
                )

        self.op(look).read_only().success(seen).run_in_background()

    def _device_not_saved(self, error: BaseException) -> None:
        """Nothing was kept: the box shows again what this computer does."""
        self.scheduled.setChecked(self.state.scheduled_send)
        self._failed(error)

    # -- password ------------------------------------------------------------------------------

    def _change_password(self) -> None:
        from libtrainer.services import accounts  # noqa: PLC0415

        if self.new.text() != self.repeat.text():
            self.banner.show_message(_("The two passwords differ."), "error")
            return
        staff, old, new = self.state.staff_id, self.old.text(), self.new.text()
        self.write(lambda uow: accounts.change_password(uow, staff, old, new)).success(
            self._password_changed
        ).failure(self._failed).run_in_background()

    def _password_changed(self, _result: Any) -> None:
        for field in (self.old, self.new, self.repeat):
            field.clear()
        self.banner.show_message(_("Your password was changed."), "info")

    def _failed(self, error: BaseException) -> None:
        self.banner.show_message(error_text(error), "error")

    def refresh(self) -> None:
        accounts = getattr(self, "accounts", None)
        if accounts is not None:
            accounts.refresh()
