"""Start-up on a store locked with a passphrase: Sign in pressed before the start-up check
finished is never left on "Signing in…", and signing in never loads the keyring (0527)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest

from tests.gui.conftest import PASSWORD, WAIT_MS

from libtrainer.gui import app as gui_app
from libtrainer.gui import opening

ROOT = Path(__file__).resolve().parents[2]
PHRASE = "Bibliotēkas frāze 2026"


def _passphrase_store(folder: Path) -> Path:
    """An initialised store locked with :data:`PHRASE`, with the administrator "ruta"."""
    from libtrainer.services import accounts, setup, storefile

    store = storefile.create(folder, passphrase=PHRASE)
    try:
        setup.initialise(
            store,
            region="Zemgale",
            library="Jelgavas novada bibliotēka",
            branch="Elejas bibliotēka",
            device_name="Lasītava PC-1",
            role="branch",
        )
        with store.uow() as uow:
            accounts.create_account(
                uow,
                login="ruta",
                password=PASSWORD,
                role="admin",
                given_name="Rūta",
                family_name="Žukauskienė",
            )
    finally:
        store.close()
    return folder


@pytest.fixture
def held_check(monkeypatch: pytest.MonkeyPatch) -> Any:
    """The start-up check of the store waits on the worker until the test lets it go."""
    started, gate = threading.Event(), threading.Event()
    real = opening.check_store

    def slow(data_dir: Path, passphrase: str | None = None) -> Any:
        started.set()
        gate.wait(WAIT_MS / 1000)
        return real(data_dir, passphrase)

    monkeypatch.setattr(opening, "check_store", slow)
    try:
        yield started, gate
    finally:
        gate.set()


def _press_sign_in(win: Any) -> None:
    win.sign_in.login.setText("ruta")
    win.sign_in.password.setText(PASSWORD)
    win.sign_in.button.click()


def test_sign_in_pressed_during_the_check_asks_for_the_passphrase_then_works(
    tmp_path: Path, make_state: Any, qtbot: Any, held_check: Any
) -> None:
    """Sign in pressed while the check still runs: once it finds a passphrase is needed the
    panel asks for it (not stuck on "Signing in…"); with it typed, signing in completes."""
    started, gate = held_check
    win: Any = gui_app.launch(make_state(_passphrase_store(tmp_path / "pp")))
    qtbot.waitUntil(started.is_set, timeout=WAIT_MS)
    _press_sign_in(win)
    assert win.sign_in.busy
    gate.set()
    qtbot.waitUntil(lambda: not win.sign_in.busy, timeout=WAIT_MS)
    assert win.sign_in.passphrase.isVisibleTo(win)
    assert "Passphrase of the records" in win.sign_in.message.text()
    assert win.sign_in.password.text() == PASSWORD  # kept: only the passphrase is missing
    win.sign_in.passphrase.setText(PHRASE)
    win.sign_in.button.click()
    qtbot.waitUntil(lambda: win.workspace is not None, timeout=WAIT_MS)


def test_sign_in_pressed_during_the_check_with_the_passphrase_given_waits_for_it(
    tmp_path: Path, make_state: Any, qtbot: Any, held_check: Any
) -> None:
    """With the passphrase given at start (--passphrase-file), Sign in pressed during the
    check is queued and completes once the check is done."""
    started, gate = held_check
    folder = _passphrase_store(tmp_path / "pp")
    win: Any = gui_app.launch(make_state(folder), passphrase=PHRASE)
    qtbot.waitUntil(started.is_set, timeout=WAIT_MS)
    _press_sign_in(win)
    gate.set()
    qtbot.waitUntil(lambda: win.workspace is not None, timeout=WAIT_MS)
    assert not win.sign_in.passphrase.isVisibleTo(win)


def test_an_empty_passphrase_asks_for_it_instead_of_an_error(
    tmp_path: Path, make_state: Any, qtbot: Any
) -> None:
    """Sign in with the passphrase field left empty says to type it; the panel is ready."""
    win: Any = gui_app.launch(make_state(_passphrase_store(tmp_path / "pp")))
    qtbot.waitUntil(lambda: win.sign_in.passphrase.isVisibleTo(win), timeout=WAIT_MS)
    _press_sign_in(win)
    qtbot.waitUntil(lambda: not win.sign_in.busy, timeout=WAIT_MS)
    assert "Passphrase of the records" in win.sign_in.message.text()
    assert not win.state.store_open


SIGN_IN = """
import json, sys
from pathlib import Path
from PySide6.QtCore import QTimer
from libtrainer.gui import app as gui_app
from libtrainer.gui.settings import GuiSettings
qt = gui_app.ensure_app(["t"])
state = gui_app.start(qt, Path(sys.argv[1]), GuiSettings(Path(sys.argv[2])), [],
                      passphrase=sys.argv[3])
pressed = []
def step():
    window = state.window
    if not pressed and window.sign_in_ready:
        pressed.append(1)
        window.sign_in.login.setText("ruta")
        window.sign_in.password.setText(sys.argv[4])
        window.sign_in.button.click()
    elif pressed and window.workspace is not None and not state.tasks.busy:
        watched = ("keyring", "libtrainer.sync.keys", "http.client", "urllib.request")
        print(json.dumps({"loaded": [m for m in watched if m in sys.modules],
                          "screen": window.current_screen() is not None}))
        qt.quit()
timer = QTimer()
timer.timeout.connect(step)
timer.start(20)
qt.exec()
gui_app.shutdown(state)
"""


def test_signing_in_to_a_passphrase_store_does_not_load_the_keyring(tmp_path: Path) -> None:
    """A fresh process signs in to a passphrase store (and settles) without importing the
    keyring or the http modules it pulls in: no keyring probe, nothing extra to load."""
    folder = _passphrase_store(tmp_path / "pp")
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        PYTHONPATH=str(ROOT / "src"),
        PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring",  # never the real one
    )
    out = subprocess.run(
        [sys.executable, "-c", SIGN_IN, str(folder), str(tmp_path / "s.ini"), PHRASE, PASSWORD],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert json.loads(out.stdout.strip().splitlines()[-1]) == {"loaded": [], "screen": True}
