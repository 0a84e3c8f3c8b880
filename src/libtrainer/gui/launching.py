"""What the app shows first: the main window on a store, the first-run wizard, or — when the
records folder this computer used before is gone — a warning that says so.

The wizard can also open a store that is already there (found in the usual places, or in the
folder typed on its folder page): the folder is remembered with its restart-check marker and
the main window opens on it, with sign-in — and the recovery code when the keyring lost the
key (0008). See docs/decisions/0518. Thread rule: GUI thread only.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QWidget

from libtrainer.gui import kept_appearance, persistence
from libtrainer.gui.state import AppState

if TYPE_CHECKING:
    from libtrainer.services.storefind import FoundStore


def records_missing(state: AppState) -> bool:
    """The folder this computer's settings remember holds no store any more (vanished, an
    unplugged drive, a restore): the wizard would start a new, empty store there."""
    from libtrainer.gui.app import has_store  # noqa: PLC0415 - app imports this module

    remembered = state.settings.data_dir
    if not remembered or has_store(state.data_dir):
        return False
    return os.path.normcase(os.path.abspath(remembered)) == os.path.normcase(
        os.path.abspath(state.data_dir)
    )


def remember_opened(state: AppState) -> None:
    """The window opened the store in ``state.data_dir``: when the settings name no folder yet
    (a store made by ``libtrainer init`` or opened with ``--data-dir``), remember this one, so
    that :func:`records_missing` says so when it vanishes instead of offering the wizard."""
    settings = state.settings
    if settings.data_dir:
        return
    settings.data_dir = str(state.data_dir)
    settings.sync()


def use_folder(state: AppState, folder: Path) -> None:
    """From now on the app uses the store in ``folder``: the settings remember it and its
    restart-check marker (when the folder has one), and the log goes there. The appearance
    kept with the records (language, contrast, text size) fills in what this profile lacks."""
    from libtrainer.gui.app import follow_log  # noqa: PLC0415

    settings = state.settings
    state.data_dir = folder
    settings.data_dir = str(folder)
    marker = persistence.read_marker(folder)
    settings.marker_path = marker.path if marker is not None else None
    settings.marker_written = marker.token if marker is not None else None
    state.persistence = (
        persistence.check_marker(marker.path, marker.token) if marker is not None else "none"
    )
    settings.persistence_confirmed = state.persistence == "confirmed"
    settings.sync()
    state.log_path = follow_log(folder)
    from libtrainer.services import store_appearance  # noqa: PLC0415

    if kept_appearance.adopt(settings, store_appearance.read(folder)):  # a fresh profile
        kept_appearance.apply_adopted(settings)


def show_window(state: AppState, *, passphrase: str | None, checking: bool) -> QWidget:
    """The main window on the store in ``state.data_dir`` (checking it first unless the
    caller already started that)."""
    from libtrainer.gui.app import check_store  # noqa: PLC0415
    from libtrainer.gui.mainwindow import MainWindow  # noqa: PLC0415

    if not checking:
        check_store(state, passphrase)
    window = MainWindow(state, checking=True)
    state.window = window
    window.show()
    return window


def open_instead(state: AppState, shown: QWidget, folder: Path, passphrase: str | None) -> None:
    """Leave ``shown`` (the wizard or the missing-folder page) for the store in ``folder``."""
    use_folder(state, folder)
    show_window(state, passphrase=passphrase, checking=False)
    shown.close()


def show_wizard(
    state: AppState,
    *,
    passphrase: str | None,
    keyring_available: bool | None,
    found: list[FoundStore] | None = None,
) -> QWidget:
    """The first-run wizard: a new store, or one already there opened (``found``: the
    records already on this computer, when searched for already; else the wizard looks)."""
    from libtrainer.gui.firstrun import FirstRunWizard  # noqa: PLC0415
    from libtrainer.gui.mainwindow import MainWindow  # noqa: PLC0415

    wizard = FirstRunWizard(state, keyring_available=keyring_available, found=found)

    def completed(user: Any) -> None:
        joining = wizard.answers().joining
        window = MainWindow(state)
        state.window = window
        window.show()

        def signed_in() -> None:
            # shown after sign-in, kept once written down (gui.recovery_owed)
            window.owed_code.made, wizard.recovery_code = wizard.recovery_code, None
            window.signed_in(user)
            sync = window.go("sync") if joining else None
            if sync is not None:  # the enrolment hook: ask the coordinator at once
                sync.request_enrolment()  # type: ignore[attr-defined]

        window.load_device(then=signed_in)

    wizard.completed.connect(completed)
    wizard.open_found.connect(lambda folder: open_instead(state, wizard, folder, passphrase))
    state.wizard = wizard
    wizard.show()
    return wizard


def show_missing(
    state: AppState, *, passphrase: str | None, keyring_available: bool | None
) -> QWidget:
    """The remembered records folder is gone: say so; look again, choose it, or — only
    deliberately — start the wizard for a new, empty store."""
    from libtrainer.gui.store_missing import StoreMissingPage  # noqa: PLC0415

    page = StoreMissingPage(state.data_dir)

    def start_new() -> None:
        show_wizard(state, passphrase=passphrase, keyring_available=keyring_available)
        page.close()

    page.found.connect(lambda folder: open_instead(state, page, folder, passphrase))
    page.start_new.connect(start_new)
    state.wizard = page
    page.show()
    return page
