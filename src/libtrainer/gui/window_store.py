"""How the main window reaches its store: check it at start, open it when first needed, load
the device (see :mod:`libtrainer.gui.opening` and docs/decisions/0505). :class:`StoreWindow`
is a base of :class:`~libtrainer.gui.mainwindow.MainWindow`, which supplies the sign-in panel,
the idle watcher and the title.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from libtrainer.domain.errors import N_, KeyStoreError
from libtrainer.i18n import _

from libtrainer.gui import kept_appearance, opening, store_progress
from libtrainer.gui.lock import IdleWatcher
from libtrainer.gui.operations import Job, Operation, error_text
from libtrainer.gui.signin import SignInPanel
from libtrainer.gui.state import AppState, Device
from libtrainer.gui.window_menus import MenuWindow

Failed = Callable[[BaseException], None]

#: Said when the recovery code brought the key back: on a PC put back at every restart that is
#: every morning, and a passphrase is the better way (decision 0008; ``gui.passphrase_dialog``).
AFTER_EVERY_RESTART = N_(
    "If the app asks for the recovery code after every restart, this computer is put back as "
    "it was each time: an administrator can lock the records with a passphrase instead "
    "(Settings ▸ “Lock the records with a passphrase…”)."
)


#: Something waits for the store (the recovery code's password reset) while the passphrase
#: it opens with is not typed yet: only the sign-in panel takes it.
PASSPHRASE_FIRST = N_(
    "The passphrase of the records is needed first. Close this, type your login name and the "
    "passphrase of the records on the sign-in screen and press “Sign in”: the records open "
    "even if the password is refused. Then come back here."
)


#: "Sign in" was pressed while the store was still being checked, and it turned out to open
#: with a passphrase: the field has just appeared.
PASSPHRASE_TOO = N_(
    "These records open with a passphrase: type it in “Passphrase of the records” too, "
    "then press “Sign in” again."
)


class StoreWindow(MenuWindow):
    """Checks, opens and waits for the store on behalf of the main window."""

    state: AppState
    sign_in: SignInPanel
    idle: IdleWatcher

    def __init__(self, *, checking: bool = False) -> None:
        super().__init__()
        #: The store file as checked (None: not yet, or a passphrase is needed).
        self.checked: opening.CheckedStore | None = None
        self._checking = checking
        self._opening = False
        self._wanted = False  # the store is wanted as soon as it has been checked
        #: What waits for the store to open: (then, failed or None).
        self._waiting: list[tuple[Callable[[], None], Failed | None]] = []
        self._open_error: BaseException | None = None  # why checking or opening failed

    def _retitle(self) -> None:
        raise NotImplementedError

    # -- start: check, then open the store ----------------------------------------------------

    def start(self, *, passphrase: str | None = None) -> None:
        """Check the store on the worker (see :mod:`libtrainer.gui.opening`); the results
        arrive on the GUI thread once the window is shown. ``checked`` holds them."""
        if self.state.store_open:
            self.load_device()
            return
        self._check_store(passphrase)

    def _check_store(self, passphrase: str | None) -> None:
        data_dir = self.state.data_dir

        def check(job: Job) -> opening.CheckedStore | None:
            return opening.check_store(data_dir, passphrase)

        self._checking = True
        self._open_error = None
        operation = Operation(self, check).success(self.store_checked).failure(self.open_failed)
        operation.run_in_background()

    def store_checked(self, result: opening.CheckedStore | None) -> None:
        """The store was checked (None: it needs a passphrase, which the panel now asks for)."""
        self._checking = False
        if result is None:
            self.sign_in.set_needs_passphrase(True)
            # what waited for the store (a sign-in pressed before the field showed) cannot
            # go on without the passphrase: it is asked for, and nothing stays "Signing in…"
            self._fail_waiting(KeyStoreError(PASSPHRASE_FIRST))
            if self.sign_in.busy:
                self.sign_in.ask_passphrase(_(PASSPHRASE_TOO))
            return
        self.checked = result
        self.sign_in.set_needs_passphrase(False)
        store_progress.check_at_start(self.state, result.store_uid, result.progress)
        self.sign_in.set_notice(lambda: store_progress.behind_text(self.state.store_behind))
        meta = result.meta
        if meta["device_id"]:
            self._set_device(meta, result.demo)
        if self._wanted or not result.current:  # a due migration starts at once
            self._when_open()

    @property
    def sign_in_ready(self) -> bool:
        """The store was checked (or is open): signing in can start."""
        return self.checked is not None or self.state.store_open

    def _prepare_store(self) -> None:
        """The person started typing: open the store now, so signing in does not wait."""
        self._wanted = True
        if not self.state.store_open and self.checked is not None:
            self._when_open()

    def _when_open(
        self, then: Callable[[], None] | None = None, failed: Failed | None = None
    ) -> None:
        """Call ``then`` once the store is open and the device loaded (opening it if needed);
        ``failed(error)`` instead when checking or opening it failed (also when it already
        had: a lost key, a damaged file), so that nothing waits for ever."""
        self._wanted = True
        if self.state.store_open and not self._opening:
            if then is not None:
                then()
            return
        if then is not None:
            self._waiting.append((then, failed))
        checked = self.checked
        if self._opening:
            return
        if checked is None:
            if not self._checking and self._open_error is not None:
                self._fail_waiting(self._open_error)
            elif not self._checking and self.sign_in.needs_passphrase:
                # only the sign-in opens the store with the passphrase: never wait for ever
                self._fail_waiting(KeyStoreError(PASSPHRASE_FIRST))
            return
        self._opening = True

        def open_(job: Job) -> Any:
            return opening.open_checked(checked)

        def opened(store: Any) -> None:
            from libtrainer.gui.launching import remember_opened  # noqa: PLC0415

            self.state.tasks.store = store
            remember_opened(self.state)  # a vanished folder is then said, not the wizard
            self.load_device(self._release_waiting, failed=self.open_failed)

        Operation(self, open_).success(opened).failure(self.open_failed).run_in_background()

    def _release_waiting(self) -> None:
        self._opening = False
        waiting, self._waiting = self._waiting, []
        for then, _failed in waiting:
            then()

    def _fail_waiting(self, error: BaseException) -> None:
        waiting, self._waiting = self._waiting, []
        for _then, failed in waiting:
            if failed is not None:
                failed(error)

    def open_failed(self, error: BaseException) -> None:
        """Checking or opening the store failed: say why on the sign-in panel (and to what
        waited for it)."""
        self._checking = self._opening = False
        self._open_error = error
        self.sign_in.show_error(error_text(error))
        self.sign_in.offer_recovery(bool(getattr(error, "recoverable", False)))
        self._fail_waiting(error)

    def recover_store_key(self) -> None:
        """Ask for the recovery code, put the store key back into the keyring, check again."""
        from libtrainer.gui.recovery_dialogs import EnterRecoveryCodeDialog  # noqa: PLC0415

        dialog = EnterRecoveryCodeDialog(self)
        dialog.accepted.connect(lambda: self.put_key_back(dialog.typed()))
        dialog.open()

    def put_key_back(
        self, typed: str, then: Callable[[], None] | None = None, failed: Failed | None = None
    ) -> None:
        """Put the store key back into the keyring with the recovery code ``typed``, say so on
        the sign-in panel and check the store again; then ``then()`` (refused: ``failed``,
        else the panel says why; nothing changed)."""
        data_dir = self.state.data_dir

        def recover(job: Job) -> None:
            from libtrainer.services import recovery  # noqa: PLC0415 - rare

            recovery.recover(data_dir, typed)

        def recovered(_result: None) -> None:
            self.sign_in.offer_recovery(False)
            self.sign_in.message.show_message(
                _("The secret key of the records is back on this computer. Sign in as before.")
                + " "
                + _(AFTER_EVERY_RESTART),
                "info",
            )
            self._check_store(None)
            if then is not None:
                then()

        def refused(error: BaseException) -> None:
            if failed is not None:
                failed(error)
            else:
                self.sign_in.show_error(error_text(error))

        Operation(self, recover).with_progress(_("Opening the records…")).success(
            recovered
        ).failure(refused).run_in_background()

    def forgot_password(self) -> None:
        """ "Forgot your password?": what to do, and with the store's recovery code a new
        password for an administrator (``gui.password_dialogs``, decision 0519)."""
        data_dir = self.state.data_dir
        self._prepare_store()  # open it meanwhile: setting the password needs it

        def look(_job: Job) -> bool:
            from libtrainer.domain.errors import LibtrainerError  # noqa: PLC0415
            from libtrainer.services import recovery  # noqa: PLC0415 - rare

            try:
                return recovery.has_code(data_dir)
            except LibtrainerError:  # no store, a damaged settings file: no code to use
                return False

        Operation(self, look).success(self._show_forgot).run_in_background()

    def _show_forgot(self, has_code: bool) -> None:
        from libtrainer.gui.password_dialogs import KEY_BACK, ForgotPasswordDialog  # noqa: PLC0415

        if self.state.user is not None:
            return  # signed in meanwhile
        dialog = ForgotPasswordDialog(
            self,
            data_dir=self.state.data_dir,
            has_code=has_code,
            when_open=self._when_open,
            put_key_back=self.put_key_back,
        )

        def done(login: str) -> None:
            self.sign_in.reset(login=login)
            text = _("A new password is set for “{login}”. Sign in with it.").format(login=login)
            if dialog.key_back:
                text = _(KEY_BACK) + " " + text
            self.sign_in.message.show_message(text, "info")
            self.sign_in.focus()

        dialog.finished_ok.connect(done)
        dialog.open()

    def forgot_passphrase(self) -> None:
        """ "Forgot the passphrase?": with the store's recovery code a new passphrase; a store
        locked with a passphrase from the start has no code, and the dialog says so
        (``gui.forgot_passphrase``, decision 0524)."""
        data_dir = self.state.data_dir

        def look(_job: Job) -> bool:
            from libtrainer.domain.errors import LibtrainerError  # noqa: PLC0415
            from libtrainer.services import keysource  # noqa: PLC0415 - rare

            try:
                return keysource.can_reset(data_dir)
            except LibtrainerError:  # no store, a damaged settings file: no code to use
                return False

        Operation(self, look).success(self._show_forgot_passphrase).run_in_background()

    def _show_forgot_passphrase(self, can_reset: bool) -> None:
        from libtrainer.gui.forgot_passphrase import ForgotPassphraseDialog  # noqa: PLC0415

        if self.state.store_open or self.checked is not None:
            return  # opened meanwhile: the passphrase is no longer asked
        dialog = ForgotPassphraseDialog(self, data_dir=self.state.data_dir, can_reset=can_reset)

        def done(_result: object) -> None:
            self.sign_in.passphrase.clear()
            self.sign_in.message.show_message(
                _("The records now open with the new passphrase. Type it below to sign in."),
                "info",
            )
            self.sign_in.passphrase.setFocus()

        dialog.finished_ok.connect(done)
        dialog.open()

    def load_device(
        self, then: Any = None, *, failed: Callable[[BaseException], None] | None = None
    ) -> None:
        """Read the device's identity and settings from the open store, then call ``then``
        (on failure ``failed``, else the error is shown the standard way)."""
        data_dir = self.state.data_dir
        known_demo = self.checked.demo if self.checked is not None else None
        look = kept_appearance.current(self.state.settings)

        def load(job: Job) -> tuple[dict[str, str], Any, bool]:
            from libtrainer.services import settings as device_settings  # noqa: PLC0415

            from libtrainer.gui import queries  # noqa: PLC0415

            if known_demo is None:
                from libtrainer.services import storefile  # noqa: PLC0415

                demo = storefile.is_demo(data_dir)
            else:
                demo = known_demo
            with job.store.read() as conn:
                meta, prefs = queries.device_meta(conn), device_settings.read(conn)
            return meta, prefs, demo

        def keep(_job: Job, meta: dict[str, str]) -> None:
            _keep_place(data_dir, meta)
            kept_appearance.keep_in(data_dir, look)  # for a fresh profile tomorrow (0518)

        def loaded(result: tuple[dict[str, str], Any, bool]) -> None:
            meta, prefs, demo = result
            self._set_device(meta, demo)
            self.state.idle_lock_minutes = prefs.idle_lock_minutes
            self.state.share_path = prefs.share_path
            self.state.scheduled_send = prefs.scheduled_send
            self.idle.set_minutes(prefs.idle_lock_minutes)
            if then is not None:
                then()  # signing in goes first (its check is queued before this): 0527
            # only labels for tomorrow's fresh profile: after what the person waits for
            Operation(self, lambda job: keep(job, meta)).read_only().run_in_background()

        operation = Operation(self, load).success(loaded).read_only()
        if failed is not None:
            operation.failure(failed)
        operation.run_in_background()

    def _set_device(self, meta: dict[str, str], demo: bool) -> None:
        self.state.device = Device(
            meta["device_id"],
            meta["region_id"],
            meta["library_id"],
            meta["branch_id"],
            meta["role"],
            meta["device_name"],
            meta["branch_name"],
            demo,
            meta.get("country", ""),
        )
        self._retitle()


def _keep_place(data_dir: Any, meta: dict[str, str]) -> None:
    """Name the branch and this computer in ``store.json`` (worker thread) when it does not
    yet: the first-run wizard shows them for a store found without its settings (0518)."""
    import logging  # noqa: PLC0415

    from libtrainer.services import storefile  # noqa: PLC0415

    try:
        storefile.keep_place(data_dir, branch=meta["branch_name"], device=meta["device_name"])
    except Exception as exc:  # noqa: BLE001 - only a label: opening must go on without it
        logging.getLogger("libtrainer.gui").warning(
            "store.json not updated with the branch name: %s", type(exc).__name__
        )
