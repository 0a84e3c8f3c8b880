"""Starting the app: ``libtrainer`` without a command calls :func:`run`.

Order matters for a fast start: Qt, settings and language first, then the window (or the
first-run wizard) is shown. While it is built, the worker checks the store file (key, schema,
device) without the core; the core (SQLAlchemy, the models) is loaded and the store opened
only when the person starts signing in (:mod:`libtrainer.gui.opening`).
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QWidget
from shiboken6 import isValid

from libtrainer.i18n import ENV_LANG, get_language, normalise

from libtrainer.gui import appearance, operations, qtfix
from libtrainer.gui.settings import GuiSettings
from libtrainer.gui.state import AppState

if TYPE_CHECKING:
    from libtrainer.services.storefind import FoundStore

log = logging.getLogger("libtrainer.gui")

#: The files that make a data folder hold a store (as services.storefile writes them).
STORE_FILES = ("store.json", "libtrainer.db")


def ensure_app(argv: list[str] | None = None) -> QApplication:
    """The one QApplication of the process (created here when there is none)."""
    app = QApplication.instance()
    if isinstance(app, QApplication):
        return app
    QCoreApplication.setOrganizationName("libtrainer")
    QCoreApplication.setApplicationName("libtrainer")
    created = QApplication(argv if argv is not None else sys.argv[:1])
    qtfix.install()
    return created


#: Options that name the window's language (``demo --start --language`` as well as --lang).
LANGUAGE_OPTIONS = ("--lang", "--language")


def choose_language(settings: GuiSettings, argv: list[str]) -> str:
    """--lang, ``demo --start --language`` or LIBTRAINER_LANG (already applied by the CLI),
    else the saved choice, else the computer's language (applied by the CLI too)."""
    explicit = any(
        a in LANGUAGE_OPTIONS or a.startswith(tuple(f"{o}=" for o in LANGUAGE_OPTIONS))
        for a in argv
    ) or os.environ.get(ENV_LANG)
    if explicit:
        return get_language()
    return normalise(settings.language) or get_language()


def choose_data_dir(given: Path, settings: GuiSettings, argv: list[str]) -> Path:
    """--data-dir / LIBTRAINER_DATA_DIR win; else the folder chosen at first run; else default."""
    from libtrainer.paths import ENV_DATA_DIR  # noqa: PLC0415 - platformdirs, only when asked
    from libtrainer.paths import data_dir as default_data_dir  # noqa: PLC0415

    explicit = any(a == "--data-dir" or a.startswith("--data-dir=") for a in argv) or (
        os.environ.get(ENV_DATA_DIR)
    )
    if not explicit and settings.data_dir and given == default_data_dir(None):
        return Path(settings.data_dir)
    return given


def follow_log(folder: Path) -> Path:
    """Log to ``folder``'s log file from now on (as soon as the folder exists: the first-run
    wizard calls this again once it made it); the log file's path, for the About box."""
    from libtrainer.cli.context import setup_logging  # noqa: PLC0415 - no Qt, little to load
    from libtrainer.paths import log_dir  # noqa: PLC0415

    return setup_logging(folder) or log_dir(folder) / "libtrainer.log"


def has_store(folder: Path) -> bool:
    """A store whose set-up finished is in ``folder`` (one interrupted in the first-run wizard
    or ``init`` is not: the wizard makes it again; ``services.storefile.unfinished``)."""
    if not all((folder / name).is_file() for name in STORE_FILES):
        return False
    import json  # noqa: PLC0415 - a few bytes, once

    try:
        config = json.loads((folder / "store.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return True  # damaged: opening it says so
    return not (isinstance(config, dict) and config.get("setup_pending") is True)


def make_state(
    data_dir: Path,
    settings: GuiSettings,
    log_path: Path | None = None,
    *,
    check: bool = False,
    passphrase: str | None = None,
) -> AppState:
    """Task manager + shared state, with the restart check of the data folder done. With
    ``check``, checking the store (:func:`check_store`) starts first of all."""
    tasks = operations.TaskManager()
    operations.install(tasks)
    state = AppState(data_dir, settings, tasks, log_path)
    if check:
        check_store(state, passphrase)
    path, token = settings.marker_path, settings.marker_written
    if path and token:  # else no marker was written: state.persistence stays "none"
        from libtrainer.gui import persistence  # noqa: PLC0415 - only with a marker to check

        state.persistence = persistence.check_marker(path, token)
        if state.persistence == "confirmed":
            settings.persistence_confirmed = True
    return state


def launch(
    state: AppState,
    *,
    passphrase: str | None = None,
    keyring_available: bool | None = None,
    checking: bool = False,
    found: list[FoundStore] | None = None,
) -> QWidget:
    """Show the first-run wizard (no store yet), the missing-folder warning (the folder this
    computer used holds no store now) or the main window; returns what is shown
    (:mod:`libtrainer.gui.launching`).

    ``checking``: :func:`check_store` was already called for this state (by :func:`start`);
    ``found``: the records already on this computer, searched for at start
    (``kept_appearance.at_start``): the wizard does not search again."""
    from libtrainer.gui import launching  # noqa: PLC0415

    if not has_store(state.data_dir):
        if launching.records_missing(state):
            return launching.show_missing(
                state, passphrase=passphrase, keyring_available=keyring_available
            )
        return launching.show_wizard(
            state, passphrase=passphrase, keyring_available=keyring_available, found=found
        )
    return launching.show_window(state, passphrase=passphrase, checking=checking)


def check_store(state: AppState, passphrase: str | None) -> None:
    """Start checking the store on the worker before the main window is even imported: the
    work (mostly C: scrypt, SQLCipher) then runs while the window is built, and its result
    reaches the window (``state.window``) once the event loop runs."""
    from libtrainer.gui import opening  # noqa: PLC0415

    data_dir = state.data_dir

    def check(job: operations.Job) -> opening.CheckedStore | None:
        return opening.check_store(data_dir, passphrase)

    def window() -> Any:
        return state.window if state.window is not None and isValid(state.window) else None

    def checked(result: opening.CheckedStore | None) -> None:
        if (shown := window()) is not None:
            shown.store_checked(result)

    def failed(error: BaseException) -> None:
        if (shown := window()) is not None:
            shown.open_failed(error)

    operations.Operation(None, check).success(checked).failure(failed).run_in_background()


#: How long the app's exit waits for background work (a sync on a shared folder that stopped
#: answering) before the process ends without it.
EXIT_WAIT_SECONDS = 15.0


def shutdown(state: AppState, *, wait_seconds: float | None = None) -> bool:
    """Finish background work and close the store (persists its clock). With
    ``wait_seconds``, False when work was still running then: the store is left to it."""
    if not state.tasks.shutdown(wait_seconds=wait_seconds):
        log.warning(
            "background work still running %.0f s after the window closed "
            "(a shared folder not answering?); ending without it and %d queued operations",
            wait_seconds or 0,
            state.tasks.not_started,
        )
        return False
    store = state.tasks.store
    state.tasks.store = None
    if store is not None:
        try:
            store.close()
        except Exception:  # noqa: BLE001 - closing must not turn an exit into a crash
            log.exception("closing the store failed")
        else:  # the clock floor is in the store now: remember how far it got (0518)
            from libtrainer.gui.store_progress import remember_at_close  # noqa: PLC0415

            remember_at_close(state, store.identity.clock.last)
    operations.install(None)
    return True


def start(
    app: QApplication,
    data_dir: Path,
    settings: GuiSettings,
    argv: list[str],
    *,
    log_path: Path | None = None,
    passphrase: str | None = None,
) -> AppState:
    """State, language, appearance, then the window (what :func:`run` and bench/gui.py do).
    Checking the store starts first of all, so it runs while everything else is set up.

    The log goes to the folder actually used (the one remembered from the first run, say),
    not to the one the command line pointed at; ``log_path`` is only the caller's guess."""
    folder = choose_data_dir(data_dir, settings, argv)
    checking = has_store(folder)
    from libtrainer.gui import kept_appearance  # noqa: PLC0415 - json only

    # the wizard will show: its search for records already here starts now, on a thread
    search = kept_appearance.search_at_start(settings, folder, store_there=checking)
    log_path = follow_log(folder) or log_path
    state = make_state(folder, settings, log_path, check=checking, passphrase=passphrase)
    if search is not None:
        import libtrainer.gui.firstrun  # noqa: F401, PLC0415 - loaded while the search runs
    # a fresh profile (0518): the appearance kept with the records, before the first window
    found = kept_appearance.at_start(settings, folder, store_there=checking, search=search)
    appearance.apply_language(app, choose_language(settings, argv))
    appearance.apply_appearance(
        app, high_contrast=settings.high_contrast, font_points=settings.font_points
    )
    launch(state, passphrase=passphrase, checking=checking, found=found)
    return state


def run(ctx: Any) -> int:
    """Open the app window for the data folder of ``ctx`` (a ``cli.context.Context``)."""
    argv = sys.argv[1:]
    app = ensure_app()
    passphrase = ctx.passphrase() if getattr(ctx, "passphrase_file", None) else None
    state = start(
        app,
        Path(ctx.data_dir),
        GuiSettings(),
        argv,
        log_path=getattr(ctx, "log_path", None),
        passphrase=passphrase,
    )
    code = 1
    try:
        code = int(app.exec())
    except BaseException as exc:
        from libtrainer.domain.errors import stack_without_data  # noqa: PLC0415 - rare

        log.error("the event loop ended with an error: %s", stack_without_data(exc))
        raise
    finally:
        if not shutdown(state, wait_seconds=EXIT_WAIT_SECONDS):
            # A worker is blocked in the operating system (a dead network share). Python would
            # wait for it at exit; the window is gone, so end the process now.
            logging.shutdown()
            os._exit(code)
    return code
