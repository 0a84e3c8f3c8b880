"""The pages of the first-run wizard. Each page re-translates itself (``retranslate``) so
choosing a language on the first page changes the whole wizard at once, and checks its own
fields with the core's rules before the wizard moves on (no store exists yet)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from libtrainer.domain import rules
from libtrainer.domain.errors import LibtrainerError
from libtrainer.i18n import _, render
from libtrainer.services import storefind
from libtrainer.services.storefind import FoundStore

from libtrainer.gui import fit, persistence
from libtrainer.gui import labels as L
from libtrainer.gui.firstrun_found import place_text
from libtrainer.gui.widgets import Banner, CodeCombo, add_row


class Page(QWizardPage):
    """A page with a form, an explanation and a message line."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.setObjectName(name)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.message = Banner(kind="error")
        self.message.setObjectName(f"{name}Message")
        content = QWidget(objectName=f"{name}Content")
        #: the page's own layout: intro, form, message, stretch (pages insert into it)
        self.body = QVBoxLayout(content)
        self.body.setContentsMargins(0, 0, 0, 0)
        self.body.addWidget(self.intro)
        self.body.addLayout(self.form)
        self.body.addWidget(self.message)
        self.body.addStretch(1)
        # On a small screen the page scrolls; the wizard's buttons stay in sight.
        self.scroll = fit.scrolling(content, f"{name}Scroll")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.scroll)

    def rows(self, *pairs: tuple[str, QWidget]) -> None:
        while self.form.rowCount():
            self._take(0)
        for text, field in pairs:
            add_row(self.form, text, field)

    def _take(self, row: int) -> None:
        result = self.form.takeRow(row)
        if result.labelItem is not None and result.labelItem.widget() is not None:
            result.labelItem.widget().deleteLater()

    def fail(self, error: Exception | str) -> bool:
        """Show why the page cannot be left; returns False for ``validatePage``."""
        text = render(error) if isinstance(error, LibtrainerError) else str(error)
        self.message.show_message(text, "error")
        fit.scroll_to(self.scroll, self.message)
        return False

    def retranslate(self) -> None:  # pragma: no cover - every page overrides it
        raise NotImplementedError


class LanguagePage(Page):
    """The language, and the records already on this computer (``found``: a FoundBox)."""

    def __init__(self, on_language: Any, current: str, found: Any = None) -> None:
        super().__init__("languagePage")
        self.found = found
        self.buttons = QButtonGroup(self)
        box = QVBoxLayout()
        for code, native in L.UI_LANGUAGES.items():
            button = QRadioButton(native)
            button.setObjectName(f"lang_{code}")
            button.setAccessibleName(native)
            button.setChecked(code == current)
            button.toggled.connect(lambda on, c=code: on and on_language(c))
            self.buttons.addButton(button)
            box.addWidget(button)
        self.body.insertLayout(1, box)
        if found is not None:
            self.body.insertWidget(2, found)

    def retranslate(self) -> None:
        self.setTitle(_("Welcome to libtrainer"))
        self.intro.setText(
            _("Choose the language of the app. You can change it later in Settings.")
        )
        if self.found is not None:
            self.found.retranslate()


class PlacePage(Page):
    """Create a new branch store, or join (a coordinator approves this computer later)."""

    def __init__(self) -> None:
        super().__init__("placePage")
        self.create = QRadioButton()
        self.create.setObjectName("modeCreate")
        self.create.setChecked(True)
        self.join = QRadioButton()
        self.join.setObjectName("modeJoin")
        modes = QHBoxLayout()
        modes.addWidget(self.create)
        modes.addWidget(self.join)
        self.body.insertLayout(1, modes)
        self.country = CodeCombo([("LT", "Lietuva"), ("LV", "Latvija")])
        self.country.setObjectName("country")
        self.region = QLineEdit(objectName="region")
        self.library = QLineEdit(objectName="library")
        self.branch = QLineEdit(objectName="branch")
        self.device_name = QLineEdit(objectName="deviceName")
        self.role = CodeCombo(L.DEVICE_ROLES)
        self.role.setObjectName("deviceRole")

    def retranslate(self) -> None:
        self.setTitle(_("This computer and its place"))
        self.intro.setText(
            _(
                "Create the records of a branch on this computer, or join a "
                "region whose coordinator will approve this computer."
            )
        )
        self.create.setText(_("&Start a branch's records here"))
        self.join.setText(_("&Join a region (coordinator approves)"))
        self.role.set_choices(L.DEVICE_ROLES)
        self.region.setPlaceholderText(_("e.g. Alytaus apskritis"))
        self.library.setPlaceholderText(_("e.g. Lazdijų r. savivaldybės viešoji biblioteka"))
        self.branch.setPlaceholderText(_("e.g. Būdviečio padalinys"))
        self.device_name.setPlaceholderText(_("e.g. Reading room PC 1"))
        self.rows(
            (_("Co&untry"), self.country),
            (_("&Region"), self.region),
            (_("&Library"), self.library),
            (_("&Branch"), self.branch),
            (_("&Device name"), self.device_name),
            (_("Used &as"), self.role),
        )

    def validatePage(self) -> bool:  # noqa: N802
        try:
            for field, edit in (
                ("region", self.region),
                ("library", self.library),
                ("branch", self.branch),
                ("device_name", self.device_name),
            ):
                edit.setText(rules.clean_name(field, edit.text()))
        except LibtrainerError as error:
            return self.fail(error)
        self.message.show_message("")
        return True


class FolderPage(Page):
    """Where the store lives, and whether that folder survives restarts. A folder that already
    holds a store is offered to be opened (``open_wanted(folder)``), never made again."""

    open_wanted = Signal(object)

    def __init__(self, default: Path) -> None:
        super().__init__("folderPage")
        self.folder = QLineEdit(str(default), objectName="dataFolder")
        self.browse = QPushButton(objectName="browseData")
        self.browse.clicked.connect(self._browse)
        self.warning = Banner(kind="warning")
        self.warning.setObjectName("folderWarning")
        self.advice = QLabel()
        self.advice.setWordWrap(True)
        self.accept_risk = QCheckBox(objectName="acceptRisk")
        self.accept_risk.setVisible(False)
        self.existing = Banner(kind="info")
        self.existing.setObjectName("existingStore")
        self.open_existing = QPushButton(objectName="openExisting")
        self.open_existing.setVisible(False)
        self.open_existing.clicked.connect(
            lambda: self.open_wanted.emit(Path(self.folder.text().strip()).expanduser())
        )
        row = QHBoxLayout()
        row.addWidget(self.folder, 1)
        row.addWidget(self.browse)
        self.row = QWidget()
        self.row.setLayout(row)
        row.setContentsMargins(0, 0, 0, 0)
        layout = self.body
        layout.insertWidget(2, self.existing)
        layout.insertWidget(3, self.open_existing)
        layout.insertWidget(5, self.warning)
        layout.insertWidget(6, self.accept_risk)
        layout.insertWidget(7, self.advice)
        self.folder.textChanged.connect(self.check)

    def retranslate(self) -> None:
        self.setTitle(_("Data folder"))
        self.intro.setText(
            _(
                "The records are kept, encrypted, in this folder. Many public "
                "computers restore their disk at every restart: the folder must be "
                "one that is kept."
            )
        )
        self.browse.setText(_("&Browse…"))
        self.browse.setAccessibleName(_("Browse for the data folder"))
        self.accept_risk.setText(_("I understand the risk and want to use this folder anyway"))
        self.open_existing.setText(_("&Open these records"))
        self.open_existing.setAccessibleName(_("Open the records in this folder"))
        self.advice.setText(_(persistence.RESTART_ADVICE))
        self.rows((_("&Folder"), self.row))
        self.folder.setAccessibleName(_("Data folder"))
        self.check()

    def check(self) -> list[persistence.Risk]:
        found = self.found_here()
        self.existing.show_message(
            _(
                "This folder holds the records of {place}. Open them to sign in: nothing in "
                "the folder is changed."
            ).format(place=place_text(found))
            if found is not None
            else "",
            "info",
        )
        self.open_existing.setVisible(found is not None)
        risks = persistence.risky_location(self.folder.text().strip() or ".")
        text = "\n".join(_(r.msgid).format(**r.params) for r in risks)
        self.warning.show_message(text, "warning")
        self.accept_risk.setVisible(bool(risks))
        if not risks:
            self.accept_risk.setChecked(False)
        return risks

    def found_here(self) -> FoundStore | None:
        """The finished store in the folder typed, if any (named from its store.json)."""
        text = self.folder.text().strip()
        return storefind.describe(Path(text).expanduser()) if text else None

    def _browse(self) -> None:
        chosen = QFileDialog.getExistingDirectory(
            self, _("Choose the data folder"), self.folder.text()
        )
        if chosen:
            self.folder.setText(chosen)

    def validatePage(self) -> bool:  # noqa: N802
        text = self.folder.text().strip()
        if not text:
            return self.fail(_("Choose a folder."))
        path = Path(text).expanduser()
        from libtrainer.gui.app import has_store  # noqa: PLC0415 - the wizard is up already

        if (path / "libtrainer.db").exists() and not (path / "store.json").exists():
            from libtrainer.services.storefile import ORPHAN_STORE_FILE  # noqa: PLC0415

            return self.fail(_(ORPHAN_STORE_FILE).format(path=path))
        if (path / "store.json").exists() and has_store(path):  # an unfinished one is remade
            found = self.found_here()
            place = place_text(found) if found is not None else str(path)
            return self.fail(
                _(
                    "This folder already holds the records of {place}. Press “Open these "
                    "records” to use them, or choose an empty folder to start new records."
                ).format(place=place)
            )
        if self.check() and not self.accept_risk.isChecked():
            return self.fail(
                _(
                    "This folder will probably not survive a "
                    "restart. Choose another folder, or tick the "
                    "box to use it anyway."
                )
            )
        try:
            path.mkdir(parents=True, exist_ok=True)
            probe = path / ".libtrainer-write-test"
            probe.write_text("ok", encoding="utf-8")
            probe.unlink()
        except OSError:
            return self.fail(
                _("The folder {path} cannot be written to. Choose another one.").format(path=path)
            )
        self.message.show_message("")
        return True


class SharePage(Page):
    """The shared folder (optional unless joining)."""

    def __init__(self, joining: Any) -> None:
        super().__init__("sharePage")
        self.joining = joining
        self.share = QLineEdit(objectName="shareFolder")
        self.browse = QPushButton(objectName="browseShare")
        self.browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.share, 1)
        row.addWidget(self.browse)
        self.row = QWidget()
        self.row.setLayout(row)

    def retranslate(self) -> None:
        self.setTitle(_("Shared folder"))
        self.intro.setText(
            _(
                "The shared folder (a network drive, a cloud-synced folder or a "
                "USB stick) is where this computer sends its records to the "
                "coordinator. You can leave it empty and set it later in Settings."
            )
        )
        self.browse.setText(_("B&rowse…"))
        self.browse.setAccessibleName(_("Browse for the shared folder"))
        self.rows((_("Shared fold&er"), self.row))
        self.share.setAccessibleName(_("Shared folder"))

    def _browse(self) -> None:
        chosen = QFileDialog.getExistingDirectory(
            self, _("Choose the shared folder"), self.share.text()
        )
        if chosen:
            self.share.setText(chosen)

    def validatePage(self) -> bool:  # noqa: N802
        if self.joining() and not self.share.text().strip():
            return self.fail(
                _("To join a region, give the shared folder the coordinator told you about.")
            )
        from libtrainer.services import settings as device  # noqa: PLC0415

        try:  # its whole path, as Settings keeps it (decision 0331)
            self.share.setText(device.check_share_path(self.share.text()))
        except LibtrainerError as exc:
            return self.fail(exc)
        return True


class AccountPage(Page):
    """The first staff account: an administrator who can add the others."""

    def __init__(self) -> None:
        super().__init__("accountPage")
        self.given = QLineEdit(objectName="givenName")
        self.family = QLineEdit(objectName="familyName")
        self.login = QLineEdit(objectName="newLogin")
        self.password = QLineEdit(objectName="newPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeat = QLineEdit(objectName="newPasswordRepeat")
        self.repeat.setEchoMode(QLineEdit.EchoMode.Password)

    def retranslate(self) -> None:
        self.setTitle(_("Your staff account"))
        self.intro.setText(
            _(
                "You will be this computer's administrator: you sign in with "
                "this account and can add accounts for your colleagues."
            )
        )
        self.rows(
            (_("Given na&me"), self.given),
            (_("Famil&y name"), self.family),
            (_("&Login name"), self.login),
            (_("&Password"), self.password),
            (_("&Repeat the password"), self.repeat),
        )

    def validatePage(self) -> bool:  # noqa: N802
        from libtrainer.services import accounts  # noqa: PLC0415

        try:
            rules.clean_name("given_name", self.given.text())
            rules.clean_name("family_name", self.family.text())
            self.login.setText(accounts.clean_login(self.login.text()))
            accounts.check_new_password(self.password.text())
        except LibtrainerError as error:
            return self.fail(error)
        if self.password.text() != self.repeat.text():
            return self.fail(_("The two passwords differ."))
        self.message.show_message("")
        return True


class DonePage(Page):
    def __init__(self) -> None:
        super().__init__("donePage")
        self.summary = QLabel(objectName="summary")
        self.summary.setWordWrap(True)
        self.body.insertWidget(2, self.summary)

    def retranslate(self) -> None:
        self.setTitle(_("Ready"))
        self.intro.setText(
            _("Press Finish to set up the records on this computer (they are kept encrypted).")
        )
