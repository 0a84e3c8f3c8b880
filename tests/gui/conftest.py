"""Fixtures of the GUI tests (pytest-qt, Qt's offscreen platform: no display needed).

One ``QApplication`` serves the whole test run (the session fixture ``qapp`` below replaces
pytest-qt's): Qt allows a single application object per process, and destroying and creating
it again between tests is slow and crashes some Qt builds. It is created before any widget.
Each test gets its own settings file, data folder, task manager (worker threads) and window;
all of them are closed and shut down when the test ends, so no widget, thread or open store
leaks into the next test (tests run in random order).

Flows are driven through the widgets; services are only used here to prepare data.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from PySide6.QtWidgets import QApplication, QWidget

from libtrainer.services import accounts, groups, org, participants, programmes, sessions
from libtrainer.services import settings as device_settings
from libtrainer.store.store import Store
from tests.conftest import make_store

from libtrainer.gui import app as gui_app
from libtrainer.gui import appearance, crashes
from libtrainer.gui.settings import GuiSettings
from libtrainer.gui.state import AppState

PASSWORD = "slaptažodis-1"
WAIT_MS = 15_000


@pytest.fixture(scope="session")
def qapp() -> QApplication:
    """The one QApplication of the test run (see the module docstring)."""
    return gui_app.ensure_app(["libtrainer-tests"])


@pytest.fixture(autouse=True)
def no_hidden_errors() -> Iterator[None]:
    """Fail a test in which the window's error hooks (``gui.crashes``) took an error, as
    pytest-qt would have failed it; tests of the hooks take their errors themselves."""
    crashes.take_caught()
    yield
    assert crashes.take_caught() == 0, "an unexpected error was logged (see the log)"


@dataclass
class BranchData:
    data_dir: Path
    group_id: str
    session_id: str
    people: dict[str, str]  # "Šarūnas Žemaitis" -> id


def fill_branch(store: Store) -> BranchData:
    """An admin 'ruta', a lecturer 'jonas', a programme, a group with three people and a
    session today, an e-scout."""
    with store.uow() as uow:
        accounts.create_account(
            uow,
            login="ruta",
            password=PASSWORD,
            role="admin",
            given_name="Rūta",
            family_name="Žukauskienė",
        )
    with store.uow() as uow:
        accounts.create_account(
            uow,
            login="jonas",
            password=PASSWORD,
            role="lecturer",
            given_name="Jonas",
            family_name="Lektorius",
        )
    with store.uow() as uow:
        prog = programmes.create_programme(
            uow,
            8,
            title_lt="Viešosios paslaugos internetu",
            title_lv="E-pakalpojumi",
            title_en="Public e-services",
        ).first("programme")
    with store.uow() as uow:
        group = groups.create_group(uow, prog, "Senjorų grupė", start_date=dt.date.today()).first(
            "training_group"
        )
    people = {}
    for given, family, year in (
        ("Šarūnas", "Žemaitis", 1957),
        ("Ona", "Čepienė", 1950),
        ("Jonas", "Cukras", 1961),
    ):
        with store.uow() as uow:
            pid = participants.create_participant(uow, given, family, birth_year=year)
        people[f"{given} {family}"] = pid.first("participant")
    with store.uow() as uow:
        groups.enrol(uow, group, list(people.values()))
    with store.uow() as uow:
        session = sessions.plan_session(
            uow, dt.date.today(), 2, group_id=group, start_time=dt.time(10, 0)
        ).first("training_session")
    with store.uow() as uow:
        org.add_volunteer(uow, "Gabija", "Petraitytė", dt.date.today().year - 19)
    return BranchData(Path(store.path).parent, group, session, people)


@pytest.fixture
def branch(tmp_path: Path) -> BranchData:
    """A closed store with branch data in ``tmp_path/data``."""
    store = make_store(tmp_path / "data")
    try:
        return fill_branch(store)
    finally:
        store.close()


@pytest.fixture
def make_state(tmp_path: Path, qapp: QApplication) -> Iterator[Callable[..., AppState]]:
    """Build app states (task manager + settings in tmp_path); shut them all down after."""
    made: list[AppState] = []

    def make(data_dir: Path) -> AppState:
        state = gui_app.make_state(data_dir, GuiSettings(tmp_path / "settings.ini"))
        made.append(state)
        return state

    yield make
    for state in made:
        for widget in (state.window, state.wizard):
            if isinstance(widget, QWidget):
                widget.close()
                widget.deleteLater()
        QApplication.processEvents()
        gui_app.shutdown(state)
    QApplication.processEvents()
    appearance.apply_language(QApplication.instance(), "en")  # type: ignore[arg-type]


def sign_in(qtbot: Any, window: Any, login: str = "ruta", password: str = PASSWORD) -> None:
    """Type the login and password into the sign-in panel and press Enter."""
    panel = window.sign_in
    qtbot.waitUntil(lambda: window.sign_in_ready, timeout=WAIT_MS)
    panel.login.setText(login)
    panel.password.setText(password)
    qtbot.keyClick(panel.password, "\r")


def open_window(data_dir: Path, make_state: Any, qtbot: Any, login: str = "ruta") -> Any:
    """The main window on the store in ``data_dir``, signed in as ``login``."""
    win = gui_app.launch(make_state(data_dir))
    sign_in(qtbot, win, login)
    qtbot.waitUntil(lambda: win.workspace is not None, timeout=WAIT_MS)
    return win


def open_sync_screen(data_dir: Path, make_state: Any, qtbot: Any, login: str = "ruta") -> Any:
    """The Sync screen of a signed-in window, its status read and no work left running."""
    win = open_window(data_dir, make_state, qtbot, login)
    screen = win.go("sync")
    qtbot.waitUntil(lambda: screen.status is not None, timeout=WAIT_MS)
    idle(qtbot, win)
    return screen


def add_account(store: Store, login: str = "ruta", role: str = "admin") -> None:
    """A staff account (password ``PASSWORD``) on a store the tests prepared."""
    with store.uow() as uow:
        accounts.create_account(
            uow,
            login=login,
            password=PASSWORD,
            role=role,
            given_name="Rūta",
            family_name="Žukauskienė",
        )


@pytest.fixture
def window(branch: BranchData, make_state: Callable[..., AppState], qtbot: Any) -> Any:
    """The main window on the branch store, signed in as the administrator."""
    win = open_window(branch.data_dir, make_state, qtbot)
    win.branch = branch
    return win


def open_store(data_dir: Path) -> Store:
    """Open a store the tests prepared (to check what the GUI wrote)."""
    from libtrainer.services import storefile

    return storefile.open_store(data_dir)


def set_share(data_dir: Path, share: str) -> None:
    store = open_store(data_dir)
    try:
        with store.uow() as uow:
            device_settings.save(uow, share_path=share)
    finally:
        store.close()


def idle(qtbot: Any, window: Any) -> None:
    """Wait until no background operation is running."""
    qtbot.waitUntil(lambda: not window.state.tasks.busy, timeout=WAIT_MS)
