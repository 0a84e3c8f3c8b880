"""First run: language (and records already on this computer), place, data folder (does it
survive restarts?), shared folder, how the records are locked (the key kept by Windows, or a
passphrase the staff type at each start: ``gui.firstrun_key``), and the first staff account.

Nothing is written until Finish: then one background operation creates the encrypted store,
sets up the device, saves the shared folder, creates the administrator account and leaves the
restart-check marker in the data folder. If any step fails, the files it created are removed so
the wizard can simply be run again. Joining a region creates the same local store and, when the
shared folder is reachable, sends the enrolment request at once; the code for the coordinator is
shown on the Sync screen, which runs the first sync (the region's catalogue) once approved.
"""

from __future__ import annotations

import contextlib
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QApplication, QWizard

from libtrainer.i18n import _, get_language
from libtrainer.services.storefind import FoundStore

from libtrainer.gui import appearance, fit, kept_appearance
from libtrainer.gui import labels as L
from libtrainer.gui.firstrun_found import FoundBox, find_here
from libtrainer.gui.firstrun_key import KeyPage
from libtrainer.gui.firstrun_pages import (
    AccountPage,
    DonePage,
    FolderPage,
    LanguagePage,
    Page,
    PlacePage,
    SharePage,
)
from libtrainer.gui.operations import Job, Operation, error_text
from libtrainer.gui.state import AppState

log = logging.getLogger("libtrainer.gui")

LANGUAGE, PLACE, FOLDER, SHARE, KEY, ACCOUNT, DONE = range(7)


@dataclass(frozen=True)
class Answers:
    """Everything the wizard asked, ready for :func:`create_store`."""

    country: str
    region: str
    library: str
    branch: str
    device_name: str
    role: str
    joining: bool
    data_dir: Path
    share: str
    passphrase: str | None
    given_name: str
    family_name: str
    login: str
    password: str
    #: the app's language, contrast and text size, kept in store.json (gui.kept_appearance)
    appearance: dict[str, Any] | None = None


#: A recovery code made by the wizard, not kept yet: (the code as shown, the key wrapped with it).
MadeCode = tuple[str, dict[str, Any]]


def create_store(answers: Answers) -> tuple[Any, Any, Any, MadeCode | None]:
    """Create and set up the store (worker thread). Returns (store, signed-in user, marker,
    the recovery code of a keyring store — None for a passphrase store). The code is not kept
    yet: ``store.json`` says one is owed until the window keeps it, once written down."""
    from libtrainer.services import accounts, recovery, setup, storefile  # noqa: PLC0415
    from libtrainer.services import settings as device_settings  # noqa: PLC0415

    from libtrainer.gui import persistence  # noqa: PLC0415

    folder = answers.data_dir
    before = set(folder.iterdir()) if folder.is_dir() else set()
    store = None
    try:
        store = storefile.create(folder, passphrase=answers.passphrase, setup_pending=True)
        ident = setup.initialise(
            store,
            region=answers.region,
            library=answers.library,
            branch=answers.branch,
            device_name=answers.device_name,
            role=answers.role,
            country=answers.country,
        )
        with store.uow() as uow:
            accounts.create_account(
                uow,
                login=answers.login,
                password=answers.password,
                role="admin",
                given_name=answers.given_name,
                family_name=answers.family_name,
                branch_id=ident.branch_id,
            )
        if answers.share:
            with store.uow() as uow:
                device_settings.save(uow, share_path=answers.share)
        if answers.joining and answers.share:
            from libtrainer.gui import sync_runner  # noqa: PLC0415

            sync_runner.ask_to_join(store, answers.share)
        code = None
        if answers.passphrase is None:
            code = recovery.prepare_code(folder)
            recovery.owe_code(folder)
        marker = persistence.write_marker(folder)
        with store.read() as conn:
            user = accounts.verify(conn, answers.login, answers.password)
        # until here, a crash leaves a store made again
        storefile.finish_setup(
            folder,
            branch=answers.branch,
            device=answers.device_name,
            appearance=answers.appearance,
        )
        return store, user, marker, code
    except BaseException:
        if store is not None:
            store.close()
        for path in set(folder.iterdir()) - before if folder.is_dir() else ():
            with contextlib.suppress(OSError):
                path.unlink()
        raise


class FirstRunWizard(QWizard):
    """Emits ``completed(user)`` once the store exists and the administrator is signed in,
    or ``open_found(folder)`` when the person chose to open a store already there."""

    completed = Signal(object)
    #: the person chose to open a store that is already there (its folder): 0518
    open_found = Signal(object)

    def __init__(
        self,
        state: AppState,
        *,
        keyring_available: bool | None = None,
        restore: list[str] | None = None,
        found: list[FoundStore] | None = None,
    ) -> None:
        """``restore``: the reboot-restore products installed (None: look, as
        ``persistence.restore_software`` does); they make the key page propose a
        passphrase. ``found``: the records already on this computer when the start searched
        for them (``kept_appearance.at_start``); None: look now (``find_here``)."""
        super().__init__()
        self.state = state
        #: the keyring store's recovery code once made, handed to the window that shows it
        self.recovery_code: MadeCode | None = None
        self.setObjectName("firstRunWizard")
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        if keyring_available is None:
            from libtrainer.sync import keys  # noqa: PLC0415

            keyring_available = keys.keyring_available()
        self.keyring_available = keyring_available
        if restore is None:
            from libtrainer.gui.persistence import restore_software  # noqa: PLC0415

            restore = restore_software()
        self.found = FoundBox(find_here(state.data_dir) if found is None else found)
        self.found.chosen.connect(self.open_found)
        self.language_page = LanguagePage(self.set_language, get_language(), self.found)
        self.place = PlacePage()
        self.folder = FolderPage(state.data_dir)
        self.folder.open_wanted.connect(self.open_found)
        self.share = SharePage(lambda: self.place.join.isChecked())
        self.key = KeyPage(keyring_available=keyring_available, restore=restore)
        self.account = AccountPage()
        self.done_page = DonePage()
        for page_id, page in (
            (LANGUAGE, self.language_page),
            (PLACE, self.place),
            (FOLDER, self.folder),
            (SHARE, self.share),
            (KEY, self.key),
            (ACCOUNT, self.account),
            (DONE, self.done_page),
        ):
            self.setPage(page_id, page)
        self.currentIdChanged.connect(self._page_shown)
        fit.fit_window(self, 760, 560)
        self.retranslate()

    def pages(self) -> list[Page]:
        return [self.page(i) for i in self.pageIds()]  # type: ignore[misc]

    def set_language(self, lang: str) -> None:
        app = QApplication.instance()
        if isinstance(app, QApplication):
            lang = appearance.apply_language(app, lang)
        self.state.settings.language = lang
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(_("libtrainer — first start"))
        for button, text in (
            (QWizard.WizardButton.NextButton, _("&Next >")),
            (QWizard.WizardButton.BackButton, _("< Bac&k")),
            (QWizard.WizardButton.FinishButton, _("&Finish")),
            (QWizard.WizardButton.CancelButton, _("Cancel")),
        ):
            self.setButtonText(button, text)
            self.button(button).setAccessibleName(text.replace("&", "").strip("<> "))
        for page in self.pages():
            page.retranslate()

    def _page_shown(self, page_id: int) -> None:
        if page_id == DONE:
            self.done_page.summary.setText(self._summary())

    def _summary(self) -> str:
        a = self.answers()
        lines = [
            _("Branch: {branch}, {library}, {region}").format(
                branch=a.branch, library=a.library, region=a.region
            ),
            _("This computer: {name} ({role})").format(
                name=a.device_name, role=L.label(L.DEVICE_ROLES, a.role)
            ),
            _("Data folder: {path}").format(path=a.data_dir),
            _("Shared folder: {path}").format(path=a.share or _("not set yet")),
            _("The records open with a passphrase, asked at each start.")
            if a.passphrase is not None
            else _(
                "The records open with the key Windows keeps for this account; a recovery "
                "code to write down is shown after Finish."
            ),
            _("Administrator: {name} (login {login})").format(
                name=f"{a.given_name} {a.family_name}", login=a.login
            ),
        ]
        if a.joining:
            lines.append(
                _("After Finish, open Sync to see the enrolment code to read to your coordinator.")
            )
        return "\n".join(lines)

    def answers(self) -> Answers:
        p, f, s, k, a = self.place, self.folder, self.share, self.key, self.account
        return Answers(
            country=p.country.code(),
            region=p.region.text().strip(),
            library=p.library.text().strip(),
            branch=p.branch.text().strip(),
            device_name=p.device_name.text().strip(),
            role=p.role.code(),
            joining=p.join.isChecked(),
            data_dir=Path(f.folder.text().strip()).expanduser(),
            share=s.share.text().strip(),
            passphrase=k.phrase.text() if k.uses_passphrase() else None,
            given_name=a.given.text().strip(),
            family_name=a.family.text().strip(),
            login=a.login.text().strip(),
            password=a.password.text(),
            appearance=kept_appearance.current(self.state.settings),
        )

    def accept(self) -> None:
        """Finish: create everything in the background; close only when it worked."""
        answers = self.answers()
        finish = self.button(QWizard.WizardButton.FinishButton)
        finish.setEnabled(False)

        def created(result: tuple[Any, Any, Any, MadeCode | None]) -> None:
            store, user, marker, self.recovery_code = result
            self.state.tasks.store = store
            self.state.data_dir = answers.data_dir
            from libtrainer.gui.app import follow_log  # noqa: PLC0415 - app imports this module

            self.state.log_path = follow_log(answers.data_dir)  # the folder exists now
            settings = self.state.settings
            settings.data_dir = str(answers.data_dir)
            settings.marker_path = marker.path
            settings.marker_written = marker.token
            settings.persistence_confirmed = False
            settings.last_login = user.login
            settings.sync()
            super(FirstRunWizard, self).accept()
            self.completed.emit(user)

        def failed(error: BaseException) -> None:
            finish.setEnabled(True)
            self.done_page.message.show_message(error_text(error), "error")

        def run(job: Job) -> tuple[Any, Any, Any, MadeCode | None]:
            return create_store(answers)

        Operation(self, run).with_progress(_("Setting up the records on this computer…")).success(
            created
        ).failure(failed).run_in_background()
