"""Starting the app: ``libtrainer`` without a command calls :func:`run`.

Order matters for a fast start: Qt, settings and language first, then the window (or the
first-run wizard) is shown, and only then is the store opened — on the worker thread, while
the sign-in panel is already on screen. The core (SQLAlchemy, the store) is imported there too.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from libtrainer.i18n import ENV_LANG, get_language, normalise
from libtrainer.paths import ENV_DATA_DIR
from libtrainer.paths import data_dir as default_data_dir

from libtrainer.gui import appearance, operations, qtfix
from libtrainer.gui.settings import GuiSettings
from libtrainer.gui.state import AppState

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


def choose_language(settings: GuiSettings, argv: list[str]) -> str:
    """--lang or LIBTRAINER_LANG (already applied by the CLI), else the saved choice."""
    explicit = any(a == "--lang" or a.startswith("--lang=") for a in argv) or os.environ.get(
        ENV_LANG
    )
    if explicit:
        return get_language()
    return normalise(settings.language) or get_language()


def choose_data_dir(given: Path, settings: GuiSettings, argv: list[str]) -> Path:
    """--data-dir / LIBTRAINER_DATA_DIR win; else the folder chosen at first run; else default."""
    explicit = any(a == "--data-dir" or a.startswith("--data-dir=") for a in argv) or (
        os.environ.get(ENV_DATA_DIR)
    )
    if not explicit and settings.data_dir and given == default_data_dir(None):
        return Path(settings.data_dir)
    return given


def has_store(folder: Path) -> bool:
    return all((folder / name).is_file() for name in STORE_FILES)


def make_state(data_dir: Path, settings: GuiSettings, log_path: Path | None = None) -> AppState:
    """Task manager + shared state, with the restart check of the data folder done."""
    from libtrainer.gui import persistence  # noqa: PLC0415

    tasks = operations.TaskManager()
    operations.install(tasks)
    state = AppState(data_dir, settings, tasks, log_path)
    state.persistence = persistence.check_marker(settings.marker_path, settings.marker_written)
    if state.persistence == "confirmed":
        settings.persistence_confirmed = True
    return state


def launch(
    state: AppState, *, passphrase: str | None = None, keyring_available: bool | None = None
) -> QWidget:
    """Show the first-run wizard (no store yet) or the main window; returns what is shown."""
    from libtrainer.gui.mainwindow import MainWindow  # noqa: PLC0415

    if not has_store(state.data_dir):
        from libtrainer.gui.firstrun import FirstRunWizard  # noqa: PLC0415

        wizard = FirstRunWizard(state, keyring_available=keyring_available)

        def completed(user: Any) -> None:
            joining = wizard.answers().joining
            window = MainWindow(state)
            state.window = window
            window.show()

            def signed_in() -> None:
                window.signed_in(user)
                sync = window.go("sync") if joining else None
                if sync is not None:  # the enrolment hook: ask the coordinator at once
                    sync.request_enrolment()

            window.load_device(then=signed_in)

        wizard.completed.connect(completed)
        state.wizard = wizard
        wizard.show()
        return wizard
    window = MainWindow(state)
    state.window = window
    window.show()
    # Open the store once the window has painted: the worker's imports then do not compete
    # with building the first frame.
    QTimer.singleShot(0, lambda: window.start(passphrase=passphrase))
    return window


def shutdown(state: AppState) -> None:
    """Finish background work and close the store (persists its clock)."""
    state.tasks.shutdown()
    store = state.tasks.store
    state.tasks.store = None
    if store is not None:
        try:
            store.close()
        except Exception:  # noqa: BLE001 - closing must not turn an exit into a crash
            log.exception("closing the store failed")
    operations.install(None)


def run(ctx: Any) -> int:
    """Open the app window for the data folder of ``ctx`` (a ``cli.context.Context``)."""
    argv = sys.argv[1:]
    app = ensure_app()
    settings = GuiSettings()
    appearance.apply_language(app, choose_language(settings, argv))
    appearance.apply_appearance(
        app, high_contrast=settings.high_contrast, font_points=settings.font_points
    )
    state = make_state(
        choose_data_dir(Path(ctx.data_dir), settings, argv),
        settings,
        getattr(ctx, "log_path", None),
    )
    passphrase = ctx.passphrase() if getattr(ctx, "passphrase_file", None) else None
    launch(state, passphrase=passphrase)
    try:
        return int(app.exec())
    finally:
        shutdown(state)
